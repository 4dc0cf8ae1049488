//! `localoffer serve` over real HTTP: pages, 404s, nothing outside `public/`,
//! compression and caching headers, and a clean stop on SIGTERM.

mod common;

use std::process::Command;
use std::time::{Duration, Instant};

use common::{Server, TestSite, http_get as get};

fn start() -> Server {
    Server::start(TestSite::fixture("small"), &[])
}

fn text(body: &[u8]) -> String {
    String::from_utf8_lossy(body).into_owned()
}

#[test]
fn pages_are_served_with_caching_headers() {
    let server = start();
    let (status, head, body) = get(server.port, "/faqs/assessments/", "");
    assert_eq!(status, 200);
    assert!(head.contains("content-type: text/html"), "{head}");
    assert!(
        head.contains("cache-control: public, max-age=300"),
        "{head}"
    );
    assert!(head.contains("x-content-type-options: nosniff"), "{head}");
    assert!(text(&body).contains("How do I ask for an EHC needs assessment?"));
    let (status, _, body) = get(server.port, "/healthz", "");
    assert_eq!((status, text(&body).as_str()), (200, "ok"));
}

#[test]
fn missing_pages_get_the_themes_404_page_with_status_404() {
    let server = start();
    let (status, _, body) = get(server.port, "/no/such/page/", "");
    assert_eq!(status, 404);
    assert!(text(&body).contains("<h1>Page not found</h1>"));
}

#[test]
fn nothing_outside_public_is_served() {
    let server = start();
    for path in [
        "/../site.toml",
        "/%2e%2e/site.toml",
        "/static/../../site.toml",
        "/..%2fsite.toml",
    ] {
        let (status, _, body) = get(server.port, path, "");
        assert!(status == 404 || status == 400, "{path}: {status}");
        assert!(!text(&body).contains("base_url"), "{path} leaked site.toml");
    }
}

#[test]
fn responses_are_compressed_when_the_browser_accepts_it() {
    let server = start();
    let (status, head, _) = get(server.port, "/static/site.css", "Accept-Encoding: gzip\r\n");
    assert_eq!(status, 200);
    assert!(head.contains("content-encoding: gzip"), "{head}");
}

#[test]
fn sigterm_stops_the_server_cleanly() {
    let mut server = start();
    let pid = server.child.id().to_string();
    Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            assert!(status.success(), "exit status {status:?}");
            break;
        }
        assert!(Instant::now() < deadline, "still running after SIGTERM");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn json(body: &[u8]) -> serde_json::Value {
    serde_json::from_slice(body).unwrap_or_else(|e| panic!("{e}: {}", text(body)))
}

#[test]
fn the_search_api_answers_in_the_designed_shape() {
    let server = start();
    let (status, head, body) = get(server.port, "/api/search?q=senco&limit=2", "");
    assert_eq!(status, 200);
    assert!(head.contains("content-type: application/json"), "{head}");
    let v = json(&body);
    assert_eq!(v["query"], "senco");
    assert_eq!(v["page"], 1);
    assert!(v["total"].as_u64().unwrap() >= 1);
    let first = &v["results"][0];
    assert_eq!(first["url"], "/jargon/#senco");
    assert_eq!(first["kind"], "jargon");
    assert_eq!(first["title"], "SENCo");
    assert!(
        first["snippet"]
            .as_str()
            .unwrap()
            .contains("who plans and checks"),
        "{first}"
    );
    let keys: Vec<&String> = first.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["kind", "snippet", "title", "url"]);
    assert!(v["facets"]["jargon"].as_u64().unwrap() >= 1);
    assert!(v["suggestion"].is_null());
    let (_, _, body) = get(server.port, "/api/search?q=legal", "");
    let snippet = json(&body)["results"][0]["snippet"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        snippet.contains("A <mark>legal</mark> document"),
        "{snippet}"
    );
}

