//! `localoffer build` on fixture sites: every kind rendered, links resolved.

mod common;

use common::TestSite;
use predicates::str::contains;

#[test]
fn build_prints_one_summary_line_and_writes_every_kind() {
    let site = TestSite::fixture("small");
    site.build().success().stdout(contains("Built 20 pages"));
    for page in [
        "index.html",
        "faqs/index.html",
        "faqs/assessments/index.html",
        "jargon/index.html",
        "team/index.html",
        "team/hub/index.html",
        "team/service/index.html",
        "performance/index.html",
        "performance/2024-02/index.html",
        "news/index.html",
        "news/2024-02-28-update/index.html",
        "news/news-splash/index.html",
        "news/2024/index.html",
        "news/tags/performance/index.html",
        "atom.xml",
        "rss.xml",
        "sitemap.xml",
        "robots.txt",
        "another-way/index.html",
        "contact/index.html",
        "404.html",
        "static/site.css",
        "static/site.js",
    ] {
        assert!(site.has_public(page), "missing public/{page}");
    }
}

#[test]
fn each_question_is_an_accordion_with_a_stable_id() {
    let site = TestSite::fixture("small");
    site.build().success();
    let html = site.public("faqs/assessments/index.html");
    assert!(
        html.contains(r#"<details class="faq" id="how-do-i-ask-for-an-ehc-needs-assessment">"#),
        "{html}"
    );
    assert!(html.contains(r#"<summary><h3 class="faq__question">How do I ask for an EHC needs assessment?</h3></summary>"#));
    assert!(html.contains(r#"<h2 id="asking-for-an-assessment">Asking for an assessment</h2>"#));
    assert!(html.contains(r#"id="can-i-appeal""#));
}

#[test]
fn the_first_mention_of_a_term_links_to_its_entry_without_adding_words() {
    let site = TestSite::fixture("small");
    site.build().success();
    let html = site.public("faqs/assessments/index.html");
    let link = r#"<a class="jargon" href="/jargon/#senco"><abbr title="Special educational needs co-ordinator">SENCo</abbr></a>"#;
    assert_eq!(html.matches(link).count(), 1, "{html}");
    assert!(
        html.contains(&format!(
            "Talk to your child’s {link} first. Your SENCo can help"
        )),
        "{html}"
    );
    // An alias ("Statement", the old name) links to the term it belongs to.
    assert!(html.contains(r#"<p><a class="jargon" href="/jargon/#ehc-plan">Statements</a> were replaced by EHC plans.</p>"#), "{html}");
    // Question headings are never linked.
    assert!(html.contains("How do I ask for an EHC needs assessment?</h3>"));
}

#[test]
fn links_to_content_files_become_page_urls() {
    let site = TestSite::fixture("small");
    site.build().success();
    let html = site.public("faqs/assessments/index.html");
    assert!(
        html.contains(r#"<a href="/team/hub/">who to contact</a>"#),
        "{html}"
    );
    assert!(
        html.contains(r#"<a href="/jargon/#ehc-plan">what a plan is</a>"#),
        "{html}"
    );
    let home = site.public("index.html");
    assert!(
        home.contains(r#"<a href="/faqs/assessments/">questions</a>"#),
        "{home}"
    );
}

#[test]
fn the_jargon_buster_is_an_a_to_z_with_an_anchor_per_term() {
    let site = TestSite::fixture("small");
    site.build().success();
    let html = site.public("jargon/index.html");
    assert!(html.contains(r##"<a href="#letter-e">E</a>"##), "{html}");
    assert!(
        html.contains(r#"<span class="az__empty">A"#),
        "letters without terms are not links"
    );
    assert!(html.contains(r#"<div class="term" id="ehc-plan">"#));
    assert!(html.contains(r#"<div class="term" id="senco">"#));
    assert!(html.contains("Also called: EHCP, Statement"));
    assert!(html.contains(r##"See also: <a href="#senco">SENCo</a>"##));
    // A term's own definition does not link to itself, but does link to others.
    let senco = &html[html.find(r#"id="senco""#).unwrap()..];
    assert!(senco.contains(r#"href="/jargon/#ehc-plan""#));
}

#[test]
fn teams_form_a_tree_with_a_page_each() {
    let site = TestSite::fixture("small");
    site.build().success();
    let index = site.public("team/index.html");
    let service = index
        .find(r#"<a class="team-tree__name" href="/team/service/">The service</a>"#)
        .unwrap();
    let hub = index
        .find(r#"<a class="team-tree__name" href="/team/hub/">Assessment hub</a>"#)
        .unwrap();
    assert!(service < hub, "parent listed before child");
    let page = site.public("team/hub/index.html");
    assert!(page.contains("Alex Example, Team leader"), "{page}");
    assert!(page.contains("<li>New requests for assessment</li>"));
    assert!(
        page.contains(r#"<a href="/team/service/">The service</a>"#),
        "breadcrumb to the parent team"
    );
}

#[test]
fn snapshots_show_every_figure_in_tables_placed_in_the_narrative() {
    let site = TestSite::fixture("small");
    site.build().success();
    let html = site.public("performance/2024-02/index.html");
    assert!(
        html.contains("<caption>Contacts answered (contacts)</caption>"),
        "{html}"
    );
    for figure in ["14,189", "927", "1,263", "75%", "40%"] {
        assert!(
            html.contains(&format!(r#"<td class="num">{figure}</td>"#)),
            "missing {figure}"
        );
    }
    assert!(html.contains(r#"<th scope="row">Not met</th>"#));
    let placed = html.find(r#"id="contacts""#).unwrap();
    let later = html.find("Quality next.").unwrap();
    let unplaced = html.find(r#"id="quality""#).unwrap();
    assert!(
        placed < later && later < unplaced,
        "placed where the marker is; the rest after the text"
    );
}

#[test]
fn drafts_and_scheduled_posts_stay_out_unless_asked_for() {
    let site = TestSite::fixture("small");
    site.build().success();
    assert!(!site.has_public("news/2024-03-01-draft/index.html"));
    assert!(!site.has_public("news/2999-01-01-future/index.html"));
    assert!(!site.public("news/index.html").contains("A draft post"));

    site.cmd(&["build", "--drafts"]).assert().success();
    let draft = site.public("news/2024-03-01-draft/index.html");
    assert!(draft.contains("Not published:"), "drafts carry a banner");
    assert!(site.has_public("news/2999-01-01-future/index.html"));
}

#[test]
fn pages_show_when_they_were_last_updated() {
    let site = TestSite::fixture("small");
    site.build().success();
    let html = site.public("contact/index.html");
    assert!(
        html.contains(r#"Page last updated: <time datetime="2024-01-02">2 January 2024</time>"#),
        "{html}"
    );
}

#[test]
fn out_puts_the_site_in_another_folder() {
    let site = TestSite::fixture("small");
    let out = site.path().join("elsewhere");
    site.cmd(&["build", "--out", out.to_str().unwrap()])
        .assert()
        .success();
    assert!(out.join("faqs/assessments/index.html").is_file());
    assert!(!site.has_public("index.html"));
}

#[test]
fn files_beside_content_are_copied_and_linkable() {
    let site = TestSite::fixture("small");
    site.write("content/pages/leaflet.pdf", b"%PDF-1.4");
    site.write(
        "content/pages/contact.md",
        "---\ntitle: Contact us\n---\nGet the [leaflet](leaflet.pdf).\n",
    );
    site.build().success();
    assert!(
        site.public("contact/index.html")
            .contains(r#"<a href="/pages/leaflet.pdf">leaflet</a>"#)
    );
    assert!(site.has_public("pages/leaflet.pdf"));
}

#[test]
fn editor_swap_and_backup_files_are_ignored() {
    let site = TestSite::fixture("small");
    site.write("content/faqs/.assessments.md.swp", b"\x00\x01binary");
    site.write("content/faqs/assessments.md~", "not front matter");
    site.write("content/faqs/#assessments.md#", "not front matter");
    site.build().success();
}

#[test]
fn an_faq_page_renders_as_reviewed() {
    let site = TestSite::fixture("small");
    site.build().success();
    let html = site.public("faqs/assessments/index.html");
    let start = html.find("<main").unwrap();
    let end = html.find("</main>").unwrap() + "</main>".len();
    let main: String = html[start..end]
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    insta::assert_snapshot!(main);
}

#[test]
fn a_heading_never_takes_a_datasets_anchor_id() {
    let site = TestSite::fixture("small");
    let text = std::fs::read_to_string(site.path().join("content/performance/2024-02.md")).unwrap();
    site.write(
        "content/performance/2024-02.md",
        text.replace("How we did.", "## Contacts\n\nHow we did."),
    );
    site.build().success();
    let html = site.public("performance/2024-02/index.html");
    assert_eq!(html.matches(r#"id="contacts""#).count(), 1, "{html}");
    assert!(
        html.contains(r#"<h2 id="contacts-2">Contacts</h2>"#),
        "{html}"
    );
}

#[test]
fn every_page_names_the_theme_icon_so_browsers_do_not_ask_for_favicon_ico() {
    let site = TestSite::fixture("small");
    site.build().success();
    for page in ["index.html", "faqs/assessments/index.html", "404.html"] {
        assert!(
            site.public(page)
                .contains(r#"<link rel="icon" href="/static/favicon.svg">"#),
            "{page}"
        );
    }
    assert!(site.public("static/favicon.svg").starts_with("<svg"));
}

#[test]
fn site_toml_can_name_the_council_icon_and_a_missing_one_stops_the_build() {
    let site = TestSite::fixture("small");
    let settings = std::fs::read_to_string(site.path().join("site.toml")).unwrap();
    site.write(
        "site.toml",
        format!("favicon = \"/images/council-icon.png\"\n{settings}"),
    );
    let assert = site.build().code(1);
    let err = common::stderr(&assert);
    assert!(
        err.contains("favicon names `/images/council-icon.png`, but there is no content/images/council-icon.png"),
        "{err}"
    );
    assert!(err.contains("site.toml"), "{err}");
    assert!(!site.has_public("index.html"), "nothing is built");

    // A made-up icon: any bytes do for the test.
    site.write("content/images/council-icon.png", b"not really a png");
    site.build().success();
    assert!(
        site.public("index.html")
            .contains(r#"<link rel="icon" href="/images/council-icon.png">"#)
    );
    assert!(site.has_public("images/council-icon.png"));
}
