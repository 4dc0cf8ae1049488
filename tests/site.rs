//! The repository's own Swindon site builds, and its content meets the brief.

mod common;

use common::TestSite;

fn built() -> TestSite {
    let site = TestSite::repo_site();
    site.build().success();
    site
}

fn faq_pages(site: &TestSite) -> Vec<String> {
    let dir = site.path().join("public/faqs");
    let mut pages = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let index = entry.path().join("index.html");
        if index.is_file() {
            pages.push(std::fs::read_to_string(index).unwrap());
        }
    }
    pages
}

#[test]
fn the_swindon_site_builds_with_at_least_25_linkable_questions() {
    let site = built();
    let pages = faq_pages(&site);
    assert!(
        pages.len() >= 4,
        "FAQs are split into several pages, not one long one"
    );
    let questions: usize = pages
        .iter()
        .map(|p| p.matches(r#"<details class="faq" id=""#).count())
        .sum();
    assert!(questions >= 25, "only {questions} questions");
}

#[test]
fn the_jargon_buster_has_at_least_45_terms_including_the_old_name_statement() {
    let site = built();
    let html = site.public("jargon/index.html");
    let terms = html.matches(r#"<div class="term" id=""#).count();
    assert!(terms >= 45, "only {terms} terms");
    for id in [
        "send",
        "senco",
        "ehc-plan",
        "ipsea",
        "mash",
        "sias",
        "ssfv",
        "qapib",
        "golden-thread",
        "synergy-portal",
        "front-door",
        "section-i",
    ] {
        assert!(
            html.contains(&format!(r#"<div class="term" id="{id}">"#)),
            "no term {id}"
        );
    }
    let ehcp = &html[html.find(r#"id="ehc-plan""#).unwrap()..];
    let ehcp = &ehcp[..ehcp.find("</div>\n  </div>").unwrap_or(ehcp.len())];
    assert!(
        ehcp.contains("Statement"),
        "EHC plan lists Statement as an old name"
    );
}

#[test]
fn faq_answers_link_jargon_to_the_jargon_buster() {
    let site = built();
    let linked: usize = faq_pages(&site)
        .iter()
        .map(|p| p.matches(r#"<a class="jargon" href="/jargon/#"#).count())
        .sum();
    assert!(linked >= 20, "only {linked} jargon links across the FAQs");
}

#[test]
fn the_seed_facts_survive() {
    let site = built();
    let all: String = faq_pages(&site).concat();
    for fact in [
        "Ben Stone",
        "20 weeks",
        "90",
        "£1.6",
        "IPSEA",
        "SENDService@swindon.gov.uk",
        "200",
        "15",
    ] {
        assert!(all.contains(fact), "FAQs lost: {fact}");
    }
    let perf = site.public("performance/2022-06/index.html");
    for figure in [
        "14,189", "927", "1,263", "1,130", "1,150", "75%", "40%", "89.3%", "10.7%", "25%", "11%",
        "38",
    ] {
        assert!(perf.contains(figure), "performance lost: {figure}");
    }
    let team = site.public("team/index.html");
    for name in [
        "Assessment Hub",
        "Reviewing Hub",
        "Preparing for Adulthood",
        "Delivery Support Officers",
        "Front door",
    ] {
        assert!(
            team.to_lowercase().contains(&name.to_lowercase()),
            "team lost: {name}"
        );
    }
}

#[test]
fn every_kind_of_page_is_built() {
    let site = built();
    for page in [
        "index.html",
        "contact/index.html",
        "about/index.html",
        "accessibility/index.html",
        "news/index.html",
        "performance/index.html",
        "team/assessment-hub/index.html",
    ] {
        assert!(site.has_public(page), "missing {page}");
    }
    let news = site.public("news/index.html");
    assert!(news.matches(r#"<h2 class="news-list__title">"#).count() >= 3);
    assert!(news.contains("News Splash") && news.contains("Newsletter"));
}

#[test]
fn the_parent_forum_is_published_as_you_said_we_did() {
    let site = built();
    let html = site.public("you-said-we-did/parent-forum-questions/index.html");
    let entries = html.matches(r#"<section class="said-did""#).count();
    assert!(entries >= 8, "only {entries} entries");
    for said in [
        "front door",
        "News Splash",
        "Assessment Hub",
        "we commissioned 90 extra",
    ] {
        assert!(html.contains(said), "{said} is missing");
    }
    let index = site.public("you-said-we-did/index.html");
    assert!(index.contains(r#"href="/you-said-we-did/parent-forum-questions/""#));
    let home = site.public("index.html");
    assert!(
        home.contains(r#"href="/you-said-we-did/""#),
        "not in the main navigation"
    );
}

#[test]
fn the_swindon_news_has_feeds_and_archives() {
    let site = built();
    let atom = site.public("atom.xml");
    assert_eq!(atom.matches("<entry>").count(), 5);
    assert!(site.has_public("news/news-splash/rss.xml"));
    assert!(site.has_public("news/newsletter/atom.xml"));
    assert!(
        site.public("news/2022/index.html")
            .contains("90 extra special school places")
    );
    assert!(
        site.public("sitemap.xml")
            .contains("/you-said-we-did/parent-forum-questions/")
    );
}
