//! `localoffer check`, `new` and `init`: one small site per rule, asserting the
//! message and where it points, the JSON output and the exit codes.

mod common;

use common::TestSite;
use serde_json::Value;

/// Runs `check --format json` and returns (exit code, parsed output).
fn check_json(site: &TestSite, extra: &[&str]) -> (i32, Value) {
    let mut args = vec!["check", "--format", "json"];
    args.extend_from_slice(extra);
    let out = site.cmd(&args).output().unwrap();
    let value: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
    (out.status.code().unwrap_or(-1), value)
}

/// Every diagnostic whose message contains `words`.
fn saying<'a>(report: &'a Value, words: &str) -> Vec<&'a Value> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["message"].as_str().unwrap().contains(words))
        .collect()
}

/// The diagnostic in `file` whose message contains `words`.
fn find<'a>(report: &'a Value, file: &str, words: &str) -> &'a Value {
    saying(report, words)
        .into_iter()
        .find(|d| d["file"] == file)
        .unwrap_or_else(|| panic!("no diagnostic in {file} saying {words:?}: {report:#}"))
}

fn at(d: &Value) -> (u64, u64, &str) {
    (
        d["line"].as_u64().unwrap(),
        d["column"].as_u64().unwrap(),
        d["severity"].as_str().unwrap(),
    )
}

const PAGE: &str = "content/pages/test.md";

fn page(body: &str) -> String {
    format!("---\ntitle: Test\ndescription: A test page.\n---\n{body}")
}

#[test]
fn a_clean_site_checks_with_exit_status_zero_and_no_errors() {
    let site = TestSite::fixture("small");
    let (code, report) = check_json(&site, &[]);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(report["errors"], 0);
    assert!(report.get("external").is_none());
}

#[test]
fn a_broken_link_is_an_error_with_exit_status_one() {
    let site = TestSite::fixture("small");
    site.write(PAGE, page("See [the form](../faqs/asessments.md).\n"));
    let (code, report) = check_json(&site, &[]);
    assert_eq!(code, 1);
    let d = find(&report, PAGE, "there is no file content/faqs/asessments.md");
    assert_eq!(at(d), (5, 16, "error"));
    assert!(
        d["help"]
            .as_str()
            .unwrap()
            .contains("../faqs/assessments.md")
    );
}

#[test]
fn a_link_to_a_missing_anchor_is_an_error_and_stops_the_build() {
    let site = TestSite::fixture("small");
    site.write(
        PAGE,
        page("Read [appeals](../faqs/assessments.md#can-i-apeal) and [us](#nowhere).\n"),
    );
    let (code, report) = check_json(&site, &[]);
    assert_eq!(code, 1);
    let d = find(&report, PAGE, "`#can-i-apeal` on /faqs/assessments/");
    assert_eq!(at(d), (5, 16, "error"));
    assert!(d["help"].as_str().unwrap().contains("#can-i-appeal"), "{d}");
    let d = find(&report, PAGE, "`#nowhere` on /test/");
    assert_eq!(at(d), (5, 61, "error"));
    site.build()
        .code(1)
        .stderr(predicates::str::contains("#can-i-apeal"));
}

#[test]
fn anchors_to_questions_terms_teams_datasets_and_headings_resolve() {
    let site = TestSite::fixture("small");
    site.write(
        PAGE,
        page(
            "## Mine\n\n[q](../faqs/assessments.md#can-i-appeal) [t](../jargon/senco.md) \
             [d](../performance/2024-02.md#quality) [h](#mine) [a](/faqs/assessments/#after-the-assessment)\n",
        ),
    );
    let (_, report) = check_json(&site, &[]);
    assert_eq!(report["errors"], 0, "{report:#}");
}

#[test]
fn a_link_to_a_missing_image_is_an_error() {
    let site = TestSite::fixture("small");
    site.write(PAGE, page("![A map](map.png)\n"));
    let (_, report) = check_json(&site, &[]);
    let d = find(&report, PAGE, "there is no file content/pages/map.png");
    assert_eq!(at(d), (5, 10, "error"));
}

