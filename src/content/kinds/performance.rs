//! Performance snapshots: the bi-monthly updates, with their figures held as named
//! datasets in front matter and placed in the narrative with `{{ dataset: <id> }}`.

use std::collections::HashSet;
use std::ops::Range;

use serde::{Deserialize, Serialize};

use std::borrow::Cow;

use super::{SearchEntry, join};
use crate::content::Kind;
use crate::content::source::SourceFile;
use crate::content::{Date, Meta, front_matter_struct};
use crate::diagnostics::Diagnostic;

front_matter_struct! {
    /// The front matter of a performance snapshot.
    pub struct SnapshotFront {
        /// The page heading.
        pub title: String,
        /// The period it covers: `June 2022`.
        pub period: String,
        /// When it was published.
        pub published: Date,
        /// Named tables of figures, as written (checked by [`check_datasets`]).
        #[serde(default)]
        pub datasets: Vec<DatasetFront>,
    }
}

/// A named table of figures as written in front matter: chart names and values are
/// read loosely here so that a mistake is reported with the dataset's name, not as a
/// bare YAML type error.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatasetFront {
    /// A short name, unique in the file; also its anchor id.
    pub id: String,
    /// What the figures show.
    pub title: String,
    /// What is measured, without the period, for trend charts across snapshots.
    #[serde(default)]
    pub measure: Option<String>,
    /// How to chart it, by name.
    #[serde(default)]
    pub chart: Option<String>,
    /// What the numbers count: `contacts`, `%`.
    #[serde(default)]
    pub unit: Option<String>,
    /// Row labels, in the source's order.
    #[serde(default)]
    pub categories: Vec<String>,
    /// One or more named columns of values, one value per category.
    #[serde(default)]
    pub series: Vec<SeriesFront>,
    /// What a reader needs to read the figures right.
    #[serde(default)]
    pub notes: Option<String>,
    /// Where the figures come from.
    #[serde(default)]
    pub source: Option<String>,
    /// When the figures were taken.
    #[serde(default)]
    pub date: Option<Date>,
}

/// One named column of values as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeriesFront {
    /// The column's name: `April 2022`.
    pub name: String,
    /// One value per category.
    #[serde(default)]
    pub values: Vec<Figure>,
    /// The previous year's actual figure (PYA) for each category, where the source
    /// gives one.
    #[serde(default)]
    pub previous_year: Option<Vec<Figure>>,
}

/// A value as written: a number, or something that should have been one.
#[derive(Debug, Clone, PartialEq)]
pub enum Figure {
    /// A number.
    Number(f64),
    /// Text, such as `1,130` or `75%`.
    Text(String),
    /// Nothing (`~`, `null` or an empty list item).
    Missing,
}

impl<'de> Deserialize<'de> for Figure {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Figure, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Figure;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a number")
            }
            fn visit_f64<E>(self, v: f64) -> Result<Figure, E> {
                Ok(Figure::Number(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Figure, E> {
                Ok(Figure::Number(v as f64))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Figure, E> {
                Ok(Figure::Number(v as f64))
            }
            fn visit_bool<E>(self, v: bool) -> Result<Figure, E> {
                Ok(Figure::Text(v.to_string()))
            }
            fn visit_str<E>(self, v: &str) -> Result<Figure, E> {
                Ok(Figure::Text(v.to_owned()))
            }
            fn visit_unit<E>(self) -> Result<Figure, E> {
                Ok(Figure::Missing)
            }
            fn visit_none<E>(self) -> Result<Figure, E> {
                Ok(Figure::Missing)
            }
        }
        d.deserialize_any(V)
    }
}

/// A named table of figures, checked: every series has one number per category.
#[derive(Debug, Clone, Serialize)]
pub struct Dataset {
    /// A short name, unique in the file; also its anchor id.
    pub id: String,
    /// What the figures show.
    pub title: String,
    /// What is measured, without the period (the title when not given).
    pub measure: String,
    /// How to chart it.
    pub chart: ChartKind,
    /// What the numbers count: `contacts`, `%`.
    pub unit: Option<String>,
    /// Row labels, in the source's order.
    pub categories: Vec<String>,
    /// One or more named columns of values, one value per category.
    pub series: Vec<Series>,
    /// What a reader needs to read the figures right.
    pub notes: Option<String>,
    /// Where the figures come from.
    pub source: Option<String>,
    /// When the figures were taken.
    pub date: Option<Date>,
}

/// One named column of values.
#[derive(Debug, Clone, Serialize)]
pub struct Series {
    /// The column's name: `April 2022`.
    pub name: String,
    /// One number per category.
    pub values: Vec<f64>,
    /// The previous year's actual figure for each category, if the source gives them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous_year: Option<Vec<f64>>,
}

/// The chart a dataset is drawn as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChartKind {
    /// Horizontal bars, one group per category.
    Bar,
    /// Horizontal bars, one per category, stacked by series.
    StackedBar,
    /// Parts of a whole (where the source used a pie): one 100% bar per series.
    PartToWhole,
    /// Values over time: one line per series, the categories along the bottom.
    Line,
}

