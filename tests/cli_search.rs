//! `localoffer search`: the same search as the server, for staff at a terminal.

mod common;

use common::{TestSite, stderr};
use predicates::str::contains;

#[test]
fn search_lists_the_best_results_with_their_addresses() {
    let site = TestSite::fixture("small");
    site.build().success();
    site.cmd(&["search", "senco"])
        .assert()
        .success()
        .stdout(contains("1. SENCo (jargon)\n   /jargon/#senco"));
}

#[test]
fn search_json_is_the_api_shape() {
    let site = TestSite::fixture("small");
    site.build().success();
    let out = site
        .cmd(&["search", "appeal", "--json", "--kind", "faq"])
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(v["results"][0]["url"], "/faqs/assessments/#can-i-appeal");
    assert!(v["facets"].is_object());
}

#[test]
fn search_before_any_build_says_what_to_do() {
    let site = TestSite::fixture("small");
    let out = site.cmd(&["search", "senco"]).assert().code(1);
    assert!(stderr(&out).contains("run `localoffer build` first"));
}

#[test]
fn an_unknown_kind_is_refused_with_the_kinds_there_are() {
    let site = TestSite::fixture("small");
    site.build().success();
    let out = site
        .cmd(&["search", "senco", "--kind", "faqs"])
        .assert()
        .code(1);
    assert!(stderr(&out).contains(
        "use faq, guide, jargon, team, performance, news, feedback, service, organisation or page"
    ));
}

#[test]
fn best_bets_and_synonyms_from_site_toml_are_used() {
    let site = TestSite::fixture("small");
    let toml = std::fs::read_to_string(site.path().join("site.toml")).unwrap();
    site.write(
        "site.toml",
        format!("{toml}\n[search]\nsynonyms = [[\"appeal\", \"challenge a decision\"]]\n\n[[search.best_bets]]\nquery = \"Help!\"\nurl = \"/contact/\"\n"),
    );
    site.build().success();
    site.cmd(&["search", "help"])
        .assert()
        .success()
        .stdout(contains("1. Contact us (page)"));
    site.cmd(&["search", "challenge a decision"])
        .assert()
        .success()
        .stdout(contains("/faqs/assessments/#can-i-appeal"));
}
