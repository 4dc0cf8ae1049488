//! `localoffer serve --watch` over real HTTP on a temporary site: saves in the ways
//! editors make them, new, renamed and deleted files and folders, a broken save and
//! its fix, theme changes, the reload events, drafts and search. Each change is
//! polled for with a generous deadline; nothing asserts how fast it was.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::Command;
use std::time::{Duration, Instant};

use common::{Server, TestSite};

/// Long enough for a loaded machine; a change normally shows in well under a second.
const DEADLINE: Duration = Duration::from_secs(10);

fn start() -> Server {
    start_with(|_| {})
}

/// Starts the server on the small fixture after `prepare` has changed it.
fn start_with(prepare: impl FnOnce(&TestSite)) -> Server {
    let site = TestSite::fixture("small");
    prepare(&site);
    Server::start(site, &["--watch"])
}

/// A raw HTTP/1.1 GET: the status and the body.
fn get(port: u16, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text[9..12].parse().unwrap();
    let body = text
        .split_once("\r\n\r\n")
        .map_or("", |(_, b)| b)
        .to_owned();
    (status, body)
}

fn wait_for(what: &str, mut ok: impl FnMut() -> bool) {
    let deadline = Instant::now() + DEADLINE;
    while Instant::now() < deadline {
        if ok() {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("gave up waiting for {what}");
}

impl Server {
    fn page_has(&self, path: &str, text: &str) {
        wait_for(&format!("{path} to show {text:?}"), || {
            let (status, body) = get(self.port, path);
            status == 200 && body.contains(text)
        });
    }

    fn status_is(&self, path: &str, want: u16) {
        wait_for(&format!("{path} to answer {want}"), || {
            get(self.port, path).0 == want
        });
    }

    fn status_json(&self) -> serde_json::Value {
        serde_json::from_str(&get(self.port, "/__localoffer/status").1).unwrap()
    }

    fn build_number(&self) -> u64 {
        self.status_json()["build"].as_u64().unwrap()
    }
}

const CONTACT: &str = "content/pages/contact.md";

fn contact(body: &str) -> String {
    format!("---\ntitle: Contact us\n---\n{body}\n")
}

#[test]
fn a_save_in_place_shows_on_the_next_request() {
    let server = start();
    server.page_has("/contact/", "Contact us");
    server
        .site
        .write(CONTACT, contact("Ring the front door on Tuesdays."));
    server.page_has("/contact/", "Ring the front door on Tuesdays.");
}

#[test]
fn a_save_through_a_temporary_file_and_swap_files_are_handled() {
    let server = start();
    server.page_has("/contact/", "Contact us");
    // vim-style swap and backup files, and an emacs lock file, come and go.
    server.site.write("content/pages/.contact.md.swp", "swap");
    server.site.write("content/pages/contact.md~", "backup");
    server.site.write("content/pages/#contact.md#", "autosave");
    // Then the new text goes to a temporary file that is renamed over the page.
    server.site.write(
        "content/pages/contact.md.tmp",
        contact("Saved the careful way."),
    );
    std::fs::rename(
        server.site.path().join("content/pages/contact.md.tmp"),
        server.site.path().join(CONTACT),
    )
    .unwrap();
    server.page_has("/contact/", "Saved the careful way.");
    assert_eq!(server.status_json()["problems"], serde_json::json!([]));
    for ignored in ["/pages/.contact.md.swp", "/pages/contact.md~"] {
        assert_eq!(get(server.port, ignored).0, 404, "{ignored}");
    }
}

#[test]
fn a_burst_of_saves_ends_with_the_last_one() {
    let server = start();
    server.page_has("/contact/", "Contact us");
    for i in 0..20 {
        server
            .site
            .write(CONTACT, contact(&format!("Version {i} of the page.")));
    }
    server.page_has("/contact/", "Version 19 of the page.");
}

#[test]
fn new_renamed_and_deleted_files_appear_move_and_go() {
    let server = start();
    server.page_has("/contact/", "Contact us");
    server.site.write(
        "content/pages/opening-times.md",
        "---\ntitle: Opening times\n---\nNine to five.\n",
    );
    server.page_has("/opening-times/", "Nine to five.");
    std::fs::rename(
        server.site.path().join("content/pages/opening-times.md"),
        server.site.path().join("content/pages/hours.md"),
    )
    .unwrap();
    server.page_has("/hours/", "Nine to five.");
    server.status_is("/opening-times/", 404);
    server.site.remove("content/pages/hours.md");
    server.status_is("/hours/", 404);
}

#[test]
fn new_renamed_and_deleted_folders_are_followed() {
    let server = start();
    server.page_has("/contact/", "Contact us");
    server.site.write(
        "content/pages/guides/travel.md",
        "---\ntitle: Travel\n---\nBus passes.\n",
    );
    server.page_has("/travel/", "Bus passes.");
    std::fs::rename(
        server.site.path().join("content/pages/guides"),
        server.site.path().join("content/pages/help"),
    )
    .unwrap();
    // A file saved inside the renamed folder is still watched.
    server.site.write(
        "content/pages/help/travel.md",
        "---\ntitle: Travel\n---\nBus passes and taxis.\n",
    );
    server.page_has("/travel/", "Bus passes and taxis.");
    std::fs::remove_dir_all(server.site.path().join("content/pages/help")).unwrap();
    server.status_is("/travel/", 404);
}

#[test]
fn a_broken_save_keeps_the_last_good_page_with_the_error_over_it_until_fixed() {
    let server = start();
    server.page_has("/contact/", "Contact us");
    server.site.write(
        CONTACT,
        "---\ntitle: Contact us\ntitel: oops\n---\nBroken text.\n",
    );
    wait_for("the problem to be reported", || {
        !server.status_json()["problems"]
            .as_array()
            .unwrap()
            .is_empty()
    });
    let status = server.status_json();
    let problem = &status["problems"][0];
    assert_eq!(problem["file"], CONTACT);
    assert_eq!(problem["line"], 3);
    assert!(problem["message"].as_str().unwrap().contains("titel"));
    assert!(
        problem["help"]
            .as_str()
            .unwrap()
            .contains("did you mean `title`?")
    );
    let (code, page) = get(server.port, "/contact/");
    assert_eq!(code, 200);
    assert!(
        !page.contains("Broken text."),
        "the last good page is served"
    );
    assert!(page.contains("Contact us"));
    assert!(page.contains("role=\"alert\""), "{page}");
    assert!(
        page.contains("content/pages/contact.md:3:1</span>"),
        "{page}"
    );
    assert!(page.contains("How to fix it:</strong> did you mean `title`?"));
    // Other pages show it too: the author may be looking at any of them.
    assert!(get(server.port, "/").1.contains("id=\"localoffer-error\""));

    server.site.write(CONTACT, contact("Fixed text."));
    wait_for("the fixed page without the error", || {
        let page = get(server.port, "/contact/").1;
        page.contains("Fixed text.") && !page.contains("localoffer-error")
    });
    assert_eq!(server.status_json()["problems"], serde_json::json!([]));
}

#[test]
fn theme_changes_rebuild_every_page() {
    let server = start();
    server.page_has("/contact/", "Contact us");
    let css = server.site.path().join("themes/default/static/site.css");
    let mut text = std::fs::read_to_string(&css).unwrap();
    text.push_str("\n.theme-test-marker { color: #0b0c0c; }\n");
    std::fs::write(&css, text).unwrap();
    wait_for("the new style sheet", || {
        get(server.port, "/static/site.css")
            .1
            .contains("theme-test-marker")
    });
    let base = server
        .site
        .path()
        .join("themes/default/templates/base.html");
    let html = std::fs::read_to_string(&base).unwrap().replace(
        "<main id=\"main-content\"",
        "<p>Theme test marker</p><main id=\"main-content\"",
    );
    std::fs::write(&base, html).unwrap();
    server.page_has("/contact/", "Theme test marker");
    server.page_has("/faqs/assessments/", "Theme test marker");
}

#[test]
fn site_toml_changes_rebuild() {
    let server = start();
    server.page_has("/", "Test Local Offer");
    let path = server.site.path().join("site.toml");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("Test Local Offer", "Renamed Local Offer");
    std::fs::write(&path, text).unwrap();
    server.page_has("/", "Renamed Local Offer");
}

#[test]
fn open_pages_are_told_of_each_rebuild() {
    let server = start();
    let (_, page) = get(server.port, "/contact/");
    assert!(
        page.contains("<script src=\"/__localoffer/live.js\" defer></script>"),
        "{page}"
    );
    assert!(!page.contains("<script>"), "no inline script");
    let (code, script) = get(server.port, "/__localoffer/live.js");
    assert_eq!(code, 200);
    assert!(script.contains("EventSource(\"/__localoffer/events\")"));

    let shown = server.build_number();
    let mut s = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    s.set_read_timeout(Some(DEADLINE)).unwrap();
    write!(
        s,
        "GET /__localoffer/events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n"
    )
    .unwrap();
    let mut lines = BufReader::new(s).lines();
    let mut next_build = || loop {
        let line = lines.next().unwrap().unwrap();
        if let Some(n) = line.strip_prefix("data: ") {
            return n.trim().parse::<u64>().unwrap();
        }
    };
    assert_eq!(next_build(), shown, "the current build first");
    server.site.write(CONTACT, contact("Tell the page."));
    assert!(next_build() > shown, "then each new one");
}

#[test]
fn drafts_and_scheduled_posts_are_shown_with_a_banner() {
    let server = start();
    server.page_has("/news/2024-03-01-draft/", "Not published:");
    server.page_has("/news/2999-01-01-future/", "Not published:");
    let (_, published) = get(server.port, "/news/2024-02-28-update/");
    assert!(!published.contains("Not published:"));
}

#[test]
fn search_follows_the_content() {
    let server = start();
    server.page_has("/contact/", "Contact us");
    assert!(
        get(server.port, "/api/search?q=zebracrossing")
            .1
            .contains("\"total\":0")
    );
    server
        .site
        .write(CONTACT, contact("Meet us at the zebracrossing."));
    wait_for("search to find the new word", || {
        get(server.port, "/api/search?q=zebracrossing")
            .1
            .contains("\"url\":\"/contact/\"")
    });
}

#[test]
fn sigterm_stops_the_server_even_with_a_page_listening_for_reloads() {
    let mut server = start();
    let mut s = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    s.set_read_timeout(Some(DEADLINE)).unwrap();
    write!(
        s,
        "GET /__localoffer/events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n"
    )
    .unwrap();
    let mut lines = BufReader::new(s).lines();
    while !lines.next().unwrap().unwrap().starts_with("data: ") {}
    let pid = server.child.id().to_string();
    Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    wait_for("the server to stop", || {
        server.child.try_wait().unwrap().is_some()
    });
    let status = server.child.try_wait().unwrap().unwrap();
    assert!(status.success(), "exit status {status:?}");
}

#[test]
fn a_changed_term_updates_the_pages_that_use_it() {
    let server = start();
    server.page_has(
        "/faqs/assessments/",
        "Special educational needs co-ordinator",
    );
    server.site.write(
        "content/jargon/senco.md",
        "---\nterm: SENCo\nstands_for: Special educational needs coordinator (SENCo)\naliases: [SENCO]\n---\nThe teacher who plans the help.\n",
    );
    server.page_has(
        "/faqs/assessments/",
        "Special educational needs coordinator (SENCo)",
    );
    server.page_has("/jargon/", "The teacher who plans the help.");
}

#[test]
fn a_new_post_appears_in_the_lists_that_show_it() {
    let server = start();
    server.page_has("/news/", "News");
    server.site.write(
        "content/news/2024-04-01-spring.md",
        "---\ntitle: Spring update\ndate: 2024-04-01\nseries: newsletter\nsummary: What is new this spring.\n---\nText.\n",
    );
    server.page_has("/news/", "Spring update");
    server.page_has("/", "Spring update");
    server.page_has("/news/newsletter/", "Spring update");
    server.page_has("/news/2024/", "Spring update");
    server.page_has("/atom.xml", "Spring update");
    server.page_has("/news/newsletter/rss.xml", "Spring update");
    server.page_has("/sitemap.xml", "/news/2024-04-01-spring/");
}

#[test]
fn a_site_that_never_built_shows_why_and_recovers() {
    let server = start_with(|site| site.write(CONTACT, "no front matter\n"));
    let (code, page) = get(server.port, "/");
    assert_eq!(code, 404);
    assert!(page.contains("The site could not be built"), "{page}");
    assert!(
        page.contains("content/pages/contact.md:1:1</span> this file has no front matter"),
        "{page}"
    );
    server.site.write(CONTACT, contact("Now it builds."));
    server.page_has("/contact/", "Now it builds.");
}

/// The problems `/__localoffer/status` reports, as `file: message` lines.
fn problems(server: &Server) -> Vec<String> {
    server.status_json()["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            format!(
                "{}: {}",
                p["file"].as_str().unwrap(),
                p["message"].as_str().unwrap()
            )
        })
        .collect()
}

