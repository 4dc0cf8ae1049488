//! The search routes: `/api/search` (JSON), `/search` (an HTML page from the theme,
//! working without JavaScript), and the index that answers them, swapped for a new
//! one when a build replaces `search-index/`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use arc_swap::{ArcSwap, ArcSwapOption};
use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::content::Kind;
use crate::content::kinds::{FilterView, SearchFilter};
use crate::events::{Event, Reporter};
use crate::render::Theme;
use crate::search::query::{FilterCounts, WARMING_TIME};
use crate::search::{QueryError, Request, SearchIndex};

/// What the search routes share.
pub struct SearchState {
    index_dir: PathBuf,
    index: ArcSwapOption<SearchIndex>,
    /// The JSON answers of `/api/search` given from that index, by the query
    /// string exactly as asked, and whether each found nothing. Replaced (after
    /// the index) whenever a new index is opened, so a request that sees these
    /// answers searches that index or a newer one.
    bodies: ArcSwap<Bodies>,
    /// The inode of the index folder last opened, to notice a swapped-in build.
    opened: Mutex<Option<u64>>,
    /// The theme for the results page; `serve --watch` swaps in a new one.
    theme: ArcSwapOption<Theme>,
    /// Queries that found nothing, and how often.
    pub misses: Misses,
    /// Where the server's own news goes (requests that failed, an index it cannot
    /// open).
    pub report: Reporter,
}

impl SearchState {
    /// Opens the index in `index_dir` (if there is one yet) with the theme for the
    /// results page and the file that keeps the misses.
    pub fn new(
        index_dir: PathBuf,
        theme: Option<Theme>,
        misses_file: PathBuf,
        report: Reporter,
    ) -> SearchState {
        let state = SearchState {
            index_dir,
            index: ArcSwapOption::empty(),
            bodies: ArcSwap::from_pointee(Bodies::new(BODIES)),
            opened: Mutex::new(None),
            theme: ArcSwapOption::new(theme.map(Arc::new)),
            misses: Misses::load(misses_file),
            report,
        };
        state.reload_if_changed(Warming::Warm);
        state
    }

    /// Opens the index again if its folder was replaced since it was last opened,
    /// warmed first if `warming` says so. Requests in flight keep the index they
    /// started with, and requests go on to the one before until this one is
    /// warmed.
    pub fn reload_if_changed(&self, warming: Warming) -> bool {
        let Some(id) = folder_id(&self.index_dir) else {
            return false;
        };
        let Ok(mut opened) = self.opened.lock() else {
            return false;
        };
        if *opened == Some(id) {
            return false;
        }
        // The index visitors search is read into memory as one part; the
        // one `serve --watch` changes at every save is read where it is.
        let started = Instant::now();
        let opened_index = match warming {
            Warming::Warm => SearchIndex::open_in_memory(&self.index_dir).or_else(|e| {
                (self.report)(Event::Warning(format!(
                    "cannot read the search index in {} into memory ({e}); searching it where it is",
                    self.index_dir.display()
                )));
                SearchIndex::open(&self.index_dir)
            }),
            Warming::Cold => SearchIndex::open(&self.index_dir),
        };
        match opened_index {
            Ok(index) => {
                if warming == Warming::Warm {
                    let warmed = index.warm(Instant::now() + WARMING_TIME);
                    (self.report)(Event::IndexWarmed {
                        elapsed: started.elapsed(),
                        words: warmed.words,
                        of: warmed.of,
                        documents: warmed.documents,
                    });
                }
                self.index.store(Some(Arc::new(index)));
                self.bodies.store(Arc::new(Bodies::new(BODIES)));
                *opened = Some(id);
                true
            }
            Err(e) => {
                (self.report)(Event::Warning(format!(
                    "cannot open the search index in {}: {e}",
                    self.index_dir.display()
                )));
                false
            }
        }
    }

    /// Uses `theme` for the results pages from now on.
    pub fn set_theme(&self, theme: Theme) {
        self.theme.store(Some(Arc::new(theme)));
    }

    /// Whether an index is loaded.
    pub fn is_ready(&self) -> bool {
        self.index.load().is_some()
    }
}

/// Whether a newly opened index is warmed before it answers (see
/// [`SearchIndex::warm`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Warming {
    /// For an index that visitors search: the server's first, and each new
    /// build's.
    Warm,
    /// For `serve --watch`'s index, brought up to date at every save: the
    /// people editing search it now and then, and warming would take the cores
    /// the next rebuild needs.
    Cold,
}

