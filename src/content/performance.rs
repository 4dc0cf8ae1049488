//! Performance snapshots: the bi-monthly updates, with their figures held as named
//! datasets in front matter and placed in the narrative with `{{ dataset: <id> }}`.

use std::collections::HashSet;
use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::{Date, Meta, front_matter_struct};
use crate::content::source::SourceFile;
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
        /// Named tables of figures.
        #[serde(default)]
        pub datasets: Vec<Dataset>,
    }
}

/// A named table of figures.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Dataset {
    /// A short name, unique in the file; also its anchor id.
    pub id: String,
    /// What the figures show.
    pub title: String,
    /// How to chart it.
    #[serde(default)]
    pub chart: ChartKind,
    /// What the numbers count: `contacts`, `%`.
    #[serde(default)]
    pub unit: Option<String>,
    /// Row labels, in the source's order.
    pub categories: Vec<String>,
    /// One or more named columns of values, one value per category.
    pub series: Vec<Series>,
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

/// One named column of values.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Series {
    /// The column's name: `April 2022`.
    pub name: String,
    /// One number per category.
    pub values: Vec<f64>,
}

/// The chart a dataset is drawn as.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChartKind {
    /// Bars, one group per category.
    #[default]
    Bar,
    /// Bars stacked by series.
    StackedBar,
    /// Parts of a whole.
    Pie,
    /// Values over time.
    Line,
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

/// Checks datasets: unique ids, and one value per category in every series.
pub fn check_datasets(file: &SourceFile, datasets: &[Dataset]) -> Vec<Diagnostic> {
    let mut seen = HashSet::new();
    let mut problems = Vec::new();
    for d in datasets {
        let at = id_span(file, &d.id);
        let err = |message: String| file.error(message).at(&file.text, at.clone());
        if !seen.insert(d.id.as_str()) {
            problems.push(
                err(format!("two datasets are called `{}`", d.id))
                    .help("give each dataset its own id"),
            );
        }
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
        for s in &d.series {
            if s.values.len() != d.categories.len() {
                problems.push(
                    err(format!(
                        "in dataset `{}`, series \"{}\" has {} values but there are {} categories",
                        d.id,
                        s.name,
                        s.values.len(),
                        d.categories.len()
                    ))
                    .label("in this dataset")
                    .help("give one value per category, in the same order as `categories`"),
                );
            }
            if s.values.iter().any(|v| !v.is_finite()) {
                problems.push(err(format!(
                    "in dataset `{}`, series \"{}\" has a value that is not a number",
                    d.id, s.name
                )));
            }
        }
    }
    problems
}

/// Where `id: <id>` is written in the file, for messages about that dataset.
fn id_span(file: &SourceFile, id: &str) -> Range<usize> {
    let mut offset = 0;
    for line in file.text.split_inclusive('\n') {
        let t = line.trim_start_matches([' ', '-']).trim_start();
        if let Some(rest) = t.strip_prefix("id:")
            && rest.trim().trim_matches(['"', '\'']) == id
        {
            let start = offset + (line.len() - t.len());
            return start..start + t.trim_end().len();
        }
        offset += line.len();
    }
    0..0
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
    fn the_body_is_cut_at_markers() {
        let text = "Intro\n{{ dataset: a }}\nMore\n";
        let parts = split_at_markers(text, 0..text.len());
        assert_eq!(parts.len(), 2);
        assert_eq!(&text[parts[0].0.clone()], "Intro\n");
        assert_eq!(parts[0].1.as_ref().unwrap().0, "a");
        assert_eq!(&text[parts[1].0.clone()], "More\n");
    }
}
