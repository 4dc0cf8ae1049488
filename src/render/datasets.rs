//! Figures as the reader gets them: a chart, a table of the same figures, and CSV
//! and JSON downloads of them; and trends of each measure that appears in more than
//! one snapshot.
//!
//! Everything here starts from a [`Chart`], so the chart, the table and the files can
//! never disagree.

use serde::Serialize;

use super::charts::{self, Chart, ChartSeries};
use super::format::format_number;
use super::{Output, output_path};
use crate::content::Site;
use crate::content::performance::{ChartKind, Dataset, Snapshot};

/// A dataset or trend for templates: the chart's SVG, the table and the downloads.
#[derive(Serialize)]
pub struct DatasetView {
    id: String,
    title: String,
    unit: Option<String>,
    /// The table's first header cell.
    row_header: String,
    columns: Vec<String>,
    rows: Vec<Row>,
    notes: Option<String>,
    source: Option<String>,
    date: Option<String>,
    /// The chart, as SVG markup.
    chart: String,
    csv: String,
    json: String,
}

#[derive(Serialize)]
struct Row {
    label: String,
    cells: Vec<String>,
}

/// The chart of a snapshot's dataset.
pub fn dataset_chart(d: &Dataset) -> Chart {
    Chart {
        id: format!("{}-chart", d.id),
        title: d.title.clone(),
        kind: d.chart,
        unit: d.unit.clone(),
        categories: d.categories.clone(),
        series: d
            .series
            .iter()
            .map(|s| ChartSeries {
                name: s.name.clone(),
                values: s.values.iter().copied().map(Some).collect(),
                previous_year: s
                    .previous_year
                    .as_ref()
                    .map(|p| p.iter().copied().map(Some).collect()),
            })
            .collect(),
    }
}

impl DatasetView {
    /// A snapshot's dataset, with its downloads beside the snapshot's page.
    pub fn of(s: &Snapshot, d: &Dataset) -> DatasetView {
        let chart = dataset_chart(d);
        let base = format!("{}{}", s.url, d.id);
        let mut view = DatasetView::from_chart(&chart, d.id.clone(), "Measure", &base);
        view.notes = d.notes.clone();
        view.source = d.source.clone();
        view.date = d.date.map(|x| x.long());
        view
    }

    /// A trend across snapshots, with its downloads under `/performance/trends/`.
    pub fn of_trend(t: &Trend) -> DatasetView {
        let base = format!("/performance/trends/{}", t.id);
        let mut view =
            DatasetView::from_chart(&t.chart, format!("trend-{}", t.id), "Period", &base);
        view.chart = t
            .charts
            .iter()
            .map(charts::svg)
            .collect::<Vec<_>>()
            .join("\n");
        view.notes = Some(format!("From the updates for {}.", join_and(&t.periods)));
        view
    }

    fn from_chart(chart: &Chart, id: String, row_header: &str, base: &str) -> DatasetView {
        let percent = chart.unit.as_deref() == Some("%");
        let (columns, rows) = table(chart);
        DatasetView {
            id,
            title: chart.title.clone(),
            unit: chart.unit.clone().filter(|_| !percent),
            row_header: row_header.to_owned(),
            columns,
            rows: rows
                .into_iter()
                .map(|(label, cells)| Row {
                    label,
                    cells: cells
                        .into_iter()
                        .map(|v| v.map_or_else(String::new, |v| format_number(v, percent)))
                        .collect(),
                })
                .collect(),
            notes: None,
            source: None,
            date: None,
            chart: charts::svg(chart),
            csv: format!("{base}.csv"),
            json: format!("{base}.json"),
        }
    }
}

/// A row's label and its cells, `None` where there is no figure.
type TableRow = (String, Vec<Option<f64>>);

/// The chart's figures as a table: a column per series (and one for its previous
/// year, where given), a row per category, in the source's order.
fn table(chart: &Chart) -> (Vec<String>, Vec<TableRow>) {
    let mut columns = Vec::new();
    for s in &chart.series {
        columns.push(s.name.clone());
        if s.previous_year.is_some() {
            columns.push(format!("{}: previous year actual", s.name));
        }
    }
    let rows = chart
        .categories
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let mut cells = Vec::new();
            for s in &chart.series {
                cells.push(s.values.get(i).copied().flatten());
                if let Some(p) = &s.previous_year {
                    cells.push(p.get(i).copied().flatten());
                }
            }
            (c.clone(), cells)
        })
        .collect();
    (columns, rows)
}