#[cfg(unix)]
fn folder_id(dir: &Path) -> Option<u64> {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::metadata(dir.join("meta.json")).ok()?;
    Some(meta.ino() ^ (meta.mtime_nsec() as u64).rotate_left(32))
}

#[cfg(not(unix))]
fn folder_id(dir: &Path) -> Option<u64> {
    let meta = std::fs::metadata(dir.join("meta.json")).ok()?;
    let modified = meta.modified().ok()?;
    Some(
        modified
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?
            .as_nanos() as u64,
    )
}

/// Checks for a new index every `period` until the program ends.
pub fn watch_for_new_index(state: Arc<SearchState>, period: Duration) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(period);
        loop {
            tick.tick().await;
            let s = Arc::clone(&state);
            let _ = tokio::task::spawn_blocking(move || s.reload_if_changed(Warming::Warm)).await;
            let s = Arc::clone(&state);
            let _ = tokio::task::spawn_blocking(move || s.misses.save()).await;
        }
    });
}

/// JSON answers kept by query string.
type Bodies = quick_cache::sync::Cache<Params, (axum::body::Bytes, bool)>;

/// How many JSON answers are kept.
const BODIES: usize = 4096;

/// The query string of both routes.
#[derive(Debug, Deserialize, Default, Clone, PartialEq, Eq, Hash)]
pub struct Params {
    q: Option<String>,
    kind: Option<String>,
    page: Option<String>,
    limit: Option<String>,
    category: Option<String>,
    need: Option<String>,
    age: Option<String>,
    day: Option<String>,
    cost: Option<String>,
}

/// A search of at most this many words, without filters, is answered on the
/// server's own threads rather than handed to a thread for blocking work: on 2
/// cores, 10,000 pages, new queries of one to three words at 32 connections, the
/// 99th percentile fell from 23-29 ms to 10-11 ms and the rate rose by 6-9%
/// (docs/performance.md). Handing over costs thread switches, and dozens of
/// blocking threads share the cores turn by turn, so every search in flight took
/// about as long as the slowest. Searches of four of the corpus's own words
/// took at most 3.1 ms in process; longer ones, which took up to 7.6 ms, are
/// still handed over so that pages and other requests are not held up behind
/// them.
const SHORT_SEARCH_WORDS: usize = 4;

impl Params {
    /// Whether this is a search answered on the server's own threads (see
    /// [`SHORT_SEARCH_WORDS`]).
    fn is_short(&self) -> bool {
        let q = self.q.as_deref().unwrap_or_default();
        q.len() <= 100 && q.split_whitespace().count() <= SHORT_SEARCH_WORDS && !self.is_filtered()
    }

    /// Whether any filter is asked for.
    fn is_filtered(&self) -> bool {
        !self.filters().is_empty()
    }

    /// The filters asked for, by name, leaving out empty ones.
    fn filters(&self) -> Vec<(String, String)> {
        [
            ("category", &self.category),
            ("need", &self.need),
            ("age", &self.age),
            ("day", &self.day),
            ("cost", &self.cost),
        ]
        .into_iter()
        .filter_map(|(name, value)| {
            let value = value.as_deref()?.trim();
            (!value.is_empty()).then(|| (name.to_owned(), value.to_owned()))
        })
        .collect()
    }

    fn request(&self) -> Result<Request, QueryError> {
        let number = |v: &Option<String>| -> Result<usize, QueryError> {
            match v.as_deref().map(str::trim) {
                None | Some("") => Ok(0),
                Some(s) => s.parse().map_err(|_| QueryError::OutOfRange),
            }
        };
        Ok(Request {
            q: self.q.clone().unwrap_or_default(),
            kind: self.kind.clone(),
            page: number(&self.page)?,
            limit: number(&self.limit)?,
            filters: self.filters(),
        })
    }
}

fn run(
    state: &SearchState,
    params: &Params,
) -> Result<crate::search::Response, (StatusCode, String)> {
    let index = state.index.load_full().ok_or_else(|| {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            "search is not ready: the site has no search index yet".to_owned(),
        )
    })?;
    let request = params
        .request()
        .map_err(|e| (StatusCode::BAD_REQUEST, e.to_string()))?;
    match index.search(&request) {
        Ok(response) => {
            // A search narrowed by filters finding nothing says nothing about words.
            if response.total == 0 && request.page <= 1 && request.filters.is_empty() {
                state.misses.record(&request.q);
            }
            Ok(response)
        }
        Err(e) if e.is_bad_request() => Err((StatusCode::BAD_REQUEST, e.to_string())),
        Err(e) => {
            (state.report)(Event::RequestFailed(e.to_string()));
            Err((
                StatusCode::INTERNAL_SERVER_ERROR,
                "search failed; please try again".to_owned(),
            ))
        }
    }
}

