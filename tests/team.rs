//! `/team/`: the structure as nested lists, and "Who do I contact about...".

mod common;

use common::{TestSite, between};

/// The text between `from` and `to` in `html`, blank lines dropped.
#[test]
fn the_team_tree_renders_as_reviewed() {
    let site = TestSite::fixture("small");
    site.build().success();
    let html = site.public("team/index.html");
    let tree = between(
        &html,
        r#"<ul class="team-tree">"#,
        r#"<h2 id="contact-the-service">"#,
    );
    insta::assert_snapshot!(tree);
}

#[test]
fn each_need_names_the_team_and_the_address_to_write_to() {
    let site = TestSite::fixture("small");
    site.build().success();
    let html = site.public("team/index.html");
    let list = between(&html, r#"<h2 id="who-to-contact">"#, "</dl>");
    insta::assert_snapshot!(list);
    // The hub has no address of its own: the service's front door address is given.
    assert!(
        list.contains(
            r#"<dt>A new request for an EHC needs assessment</dt>
    <dd><a href="/team/hub/">Assessment hub</a>: email <a href="mailto:send@example.org">send@example.org</a></dd>"#
        ),
        "{list}"
    );
    let contacts = html.find("who-to-contact").unwrap();
    let tree = html.find(r#"class="team-tree""#).unwrap();
    assert!(contacts < tree, "the needs come before the structure");
}

#[test]
fn the_swindon_site_says_whom_to_contact_about_the_common_needs() {
    let site = TestSite::repo_site();
    site.build().success();
    let html = site.public("team/index.html");
    for (need, team) in [
        (
            "A new request for an EHC needs assessment",
            "/team/assessment-hub/",
        ),
        ("An annual review of an EHC plan", "/team/reviewing-hub/"),
        (
            "A question about your child&#39;s EHC plan",
            "/team/statutory-send-team/",
        ),
        ("The Synergy portal", "/team/front-door/"),
    ] {
        let at = html
            .find(&format!("<dt>{need}</dt>"))
            .unwrap_or_else(|| panic!("no {need}"));
        let dd = &html[at..at + html[at..].find("</dd>").unwrap()];
        assert!(
            dd.contains(&format!(r#"<a href="{team}">"#)),
            "{need}: {dd}"
        );
        assert!(
            dd.contains("mailto:SENDService@swindon.gov.uk"),
            "{need}: {dd}"
        );
    }
}

#[test]
fn a_teams_own_page_lists_what_to_contact_it_about() {
    let site = TestSite::fixture("small");
    site.build().success();
    let page = site.public("team/service/index.html");
    assert!(
        page.contains(
            r#"<h2>Contact the team about</h2>
<ul class="contact-for"><li>Anything else<p class="contact-list__note">Every message is passed to the right person.</p></li></ul>"#
        ),
        "{page}"
    );
}

#[test]
fn search_finds_a_team_by_what_to_contact_it_about() {
    let site = TestSite::fixture("small");
    site.build().success();
    // "anything" appears only in the service's `contact_for`.
    site.cmd(&["search", "anything", "--kind", "team"])
        .assert()
        .success()
        .stdout(predicates::str::contains("/team/service/"));
}
