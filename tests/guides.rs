//! Step-by-step guides: the journey on its own page, "part of" panels on the pages
//! its steps link to, and the mistakes the build refuses. The guides written here
//! are made up for the tests.

mod common;

use common::{TestSite, stderr};

const GUIDE: &str = "---
title: Asking for help (made up)
description: A made-up guide for tests.
sources:
  - title: Children and Families Act 2014, section 36
    url: https://www.legislation.gov.uk/ukpga/2014/6/section/36
---

Who this made-up guide is for.

## Talk to the school

When: before you ask

Speak to the [SENCo](../jargon/senco.md) first.

## The council decides

When: within 6 weeks

Read [how to ask](../faqs/assessments.md#how-do-i-ask-for-an-ehc-needs-assessment) and the [other guide](other.md).

## You get the answer

Nothing more to do.
";

#[test]
fn a_guide_is_a_numbered_journey_and_the_pages_it_links_say_they_are_part_of_it() {
    let site = TestSite::fixture("small");
    site.write("content/guides/asking.md", GUIDE);
    site.write(
        "content/guides/other.md",
        "---\ntitle: Another made-up guide\n---\n\n## Only step\n\nLinks back to [asking](asking.md).\n",
    );
    site.build().success();

    let guide = site.public("guides/asking/index.html");
    let steps = common::between(&guide, r#"<ol class="step-nav">"#, "</ol>");
    let titles: Vec<&str> = steps
        .split(r#"<h2 class="step-nav__title">"#)
        .skip(1)
        .map(|s| s.split("</h2>").next().unwrap_or_default())
        .collect();
    assert_eq!(titles.len(), 3, "{steps}");
    assert!(
        titles[0].contains(r#"<span class="visually-hidden">Step </span>1"#)
            && titles[0].ends_with("Talk to the school"),
        "{titles:?}"
    );
    assert!(titles[2].ends_with("You get the answer"), "{titles:?}");
    assert!(
        steps.contains("<strong>When:</strong> within 6 weeks"),
        "{steps}"
    );
    assert!(guide.contains(r#"<a href="https://www.legislation.gov.uk/ukpga/2014/6/section/36">Children and Families Act 2014, section 36</a>"#));
    assert!(
        site.public("guides/index.html")
            .contains(r#"<a href="/guides/asking/">Asking for help (made up)</a>"#)
    );
    assert!(
        site.public("index.html")
            .contains(r#"<a href="/guides/">Guides</a>"#)
    );

    // The FAQ page and the jargon term a step links to name the guide and the step;
    // a guide linked from another guide does not call itself part of it.
    let faq = site.public("faqs/assessments/index.html");
    let panel = common::between(&faq, r#"<nav class="part-of""#, "</nav>");
    assert!(panel.contains(r#"Part of <a href="/guides/asking/">Asking for help (made up)</a>, <a href="/guides/asking/#step-2">step 2: The council decides</a>"#), "{panel}");
    let jargon = site.public("jargon/index.html");
    let senco = common::between(&jargon, r#"id="senco""#, r#"class="back-to-top""#);
    assert!(
        senco.contains(r#"<a href="/guides/asking/#step-1">step 1: Talk to the school</a>"#),
        "{senco}"
    );
    assert!(!common::between(&jargon, r#"id="ehc-plan""#, r#"id="senco""#).contains("Part of"));
    assert!(
        !site
            .public("guides/other/index.html")
            .contains(r#"class="part-of""#)
    );
    assert!(
        !site
            .public("guides/asking/index.html")
            .contains(r#"class="part-of""#)
    );

    // Each step is found by search at its own place.
    let out = site
        .cmd(&["search", "council decides", "--kind", "guide", "--json"])
        .output()
        .unwrap();
    let answer: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        answer["results"][0]["url"], "/guides/asking/#step-2",
        "{answer}"
    );
}

#[test]
fn a_guide_without_steps_a_step_without_a_title_or_a_time_that_cannot_be_read_is_refused() {
    let site = TestSite::fixture("small");
    site.write(
        "content/guides/empty.md",
        "---\ntitle: No steps (made up)\n---\n\nJust an introduction.\n",
    );
    site.write(
        "content/guides/broken.md",
        "---\ntitle: Broken (made up)\nsources:\n  - title: A page\n    url: www.example.org/law\n---\n\n## \n\nA step with no title.\n\n## Wait\n\nWhen: by weak 6\n\nThe time is misspelt.\n\n## Later\n\nWhen: soon\n\nThe time says nothing.\n",
    );
    let out = site.build().code(1);
    let err = stderr(&out);
    for expected in [
        "content/guides/empty.md",
        "this guide has no steps",
        "content/guides/broken.md:8:1",
        "step 1 has no title",
        "content/guides/broken.md:14:1",
        "the time \"by weak 6\" cannot be read",
        "did you mean `week`?",
        "the time \"soon\" cannot be read",
        "the source \"A page\" has no web address",
    ] {
        assert!(err.contains(expected), "no {expected:?} in {err}");
    }
    // The last good site is kept.
    assert!(!site.has_public("guides/broken/index.html"));
}

#[test]
fn a_new_guide_builds_as_written() {
    let site = TestSite::fixture("small");
    site.cmd(&["new", "guide", "Getting a made-up thing"])
        .assert()
        .success();
    site.build().success();
    let guide = site.public("guides/getting-a-made-up-thing/index.html");
    assert!(
        guide.contains("<strong>When:</strong> within 6 weeks"),
        "{guide}"
    );
}