impl ChartKind {
    /// The names a dataset's `chart` field takes (`pie` is `part-to-whole`).
    pub const NAMES: &'static [&'static str] =
        &["bar", "stacked-bar", "part-to-whole", "pie", "line"];

    /// The kind called `name`.
    pub fn parse(name: &str) -> Option<ChartKind> {
        match name.trim() {
            "bar" => Some(ChartKind::Bar),
            "stacked-bar" => Some(ChartKind::StackedBar),
            "part-to-whole" | "pie" => Some(ChartKind::PartToWhole),
            "line" => Some(ChartKind::Line),
            _ => None,
        }
    }

    /// The chart for figures that do not name one: a line when every category is a
    /// point in time (a month or a year) and there are at least three, else bars.
    pub fn default_for(categories: &[String]) -> ChartKind {
        if categories.len() >= 3 && categories.iter().all(|c| is_time(c)) {
            ChartKind::Line
        } else {
            ChartKind::Bar
        }
    }
}

/// Whether a category names a point in time: it holds a year or a month's name.
fn is_time(label: &str) -> bool {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    label.split(|c: char| !c.is_alphanumeric()).any(|w| {
        let w = w.to_lowercase();
        (w.len() == 4 && w.starts_with("20") && w.chars().all(|c| c.is_ascii_digit()))
            || w == "sept"
            || MONTHS
                .iter()
                .any(|m| w == *m || (w.len() == 3 && m.starts_with(&w)))
    })
}

/// A snapshot, ready to render.
#[derive(Debug, Clone, Serialize)]
pub struct Snapshot {
    /// The file name without `.md`; the page is at `/performance/<slug>/`.
    pub slug: String,
    /// Its URL.
    pub url: String,
    /// The page heading.
    pub title: String,
    /// The period it covers.
    pub period: String,
    /// When it was published.
    pub published: Date,
    /// Its datasets.
    pub datasets: Vec<Dataset>,
    /// The narrative with datasets placed in it.
    pub body: Vec<BodyPart>,
    /// The narrative without markup.
    pub text: String,
    /// Shared page fields.
    pub meta: Meta,
}

/// A piece of a snapshot's page: narrative, or a dataset's table.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BodyPart {
    /// Narrative HTML.
    Html(String),
    /// The index of a dataset in [`Snapshot::datasets`].
    Dataset(usize),
}

/// A dataset marker: the dataset's id and where the marker line is.
pub type Marker = (String, Range<usize>);

/// The dataset id in a marker line `{{ dataset: <id> }}`.
pub fn marker_id(line: &str) -> Option<&str> {
    let inner = line.trim().strip_prefix("{{")?.strip_suffix("}}")?.trim();
    let id = inner
        .strip_prefix("dataset")?
        .trim_start()
        .strip_prefix(':')?
        .trim();
    (!id.is_empty()).then_some(id)
}

/// Cuts `body` at marker lines: the ranges of narrative between them, each followed
/// by the marker's dataset id and the marker's own range.
pub fn split_at_markers(text: &str, body: Range<usize>) -> Vec<(Range<usize>, Option<Marker>)> {
    let mut parts = Vec::new();
    let mut start = body.start;
    let mut offset = body.start;
    for line in text[body.clone()].split_inclusive('\n') {
        if let Some(id) = marker_id(line) {
            let marker = offset..offset + line.trim_end().len();
            parts.push((start..offset, Some((id.to_owned(), marker))));
            start = offset + line.len();
        }
        offset += line.len();
    }
    parts.push((start..body.end, None));
    parts
}