/// The URLs `/api/search` finds for `q`.
fn found(port: u16, q: &str) -> Vec<String> {
    let (code, body) = get(port, &format!("/api/search?q={q}"));
    assert_eq!(code, 200, "{body}");
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    json["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["url"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn a_new_alias_links_the_pages_that_use_it_and_removing_it_unlinks_them() {
    let server = start_with(|site| {
        site.write(CONTACT, contact("Ask the school's inclusion lead first."));
    });
    server.page_has("/contact/", "inclusion lead first.");
    let senco = "content/jargon/senco.md";
    let term = |aliases: &str| {
        format!(
            "---\nterm: SENCo\nstands_for: Special educational needs co-ordinator\naliases: [{aliases}]\n---\nThe teacher who plans the help.\n"
        )
    };
    let link = "<a class=\"jargon\" href=\"/jargon/#senco\">inclusion lead</a>";
    // The contact page is not saved again: only the term's file changes.
    server.site.write(senco, term("SENCO, inclusion lead"));
    server.page_has("/contact/", link);
    server.site.write(senco, term("SENCO"));
    wait_for("the contact page to lose the link", || {
        let page = get(server.port, "/contact/").1;
        page.contains("inclusion lead first.") && !page.contains(link)
    });
}

#[test]
fn renaming_a_linked_page_shows_the_broken_link_until_it_is_put_back() {
    let server = start();
    server.page_has("/", "href=\"/faqs/assessments/\">questions</a>");
    let site = server.site.path();
    // The home page links to the FAQ page; only the FAQ page's file changes.
    std::fs::rename(
        site.join("content/faqs/assessments.md"),
        site.join("content/faqs/assessment.md"),
    )
    .unwrap();
    wait_for("the broken link to be reported", || {
        problems(&server)
            .iter()
            .any(|p| p.starts_with("content/_index.md: this link points to `faqs/assessments.md`"))
    });
    let (_, page) = get(server.port, "/faqs/assessments/");
    assert!(page.contains("id=\"localoffer-error\""), "{page}");
    assert!(page.contains("content/_index.md:4:"), "{page}");
    std::fs::rename(
        site.join("content/faqs/assessment.md"),
        site.join("content/faqs/assessments.md"),
    )
    .unwrap();
    wait_for("the problem to clear", || problems(&server).is_empty());
    assert!(!get(server.port, "/").1.contains("localoffer-error"));
}

#[test]
fn deleting_a_linked_page_shows_the_broken_link_until_the_link_is_fixed() {
    let server = start();
    server.page_has("/news/2024-02-28-update/", "href=\"/performance/2024-02/\"");
    server.site.remove("content/performance/2024-02.md");
    wait_for("the broken link to be reported", || {
        problems(&server).iter().any(|p| {
            p.starts_with("content/news/2024-02-28-update.md: this link points to `../performance/2024-02.md`")
        })
    });
    let post = server.site.path().join("content/news/2024-02-28-update.md");
    let text = std::fs::read_to_string(&post).unwrap().replace(
        "[update](../performance/2024-02.md)",
        "[update](../faqs/assessments.md)",
    );
    std::fs::write(&post, text).unwrap();
    wait_for("the problem to clear", || problems(&server).is_empty());
    server.page_has(
        "/news/2024-02-28-update/",
        "href=\"/faqs/assessments/\">update</a>",
    );
    server.status_is("/performance/2024-02/", 404);
}

#[test]
fn rewording_a_heading_that_another_page_links_to_breaks_its_anchor_link() {
    let server = start_with(|site| {
        site.write(
            CONTACT,
            contact("You [can appeal](../faqs/assessments.md#can-i-appeal)."),
        );
    });
    server.page_has("/contact/", "href=\"/faqs/assessments/#can-i-appeal\"");
    let faq = server.site.path().join("content/faqs/assessments.md");
    let text = std::fs::read_to_string(&faq).unwrap();
    // Only the linked page is saved; the page with the link is not.
    std::fs::write(
        &faq,
        text.replace("### Can I appeal?", "### How do I appeal?"),
    )
    .unwrap();
    wait_for("the broken anchor to be reported", || {
        problems(&server).iter().any(|p| {
            p == "content/pages/contact.md: this link points to `#can-i-appeal` on /faqs/assessments/, but that page has no such heading or id"
        })
    });
    std::fs::write(&faq, text).unwrap();
    wait_for("the problem to clear", || problems(&server).is_empty());
}

#[test]
fn search_finds_a_word_added_in_a_save_and_forgets_a_word_removed() {
    let server = start();
    server.page_has("/contact/", "Contact us");
    assert_eq!(found(server.port, "zebracrossing"), Vec::<String>::new());
    let others = found(server.port, "hub");
    assert!(others.contains(&"/team/hub/".to_owned()), "{others:?}");

    server
        .site
        .write(CONTACT, contact("Meet us at the zebracrossing."));
    server.page_has("/contact/", "zebracrossing");
    // The index follows the pages after each save (how soon is measured by
    // scripts/bench-watch, not asserted here: a loaded machine is slow).
    wait_for("search to find the new word", || {
        found(server.port, "zebracrossing") == ["/contact/"]
    });
    // Its typos and its beginning find it too: the words as typed follow the pages.
    assert_eq!(found(server.port, "zebracrosing"), ["/contact/"]);
    assert_eq!(found(server.port, "zebracro"), ["/contact/"]);

    server
        .site
        .write(CONTACT, contact("Meet us at the pelicancrossing."));
    wait_for("search to forget the old word and find the new one", || {
        found(server.port, "zebracrossing").is_empty()
            && found(server.port, "pelicancrossing") == ["/contact/"]
    });
    assert_eq!(found(server.port, "zebracrosing"), Vec::<String>::new());
    assert_eq!(found(server.port, "pelicancros"), ["/contact/"]);
    assert_eq!(
        found(server.port, "hub"),
        others,
        "other pages are found as before"
    );
}

#[test]
fn search_keeps_answering_while_pages_are_saved() {
    let server = start();
    server.page_has("/contact/", "Contact us");
    let others = found(server.port, "hub");
    assert!(others.contains(&"/team/hub/".to_owned()), "{others:?}");
    let port = server.port;
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let searcher = {
        let stop = std::sync::Arc::clone(&stop);
        std::thread::spawn(move || {
            let mut answers = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                assert_eq!(found(port, "hub"), others, "after {answers} answers");
                answers += 1;
            }
            answers
        })
    };
    for i in 0..10 {
        server
            .site
            .write(CONTACT, contact(&format!("Version {i}, marker{i}q.")));
        server.page_has("/contact/", &format!("Version {i}, marker{i}q."));
    }
    // Searching on until the index holds the last save, so every update is seen.
    wait_for("search to find the last save", || {
        found(port, "marker9q") == ["/contact/"]
    });
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let answers = searcher.join().unwrap();
    assert!(answers > 10, "{answers}");
}

