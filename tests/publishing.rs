//! The publishing side: news listings, feeds, the sitemap, scheduled and expired
//! pages, email copies, "You said, we did" and the site-wide meta data. Feeds and
//! the sitemap are read with an XML parser, as a feed reader or crawler would.

mod common;

use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{TestSite, free_port, stderr};
use predicates::prelude::*;

const BASE: &str = "https://offer.example.org";

fn post(title: &str, date: &str, series: &str, tags: &str, body: &str) -> String {
    format!(
        "---\ntitle: {title}\ndate: {date}\nseries: {series}\nsummary: About {title}.\ntags: [{tags}]\n---\n{body}\n"
    )
}

/// The small fixture with five published posts over two years and two series.
fn news_site() -> TestSite {
    let site = TestSite::fixture("small");
    site.write(
        "content/news/2023-11-03-splash-one.md",
        post(
            "Splash one",
            "2023-11-03",
            "news-splash",
            "annual reviews",
            "First [FAQs](../faqs/assessments.md).",
        ),
    );
    site.write(
        "content/news/2024-01-12-splash-two.md",
        post(
            "Splash two",
            "2024-01-12",
            "news-splash",
            "annual reviews, front door",
            "## Dates\n\nSecond, see [dates](#dates).",
        ),
    );
    site.write(
        "content/news/2024-01-31-newsletter-jan.md",
        post(
            "January newsletter",
            "2024-01-31",
            "newsletter",
            "front door",
            "Hello.",
        ),
    );
    site.write(
        "content/news/2024-02-20-splash-three.md",
        post("Splash three", "2024-02-20", "news-splash", "", "Third."),
    );
    site
}

fn xml(text: &str) -> roxmltree::Document<'_> {
    roxmltree::Document::parse(text).unwrap_or_else(|e| panic!("not XML: {e}\n{text}"))
}

fn texts<'a>(doc: &'a roxmltree::Document<'a>, name: &str) -> Vec<&'a str> {
    doc.descendants()
        .filter(|n| n.tag_name().name() == name)
        .filter_map(|n| n.text())
        .collect()
}

#[test]
fn the_atom_feed_lists_published_posts_newest_first_with_absolute_links() {
    let site = news_site();
    site.build().success();
    let atom = site.public("atom.xml");
    let doc = xml(&atom);
    let root = doc.root_element();
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/2005/Atom")
    );
    let entries: Vec<_> = root
        .children()
        .filter(|n| n.has_tag_name("entry"))
        .collect();
    let titles: Vec<&str> = entries
        .iter()
        .filter_map(|e| {
            e.children()
                .find(|c| c.has_tag_name("title"))
                .and_then(|t| t.text())
        })
        .collect();
    // The draft and the post scheduled for 2999 are not in it.
    assert_eq!(
        titles,
        [
            "February update published",
            "Splash three",
            "January newsletter",
            "Splash two",
            "Splash one"
        ]
    );
    for e in &entries {
        let link = e.children().find(|c| c.has_tag_name("link")).unwrap();
        assert!(
            link.attribute("href")
                .unwrap()
                .starts_with(&format!("{BASE}/news/"))
        );
        let updated = e
            .children()
            .find(|c| c.has_tag_name("updated"))
            .unwrap()
            .text()
            .unwrap();
        assert!(updated.len() >= 20 && updated.contains('T'), "{updated}");
    }
    let first_updated = entries[0]
        .children()
        .find(|c| c.has_tag_name("updated"))
        .unwrap();
    assert!(
        first_updated
            .text()
            .unwrap()
            .starts_with("2024-02-28T00:00:00")
    );
    // Links inside the content are absolute too.
    let content = entries
        .iter()
        .find_map(|e| {
            let t = e.children().find(|c| c.has_tag_name("title"))?.text()?;
            (t == "Splash two").then(|| e.children().find(|c| c.has_tag_name("content")))?
        })
        .unwrap();
    let html = content.text().unwrap();
    assert!(
        html.contains(&format!(
            "href=\"{BASE}/news/2024-01-12-splash-two/#dates\""
        )),
        "{html}"
    );
    assert!(!html.contains("href=\"/"), "{html}");
    let self_link = root
        .children()
        .find(|n| n.has_tag_name("link") && n.attribute("rel") == Some("self"))
        .unwrap();
    assert_eq!(
        self_link.attribute("href"),
        Some(&*format!("{BASE}/atom.xml"))
    );
}