/// Checks the datasets as written and turns them into [`Dataset`]s: unique ids, a
/// known chart, categories and series, and one number per category in every series.
/// Every problem names the dataset and points at the line to fix. The datasets are
/// returned even when there are problems (bad values read as 0), so that markers
/// naming them do not add errors of their own.
pub fn check_datasets(
    file: &SourceFile,
    yaml: Range<usize>,
    datasets: &[DatasetFront],
) -> (Vec<Dataset>, Vec<Diagnostic>) {
    let mut seen = HashSet::new();
    let mut problems = Vec::new();
    let starts: Vec<usize> = datasets
        .iter()
        .map(|d| id_span(file, yaml.clone(), &d.id).start)
        .collect();
    let mut checked = Vec::with_capacity(datasets.len());
    for (i, d) in datasets.iter().enumerate() {
        let region = Region {
            file,
            start: starts[i].max(yaml.start),
            end: starts
                .iter()
                .copied()
                .filter(|&s| s > starts[i])
                .min()
                .unwrap_or(yaml.end),
        };
        let at = id_span(file, yaml.clone(), &d.id);
        if !seen.insert(d.id.as_str()) {
            problems.push(
                file.error(format!("two datasets are called `{}`", d.id))
                    .at(&file.text, at.clone())
                    .help("give each dataset its own id"),
            );
        }
        problems.extend(missing_parts(file, at, d));
        let chart = chart_of(&region, d, &mut problems);
        let series = d
            .series
            .iter()
            .map(|s| check_series(&region, d, s, chart, &mut problems))
            .collect();
        checked.push(Dataset {
            id: d.id.clone(),
            title: d.title.clone(),
            measure: d.measure.clone().unwrap_or_else(|| d.title.clone()),
            chart,
            unit: d.unit.clone(),
            categories: d.categories.clone(),
            series,
            notes: d.notes.clone(),
            source: d.source.clone(),
            date: d.date,
        });
    }
    (checked, problems)
}

/// A dataset with no categories or no series, reported at its id (`at`).
fn missing_parts(file: &SourceFile, at: Range<usize>, d: &DatasetFront) -> Vec<Diagnostic> {
    let err = |message: String| file.error(message).at(&file.text, at.clone());
    let mut problems = Vec::new();
    if d.categories.is_empty() {
        problems.push(
            err(format!("dataset `{}` has no categories", d.id))
                .help("list the row labels under `categories:`"),
        );
    }
    if d.series.is_empty() {
        problems.push(
            err(format!("dataset `{}` has no series", d.id))
                .help("add at least one `- name: ... values: [...]` under `series:`"),
        );
    }
    problems
}

/// The chart `d` asks for, or the one that suits its categories; an unknown
/// chart is reported with the nearest name, and drawn as bars.
fn chart_of(region: &Region<'_>, d: &DatasetFront, problems: &mut Vec<Diagnostic>) -> ChartKind {
    let file = region.file;
    match &d.chart {
        None => ChartKind::default_for(&d.categories),
        Some(name) => ChartKind::parse(name).unwrap_or_else(|| {
            let hint = match crate::util::names::nearest(name, ChartKind::NAMES) {
                Some(n) => format!("did you mean `{n}`? "),
                None => String::new(),
            };
            problems.push(
                file.error(format!(
                    "dataset `{}` asks for an unknown chart `{name}`",
                    d.id
                ))
                .at(&file.text, region.find("chart:", name, 0))
                .label("not a chart this site can draw")
                .help(format!(
                    "{hint}write one of: chart: bar, stacked-bar, part-to-whole (or pie), line"
                )),
            );
            ChartKind::Bar
        }),
    }
}

/// Checks one series of `d`: its values and previous year's, and no value below
/// zero on a chart of bars.
fn check_series(
    region: &Region<'_>,
    d: &DatasetFront,
    s: &SeriesFront,
    chart: ChartKind,
    problems: &mut Vec<Diagnostic>,
) -> Series {
    let file = region.file;
    let values = check_values(region, d, s, &s.values, "values", problems);
    let previous_year = s
        .previous_year
        .as_ref()
        .map(|pya| check_values(region, d, s, pya, "previous_year", problems));
    if chart != ChartKind::Line
        && values
            .iter()
            .chain(previous_year.iter().flatten())
            .any(|v| *v < 0.0)
    {
        problems.push(
            file.error(format!(
                "in dataset `{}`, series \"{}\" has a value below zero, which bars cannot show",
                d.id, s.name
            ))
            .at(&file.text, region.find("name:", &s.name, 0))
            .help("use `chart: line` for figures that can go below zero"),
        );
    }
    Series {
        name: s.name.clone(),
        values,
        previous_year,
    }
}