/// `GET /api/search`. A query string asked before is answered with the same bytes.
pub async fn api(State(state): State<Arc<SearchState>>, Query(params): Query<Params>) -> Response {
    let bodies = state.bodies.load_full();
    if let Some((body, missed)) = bodies.get(&params) {
        if missed {
            state.misses.record(params.q.as_deref().unwrap_or_default());
        }
        return json_body(body);
    }
    let asked = params.clone();
    let outcome = if params.is_short() {
        Ok(run(&state, &params))
    } else {
        tokio::task::spawn_blocking(move || run(&state, &params)).await
    };
    match outcome {
        Ok(Ok(response)) => {
            let body = axum::body::Bytes::from(response.to_json());
            let missed = response.total == 0 && response.page <= 1 && !asked.is_filtered();
            bodies.insert(asked, (body.clone(), missed));
            json_body(body)
        }
        Ok(Err((status, message))) => (status, Json(json!({ "error": message }))).into_response(),
        Err(_) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            Json(json!({ "error": "search failed" })),
        )
            .into_response(),
    }
}

fn json_body(body: axum::body::Bytes) -> Response {
    (
        [(
            axum::http::header::CONTENT_TYPE,
            axum::http::HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response()
}

/// `GET /search`: the results page, rendered with the theme's `search.html`.
pub async fn page(State(state): State<Arc<SearchState>>, Query(params): Query<Params>) -> Response {
    let result = tokio::task::spawn_blocking(move || render_page(&state, &params)).await;
    match result {
        Ok((status, html)) => (status, Html(html)).into_response(),
        Err(_) => (StatusCode::INTERNAL_SERVER_ERROR, "search failed").into_response(),
    }
}

/// What `search.html` sees as `page.data`.
#[derive(Serialize)]
struct PageData {
    query: String,
    searched: bool,
    error: Option<String>,
    total: usize,
    results: Vec<ResultView>,
    suggestion: Option<Link>,
    kinds: Vec<Facet>,
    /// The kind results are narrowed to, kept by the form.
    kind: Option<String>,
    /// The filters the form offers, with the values asked for and counted.
    filters: Vec<FilterView>,
    /// Whether any filter is applied.
    filtered: bool,
    /// Whether the results hold entries the filters narrow.
    filterable: bool,
    /// The filters applied, each with a link that removes it.
    applied: Vec<Applied>,
    previous: Option<String>,
    next: Option<String>,
    page: usize,
    pages: usize,
}

/// One result as the page shows it: the API's hit and what its kind is called.
#[derive(Serialize)]
struct ResultView {
    #[serde(flatten)]
    hit: crate::search::Hit,
    kind_label: &'static str,
}

/// An applied filter: `Type of service: Short breaks`.
#[derive(Serialize)]
struct Applied {
    label: String,
    value: String,
    /// The same search without it.
    remove: String,
}

#[derive(Serialize)]
struct Link {
    text: String,
    url: String,
}

#[derive(Serialize)]
struct Facet {
    label: String,
    count: usize,
    url: String,
    selected: bool,
}

fn search_url(q: &str, kind: Option<&str>, filters: &[(String, String)], page: usize) -> String {
    let mut url = format!("/search?q={}", encode(q));
    if let Some(k) = kind {
        url.push_str(&format!("&kind={}", encode(k)));
    }
    for (name, value) in filters {
        url.push_str(&format!("&{name}={}", encode(value)));
    }
    if page > 1 {
        url.push_str(&format!("&page={page}"));
    }
    url
}

/// Percent-encodes a query-string value.
fn encode(value: &str) -> String {
    let mut out = String::new();
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn render_page(state: &SearchState, params: &Params) -> (StatusCode, String) {
    let (status, data) = page_data(state, params);
    let title = if data.searched && !data.query.trim().is_empty() {
        format!("Search results for “{}”", data.query.trim())
    } else if data.searched {
        "Services matching your filters".to_owned()
    } else {
        "Search".to_owned()
    };
    let theme = state.theme.load_full();
    let Some(theme) = theme.as_deref() else {
        return (
            StatusCode::INTERNAL_SERVER_ERROR,
            "the theme could not be loaded".to_owned(),
        );
    };
    let site = state
        .index
        .load()
        .as_ref()
        .map(|i| i.site.clone())
        .unwrap_or(serde_json::Value::Null);
    let base = site
        .get("base_url")
        .and_then(|v| v.as_str())
        .unwrap_or_default()
        .to_owned();
    let description = "Search the site's questions and answers, jargon buster, teams, performance updates and news.";
    let page = json!({
        "title": title,
        "description": description,
        "meta_description": description,
        "url": "/search",
        "canonical": format!("{base}/search"),
        "section": "search",
        "updated": null,
        "updated_iso": null,
        "owner": null,
        "breadcrumbs": [{ "title": "Home", "url": "/" }],
        "og_type": "website",
        "json_ld": null,
        "alternates": [],
        "data": data,
    });
    match theme.render_value("search.html", &site, &page) {
        Ok(html) => (status, html),
        Err(d) => {
            (state.report)(Event::RequestFailed(d.render(false)));
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "the search page template failed; see the server log".to_owned(),
            )
        }
    }
}

/// What the results page shows for `params`, and its status: results, facets,
/// paging and a suggestion, or the reason a query was refused.
fn page_data(state: &SearchState, params: &Params) -> (StatusCode, PageData) {
    let q = params.q.clone().unwrap_or_default();
    let kind = params.kind.clone().filter(|k| !k.trim().is_empty());
    let filters = params.filters();
    let index = state.index.load_full();
    let offered = index.as_deref().map_or(&[][..], SearchIndex::filters);
    let mut data = PageData {
        query: q.clone(),
        searched: !q.trim().is_empty() || !filters.is_empty(),
        error: None,
        total: 0,
        results: Vec::new(),
        suggestion: None,
        kinds: Vec::new(),
        kind: kind.clone(),
        filters: filter_views(offered, &filters, None),
        filtered: !filters.is_empty(),
        filterable: false,
        applied: applied(offered, &q, kind.as_deref(), &filters),
        previous: None,
        next: None,
        page: 1,
        pages: 0,
    };
    if !data.searched {
        return (StatusCode::OK, data);
    }
    match run(state, params) {
        Ok(r) => {
            let limit = params.request().map(|r| r.limit).unwrap_or(0);
            let limit = if limit == 0 {
                crate::search::query::DEFAULT_LIMIT
            } else {
                limit
            };
            data.total = r.total;
            data.page = r.page;
            data.pages = r.total.div_ceil(limit);
            data.suggestion = r.suggestion.map(|s| Link {
                url: search_url(&s, None, &filters, 1),
                text: s,
            });
            data.kinds = facets(&q, kind.as_deref(), &filters, &r.facets);
            data.filters = filter_views(offered, &filters, Some(&r.filters));
            data.filterable = !r.filters.is_empty();
            let k = kind.as_deref();
            data.previous = (r.page > 1).then(|| search_url(&q, k, &filters, r.page - 1));
            data.next = (r.page < data.pages).then(|| search_url(&q, k, &filters, r.page + 1));
            data.results = r
                .results
                .iter()
                .cloned()
                .map(|hit| ResultView {
                    kind_label: Kind::named(hit.kind()).map_or("Page", Kind::result_label),
                    hit,
                })
                .collect();
            (StatusCode::OK, data)
        }
        Err((status, message)) => {
            data.error = Some(message);
            (status, data)
        }
    }
}

fn facets(
    q: &str,
    selected: Option<&str>,
    filters: &[(String, String)],
    counts: &BTreeMap<String, usize>,
) -> Vec<Facet> {
    let total: usize = counts.values().sum();
    let mut out = vec![Facet {
        label: "All results".to_owned(),
        count: total,
        url: search_url(q, None, filters, 1),
        selected: selected.is_none(),
    }];
    for kind in Kind::ALL {
        let name = kind.name();
        if let Some(&count) = counts.get(name) {
            out.push(Facet {
                label: kind.label().to_owned(),
                count,
                url: search_url(q, Some(name), filters, 1),
                selected: selected == Some(name),
            });
        }
    }
    out
}

/// The index's filters as the form offers them: the values asked for selected,
/// and each value's count from `counted` (a search's answer) when there is one.
fn filter_views(
    offered: &[SearchFilter],
    asked: &[(String, String)],
    counted: Option<&[FilterCounts]>,
) -> Vec<FilterView> {
    offered
        .iter()
        .map(|f| {
            let value = asked
                .iter()
                .find(|(name, _)| *name == f.name)
                .map_or("", |(_, v)| v.as_str());
            let counts: Option<Vec<(usize, bool)>> = counted.map(|counted| {
                let group = counted.iter().find(|c| c.name == f.name);
                f.values
                    .iter()
                    .map(|v| {
                        group
                            .and_then(|g| g.values.iter().find(|c| c.value == v.value))
                            .map_or((0, false), |c| (c.count, c.selected))
                    })
                    .collect()
            });
            f.view(value, counts.as_deref())
        })
        .collect()
}

/// Each applied filter in words, with the search's address without it.
fn applied(
    offered: &[SearchFilter],
    q: &str,
    kind: Option<&str>,
    asked: &[(String, String)],
) -> Vec<Applied> {
    asked
        .iter()
        .map(|(name, value)| {
            let filter = offered.iter().find(|f| f.name == *name);
            let shown = filter
                .and_then(|f| {
                    f.values
                        .iter()
                        .find(|v| v.value.eq_ignore_ascii_case(value.trim()))
                })
                .map_or_else(|| value.clone(), |v| v.label.clone());
            let rest: Vec<(String, String)> =
                asked.iter().filter(|(n, _)| n != name).cloned().collect();
            Applied {
                label: filter.map_or_else(|| name.clone(), |f| f.label.clone()),
                value: shown,
                remove: search_url(q, kind, &rest, 1),
            }
        })
        .collect()
}

/// Queries that found nothing: the words only, counted, at most [`Misses::CAP`]
/// different ones, kept in a small JSON file across restarts.
pub struct Misses {
    file: PathBuf,
    counts: Mutex<(BTreeMap<String, u64>, bool)>,
}

impl Misses {
    /// The most different queries kept; further new ones are not counted.
    pub const CAP: usize = 1000;

    /// Loads the counts kept in `file`, if any.
    pub fn load(file: PathBuf) -> Misses {
        let counts = read_misses(&file);
        Misses {
            file,
            counts: Mutex::new((counts, false)),
        }
    }

    /// Counts one query that found nothing.
    pub fn record(&self, query: &str) {
        let words =
            crate::search::schema::tokens(&mut crate::search::schema::raw(), query).join(" ");
        if words.is_empty() || words.len() > 100 {
            return;
        }
        if let Ok(mut guard) = self.counts.lock() {
            let (counts, dirty) = &mut *guard;
            if counts.len() < Self::CAP || counts.contains_key(&words) {
                *counts.entry(words).or_default() += 1;
                *dirty = true;
            }
        }
    }

    /// Writes the counts to their file if they changed.
    pub fn save(&self) {
        let Ok(mut guard) = self.counts.lock() else {
            return;
        };
        let (counts, dirty) = &mut *guard;
        if !*dirty {
            return;
        }
        if let Some(parent) = self.file.parent() {
            let _ = std::fs::create_dir_all(parent);
        }
        let tmp = self.file.with_extension("json.tmp");
        if let Ok(text) = serde_json::to_string_pretty(counts)
            && std::fs::write(&tmp, text).is_ok()
            && std::fs::rename(&tmp, &self.file).is_ok()
        {
            *dirty = false;
        }
    }
}

/// Where the server keeps the searches that found nothing, in the site at `root`.
pub fn misses_file(root: &Path) -> PathBuf {
    root.join(".localoffer").join("search-misses.json")
}

/// The counts kept in `file`: query words to how often they found nothing.
pub fn read_misses(file: &Path) -> BTreeMap<String, u64> {
    std::fs::read_to_string(file)
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_values_are_percent_encoded() {
        assert_eq!(encode("ehc plan & <x>"), "ehc+plan+%26+%3Cx%3E");
        assert_eq!(
            search_url("a b", Some("faq"), &[], 2),
            "/search?q=a+b&kind=faq&page=2"
        );
        let filters = [("age".to_owned(), "9".to_owned())];
        assert_eq!(
            search_url("swim", None, &filters, 1),
            "/search?q=swim&age=9"
        );
    }

    #[test]
    fn misses_are_counted_and_kept_across_restarts() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("misses.json");
        let m = Misses::load(file.clone());
        m.record("Respite  CARE");
        m.record("respite care");
        m.save();
        let again = Misses::load(file);
        again.record("respite care");
        again.save();
        assert_eq!(
            read_misses(&dir.path().join("misses.json")).get("respite care"),
            Some(&3)
        );
    }
}