#[test]
fn an_image_without_alt_text_is_an_error_and_stops_the_build() {
    let site = TestSite::fixture("small");
    site.write("content/pages/map.png", b"\x89PNG");
    site.write(PAGE, page("Intro.\n\n![](map.png)\n"));
    let (code, report) = check_json(&site, &[]);
    assert_eq!(code, 1);
    let d = find(&report, PAGE, "this image has no alt text");
    assert_eq!(at(d), (7, 1, "error"));
    site.build()
        .code(1)
        .stderr(predicates::str::contains("this image has no alt text"));
}

#[test]
fn a_front_matter_mistake_is_an_error_at_its_line() {
    let site = TestSite::fixture("small");
    site.write(PAGE, "---\ntitle: Test\ndescriptoin: x\n---\nText.\n");
    let (code, report) = check_json(&site, &[]);
    assert_eq!(code, 1);
    let d = find(&report, PAGE, "descriptoin");
    assert_eq!(at(d), (3, 1, "error"));
    assert!(
        d["help"]
            .as_str()
            .unwrap()
            .starts_with("did you mean `description`?")
    );
}

#[test]
fn a_jargon_alias_claimed_twice_is_an_error() {
    let site = TestSite::fixture("small");
    site.write(
        "content/jargon/special-needs-co-ordinator.md",
        "---\nterm: Special needs co-ordinator\naliases: [SENCO]\n---\nThe same.\n",
    );
    let (code, report) = check_json(&site, &[]);
    assert_eq!(code, 1);
    let d = find(
        &report,
        "content/jargon/special-needs-co-ordinator.md",
        "\"SENCO\" is already a term or alias in content/jargon/senco.md",
    );
    assert_eq!(at(d), (3, 11, "error"));
}

#[test]
fn a_question_without_an_answer_is_an_error() {
    let site = TestSite::fixture("small");
    site.write(
        "content/faqs/empty.md",
        "---\ntitle: Empty\ndescription: x\n---\n### Who answers this?\n\n### Next?\n\nThis.\n",
    );
    let (_, report) = check_json(&site, &[]);
    let d = find(
        &report,
        "content/faqs/empty.md",
        "the question \"Who answers this?\" has no answer",
    );
    assert_eq!(at(d), (5, 1, "error"));
}

#[test]
fn a_heading_that_skips_a_level_is_a_warning() {
    let site = TestSite::fixture("small");
    site.write(PAGE, page("## Fine\n\n#### Skipped\n\nText.\n"));
    let (code, report) = check_json(&site, &[]);
    assert_eq!(code, 0, "warnings alone do not fail the check");
    let d = find(&report, PAGE, "skips from level 2 to level 4");
    assert_eq!(at(d), (7, 1, "warning"));
    assert!(d["help"].as_str().unwrap().starts_with("use ###"));
}

#[test]
fn faq_questions_without_a_subject_do_not_count_as_skipping() {
    let site = TestSite::fixture("small");
    site.write(
        "content/faqs/flat.md",
        "---\ntitle: Flat\ndescription: x\n---\n### A?\n\nYes.\n",
    );
    let (_, report) = check_json(&site, &[]);
    let text = report.to_string();
    assert!(!text.contains("skips from level"), "{report:#}");
}

#[test]
fn vague_link_text_and_bare_addresses_are_warnings() {
    let site = TestSite::fixture("small");
    site.write(
        PAGE,
        page("To apply [click here](../faqs/assessments.md).\n\nSee [https://example.org/a](https://example.org/a) or <https://example.org/b>.\n"),
    );
    let (_, report) = check_json(&site, &[]);
    let d = find(
        &report,
        PAGE,
        "\"click here\" does not say where the link goes",
    );
    assert_eq!(at(d), (5, 10, "warning"));
    let bare: Vec<_> = saying(&report, "text is a web address")
        .into_iter()
        .map(at)
        .collect();
    assert_eq!(bare, [(7, 5, "warning"), (7, 55, "warning")]);
}