#[test]
fn the_rss_feed_and_each_series_feed_hold_their_own_posts() {
    let site = news_site();
    site.build().success();
    let rss = site.public("rss.xml");
    let doc = xml(&rss);
    assert_eq!(doc.root_element().attribute("version"), Some("2.0"));
    let items: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("item"))
        .collect();
    assert_eq!(items.len(), 5);
    for item in &items {
        let link = item
            .children()
            .find(|c| c.has_tag_name("link"))
            .unwrap()
            .text()
            .unwrap();
        assert!(link.starts_with(&format!("{BASE}/news/")), "{link}");
        let date = item
            .children()
            .find(|c| c.has_tag_name("pubDate"))
            .unwrap()
            .text()
            .unwrap();
        // RFC 2822, as RSS 2.0 asks: "Wed, 28 Feb 2024 00:00:00 +0000".
        assert!(date.contains(" 2024 ") || date.contains(" 2023 "), "{date}");
        assert!(date.contains(", "), "{date}");
    }

    let splash = site.public("news/news-splash/atom.xml");
    let doc = xml(&splash);
    let titles = texts(&doc, "title");
    assert!(
        titles.contains(&"Splash one") && titles.contains(&"Splash three"),
        "{titles:?}"
    );
    assert!(!titles.contains(&"January newsletter"), "{titles:?}");
    let letters = site.public("news/newsletter/rss.xml");
    let doc = xml(&letters);
    let titles = texts(&doc, "title");
    assert!(titles.contains(&"January newsletter"), "{titles:?}");
    assert!(!titles.contains(&"Splash one"), "{titles:?}");
}

#[test]
fn the_sitemap_lists_every_public_page_once_with_its_date() {
    let site = news_site();
    site.build().success();
    let sitemap = site.public("sitemap.xml");
    let doc = xml(&sitemap);
    assert_eq!(
        doc.root_element().tag_name().namespace(),
        Some("http://www.sitemaps.org/schemas/sitemap/0.9")
    );
    let urls: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("url"))
        .collect();
    let mut locs = Vec::new();
    for u in &urls {
        let loc = u
            .children()
            .find(|c| c.has_tag_name("loc"))
            .unwrap()
            .text()
            .unwrap();
        let lastmod = u
            .children()
            .find(|c| c.has_tag_name("lastmod"))
            .unwrap()
            .text()
            .unwrap();
        assert!(loc.starts_with(BASE), "{loc}");
        assert_eq!(lastmod.len(), 10, "{lastmod}");
        let path = loc.strip_prefix(BASE).unwrap().trim_start_matches('/');
        assert!(
            site.has_public(&format!("{path}index.html")),
            "{loc} is not built"
        );
        locs.push(loc.to_owned());
    }
    let mut unique = locs.clone();
    unique.dedup();
    assert_eq!(unique.len(), locs.len());
    for must in [
        "/",
        "/faqs/",
        "/faqs/assessments/",
        "/news/",
        "/news/2024/",
        "/news/news-splash/",
        "/news/tags/front-door/",
        "/news/2024-01-12-splash-two/",
        "/another-way/",
    ] {
        assert!(
            locs.contains(&format!("{BASE}{must}")),
            "{must} missing from {locs:#?}"
        );
    }
    assert!(
        !locs
            .iter()
            .any(|l| l.contains("draft") || l.contains("future") || l.contains("404"))
    );
    let post = urls
        .iter()
        .find(|u| {
            u.children()
                .any(|c| c.text() == Some(&*format!("{BASE}/news/2024-01-12-splash-two/")))
        })
        .unwrap();
    let lastmod = post.children().find(|c| c.has_tag_name("lastmod")).unwrap();
    assert_eq!(lastmod.text(), Some("2024-01-12"));

    let robots = site.public("robots.txt");
    assert!(
        robots.contains(&format!("Sitemap: {BASE}/sitemap.xml")),
        "{robots}"
    );
}

