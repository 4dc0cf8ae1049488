//! Content and template errors: named by file:line:column with a fix, all reported
//! together, exit status 1, and the last good `public/` untouched.

mod common;

use common::{TestSite, stderr};

/// Builds once so there is a good `public/`, then returns the site.
fn built_site() -> TestSite {
    let site = TestSite::fixture("small");
    site.build().success();
    site
}

/// Asserts the build fails with status 1, leaves `public/` as it was, and returns
/// what it printed.
fn fails_keeping_public(site: &TestSite) -> String {
    let before = site.public("faqs/assessments/index.html");
    let assert = site.build().code(1);
    assert_eq!(
        site.public("faqs/assessments/index.html"),
        before,
        "public/ changed"
    );
    let leftovers: Vec<_> = std::fs::read_dir(site.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".public"))
        .collect();
    assert!(leftovers.is_empty(), "staging folder left behind");
    stderr(&assert)
}

#[test]
fn broken_yaml_names_the_file_line_and_column() {
    let site = built_site();
    site.write(
        "content/faqs/assessments.md",
        "---\ntitle: Assessments\ndescription: \"unclosed\n---\nBody\n",
    );
    let err = fails_keeping_public(&site);
    assert!(
        err.contains("--> content/faqs/assessments.md:3:14"),
        "points at the opening quote: {err}"
    );
    assert!(err.contains("the front matter could not be read"), "{err}");
    assert!(err.contains("never closed"), "{err}");
    assert!(
        err.contains("the site was not built: 1 problem to fix"),
        "only the broken file is reported: {err}"
    );
    assert!(err.contains("help:"), "{err}");
}

#[test]
fn an_unknown_field_suggests_the_nearest_valid_one() {
    let site = built_site();
    site.write(
        "content/jargon/senco.md",
        "---\nterm: SENCo\nstand_for: Special educational needs co-ordinator\n---\nText.\n",
    );
    let err = fails_keeping_public(&site);
    assert!(
        err.contains("error: unknown field `stand_for` in the front matter of a jargon term"),
        "{err}"
    );
    assert!(err.contains("--> content/jargon/senco.md:3:1"), "{err}");
    assert!(err.contains("did you mean `stands_for`?"), "{err}");
}

#[test]
fn a_wrong_type_points_at_the_value() {
    let site = built_site();
    site.write(
        "content/team/hub.md",
        "---\nname: Hub\nresponsibilities: 7\n---\nText.\n",
    );
    let err = fails_keeping_public(&site);
    assert!(err.contains("--> content/team/hub.md:3:"), "{err}");
    assert!(err.contains("invalid type"), "{err}");
}

#[test]
fn a_missing_required_field_is_named() {
    let site = built_site();
    site.write(
        "content/news/2024-02-28-update.md",
        "---\ntitle: Update\ndate: 2024-02-28\nseries: news-splash\n---\nText.\n",
    );
    let err = fails_keeping_public(&site);
    assert!(err.contains("a news post needs a `summary` field"), "{err}");
    assert!(
        err.contains("--> content/news/2024-02-28-update.md:1:1"),
        "{err}"
    );
}

#[test]
fn a_bad_date_is_explained() {
    let site = built_site();
    site.write(
        "content/pages/contact.md",
        "---\ntitle: Contact\nupdated: 02/01/2024\n---\nText.\n",
    );
    let err = fails_keeping_public(&site);
    assert!(err.contains("--> content/pages/contact.md:3:10"), "{err}");
    assert!(err.contains("YYYY-MM-DD"), "{err}");
}

#[test]
fn invalid_utf8_names_the_file_and_byte() {
    let site = built_site();
    site.write(
        "content/pages/contact.md",
        b"---\ntitle: Caf\xe9\n---\nText.\n",
    );
    let err = fails_keeping_public(&site);
    assert!(err.contains("content/pages/contact.md:2:11"), "{err}");
    assert!(
        err.contains("not valid UTF-8 text (bad byte at offset 14"),
        "{err}"
    );
    assert!(err.contains("UTF-8"), "{err}");
}

#[test]
fn a_broken_template_is_named_by_its_own_file_and_line() {
    let site = built_site();
    let path = "themes/default/templates/faq.html";
    let text = std::fs::read_to_string(site.path().join(path)).unwrap();
    site.write(path, text.replacen("{{ page.title }}", "{{ page.title ", 1));
    let err = fails_keeping_public(&site);
    assert!(
        err.contains("--> themes/default/templates/faq.html:3:"),
        "{err}"
    );
    assert!(err.contains("template error"), "{err}");
}

