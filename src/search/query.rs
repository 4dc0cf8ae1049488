//! Answering a query: parse it as plain words (no query syntax, so no input can break
//! it), expand synonyms and acronyms, tolerate typos, rank, and make snippets.
//!
//! Ranking, per word: exact (stemmed) matches in the title, headings and body with
//! boosts 4, 2 and 1; then the stems of the index's words a typo away from it (from
//! `words.txt`, see [`super::words`]) with small constant boosts, so an exact match
//! always outranks a fuzzy one; the last word also matches the words it begins,
//! for search-as-you-type. Synonym phrases and the whole query as a phrase add to that.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::convert::Infallible;
use std::path::Path;
use std::sync::Arc;

use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector, TopDocs};
use tantivy::query::{
    AllQuery, Bm25StatisticsProvider, BooleanQuery, BoostQuery, ConstScoreQuery, EnableScoring,
    Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{
    DocAddress, DocSet, Index, IndexReader, ReloadPolicy, Searcher, TantivyDocument, Term,
};

use super::all_words::{AllWords, Extra, SynonymPart, WordPart};
use super::any_term::AnyTerm;
use super::best_field::BestField;
use super::index::{SETTINGS_FILE, SITE_FILE, SearchSettings, page_of};
use super::remembered::{Memory, Remembered};
use super::schema::{self, Fields};
use super::snippets::{self, Snippets};
use super::typos::{Deletions, Word, with_ends, within_edits};
use super::words::{self, WORDS_FILE};
use crate::content::Kind;
use crate::content::kinds::SearchFilter;

mod merged;
mod warm;
pub use warm::{WARMING_TIME, Warmed};

/// Queries longer than this (in characters) are refused.
pub const MAX_QUERY_CHARS: usize = 256;
/// The most results one page may have.
pub const MAX_LIMIT: usize = 50;
/// The results per page when none is asked for.
pub const DEFAULT_LIMIT: usize = 10;
/// The last page that may be asked for.
pub const MAX_PAGE: usize = 100;
/// How many answers an opened index keeps for queries asked again.
const CACHED_ANSWERS: usize = 4096;
/// How many typed words' typo matches an opened index keeps. A misspelling is
/// worked out once, then kept: with 4,096 (and 8,192 words as built) a
/// misspelt query of the load test on the 10,000-page corpus cost 65-105 µs in
/// process, with 16,384 of each 52-90 µs, for 22 MB more (docs/performance.md).
const CACHED_NEAR_WORDS: usize = 16_384;

/// The longest a snippet may be, in bytes.
const SNIPPET_LEN: usize = 220;

/// How many words (and synonym groups) as built are kept.
const CACHED_WORDS: usize = 16_384;

/// Words too common to help find anything; dropped unless the query is nothing else.
const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "can", "do", "does", "for", "from", "how",
    "i", "if", "in", "is", "it", "me", "my", "of", "on", "or", "our", "so", "that", "the", "their",
    "there", "this", "to", "was", "we", "what", "when", "where", "which", "who", "why", "will",
    "with", "you", "your",
];

/// Words a question is phrased with rather than what it is about ("what happens",
/// "how long", "should"): searched for like any word (a question's title may hold
/// them), but a page need not hold them to count as matching every word.
const QUESTION_WORDS: &[&str] = &[
    "about", "any", "could", "did", "get", "got", "had", "happen", "happens", "has", "have",
    "long", "many", "much", "need", "often", "quickly", "should", "soon", "take", "tell", "would",
];

/// Opening words that ask for a number: "how many", "how long", "what
/// percentage". The answers that hold figures score a little more.
const NUMBER_QUESTIONS: &[&[&str]] = &[
    &["how", "many"],
    &["how", "much"],
    &["how", "long"],
    &["how", "often"],
    &["how", "quickly"],
    &["how", "soon"],
    &["how", "fast"],
    &["what", "percentage"],
    &["what", "proportion"],
    &["what", "number"],
];

/// What an answer holding figures adds for a question asking for a number.
/// (About what one rare word in a body is worth: enough to lift the answer that
/// holds the figure above the definition of the thing asked about.)
const FIGURES_BONUS: f32 = 5.0;

/// Words that open a question ("why is my..."): a title that is a question
/// asked the same way scores a little more.
const QUESTION_OPENERS: &[&str] = &[
    "why", "how", "what", "when", "who", "where", "which", "can", "do", "does", "is", "will",
    "should",
];

/// What a title opening the same way as the question adds.
const QUESTION_BONUS: f32 = 0.5;

/// What a search asks for.
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// The words typed.
    pub q: String,
    /// Only results of this kind (`faq`, `jargon`, `team`, `performance`, `news`, `page`).
    pub kind: Option<String>,
    /// The page of results, from 1.
    pub page: usize,
    /// Results per page, 1 to [`MAX_LIMIT`].
    pub limit: usize,
    /// Filters by name and value (`("age", "9")`, `("category", "health")`); empty
    /// values are ignored. Each must be one of the index's [`SearchFilter`]s.
    pub filters: Vec<(String, String)>,
}

/// The answer, in the shape of the JSON API.
#[derive(Debug, Clone, Serialize)]
pub struct Response {
    /// The query as received.
    pub query: String,
    /// How many results there are in all.
    pub total: usize,
    /// This page's number.
    pub page: usize,
    /// This page's results (shared: an answer remembered for a query is handed
    /// out again without copying its results).
    pub results: Arc<[Hit]>,
    /// Result counts by kind, for the query without the kind filter.
    pub facets: Arc<BTreeMap<String, usize>>,
    /// A spelling that finds more, if there is one.
    pub suggestion: Option<String>,
    /// The filters' values counted over the results (filters applied, kind not),
    /// when the results hold entries that filters narrow or a filter was asked for.
    pub filters: Vec<FilterCounts>,
}

/// A filter's values, counted over a search's results.
#[derive(Debug, Clone, Serialize)]
pub struct FilterCounts {
    /// The filter's name in URLs: `category`.
    pub name: String,
    /// What it is called: `Type of service`.
    pub label: String,
    /// Its values that results have, or that were asked for.
    pub values: Vec<ValueCount>,
}

/// One value of a filter and how many results have it.
#[derive(Debug, Clone, Serialize)]
pub struct ValueCount {
    /// As URLs write it: `short-breaks`.
    pub value: String,
    /// As shown: `Short breaks`.
    pub label: String,
    /// How many results have it.
    pub count: usize,
    /// Whether the search asked for it.
    pub selected: bool,
}

/// One result.
#[derive(Clone)]
pub struct Hit {
    /// Its document as results show it: the index's kept copy, shared rather
    /// than copied, so a result is one count on one allocation rather than
    /// one on each of its title, URL and kind.
    shown: Arc<Stored>,
    /// HTML-escaped text with the matched words in `<mark>`.
    pub snippet: String,
}

impl Hit {
    /// A result of these parts, not read from an index.
    pub fn new(title: &str, url: &str, kind: &str, snippet: String) -> Hit {
        Hit {
            shown: Arc::new(Stored::new(title, url, kind, Box::default())),
            snippet,
        }
    }

    /// The page, question, term or team name.
    pub fn title(&self) -> &str {
        self.shown.title()
    }

    /// Site-relative URL, with `#anchor` for a section.
    pub fn url(&self) -> &str {
        self.shown.url()
    }

    /// Its kind.
    pub fn kind(&self) -> &str {
        self.shown.kind()
    }
}

impl Serialize for Hit {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut hit = serializer.serialize_struct("Hit", 4)?;
        hit.serialize_field("title", self.title())?;
        hit.serialize_field("url", self.url())?;
        hit.serialize_field("kind", self.kind())?;
        hit.serialize_field("snippet", &self.snippet)?;
        hit.end()
    }
}

impl std::fmt::Debug for Hit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Hit")
            .field("title", &self.title())
            .field("url", &self.url())
            .field("kind", &self.kind())
            .field("snippet", &self.snippet)
            .finish()
    }
}

/// Why a search was refused.
#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    /// The query is longer than [`MAX_QUERY_CHARS`].
    #[error("your search is too long: use at most {MAX_QUERY_CHARS} characters")]
    TooLong,
    /// The kind filter names no kind.
    #[error("there is no kind of page called \"{0}\": use {names}", names = kind_names())]
    UnknownKind(String),
    /// Page or limit out of range.
    #[error("page must be 1 to {MAX_PAGE} and limit 1 to {MAX_LIMIT}")]
    OutOfRange,
    /// A filter the site does not have.
    #[error("results cannot be narrowed by {0} here: this site has nothing to filter by {0}")]
    NoSuchFilter(String),
    /// A filter value the filter does not take.
    #[error("{label} cannot be \"{value}\": use {expected}")]
    UnknownFilterValue {
        /// What the filter is called.
        label: String,
        /// The value asked for.
        value: String,
        /// The values it takes, in words.
        expected: String,
    },
    /// The index could not be read.
    #[error("the search index could not be read: {0}")]
    Index(#[from] tantivy::TantivyError),
}

