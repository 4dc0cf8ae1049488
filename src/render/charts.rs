//! Accessible SVG charts, written by hand: no chart crate gives us `role="img"`, a
//! `<title>` and a `<desc>` that states the finding, direct labels and patterns.
//!
//! Every chart is drawn in a narrow view box (360 units wide) and scales to its
//! container, so its text stays legible on a 320px phone and grows with zoom. Bars
//! run across the page, so long category labels get a line of their own instead of
//! being squeezed under the axis. Values are written beside the shapes they belong
//! to, shapes have a dark outline and each series has its own pattern as well as its
//! own colour (Okabe-Ito, every colour at least 3:1 against white), so nothing is
//! told by colour alone. Text is always dark on white.

use std::fmt::Write as _;

use crate::content::performance::ChartKind;

use super::format::format_number;

mod describe;
pub use describe::describe;

/// Figures to draw: categories down the side (or along the bottom for lines) and one
/// or more named series of values, one per category.
#[derive(Debug, Clone)]
pub struct Chart {
    /// Prefix for the ids inside the SVG; unique on the page.
    pub id: String,
    /// What the chart shows (its `<title>`).
    pub title: String,
    /// How to draw it.
    pub kind: ChartKind,
    /// What the numbers count; `%` is written after each value.
    pub unit: Option<String>,
    /// The category labels, in order.
    pub categories: Vec<String>,
    /// The series, in order.
    pub series: Vec<ChartSeries>,
}

/// One named series; `None` where there is no figure.
#[derive(Debug, Clone)]
pub struct ChartSeries {
    /// Its name: `April 2022`.
    pub name: String,
    /// One value per category.
    pub values: Vec<Option<f64>>,
    /// The previous year's actual figure per category, if known.
    pub previous_year: Option<Vec<Option<f64>>>,
}

/// Okabe-Ito colours that keep at least 3:1 contrast against white.
const PALETTE: [&str; 4] = ["#0072B2", "#D55E00", "#009E73", "#CC79A7"];
/// Text, outlines and axes.
const INK: &str = "#0b0c0c";
/// Gridlines (decoration: the values are labelled).
const GRID: &str = "#b1b4b6";
/// View box width.
const W: f64 = 360.0;
/// Margin.
const M: f64 = 8.0;
/// Label font size; at 320px wide this is still about 13px.
const FONT: f64 = 15.0;
/// Smaller text (axis ticks, previous-year labels); about 12px at 320px wide.
const SMALL: f64 = 14.0;
/// Line height for label text.
const LINE: f64 = 19.0;
/// Bar thickness.
const BAR: f64 = 22.0;

impl Chart {
    fn percent(&self) -> bool {
        self.unit.as_deref() == Some("%")
    }

    /// A value as shown on the chart: `1,130`, `75%`.
    fn value(&self, v: f64) -> String {
        format_number(round(v), self.percent())
    }

    /// A value in a sentence: `1,130 contacts`, `75%`.
    fn amount(&self, v: f64) -> String {
        match self.unit.as_deref() {
            Some(u) if u != "%" && !u.is_empty() => format!("{} {u}", self.value(v)),
            _ => self.value(v),
        }
    }

    fn max_value(&self) -> f64 {
        self.series
            .iter()
            .flat_map(|s| s.values.iter().chain(s.previous_year.iter().flatten()))
            .flatten()
            .fold(0.0_f64, |a, b| a.max(*b))
    }
}

