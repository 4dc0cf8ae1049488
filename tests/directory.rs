//! The directory of services: Open Referral UK import (all or nothing, never over
//! staff's edits), the pages and listings it builds, the export validated against
//! the profile's schemas, and the round trip.
//!
//! The directory here is made up: example.org addresses, 01632 960xxx telephone
//! numbers (Ofcom's drama range) and ZZ99 postcodes.

mod common;

use std::path::{Path, PathBuf};

use common::{TestSite, stderr};
use predicates::str::contains;
use serde_json::{Value, json};

/// Unchanged copies of the Open Referral UK 3.0 schemas, API description and
/// examples (CC BY-SA 4.0, Open Referral; see its README.md).
const STANDARD: &str = "tests/fixtures/openreferral-uk";

fn standard(file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(STANDARD)
        .join(file)
}

const CATEGORIES: [&str; 4] = [
    "Short breaks",
    "Leisure and activities",
    "Advice and support",
    "Education",
];

/// A made-up service number `n`, in Open Referral UK 3.0 JSON.
fn made_up_service(n: usize) -> Value {
    let min = (n % 4) * 5;
    json!({
        "id": format!("00000000-0000-4000-8000-{n:012}"),
        "name": format!("Made-up service {n:03}"),
        "description": format!("A made-up service for tests, number {n}. It does not exist."),
        "status": if n % 50 == 7 { "temporarily closed" } else { "active" },
        "url": format!("https://example.org/services/{n}"),
        "email": format!("service{n}@example.org"),
        "minimum_age": min,
        "maximum_age": min + 6,
        "organization": {
            "id": format!("00000000-0000-4000-9000-{:012}", n % 5),
            "name": format!("Made-up organisation {}", n % 5),
            "description": "A made-up organisation for tests.",
            "website": "https://example.org",
        },
        "contacts": [{
            "id": format!("00000000-0000-4000-a000-{n:012}"),
            "name": "Bookings team",
            "phones": [{ "id": format!("00000000-0000-4000-b000-{n:012}"), "number": format!("01632 960{:03}", n % 1000) }],
            "email": "bookings@example.org",
        }],
        "service_at_locations": [{
            "id": format!("00000000-0000-4000-c000-{n:012}"),
            "location": {
                "id": format!("00000000-0000-4000-d000-{n:012}"),
                "location_type": "physical",
                "name": "Example Centre",
                "addresses": [{
                    "id": format!("00000000-0000-4000-e000-{n:012}"),
                    "address_1": format!("{n} Example Road"),
                    "city": "Exampletown",
                    "state_province": "",
                    "postal_code": format!("ZZ99 {}AA", n % 10),
                    "country": "GB",
                    "address_type": "physical",
                }],
            },
        }],
        "schedules": [{
            "id": format!("00000000-0000-4000-f000-{n:012}"),
            "freq": "WEEKLY",
            "byday": if n.is_multiple_of(2) { "SA" } else { "MO,TU,WE,TH,FR" },
            "opens_at": "10:00:00",
            "closes_at": "12:30:00",
        }],
        "cost_options": if n.is_multiple_of(3) {
            json!([{ "id": format!("00000000-0000-4000-8100-{n:012}"), "option": "Free", "amount": 0 }])
        } else {
            json!([{ "id": format!("00000000-0000-4000-8100-{n:012}"), "amount": 4.5, "amount_description": "per session" }])
        },
        "attributes": [{
            "id": format!("00000000-0000-4000-8200-{n:012}"),
            "taxonomy_term": {
                "id": format!("00000000-0000-4000-8300-{:012}", n % 4),
                "name": CATEGORIES[n % 4],
                "description": CATEGORIES[n % 4],
                "taxonomy": "localoffer-category",
            },
        }],
    })
}

/// A page of `count` made-up services, as `GET /services` answers.
fn made_up_page(count: usize) -> Value {
    let contents: Vec<Value> = (1..=count).map(made_up_service).collect();
    json!({
        "total_items": count, "total_pages": 1, "page_number": 1, "size": count,
        "first_page": true, "last_page": true, "empty": count == 0,
        "contents": contents,
    })
}

fn write_json(site: &TestSite, name: &str, value: &Value) -> PathBuf {
    let path = site.path().join(name);
    std::fs::write(&path, serde_json::to_vec_pretty(value).unwrap()).unwrap();
    path
}

