//! Writing the search index from the [`Site`]: one document per page and one per
//! section (FAQ question, jargon term, team, dataset), so a search lands on the
//! answer, not on the page that holds forty.
//!
//! Beside tantivy's files the folder holds `search.json` (synonyms and best bets,
//! which queries need), `words.txt` (the words as typed, see [`super::words`]) and
//! `site.json` (the site-wide values the theme's search page needs), so the server
//! reads the index folder and never the content.

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use tantivy::{Index, IndexWriter, TantivyDocument, Term};

use super::schema::{self, Fields};
use super::words::{self, WORDS_FILE, WordCounter};
use crate::config::BestBet;
use crate::content::kinds::SearchFilter;
use crate::content::{Kind, SearchEntry, Site};

/// Settings stored with the index for the query side.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct SearchSettings {
    /// Groups of phrases that mean the same thing.
    pub synonyms: Vec<Vec<String>>,
    /// Pages pinned to queries.
    pub best_bets: Vec<BestBet>,
    /// What results can be narrowed by (the directory's filters).
    #[serde(default)]
    pub filters: Vec<SearchFilter>,
}

/// The file holding [`SearchSettings`] inside the index folder.
pub const SETTINGS_FILE: &str = "search.json";
/// The file holding the theme's site-wide values inside the index folder.
pub const SITE_FILE: &str = "site.json";

/// The URL of the page a document's `url` is on (its `page` field): the URL
/// without its `#anchor`.
pub(super) fn page_of(url: &str) -> &str {
    url.split('#').next().unwrap_or_default()
}

impl SearchEntry<'_> {
    /// The URL of the page it is on.
    fn page(&self) -> &str {
        page_of(&self.url)
    }

    /// The text its words are counted from: what the index searches.
    fn texts(&self) -> [&str; 3] {
        [&self.title, &self.headings, &self.body]
    }
}

/// Writes the index for `site` into the empty folder `dir`, with `site_json` (the
/// theme's site-wide values). Returns the number of documents.
pub fn write(site: &Site, dir: &Path, site_json: &serde_json::Value) -> tantivy::Result<usize> {
    let (schema, fields) = schema::schema();
    let index = Index::create_in_dir(dir, schema)?;
    // The words are counted as tantivy's threads stem them.
    let counts = schema::WordCounts::default();
    index
        .tokenizers()
        .register(schema::STEMMED, schema::counting_stemmed(counts.clone()));
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
    let counts = std::mem::take(&mut *counts.lock().map_err(|_| {
        tantivy::TantivyError::InternalError("a thread counting words stopped".to_owned())
    })?);
    words::write(&dir.join(WORDS_FILE), &words::from_counts(counts)).map_err(io_error)?;
    SideFiles::of(site, site_json)?.write(dir)?;
    Ok(count)
}

/// An index written by [`write()`], kept open for writing by `serve --watch` and
/// brought up to date by [`Updater::update`] with only the documents that changed.
pub struct Updater {
    writer: IndexWriter,
    fields: Fields,
    dir: std::path::PathBuf,
    /// For each page, a hash of its documents as the index holds them, and their
    /// words (see [`WordCounter::add`]).
    held: HashMap<String, (u64, Vec<u32>)>,
    /// The words of the documents the index holds.
    words: WordCounter,
    /// `search.json` and `site.json` as last written.
    side: SideFiles,
    /// The folder's inode when it was opened (see [`Updater::is_current`]).
    folder: Option<u64>,
}

/// What [`Updater::update`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Updated {
    /// Documents in the index.
    pub documents: usize,
    /// Documents deleted or added.
    pub changed: usize,
    /// Whether anything was written (and committed).
    pub committed: bool,
}

impl Updater {
    /// Opens the index in `dir`, which [`write()`] wrote for `site`, for updates.
    pub fn open(
        dir: &Path,
        site: &Site,
        site_json: &serde_json::Value,
    ) -> tantivy::Result<Updater> {
        let index = Index::open_in_dir(dir)?;
        schema::register_tokenizers(&index);
        let fields = schema::fields_of(&index.schema())?;
        // One thread and a small budget (tantivy refuses under 15 MB a thread): a
        // save changes a few documents, and the machine is busy rendering meanwhile.
        let writer: IndexWriter = index.writer_with_num_threads(1, 20_000_000)?;
        let mut words = WordCounter::default();
        let held = by_page(&documents(site))
            .into_iter()
            .map(|(page, (hash, group))| (page.to_owned(), (hash, count(&mut words, &group))))
            .collect();
        Ok(Updater {
            writer,
            fields,
            dir: dir.to_path_buf(),
            held,
            words,
            side: SideFiles::of(site, site_json)?,
            folder: folder_id(dir),
        })
    }

    /// Whether `dir` is still the folder this opened. A `localoffer build` run
    /// meanwhile swaps in a new folder at the same path; writing this one's
    /// segments into it would break it, so it must be opened again instead.
    pub fn is_current(&self) -> bool {
        self.folder.is_some() && folder_id(&self.dir) == self.folder
    }