/// Rounds to at most two decimal places, so shares and sums print cleanly.
fn round(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

/// A share of a whole as a percentage with one decimal place: `86.6%`.
fn share(part: f64, whole: f64) -> String {
    if whole <= 0.0 {
        return "0%".to_owned();
    }
    let p = (part / whole * 1000.0).round() / 10.0;
    format_number(p, true)
}

/// The chart as an SVG element, ready to place in HTML.
pub fn svg(chart: &Chart) -> String {
    let mut body = String::new();
    let height = match chart.kind {
        ChartKind::Bar => bars(chart, &mut body),
        ChartKind::StackedBar => stacked(chart, &mut body),
        ChartKind::PartToWhole => part_to_whole(chart, &mut body),
        ChartKind::Line => lines(chart, &mut body),
    };
    let id = &chart.id;
    let kind = match chart.kind {
        ChartKind::Bar => "bar",
        ChartKind::StackedBar => "stacked-bar",
        ChartKind::PartToWhole => "part-to-whole",
        ChartKind::Line => "line",
    };
    let title = match chart.unit.as_deref() {
        Some(u) if !u.is_empty() && u != "%" => format!("{} ({u})", chart.title),
        _ => chart.title.clone(),
    };
    let mut out = format!(
        "<svg class=\"chart chart--{kind}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" \
         viewBox=\"0 0 {W} {h}\" width=\"100%\" xmlns=\"http://www.w3.org/2000/svg\">\n\
         <title id=\"{id}-title\">{t}</title>\n<desc id=\"{id}-desc\">{d}</desc>\n",
        h = height.ceil(),
        t = esc(&title),
        d = esc(&describe(chart)),
    );
    out.push_str(&patterns(chart));
    out.push_str(&body);
    out.push_str("</svg>");
    out
}

/// The fills: a colour and, from the second series on, a white pattern over it.
fn patterns(chart: &Chart) -> String {
    let n = match chart.kind {
        ChartKind::PartToWhole => chart.categories.len(),
        ChartKind::Line => 0,
        _ => chart.series.len(),
    };
    if n == 0 {
        return String::new();
    }
    let mut out = String::from("<defs>\n");
    for i in 0..n {
        let colour = PALETTE[i % PALETTE.len()];
        let marks = match i % 6 {
            0 => "",
            1 => {
                "<path d=\"M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4\" stroke=\"#fff\" stroke-width=\"2\"/>"
            }
            2 => "<circle cx=\"4\" cy=\"4\" r=\"1.8\" fill=\"#fff\"/>",
            3 => "<path d=\"M0,0 l8,8 M8,0 l-8,8\" stroke=\"#fff\" stroke-width=\"1.5\"/>",
            4 => "<path d=\"M0,4 h8\" stroke=\"#fff\" stroke-width=\"2\"/>",
            _ => "<path d=\"M4,0 v8\" stroke=\"#fff\" stroke-width=\"2\"/>",
        };
        let _ = writeln!(
            out,
            "<pattern id=\"{}-fill-{i}\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\">\
             <rect width=\"8\" height=\"8\" fill=\"{colour}\"/>{marks}</pattern>",
            chart.id
        );
    }
    out.push_str("</defs>\n");
    out
}

/// How wide one character is taken to be, in ems: a typical 0.6 plus the 0.12em of
/// letter spacing and a share of the 0.16em word spacing that WCAG 1.4.12 lets a
/// reader add, so labels fit even then.
const CHAR_EM: f64 = 0.75;

/// Estimated width of `text` at `size`: generous, so labels are never clipped.
fn text_width(text: &str, size: f64) -> f64 {
    text.chars().count() as f64 * size * CHAR_EM
}

/// Breaks `text` into lines of at most `width` units at `size`.
fn wrap(text: &str, width: f64, size: f64) -> Vec<String> {
    let max = ((width / (size * CHAR_EM)).floor() as usize).max(8);
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > max {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Writes `text` wrapped to `width` from (`x`, `y` = top of the first line); returns
/// the height used.
fn text_block(out: &mut String, x: f64, y: f64, width: f64, text: &str, bold: bool) -> f64 {
    let lines = wrap(text, width, FONT);
    let weight = if bold { " font-weight=\"bold\"" } else { "" };
    let _ = write!(
        out,
        "<text x=\"{x}\" y=\"{}\" font-size=\"{FONT}\" fill=\"{INK}\"{weight}>",
        y + FONT
    );
    for (i, l) in lines.iter().enumerate() {
        if i == 0 {
            let _ = write!(out, "<tspan x=\"{x}\">{}</tspan>", esc(l));
        } else {
            let _ = write!(out, "<tspan x=\"{x}\" dy=\"{LINE}\">{}</tspan>", esc(l));
        }
    }
    out.push_str("</text>\n");
    lines.len() as f64 * LINE
}

fn label(out: &mut String, x: f64, y: f64, size: f64, text: &str) {
    let _ = writeln!(
        out,
        "<text x=\"{x:.1}\" y=\"{y:.1}\" font-size=\"{size}\" fill=\"{INK}\">{}</text>",
        esc(text)
    );
}

fn bar_rect(out: &mut String, chart: &Chart, x: f64, y: f64, w: f64, h: f64, fill: usize) {
    let _ = writeln!(
        out,
        "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{h}\" fill=\"url(#{}-fill-{fill})\" stroke=\"{INK}\" stroke-width=\"1\"/>",
        chart.id
    );
}

/// A small key square in a series' fill, before a line of text.
fn swatch(out: &mut String, chart: &Chart, y: f64, fill: usize) {
    bar_rect(out, chart, M, y + 3.0, 14.0, 14.0, fill);
}

/// Grouped horizontal bars: each category's label on its own line, then one bar per
/// series with its value (and the series' name when there are several) at its end.
fn bars(chart: &Chart, out: &mut String) -> f64 {
    let multi = chart.series.len() > 1;
    let value_label = |s: &ChartSeries, v: Option<f64>| {
        let v = v.map_or_else(|| "no figure".to_owned(), |v| chart.value(v));
        if multi { format!("{}: {v}", s.name) } else { v }
    };
    let pya_label = |v: f64| format!("Previous year: {}", chart.value(v));
    let mut label_w: f64 = 0.0;
    for s in &chart.series {
        for (i, v) in s.values.iter().enumerate() {
            label_w = label_w.max(text_width(&value_label(s, *v), FONT));
            if let Some(Some(p)) = s.previous_year.as_ref().and_then(|p| p.get(i)) {
                label_w = label_w.max(text_width(&pya_label(*p), SMALL));
            }
        }
    }
    let plot_w = (W - 2.0 * M - label_w - 6.0).max(60.0);
    let max = chart.max_value();
    let len = |v: f64| {
        if max > 0.0 {
            v.max(0.0) / max * plot_w
        } else {
            0.0
        }
    };
    let mut y = M;
    let mut top = None;
    for (ci, category) in chart.categories.iter().enumerate() {
        y += text_block(out, M, y, W - 2.0 * M, category, true) + 4.0;
        top.get_or_insert(y);
        for (si, s) in chart.series.iter().enumerate() {
            let v = s.values.get(ci).copied().flatten();
            let w = len(v.unwrap_or(0.0));
            bar_rect(out, chart, M, y, w, BAR, si);
            label(
                out,
                M + w + 6.0,
                y + BAR / 2.0 + 5.0,
                FONT,
                &value_label(s, v),
            );
            y += BAR + 4.0;
            if let Some(Some(p)) = s.previous_year.as_ref().and_then(|p| p.get(ci)) {
                let w = len(*p);
                let _ = writeln!(
                    out,
                    "<rect x=\"{M}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"12\" fill=\"#fff\" stroke=\"{INK}\" stroke-width=\"1.5\" stroke-dasharray=\"4 2\"/>"
                );
                label(out, M + w + 6.0, y + 11.0, SMALL, &pya_label(*p));
                y += 16.0;
            }
        }
        y += 10.0;
    }
    axis(out, M, top.unwrap_or(M), y - 10.0);
    y
}

fn axis(out: &mut String, x: f64, top: f64, bottom: f64) {
    let _ = writeln!(
        out,
        "<line x1=\"{x}\" y1=\"{top:.1}\" x2=\"{x}\" y2=\"{bottom:.1}\" stroke=\"{INK}\" stroke-width=\"1.5\"/>"
    );
}

/// Stacked horizontal bars: one bar per category made of its series, its total at
/// the end, and under it one keyed line per series with the value.
fn stacked(chart: &Chart, out: &mut String) -> f64 {
    let totals: Vec<f64> = (0..chart.categories.len())
        .map(|ci| {
            chart
                .series
                .iter()
                .filter_map(|s| s.values.get(ci).copied().flatten())
                .sum()
        })
        .collect();
    let total_label = |t: f64| format!("Total: {}", chart.value(t));
    let label_w = totals
        .iter()
        .map(|t| text_width(&total_label(*t), FONT))
        .fold(0.0, f64::max);
    let plot_w = (W - 2.0 * M - label_w - 6.0).max(60.0);
    let max = totals.iter().copied().fold(0.0, f64::max);
    let mut y = M;
    for (ci, category) in chart.categories.iter().enumerate() {
        y += text_block(out, M, y, W - 2.0 * M, category, true) + 4.0;
        let mut x = M;
        for (si, s) in chart.series.iter().enumerate() {
            let v = s.values.get(ci).copied().flatten().unwrap_or(0.0).max(0.0);
            let w = if max > 0.0 { v / max * plot_w } else { 0.0 };
            bar_rect(out, chart, x, y, w, BAR, si);
            x += w;
        }
        label(
            out,
            x + 6.0,
            y + BAR / 2.0 + 5.0,
            FONT,
            &total_label(totals[ci]),
        );
        y += BAR + 6.0;
        for (si, s) in chart.series.iter().enumerate() {
            let v = s.values.get(ci).copied().flatten();
            swatch(out, chart, y, si);
            let text = format!(
                "{}: {}",
                s.name,
                v.map_or_else(|| "no figure".to_owned(), |v| chart.value(v))
            );
            y += text_block(out, M + 20.0, y, W - 2.0 * M - 20.0, &text, false);
        }
        y += 12.0;
    }
    y
}

/// Parts of a whole: for each series a bar the full width, cut into its categories'
/// shares, and under it one keyed line per category with the value and its share.
fn part_to_whole(chart: &Chart, out: &mut String) -> f64 {
    let plot_w = W - 2.0 * M;
    let mut y = M;
    for s in &chart.series {
        if chart.series.len() > 1 {
            y += text_block(out, M, y, plot_w, &s.name, true) + 4.0;
        }
        let values: Vec<f64> = (0..chart.categories.len())
            .map(|ci| s.values.get(ci).copied().flatten().unwrap_or(0.0).max(0.0))
            .collect();
        let total: f64 = values.iter().sum();
        let mut x = M;
        for (ci, v) in values.iter().enumerate() {
            let w = if total > 0.0 { v / total * plot_w } else { 0.0 };
            bar_rect(out, chart, x, y, w, 28.0, ci);
            x += w;
        }
        if total <= 0.0 {
            let _ = writeln!(
                out,
                "<rect x=\"{M}\" y=\"{y:.1}\" width=\"{plot_w}\" height=\"28\" fill=\"#fff\" stroke=\"{INK}\"/>"
            );
        }
        y += 34.0;
        for (ci, category) in chart.categories.iter().enumerate() {
            swatch(out, chart, y, ci);
            let text = format!(
                "{category}: {} ({})",
                chart.value(values[ci]),
                share(values[ci], total)
            );
            y += text_block(out, M + 20.0, y, plot_w - 20.0, &text, false);
        }
        y += 12.0;
    }
    y
}

/// Marker shapes, one per series, so lines differ by more than colour.
fn marker(out: &mut String, shape: usize, x: f64, y: f64, colour: &str, hollow: bool) {
    let fill = if hollow { "#fff" } else { colour };
    let common = format!("fill=\"{fill}\" stroke=\"{colour}\" stroke-width=\"2\"");
    let _ = match shape % 4 {
        0 => writeln!(
            out,
            "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"4.5\" {common}/>"
        ),
        1 => writeln!(
            out,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"8\" height=\"8\" {common}/>",
            x - 4.0,
            y - 4.0
        ),
        2 => writeln!(
            out,
            "<path d=\"M{x:.1},{:.1} l5,9 h-10 z\" {common}/>",
            y - 5.5
        ),
        _ => writeln!(
            out,
            "<path d=\"M{x:.1},{:.1} l5,5.5 l-5,5.5 l-5,-5.5 z\" {common}/>",
            y - 5.5
        ),
    };
}

/// A drawn line: a series or its previous-year comparison.
struct Trace<'a> {
    name: String,
    values: &'a [Option<f64>],
    index: usize,
    comparison: bool,
}

/// Lines over time: a key above (marker, line and name), gridlines with values on
/// the left, the categories along the bottom, and values beside the points when
/// there are few enough to read.
fn lines(chart: &Chart, out: &mut String) -> f64 {
    let traces = traces_of(chart);
    let y = line_key(&traces, out) + 10.0;
    let plot = Plot::new(chart, &traces, y);
    plot.grid(chart, out);
    let label_h = plot.category_labels(chart, out);
    for (ti, t) in traces.iter().enumerate() {
        plot.trace(chart, &traces, ti, t, out);
    }
    plot.bottom + label_h + 12.0 + M
}

/// Each series, and beside it its previous year's figures when it has them.
fn traces_of(chart: &Chart) -> Vec<Trace<'_>> {
    let mut traces = Vec::new();
    for (i, s) in chart.series.iter().enumerate() {
        traces.push(Trace {
            name: s.name.clone(),
            values: &s.values,
            index: i,
            comparison: false,
        });
        if let Some(p) = &s.previous_year {
            traces.push(Trace {
                name: format!("{}: previous year", s.name),
                values: p,
                index: i,
                comparison: true,
            });
        }
    }
    traces
}

/// The dash pattern of a previous year's line.
fn dash_of(t: &Trace<'_>) -> &'static str {
    if t.comparison {
        " stroke-dasharray=\"6 4\""
    } else {
        ""
    }
}

/// The key above the chart: a marker on a short line and the name, per trace.
/// Returns where the key ends.
fn line_key(traces: &[Trace<'_>], out: &mut String) -> f64 {
    let mut y = M;
    for t in traces {
        let colour = PALETTE[t.index % PALETTE.len()];
        let dash = dash_of(t);
        let _ = writeln!(
            out,
            "<line x1=\"{M}\" y1=\"{:.1}\" x2=\"{}\" y2=\"{:.1}\" stroke=\"{colour}\" stroke-width=\"2.5\"{dash}/>",
            y + 10.0,
            M + 28.0,
            y + 10.0
        );
        marker(out, t.index, M + 14.0, y + 10.0, colour, t.comparison);
        y += text_block(out, M + 36.0, y, W - 2.0 * M - 36.0, &t.name, false);
    }
    y
}

/// Where a line chart's plot is and how values and categories map onto it.
struct Plot {
    x0: f64,
    x1: f64,
    top: f64,
    bottom: f64,
    lo: f64,
    hi: f64,
    ticks: Vec<f64>,
    /// How many categories, and the space between two of them.
    n: usize,
    spacing: f64,
}

/// Space left at each end of the line chart's plot.
const PAD: f64 = 24.0;
/// The height of the line chart's plot.
const PLOT_HEIGHT: f64 = 180.0;

impl Plot {
    /// The plot under a key that ends at `y`, scaled to every value of `traces`.
    fn new(chart: &Chart, traces: &[Trace<'_>], y: f64) -> Plot {
        let values = || {
            traces
                .iter()
                .flat_map(|t| t.values.iter().flatten().copied())
        };
        let lo = values().fold(0.0_f64, f64::min);
        let hi = values().fold(f64::MIN, f64::max).max(lo);
        let (lo, hi, step) = nice_scale(lo, hi);
        let ticks: Vec<f64> = (0..)
            .map(|i| lo + step * f64::from(i))
            .take_while(|v| *v <= hi + step / 2.0)
            .collect();
        let axis_w = ticks
            .iter()
            .map(|t| text_width(&chart.value(*t), SMALL))
            .fold(0.0, f64::max)
            + 6.0;
        let (x0, x1) = (M + axis_w, W - M - 4.0);
        let top = y + 8.0;
        let n = chart.categories.len();
        let spacing = if n > 1 {
            (x1 - x0 - 2.0 * PAD) / (n - 1) as f64
        } else {
            x1 - x0
        };
        Plot {
            x0,
            x1,
            top,
            bottom: top + PLOT_HEIGHT,
            lo,
            hi,
            ticks,
            n,
            spacing,
        }
    }

    fn to_y(&self, v: f64) -> f64 {
        self.bottom - (v - self.lo) / (self.hi - self.lo) * PLOT_HEIGHT
    }

    fn to_x(&self, i: usize) -> f64 {
        if self.n > 1 {
            self.x0 + PAD + self.spacing * i as f64
        } else {
            (self.x0 + self.x1) / 2.0
        }
    }

    /// Gridlines with their values, the axis and the base line.
    fn grid(&self, chart: &Chart, out: &mut String) {
        let (x0, x1, bottom) = (self.x0, self.x1, self.bottom);
        for t in &self.ticks {
            let ty = self.to_y(*t);
            let _ = writeln!(
                out,
                "<line x1=\"{x0:.1}\" y1=\"{ty:.1}\" x2=\"{x1:.1}\" y2=\"{ty:.1}\" stroke=\"{GRID}\" stroke-width=\"1\"/>"
            );
            let _ = writeln!(
                out,
                "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"{SMALL}\" fill=\"{INK}\" text-anchor=\"end\">{}</text>",
                x0 - 4.0,
                ty + 5.0,
                esc(&chart.value(*t))
            );
        }
        axis(out, x0, self.top, bottom);
        let _ = writeln!(
            out,
            "<line x1=\"{x0:.1}\" y1=\"{bottom:.1}\" x2=\"{x1:.1}\" y2=\"{bottom:.1}\" stroke=\"{INK}\" stroke-width=\"1.5\"/>"
        );
    }

    /// Category labels along the bottom: wrapped to the space between points, and
    /// only every `stride`th one when even wrapped they would not fit. Returns
    /// their height.
    fn category_labels(&self, chart: &Chart, out: &mut String) -> f64 {
        let room = self.spacing.max(40.0);
        let widest_word = chart
            .categories
            .iter()
            .flat_map(|c| c.split_whitespace())
            .map(|w| text_width(w, SMALL))
            .fold(0.0, f64::max);
        let stride = ((widest_word + 6.0) / room).ceil().max(1.0) as usize;
        let mut label_h: f64 = 0.0;
        for (i, c) in chart.categories.iter().enumerate() {
            if i % stride != 0 {
                continue;
            }
            let lines = wrap(c, room * stride as f64 - 6.0, SMALL);
            // Kept inside the view box: the first and last labels may sit off-centre.
            let half = lines
                .iter()
                .map(|l| text_width(l, SMALL) / 2.0)
                .fold(0.0, f64::max);
            let x = self
                .to_x(i)
                .clamp(half + 2.0, (W - half - 2.0).max(half + 2.0));
            let _ = write!(
                out,
                "<text x=\"{x:.1}\" y=\"{:.1}\" font-size=\"{SMALL}\" fill=\"{INK}\" text-anchor=\"middle\">",
                self.bottom + SMALL + 6.0
            );
            for (li, l) in lines.iter().enumerate() {
                let dy = if li == 0 { 0.0 } else { 17.0 };
                let _ = write!(out, "<tspan x=\"{x:.1}\" dy=\"{dy}\">{}</tspan>", esc(l));
            }
            out.push_str("</text>\n");
            label_h = label_h.max(lines.len() as f64 * 17.0);
        }
        label_h
    }

    /// One trace (number `ti` of `traces`): its line, its markers and, when the
    /// chart is small enough to read them, its values.
    fn trace(
        &self,
        chart: &Chart,
        traces: &[Trace<'_>],
        ti: usize,
        t: &Trace<'_>,
        out: &mut String,
    ) {
        let colour = PALETTE[t.index % PALETTE.len()];
        let mut d = String::new();
        let mut pen_down = false;
        for (i, v) in t.values.iter().enumerate() {
            match v {
                Some(v) => {
                    let cmd = if pen_down { 'L' } else { 'M' };
                    let _ = write!(d, "{cmd}{:.1},{:.1} ", self.to_x(i), self.to_y(*v));
                    pen_down = true;
                }
                None => pen_down = false,
            }
        }
        let _ = writeln!(
            out,
            "<path d=\"{}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2.5\"{}/>",
            d.trim_end(),
            dash_of(t)
        );
        let labelled = traces.len() <= 2 && self.n <= 8;
        for (i, v) in t.values.iter().enumerate() {
            let Some(v) = v else { continue };
            let (px, py) = (self.to_x(i), self.to_y(*v));
            marker(out, t.index, px, py, colour, t.comparison);
            if labelled {
                let ly = if label_above(traces, ti, i) {
                    py - 10.0
                } else {
                    py + 22.0
                };
                let _ = writeln!(
                    out,
                    "<text x=\"{px:.1}\" y=\"{ly:.1}\" font-size=\"{SMALL}\" fill=\"{INK}\" text-anchor=\"middle\" stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\">{}</text>",
                    esc(&chart.value(*v))
                );
            }
        }
    }
}

/// With two lines, at each point the higher value is labelled above its point and
/// the lower below, so the labels keep clear of both lines.
fn label_above(traces: &[Trace<'_>], ti: usize, i: usize) -> bool {
    let other = traces.get(1 - ti.min(1)).filter(|_| traces.len() == 2);
    let mine = traces[ti].values.get(i).copied().flatten();
    match (mine, other.and_then(|o| o.values.get(i).copied().flatten())) {
        (Some(a), Some(b)) if a == b => ti == 0,
        (Some(a), Some(b)) => a > b,
        _ => true,
    }
}

/// Axis bounds and a round step for about four gridlines.
fn nice_scale(lo: f64, hi: f64) -> (f64, f64, f64) {
    let hi = if hi <= lo { lo + 1.0 } else { hi };
    let raw = (hi - lo) / 4.0;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * magnitude);
    ((lo / step).floor() * step, (hi / step).ceil() * step, step)
}

/// Escapes text for XML and HTML.
fn esc(text: &str) -> String {
    crate::util::html::escape(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart(kind: ChartKind, unit: &str, categories: &[&str], series: &[(&str, &[f64])]) -> Chart {
        Chart {
            id: "test".to_owned(),
            title: "Contacts to the front door".to_owned(),
            kind,
            unit: Some(unit.to_owned()),
            categories: categories.iter().map(|c| (*c).to_owned()).collect(),
            series: series
                .iter()
                .map(|(name, values)| ChartSeries {
                    name: (*name).to_owned(),
                    values: values.iter().map(|v| Some(*v)).collect(),
                    previous_year: None,
                })
                .collect(),
        }
    }

    #[test]
    fn a_part_to_whole_chart_names_the_largest_part_and_its_share() {
        let c = chart(
            ChartKind::PartToWhole,
            "contacts",
            &["Exceeded", "Met", "Not met"],
            &[("Contacts", &[14189.0, 927.0, 1263.0])],
        );
        assert_eq!(
            describe(&c),
            "Chart of parts of a whole. Exceeded is the largest part, 14,189 of 16,379 contacts \
             (86.6%). Then Not met 1,263 (7.7%); Met 927 (5.7%)."
        );
        insta::assert_snapshot!("part_to_whole", svg(&c));
    }

    #[test]
    fn shares_given_as_percentages_are_not_taken_as_shares_again() {
        let c = chart(
            ChartKind::PartToWhole,
            "%",
            &["Good", "Outstanding"],
            &[("Section B", &[89.3, 10.7])],
        );
        assert_eq!(
            describe(&c),
            "Chart of parts of a whole. Good is the largest part, at 89.3%. Then Outstanding 10.7%."
        );
    }

    #[test]
    fn a_bar_chart_of_two_names_the_higher() {
        let c = chart(
            ChartKind::Bar,
            "%",
            &[
                "Swindon",
                "The 30 councils using the Invision 360 EHCP tool",
            ],
            &[("Plans graded good", &[75.0, 40.0])],
        );
        assert_eq!(
            describe(&c),
            "Bar chart. Swindon is higher, at 75%, against 40% for The 30 councils using the \
             Invision 360 EHCP tool."
        );
        insta::assert_snapshot!("bar", svg(&c));
    }

    #[test]
    fn grouped_bars_name_the_biggest_change_and_label_each_bar_with_its_series() {
        let c = chart(
            ChartKind::Bar,
            "contacts",
            &["Exceeded", "Met", "Not met"],
            &[
                ("April 2022", &[1130.0, 48.0, 21.0]),
                ("May 2022", &[1150.0, 56.0, 97.0]),
            ],
        );
        assert_eq!(
            describe(&c),
            "Bar chart. The biggest change from April 2022 to May 2022 is in Not met, which rose \
             from 21 contacts to 97 contacts. In May 2022, Exceeded is the largest, at 1,150 contacts."
        );
        let svg = svg(&c);
        assert!(svg.contains(">May 2022: 97</text>"), "{svg}");
        insta::assert_snapshot!("bar_grouped", svg);
    }

    #[test]
    fn a_stacked_bar_chart_names_the_largest_total_and_part() {
        let c = chart(
            ChartKind::StackedBar,
            "contacts",
            &["April 2022", "May 2022"],
            &[
                ("Exceeded", &[1130.0, 1150.0]),
                ("Met", &[48.0, 56.0]),
                ("Not met", &[21.0, 97.0]),
            ],
        );
        assert_eq!(
            describe(&c),
            "Stacked bar chart. May 2022 has the largest total, 1,303 contacts. The largest part \
             of it is Exceeded, at 1,150 contacts (88.3%)."
        );
        insta::assert_snapshot!("stacked_bar", svg(&c));
    }

    #[test]
    fn a_line_chart_says_where_each_line_went_and_the_previous_year() {
        let mut c = chart(
            ChartKind::Line,
            "contacts",
            &["April 2022", "May 2022", "June 2022", "July 2022"],
            &[
                ("Exceeded", &[1130.0, 1150.0, 1200.0, 1180.0]),
                ("Not met", &[21.0, 97.0, 60.0, 40.0]),
            ],
        );
        c.series[1].previous_year = Some(vec![None, None, Some(80.0), Some(75.0)]);
        assert_eq!(
            describe(&c),
            "Line chart. Exceeded rose from 1,130 contacts in April 2022 to 1,180 contacts in \
             July 2022. Not met rose from 21 contacts in April 2022 to 40 contacts in July 2022, \
             against 75 contacts a year before."
        );
        let svg = svg(&c);
        assert!(
            svg.contains("stroke-dasharray=\"6 4\""),
            "the comparison is dashed"
        );
        insta::assert_snapshot!("line", svg);
    }

    #[test]
    fn every_chart_is_an_image_labelled_by_its_title_and_description() {
        for kind in [
            ChartKind::Bar,
            ChartKind::StackedBar,
            ChartKind::PartToWhole,
            ChartKind::Line,
        ] {
            let svg = svg(&chart(kind, "%", &["A & B", "C"], &[("S", &[1.0, 2.0])]));
            assert!(svg.starts_with("<svg class=\"chart"), "{svg}");
            assert!(
                svg.contains("role=\"img\" aria-labelledby=\"test-title test-desc\""),
                "{svg}"
            );
            assert!(svg.contains("<title id=\"test-title\">"), "{svg}");
            assert!(svg.contains("<desc id=\"test-desc\">"), "{svg}");
            assert!(svg.contains("A &amp; B"), "text is escaped: {svg}");
        }
    }

    #[test]
    fn long_labels_wrap_to_fit_a_narrow_chart() {
        let lines = wrap(
            "The 30 councils using the Invision 360 EHCP tool",
            W - 2.0 * M,
            FONT,
        );
        assert_eq!(
            lines,
            ["The 30 councils using the", "Invision 360 EHCP tool"]
        );
    }

    #[test]
    fn the_scale_uses_round_steps() {
        assert_eq!(nice_scale(0.0, 97.0), (0.0, 100.0, 25.0));
        assert_eq!(nice_scale(0.0, 1200.0), (0.0, 1500.0, 500.0));
    }

    #[test]
    fn the_palette_keeps_three_to_one_against_white() {
        fn luminance(hex: &str) -> f64 {
            let c = |i: usize| {
                let v = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
                if v <= 0.03928 {
                    v / 12.92
                } else {
                    ((v + 0.055) / 1.055).powf(2.4)
                }
            };
            0.2126 * c(1) + 0.7152 * c(3) + 0.0722 * c(5)
        }
        for colour in PALETTE {
            let ratio = 1.05 / (luminance(colour) + 0.05);
            assert!(ratio >= 3.0, "{colour}: {ratio}");
        }
        assert!(1.05 / (luminance(INK) + 0.05) >= 4.5);
    }
}