#[test]
fn a_review_date_in_the_past_is_a_warning_on_its_line() {
    let site = TestSite::fixture("small");
    site.write(
        PAGE,
        "---\ntitle: Test\ndescription: x\nreview_by: 2020-01-31\n---\nText.\n",
    );
    let (_, report) = check_json(&site, &[]);
    let d = find(&report, PAGE, "due for review on 31 January 2020");
    assert_eq!(at(d), (4, 1, "warning"));
}

#[test]
fn a_page_without_a_description_is_a_warning() {
    let site = TestSite::fixture("small");
    site.write(PAGE, "---\ntitle: Test\n---\nText.\n");
    let (_, report) = check_json(&site, &[]);
    let d = find(&report, PAGE, "this page has no description");
    assert_eq!(at(d).2, "warning");
}

#[test]
fn a_low_contrast_theme_colour_is_a_warning_and_colours_reach_the_css() {
    let site = TestSite::fixture("small");
    let toml = std::fs::read_to_string(site.path().join("site.toml")).unwrap();
    site.write(
        "site.toml",
        format!("{toml}\n[colours]\nlink = \"#a0a0ff\"\n"),
    );
    let (code, report) = check_json(&site, &[]);
    assert_eq!(code, 0);
    let d = find(
        &report,
        "site.toml",
        "[colours] link #a0a0ff has a contrast of",
    );
    assert_eq!(at(d).2, "warning");
    assert!(d["message"].as_str().unwrap().contains("at least 4.5:1"));
    site.build().success();
    assert!(
        site.public("static/colours.css")
            .contains("--lo-link: #a0a0ff;")
    );
    assert!(site.public("index.html").contains("/static/colours.css"));
}

#[test]
fn a_colour_that_is_not_a_colour_is_an_error() {
    let site = TestSite::fixture("small");
    let toml = std::fs::read_to_string(site.path().join("site.toml")).unwrap();
    site.write("site.toml", format!("{toml}\n[colours]\ntext = \"blue\"\n"));
    let (code, report) = check_json(&site, &[]);
    assert_eq!(code, 1);
    find(&report, "site.toml", "`blue` is not a colour");
}

#[test]
fn external_links_are_listed_only_when_asked() {
    let site = TestSite::fixture("small");
    site.write(PAGE, page("See [IPSEA](https://www.ipsea.org.uk/).\n"));
    let (_, report) = check_json(&site, &["--external"]);
    let external = report["external"].as_array().unwrap();
    assert!(
        external
            .iter()
            .any(|l| l["url"] == "https://www.ipsea.org.uk/"
                && l["file"] == PAGE
                && l["line"] == 5),
        "{report:#}"
    );
    let human = site.cmd(&["check", "--external"]).output().unwrap();
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(
        text.contains("content/pages/test.md:5:5  https://www.ipsea.org.uk/"),
        "{text}"
    );
}