#[test]
fn the_search_page_works_without_javascript() {
    let server = start();
    let (status, _, body) = get(server.port, "/search?q=appeal", "");
    assert_eq!(status, 200);
    let html = text(&body);
    assert!(
        html.contains("<h1>Search results for “appeal”</h1>"),
        "{html}"
    );
    assert!(
        html.contains(r#"href="/faqs/assessments/#can-i-appeal""#),
        "{html}"
    );
    assert!(
        html.contains("results</p>") || html.contains("result</p>"),
        "a result count"
    );
    assert!(html.contains("Can’t find what you need?"));
    assert!(
        html.contains("mailto:send@example.org"),
        "the contact details"
    );
    let (status, _, body) = get(server.port, "/search?q=asessment", "");
    assert_eq!(status, 200);
    assert!(
        text(&body).contains(r#"Did you mean <a href="/search?q=assessment">assessment</a>?"#),
        "{}",
        text(&body)
    );
}

#[test]
fn content_and_queries_are_escaped_in_results() {
    let server = start();
    let (status, _, body) = get(
        server.port,
        "/search?q=%3Cscript%3Ealert(1)%3C/script%3E",
        "",
    );
    assert_eq!(status, 200);
    let html = text(&body);
    assert!(!html.contains("<script>alert"), "the query is escaped");
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;")
            || html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{html}"
    );
}

#[test]
fn hostile_queries_get_200_or_400_never_500() {
    let server = start();
    let long = "senco%20".repeat(2000);
    for path in [
        "/api/search?q=%22unbalanced",
        "/api/search?q=title:senco",
        "/api/search?q=*",
        "/api/search?q=%00%07senco",
        "/api/search?q=%F0%9F%99%82",
        "/api/search?q=a&page=0",
        "/api/search?q=a&page=999999",
        "/api/search?q=a&limit=-1",
        "/api/search?q=a&kind=nope",
        "/api/search?q=%FF%FE",
        "/search?q=%22((title:*",
        "/search?q=a&page=abc",
    ] {
        let (status, _, body) = get(server.port, path, "");
        assert!(
            status == 200 || status == 400,
            "{path}: {status} {}",
            text(&body)
        );
    }
    let (status, _, body) = get(server.port, &format!("/api/search?q={long}"), "");
    assert!(status == 400 || status == 414, "{status}");
    assert!(json(&body)["error"].as_str().unwrap().contains("too long"));
}

#[test]
fn a_query_asked_again_gets_the_same_results_with_its_own_wording() {
    let server = start();
    let (_, _, first) = get(server.port, "/api/search?q=what+is+a+senco", "");
    let (_, _, again) = get(server.port, "/api/search?q=What++is+a+SENCO", "");
    let (first, again) = (json(&first), json(&again));
    assert_eq!(first["query"], "what is a senco");
    assert_eq!(again["query"], "What  is a SENCO");
    assert!(first["total"].as_u64() > Some(0), "{first}");
    assert_eq!(first["results"], again["results"]);
    assert_eq!(first["total"], again["total"]);
}

#[test]
fn a_rebuilt_index_is_picked_up_without_a_restart_or_a_failed_request() {
    let server = start();
    let site = server.site.path().to_path_buf();
    let (_, _, body) = get(server.port, "/api/search?q=zebracrossing", "");
    assert_eq!(json(&body)["total"], 0);
    std::fs::write(
        site.join("content/pages/zebra.md"),
        "---\ntitle: Zebra crossing\n---\nZebracrossing safety.\n",
    )
    .unwrap();
    let port = server.port;
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let hammer = {
        let stop = stop.clone();
        std::thread::spawn(move || {
            let mut n = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let (status, _, _) = get(port, "/api/search?q=senco", "");
                assert_eq!(status, 200, "a request failed during the swap");
                n += 1;
            }
            n
        })
    };
    Command::new(assert_cmd::cargo::cargo_bin("localoffer"))
        .args(["build", "--root"])
        .arg(&site)
        .assert_success();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let (_, _, body) = get(server.port, "/api/search?q=zebracrossing", "");
        if json(&body)["total"].as_u64() == Some(1) {
            break;
        }
        assert!(Instant::now() < deadline, "the new index was not picked up");
        std::thread::sleep(Duration::from_millis(100));
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    assert!(hammer.join().unwrap() > 0);
}

trait AssertSuccess {
    fn assert_success(&mut self);
}

impl AssertSuccess for Command {
    fn assert_success(&mut self) {
        let out = self.output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn searches_that_find_nothing_are_counted_and_listed_by_the_cli() {
    let mut server = start();
    let site = server.site.path().to_path_buf();
    for _ in 0..2 {
        let (_, _, body) = get(server.port, "/api/search?q=Xylophone", "");
        assert_eq!(json(&body)["total"], 0);
    }
    let pid = server.child.id().to_string();
    Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    server.child.wait().unwrap();
    let out = Command::new(assert_cmd::cargo::cargo_bin("localoffer"))
        .args(["search", "--misses", "--root"])
        .arg(&site)
        .output()
        .unwrap();
    let listed = String::from_utf8_lossy(&out.stdout);
    assert!(listed.contains("     2  xylophone"), "{listed}");
}