#[test]
fn a_template_using_an_unknown_value_is_named() {
    let site = built_site();
    let path = "themes/default/templates/page.html";
    site.write(path, "{% extends \"base.html\" %}\n{% block content %}\n{{ page.no_such_thing }}\n{% endblock content %}\n");
    let err = fails_keeping_public(&site);
    assert!(
        err.contains("--> themes/default/templates/page.html:3:"),
        "{err}"
    );
}

#[test]
fn a_link_to_a_missing_page_is_an_error_with_a_suggestion() {
    let site = built_site();
    site.write(
        "content/pages/contact.md",
        "---\ntitle: Contact\n---\nSee [the hub](../team/hubb.md).\n",
    );
    let err = fails_keeping_public(&site);
    assert!(err.contains("--> content/pages/contact.md:4:15"), "{err}");
    assert!(err.contains("did you mean `../team/hub.md`?"), "{err}");
}

#[test]
fn a_page_named_like_a_section_of_the_site_is_an_error() {
    // One name from each list the check reads: a kind's folder and the server's own.
    for name in ["faqs", "guides", "search"] {
        let site = built_site();
        site.write(
            &format!("content/pages/{name}.md"),
            "---\ntitle: A page\n---\nText.\n",
        );
        let err = fails_keeping_public(&site);
        assert!(
            err.contains(&format!(
                "a page called `{name}` would hide the site's own /{name}/ section"
            )),
            "{err}"
        );
    }
    // A name no section uses builds.
    let site = built_site();
    site.write("content/pages/faq.md", "---\ntitle: A page\n---\nText.\n");
    site.build().success();
}

#[test]
fn a_question_without_an_answer_is_an_error() {
    let site = built_site();
    site.write(
        "content/faqs/assessments.md",
        "---\ntitle: A\n---\n### Lonely question?\n\n### Answered?\n\nYes.\n",
    );
    let err = fails_keeping_public(&site);
    assert!(
        err.contains("the question \"Lonely question?\" has no answer"),
        "{err}"
    );
    assert!(err.contains("--> content/faqs/assessments.md:4:1"), "{err}");
}

#[test]
fn datasets_with_mismatched_series_are_errors_naming_the_dataset() {
    let site = built_site();
    let text = std::fs::read_to_string(site.path().join("content/performance/2024-02.md")).unwrap();
    site.write(
        "content/performance/2024-02.md",
        text.replace("values: [14189, 927, 1263]", "values: [14189, 927]"),
    );
    let err = fails_keeping_public(&site);
    assert!(
        err.contains(
            "in dataset `contacts`, series \"January 2024\" has 2 values but there are 3 categories"
        ),
        "{err}"
    );
    assert!(
        err.contains("--> content/performance/2024-02.md:11:"),
        "points at the series: {err}"
    );
}

#[test]
fn a_figure_that_is_not_a_number_is_named_with_its_dataset_and_line() {
    let site = built_site();
    let text = std::fs::read_to_string(site.path().join("content/performance/2024-02.md")).unwrap();
    site.write(
        "content/performance/2024-02.md",
        text.replace(
            "values: [14189, 927, 1263]",
            "values: [14189, \"9 27\", 1263]",
        ),
    );
    let err = fails_keeping_public(&site);
    assert!(
        err.contains(
            "in dataset `contacts`, series \"January 2024\", the value for \"Met\" is `9 27`, which is not a number"
        ),
        "{err}"
    );
    assert!(
        err.contains("--> content/performance/2024-02.md:12:"),
        "{err}"
    );
    assert!(err.contains("without commas or units"), "{err}");
}

#[test]
fn an_unknown_chart_type_lists_the_valid_ones() {
    let site = built_site();
    let text = std::fs::read_to_string(site.path().join("content/performance/2024-02.md")).unwrap();
    site.write(
        "content/performance/2024-02.md",
        text.replace("    unit: \"%\"\n", "    unit: \"%\"\n    chart: pi\n"),
    );
    let err = fails_keeping_public(&site);
    assert!(
        err.contains("dataset `quality` asks for an unknown chart `pi`"),
        "{err}"
    );
    assert!(
        err.contains("--> content/performance/2024-02.md:16:"),
        "{err}"
    );
    assert!(
        err.contains("did you mean `pie`? write one of: chart: bar, stacked-bar, part-to-whole (or pie), line"),
        "{err}"
    );
}

#[test]
fn a_previous_year_list_of_the_wrong_length_is_an_error() {
    let site = built_site();
    let text = std::fs::read_to_string(site.path().join("content/performance/2024-02.md")).unwrap();
    site.write(
        "content/performance/2024-02.md",
        text.replace(
            "values: [75, 40]",
            "values: [75, 40]\n        previous_year: [70]",
        ),
    );
    let err = fails_keeping_public(&site);
    assert!(
        err.contains(
            "in dataset `quality`, series \"Share\" has 1 previous-year values but there are 2 categories"
        ),
        "{err}"
    );
}

