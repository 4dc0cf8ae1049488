//! Content from many hands: raw HTML is cleaned, template values are escaped, and
//! hostile files (YAML bombs, huge files, symlinks out of the site) are refused or
//! skipped with a clear message, never followed or allowed to stall the build.

mod common;

use common::{TestSite, stderr};

const CONTACT: &str = "content/pages/contact.md";

fn page_with_body(body: &str) -> TestSite {
    let site = TestSite::fixture("small");
    site.write(CONTACT, format!("---\ntitle: Contact us\n---\n{body}\n"));
    site
}

/// The `<main>` part of a built page: the theme's own scripts are outside it.
fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("a <main> element");
    let end = html.rfind("</main>").expect("a </main> end tag");
    &html[start..end]
}

#[test]
fn scripts_handlers_and_script_urls_in_raw_html_never_reach_the_page() {
    let site = page_with_body(
        "Ask your SENCo.\n\n\
         <div class=\"note\" onmouseover=\"steal()\">Call us<script>alert(1)</script></div>\n\n\
         <p>Click <a href=\"javascript:alert(1)\">here</a> or <a href=\"JaVaScRiPt&colon;alert(1)\">here</a>\
         <img src=\"data:text/html;base64,PHNjcmlwdD4=\" onerror=\"alert(1)\" alt=\"x\">\
         <iframe src=\"https://evil.example/\"></iframe><object data=\"x.swf\"></object></p>\n\n\
         <style>body{display:none}</style>\n",
    );
    site.build().success();
    let html = site.public("contact/index.html");
    let main = main_of(&html).to_lowercase();
    for bad in [
        "<script",
        "alert(",
        "onmouseover",
        "onerror",
        "javascript",
        "data:",
        "<iframe",
        "<object",
        "<style",
    ] {
        assert!(!main.contains(bad), "{bad} reached the page: {main}");
    }
    assert!(
        main.contains(r#"<div class="note">call us</div>"#),
        "harmless markup is kept: {main}"
    );
    assert!(
        html.contains(r#"<a class="jargon" href="/jargon/#senco"><abbr title="Special educational needs co-ordinator">SENCo</abbr></a>"#),
        "our own term links survive cleaning: {html}"
    );
}

#[test]
fn details_tables_and_heading_ids_survive_cleaning() {
    let site = page_with_body(
        "## How to apply\n\n<details><summary>More</summary>\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n</details>\n",
    );
    site.build().success();
    let html = site.public("contact/index.html");
    let main = main_of(&html);
    assert!(
        main.contains(r#"<h2 id="how-to-apply">How to apply</h2>"#),
        "{main}"
    );
    assert!(main.contains("<details><summary>More</summary>"), "{main}");
    assert!(main.contains("<td>1</td>"), "{main}");
}

#[test]
fn an_iframe_passes_only_from_a_host_site_toml_lists() {
    let site = page_with_body(
        "<iframe src=\"https://www.youtube-nocookie.com/embed/abc\" title=\"Our video\"></iframe>\n\n\
         <iframe src=\"https://evil.example/embed/abc\" title=\"Other\"></iframe>\n",
    );
    site.build().success();
    let before = site.public("contact/index.html");
    assert!(
        !main_of(&before).contains("<iframe"),
        "no embeds by default"
    );

    let toml = std::fs::read_to_string(site.path().join("site.toml")).unwrap();
    site.write(
        "site.toml",
        format!("{toml}\n[html]\niframe_hosts = [\"www.youtube-nocookie.com\"]\n"),
    );
    site.build().success();
    let html = site.public("contact/index.html");
    let main = main_of(&html);
    assert!(
        main.contains(r#"<iframe src="https://www.youtube-nocookie.com/embed/abc" title="Our video"></iframe>"#),
        "{main}"
    );
    assert!(!main.contains("evil.example"), "{main}");
}

#[test]
fn site_toml_may_not_allow_script() {
    let site = TestSite::fixture("small");
    let toml = std::fs::read_to_string(site.path().join("site.toml")).unwrap();
    site.write(
        "site.toml",
        format!("{toml}\n[html]\nextra_tags = [\"script\"]\n"),
    );
    let assert = site.build().code(1);
    let err = stderr(&assert);
    assert!(err.contains("extra_tags may not allow `script`"), "{err}");
    assert!(err.contains("site.toml"), "{err}");
}

#[test]
fn a_title_with_markup_is_escaped_on_the_page() {
    let site = TestSite::fixture("small");
    site.write(
        CONTACT,
        "---\ntitle: \"Contact <script>alert(1)</script> us\"\n---\nHello.\n",
    );
    site.build().success();
    let html = site.public("contact/index.html");
    assert!(!html.contains("<script>alert(1)"), "{html}");
    assert!(
        html.contains("Contact &lt;script&gt;alert(1)&lt;"),
        "the title is shown as text: {html}"
    );
}

#[test]
fn a_description_with_quotes_cannot_leave_its_attribute() {
    // Tera escapes `& < > " '` (since 4 December with its fast escape, the
    // one pulldown-cmark uses; the page came out byte for byte the same).
    let site = TestSite::fixture("small");
    site.write(
        CONTACT,
        "---\ntitle: Contact us\ndescription: \"Say \\\"hi\\\" onmouseover='alert(1)' x=\"\n---\nHello.\n",
    );
    site.build().success();
    let html = site.public("contact/index.html");
    assert!(
        html.contains(r#"<meta name="description" content="Say &quot;hi&quot; onmouseover=&#39;alert(1)&#39; x=">"#),
        "the description stays inside its attribute: {html}"
    );
    assert!(!html.contains(r#""hi""#), "{html}");
}

#[test]
fn every_attribute_in_the_theme_that_holds_a_value_is_double_quoted() {
    // Escaping keeps a value inside a quoted attribute; an unquoted one would end
    // at the first space.
    let templates =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
    let mut checked = 0;
    for entry in std::fs::read_dir(&templates).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        for (i, _) in text.match_indices("{{") {
            // The attribute this value is in, if any: the last `=` before it on
            // the same tag, with what follows the `=`.
            let before = &text[..i];
            let tag_start = before.rfind('<').unwrap_or(0);
            if before[tag_start..].contains('>') {
                continue; // in text, not in a tag
            }
            let Some(eq) = before[tag_start..].rfind('=') else {
                continue;
            };
            let opening = before[tag_start + eq + 1..].chars().next();
            assert_eq!(
                opening,
                Some('"'),
                "{}: a value in an attribute that is not double-quoted: {}",
                path.display(),
                &text[tag_start..(i + 20).min(text.len())]
            );
            checked += 1;
        }
    }
    assert!(checked > 50, "only {checked} values in attributes checked");
}

/// Builds `site` expecting failure, and returns what it printed.
fn fails(site: &TestSite) -> String {
    stderr(&site.build().code(1))
}

#[test]
fn an_alias_bomb_in_front_matter_is_refused_with_the_file_named() {
    let site = TestSite::fixture("small");
    let mut yaml = String::from("aliases: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for level in 1..10 {
        let prev = format!("*a{}", level - 1);
        yaml.push_str(&format!(
            "a{level}: &a{level} [{}]\n",
            vec![prev; 9].join(", ")
        ));
    }
    site.write(
        "content/jargon/senco.md",
        format!("---\nterm: SENCo\n{yaml}---\nText.\n"),
    );
    let err = fails(&site);
    assert!(err.contains("content/jargon/senco.md:"), "{err}");
    assert!(err.contains("front matter"), "{err}");
}

#[test]
fn deeply_nested_front_matter_is_refused_at_its_line() {
    let site = TestSite::fixture("small");
    site.write(
        CONTACT,
        format!(
            "---\ntitle: Contact\ndescription: {}\n---\nHi.\n",
            "[".repeat(1_000)
        ),
    );
    let err = fails(&site);
    assert!(err.contains("content/pages/contact.md:3:"), "{err}");
    assert!(err.contains("more than 32 levels deep"), "{err}");
}

#[test]
fn a_file_over_the_size_limit_is_refused() {
    let site = TestSite::fixture("small");
    let body = "All work and no play. ".repeat(5 * 1024 * 1024 / 22 + 1);
    site.write(CONTACT, format!("---\ntitle: Contact\n---\n{body}\n"));
    let err = fails(&site);
    assert!(err.contains("content/pages/contact.md"), "{err}");
    assert!(
        err.contains("content files may be at most 4096 KiB"),
        "{err}"
    );
}

#[cfg(unix)]
mod symlinks {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn a_link_to_a_file_outside_the_site_is_an_error_and_not_published() {
        let site = TestSite::fixture("small");
        let outside = tempfile::tempdir().unwrap();
        let secret = outside.path().join("secret.txt");
        std::fs::write(&secret, "password=hunter2").unwrap();
        symlink(&secret, site.path().join("content/pages/leak.txt")).unwrap();
        let err = fails(&site);
        assert!(err.contains("content/pages/leak.txt"), "{err}");
        assert!(err.contains("outside the site's folder"), "{err}");
        assert!(!site.path().join("public/pages/leak.txt").exists());
    }

    #[test]
    fn a_folder_link_that_loops_is_reported_not_followed() {
        let site = TestSite::fixture("small");
        symlink("..", site.path().join("content/pages/loop")).unwrap();
        let err = fails(&site);
        assert!(err.contains("content/pages/loop"), "{err}");
        assert!(err.contains("links to folders are not followed"), "{err}");
    }

    #[test]
    fn a_link_to_a_file_inside_the_site_is_followed() {
        let site = TestSite::fixture("small");
        site.write("shared/leaflet.txt", "A leaflet");
        symlink(
            site.path().join("shared/leaflet.txt"),
            site.path().join("content/pages/leaflet.txt"),
        )
        .unwrap();
        site.build().success();
        assert_eq!(site.public("pages/leaflet.txt"), "A leaflet");
    }

    #[test]
    fn links_in_the_themes_static_folder_are_not_copied() {
        let site = TestSite::fixture("small");
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.txt"), "password").unwrap();
        symlink(
            outside.path().join("secret.txt"),
            site.path().join("themes/default/static/secret.txt"),
        )
        .unwrap();
        symlink("..", site.path().join("themes/default/static/loop")).unwrap();
        site.build().success();
        assert!(site.has_public("static/site.css"));
        assert!(!site.has_public("static/secret.txt"));
        assert!(!site.has_public("static/loop"));
    }
}
