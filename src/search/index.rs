//! Writing the search index from the [`Site`]: one document per page and one per
//! section (FAQ question, jargon term, team, dataset), so a search lands on the
//! answer, not on the page that holds forty.
//!
//! Beside tantivy's files the folder holds `search.json` (synonyms and best bets,
//! which queries need) and `site.json` (the site-wide values the theme's search page
//! needs), so the server reads the index folder and never the content.

use std::borrow::Cow;
use std::path::Path;

use serde::{Deserialize, Serialize};
use tantivy::{Index, IndexWriter, TantivyDocument};

use super::schema::{self, Fields};
use crate::config::BestBet;
use crate::content::{Kind, Site};

/// Settings stored with the index for the query side.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct SearchSettings {
    /// Groups of phrases that mean the same thing.
    pub synonyms: Vec<Vec<String>>,
    /// Pages pinned to queries.
    pub best_bets: Vec<BestBet>,
}

/// The file holding [`SearchSettings`] inside the index folder.
pub const SETTINGS_FILE: &str = "search.json";
/// The file holding the theme's site-wide values inside the index folder.
pub const SITE_FILE: &str = "site.json";

/// One thing a search can find, borrowing the site's text where it can.
struct Doc<'a> {
    title: Cow<'a, str>,
    headings: Cow<'a, str>,
    body: Cow<'a, str>,
    kind: Kind,
    url: Cow<'a, str>,
    date: Option<String>,
}

/// Writes the index for `site` into the empty folder `dir`, with `site_json` (the
/// theme's site-wide values). Returns the number of documents.
pub fn write(site: &Site, dir: &Path, site_json: &serde_json::Value) -> tantivy::Result<usize> {
    let (schema, fields) = schema::schema();
    let index = Index::create_in_dir(dir, schema)?;
    schema::register_tokenizers(&index);
    let docs = documents(site);
    let count = docs.len();
    // Two threads and a modest budget: the machines this runs on have two cores,
    // and a Local Offer's text is small.
    let mut writer: IndexWriter = index.writer_with_num_threads(2, 60_000_000)?;
    for d in docs {
        writer.add_document(to_tantivy(&fields, &d))?;
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    let settings = SearchSettings {
        synonyms: synonyms(site),
        best_bets: site.config.search.best_bets.clone(),
    };
    write_json(&dir.join(SETTINGS_FILE), &settings)?;
    write_json(&dir.join(SITE_FILE), site_json)?;
    Ok(count)
}

fn write_json(path: &Path, value: &impl Serialize) -> tantivy::Result<()> {
    let text = serde_json::to_string(value)
        .map_err(|e| tantivy::TantivyError::InternalError(e.to_string()))?;
    std::fs::write(path, text).map_err(|e| tantivy::TantivyError::IoError(std::sync::Arc::new(e)))
}

fn to_tantivy(f: &Fields, d: &Doc) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_text(f.title, &d.title);
    doc.add_text(f.title_raw, &d.title);
    doc.add_text(f.headings, &d.headings);
    doc.add_text(f.body, &d.body);
    doc.add_text(f.body_raw, &d.headings);
    doc.add_text(f.body_raw, &d.body);
    doc.add_text(f.kind, d.kind.name());
    let kind_id = Kind::ALL
        .iter()
        .position(|k| *k == d.kind)
        .unwrap_or_default();
    doc.add_u64(f.kind_id, kind_id as u64);
    doc.add_text(f.url, &d.url);
    if let Some(date) = &d.date {
        doc.add_text(f.date, date);
    }
    doc
}

/// The synonym groups: each jargon term with its full form and aliases, then
/// `site.toml`'s own groups.
fn synonyms(site: &Site) -> Vec<Vec<String>> {
    let mut groups: Vec<Vec<String>> = site
        .terms
        .iter()
        .map(|t| {
            let mut g = vec![t.term.clone()];
            g.extend(t.stands_for.clone());
            g.extend(t.aliases.iter().cloned());
            g
        })
        .filter(|g| g.len() > 1)
        .collect();
    groups.extend(site.config.search.synonyms.iter().cloned());
    groups
}

fn join<'a>(parts: &[&str]) -> Cow<'a, str> {
    Cow::Owned(
        parts
            .iter()
            .filter(|p| !p.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" "),
    )
}