#[test]
fn human_output_groups_by_file_with_the_line_a_caret_and_help() {
    let site = TestSite::fixture("small");
    site.write(
        PAGE,
        page("## A\n\n#### B\n\n[here](../faqs/assessments.md)\n"),
    );
    let out = site.cmd(&["check"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let start = text
        .find("── content/pages/test.md ──\n")
        .unwrap_or_else(|| panic!("{text}"));
    let section = &text[start + "──".len()..];
    let section = &section[..section.find("\n── content/").unwrap_or(section.len())];
    assert!(section.contains("warning: this heading skips from level 2 to level 4"));
    assert!(section.contains("--> content/pages/test.md:7:1"));
    assert!(section.contains("#### B"), "the line itself: {section}");
    assert!(section.contains("help: use ###"), "{section}");
    assert!(section.contains("\"here\" does not say where"));
    assert!(text.contains("Found 0 errors and"), "{text}");
}

// `new` and `init`

#[test]
fn every_new_file_builds_as_it_is_and_names_its_path() {
    let site = TestSite::fixture("small");
    let kinds = [
        (
            "faq",
            "Paying for transport",
            "content/faqs/paying-for-transport.md",
        ),
        ("jargon", "SEMH", "content/jargon/semh.md"),
        ("team", "Transport team", "content/team/transport-team.md"),
        (
            "snapshot",
            "August 2024 update",
            "content/performance/august-2024-update.md",
        ),
        ("page", "Privacy notice", "content/pages/privacy-notice.md"),
        (
            "you-said-we-did",
            "Spring forum",
            "content/you-said-we-did/spring-forum.md",
        ),
        (
            "service",
            "Saturday swimming club",
            "content/services/saturday-swimming-club.md",
        ),
        (
            "organisation",
            "Example Trust",
            "content/organisations/example-trust.md",
        ),
    ];
    for (kind, title, path) in kinds {
        let out = site.cmd(&["new", kind, title]).output().unwrap();
        assert!(out.status.success(), "{kind}: {out:?}");
        let printed = String::from_utf8_lossy(&out.stdout);
        assert!(printed.trim().ends_with(path), "{printed}");
        assert!(site.path().join(path).is_file());
    }
    let out = site
        .cmd(&["new", "news", "Summer \"fun\" days"])
        .output()
        .unwrap();
    let printed = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    assert!(printed.contains("content/news/") && printed.ends_with("-summer-fun-days.md"));
    let news = std::fs::read_to_string(&printed).unwrap();
    for field in [
        "title:",
        "date:",
        "series:",
        "summary:",
        "tags:",
        "publish_date:",
        "draft:",
        "description:",
        "updated:",
        "review_by:",
        "owner:",
    ] {
        assert!(news.contains(&format!("\n{field}")), "{field} in {news}");
    }
    site.cmd(&["build", "--drafts"]).assert().success();
    assert!(
        site.public("faqs/paying-for-transport/index.html")
            .contains("A question people ask?")
    );
    assert!(site.public("jargon/index.html").contains("SEMH"));
    assert!(site.has_public("team/transport-team/index.html"));
    assert!(site.has_public("performance/august-2024-update/index.html"));
    assert!(site.has_public("privacy-notice/index.html"));
    assert!(
        site.public("you-said-we-did/spring-forum/index.html")
            .contains("One thing people told us")
    );
    let service = site.public("services/saturday-swimming-club/index.html");
    assert!(service.contains("What the service does"), "{service}");
    assert!(site.has_public("organisations/example-trust/index.html"));
    let (_, report) = check_json(&site, &[]);
    assert_eq!(report["errors"], 0, "{report:#}");
}

#[test]
fn new_refuses_to_overwrite() {
    let site = TestSite::fixture("small");
    site.cmd(&["new", "faq", "Assessments"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("already exists"));
    let kept = std::fs::read_to_string(site.path().join("content/faqs/assessments.md")).unwrap();
    assert!(kept.contains("Can I appeal?"));
}

#[test]
fn init_writes_a_site_that_builds_and_checks_clean() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("new-site");
    assert_cmd::Command::cargo_bin("localoffer")
        .unwrap()
        .args(["init"])
        .arg(&target)
        .assert()
        .success();
    for kind in ["faqs", "jargon", "team", "performance", "news", "pages"] {
        let n = std::fs::read_dir(target.join("content").join(kind))
            .unwrap()
            .count();
        assert_eq!(n, 1, "one file in content/{kind}");
    }
    assert!(target.join("themes/default/templates/base.html").is_file());
    assert_cmd::Command::cargo_bin("localoffer")
        .unwrap()
        .args(["build", "--root"])
        .arg(&target)
        .assert()
        .success();
    assert!(
        target
            .join("public/faqs/getting-started/index.html")
            .is_file()
    );
    let out = assert_cmd::Command::cargo_bin("localoffer")
        .unwrap()
        .args(["check", "--format", "json", "--root"])
        .arg(&target)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["errors"], 0, "{report:#}");
}

#[test]
fn init_refuses_a_folder_with_files_in_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
    assert_cmd::Command::cargo_bin("localoffer")
        .unwrap()
        .arg("init")
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(predicates::str::contains("is not empty"));
    assert!(!dir.path().join("site.toml").exists());
}