impl QueryError {
    /// Whether the fault is in the request (a 400) rather than the server.
    pub fn is_bad_request(&self) -> bool {
        !matches!(self, QueryError::Index(_))
    }
}

/// An opened search index, ready to answer queries.
pub struct SearchIndex {
    reader: IndexReader,
    fields: Fields,
    /// Synonym groups: phrases as lists of unstemmed words.
    synonyms: Vec<Vec<Vec<String>>>,
    /// The groups in `synonyms` with a phrase starting with each word: a site
    /// has a group for each of its thousands of acronyms, and a query only needs
    /// those its words start.
    synonyms_by_word: HashMap<String, Vec<usize>>,
    /// Best bets: the query's words and the URL to pin.
    best_bets: Vec<(Vec<String>, String)>,
    /// Every stem in the index, with the words (places in `words`) that have it.
    typed: HashMap<String, Vec<usize>>,
    /// What results can be narrowed by.
    filters: Vec<SearchFilter>,
    /// Each document's kind and filter values, for the facets.
    facets: FacetCounts,
    /// Every unstemmed word in the index, in order: for corrections, typo and
    /// prefix matches.
    words: Vec<Word>,
    /// How many times the index's text holds each of `words` (see
    /// [`SearchIndex::count_of`]).
    counts: rustc_hash::FxHashMap<Box<str>, u64>,
    /// The stems of the typo matches of words asked for before (see
    /// [`SearchIndex::near_words`]), by word and edit distance: finding them means
    /// comparing with every word.
    near: quick_cache::sync::Cache<(String, u8), Arc<Near>>,
    /// Each word asked for before and its correction, if it has one (see
    /// [`SearchIndex::correction`]).
    corrected: quick_cache::sync::Cache<String, Option<String>>,
    /// The words by each way of leaving out one letter, and two, for typo
    /// matches within one edit and two: each made the first time a word needs
    /// it.
    deletions: [std::sync::OnceLock<Option<Deletions>>; 2],
    /// Words as built, by the word and whether it is being completed.
    built: quick_cache::sync::Cache<(String, bool), Arc<BuiltWord>>,
    /// Synonym groups as built, by the group, the stems they stand for and the
    /// phrases searched for.
    built_synonyms: quick_cache::sync::Cache<(usize, usize, Vec<usize>), Arc<BuiltSynonyms>>,
    /// The theme's site-wide values, for the search results page.
    pub site: serde_json::Value,
    /// Answers already worked out, by what decides them (see [`AnswerKey`]). An
    /// index never changes once opened (a new build opens a new one), so an answer
    /// stays right for as long as the index is open.
    answers: quick_cache::sync::Cache<AnswerKey, Arc<Response>>,
    /// Each word's matches and scores, worked out once (see [`Remembered`]).
    memory: Arc<Memory>,
    /// The index's counts that BM25 weighs terms by (see [`Statistics`]).
    term_counts: TermCounts,
    /// The documents results have shown, as they show them. Like `answers` and
    /// `memory`, right only because an opened index never changes: an address
    /// names the same document for as long as the index is open.
    documents: Shown,
}

/// The documents results have shown, each in a slot of its own (a document
/// shown before is found without hashing its address or taking a lock), up to
/// [`STORED_BYTES`] of them; past that, a document not kept is read from the
/// store each time it is shown.
struct Shown {
    /// By segment (its place in the searcher), by document.
    slots: Box<[Box<[Kept]>]>,
    bytes: std::sync::atomic::AtomicU64,
}

/// A document's slot in [`Shown`].
type Kept = std::sync::OnceLock<Arc<Stored>>;

impl Shown {
    fn new(searcher: &Searcher) -> Shown {
        Shown {
            slots: searcher
                .segment_readers()
                .iter()
                .map(|r| (0..r.max_doc()).map(|_| Kept::new()).collect())
                .collect(),
            bytes: std::sync::atomic::AtomicU64::new(0),
        }
    }

    /// The document at `address`, kept, or `read` (and kept if there is room).
    fn get_or_read(
        &self,
        address: DocAddress,
        read: impl FnOnce() -> tantivy::Result<Arc<Stored>>,
    ) -> tantivy::Result<Arc<Stored>> {
        if let Some(kept) = self.slot(address).and_then(|s| s.get()) {
            return Ok(Arc::clone(kept));
        }
        let stored = read()?;
        self.keep(address, Arc::clone(&stored), STORED_BYTES);
        Ok(stored)
    }

    /// Keeps `stored` for `address` if the documents kept so far leave room
    /// below `most` bytes: `None` if they do not, else whether it was not
    /// kept already.
    fn keep(&self, address: DocAddress, stored: Arc<Stored>, most: u64) -> Option<bool> {
        use std::sync::atomic::Ordering::Relaxed;
        let size = stored.bytes();
        if self.bytes.load(Relaxed) + size > most {
            return None;
        }
        let kept = self
            .slot(address)
            .is_some_and(|slot| slot.set(stored).is_ok());
        if kept {
            self.bytes.fetch_add(size, Relaxed);
        }
        Some(kept)
    }

    fn slot(&self, address: DocAddress) -> Option<&Kept> {
        self.slots
            .get(address.segment_ord as usize)
            .and_then(|s| s.get(address.doc_id as usize))
    }
}

/// How many documents hold each term and how many words each field holds, as
/// BM25 weighs them: counted once, then kept. tantivy counts them afresh for
/// every clause of every query, looking each term up in every segment.
struct TermCounts {
    terms: quick_cache::sync::Cache<Term, u64>,
    tokens: quick_cache::sync::Cache<tantivy::schema::Field, u64>,
}

/// How many terms' counts an opened index keeps.
const CACHED_TERM_COUNTS: usize = 65_536;

/// The searcher's statistics, through [`TermCounts`].
struct Statistics<'a> {
    searcher: &'a Searcher,
    counts: &'a TermCounts,
}

impl Bm25StatisticsProvider for Statistics<'_> {
    fn total_num_tokens(&self, field: tantivy::schema::Field) -> tantivy::Result<u64> {
        self.counts
            .tokens
            .get_or_insert_with(&field, || self.searcher.total_num_tokens(field))
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        self.searcher.total_num_docs()
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        self.counts
            .terms
            .get_or_insert_with(term, || self.searcher.doc_freq(term))
    }
}

/// What a result shows of a document.
struct Stored {
    /// Its title, URL and kind, one after the other in one allocation.
    names: Box<str>,
    /// Where the title ends in `names`.
    title_end: usize,
    /// Where the URL ends in `names`.
    url_end: usize,
    body: Box<str>,
    /// Where the body's words are, for snippets, when it is ASCII (see
    /// [`snippets::words_of`]).
    places: Option<snippets::Places>,
}

/// How many bytes of documents an opened index keeps for results (see
/// [`SearchIndex::stored`]), read beforehand when it is warmed or the first
/// time a result shows them. The results of 50,000 queries on the 10,000-page
/// corpus of `scripts/bench` took 16 MB; all its documents take about 50 MB.
const STORED_BYTES: u64 = 64 * 1024 * 1024;

impl Stored {
    fn new(title: &str, url: &str, kind: &str, body: Box<str>) -> Stored {
        let names = [title, url, kind].concat().into_boxed_str();
        Stored {
            names,
            title_end: title.len(),
            url_end: title.len() + url.len(),
            places: snippets::words_of(&body),
            body,
        }
    }

    fn title(&self) -> &str {
        self.names.get(..self.title_end).unwrap_or_default()
    }

    fn url(&self) -> &str {
        self.names
            .get(self.title_end..self.url_end)
            .unwrap_or_default()
    }

    fn kind(&self) -> &str {
        self.names.get(self.url_end..).unwrap_or_default()
    }

    /// About how many bytes it takes.
    fn bytes(&self) -> u64 {
        let places = self.places.as_ref().map_or(0, snippets::Places::bytes);
        (self.names.len() + self.body.len() + places + 96) as u64
    }
}

/// The words of the index a typo away from a typed word.
struct Near {
    /// The stems of the most common, other than the typed word's own: at most
    /// [`MAX_EXPANSIONS`].
    stems: Vec<String>,
    /// The closest (the most common of the closest), for "did you mean".
    closest: Option<String>,
}

/// One word of a query as built, the same for every query that holds it (see
/// `SearchIndex::built_word`).
struct BuiltWord {
    core: Arc<[Arc<dyn Query>]>,
    typos: Arc<[Arc<dyn Query>]>,
    /// The words its snippets mark (see [`Marks`]).
    marks: Marks,
}

/// A word and whether it is being completed, as `SearchIndex::built` keeps
/// them, borrowed: hashed as the kept `(String, bool)` is, and equal to it when
/// both parts are.
#[derive(Hash)]
struct Asking<'a>(&'a str, bool);