fn import(site: &TestSite, input: &Path) -> assert_cmd::assert::Assert {
    site.cmd(&["import", "openreferral"]).arg(input).assert()
}

/// The files under `content/services/` and `content/organisations/`, with their text.
fn directory_files(root: &Path) -> Vec<(String, String)> {
    let mut files = Vec::new();
    for folder in ["services", "organisations"] {
        let Ok(entries) = std::fs::read_dir(root.join("content").join(folder)) else {
            continue;
        };
        for e in entries.flatten() {
            let name = format!("{folder}/{}", e.file_name().to_string_lossy());
            files.push((name, std::fs::read_to_string(e.path()).unwrap()));
        }
    }
    files.sort();
    files
}

/// Validates each JSON file (a service, or a page of them) against `schema` with
/// Python's `jsonschema` (scripts/test installs it), and returns the problems.
fn schema_problems(schema: &Path, files: &[PathBuf]) -> Vec<String> {
    let script = r#"
import json, sys
from jsonschema import Draft202012Validator, FormatChecker
v = Draft202012Validator(json.load(open(sys.argv[1])), format_checker=FormatChecker())
for f in sys.argv[2:]:
    doc = json.load(open(f))
    items = doc["contents"] if isinstance(doc, dict) and "contents" in doc else [doc]
    for i, item in enumerate(items):
        for e in v.iter_errors(item):
            print(f"{f}: /{i}/{'/'.join(map(str, e.path))}: {e.message}")
"#;
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(schema)
        .args(files)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "the schema check could not run (install Debian's python3-jsonschema; scripts/test does): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn a_made_up_directory_imports_and_builds_pages_listings_and_filters() {
    let site = TestSite::fixture("small");
    let input = write_json(&site, "services.json", &made_up_page(300));
    import(&site, &input)
        .success()
        .stderr(contains("Imported 300 service(s) and 5 organisation(s)"));
    site.build().success();
    let home = site.public("services/index.html");
    assert!(home.contains("See all 300 services A to Z"), "{home}");
    assert!(
        home.contains(r#"<a href="/services/category/short-breaks/">Short breaks</a> <span class="meta">(75)</span>"#),
        "{home}"
    );
    assert!(home.contains(r#"href="/services/age/5-10/""#));
    assert!(home.contains(r#"href="/services/need/cognition-and-learning/""#));
    // 300 services, 20 a page: 15 pages A to Z, each reachable by a link.
    let all = site.public("services/all/index.html");
    assert!(all.contains(r#"href="/services/all/page/15/""#), "{all}");
    assert!(site.has_public("services/all/page/15/index.html"));
    assert!(!site.has_public("services/all/page/16/index.html"));
    let short = site.public("services/category/short-breaks/page/2/index.html");
    assert!(
        short.contains("Short breaks services (page 2 of 4)"),
        "{short}"
    );
    // Ages 0 to 6 are in the under-5 band, 15 to 21 are not.
    let under5 = site.public("services/age/0-4/index.html");
    assert!(under5.contains("Made-up service 004"), "{under5}");
    assert!(!under5.contains("Made-up service 003<"), "{under5}");

    let page = site.public("services/made-up-service-001/index.html");
    for expected in [
        r#"<a href="tel:+441632960001">01632 960001</a>"#,
        r#"<a href="mailto:bookings@example.org">bookings@example.org</a>"#,
        "Monday to Friday, 10am to 12:30pm",
        "ZZ99 1AA",
        "£4.50 per session",
        "Ages 5 to 11",
        r#"Run by <a href="/organisations/made-up-organisation-1/">Made-up organisation 1</a>"#,
        r#""@type":"Service""#,
    ] {
        assert!(page.contains(expected), "no {expected} in {page}");
    }
    let closed = site.public("services/made-up-service-007/index.html");
    assert!(closed.contains("Temporarily closed"), "{closed}");
    let org = site.public("organisations/made-up-organisation-1/index.html");
    assert!(org.contains("Made-up service 001"), "{org}");
}

#[test]
fn the_export_validates_against_the_open_referral_uk_schemas() {
    let site = TestSite::fixture("small");
    let input = write_json(&site, "services.json", &made_up_page(40));
    import(&site, &input).success();
    site.build().success();
    let folder = site.path().join("public/openreferral/services");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 40);
    files.push(site.path().join("public/openreferral/services.json"));
    let problems = schema_problems(&standard("service.schema.json"), &files);
    assert!(problems.is_empty(), "{problems:#?}");
    let list = schema_problems(
        &standard("service_list.schema.json"),
        &[site.path().join("public/openreferral/services.json")],
    );
    assert!(list.is_empty(), "{list:#?}");
    // The validator does catch a broken service.
    let broken = write_json(&site, "broken.json", &json!({ "id": "x", "name": 3 }));
    assert!(!schema_problems(&standard("service.schema.json"), &[broken]).is_empty());
}

#[test]
fn export_then_import_gives_back_the_same_content_files() {
    let site = TestSite::fixture("small");
    let input = write_json(&site, "services.json", &made_up_page(25));
    import(&site, &input).success();
    let imported = directory_files(site.path());
    site.build().success();
    let again = TestSite::fixture("small");
    import(
        &again,
        &site.path().join("public/openreferral/services.json"),
    )
    .success();
    assert_eq!(directory_files(again.path()), imported);
}

#[test]
fn the_profiles_own_example_imports_and_builds() {
    let site = TestSite::fixture("small");
    import(&site, &standard("service.example.json")).success();
    let files = directory_files(site.path());
    let service = &files
        .iter()
        .find(|(n, _)| n == "services/community-counselling.md")
        .expect("the example's service")
        .1;
    assert!(
        service.contains("id: ac148810-d857-441c-9679-408f346de14b"),
        "{service}"
    );
    assert!(service.contains("covers: per 1 hour session"), "{service}");
    assert!(
        files
            .iter()
            .any(|(n, _)| n == "organisations/example-organization-inc.md")
    );
    site.build().success();
    let page = site.public("services/community-counselling/index.html");
    assert!(page.contains("Thursday and Friday, 10am to 6pm"), "{page}");
}

#[test]
fn importing_twice_changes_nothing_and_staff_edits_are_kept_unless_forced() {
    let site = TestSite::fixture("small");
    let input = write_json(&site, "services.json", &made_up_page(3));
    import(&site, &input).success();
    import(&site, &input).success().stderr(contains(
        "0 file(s) written, 6 already up to date, 0 skipped",
    ));
    let edited = site.path().join("content/services/made-up-service-002.md");
    let text = std::fs::read_to_string(&edited).unwrap() + "\nA note staff added.\n";
    std::fs::write(&edited, &text).unwrap();
    import(&site, &input).success().stderr(contains(
        "skipped content/services/made-up-service-002.md: it was edited since the last import",
    ));
    assert_eq!(std::fs::read_to_string(&edited).unwrap(), text);
    site.cmd(&["import", "openreferral", "--force"])
        .arg(&input)
        .assert()
        .success();
    assert!(
        !std::fs::read_to_string(&edited)
            .unwrap()
            .contains("A note staff added")
    );
}

#[test]
fn hostile_input_is_refused_with_every_problem_and_nothing_written() {
    let site = TestSite::fixture("small");
    let mut bad = made_up_page(4);
    bad["contents"][0]["minimum_age"] = json!("twelve");
    bad["contents"][1]["status"] = json!("open");
    bad["contents"][2].as_object_mut().unwrap().remove("id");
    bad["contents"][3]["maximum_age"] = json!(1);
    bad["contents"][3]["minimum_age"] = json!(10);
    let input = write_json(&site, "bad.json", &bad);
    let out = import(&site, &input).code(1);
    let err = stderr(&out);
    for expected in [
        r#"bad.json: /contents/0/minimum_age: expected a number, found "twelve""#,
        r#"/contents/1/status: unknown status "open""#,
        "/contents/2/id: a service needs an id",
        "/contents/3/minimum_age: minimum_age 10 is above maximum_age 1",
        "4 problem(s) in the input; nothing was written",
    ] {
        assert!(err.contains(expected), "no {expected} in {err}");
    }
    assert!(directory_files(site.path()).is_empty());

    for (name, text, expected) in [
        ("not.json", "{ not json", "not JSON"),
        (
            "number.json",
            "42",
            "expected a service, a page of services or a list of them, found 42",
        ),
        (
            "noname.json",
            r#"{"id": "00000000-0000-4000-8000-000000000001"}"#,
            "/name: a service needs a name",
        ),
        (
            "badid.json",
            r#"{"id": "service-1", "name": "A"}"#,
            r#"/id: expected a UUID, found "service-1""#,
        ),
        (
            "list.json",
            r#"{"contents": {"id": 1}}"#,
            "/contents: expected a list of services, found an object",
        ),
        (
            "twice.json",
            &serde_json::to_string(&json!([made_up_service(1), made_up_service(1)])).unwrap(),
            "/1/id: the id 00000000-0000-4000-8000-000000000001 is also the id of",
        ),
    ] {
        std::fs::write(site.path().join(name), text).unwrap();
        let out = import(&site, &site.path().join(name)).code(1);
        let err = stderr(&out);
        assert!(err.contains(expected), "{name}: no {expected} in {err}");
        assert!(
            directory_files(site.path()).is_empty(),
            "{name} wrote files"
        );
    }
}

#[test]
fn front_matter_mistakes_in_a_service_are_errors_at_their_line_with_the_nearest_value() {
    let site = TestSite::fixture("small");
    site.write(
        "content/services/swimming.md",
        "---\nid: 00000000-0000-4000-8000-000000000001\ntitle: Swimming\ncategories: [Short brakes]\nneeds: [sensory and/or physical]\norganisation: nobody\nschedules:\n  - days: [funday]\n    opens: \"25:00\"\n---\nA made-up swimming club.\n",
    );
    let out = site.build().code(1);
    let err = stderr(&out);
    for expected in [
        "`Short brakes` is not a category of this site",
        "did you mean `Short breaks`?",
        "organisation `nobody` is not in content/organisations/",
        "`funday` is not a day of the week",
        "`25:00` is not a time",
        "swimming.md:4:",
    ] {
        assert!(err.contains(expected), "no {expected} in {err}");
    }
    assert!(!err.contains("is not an area of need"), "{err}");
}

/// A server over a fixture site with `count` made-up services.
fn directory_server(count: usize) -> common::Server {
    let site = TestSite::fixture("small");
    let input = write_json(&site, "services.json", &made_up_page(count));
    import(&site, &input).success();
    site.build().success();
    common::Server::start(site, &["--no-build"])
}

fn api(server: &common::Server, path: &str) -> (u16, String, Value) {
    let (status, head, body) = common::http_get(server.port, path, "");
    let value = serde_json::from_slice(&body)
        .unwrap_or_else(|e| panic!("{path}: not JSON ({e}): {}", String::from_utf8_lossy(&body)));
    (status, head, value)
}

#[test]
fn serve_answers_the_open_referral_read_api_from_the_built_files() {
    let server = directory_server(120);
    let (status, head, page) = api(&server, "/openreferral/services?per_page=50&page=3");
    assert_eq!(status, 200);
    assert!(head.contains("access-control-allow-origin: *"), "{head}");
    assert!(head.contains("content-type: application/json"), "{head}");
    assert_eq!(page["total_items"], 120);
    assert_eq!(page["total_pages"], 3);
    assert_eq!(page["page_number"], 3);
    assert_eq!(page["size"], 20);
    assert_eq!(page["last_page"], true);
    assert_eq!(page["first_page"], false);

    // Filters, as openapi.json describes them: ages within the limits given.
    let (_, _, aged) = api(
        &server,
        "/openreferral/services?minimum_age=5&maximum_age=16&per_page=200",
    );
    let ages: Vec<(u64, u64)> = aged["contents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["minimum_age"].as_u64().unwrap(),
                s["maximum_age"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(ages.len(), 60, "{ages:?}");
    assert!(
        ages.iter().all(|&(min, max)| min >= 5 && max <= 16),
        "{ages:?}"
    );
    let (_, _, saturday) = api(&server, "/openreferral/services?day=SA&per_page=200");
    assert_eq!(saturday["total_items"], 60);
    let (_, _, saturday) = api(
        &server,
        "/openreferral/services?day=saturday&search=service%20002",
    );
    assert_eq!(saturday["total_items"], 1);
    assert_eq!(saturday["contents"][0]["name"], "Made-up service 002");
    let term = made_up_term_id(&server, "short-breaks");
    let (_, _, short) = api(
        &server,
        &format!("/openreferral/services?taxonomy_term_id={term}&per_page=200"),
    );
    assert_eq!(short["total_items"], 30);
    let (_, _, taxonomy) = api(
        &server,
        "/openreferral/services?taxonomy_id=localoffer-category",
    );
    assert_eq!(taxonomy["total_items"], 120);

    let (status, _, one) = api(
        &server,
        "/openreferral/services/00000000-0000-4000-8000-000000000007",
    );
    assert_eq!(status, 200);
    assert_eq!(one["name"], "Made-up service 007");
    assert_eq!(one["status"], "temporarily closed");

    for (path, status, expected) in [
        ("/openreferral/services?page=0", 400, "page starts at 1"),
        (
            "/openreferral/services?page=two",
            400,
            "page must be a number",
        ),
        (
            "/openreferral/services?per_page=5000",
            400,
            "per_page must be 1 to 200",
        ),
        (
            "/openreferral/services?minimum_age=old",
            400,
            "minimum_age must be a number",
        ),
        (
            "/openreferral/services?day=funday",
            400,
            "day must be a day of the week",
        ),
        (
            "/openreferral/services/not-an-id",
            400,
            "is not a service id",
        ),
        (
            "/openreferral/services/00000000-0000-4000-8000-999999999999",
            404,
            "there is no service",
        ),
    ] {
        let (got, _, body) = api(&server, path);
        assert_eq!(got, status, "{path}: {body}");
        assert!(
            body["error"].as_str().unwrap().contains(expected),
            "{path}: {body}"
        );
    }
    let (status, _, about) = api(&server, "/openreferral/");
    assert_eq!(status, 200);
    assert_eq!(about["version"], "3.0");

    // Every answer has the profile's shape.
    let dir = server.site.path();
    let list = dir.join("answer-list.json");
    std::fs::write(&list, serde_json::to_vec(&page).unwrap()).unwrap();
    let single = dir.join("answer-one.json");
    std::fs::write(&single, serde_json::to_vec(&one).unwrap()).unwrap();
    let problems = schema_problems(&standard("service_list.schema.json"), &[list]);
    assert!(problems.is_empty(), "{problems:#?}");
    let problems = schema_problems(&standard("service.schema.json"), &[single]);
    assert!(problems.is_empty(), "{problems:#?}");
}

/// The id of a category's taxonomy term, as the export gives it.
/// The made-up services numbered 1 to `count` that `keep` keeps, as their pages'
/// addresses, sorted.
fn made_up_urls(count: usize, keep: impl Fn(usize) -> bool) -> Vec<String> {
    let mut urls: Vec<String> = (1..=count)
        .filter(|n| keep(*n))
        .map(|n| format!("/services/made-up-service-{n:03}/"))
        .collect();
    urls.sort();
    urls
}

/// The addresses of every result of `/api/search?<query>`, all pages of them.
fn all_results(server: &common::Server, query: &str) -> (usize, Vec<String>) {
    let mut urls = Vec::new();
    let mut total = 0;
    for page in 1.. {
        let (status, _, body) = api(server, &format!("/api/search?{query}&limit=50&page={page}"));
        assert_eq!(status, 200, "{query}: {body}");
        total = body["total"].as_u64().unwrap() as usize;
        let results = body["results"].as_array().unwrap();
        urls.extend(
            results
                .iter()
                .map(|r| r["url"].as_str().unwrap().to_owned()),
        );
        if results.is_empty() || urls.len() >= total {
            break;
        }
    }
    urls.sort();
    (total, urls)
}

/// The count of `value` in the filter `name` of a search answer.
fn facet(body: &Value, name: &str, value: &str) -> u64 {
    body["filters"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["name"] == name)
        .flat_map(|f| f["values"].as_array().unwrap())
        .find(|v| v["value"] == value)
        .map_or(0, |v| v["count"].as_u64().unwrap())
}

#[test]
fn site_search_narrows_services_by_age_category_need_day_and_cost() {
    let count = 120;
    let server = directory_server(count);
    // The made-up services: ages (n % 4) * 5 to that plus 6, on Saturdays when n
    // is even and weekdays when odd, free when n is a multiple of 3, in
    // CATEGORIES[n % 4]; none names an area of need, so each serves them all.
    let ages = |n: usize, age: usize| (n % 4) * 5 <= age && age <= (n % 4) * 5 + 6;
    let slug = |c: &str| c.to_lowercase().replace(' ', "-");

    // Filters alone list every service they match, across pages.
    let (total, urls) = all_results(&server, "age=9&day=monday&cost=free");
    let expected = made_up_urls(count, |n| ages(n, 9) && n % 2 == 1 && n % 3 == 0);
    assert_eq!(total, expected.len());
    assert_eq!(urls, expected);
    assert!(total > 0);

    // Words and filters together; a day and a need are understood as people write them.
    let (_, urls) = all_results(
        &server,
        &format!(
            "q=made-up+tests&category={}&day=Sat&need=SEMH",
            slug(CATEGORIES[2])
        ),
    );
    assert_eq!(urls, made_up_urls(count, |n| n % 4 == 2 && n % 2 == 0));

    // An age band finds every service whose ages overlap it.
    let (_, urls) = all_results(&server, "age=16-18");
    assert_eq!(urls, made_up_urls(count, |n| (16..=18).any(|a| ages(n, a))));

    // Counts: a filter's own values are counted as if it were not chosen, the
    // others within the results.
    let (_, _, one) = api(
        &server,
        &format!("/api/search?age=9&category={}", slug(CATEGORIES[1])),
    );
    let (_, _, any) = api(&server, "/api/search?age=9");
    for c in CATEGORIES {
        assert_eq!(
            facet(&one, "category", &slug(c)),
            facet(&any, "category", &slug(c)),
            "{c}"
        );
    }
    assert_eq!(
        facet(&any, "category", &slug(CATEGORIES[1])) as usize,
        made_up_urls(count, |n| ages(n, 9) && n % 4 == 1).len()
    );
    assert_eq!(
        facet(&one, "cost", "free") as usize,
        made_up_urls(count, |n| ages(n, 9) && n % 4 == 1 && n % 3 == 0).len()
    );
    assert_eq!(one["facets"]["service"], one["total"]);

    // Values it cannot take are refused, naming what it takes.
    for (query, expected) in [
        (
            "age=40",
            "age cannot be \"40\": use 0-4, 5-10, 11-15, 16-18 or 19-25, or a whole number from 0 to 25",
        ),
        (
            "category=swimming",
            "type of service cannot be \"swimming\": use education,",
        ),
        ("day=funday", "day cannot be \"funday\": use monday,"),
        ("cost=cheap", "cost cannot be \"cheap\": use free"),
    ] {
        let (status, _, body) = api(&server, &format!("/api/search?q=club&{query}"));
        assert_eq!(status, 400, "{query}");
        let error = body["error"].as_str().unwrap();
        assert!(error.contains(expected), "{query}: {error}");
    }

    // The results page works as a form without JavaScript: the filters chosen
    // are selected, counted and each can be removed.
    let (status, _, html) =
        common::http_get(server.port, "/search?q=&age=9&day=monday&cost=free", "");
    let html = String::from_utf8_lossy(&html);
    assert_eq!(status, 200);
    let expected = made_up_urls(count, |n| ages(n, 9) && n % 2 == 1 && n % 3 == 0);
    assert!(
        html.contains(&format!("{} results", expected.len())),
        "{html}"
    );
    assert!(
        html.contains("<h1>Services matching your filters</h1>"),
        "{html}"
    );
    assert!(
        html.contains(r#"name="age" type="text" inputmode="numeric" value="9""#),
        "{html}"
    );
    assert!(
        html.contains(r#"<option value="monday" selected>Monday"#),
        "{html}"
    );
    assert!(
        html.contains(r#"name="cost" value="free" checked"#),
        "{html}"
    );
    assert!(html.contains(r#"<a href="/search?q=&amp;day=monday&amp;cost=free">Remove<span class="visually-hidden"> age filter</span>"#), "{html}");
    assert!(
        html.contains(&format!(r#"href="{}""#, expected[0])),
        "{html}"
    );
    let (status, _, html) = common::http_get(server.port, "/search?q=club&age=abc", "");
    assert_eq!(status, 400);
    assert!(String::from_utf8_lossy(&html).contains("age cannot be &quot;abc&quot;"));

    // The directory's front page offers the same filters.
    let home =
        std::fs::read_to_string(server.site.path().join("public/services/index.html")).unwrap();
    assert!(
        home.contains(r#"<select id="filter-category" name="category">"#),
        "{home}"
    );
}

fn made_up_term_id(server: &common::Server, slug: &str) -> String {
    let (_, _, all) = api(
        server,
        "/openreferral/services/00000000-0000-4000-8000-000000000004",
    );
    all["attributes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["taxonomy_term"]["term"] == slug)
        .map(|a| a["taxonomy_term_id"].as_str().unwrap().to_owned())
        .unwrap_or_else(|| panic!("no term {slug} in {all}"))
}

#[test]
fn check_warns_about_entries_that_may_mislead_a_family_and_duplicate_ids_stop_the_build() {
    let site = TestSite::fixture("small");
    site.write(
        "content/services/old-club.md",
        "---\nid: 00000000-0000-4000-8000-000000000001\ntitle: Old club\nchecked: 2020-01-31\ncontacts:\n  - name: Club\n    phones: [\"1234\", \"01632 960000\", \"phone us\"]\n    email: club-at-example.org\nlocations:\n  - postcode: ZZ99ZZZ\n---\nA made-up club.\n",
    );
    site.write(
        "content/services/quiet-club.md",
        "---\nid: 00000000-0000-4000-8000-000000000002\ntitle: Quiet club\nchecked: 2099-01-01\n---\nA made-up club nobody can reach.\n",
    );
    site.write(
        "content/services/closed-club.md",
        "---\nid: 00000000-0000-4000-8000-000000000003\ntitle: Closed club\nstatus: defunct\nchecked: 2099-01-01\nwebsite: https://example.org\n---\nA made-up club that closed.\n",
    );
    site.write(
        "content/services/paused-club.md",
        "---\nid: 00000000-0000-4000-8000-000000000004\ntitle: Paused club\nstatus: inactive\nchecked: 2099-01-01\nwebsite: https://example.org\n---\nA made-up club on a break.\n",
    );
    site.write(
        "content/pages/clubs.md",
        "---\ntitle: Clubs\n---\nTry the [closed club](../services/closed-club.md), the [paused club](/services/paused-club/) or the [quiet club](../services/quiet-club.md).\n",
    );
    let out = site.cmd(&["check"]).assert().success();
    let err = String::from_utf8_lossy(&out.get_output().stdout).into_owned() + &stderr(&out);
    for expected in [
        "content/pages/clubs.md:4:9",
        "this links to \"Closed club\", which has closed (its status is defunct)",
        "this links to \"Paused club\", which is not running at the moment (its status is inactive)",
        "this entry was last checked with the service on 31 January 2020, over a year ago",
        "`phone us` is not a UK telephone number",
        "`club-at-example.org` is not an email address",
        "`ZZ99ZZZ` is not a UK postcode",
        "a family has no way to contact this service",
    ] {
        assert!(err.contains(expected), "no {expected} in {err}");
    }
    assert!(!err.contains("`01632 960000` is not"), "{err}");
    assert!(
        !err.contains("\"Quiet club\", which"),
        "it is active: {err}"
    );
    assert!(
        !err.contains("`1234` is not"),
        "a short number is allowed: {err}"
    );

    site.write(
        "content/services/copy.md",
        "---\nid: 00000000-0000-4000-8000-000000000002\ntitle: Copy\n---\nA copy.\n",
    );
    let out = site.build().code(1);
    let err = stderr(&out);
    assert!(
        err.contains(
            "the id 00000000-0000-4000-8000-000000000002 is also the id of content/services/"
        ),
        "{err}"
    );
}

#[test]
fn a_theme_made_before_the_directory_builds_sites_without_services_and_names_what_is_missing() {
    let site = TestSite::fixture("small");
    for t in [
        "services_index.html",
        "services_list.html",
        "service.html",
        "organisation.html",
    ] {
        std::fs::remove_file(site.path().join("themes/default/templates").join(t)).unwrap();
    }
    site.build().success();
    site.write(
        "content/services/club.md",
        "---\nid: 00000000-0000-4000-8000-000000000001\ntitle: Club\nwebsite: https://example.org\n---\nA made-up club.\n",
    );
    let out = site.build().code(1);
    let err = stderr(&out);
    assert!(
        err.contains("the theme `default` has no template service.html"),
        "{err}"
    );
    assert!(
        err.contains("copy it from themes/default/templates"),
        "{err}"
    );
}