#[test]
fn a_site_address_to_nothing_is_a_warning() {
    let site = TestSite::fixture("small");
    site.write(
        PAGE,
        page("[FAQs](/faqs/assessments/) [css](/static/site.css) [search](/search?q=x) [news](/news) \
              [gone](/faqs/no-such-page/#x)\n"),
    );
    let (code, report) = check_json(&site, &[]);
    assert_eq!(code, 0);
    let d = find(
        &report,
        PAGE,
        "this link points to /faqs/no-such-page/#x, but the site has no such page",
    );
    assert_eq!(at(d).2, "warning");
    let count = saying(&report, "no such page or file").len();
    assert_eq!(count, 1, "{report:#}");
}

const FORUM: &str = "content/you-said-we-did/forum.md";

fn forum(date: &str) -> String {
    format!(
        "---\ntitle: Forum\ndate: {date}\ndescription: x\n---\n## Letters are late\n\nWe send them by email too.\n"
    )
}

#[test]
fn you_said_we_did_over_a_year_old_is_a_warning_at_the_newest_date() {
    let site = TestSite::fixture("small");
    site.write(FORUM, forum("2020-03-01"));
    site.write("content/you-said-we-did/older.md", forum("2019-05-01"));
    let (code, report) = check_json(&site, &[]);
    assert_eq!(code, 0, "a warning is not an error: {report:#}");
    let d = find(
        &report,
        FORUM,
        "\"You said, we did\" response, of 1 March 2020, is over a year old",
    );
    assert_eq!(at(d), (3, 1, "warning"));
    let all = report["diagnostics"].as_array().unwrap();
    let about_it = all
        .iter()
        .filter(|d| d["message"].as_str().unwrap().contains("You said"))
        .count();
    assert_eq!(about_it, 1, "one warning, on the newest: {report:#}");
}

#[test]
fn you_said_we_did_published_this_year_is_not_a_warning() {
    let site = TestSite::fixture("small");
    let today = jiff::tz::TimeZone::UTC
        .to_datetime(jiff::Timestamp::now())
        .date();
    site.write(FORUM, forum(&today.to_string()));
    site.write("content/you-said-we-did/older.md", forum("2019-05-01"));
    let (_, report) = check_json(&site, &[]);
    let all = report["diagnostics"].as_array().unwrap();
    assert!(
        !all.iter()
            .any(|d| d["message"].as_str().unwrap().contains("You said")),
        "{report:#}"
    );
}

/// A made-up page with one of each plain-English problem, and the same done right.
const WORDY: &str = "---
title: Made-up wordy page
description: A page written badly on purpose for the tests.
---
We will utilise every channel. The Quiet Zone Team (QZT) runs on Mondays.

Ask the QZT or the XKCD desk. The SENCo can help too.

This sentence goes on and on with far too many words in it so that a parent reading it on a phone in a hurry loses track of it.
";