impl quick_cache::Equivalent<(String, bool)> for Asking<'_> {
    fn equivalent(&self, key: &(String, bool)) -> bool {
        self.0 == key.0 && self.1 == key.1
    }
}

/// The words (places in `SearchIndex::words`) that snippets mark for a word
/// or synonym group as built, each with what it is worth (see
/// [`snippets::worth`]): worked out once with the rest of the word, not for
/// every query that holds it.
type Marks = Arc<[(usize, tantivy::Score)]>;

/// What a query's snippets mark: its words' and synonym groups' marks (shared
/// with their built copies, not copied), and the body terms of its own (words
/// run together, whose marks are worked out for the query).
#[derive(Default)]
struct Exact {
    shared: Vec<Marks>,
    own: Vec<Term>,
}

/// A synonym group's phrases as built for the queries that hold its other
/// phrases (see `SearchIndex::synonym_clauses`).
struct BuiltSynonyms {
    /// None when the index holds none of the phrases' words.
    query: Option<Arc<dyn Query>>,
    marks: Marks,
}

/// The phrases of a synonym group that a query holds.
struct Asked {
    /// The stems of the longest.
    stems: usize,
    /// Their words.
    words: HashSet<String>,
}

/// How many times the site must use a word for it to count as common: searched
/// as typed, without typo matches or completions.
const COMMON_WORD: u64 = 20;

/// The most stems one typed word stands for as a typo or a prefix.
const MAX_EXPANSIONS: usize = 50;

thread_local! {
    /// The analyzer that stems a query's words, one for each thread: a copy for
    /// each word cost more than stemming it (the stems are remembered).
    static STEMMER: std::cell::RefCell<TextAnalyzer> = std::cell::RefCell::new(schema::stemmed());
    /// The stems of words this thread has stemmed: a query asks for a word's
    /// stems four times or so (its clauses, the phrases, the typos), and running
    /// the analyzer cost more than looking them up.
    static STEMS: std::cell::RefCell<rustc_hash::FxHashMap<String, std::rc::Rc<[String]>>> =
        std::cell::RefCell::default();
}

/// How many words' stems each thread keeps (see `STEMS`): emptied when full.
const KEPT_STEMS: usize = 65_536;

/// What decides an answer: the query's words (so `Annual  Review` and
/// `annual review` share one), whether the last word is still being typed, the kind,
/// the filters' tags (sorted), the page and the page size.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct AnswerKey {
    words: Vec<String>,
    partial: bool,
    kind: Option<Kind>,
    tags: Vec<String>,
    page: usize,
    limit: usize,
}

impl SearchIndex {
    /// Opens the index in `dir` (a folder written by `build`) where it is.
    pub fn open(dir: &Path) -> tantivy::Result<SearchIndex> {
        SearchIndex::from_index(Index::open_in_dir(dir)?, dir)
    }

    /// Opens the index in `dir` read into memory, its parts merged into one,
    /// which answers new queries faster (see `src/search/query/merged.rs`);
    /// `dir` is left as it was. For the index visitors search, opened once for
    /// each build.
    pub fn open_in_memory(dir: &Path) -> tantivy::Result<SearchIndex> {
        SearchIndex::from_index(merged::in_memory(dir)?, dir)
    }

    /// How many parts (tantivy segments) the opened index is in: one for each
    /// core that built it, or one when opened in memory.
    pub fn parts(&self) -> usize {
        self.reader.searcher().segment_readers().len()
    }