    /// Brings the index up to `site`: the documents of each page whose documents
    /// changed or went are deleted (by their `page` term), the new ones added, and
    /// the whole committed at once, so a search sees the old index or the new one.
    /// Nothing is written when nothing changed.
    pub fn update(
        &mut self,
        site: &Site,
        site_json: &serde_json::Value,
    ) -> tantivy::Result<Updated> {
        let docs = documents(site);
        let now = by_page(&docs);
        let mut changed = 0;
        let gone: Vec<String> = self
            .held
            .keys()
            .filter(|page| !now.contains_key(page.as_str()))
            .cloned()
            .collect();
        for page in gone {
            self.writer
                .delete_term(Term::from_field_text(self.fields.page, &page));
            if let Some((_, words)) = self.held.remove(&page) {
                self.words.remove(&words);
            }
            changed += 1;
        }
        for (page, (hash, group)) in &now {
            if self.held.get(*page).is_some_and(|(held, _)| held == hash) {
                continue;
            }
            if let Some((_, words)) = self.held.remove(*page) {
                self.writer
                    .delete_term(Term::from_field_text(self.fields.page, page));
                self.words.remove(&words);
            }
            for d in group {
                self.writer.add_document(to_tantivy(&self.fields, d))?;
            }
            let words = count(&mut self.words, group);
            self.held.insert((*page).to_owned(), (*hash, words));
            changed += group.len();
        }
        let side = SideFiles::of(site, site_json)?;
        let json_changed = side != self.side;
        if changed == 0 && !json_changed {
            return Ok(Updated {
                documents: docs.len(),
                changed,
                committed: false,
            });
        }
        // The server reads these when the commit replaces meta.json: write them first.
        if changed > 0 {
            words::write(&self.dir.join(WORDS_FILE), &self.words.words()).map_err(io_error)?;
        }
        side.write(&self.dir)?;
        self.writer.commit()?;
        self.side = side;
        Ok(Updated {
            documents: docs.len(),
            changed,
            committed: true,
        })
    }
}

/// The inode of `dir` (`None` where there are no inodes: the folder is then
/// never taken for the one opened, and the index is written whole each time).
fn folder_id(dir: &Path) -> Option<u64> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(dir).ok().map(|m| m.ino())
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        None
    }
}

/// The documents grouped by page, with a hash of each group.
fn by_page<'a>(docs: &'a [SearchEntry<'a>]) -> HashMap<&'a str, (u64, Vec<&'a SearchEntry<'a>>)> {
    let mut groups: HashMap<&str, Vec<&SearchEntry>> = HashMap::new();
    for d in docs {
        groups.entry(d.page()).or_default().push(d);
    }
    groups
        .into_iter()
        .map(|(page, group)| (page, (crate::util::hash::hash_of(&group), group)))
        .collect()
}

/// Counts the words of `group` in `words`; returns what [`WordCounter::remove`]
/// needs to forget them.
fn count(words: &mut WordCounter, group: &[&SearchEntry]) -> Vec<u32> {
    let mut held = Vec::new();
    for d in group {
        words.add(&d.texts(), &mut held);
    }
    held
}

/// The files beside tantivy's and `words.txt` (which is counted as the index is
/// written) in the index folder: the one list of them, for a whole index and an
/// update alike.
#[derive(PartialEq)]
struct SideFiles {
    /// `search.json`: synonyms and best bets.
    settings: String,
    /// `site.json`: the theme's site-wide values.
    site: String,
}

impl SideFiles {
    fn of(site: &Site, site_json: &serde_json::Value) -> tantivy::Result<SideFiles> {
        Ok(SideFiles {
            settings: to_json(&SearchSettings {
                synonyms: synonyms(site),
                best_bets: site.config.search.best_bets.clone(),
                filters: crate::content::kinds::search_filters(site),
            })?,
            site: to_json(site_json)?,
        })
    }

    fn write(&self, dir: &Path) -> tantivy::Result<()> {
        write_json(&dir.join(SETTINGS_FILE), &self.settings)?;
        write_json(&dir.join(SITE_FILE), &self.site)
    }
}

fn to_json(value: &impl Serialize) -> tantivy::Result<String> {
    serde_json::to_string(value).map_err(|e| tantivy::TantivyError::InternalError(e.to_string()))
}

fn write_json(path: &Path, text: &str) -> tantivy::Result<()> {
    std::fs::write(path, text).map_err(io_error)
}

fn io_error(e: std::io::Error) -> tantivy::TantivyError {
    tantivy::TantivyError::IoError(std::sync::Arc::new(e))
}

fn to_tantivy(f: &Fields, d: &SearchEntry) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_text(f.title, &d.title);
    doc.add_text(f.headings, &d.headings);
    doc.add_text(f.body, &d.body);
    doc.add_text(f.kind, d.kind.name());
    let kind_id = Kind::ALL
        .iter()
        .position(|k| *k == d.kind)
        .unwrap_or_default();
    doc.add_u64(f.kind_id, kind_id as u64);
    doc.add_text(f.url, &d.url);
    doc.add_text(f.page, d.page());
    if let Some(date) = &d.date {
        doc.add_text(f.date, date);
    }
    for tag in &d.tags {
        doc.add_text(f.tags, tag);
    }
    if schema::holds_figures(&d.body) {
        doc.add_text(f.tags, schema::FIGURES_TAG);
    }
    doc
}

/// The synonym groups: each jargon term with its full form and aliases, the
/// built-in everyday words (unless switched off), then `site.toml`'s own groups.
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
    if site.config.search.everyday_words {
        groups.extend(super::thesaurus::everyday_words());
    }
    groups.extend(site.config.search.synonyms.iter().cloned());
    groups
}

/// Every document of the site, in a fixed order: the home page, then each kind's.
fn documents(site: &Site) -> Vec<SearchEntry<'_>> {
    crate::content::kinds::search_entries(site)
}