/// "a", "a and b", "a, b and c".
fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [a] => a.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The figures as CSV (RFC 4180): a header row, then a row per category with plain
/// numbers, so spreadsheets read them as numbers.
pub fn csv(chart: &Chart, row_header: &str) -> String {
    let (columns, rows) = table(chart);
    let mut out = String::new();
    let header: Vec<String> = std::iter::once(row_header.to_owned())
        .chain(columns)
        .map(|c| csv_field(&c))
        .collect();
    out.push_str(&header.join(","));
    out.push_str("\r\n");
    for (label, cells) in rows {
        let mut fields = vec![csv_field(&label)];
        fields.extend(
            cells
                .into_iter()
                .map(|v| v.map_or_else(String::new, |v| v.to_string())),
        );
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    }
    out
}

fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

/// The JSON download: the figures with what is needed to read them.
#[derive(Serialize)]
struct JsonDownload<'a> {
    id: &'a str,
    title: &'a str,
    unit: Option<&'a str>,
    chart: ChartKind,
    categories: &'a [String],
    series: Vec<JsonSeries<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    notes: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    published_in: Option<Published<'a>>,
}

#[derive(Serialize)]
struct JsonSeries<'a> {
    name: &'a str,
    values: Vec<Option<serde_json::Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    previous_year: Option<Vec<Option<serde_json::Value>>>,
}

/// Numbers as JSON, whole numbers without a `.0`.
fn numbers(values: &[Option<f64>]) -> Vec<Option<serde_json::Value>> {
    values
        .iter()
        .map(|v| {
            v.map(|v| {
                // Whole numbers this small convert to i64 exactly.
                if v.fract() == 0.0 && v.abs() < 9.0e15 {
                    serde_json::Value::from(v as i64)
                } else {
                    serde_json::Value::from(v)
                }
            })
        })
        .collect()
}

#[derive(Serialize)]
struct Published<'a> {
    title: &'a str,
    period: &'a str,
    url: &'a str,
}

fn json(chart: &Chart, id: &str, dataset: Option<(&Snapshot, &Dataset)>) -> String {
    let doc = JsonDownload {
        id,
        title: &chart.title,
        unit: chart.unit.as_deref(),
        chart: chart.kind,
        categories: &chart.categories,
        series: chart
            .series
            .iter()
            .map(|s| JsonSeries {
                name: &s.name,
                values: numbers(&s.values),
                previous_year: s.previous_year.as_deref().map(numbers),
            })
            .collect(),
        notes: dataset.and_then(|(_, d)| d.notes.as_deref()),
        source: dataset.and_then(|(_, d)| d.source.as_deref()),
        date: dataset.and_then(|(_, d)| d.date.map(|x| x.iso())),
        published_in: dataset.map(|(s, _)| Published {
            title: &s.title,
            period: &s.period,
            url: &s.url,
        }),
    };
    // Serialising plain strings and numbers cannot fail.
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}

/// Every download file: CSV and JSON for each dataset of each snapshot and for each
/// trend.
pub fn downloads(site: &Site) -> Vec<Output> {
    let mut out = Vec::new();
    let mut push = |url: String, text: String| {
        out.push(Output {
            path: output_path(&url),
            text,
        });
    };
    for s in &site.snapshots {
        for d in &s.datasets {
            let chart = dataset_chart(d);
            let base = format!("{}{}", s.url, d.id);
            push(format!("{base}.csv"), csv(&chart, "Measure"));
            push(format!("{base}.json"), json(&chart, &d.id, Some((s, d))));
        }
    }
    for t in trends(&site.snapshots) {
        let base = format!("/performance/trends/{}", t.id);
        push(format!("{base}.csv"), csv(&t.chart, "Period"));
        push(format!("{base}.json"), json(&t.chart, &t.id, None));
    }
    out
}

/// A measure followed across snapshots.
pub struct Trend {
    /// The datasets' shared id.
    pub id: String,
    /// Periods along the bottom, one line per category of the dataset: the table
    /// and the downloads.
    pub chart: Chart,
    /// What is drawn: one chart per category.
    pub charts: Vec<Chart>,
    /// The periods of the snapshots it comes from, oldest first.
    pub periods: Vec<String>,
}

/// Trends of every dataset id that appears in more than one snapshot (`snapshots`
/// newest first, as the `Site` keeps them), in the order the newest snapshot lists
/// them.
///
/// Each series of each snapshot's dataset is one point in time, oldest first. Points
/// are named by the series (`April 2022`) when those names are all different, else
/// by the snapshot's period. Each category of the dataset becomes a line; its
/// previous-year figures, where a snapshot gives them, a dashed line beside it.
/// Snapshots that count the measure in another unit than the newest are left out.
pub fn trends(snapshots: &[std::sync::Arc<Snapshot>]) -> Vec<Trend> {
    let mut ids: Vec<&str> = Vec::new();
    for s in snapshots {
        for d in &s.datasets {
            if !ids.contains(&d.id.as_str()) {
                ids.push(&d.id);
            }
        }
    }
    ids.into_iter()
        .filter_map(|id| trend(snapshots, id))
        .collect()
}