/// When `rel` inside the site was last modified.
fn modified(server: &Server, rel: &str) -> std::time::SystemTime {
    std::fs::metadata(server.site.path().join(rel))
        .unwrap()
        .modified()
        .unwrap()
}

#[test]
fn a_save_without_changes_rewrites_no_file() {
    let server = start();
    server.page_has("/contact/", "Contact us");
    let outputs = [
        "public/contact/index.html",
        "public/index.html",
        "public/jargon/index.html",
        "public/sitemap.xml",
        "search-index/meta.json",
    ];
    let before: Vec<_> = outputs.iter().map(|rel| modified(&server, rel)).collect();
    let shown = server.build_number();
    let text = std::fs::read_to_string(server.site.path().join(CONTACT)).unwrap();
    server.site.write(CONTACT, &text);
    wait_for("a rebuild", || server.build_number() > shown);
    // The index is updated after the pages: give it the time it would take.
    std::thread::sleep(Duration::from_millis(500));
    let after: Vec<_> = outputs.iter().map(|rel| modified(&server, rel)).collect();
    assert_eq!(before, after, "{outputs:?}");
    assert_eq!(server.status_json()["problems"], serde_json::json!([]));
}

#[test]
fn search_still_follows_saves_after_a_build_while_watching() {
    let server = start();
    server.page_has("/contact/", "Contact us");
    // `build` swaps a new search index in under the running server.
    server.site.build().success();
    server
        .site
        .write(CONTACT, contact("Meet us at the zebracrossing."));
    wait_for("search to find the new word", || {
        found(server.port, "zebracrossing") == ["/contact/"]
    });
    assert!(found(server.port, "hub").contains(&"/team/hub/".to_owned()));
}