/// Checks one list of values (`values` or `previous_year`) of series `s`.
fn check_values(
    region: &Region<'_>,
    d: &DatasetFront,
    s: &SeriesFront,
    figures: &[Figure],
    field: &str,
    problems: &mut Vec<Diagnostic>,
) -> Vec<f64> {
    let file = region.file;
    let series_at = region.find("name:", &s.name, 0);
    if figures.len() != d.categories.len() {
        let what = if field == "values" {
            "values"
        } else {
            "previous-year values"
        };
        problems.push(
            file.error(format!(
                "in dataset `{}`, series \"{}\" has {} {what} but there are {} categories",
                d.id,
                s.name,
                figures.len(),
                d.categories.len()
            ))
            .at(&file.text, series_at.clone())
            .label("in this series")
            .help(format!(
                "give one value per category under `{field}`, in the same order as `categories`"
            )),
        );
    }
    figures
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let category = d.categories.get(i).map_or("?", String::as_str);
            let (what, text) = match f {
                Figure::Number(v) if v.is_finite() => return *v,
                Figure::Number(_) => ("is not a finite number".to_owned(), None),
                Figure::Text(t) => (format!("is `{t}`, which is not a number"), Some(t.as_str())),
                Figure::Missing => ("is missing".to_owned(), None),
            };
            let (at, label, help) = match text {
                Some(t) => (
                    region.find(field, t, series_at.start),
                    "not a number",
                    "write figures as plain numbers, without commas or units: 1130, not 1,130; \
                     75, not 75% (put the unit in `unit:`)",
                ),
                None => (
                    region.find(field, "", series_at.start),
                    "in this list",
                    "give a number for every category, in the order of `categories`",
                ),
            };
            problems.push(
                file.error(format!(
                    "in dataset `{}`, series \"{}\", the {} for \"{category}\" {what}",
                    d.id,
                    s.name,
                    if field == "values" {
                        "value"
                    } else {
                        "previous-year value"
                    },
                ))
                .at(&file.text, at)
                .label(label)
                .help(help),
            );
            0.0
        })
        .collect()
}

/// The part of a file's front matter that holds one dataset, for pointing at a
/// field inside it.
struct Region<'a> {
    file: &'a SourceFile,
    start: usize,
    end: usize,
}

impl Region<'_> {
    /// Where `text` is written after `key` (at or after `from`), or failing that,
    /// the key itself, or failing that, the dataset's first line.
    fn find(&self, key: &str, text: &str, from: usize) -> Range<usize> {
        let from = from.clamp(self.start, self.end);
        let hay = &self.file.text[from..self.end];
        let key_at = hay.find(key);
        let after = key_at.unwrap_or(0);
        if !text.is_empty()
            && let Some(i) = hay[after..].find(text)
        {
            let s = from + after + i;
            return s..s + text.len();
        }
        match key_at {
            Some(i) => from + i..from + i + key.len(),
            None => self.start..self.start,
        }
    }
}

/// Where `id: <id>` is written in the front matter, for messages about that dataset.
fn id_span(file: &SourceFile, yaml: Range<usize>, id: &str) -> Range<usize> {
    let mut offset = yaml.start;
    for line in file.text[yaml.clone()].split_inclusive('\n') {
        let t = line.trim_start_matches([' ', '-']).trim_start();
        if let Some(rest) = t.strip_prefix("id:")
            && rest.trim().trim_matches(['"', '\'']) == id
        {
            let start = offset + (line.len() - t.len());
            return start..start + t.trim_end().len();
        }
        offset += line.len();
    }
    yaml.start..yaml.start
}