#[test]
fn an_alias_claimed_by_two_terms_is_an_error() {
    let site = built_site();
    site.write(
        "content/jargon/senco.md",
        "---\nterm: SENCo\naliases: [EHCP]\n---\nText.\n",
    );
    let err = fails_keeping_public(&site);
    assert!(
        err.contains("\"EHCP\" is already a term or alias in content/jargon/ehc-plan.md"),
        "{err}"
    );
}

#[test]
fn see_also_naming_a_broken_term_is_one_error_and_a_misspelt_one_gets_a_suggestion() {
    let site = built_site();
    // senco.md's front matter is broken; ehc-plan.md points at it, and at a term
    // that is not there.
    site.write(
        "content/jargon/senco.md",
        "---\nterm: SENCo\nalias: [x]\n---\nText.\n",
    );
    site.write(
        "content/jargon/ehc-plan.md",
        "---\nterm: EHC plan\nsee_also: [senco, ehc-plam]\n---\nA plan.\n",
    );
    let err = fails_keeping_public(&site);
    assert!(err.contains("content/jargon/senco.md:3:1"), "{err}");
    assert!(!err.contains("no content/jargon/senco.md"), "{err}");
    assert!(
        err.contains("see_also names `ehc-plam`, but there is no content/jargon/ehc-plam.md"),
        "{err}"
    );
    assert!(err.contains("did you mean `ehc-plan`?"), "{err}");
    assert!(
        err.contains("the site was not built: 2 problems to fix"),
        "{err}"
    );
}

#[test]
fn every_problem_is_reported_together_sorted_by_file() {
    let site = built_site();
    site.write(
        "content/pages/contact.md",
        "---\ntitel: Contact\n---\nText.\n",
    );
    site.write(
        "content/jargon/senco.md",
        "---\nterm: SENCo\nalias: [x]\n---\nText.\n",
    );
    site.write(
        "content/faqs/assessments.md",
        "---\ntitle: A\n---\n[x](nowhere.md)\n",
    );
    let err = fails_keeping_public(&site);
    let faq = err
        .find("content/faqs/assessments.md:4:")
        .expect("faq error");
    let jargon = err
        .find("content/jargon/senco.md:3:1")
        .expect("jargon error");
    let page = err
        .find("content/pages/contact.md:2:1")
        .expect("page error");
    assert!(faq < jargon && jargon < page, "{err}");
    assert!(
        err.contains("the site was not built: 3 problems to fix"),
        "{err}"
    );
}

#[test]
fn a_page_outside_the_content_folders_is_an_error() {
    let site = built_site();
    site.write("content/stray.md", "---\ntitle: Stray\n---\n");
    let err = fails_keeping_public(&site);
    assert!(err.contains("content/stray.md"), "{err}");
    assert!(err.contains("move it into one of content/faqs/"), "{err}");
}

#[test]
fn a_mistyped_setting_in_site_toml_is_named() {
    let site = built_site();
    let text = std::fs::read_to_string(site.path().join("site.toml")).unwrap();
    site.write("site.toml", text.replace("base_url", "base_ur"));
    let err = fails_keeping_public(&site);
    assert!(err.contains("site.toml:2:1"), "{err}");
    assert!(err.contains("did you mean `base_url`?"), "{err}");
}

#[test]
fn a_missing_site_toml_says_where_to_run() {
    let dir = tempfile::tempdir().unwrap();
    let assert = assert_cmd::Command::cargo_bin("localoffer")
        .unwrap()
        .args(["build", "--root"])
        .arg(dir.path())
        .assert()
        .code(1);
    assert!(stderr(&assert).contains("cannot read site.toml"));
}

#[test]
fn an_unknown_field_is_shown_rustc_style() {
    let site = built_site();
    site.write(
        "content/jargon/senco.md",
        "---\nterm: SENCo\nstand_for: Special educational needs co-ordinator\n---\nText.\n",
    );
    let err = fails_keeping_public(&site);
    insta::assert_snapshot!(err);
}

#[test]
fn a_mistyped_field_inside_a_dataset_suggests_the_fields_there() {
    let site = built_site();
    let text = std::fs::read_to_string(site.path().join("content/performance/2024-02.md")).unwrap();
    site.write(
        "content/performance/2024-02.md",
        text.replace("values: [75, 40]", "valeus: [75, 40]"),
    );
    let err = fails_keeping_public(&site);
    assert!(
        err.contains("--> content/performance/2024-02.md:19:9"),
        "{err}"
    );
    assert!(
        err.contains("did you mean `values`? this item takes: name, values, previous_year"),
        "{err}"
    );
}
