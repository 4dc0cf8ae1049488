//! What the law asks a Local Offer to contain: `covers:` on pages, the coverage
//! report of `check --coverage` (for people and as JSON), the public page "What
//! this Local Offer covers", the mistakes the build refuses, and the printable
//! Local Offer. The fixture's pages are made up.

mod common;

use common::{TestSite, stderr};

/// The small fixture with `covers:` added to its FAQ page and contact page.
fn covering_site() -> TestSite {
    let site = TestSite::fixture("small");
    let faq = site.read("content/faqs/assessments.md");
    site.write(
        "content/faqs/assessments.md",
        faq.replacen("---\n", "---\ncovers: [identifying-needs, \"5(d)\"]\n", 1),
    );
    let contact = site.read("content/pages/contact.md");
    site.write(
        "content/pages/contact.md",
        contact.replacen("---\n", "---\ncovers: [information-advice, 5d]\n", 1),
    );
    site
}

#[test]
fn check_coverage_lists_every_item_with_the_pages_that_cover_it_and_warns_for_the_rest() {
    let site = covering_site();
    let out = site.cmd(&["check", "--coverage"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    // Every item of the law's list is there, in the regulation's order.
    let first = text.find("1(a) early-years:").expect("paragraph 1(a)");
    let last = text.find("5(j) wellbeing:").expect("paragraph 5(j)");
    assert!(first < last, "{text}");
    assert!(
        text.contains("What this Local Offer covers: 3 of 36 items"),
        "{text}"
    );
    // Two pages cover 5(d): each named by address and title, once.
    let reviewing = common::between(&text, "5(d) reviewing-progress:", "5(e)");
    assert!(reviewing.contains("/faqs/assessments/"), "{reviewing}");
    assert!(reviewing.contains("/contact/"), "{reviewing}");
    // What nothing covers is a warning, with the line to write.
    assert!(
        text.contains(
            "warning: nothing covers travel (Children and Families Act 2014, section 30)"
        ),
        "{text}"
    );
    assert!(text.contains("write `covers: [travel]`"), "{text}");
    assert!(
        !text.contains("nothing covers information-advice"),
        "{text}"
    );
    assert_eq!(
        text.matches("warning: nothing covers").count(),
        33,
        "{text}"
    );

    // Without --coverage there is no report and no coverage warning.
    let plain = site.cmd(&["check"]).output().unwrap();
    let plain = String::from_utf8_lossy(&plain.stdout);
    assert!(!plain.contains("nothing covers"), "{plain}");
}

#[test]
fn check_coverage_as_json_gives_the_report_for_other_programs() {
    let site = covering_site();
    let out = site
        .cmd(&["check", "--coverage", "--format", "json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let coverage = &json["coverage"];
    assert_eq!(coverage["covered"], 3);
    assert_eq!(coverage["total"], 36);
    let items = coverage["items"].as_array().unwrap();
    let item = |key: &str| items.iter().find(|i| i["key"] == key).unwrap().clone();
    let reviewing = item("reviewing-progress");
    assert_eq!(reviewing["paragraph"], "5(d)");
    assert_eq!(reviewing["basis"], "Schedule 2, paragraph 5(d)");
    let urls: Vec<&str> = reviewing["pages"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["url"].as_str())
        .collect();
    assert_eq!(urls, ["/faqs/assessments/", "/contact/"]);
    assert_eq!(item("travel")["pages"].as_array().map(Vec::len), Some(0));
    assert_eq!(item("travel")["paragraph"], serde_json::Value::Null);
    let gaps = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| {
            d["message"]
                .as_str()
                .is_some_and(|m| m.starts_with("nothing covers"))
        })
        .count();
    assert_eq!(gaps, 33);
}

#[test]
fn the_site_has_a_public_page_of_what_it_covers() {
    let site = covering_site();
    site.build().success();
    let page = site.public("coverage/index.html");
    assert!(
        page.contains("<h1>What this Local Offer covers</h1>"),
        "{page}"
    );
    assert!(
        page.contains("covers <strong>3 of the 36</strong> items"),
        "{page}"
    );
    let row = common::between(&page, r#"<tr id="reviewing-progress">"#, "</tr>");
    assert!(row.contains(r#"<th scope="row">5(d)</th>"#), "{row}");
    assert!(row.contains(r#"<a href="/contact/">"#), "{row}");
    let travel = common::between(&page, r#"<tr id="travel">"#, "</tr>");
    assert!(travel.contains("Not covered yet."), "{travel}");
    // Every page links to it and to the printable Local Offer.
    let home = site.public("index.html");
    assert!(home.contains(r#"<a href="/coverage/">What this Local Offer covers</a>"#));
    assert!(home.contains(r#"<a href="/print/">Print the whole Local Offer</a>"#));
}

#[test]
fn a_covers_item_the_law_does_not_have_stops_the_build_with_the_nearest_one() {
    let site = TestSite::fixture("small");
    let faq = site.read("content/faqs/assessments.md");
    site.write(
        "content/faqs/assessments.md",
        faq.replacen("---\n", "---\ncovers: [transport]\n", 1),
    );
    let assert = site.build().failure();
    let err = stderr(&assert);
    assert!(
        err.contains("covers names `transport`, which is not in the law's list for a Local Offer"),
        "{err}"
    );
    assert!(err.contains("content/faqs/assessments.md:2:10"), "{err}");
    assert!(err.contains("did you mean `travel`?"), "{err}");
}

#[test]
fn the_printable_local_offer_has_every_section_with_addresses_spelt_out() {
    let site = TestSite::fixture("small");
    site.write(
        "content/guides/asking.md",
        "---\ntitle: Asking for help (made up)\n---\n\nA made-up guide.\n\n## Talk to the school\n\nWhen: before you ask\n\nSee the [SENCo](../jargon/senco.md).\n",
    );
    site.build().success();
    let page = site.public("print/index.html");
    let sections: Vec<&str> = page
        .split(r#"<section class="print-section" aria-labelledby=""#)
        .skip(1)
        .map(|s| s.split('"').next().unwrap_or_default())
        .collect();
    assert_eq!(
        sections,
        ["contact-us", "guides", "questions", "jargon"],
        "{page}"
    );
    // The guide's steps are there in full, not folded away.
    assert!(
        page.contains("<h4>Talk to the school</h4><p><strong>When:</strong> before you ask</p>"),
        "{page}"
    );
    // Links into the site are written out in full, so print shows where they go.
    assert!(
        page.contains(r#"href="https://offer.example.org/jargon/#senco""#),
        "{page}"
    );
    // Every FAQ answer is open: the printed page has no folded answers.
    assert!(!page.contains("<details"), "{page}");
}

#[test]
fn a_site_too_large_to_print_whole_gets_an_abridged_printable_page() {
    let site = TestSite::fixture("small");
    for i in 0..2_001 {
        site.write(
            &format!("content/jargon/made-up-term-{i}.md"),
            format!("---\nterm: Made-up term {i}\n---\nA made-up term for the tests.\n"),
        );
    }
    site.build().success();
    let page = site.public("print/index.html");
    assert!(
        page.contains("This Local Offer is too large to print whole."),
        "{page}"
    );
    // The contact details and the list of FAQ pages stay; the thousands of terms go.
    assert!(page.contains(r#"aria-labelledby="contact-us""#));
    assert!(page.contains(r#"<a href="https://offer.example.org/faqs/assessments/">"#));
    assert!(
        !page.contains("Made-up term 7"),
        "the terms are not printed"
    );
}