/// Builds the snapshot of `input` (see [`super::build_one`]): its datasets are
/// checked, and its body is cut at each `{{ dataset: id }}` marker.
impl super::BuildFrom for SnapshotFront {
    fn build(&self, input: &super::Input<'_>, d: &mut Vec<Diagnostic>) -> Snapshot {
    let file = input.file;
    let cx = input.cx;
    let mut page = crate::markdown::PageState::default();
    let (datasets, problems) = check_datasets(file, input.split.yaml.clone(), &self.datasets);
    d.extend(problems);
    // Dataset ids (and their charts' ids) are anchors on the page too:
    // headings must not take them.
    page.ids.extend(datasets.iter().flat_map(|ds| {
        [
            ds.id.clone(),
            format!("{}-chart-title", ds.id),
            format!("{}-chart-desc", ds.id),
        ]
    }));
    let mut parts = Vec::new();
    let mut text = String::new();
    let mut placed = HashSet::new();
    for (range, marker) in split_at_markers(&file.text, input.split.body.clone()) {
        let events = crate::markdown::parse(file, range, cx, &mut page, None, d);
        text.push_str(&crate::markdown::plain_text(&events));
        text.push(' ');
        parts.push(BodyPart::Html(crate::markdown::to_html(
            &events,
            cx.sanitiser,
        )));
        if let Some((id, span)) = marker {
            match datasets.iter().position(|ds| ds.id == id) {
                Some(i) => {
                    placed.insert(i);
                    parts.push(BodyPart::Dataset(i));
                }
                None => d.push(
                    file.error(format!(
                        "there is no dataset `{id}` in this file's front matter"
                    ))
                    .at(&file.text, span)
                    .help(super::nearest_help(&id, datasets.iter().map(|ds| ds.id.as_str()))),
                ),
            }
        }
    }
    parts.extend(
        (0..datasets.len())
            .filter(|i| !placed.contains(i))
            .map(BodyPart::Dataset),
    );
    Snapshot {
        slug: input.slug.clone(),
        url: input.url.clone(),
        title: self.title.clone(),
        period: self.period.clone(),
        published: self.published,
        datasets,
        body: parts,
        text: text.trim().to_owned(),
        meta: self.meta(),
    }
}
}

impl Snapshot {
    /// What the snapshot gives the search index: the page, then each dataset
    /// (its categories, series and notes) at its own anchor.
    pub fn search_entries<'a>(&'a self, out: &mut Vec<SearchEntry<'a>>) {
        let mut page = SearchEntry::whole_page(
            &self.title,
            &self.url,
            join(&[self.meta.description.as_deref().unwrap_or(""), &self.text]),
            Kind::Performance,
        );
        page.headings = Cow::Borrowed(&self.period);
        page.date = Some(self.published.iso());
        out.push(page);
        for ds in &self.datasets {
            let series: Vec<&str> = ds.series.iter().map(|x| x.name.as_str()).collect();
            out.push(SearchEntry {
                title: Cow::Borrowed(&ds.title),
                headings: join(&[&self.title, &self.period]),
                body: join(&[
                    &ds.categories.join(", "),
                    &series.join(", "),
                    ds.notes.as_deref().unwrap_or(""),
                ]),
                kind: Kind::Performance,
                url: Cow::Owned(format!("{}#{}", self.url, ds.id)),
                date: Some(self.published.iso()),
                tags: Vec::new(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_are_found_on_their_own_lines() {
        assert_eq!(marker_id("{{ dataset: front-door }}\n"), Some("front-door"));
        assert_eq!(marker_id("{{dataset:x}}"), Some("x"));
        assert_eq!(marker_id("see {{ dataset: x }}"), None);
    }

    #[test]
    fn figures_over_months_or_years_default_to_a_line_and_others_to_bars() {
        let cats = |c: &[&str]| c.iter().map(|x| (*x).to_owned()).collect::<Vec<_>>();
        assert_eq!(
            ChartKind::default_for(&cats(&["Apr 22", "May 2022", "June 2022"])),
            ChartKind::Line
        );
        assert_eq!(
            ChartKind::default_for(&cats(&["2020", "2021", "2022"])),
            ChartKind::Line
        );
        assert_eq!(
            ChartKind::default_for(&cats(&["Exceeded", "Met", "Not met"])),
            ChartKind::Bar
        );
        assert_eq!(
            ChartKind::default_for(&cats(&["Marked", "Mayor", "Junior"])),
            ChartKind::Bar,
            "words that start like months are not months"
        );
        assert_eq!(
            ChartKind::default_for(&cats(&["April 2022", "May 2022"])),
            ChartKind::Bar,
            "two points are better compared as bars"
        );
    }

    #[test]
    fn chart_names_include_pie_for_part_to_whole() {
        assert_eq!(ChartKind::parse("pie"), Some(ChartKind::PartToWhole));
        assert_eq!(ChartKind::parse("stacked-bar"), Some(ChartKind::StackedBar));
        assert_eq!(ChartKind::parse("donut"), None);
    }

    #[test]
    fn the_body_is_cut_at_markers() {
        let text = "Intro\n{{ dataset: a }}\nMore\n";
        let parts = split_at_markers(text, 0..text.len());
        assert_eq!(parts.len(), 2);
        assert_eq!(&text[parts[0].0.clone()], "Intro\n");
        assert_eq!(parts[0].1.as_ref().unwrap().0, "a");
        assert_eq!(&text[parts[1].0.clone()], "More\n");
    }
}