    /// The opened `index`, with the words list and settings `build` wrote
    /// beside it in `dir`.
    fn from_index(index: Index, dir: &Path) -> tantivy::Result<SearchIndex> {
        schema::register_tokenizers(&index);
        let fields = schema::fields_of(&index.schema())?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            // Each result's text comes out of a compressed block of stored
            // documents. The documents results show are kept once read (see
            // `stored`), so the store is read only for a result not shown since
            // the index was opened: 256 blocks of 16 KB for each segment served
            // as well as 4,096 on the 10,000-page corpus, with 30 MB less memory.
            .doc_store_cache_num_blocks(256)
            .try_into()?;
        let read_json = |name: &str| -> Option<serde_json::Value> {
            serde_json::from_str(&std::fs::read_to_string(dir.join(name)).ok()?).ok()
        };
        let settings: SearchSettings = read_json(SETTINGS_FILE)
            .and_then(|v| serde_json::from_value(v).ok())
            .unwrap_or_default();
        let mut raw = schema::raw();
        let synonyms: Vec<Vec<Vec<String>>> = settings
            .synonyms
            .iter()
            .map(|g| {
                g.iter()
                    .map(|p| schema::tokens(&mut raw, p))
                    .filter(|p| !p.is_empty())
                    .collect()
            })
            .collect();
        let mut synonyms_by_word: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, group) in synonyms.iter().enumerate() {
            for first in group.iter().filter_map(|p| p.first()) {
                let groups = synonyms_by_word.entry(first.clone()).or_default();
                if groups.last() != Some(&i) {
                    groups.push(i);
                }
            }
        }
        let best_bets = settings
            .best_bets
            .iter()
            .map(|b| (schema::tokens(&mut raw, &b.query), b.url.clone()))
            .collect();
        let words = with_ends(
            words::read(&dir.join(WORDS_FILE))
                .map_err(|e| tantivy::TantivyError::IoError(Arc::new(e)))?
                .into_iter()
                .map(|w| Word {
                    text: w.text,
                    count: w.count,
                    stem: w.stem,
                    ends: Box::default(),
                })
                .collect(),
        );
        let mut typed: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, w) in words.iter().enumerate() {
            typed.entry(w.stem.clone()).or_default().push(i);
        }
        let counts = words
            .iter()
            .map(|w| (w.text.as_str().into(), w.count))
            .collect();
        let facets = FacetCounts::read(&reader.searcher(), fields.tags, &settings.filters)?;
        let documents = Shown::new(&reader.searcher());
        Ok(SearchIndex {
            reader,
            fields,
            synonyms,
            synonyms_by_word,
            best_bets,
            words,
            counts,
            near: quick_cache::sync::Cache::new(CACHED_NEAR_WORDS),
            corrected: quick_cache::sync::Cache::new(CACHED_WORDS),
            deletions: Default::default(),
            built: quick_cache::sync::Cache::new(CACHED_WORDS),
            built_synonyms: quick_cache::sync::Cache::new(CACHED_WORDS),
            typed,
            filters: settings.filters,
            facets,
            site: read_json(SITE_FILE).unwrap_or(serde_json::Value::Null),
            answers: quick_cache::sync::Cache::new(CACHED_ANSWERS),
            memory: Arc::default(),
            term_counts: TermCounts {
                terms: quick_cache::sync::Cache::new(CACHED_TERM_COUNTS),
                tokens: quick_cache::sync::Cache::new(16),
            },
            documents,
        })
    }

    /// Answers `request`.
    pub fn search(&self, request: &Request) -> Result<Response, QueryError> {
        let key = self.key_of(request)?;
        let answer = match self.answers.get(&key) {
            Some(answer) => answer,
            None => {
                let answer = Arc::new(self.answer(&key)?);
                self.answers.insert(key, Arc::clone(&answer));
                answer
            }
        };
        Ok(answered(request, &answer))
    }

    /// Answers `request` by searching, whether or not it was asked before: for
    /// benchmarks of the search itself.
    pub fn search_afresh(&self, request: &Request) -> Result<Response, QueryError> {
        Ok(answered(request, &self.answer(&self.key_of(request)?)?))
    }

    /// Works out the answer to a query not asked since the index was opened.
    fn answer(&self, key: &AnswerKey) -> Result<Response, QueryError> {
        let AnswerKey {
            ref words,
            partial,
            kind,
            ref tags,
            page,
            limit,
        } = *key;
        let mut response = Response {
            query: String::new(),
            total: 0,
            page,
            results: Arc::new([]),
            facets: Arc::default(),
            suggestion: None,
            filters: Vec::new(),
        };
        if words.is_empty() && tags.is_empty() {
            return Ok(response);
        }
        let corrections = self.corrections(words);
        // Filters alone list everything they match.
        let (query, exact): (Box<dyn Query>, Exact) = if words.is_empty() {
            (Box::new(AllQuery), Exact::default())
        } else {
            self.build(words, partial, &corrections)
        };
        let searcher = self.reader.searcher();
        let statistics = self.statistics(&searcher);
        let without = self.counts_without_each_filter(&searcher, &*query, tags)?;
        let query = with_tags(query, &self.fields, tags);

        let collector = TopDocs::with_limit(limit)
            .and_offset((page - 1) * limit)
            .order_by_score();
        let (counts, top) = match (kind, query.downcast_ref::<AllWords>()) {
            // The words alone (no filters, no question bonuses): the best
            // documents without adding up every one matched.
            (None, Some(all)) => {
                let mut segments = (0u32..)
                    .zip(searcher.segment_readers())
                    .map(|(ord, reader)| self.facets.for_segment(ord, reader))
                    .collect::<tantivy::Result<Vec<_>>>()?;
                let scoring =
                    EnableScoring::enabled_from_statistics_provider(&statistics, &searcher);
                let fruits = all.best(&searcher, scoring, page * limit, |ord, at, bits| {
                    if let Some(counts) = segments.get_mut(ord as usize) {
                        counts.collect_64(at, bits);
                    }
                })?;
                let counts = segments
                    .into_iter()
                    .map(SegmentCollector::harvest)
                    .collect();
                // As `TopDocs` merges segments: the highest scores, the lower
                // document first of equals.
                let mut top: Vec<(tantivy::Score, DocAddress)> = fruits.concat();
                top.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
                let top = top
                    .into_iter()
                    .skip((page - 1) * limit)
                    .take(limit)
                    .collect();
                (self.facets.merge_fruits(counts)?, top)
            }
            (None, None) => searcher.search_with_statistics_provider(
                &*query,
                &(self.facets.clone(), collector),
                &statistics,
            )?,
            // Facets count the whole query; the results only the chosen kind.
            (Some(k), _) => {
                let counts = searcher.search(&*query, &self.facets)?;
                let top = searcher.search_with_statistics_provider(
                    &*with_kind(query, &self.fields, k),
                    &collector,
                    &statistics,
                )?;
                (counts, top)
            }
        };
        response.filters = self.filter_counts(&counts, &without, tags);
        let facets: BTreeMap<String, usize> = Kind::ALL
            .iter()
            .zip(counts.kinds)
            .filter(|&(_, n)| n > 0)
            .map(|(k, n)| (k.name().to_owned(), n))
            .collect();
        response.total = match kind {
            Some(k) => facets.get(k.name()).copied().unwrap_or(0),
            None => counts.kinds.iter().sum(),
        };
        response.facets = Arc::new(facets);

        let mut marks: Vec<(usize, tantivy::Score)> = exact
            .shared
            .iter()
            .flat_map(|m| m.iter().copied())
            .collect();
        for term in &exact.own {
            marks.extend(snippets::worth(&statistics, term, |stem| {
                self.typed_words(stem)
            })?);
        }
        let snippets = Snippets::for_words(
            marks
                .into_iter()
                .filter_map(|(i, score)| Some((self.words.get(i)?.text.as_str(), score))),
            SNIPPET_LEN,
        );
        let mut addresses: Vec<DocAddress> = top.into_iter().map(|(_, a)| a).collect();
        if page == 1
            && tags.is_empty()
            && let Some(best) = self.best_bet(&searcher, words, kind)?
        {
            addresses.retain(|a| *a != best);
            addresses.insert(0, best);
            addresses.truncate(limit);
        }
        response.results = addresses
            .into_iter()
            .map(|address| self.hit(&searcher, address, &snippets))
            .collect::<tantivy::Result<_>>()?;
        response.suggestion = suggestion(words, &corrections);
        Ok(response)
    }

    /// For each filter asked for (one of whose values is in `tags`), the counts of
    /// `query` narrowed by the other filters only: its own values are counted
    /// without it, so its counts say what choosing another value would find.
    fn counts_without_each_filter(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        tags: &[String],
    ) -> tantivy::Result<HashMap<&str, Counts>> {
        let mut without = HashMap::new();
        for f in self
            .filters
            .iter()
            .filter(|f| tags.iter().any(|t| f.holds(t)))
        {
            let others: Vec<String> = tags.iter().filter(|t| !f.holds(t)).cloned().collect();
            let q = with_tags(query.box_clone(), &self.fields, &others);
            without.insert(f.name.as_str(), searcher.search(&*q, &self.facets)?);
        }
        Ok(without)
    }

    fn hit(
        &self,
        searcher: &Searcher,
        address: DocAddress,
        snippets: &Snippets,
    ) -> tantivy::Result<Hit> {
        let stored = self.stored(searcher, address)?;
        let html = snippets
            .html_in(&stored.body, stored.places.as_ref())
            .unwrap_or_else(|| opening(&stored.body));
        Ok(Hit {
            shown: stored,
            snippet: html,
        })
    }

    /// What a result shows of the document at `address`: read from the index's
    /// store the first time, then remembered.
    fn stored(&self, searcher: &Searcher, address: DocAddress) -> tantivy::Result<Arc<Stored>> {
        self.documents.get_or_read(address, || {
            let doc: TantivyDocument = searcher.doc(address)?;
            Ok(Arc::new(self.shown_of(&doc)))
        })
    }

    /// What a result shows of `doc`.
    fn shown_of(&self, doc: &TantivyDocument) -> Stored {
        let text = |f| -> &str {
            doc.get_first(f)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
        };
        Stored::new(
            text(self.fields.title),
            text(self.fields.url),
            text(self.fields.kind),
            text(self.fields.body).into(),
        )
    }

    /// Builds the full query and what its snippets mark (see [`Exact`]).
    fn build(
        &self,
        words: &[String],
        partial: bool,
        corrections: &HashMap<String, String>,
    ) -> (Box<dyn Query>, Exact) {
        let all_content = content_words(words);
        // The question's own words ("how long", "should") need not match for the
        // every-word bonus; the rest are what the question is about.
        let light = |w: &String| all_content.len() > 1 && QUESTION_WORDS.contains(&w.as_str());
        let mut exact = Exact::default();
        let last = words.last();
        let mut parts = Vec::new();
        for (i, w) in all_content.iter().enumerate() {
            let is_last = i + 1 == all_content.len() && Some(*w) == last;
            let built = self.built_word(w, partial && is_last, corrections);
            exact.shared.push(Arc::clone(&built.marks));
            parts.push(WordPart {
                core: Arc::clone(&built.core),
                typos: Arc::clone(&built.typos),
                needed: !light(w),
            });
        }
        let mut extras: Vec<Extra> = self
            .joined_pairs(&all_content, &mut exact.own)
            .into_iter()
            .map(|query| Extra {
                query,
                within: Vec::new(),
            })
            .collect();
        // A word counts as matched through its synonyms too ("ehcp overdue" finds
        // the timeliness of EHC plans).
        let synonyms = self
            .synonym_clauses(words, &mut exact)
            .into_iter()
            .map(|(asked, query)| SynonymPart {
                query,
                words: (0..all_content.len())
                    .filter(|&i| asked.contains(all_content[i]))
                    .collect(),
            })
            .collect();
        if all_content.len() >= 2 {
            let whole: Vec<String> = all_content.iter().map(|w| (*w).clone()).collect();
            // A page holding the phrase holds each of its words' stems, which
            // each word's own clauses look for.
            let within: Vec<usize> = (0..whole.len())
                .filter(|&i| !self.stems(&whole[i]).is_empty())
                .collect();
            let f = &self.fields;
            for (field, boost) in [(f.title, 3.0), (f.body, 1.0)] {
                if let Some(q) = self.phrase(field, &whole) {
                    extras.push(Extra {
                        query: boosted(q, boost),
                        within: within.clone(),
                    });
                }
            }
        }
        let query = Box::new(AllWords {
            words: parts,
            synonyms,
            extras,
        });
        let bonuses = self.question_bonuses(words);
        let query: Box<dyn Query> = if bonuses.is_empty() {
            query
        } else {
            // The bonuses only reorder what the words find.
            let mut with = vec![(Occur::Must, query as Box<dyn Query>)];
            with.extend(bonuses.into_iter().map(|q| (Occur::Should, q)));
            Box::new(BooleanQuery::new(with))
        };
        (query, exact)
    }

    /// What the shape of a question adds: answers holding figures for a
    /// question asking for a number, and titles asking the same kind of question
    /// ("why ...") for a question.
    fn question_bonuses(&self, words: &[String]) -> Vec<Box<dyn Query>> {
        let mut bonuses: Vec<Box<dyn Query>> = Vec::new();
        if NUMBER_QUESTIONS
            .iter()
            .any(|opening| contains(words, opening))
        {
            bonuses.push(Box::new(ConstScoreQuery::new(
                term_query(self.fields.tags, schema::FIGURES_TAG),
                FIGURES_BONUS,
            )));
        }
        if words.len() >= 3
            && let Some(first) = words.first()
            && QUESTION_OPENERS.contains(&first.as_str())
        {
            for stem in self.stems(first).iter() {
                bonuses.push(Box::new(ConstScoreQuery::new(
                    term_query(self.fields.title, stem),
                    QUESTION_BONUS,
                )));
            }
        }
        bonuses
    }

    /// One word of the query as built for `completing` (see [`Self::build_word`]),
    /// built once and then kept: what it searches for depends on the word and the
    /// index alone. Building the query was a tenth of the server's time under the
    /// bench's load of new queries when every query built every word.
    fn built_word(
        &self,
        w: &str,
        completing: bool,
        corrections: &HashMap<String, String>,
    ) -> Arc<BuiltWord> {
        // Most words were built before: found without copying the word.
        if let Some(built) = self.built.get(&Asking(w, completing)) {
            return built;
        }
        let Ok(built) = self
            .built
            .get_or_insert_with(&(w.to_owned(), completing), || {
                Ok::<_, Infallible>(Arc::new(self.build_word(w, completing, corrections.get(w))))
            });
        built
    }

    /// One word of the query: its stems, its likeliest correction (`fixed`), its
    /// completions when it is the last word typed (`completing`) and its typos
    /// (which count for the every-word bonus only when the word is found through
    /// nothing else), and the words its snippets mark.
    fn build_word(&self, w: &str, completing: bool, fixed: Option<&String>) -> BuiltWord {
        let mut exact = Vec::new();
        let mut clauses: Vec<Box<dyn Query>> = Vec::new();
        let own = self.stems(w);
        for stem in own.iter() {
            exact.push(Term::from_field_text(self.fields.body, stem));
            clauses.push(self.stem_query(stem, 1.0));
        }
        // A word the index does not hold is searched as its likeliest
        // correction too, nearly as strongly as an exact match.
        if let Some(fixed) = fixed {
            for stem in self.stems(fixed).iter() {
                exact.push(Term::from_field_text(self.fields.body, stem));
                clauses.push(self.stem_query(stem, 0.75));
            }
        }
        let split = self.split(w);
        // Two words run together ("shortbreaks") are searched as the two.
        if let Some(parts) = &split {
            let f = &self.fields;
            let alternatives: Vec<Box<dyn Query>> = self
                .field_boosts()
                .into_iter()
                .filter_map(|(field, boost)| Some(boosted(self.phrase(field, parts)?, boost)))
                .collect();
            for part in parts {
                for stem in self.stems(part).iter() {
                    exact.push(Term::from_field_text(f.body, stem));
                }
            }
            clauses.push(best_field(alternatives));
        }
        // Typo and prefix matches come from the index's own words, leaving out
        // the words the stemmed clauses above already find: most of a fuzzy
        // query's work would otherwise go on the word's own, longest, lists.
        // A word the site uses often is taken as meant: its typo matches and
        // completions would be most of the query's work and seldom what was asked.
        let count = self.count_of(w);
        let common = count.is_some_and(|n| n >= COMMON_WORD);
        let mut completed = false;
        if completing && !common && w.chars().count() >= 2 {
            let completions = self.completions(w);
            completed = !completions.is_empty();
            clauses.extend(self.any_stem(&completions, 0.5, 0.25));
        }
        let mut typos = Vec::new();
        let mut typos_key = String::new();
        if let Some(distance) = typo_distance(w).filter(|_| !common) {
            let near = self.near_words(w, distance);
            typos.extend(self.any_stem(&near.stems, 0.6, 0.3));
            // The typo matches depend on the stems they stand for, nothing
            // else: most misspellings are typed once, but many of them stand
            // for the same few stems ("thrapy", "therpy" and "theraby" for
            // "therapi"), whose list is then remembered for them all.
            typos_key = format!("typos {:?}", near.stems);
        }
        // What the word's own part scores depends on the word and on whether it
        // was completed, nothing else: remembered for the next query that holds
        // it.
        // A word the site uses is asked for again by other queries: its lists
        // are kept from the first time. So are the lists that misspellings
        // share (their typo matches, and their correction's clauses), as
        // other misspellings of the same word ask for them. A misspelling's
        // own list, from the second time.
        let site_word = count.is_some();
        let remember = |key: String, parts: Vec<Box<dyn Query>>, shared: bool| {
            if parts.is_empty() {
                return Arc::new([]) as Arc<[Arc<dyn Query>]>;
            }
            let part = Remembered::new(key, parts, &self.memory);
            let part = if site_word || shared {
                part.kept_at_once()
            } else {
                part
            };
            Arc::new([Arc::new(part) as Arc<dyn Query>])
        };
        // Found only through its typos, they count for the bonus too.
        if clauses.is_empty() {
            return BuiltWord {
                core: remember(typos_key, typos, true),
                typos: Arc::new([]),
                marks: self.marks(&exact),
            };
        }
        // A misspelling is mostly typed once, but its correction is a word
        // other queries hold. When none of the misspelling's own stems is in the
        // index (so only the correction's clauses can match) and nothing else
        // was added, the word scores what its correction's clauses score, and is
        // remembered as them: "thrapy", "therpy" and "theraby" share one list.
        let (own_key, shared) = match fixed {
            Some(fixed)
                if split.is_none()
                    && !completed
                    && own.iter().all(|s| !self.typed.contains_key(s)) =>
            {
                (format!("corrected to {fixed}"), true)
            }
            // Without completions the word's clauses are the same wherever it
            // stands in the query: one list serves it as the last word typed
            // (a common word is not completed) and as any other.
            _ => (format!("word {completed} {w}"), false),
        };
        BuiltWord {
            core: remember(own_key, clauses, shared),
            typos: remember(typos_key, typos, true),
            marks: self.marks(&exact),
        }
    }

    /// Two words that the index knows as one ("case loads" -> "caseloads").
    fn joined_pairs(&self, content: &[&String], exact: &mut Vec<Term>) -> Vec<Box<dyn Query>> {
        let mut all = Vec::new();
        for pair in content.windows(2) {
            let joined = format!("{}{}", pair[0], pair[1]);
            if self.holds(&joined) {
                for stem in self.stems(&joined).iter() {
                    exact.push(Term::from_field_text(self.fields.body, stem));
                    all.push(self.stem_query(stem, 1.0));
                }
            }
        }
        all
    }

    /// Each synonym group of `words` counts once, by its best match: a page that
    /// uses every name for a thing is not worth more than one that uses one.
    /// Returns each group's query with the words of `words` it stands for.
    fn synonym_clauses(
        &self,
        words: &[String],
        exact: &mut Exact,
    ) -> Vec<(HashSet<String>, Arc<dyn Query>)> {
        let mut all = Vec::new();
        for (asked, group, others) in self.synonym_groups(words) {
            let key = (group, asked.stems, others);
            let Ok(built) = self.built_synonyms.get_or_insert_with(&key, || {
                Ok::<_, Infallible>(Arc::new(self.build_synonyms(group, asked.stems, &key.2)))
            });
            exact.shared.push(Arc::clone(&built.marks));
            if let Some(query) = &built.query {
                all.push((asked.words, Arc::clone(query)));
            }
        }
        all
    }

    /// The query for synonym group `group`'s phrases `others` (the ones a query
    /// does not hold), standing for `stems` stems of the query, and the words
    /// its snippets mark.
    fn build_synonyms(&self, group: usize, stems: usize, others: &[usize]) -> BuiltSynonyms {
        let f = &self.fields;
        let phrases: Vec<&Vec<String>> = others
            .iter()
            .filter_map(|&p| self.synonyms.get(group)?.get(p))
            .collect();
        let mut alternatives = Vec::new();
        let mut exact = Vec::new();
        for phrase in &phrases {
            // A phrase scores the sum of its words' weights: "education
            // health and care plan" for "ehcp" would count five words where
            // the parent typed one, and drown the rest of the query. Each
            // synonym weighs at most as many words as the phrase it stands for.
            let scale = (stems as f32 / self.stem_count(phrase).max(1) as f32).min(1.0);
            for (field, boost) in [(f.title, 3.0), (f.headings, 2.0), (f.body, 1.5)] {
                if let Some(q) = self.phrase(field, phrase) {
                    alternatives.push(boosted(q, boost * scale));
                }
            }
            // Snippets mark the synonym's words, but not its "and" or "of".
            for w in phrase
                .iter()
                .filter(|w| !STOP_WORDS.contains(&String::as_str(w)))
            {
                for stem in self.stems(w).iter() {
                    exact.push(Term::from_field_text(f.body, stem));
                }
            }
        }
        let query = (!alternatives.is_empty()).then(|| {
            let key = format!("synonyms {stems} {phrases:?}");
            Arc::new(Remembered::new(
                key,
                vec![best_field(alternatives)],
                &self.memory,
            )) as Arc<dyn Query>
        });
        BuiltSynonyms {
            query,
            marks: self.marks(&exact),
        }
    }

    /// The marks of the body terms `exact` (see [`Marks`]). A term whose count
    /// cannot be read marks nothing: its snippets show the text's opening.
    fn marks(&self, exact: &[Term]) -> Marks {
        let searcher = self.reader.searcher();
        let statistics = self.statistics(&searcher);
        let mut marks = Vec::new();
        for term in exact {
            if let Ok(worth) = snippets::worth(&statistics, term, |stem| self.typed_words(stem)) {
                marks.extend(worth);
            }
        }
        marks.sort_unstable_by_key(|&(word, _)| word);
        marks.dedup_by_key(|&mut (word, _)| word);
        marks.into()
    }

    /// The places in `words` of the words with `stem`.
    fn typed_words<'s>(&'s self, stem: &str) -> impl Iterator<Item = usize> + use<'s> {
        self.typed.get(stem).into_iter().flatten().copied()
    }

    /// `searcher`'s statistics, through the counts this index keeps.
    fn statistics<'s>(&'s self, searcher: &'s Searcher) -> Statistics<'s> {
        Statistics {
            searcher,
            counts: &self.term_counts,
        }
    }

    /// One stemmed word in the title, headings and body (boosts 4, 2 and 1, times
    /// `weight`), counted by its best field.
    fn stem_query(&self, stem: &str, weight: f32) -> Box<dyn Query> {
        best_field(
            self.field_boosts()
                .into_iter()
                .map(|(field, boost)| boosted(term_query(field, stem), boost * weight))
                .collect(),
        )
    }

    /// How much a word counts in each field: the title 4, the headings 2, the
    /// body 1.
    fn field_boosts(&self) -> [(tantivy::schema::Field, f32); 3] {
        let f = &self.fields;
        [(f.title, 4.0), (f.headings, 2.0), (f.body, 1.0)]
    }

    /// Any of `stems` in the title (worth `title`) and in the headings or body
    /// (worth `rest`), each match worth the same however many it holds.
    fn any_stem(&self, stems: &[String], title: f32, rest: f32) -> Vec<Box<dyn Query>> {
        if stems.is_empty() {
            return Vec::new();
        }
        let f = &self.fields;
        let set = |fields: &[tantivy::schema::Field], boost: f32| {
            let terms = fields
                .iter()
                .flat_map(|&field| stems.iter().map(move |s| Term::from_field_text(field, s)));
            boosted(Box::new(AnyTerm::new(terms.collect())), boost)
        };
        vec![set(&[f.title], title), set(&[f.headings, f.body], rest)]
    }

    /// The index's words within `distance` edits of `word` (a swap of two letters
    /// counts as one): worked out once per word and distance, then kept.
    fn near_words(&self, word: &str, distance: u8) -> Arc<Near> {
        let key = (word.to_owned(), distance);
        if let Some(near) = self.near.get(&key) {
            return near;
        }
        let near = Arc::new(self.find_near_words(word, usize::from(distance)));
        self.near.insert(key, Arc::clone(&near));
        near
    }

    fn find_near_words(&self, word: &str, distance: usize) -> Near {
        // A word within `distance` edits of one typed has at least the fewest
        // letters searched that way less `distance`: the table leaves out
        // shorter words.
        let table = distance
            .checked_sub(1)
            .and_then(|i| Some((self.deletions.get(i)?, TYPO_LETTERS.get(i)?)))
            .and_then(|(table, &fewest)| {
                table
                    .get_or_init(|| Deletions::new(&self.words, distance, fewest - distance))
                    .as_ref()
            });
        let found = match table {
            Some(table) if table.covers(word) => table.near(&self.words, word),
            _ => within_edits(&self.words, word, distance),
        };
        let closest = found
            .iter()
            .min_by_key(|(d, v)| (*d, std::cmp::Reverse(v.count), &v.text))
            .map(|(_, v)| v.text.clone());
        Near {
            stems: most_common_stems(found.into_iter().map(|(_, v)| v), &self.stems(word)),
            closest,
        }
    }

    /// The stems of the index's words that start with `prefix`, other than the
    /// stems of `prefix` itself: those of the most common words, at most
    /// [`MAX_EXPANSIONS`].
    fn completions(&self, prefix: &str) -> Vec<String> {
        let own = self.stems(prefix);
        let start = self.words.partition_point(|v| v.text.as_str() < prefix);
        let found = self.words[start..]
            .iter()
            .take_while(|v| v.text.starts_with(prefix));
        most_common_stems(found, &own)
    }

    /// `word`'s stems, shared with this thread's kept copy (see `STEMS`).
    fn stems(&self, word: &str) -> std::rc::Rc<[String]> {
        STEMS.with_borrow_mut(|kept| {
            if let Some(stems) = kept.get(word) {
                return std::rc::Rc::clone(stems);
            }
            let stems: std::rc::Rc<[String]> = STEMMER
                .with_borrow_mut(|stemmer| schema::tokens(stemmer, word))
                .into();
            if kept.len() >= KEPT_STEMS {
                kept.clear();
            }
            kept.insert(word.to_owned(), std::rc::Rc::clone(&stems));
            stems
        })
    }

    /// A query for the unstemmed `words` as a phrase in `field`.
    fn phrase(&self, field: tantivy::schema::Field, words: &[String]) -> Option<Box<dyn Query>> {
        let mut terms: Vec<Term> = Vec::new();
        for w in words {
            terms.extend(
                self.stems(w)
                    .iter()
                    .map(|s| Term::from_field_text(field, s)),
            );
        }
        match terms.len() {
            0 => None,
            1 => terms.into_iter().next().map(|t| {
                Box::new(TermQuery::new(t, IndexRecordOption::WithFreqs)) as Box<dyn Query>
            }),
            _ => Some(Box::new(PhraseQuery::new(terms))),
        }
    }

    /// For every synonym group one of whose phrases is in `words`, what was asked
    /// for, the group (its place in `synonyms`) and its other phrases (their
    /// places in the group).
    fn synonym_groups(&self, words: &[String]) -> Vec<(Asked, usize, Vec<usize>)> {
        let mut groups: Vec<usize> = words
            .iter()
            .filter_map(|w| self.synonyms_by_word.get(w))
            .flatten()
            .copied()
            .collect();
        groups.sort_unstable();
        groups.dedup();
        groups
            .into_iter()
            .filter_map(|i| {
                let group = self.synonyms.get(i)?;
                let (asked, others): (Vec<_>, Vec<_>) =
                    (0..group.len()).partition(|&p| contains(words, &group[p]));
                let stems = asked.iter().map(|&p| self.stem_count(&group[p])).max()?;
                let asked = Asked {
                    stems: stems.max(1),
                    words: asked
                        .iter()
                        .flat_map(|&p| group[p].iter().cloned())
                        .collect(),
                };
                (!others.is_empty()).then_some((asked, i, others))
            })
            .collect()
    }

    /// How many stems `phrase` searches for.
    fn stem_count(&self, phrase: &[String]) -> usize {
        phrase.iter().map(|w| self.stems(w).len()).sum()
    }

    /// `word` as two words the index holds, when it holds no such word itself
    /// ("shortbreaks" is "short breaks"): the split whose rarer half is the most
    /// common, each half three letters or more.
    fn split(&self, word: &str) -> Option<[String; 2]> {
        if word.len() < 6 || self.holds(word) || !word.is_ascii() {
            return None;
        }
        (3..=word.len() - 3)
            .filter_map(|at| {
                let (a, b) = word.split_at(at);
                Some((self.count_of(a)?.min(self.count_of(b)?), at))
            })
            .max()
            .map(|(_, at)| [word[..at].to_owned(), word[at..].to_owned()])
    }

    /// How many times the index's text holds the unstemmed `word`, if at all:
    /// hashed, as a query's words and each pair of them run together ("case
    /// loads") are looked up, and a search of the sorted words was 2% of a new
    /// query's time.
    fn count_of(&self, word: &str) -> Option<u64> {
        self.counts.get(word).copied()
    }

    /// Whether the index holds the unstemmed `word`.
    fn holds(&self, word: &str) -> bool {
        self.count_of(word).is_some()
    }

    /// For each word the index does not contain, the closest word it does.
    fn corrections(&self, words: &[String]) -> HashMap<String, String> {
        words
            .iter()
            .filter_map(|w| Some((w.clone(), self.correction(w)?)))
            .collect()
    }

    /// The closest word the index holds to `w`, if it holds neither `w` nor
    /// all of its stems; worked out once for each word (finding it took a
    /// search of the index's words, and of their stems, for each word of each
    /// query).
    fn correction(&self, w: &str) -> Option<String> {
        // The same rule as typo tolerance: short words (EHCP, SEN) stay exact.
        // Nor is a word the index holds corrected: most words of most queries,
        // known without a look-up in `corrected`.
        let max = typo_distance(w)?;
        if self.holds(w) {
            return None;
        }
        if let Some(known) = self.corrected.get(w) {
            return known;
        }
        let correction = if self.stems(w).iter().all(|s| self.typed.contains_key(s))
            || w.chars().any(|c| c.is_ascii_digit())
        {
            None
        } else {
            self.near_words(w, max).closest.clone()
        };
        self.corrected.insert(w.to_owned(), correction.clone());
        correction
    }

    /// Checks `request` and works out what decides its answer.
    fn key_of(&self, request: &Request) -> Result<AnswerKey, QueryError> {
        let q = clean(&request.q)?;
        let page = if request.page == 0 { 1 } else { request.page };
        let limit = if request.limit == 0 {
            DEFAULT_LIMIT
        } else {
            request.limit
        };
        if page > MAX_PAGE || limit > MAX_LIMIT {
            return Err(QueryError::OutOfRange);
        }
        let kind = match request
            .kind
            .as_deref()
            .map(str::trim)
            .filter(|k| !k.is_empty())
        {
            Some(k) => Some(
                Kind::named(&k.to_ascii_lowercase())
                    .ok_or_else(|| QueryError::UnknownKind(k.to_owned()))?,
            ),
            None => None,
        };
        let mut tags = Vec::new();
        for (name, value) in &request.filters {
            if !value.trim().is_empty() {
                tags.push(self.tag_of(name, value)?);
            }
        }
        tags.sort();
        tags.dedup();
        Ok(AnswerKey {
            partial: !q.ends_with(char::is_whitespace),
            words: schema::tokens(&mut schema::raw(), &q),
            kind,
            tags,
            page,
            limit,
        })
    }

    /// The tag a filter's value finds: `category:health` for `category=Health`,
    /// `age:9` for `age=9`. A value may be written as its label, in any case, or
    /// by its first three letters or more when only one value starts so (`sat`).
    fn tag_of(&self, name: &str, value: &str) -> Result<String, QueryError> {
        let filter = self
            .filters
            .iter()
            .find(|f| f.name == name)
            .ok_or_else(|| QueryError::NoSuchFilter(name.to_owned()))?;
        let value = value.trim();
        if let Some((youngest, oldest)) = filter.numbers
            && let Ok(n) = value.parse::<u32>()
            && (youngest..=oldest).contains(&n)
        {
            return Ok(format!("{name}:{n}"));
        }
        let slug = crate::content::slugify(value);
        let starting: Vec<_> = filter
            .values
            .iter()
            .filter(|v| slug.len() >= 3 && v.value.starts_with(&slug))
            .collect();
        filter
            .values
            .iter()
            .find(|v| {
                v.value == slug
                    || crate::content::slugify(&v.label) == slug
                    || v.aliases.contains(&slug)
            })
            .or(match starting.as_slice() {
                [only] => Some(*only),
                _ => None,
            })
            .map(|v| format!("{name}:{}", v.value))
            .ok_or_else(|| QueryError::UnknownFilterValue {
                label: filter.label.to_lowercase(),
                value: value.to_owned(),
                expected: values_in_words(filter),
            })
    }

    /// Each filter's values counted in `counts` (or, for a filter asked for, in its
    /// counts `without` it), with those in `tags` marked as asked for; none when no
    /// result has a filter's value and none was asked for.
    fn filter_counts(
        &self,
        counts: &Counts,
        without: &HashMap<&str, Counts>,
        tags: &[String],
    ) -> Vec<FilterCounts> {
        let mut bit = 0;
        let mut out = Vec::new();
        for f in &self.filters {
            let counts = without.get(f.name.as_str()).unwrap_or(counts);
            let mut values = Vec::new();
            for v in &f.values {
                let count = counts.tags.get(bit).copied().unwrap_or(0);
                bit += 1;
                let selected = tags.iter().any(|t| f.value_in(t) == Some(v.value.as_str()));
                if count > 0 || selected {
                    values.push(ValueCount {
                        value: v.value.clone(),
                        label: v.label.clone(),
                        count,
                        selected,
                    });
                }
            }
            if !values.is_empty() {
                out.push(FilterCounts {
                    name: f.name.clone(),
                    label: f.label.clone(),
                    values,
                });
            }
        }
        out
    }

    /// The filters results can be narrowed by.
    pub fn filters(&self) -> &[SearchFilter] {
        &self.filters
    }

    fn best_bet(
        &self,
        searcher: &Searcher,
        words: &[String],
        kind: Option<Kind>,
    ) -> tantivy::Result<Option<DocAddress>> {
        let Some((_, url)) = self.best_bets.iter().find(|(q, _)| q.as_slice() == words) else {
            return Ok(None);
        };
        // Only pages are indexed by URL: look among the page's documents.
        let q = term_query(self.fields.page, page_of(url));
        let q = match kind {
            Some(k) => with_kind(q, &self.fields, k),
            None => q,
        };
        let mut on_page: Vec<DocAddress> = searcher
            .search(&*q, &tantivy::collector::DocSetCollector)?
            .into_iter()
            .collect();
        on_page.sort();
        for address in on_page {
            let doc: TantivyDocument = searcher.doc(address)?;
            if doc.get_first(self.fields.url).and_then(|v| v.as_str()) == Some(url.as_str()) {
                return Ok(Some(address));
            }
        }
        Ok(None)
    }
}