fn documents<'a>(site: &'a Site) -> Vec<Doc<'a>> {
    let mut docs = Vec::new();
    let page = |title: &'a str, url: &'a str, body: Cow<'a, str>, kind: Kind| Doc {
        title: Cow::Borrowed(title),
        headings: Cow::Borrowed(""),
        body,
        kind,
        url: Cow::Borrowed(url),
        date: None,
    };
    docs.push(page(
        &site.home.title,
        "/",
        Cow::Borrowed(&site.home.text),
        Kind::Page,
    ));
    for p in &site.pages {
        docs.push(page(
            &p.title,
            &p.url,
            join(&[p.meta.description.as_deref().unwrap_or(""), &p.text]),
            Kind::Page,
        ));
    }
    for f in &site.faqs {
        let subjects: Vec<&str> = f
            .subjects
            .iter()
            .filter_map(|s| s.title.as_deref())
            .collect();
        let mut d = page(
            &f.title,
            &f.url,
            Cow::Borrowed(f.meta.description.as_deref().unwrap_or("")),
            Kind::Faq,
        );
        d.headings = Cow::Owned(subjects.join(" "));
        docs.push(d);
        for s in &f.subjects {
            for q in &s.questions {
                docs.push(Doc {
                    title: Cow::Borrowed(&q.question),
                    headings: join(&[s.title.as_deref().unwrap_or(""), &f.title]),
                    body: Cow::Borrowed(&q.answer_text),
                    kind: Kind::Faq,
                    url: Cow::Owned(format!("{}#{}", f.url, q.id)),
                    date: None,
                });
            }
        }
    }
    for t in &site.terms {
        docs.push(Doc {
            title: Cow::Borrowed(&t.term),
            headings: join(&[t.stands_for.as_deref().unwrap_or(""), &t.aliases.join(" ")]),
            body: Cow::Borrowed(&t.text),
            kind: Kind::Jargon,
            url: Cow::Borrowed(&t.url),
            date: None,
        });
    }
    for t in &site.teams {
        let lead = t.lead.as_ref().map(|l| {
            join(&[
                l.name.as_deref().unwrap_or(""),
                l.role.as_deref().unwrap_or(""),
            ])
        });
        docs.push(Doc {
            title: Cow::Borrowed(&t.name),
            headings: join(&[
                lead.as_deref().unwrap_or(""),
                t.area.as_deref().unwrap_or(""),
            ]),
            body: join(&[
                t.meta.description.as_deref().unwrap_or(""),
                &t.responsibilities.join(". "),
                &t.contact_for
                    .iter()
                    .map(|c| c.need.as_str())
                    .collect::<Vec<_>>()
                    .join(". "),
                &t.text,
            ]),
            kind: Kind::Team,
            url: Cow::Borrowed(&t.url),
            date: None,
        });
    }
    for s in &site.snapshots {
        let mut d = page(
            &s.title,
            &s.url,
            join(&[s.meta.description.as_deref().unwrap_or(""), &s.text]),
            Kind::Performance,
        );
        d.headings = Cow::Borrowed(&s.period);
        d.date = Some(s.published.iso());
        docs.push(d);
        for ds in &s.datasets {
            let series: Vec<&str> = ds.series.iter().map(|x| x.name.as_str()).collect();
            docs.push(Doc {
                title: Cow::Borrowed(&ds.title),
                headings: join(&[&s.title, &s.period]),
                body: join(&[
                    &ds.categories.join(", "),
                    &series.join(", "),
                    ds.notes.as_deref().unwrap_or(""),
                ]),
                kind: Kind::Performance,
                url: Cow::Owned(format!("{}#{}", s.url, ds.id)),
                date: Some(s.published.iso()),
            });
        }
    }
    for f in &site.feedback {
        docs.push(Doc {
            title: Cow::Borrowed(&f.title),
            headings: Cow::Borrowed(f.source.as_deref().unwrap_or("")),
            body: join(&[
                f.meta.description.as_deref().unwrap_or(""),
                &f.entries
                    .iter()
                    .map(|e| e.said.as_str())
                    .collect::<Vec<_>>()
                    .join(". "),
            ]),
            kind: Kind::Feedback,
            url: Cow::Borrowed(&f.url),
            date: Some(f.date.iso()),
        });
        for e in &f.entries {
            docs.push(Doc {
                title: Cow::Borrowed(&e.said),
                headings: join(&["You said, we did", &f.title]),
                body: Cow::Borrowed(&e.did_text),
                kind: Kind::Feedback,
                url: Cow::Owned(format!("{}#{}", f.url, e.id)),
                date: Some(f.date.iso()),
            });
        }
    }
    for n in &site.news {
        if n.unpublished {
            continue;
        }
        docs.push(Doc {
            title: Cow::Borrowed(&n.title),
            headings: join(&[n.series_label, &n.tags.join(" ")]),
            body: join(&[&n.summary, &n.text]),
            kind: Kind::News,
            url: Cow::Borrowed(&n.url),
            date: Some(n.date.iso()),
        });
    }
    docs
}
