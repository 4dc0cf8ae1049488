//! The description of a chart: its main finding in words, worked out from the
//! figures, for people who cannot see the chart (the SVG's `<desc>`).

use std::fmt::Write as _;

use super::{Chart, ChartSeries, share};
use crate::content::performance::ChartKind;

/// The chart's main finding in words, worked out from the figures.
pub fn describe(chart: &Chart) -> String {
    let kind = match chart.kind {
        ChartKind::Bar => "Bar chart",
        ChartKind::StackedBar => "Stacked bar chart",
        ChartKind::PartToWhole => "Chart of parts of a whole",
        ChartKind::Line => "Line chart",
    };
    let finding = match chart.kind {
        ChartKind::Bar if chart.series.len() > 1 => describe_change(chart),
        ChartKind::Bar => chart
            .series
            .first()
            .map(|s| describe_ranking(chart, s))
            .unwrap_or_default(),
        ChartKind::StackedBar => describe_stacked(chart),
        ChartKind::PartToWhole => describe_parts(chart),
        ChartKind::Line => describe_lines(chart),
    };
    format!("{kind}. {finding}").trim_end().to_owned()
}

/// The categories with figures, largest first (the source's order among equals).
fn ranked<'c>(chart: &'c Chart, s: &ChartSeries) -> Vec<(&'c str, f64)> {
    let mut v: Vec<(&str, f64)> = chart
        .categories
        .iter()
        .zip(&s.values)
        .filter_map(|(c, v)| v.map(|v| (c.as_str(), v)))
        .collect();
    v.sort_by(|a, b| b.1.total_cmp(&a.1));
    v
}

fn describe_ranking(chart: &Chart, s: &ChartSeries) -> String {
    let r = ranked(chart, s);
    match r.as_slice() {
        [] => "There are no figures.".to_owned(),
        [(c, v)] => format!("{c}: {}.", chart.amount(*v)),
        [(a, va), (b, vb)] if va == vb => {
            format!("{a} and {b} are the same, at {}.", chart.amount(*va))
        }
        [(a, va), (b, vb)] => format!(
            "{a} is higher, at {}, against {} for {b}.",
            chart.amount(*va),
            chart.amount(*vb)
        ),
        [(a, va), .., (z, vz)] => format!(
            "{a} is the largest, at {}; {z} is the smallest, at {}.",
            chart.amount(*va),
            chart.amount(*vz)
        ),
    }
}

fn trend_word(from: f64, to: f64) -> &'static str {
    if to > from {
        "rose"
    } else if to < from {
        "fell"
    } else {
        "stayed the same"
    }
}

fn describe_change(chart: &Chart) -> String {
    let (Some(first), Some(last)) = (chart.series.first(), chart.series.last()) else {
        return String::new();
    };
    let mut biggest: Option<(&str, f64, f64)> = None;
    for (i, c) in chart.categories.iter().enumerate() {
        if let (Some(Some(a)), Some(Some(b))) = (first.values.get(i), last.values.get(i))
            && biggest.is_none_or(|(_, x, y)| (b - a).abs() > (y - x).abs())
        {
            biggest = Some((c, *a, *b));
        }
    }
    let mut out = String::new();
    if let Some((c, a, b)) = biggest {
        let _ = write!(
            out,
            "The biggest change from {} to {} is in {c}, which {} from {} to {}. ",
            first.name,
            last.name,
            trend_word(a, b),
            chart.amount(a),
            chart.amount(b)
        );
    }
    if let Some((c, v)) = ranked(chart, last).first() {
        let _ = write!(
            out,
            "In {}, {c} is the largest, at {}.",
            last.name,
            chart.amount(*v)
        );
    }
    out
}

fn describe_stacked(chart: &Chart) -> String {
    let mut best: Option<(usize, f64)> = None;
    for ci in 0..chart.categories.len() {
        let t: f64 = chart
            .series
            .iter()
            .filter_map(|s| s.values.get(ci).copied().flatten())
            .sum();
        if best.is_none_or(|(_, b)| t > b) {
            best = Some((ci, t));
        }
    }
    let Some((ci, total)) = best else {
        return "There are no figures.".to_owned();
    };
    let mut out = format!(
        "{} has the largest total, {}.",
        chart.categories[ci],
        chart.amount(total)
    );
    let part = chart
        .series
        .iter()
        .filter_map(|s| s.values.get(ci).copied().flatten().map(|v| (s, v)))
        .max_by(|a, b| a.1.total_cmp(&b.1));
    if let Some((s, v)) = part {
        let _ = write!(
            out,
            " The largest part of it is {}, at {} ({}).",
            s.name,
            chart.amount(v),
            share(v, total)
        );
    }
    out
}

fn describe_parts(chart: &Chart) -> String {
    let mut out = Vec::new();
    for s in &chart.series {
        let total: f64 = s.values.iter().flatten().sum();
        let r = ranked(chart, s);
        let Some((c, v)) = r.first() else { continue };
        let prefix = if chart.series.len() > 1 {
            format!("{}: ", s.name)
        } else {
            String::new()
        };
        let rest: Vec<String> = r[1..]
            .iter()
            .map(|(c, v)| {
                if chart.percent() {
                    format!("{c} {}", chart.value(*v))
                } else {
                    format!("{c} {} ({})", chart.value(*v), share(*v, total))
                }
            })
            .collect();
        // Percentages already are shares: "89.3% of 100% (89.3%)" says nothing.
        let mut text = if chart.percent() {
            format!("{prefix}{c} is the largest part, at {}.", chart.value(*v))
        } else {
            format!(
                "{prefix}{c} is the largest part, {} of {} ({}).",
                chart.value(*v),
                chart.amount(total),
                share(*v, total)
            )
        };
        if !rest.is_empty() {
            let _ = write!(text, " Then {}.", rest.join("; "));
        }
        out.push(text);
    }
    out.join(" ")
}

fn describe_lines(chart: &Chart) -> String {
    let mut out = Vec::new();
    for s in &chart.series {
        let points: Vec<(usize, f64)> = s
            .values
            .iter()
            .enumerate()
            .filter_map(|(i, v)| v.map(|v| (i, v)))
            .collect();
        let (Some(&(i0, v0)), Some(&(i1, v1))) = (points.first(), points.last()) else {
            continue;
        };
        let mut text = if i0 == i1 {
            format!(
                "{} was {} in {}",
                s.name,
                chart.amount(v0),
                chart.categories[i0]
            )
        } else {
            format!(
                "{} {} from {} in {} to {} in {}",
                s.name,
                trend_word(v0, v1),
                chart.amount(v0),
                chart.categories[i0],
                chart.amount(v1),
                chart.categories[i1]
            )
        };
        if let Some(Some(p)) = s.previous_year.as_ref().and_then(|p| p.get(i1)) {
            let _ = write!(text, ", against {} a year before", chart.amount(*p));
        }
        text.push('.');
        out.push(text);
    }
    out.join(" ")
}