#[test]
fn check_warns_on_long_sentences_unexplained_acronyms_and_phrases_to_avoid() {
    let site = TestSite::fixture("small");
    site.write("content/pages/wordy.md", WORDY);
    let (_, report) = check_json(&site, &[]);
    let file = "content/pages/wordy.md";

    let avoid = find(&report, file, "`utilise` is on the list of words to avoid");
    assert_eq!(at(avoid), (5, 9, "warning"));
    assert!(
        avoid["help"]
            .as_str()
            .unwrap()
            .contains("write `use` instead")
    );

    // QZT is explained where it is first used; XKCD never is; SENCo is in the
    // fixture's jargon buster, which the build links.
    let acronym = find(&report, file, "`XKCD` is used here before it is explained");
    assert_eq!(at(acronym), (7, 20, "warning"));
    assert!(saying(&report, "`QZT`").is_empty(), "{report:#}");
    assert!(saying(&report, "`SENCo`").is_empty(), "{report:#}");

    let long = find(
        &report,
        file,
        "this sentence has 29 words; keep sentences to 25 or fewer",
    );
    assert_eq!(at(long), (9, 1, "warning"));
    let long = saying(&report, "words; keep sentences");
    assert_eq!(
        long.iter().filter(|d| d["file"] == file).count(),
        1,
        "{report:#}"
    );

    // Each page's reading ease, and the site's.
    let pages = report["reading_ease"]["pages"].as_array().unwrap();
    let wordy = pages.iter().find(|p| p["file"] == file).unwrap();
    assert_eq!(wordy["sentences"], 5);
    assert_eq!(wordy["words"], 54);
    let ease = wordy["reading_ease"].as_f64().unwrap();
    assert!((0.0..100.0).contains(&ease), "{wordy}");
    assert!(
        report["reading_ease"]["site"].as_f64().is_some(),
        "{report:#}"
    );
}

#[test]
fn the_plain_english_rules_follow_site_toml() {
    let site = TestSite::fixture("small");
    site.write("content/pages/wordy.md", WORDY);
    let toml = site.read("site.toml");
    site.write(
        "site.toml",
        format!(
            "{toml}\n[plain_english]\nsentence_words = 5\nknown_acronyms = [\"XKCD\"]\n\n[plain_english.avoid]\n\"on mondays\" = \"every Monday\"\n"
        ),
    );
    let (_, report) = check_json(&site, &[]);
    let file = "content/pages/wordy.md";
    assert!(
        saying(&report, "`utilise`").is_empty(),
        "the list was replaced: {report:#}"
    );
    let phrase = find(
        &report,
        file,
        "`on Mondays` is on the list of words to avoid",
    );
    assert_eq!(at(phrase), (5, 63, "warning"));
    assert!(
        phrase["help"]
            .as_str()
            .unwrap()
            .contains("write `every Monday` instead")
    );
    assert!(saying(&report, "`XKCD`").is_empty(), "{report:#}");
    find(
        &report,
        file,
        "this sentence has 8 words; keep sentences to 5 or fewer",
    );
    let long = saying(&report, "keep sentences to 5 or fewer");
    assert_eq!(
        long.iter().filter(|d| d["file"] == file).count(),
        3,
        "{report:#}"
    );
}

#[test]
fn a_synonym_group_no_page_uses_is_a_warning_at_its_place_in_site_toml() {
    let site = TestSite::fixture("small");
    let toml = site.read("site.toml");
    site.write(
        "site.toml",
        format!(
            "{toml}\n[search]\nsynonyms = [[\"plan\", \"blueprint\"], [\"zebra crossing\", \"pelican crossing\"]]\n"
        ),
    );
    let (_, report) = check_json(&site, &[]);
    let unused = find(
        &report,
        "site.toml",
        "no page uses any of the words of the synonym group \"zebra crossing\", \"pelican crossing\"",
    );
    let line = toml.lines().count() as u64 + 3;
    assert_eq!(at(unused), (line, 37, "warning"));
    // A group with a word the pages use is fine, even if its other words are not.
    assert!(saying(&report, "\"blueprint\"").is_empty(), "{report:#}");
}

#[test]
fn the_shipped_site_has_no_long_sentences_unexplained_acronyms_or_words_to_avoid() {
    let site = TestSite::repo_site();
    let (_, report) = check_json(&site, &[]);
    let plain: Vec<&Value> = [
        "words; keep sentences",
        "before it is explained",
        "words to avoid",
    ]
    .iter()
    .flat_map(|words| saying(&report, words))
    .collect();
    assert!(plain.is_empty(), "{plain:#?}");
    let site_ease = report["reading_ease"]["site"].as_f64().unwrap();
    assert!(site_ease >= 60.0, "the site reads at {site_ease}");
}
