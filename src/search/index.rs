//! Writing the search index from the [`Site`]: one document per page and one per
//! section (FAQ question, jargon term, team, dataset), so a search lands on the
//! answer, not on the page that holds forty.
//!
//! Beside tantivy's files the folder holds `search.json` (synonyms and best bets,
//! which queries need) and `site.json` (the site-wide values the theme's search page
//! needs), so the server reads the index folder and never the content.

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

/// One thing a search can find.
struct Doc {
    title: String,
    headings: String,
    body: String,
    kind: Kind,
    url: String,
    date: Option<String>,
}

/// Writes the index for `site` into the empty folder `dir`, with `site_json` (the
/// theme's site-wide values). Returns the number of documents.
pub fn write(site: &Site, dir: &Path, site_json: &serde_json::Value) -> tantivy::Result<usize> {
    let (schema, fields) = schema::schema();
    let index = Index::create_in_dir(dir, schema)?;
    schema::register_tokenizers(&index);
    let docs = documents(site);
    // Two threads and a modest budget: the machines this runs on have two cores,
    // and a Local Offer's text is small.
    let mut writer: IndexWriter = index.writer_with_num_threads(2, 60_000_000)?;
    for d in &docs {
        writer.add_document(to_tantivy(&fields, d))?;
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    let settings = SearchSettings {
        synonyms: synonyms(site),
        best_bets: site.config.search.best_bets.clone(),
    };
    write_json(&dir.join(SETTINGS_FILE), &settings)?;
    write_json(&dir.join(SITE_FILE), site_json)?;
    Ok(docs.len())
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
    doc.add_text(f.body_raw, format!("{} {}", d.headings, d.body));
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

fn join(parts: &[&str]) -> String {
    parts
        .iter()
        .filter(|p| !p.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ")
}

fn documents(site: &Site) -> Vec<Doc> {
    let mut docs = Vec::new();
    let page = |title: &str, url: &str, body: String, kind: Kind| Doc {
        title: title.to_owned(),
        headings: String::new(),
        body,
        kind,
        url: url.to_owned(),
        date: None,
    };
    docs.push(page(
        &site.home.title,
        "/",
        site.home.text.clone(),
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
            f.meta.description.clone().unwrap_or_default(),
            Kind::Faq,
        );
        d.headings = subjects.join(" ");
        docs.push(d);
        for s in &f.subjects {
            for q in &s.questions {
                docs.push(Doc {
                    title: q.question.clone(),
                    headings: join(&[s.title.as_deref().unwrap_or(""), &f.title]),
                    body: q.answer_text.clone(),
                    kind: Kind::Faq,
                    url: format!("{}#{}", f.url, q.id),
                    date: None,
                });
            }
        }
    }
    for t in &site.terms {
        docs.push(Doc {
            title: t.term.clone(),
            headings: join(&[t.stands_for.as_deref().unwrap_or(""), &t.aliases.join(" ")]),
            body: t.text.clone(),
            kind: Kind::Jargon,
            url: t.url.clone(),
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
            title: t.name.clone(),
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
            url: t.url.clone(),
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
        d.headings = s.period.clone();
        d.date = Some(s.published.iso());
        docs.push(d);
        for ds in &s.datasets {
            let series: Vec<&str> = ds.series.iter().map(|x| x.name.as_str()).collect();
            docs.push(Doc {
                title: ds.title.clone(),
                headings: join(&[&s.title, &s.period]),
                body: join(&[
                    &ds.categories.join(", "),
                    &series.join(", "),
                    ds.notes.as_deref().unwrap_or(""),
                ]),
                kind: Kind::Performance,
                url: format!("{}#{}", s.url, ds.id),
                date: Some(s.published.iso()),
            });
        }
    }
    for f in &site.feedback {
        docs.push(Doc {
            title: f.title.clone(),
            headings: f.source.clone().unwrap_or_default(),
            body: join(&[
                f.meta.description.as_deref().unwrap_or(""),
                &f.entries
                    .iter()
                    .map(|e| e.said.as_str())
                    .collect::<Vec<_>>()
                    .join(". "),
            ]),
            kind: Kind::Feedback,
            url: f.url.clone(),
            date: Some(f.date.iso()),
        });
        for e in &f.entries {
            docs.push(Doc {
                title: e.said.clone(),
                headings: join(&["You said, we did", &f.title]),
                body: e.did_text.clone(),
                kind: Kind::Feedback,
                url: format!("{}#{}", f.url, e.id),
                date: Some(f.date.iso()),
            });
        }
    }
    for n in &site.news {
        if n.unpublished {
            continue;
        }
        docs.push(Doc {
            title: n.title.clone(),
            headings: join(&[n.series_label, &n.tags.join(" ")]),
            body: join(&[&n.summary, &n.text]),
            kind: Kind::News,
            url: n.url.clone(),
            date: Some(n.date.iso()),
        });
    }
    docs
}