fn trend(snapshots: &[std::sync::Arc<Snapshot>], id: &str) -> Option<Trend> {
    let newest = snapshots
        .iter()
        .find_map(|s| s.datasets.iter().find(|d| d.id == id))?;
    let found: Vec<(&Snapshot, &Dataset)> = snapshots
        .iter()
        .rev()
        .filter_map(|s| s.datasets.iter().find(|d| d.id == id).map(|d| (&**s, d)))
        .filter(|(_, d)| d.unit == newest.unit)
        .collect();
    if found.len() < 2 {
        return None;
    }
    let points: Vec<Point<'_>> = found
        .iter()
        .flat_map(|(s, d)| (0..d.series.len()).map(move |i| (*s, *d, i)))
        .collect();
    let labels = trend_labels(&points);
    let series = trend_series(&found, &points);
    let chart = Chart {
        id: format!("trend-{id}-chart"),
        title: format!("{}, over time", newest.measure),
        kind: ChartKind::Line,
        unit: newest.unit.clone(),
        categories: labels,
        series,
    };
    let charts = one_chart_per_category(&chart, id, &newest.measure);
    Some(Trend {
        id: id.to_owned(),
        chart,
        charts,
        periods: found.iter().map(|(s, _)| s.period.clone()).collect(),
    })
}

/// One point of a trend: a series of a dataset in a snapshot.
type Point<'a> = (&'a Snapshot, &'a Dataset, usize);

/// What each point is called along the bottom: the series' names when each
/// snapshot has its own, else the period (and the series' name when several).
fn trend_labels(points: &[Point<'_>]) -> Vec<String> {
    let mut names: Vec<&str> = points
        .iter()
        .map(|(_, d, i)| d.series[*i].name.as_str())
        .collect();
    names.sort_unstable();
    names.dedup();
    let by_series = names.len() == points.len();
    points
        .iter()
        .map(|(s, d, i)| {
            if by_series {
                d.series[*i].name.clone()
            } else if d.series.len() == 1 {
                s.period.clone()
            } else {
                format!("{}: {}", s.period, d.series[*i].name)
            }
        })
        .collect()
}

/// A line per category of the datasets `found`, through every point, with the
/// previous year's figures beside it when there are any.
fn trend_series(found: &[(&Snapshot, &Dataset)], points: &[Point<'_>]) -> Vec<ChartSeries> {
    let mut categories: Vec<&str> = Vec::new();
    for (_, d) in found {
        for c in &d.categories {
            if !categories.contains(&c.as_str()) {
                categories.push(c);
            }
        }
    }
    categories
        .iter()
        .map(|c| {
            let at = |(_, d, i): &Point<'_>, pya: bool| {
                let ci = d.categories.iter().position(|x| x == c)?;
                let s = &d.series[*i];
                if pya {
                    s.previous_year.as_ref()?.get(ci).copied()
                } else {
                    s.values.get(ci).copied()
                }
            };
            let values: Vec<Option<f64>> = points.iter().map(|p| at(p, false)).collect();
            let pya: Vec<Option<f64>> = points.iter().map(|p| at(p, true)).collect();
            ChartSeries {
                name: (*c).to_owned(),
                values,
                previous_year: pya.iter().any(Option::is_some).then_some(pya),
            }
        })
        .collect()
}

/// One chart per category: categories often differ in size by a hundred times,
/// and on one scale the small ones would lie flat along the bottom.
fn one_chart_per_category(chart: &Chart, id: &str, measure: &str) -> Vec<Chart> {
    if chart.series.len() == 1 {
        return vec![chart.clone()];
    }
    chart
        .series
        .iter()
        .enumerate()
        .map(|(i, s)| Chart {
            id: format!("trend-{id}-{i}-chart"),
            title: format!("{measure}: {}, over time", s.name),
            series: vec![s.clone()],
            ..chart.clone()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_only_what_needs_it_and_keeps_plain_numbers() {
        let chart = Chart {
            id: "x".into(),
            title: "T".into(),
            kind: ChartKind::Bar,
            unit: Some("contacts".into()),
            categories: vec!["Met".into(), "Not met, late".into()],
            series: vec![ChartSeries {
                name: "April \"22\"".into(),
                values: vec![Some(1130.0), Some(21.5)],
                previous_year: Some(vec![None, Some(30.0)]),
            }],
        };
        assert_eq!(
            csv(&chart, "Measure"),
            "Measure,\"April \"\"22\"\"\",\"April \"\"22\"\": previous year actual\"\r\n\
             Met,1130,\r\n\
             \"Not met, late\",21.5,30\r\n"
        );
    }

    #[test]
    fn lists_read_as_english() {
        let s = |v: &[&str]| v.iter().map(|x| (*x).to_owned()).collect::<Vec<_>>();
        assert_eq!(join_and(&s(&["June 2022"])), "June 2022");
        assert_eq!(join_and(&s(&["a", "b", "c"])), "a, b and c");
    }
}