/// The distinct stems of `words` other than `own`, those of the words most
/// documents hold first, at most [`MAX_EXPANSIONS`].
fn most_common_stems<'a>(words: impl Iterator<Item = &'a Word>, own: &[String]) -> Vec<String> {
    let mut found: Vec<&Word> = words.filter(|v| !own.contains(&v.stem)).collect();
    found.sort_by_key(|v| std::cmp::Reverse(v.count));
    let mut stems: Vec<String> = Vec::new();
    for v in found {
        if stems.len() == MAX_EXPANSIONS {
            break;
        }
        if !stems.contains(&v.stem) {
            stems.push(v.stem.clone());
        }
    }
    stems
}

/// A worked-out answer, given back with the query as `request` typed it.
fn answered(request: &Request, answer: &Response) -> Response {
    Response {
        query: request.q.clone(),
        ..answer.clone()
    }
}

/// `faq, jargon, ... or page`.
fn kind_names() -> String {
    let names: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
    match names.split_last() {
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// How many kinds there are: one count each.
const KINDS: usize = Kind::ALL.len();

/// How many filter values are counted: the first this many of all the filters'
/// values, in order (the rest still filter, uncounted).
const COUNTED_VALUES: usize = 64;

/// Matching documents counted by kind and by filter value (the facets), in the
/// same pass as the results.
#[derive(Clone, Copy)]
struct Counts {
    kinds: [usize; KINDS],
    /// By value, in the order of the filters and their values.
    tags: [usize; COUNTED_VALUES],
}

/// Counts matching documents by kind and filter value (see [`Counts`]). Each
/// document's kind and values are read once, when the index is opened: counting
/// reads them for every document a query matches, which may be most of them.
#[derive(Clone)]
struct FacetCounts {
    /// For each segment (by its place in the searcher), each document's kind.
    kinds: Arc<[Arc<[u8]>]>,
    /// For each segment, each document's filter values, one bit each in the order
    /// of [`Counts::tags`]; empty when the site has no filters.
    tags: Arc<[Arc<[u64]>]>,
    /// For each segment, for each 64 documents (`64 * i` onwards), their kind
    /// when all of them have the same one and no filter values, else `u8::MAX`:
    /// most documents come in runs of one kind, counted 64 at a time.
    alike: Arc<[Arc<[u8]>]>,
}

impl FacetCounts {
    fn read(
        searcher: &Searcher,
        field: tantivy::schema::Field,
        filters: &[SearchFilter],
    ) -> tantivy::Result<FacetCounts> {
        let counted: Vec<Term> = filters
            .iter()
            .flat_map(|f| {
                f.values
                    .iter()
                    .map(|v| Term::from_field_text(field, &format!("{}:{}", f.name, v.value)))
            })
            .take(COUNTED_VALUES)
            .collect();
        let mut kinds: Vec<Arc<[u8]>> = Vec::new();
        let mut tags: Vec<Arc<[u64]>> = Vec::new();
        let mut alike: Vec<Arc<[u8]>> = Vec::new();
        for segment in searcher.segment_readers() {
            let column = segment.fast_fields().u64("kind_id")?;
            let of_each: Arc<[u8]> = (0..segment.max_doc())
                .map(|doc| column.first(doc).map_or(u8::MAX, |k| k as u8))
                .collect();
            // Each document's filter values, when the site has filters.
            let mut bits = Vec::new();
            if !counted.is_empty() {
                bits = vec![0u64; of_each.len()];
                let inverted = segment.inverted_index(field)?;
                for (bit, term) in counted.iter().enumerate() {
                    let Some(mut postings) =
                        inverted.read_postings(term, IndexRecordOption::Basic)?
                    else {
                        continue;
                    };
                    let mut doc = postings.doc();
                    while doc != tantivy::TERMINATED {
                        if let Some(b) = bits.get_mut(doc as usize) {
                            *b |= 1 << bit;
                        }
                        doc = postings.advance();
                    }
                }
            }
            alike.push(alike_of(&of_each, &bits));
            kinds.push(of_each);
            tags.push(bits.into());
        }
        Ok(FacetCounts {
            kinds: kinds.into(),
            tags: tags.into(),
            alike: alike.into(),
        })
    }
}

/// For each 64 documents of a segment (`kinds` and `tags` of each, see
/// [`FacetCounts`]), their kind when all 64 have the same one and none has a
/// filter value, else `u8::MAX`.
fn alike_of(kinds: &[u8], tags: &[u64]) -> Arc<[u8]> {
    let tagged = |i: usize| {
        tags.get(i * 64..)
            .is_some_and(|t| t.iter().take(64).any(|&b| b != 0))
    };
    (0..)
        .zip(kinds.chunks(64))
        .map(|(i, chunk)| match chunk {
            [first, rest @ ..]
                if chunk.len() == 64
                    && usize::from(*first) < KINDS
                    && rest.iter().all(|k| k == first)
                    && !tagged(i) =>
            {
                *first
            }
            _ => u8::MAX,
        })
        .collect()
}

/// [`FacetCounts`] for one segment: its documents' kinds and filter values.
struct SegmentFacetCounts {
    kinds: Arc<[u8]>,
    tags: Arc<[u64]>,
    alike: Arc<[u8]>,
    counts: Counts,
}

impl SegmentFacetCounts {
    /// Counts the documents of `bits` (one each, documents `64 * at` onwards).
    fn collect_64(&mut self, at: usize, mut bits: u64) {
        if let Some(&kind) = self.alike.get(at)
            && let Some(c) = self.counts.kinds.get_mut(usize::from(kind))
        {
            *c += bits.count_ones() as usize;
            return;
        }
        while bits != 0 {
            self.collect((at * 64) as u32 + bits.trailing_zeros(), 0.0);
            bits &= bits - 1;
        }
    }
}

impl tantivy::collector::Collector for FacetCounts {
    type Fruit = Counts;
    type Child = SegmentFacetCounts;

    fn for_segment(
        &self,
        segment: u32,
        _: &tantivy::SegmentReader,
    ) -> tantivy::Result<SegmentFacetCounts> {
        let segment = segment as usize;
        Ok(SegmentFacetCounts {
            kinds: self.kinds.get(segment).cloned().unwrap_or_default(),
            tags: self.tags.get(segment).cloned().unwrap_or_default(),
            alike: self.alike.get(segment).cloned().unwrap_or_default(),
            counts: Counts {
                kinds: [0; KINDS],
                tags: [0; COUNTED_VALUES],
            },
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Counts>) -> tantivy::Result<Counts> {
        let mut total = Counts {
            kinds: [0; KINDS],
            tags: [0; COUNTED_VALUES],
        };
        for f in fruits {
            for (t, n) in total.kinds.iter_mut().zip(f.kinds) {
                *t += n;
            }
            for (t, n) in total.tags.iter_mut().zip(f.tags) {
                *t += n;
            }
        }
        Ok(total)
    }
}

impl tantivy::collector::SegmentCollector for SegmentFacetCounts {
    type Fruit = Counts;

    fn collect(&mut self, doc: u32, _: tantivy::Score) {
        let doc = doc as usize;
        if let Some(&k) = self.kinds.get(doc)
            && let Some(c) = self.counts.kinds.get_mut(usize::from(k))
        {
            *c += 1;
        }
        if let Some(&bits) = self.tags.get(doc) {
            let mut bits = bits;
            while bits != 0 {
                self.counts.tags[bits.trailing_zeros() as usize] += 1;
                bits &= bits - 1;
            }
        }
    }

    fn harvest(self) -> Counts {
        self.counts
    }
}

/// `query`, narrowed to the documents with every one of `tags`. The tags add
/// nothing to a document's score.
fn with_tags(query: Box<dyn Query>, fields: &Fields, tags: &[String]) -> Box<dyn Query> {
    if tags.is_empty() {
        return query;
    }
    let mut clauses = vec![(Occur::Must, query)];
    for tag in tags {
        let term = TermQuery::new(
            Term::from_field_text(fields.tags, tag),
            IndexRecordOption::Basic,
        );
        clauses.push((
            Occur::Must,
            Box::new(ConstScoreQuery::new(Box::new(term), 0.0)),
        ));
    }
    Box::new(BooleanQuery::new(clauses))
}

/// The query with each word the index does not hold replaced by its correction,
/// when there is one.
fn suggestion(words: &[String], corrections: &HashMap<String, String>) -> Option<String> {
    if corrections.is_empty() {
        return None;
    }
    let suggested: Vec<&str> = words
        .iter()
        .map(|w| corrections.get(w).map_or(w.as_str(), String::as_str))
        .collect();
    Some(suggested.join(" "))
}

/// `education, health ... or transport`, and the numbers a filter takes.
fn values_in_words(filter: &SearchFilter) -> String {
    let names: Vec<&str> = filter.values.iter().map(|v| v.value.as_str()).collect();
    let listed = match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        Some((last, _)) => (*last).to_owned(),
        None => String::new(),
    };
    match filter.numbers {
        Some((youngest, oldest)) => {
            format!("{listed}, or a whole number from {youngest} to {oldest}")
        }
        None => listed,
    }
}

fn with_kind(query: Box<dyn Query>, fields: &Fields, kind: Kind) -> Box<dyn Query> {
    Box::new(BooleanQuery::new(vec![
        (Occur::Must, query),
        (Occur::Must, term_query(fields.kind, kind.name())),
    ]))
}

fn term_query(field: tantivy::schema::Field, text: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::WithFreqs,
    ))
}

/// The best of `alternatives`, plus a little of the others: matching a word in the
/// title and the body is worth more than either, but not both added up.
fn best_field(alternatives: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    Box::new(BestField::new(alternatives, 0.3))
}

fn boosted(query: Box<dyn Query>, boost: f32) -> Box<dyn Query> {
    Box::new(BoostQuery::new(query, boost))
}

/// The fewest letters of a word searched within one edit, and within two (see
/// [`typo_distance`]).
const TYPO_LETTERS: [usize; 2] = [5, 9];

/// The edit distance a word may be mistyped by: none up to four letters (so EHCP and
/// SEN stay exact), one from five, two from nine.
fn typo_distance(word: &str) -> Option<u8> {
    let letters = word.chars().count();
    if letters >= TYPO_LETTERS[1] {
        Some(2)
    } else if letters >= TYPO_LETTERS[0] {
        Some(1)
    } else {
        None
    }
}

fn contains<S: AsRef<str>>(words: &[String], phrase: &[S]) -> bool {
    !phrase.is_empty()
        && words
            .windows(phrase.len())
            .any(|w| w.iter().zip(phrase).all(|(a, b)| a.as_str() == b.as_ref()))
}

/// Refuses over-long queries and drops control characters.
fn clean(q: &str) -> Result<String, QueryError> {
    if q.chars().count() > MAX_QUERY_CHARS {
        return Err(QueryError::TooLong);
    }
    Ok(q.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect())
}

/// The first words of `body`, escaped, for results whose snippet found no match.
fn opening(body: &str) -> String {
    let mut cut: String = body.chars().take(200).collect();
    if cut.len() < body.len() {
        if let Some(space) = cut.rfind(' ') {
            cut.truncate(space);
        }
        cut.push('…');
    }
    crate::util::html::escape(&cut)
}

/// The words that carry the query's meaning: all but the stop words, or all of
/// them when there is nothing else ("to be or not to be").
fn content_words(words: &[String]) -> Vec<&String> {
    let kept: Vec<&String> = words
        .iter()
        .filter(|w| !STOP_WORDS.contains(&String::as_str(w)))
        .collect();
    if kept.is_empty() {
        words.iter().collect()
    } else {
        kept
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_built_before_is_found_without_copying_it() {
        // The same kind of cache as `SearchIndex::built`.
        let built: quick_cache::sync::Cache<(String, bool), u8> = quick_cache::sync::Cache::new(8);
        built.insert(("senco".to_owned(), true), 1);
        built.insert(("senco".to_owned(), false), 2);
        assert_eq!(built.get(&Asking("senco", true)), Some(1));
        assert_eq!(built.get(&Asking("senco", false)), Some(2));
        assert_eq!(built.get(&Asking("send", true)), None);
    }

    #[test]
    fn short_words_stay_exact_and_long_ones_tolerate_typos() {
        assert_eq!(typo_distance("ehcp"), None);
        assert_eq!(typo_distance("apeal"), Some(1));
        assert_eq!(typo_distance("tribunel"), Some(1));
        assert_eq!(typo_distance("educational"), Some(2));
    }

    #[test]
    fn over_long_queries_are_refused_and_control_characters_dropped() {
        assert!(clean(&"a".repeat(MAX_QUERY_CHARS + 1)).is_err());
        assert_eq!(clean("a\u{0}b\nc").unwrap(), "a b c");
    }

    #[test]
    fn phrases_are_found_inside_queries() {
        let words: Vec<String> = ["my", "ehc", "plan"].map(String::from).to_vec();
        assert!(contains(&words, &["ehc".to_owned(), "plan".to_owned()]));
        assert!(!contains(&words, &["plan".to_owned(), "ehc".to_owned()]));
    }
}
