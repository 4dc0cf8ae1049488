//! Performance snapshots as readers get them: each dataset as an accessible chart
//! beside a table of the same figures, with CSV and JSON downloads; and, on
//! `/performance/`, trends of each measure published more than once.

mod common;

use common::{TestSite, between};

/// The `<div class="dataset" id="<id>">` block of `html`, blank lines dropped.
fn dataset_block(html: &str, id: &str) -> String {
    between(
        html,
        &format!(r#"<div class="dataset" id="{id}">"#),
        "</p>\n</div>",
    )
}

#[test]
fn each_dataset_is_a_labelled_chart_beside_its_table_and_downloads() {
    let site = TestSite::fixture("small");
    site.build().success();
    let html = site.public("performance/2024-02/index.html");
    let block = dataset_block(&html, "contacts");
    assert!(
        block.contains(
            r#"<svg class="chart chart--bar" role="img" aria-labelledby="contacts-chart-title contacts-chart-desc""#
        ),
        "{block}"
    );
    assert!(
        block.contains(
            r#"<desc id="contacts-chart-desc">Bar chart. Exceeded is the largest, at 14,189 contacts; Met is the smallest, at 927 contacts.</desc>"#
        ),
        "{block}"
    );
    let chart = block.find("<svg").unwrap();
    let table = block.find("<table").unwrap();
    assert!(chart < table, "the chart comes first, then the table");
    assert!(
        block.contains(r#"<a href="/performance/2024-02/contacts.csv" download>CSV"#),
        "{block}"
    );
    assert!(block.contains(r#"<a href="/performance/2024-02/contacts.json" download>JSON"#));
    insta::assert_snapshot!(block);
}

#[test]
fn downloads_hold_the_same_figures_as_plain_numbers() {
    let site = TestSite::fixture("small");
    site.build().success();
    assert_eq!(
        site.public("performance/2024-02/contacts.csv"),
        "Measure,January 2024\r\nExceeded,14189\r\nMet,927\r\nNot met,1263\r\n"
    );
    let json: serde_json::Value =
        serde_json::from_str(&site.public("performance/2024-02/quality.json")).unwrap();
    assert_eq!(json["unit"], "%");
    assert_eq!(json["categories"][1], "All councils");
    assert_eq!(json["series"][0]["values"], serde_json::json!([75, 40]));
    assert_eq!(json["published_in"]["url"], "/performance/2024-02/");
}

#[test]
fn performance_lists_every_snapshot_newest_first() {
    let site = TestSite::fixture("trend");
    site.build().success();
    let html = site.public("performance/index.html");
    let april = html.find(r#"<a href="/performance/2024-04/">April 2024 update</a>"#);
    let february = html.find(r#"<a href="/performance/2024-02/">February 2024 update</a>"#);
    assert!(april.unwrap() < february.unwrap(), "newest first");
}

#[test]
fn measures_in_more_than_one_snapshot_get_trend_charts_by_month() {
    let site = TestSite::fixture("trend");
    site.build().success();
    let html = site.public("performance/index.html");
    assert!(html.contains("<h2>Trends</h2>"), "{html}");
    assert!(
        !html.contains("A measure published once"),
        "a measure in one snapshot has no trend"
    );
    let block = dataset_block(&html, "trend-front-door");
    // One chart per category, months along the bottom from both snapshots.
    for (i, category) in ["Exceeded", "Met", "Not met"].iter().enumerate() {
        assert!(
            block.contains(&format!(
                r#"<title id="trend-front-door-{i}-chart-title">Front door contacts by month: {category}, over time (contacts)</title>"#
            )),
            "{block}"
        );
    }
    for month in [
        "December 2023",
        "January 2024",
        "February 2024",
        "March 2024",
    ] {
        assert!(
            block.contains(&format!(r#"<th scope="row">{month}</th>"#)),
            "{month}: {block}"
        );
    }
    assert!(
        block.contains(
            "Not met fell from 30 contacts in December 2023 to 15 contacts in March 2024, \
             against 80 contacts a year before."
        ),
        "the description states the finding and the comparison: {block}"
    );
    assert_eq!(
        site.public("performance/trends/front-door.csv")
            .lines()
            .nth(4)
            .unwrap(),
        "March 2024,1250,950,55,65,15,80"
    );
}

#[test]
fn previous_year_actuals_are_compared_in_the_trend_table() {
    let site = TestSite::fixture("trend");
    site.build().success();
    let html = site.public("performance/index.html");
    let block = dataset_block(&html, "trend-timeliness");
    insta::assert_snapshot!(block);
}

#[test]
fn a_snapshot_shows_previous_year_actuals_beside_its_figures() {
    let site = TestSite::fixture("trend");
    site.build().success();
    let html = site.public("performance/2024-04/index.html");
    let block = dataset_block(&html, "front-door");
    assert!(
        block.contains(r#"<th scope="col" class="num">February 2024: previous year actual</th>"#),
        "{block}"
    );
    assert!(
        block.contains("Previous year: 900"),
        "drawn on the chart: {block}"
    );
}

#[test]
fn the_june_2022_snapshot_charts_every_dataset_with_its_downloads() {
    let site = TestSite::repo_site();
    site.build().success();
    let html = site.public("performance/2022-06/index.html");
    for id in [
        "front-door-totals",
        "front-door-monthly",
        "ehcp-quality",
        "ehcp-quality-rate",
        "section-g",
        "section-b",
        "tribunals",
    ] {
        let block = dataset_block(&html, id);
        assert!(block.contains(r#"role="img""#), "{id} has a chart");
        assert!(block.contains("<caption>"), "{id} has a table");
        assert!(
            site.has_public(&format!("performance/2022-06/{id}.csv")),
            "{id}.csv"
        );
        assert!(
            site.has_public(&format!("performance/2022-06/{id}.json")),
            "{id}.json"
        );
    }
    // The source drew the totals as a pie: here they are parts of a whole, with shares.
    assert!(html.contains(
        "Exceeded is the largest part, 14,189 of 16,379 contacts (86.6%). \
         Then Not met 1,263 (7.7%); Met 927 (5.7%)."
    ));
    assert_eq!(
        site.public("performance/2022-06/front-door-monthly.csv"),
        "Measure,April 2022,May 2022\r\nExceeded,1130,1150\r\nMet,48,56\r\nNot met,21,97\r\n"
    );
    // One snapshot: nothing to trend yet.
    assert!(
        !site
            .public("performance/index.html")
            .contains("<h2>Trends</h2>")
    );
}