#[test]
fn news_listings_paginate_and_link_series_years_topics_and_neighbours() {
    let site = news_site();
    let toml = std::fs::read_to_string(site.path().join("site.toml")).unwrap();
    site.write(
        "site.toml",
        toml.replace("[organisation]", "posts_per_page = 2\n\n[organisation]"),
    );
    site.build().success();
    let first = site.public("news/index.html");
    assert!(first.contains("February update published") && first.contains("Splash three"));
    assert!(!first.contains("January newsletter"));
    assert!(
        first.contains(r#"href="/news/page/2/" rel="next""#),
        "{first}"
    );
    let third = site.public("news/page/3/index.html");
    assert!(third.contains("Splash one"));
    assert!(third.contains("page 3 of 3"));
    assert!(third.contains(r#"href="/news/page/2/" rel="prev""#));
    assert!(!site.has_public("news/page/4/index.html"));

    let splash = site.public("news/news-splash/index.html");
    assert!(splash.contains("Splash three") && !splash.contains("January newsletter"));
    assert!(splash.contains(r#"href="/news/news-splash/atom.xml""#));
    let year = site.public("news/2023/index.html");
    assert!(year.contains("Splash one") && !year.contains("Splash two"));
    let topic = site.public("news/tags/annual-reviews/index.html");
    assert!(
        topic.contains("Splash one")
            && topic.contains("Splash two")
            && !topic.contains("Splash three")
    );
    let topics = site.public("news/tags/index.html");
    assert!(topics.contains(r#"href="/news/tags/front-door/""#));

    let middle = site.public("news/2024-01-31-newsletter-jan/index.html");
    assert!(
        middle.contains(r#"href="/news/2024-02-20-splash-three/" rel="next""#),
        "{middle}"
    );
    assert!(
        middle.contains(r#"href="/news/2024-01-12-splash-two/" rel="prev""#),
        "{middle}"
    );
    assert!(middle.contains(r#"href="/news/tags/front-door/""#));
}

#[test]
fn a_scheduled_post_stays_out_until_built_with_drafts() {
    let site = TestSite::fixture("small");
    site.remove("content/news/2999-01-01-future.md");
    site.write(
        "content/news/2024-03-05-scheduled.md",
        "---\ntitle: Friday issue\ndate: 2024-03-05\nseries: news-splash\nsummary: Soon.\npublish_date: 2999-01-01T09:00\n---\nSoon.\n",
    );
    let out = site.build().success();
    let said = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(said.contains("Next scheduled change: Tuesday 1 January 2999 at 09:00, when the news post \"Friday issue\" is published"), "{said}");
    for file in ["news/index.html", "atom.xml", "rss.xml", "sitemap.xml"] {
        assert!(!site.public(file).contains("Friday issue"), "{file}");
        assert!(
            !site.public(file).contains("2024-03-05-scheduled"),
            "{file}"
        );
    }
    assert!(!site.has_public("news/2024-03-05-scheduled/index.html"));
    site.cmd(&["search", "Friday issue", "--json"])
        .assert()
        .success()
        .stdout(predicates::str::contains("2024-03-05-scheduled").not());

    site.cmd(&["build", "--drafts"]).assert().success();
    assert!(site.public("news/index.html").contains("Friday issue"));
    assert!(
        site.public("news/2024-03-05-scheduled/index.html")
            .contains("Not published")
    );
}

#[test]
fn a_page_past_its_expiry_date_is_left_out() {
    let site = TestSite::fixture("small");
    site.remove("content/news/2999-01-01-future.md");
    site.write(
        "content/pages/summer-events.md",
        "---\ntitle: Summer events\nexpires: 2020-09-01\n---\nOld news.\n",
    );
    site.write(
        "content/pages/winter-events.md",
        "---\ntitle: Winter events\nexpires: 2999-03-01\n---\nStill on.\n",
    );
    let out = site.build().success();
    assert!(!site.has_public("summer-events/index.html"));
    assert!(site.has_public("winter-events/index.html"));
    assert!(!site.public("sitemap.xml").contains("summer-events"));
    let said = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(
        said.contains("1 March 2999 at 00:00, when a page \"Winter events\" expires"),
        "{said}"
    );
    site.cmd(&["build", "--drafts"]).assert().success();
    assert!(site.has_public("summer-events/index.html"));
}

#[test]
fn a_post_may_not_take_a_listing_folder_name() {
    let site = TestSite::fixture("small");
    site.write(
        "content/news/tags.md",
        post("Tags", "2024-01-01", "newsletter", "", "x"),
    );
    let out = site.build().failure().code(1);
    let err = stderr(&out);
    assert!(err.contains("content/news/tags.md"), "{err}");
    assert!(
        err.contains("would hide the news listing at /news/tags/"),
        "{err}"
    );
}

#[test]
fn the_email_copy_is_one_self_contained_html_document() {
    let site = news_site();
    let out = site
        .cmd(&["email", "content/news/2024-01-12-splash-two.md"])
        .assert()
        .success();
    let html = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.trim_end().ends_with("</html>"));
    assert!(!html.contains("<script"), "a script");
    assert!(!html.contains("<style"), "a style element");
    assert!(!html.contains("stylesheet"), "a stylesheet link");
    // Every link and image is absolute.
    for attr in ["href=\"", "src=\""] {
        for (i, _) in html.match_indices(attr) {
            let value = &html[i + attr.len()..];
            assert!(
                value.starts_with("https://") || value.starts_with("mailto:"),
                "relative: {}",
                &value[..value.find('"').unwrap_or(value.len())]
            );
        }
    }
    assert!(
        html.contains(&format!("href=\"{BASE}/news/2024-01-12-splash-two/\"")),
        "no web version link"
    );
    assert!(html.contains(&format!(
        "href=\"{BASE}/news/2024-01-12-splash-two/#dates\""
    )));
    // The preheader is the summary, hidden, first in the body.
    let body = &html[html.find("<body").unwrap()..];
    let preheader = &body[..body.find("</div>").unwrap()];
    assert!(preheader.contains("display:none") && preheader.contains("About Splash two."));
    assert!(html.contains("color-scheme"));
}

#[test]
fn the_text_email_copy_has_no_tags_and_lists_its_links() {
    let site = news_site();
    let out = site
        .cmd(&["email", "--text", "content/news/2023-11-03-splash-one.md"])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(text.starts_with("Splash one\n=========="), "{text}");
    let tag = text
        .find('<')
        .filter(|&i| text[i + 1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/'));
    assert_eq!(tag, None, "{text}");
    assert!(text.contains("First FAQs [1]."), "{text}");
    assert!(
        text.contains(&format!("[1] {BASE}/faqs/assessments/")),
        "{text}"
    );
    assert!(text.contains(&format!(
        "Read this on the website: {BASE}/news/2023-11-03-splash-one/"
    )));
}

#[test]
fn email_refuses_a_file_that_is_not_a_news_post() {
    let site = TestSite::fixture("small");
    let out = site
        .cmd(&["email", "content/faqs/assessments.md"])
        .assert()
        .failure()
        .code(1);
    assert!(
        stderr(&out).contains("is not a news post"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn you_said_we_did_pairs_what_was_said_with_the_response_and_is_searchable() {
    let site = TestSite::fixture("small");
    site.write(
        "content/you-said-we-did/spring-forum.md",
        "---\ntitle: Spring forum\ndate: 2024-04-02\nsource: A parent forum\n---\nWhat you told us.\n\n## Letters arrive too late\n\nWe now send every letter by email as well as by post.\n\n## Nobody answers the phone\n\nWe added a second phone line.\n",
    );
    site.build().success();
    let page = site.public("you-said-we-did/spring-forum/index.html");
    assert!(page.contains("You said:"), "{page}");
    assert!(page.contains("Letters arrive too late"));
    assert!(page.contains("We did:"));
    assert!(page.contains("<time datetime=\"2024-04-02\">2 April 2024</time>"));
    assert!(page.contains(r#"id="letters-arrive-too-late""#), "{page}");
    let index = site.public("you-said-we-did/index.html");
    assert!(index.contains(r#"href="/you-said-we-did/spring-forum/""#));
    site.cmd(&["search", "letters by email", "--kind", "feedback", "--json"])
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "/you-said-we-did/spring-forum/#letters-arrive-too-late",
        ));
}

#[test]
fn a_you_said_entry_without_a_response_is_an_error_at_its_line() {
    let site = TestSite::fixture("small");
    site.write(
        "content/you-said-we-did/forum.md",
        "---\ntitle: Forum\ndate: 2024-04-02\n---\n## Letters arrive too late\n\n## Phones\n\nFixed.\n",
    );
    let out = site.build().failure().code(1);
    let err = stderr(&out);
    assert!(err.contains("content/you-said-we-did/forum.md:5:"), "{err}");
    assert!(err.contains("has no response under it"), "{err}");
}

fn json_ld(html: &str) -> serde_json::Value {
    let start = html
        .find(r#"<script type="application/ld+json">"#)
        .unwrap_or_else(|| panic!("no JSON-LD in {html}"));
    let rest = &html[start..];
    let open = rest.find('>').unwrap() + 1;
    let close = rest.find("</script>").unwrap();
    serde_json::from_str(&rest[open..close]).unwrap()
}

#[test]
fn pages_carry_structured_data_for_search_engines() {
    let site = news_site();
    site.build().success();
    let home = json_ld(&site.public("index.html"));
    assert_eq!(home["@type"], "GovernmentOrganization");
    assert_eq!(home["name"], "Test Council");
    assert_eq!(home["contactPoint"]["@type"], "ContactPoint");
    assert_eq!(home["contactPoint"]["email"], "send@example.org");

    let faq = json_ld(&site.public("faqs/assessments/index.html"));
    assert_eq!(faq["@type"], "FAQPage");
    let questions = faq["mainEntity"].as_array().unwrap();
    assert!(!questions.is_empty());
    assert_eq!(questions[0]["@type"], "Question");
    assert_eq!(questions[0]["acceptedAnswer"]["@type"], "Answer");

    let news = json_ld(&site.public("news/2024-01-12-splash-two/index.html"));
    assert_eq!(news["@type"], "NewsArticle");
    assert_eq!(news["headline"], "Splash two");
    assert_eq!(news["datePublished"], "2024-01-12");
    assert_eq!(news["url"], format!("{BASE}/news/2024-01-12-splash-two/"));
}

#[test]
fn every_page_has_open_graph_meta_and_a_footer_link_to_other_formats() {
    let site = news_site();
    site.build().success();
    for page in [
        "index.html",
        "faqs/index.html",
        "news/index.html",
        "contact/index.html",
        "jargon/index.html",
    ] {
        let html = site.public(page);
        assert!(html.contains(r#"<meta property="og:title""#), "{page}");
        assert!(
            html.contains(r#"<meta property="og:url" content="https://offer.example.org/"#),
            "{page}"
        );
        assert!(
            html.contains(r#"<link rel="canonical" href="https://offer.example.org/"#),
            "{page}"
        );
        assert!(
            html.contains(r#"<link rel="alternate" type="application/atom+xml""#),
            "{page}"
        );
        let footer = &html[html.find("<footer").unwrap()..];
        assert!(
            footer.contains(r#"href="/another-way/">Get this information another way</a>"#),
            "{page}"
        );
    }
    let another = site.public("another-way/index.html");
    assert!(another.contains("send@example.org"));
    assert!(another.contains("large print"));
}

fn status(port: u16, path: &str) -> Option<u16> {
    use std::io::{Read, Write};
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).ok()?;
    String::from_utf8_lossy(&raw).get(9..12)?.parse().ok()
}

#[test]
fn a_running_server_publishes_a_scheduled_post_when_it_falls_due() {
    let site = TestSite::fixture("small");
    let toml = std::fs::read_to_string(site.path().join("site.toml")).unwrap();
    site.write(
        "site.toml",
        toml.replace("[organisation]", "timezone = \"UTC\"\n\n[organisation]"),
    );
    let due = jiff::Timestamp::now() + jiff::SignedDuration::from_secs(8);
    let due = jiff::tz::TimeZone::UTC
        .to_datetime(due)
        .strftime("%Y-%m-%dT%H:%M:%S");
    let today = due.to_string()[..10].to_owned();
    site.write(
        "content/news/on-time.md",
        format!("---\ntitle: On time\ndate: {today}\nseries: news-splash\nsummary: Due soon.\npublish_date: {due}\n---\nHere.\n"),
    );
    let port = free_port();
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("localoffer"))
        .args(["serve", "--port", &port.to_string(), "--root"])
        .arg(site.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut before = None;
    let mut after = None;
    while Instant::now() < deadline {
        match status(port, "/news/on-time/") {
            Some(s) if before.is_none() => before = Some(s),
            Some(200) => {
                after = Some(200);
                break;
            }
            _ => {}
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(before, Some(404), "the post was there before it was due");
    assert_eq!(after, Some(200), "the post did not appear when it fell due");
}
