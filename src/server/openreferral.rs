//! The Open Referral UK 3.0 read API, answered from the files the build wrote
//! (`public/openreferral/`, see [`crate::openreferral::export`]), never from
//! `content/`:
//!
//! - `GET /openreferral/`: what the API is;
//! - `GET /openreferral/services`: a page of services, with `search`, `page`,
//!   `per_page` (at most [`MAX_PER_PAGE`]), `minimum_age`, `maximum_age`,
//!   `taxonomy_term_id`, `taxonomy_id` and `day`, as `openapi.json` describes them;
//! - `GET /openreferral/services/{id}`: one service, fully nested.
//!
//! Read-only, with CORS for GET so other directories' pages can call it. A bad
//! parameter gets a 400 with `{"error": "..."}`.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use axum::extract::{Path as UrlPath, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::content::services::DAYS;
use crate::openreferral::export::{ALL_SERVICES, paging};

/// The most services one page of `GET /services` holds.
pub const MAX_PER_PAGE: usize = 200;
/// How many it holds when `per_page` is not given.
pub const DEFAULT_PER_PAGE: usize = 50;

/// The exported services, read once per build.
pub struct OpenReferral {
    public: PathBuf,
    /// The services file's identity (inode, length, modified) and its services.
    loaded: Mutex<Option<(FileStamp, Arc<Vec<Listed>>)>>,
}

/// One exported service as `GET /services` filters and lists it, worked out once
/// when the file is read: a page of a directory of thousands is then a pass over
/// these and a join of ready-made JSON.
struct Listed {
    /// Its name and description, lower case, for `search`.
    text: String,
    minimum_age: Option<f64>,
    maximum_age: Option<f64>,
    /// Its taxonomy terms' ids.
    terms: Vec<String>,
    /// The taxonomies of its terms.
    taxonomies: Vec<String>,
    /// Its schedules' days, as `MO`..`SU`.
    days: Vec<String>,
    /// Its list item (see [`list_item`]) as JSON.
    json: String,
}

impl Listed {
    fn of(s: &Value) -> Listed {
        let text = |key: &str| s.get(key).and_then(Value::as_str).unwrap_or("");
        let array = |key: &str| {
            s.get(key)
                .and_then(Value::as_array)
                .map(Vec::as_slice)
                .unwrap_or_default()
        };
        let strings = |values: &[Value], pointer: &str| -> Vec<String> {
            values
                .iter()
                .filter_map(|v| v.pointer(pointer).and_then(Value::as_str))
                .map(str::to_owned)
                .collect()
        };
        let attributes = array("attributes");
        Listed {
            text: format!("{} {}", text("name"), text("description")).to_lowercase(),
            minimum_age: s.get("minimum_age").and_then(Value::as_f64),
            maximum_age: s.get("maximum_age").and_then(Value::as_f64),
            terms: strings(attributes, "/taxonomy_term_id"),
            taxonomies: strings(attributes, "/taxonomy_term/taxonomy"),
            days: strings(array("schedules"), "/byday")
                .iter()
                .flat_map(|b| b.split(',').map(|d| d.trim().to_owned()))
                .collect(),
            json: list_item(s).to_string(),
        }
    }
}

type FileStamp = (u64, u64, Option<std::time::SystemTime>);

impl OpenReferral {
    /// The API over the site built into `public`, its services read at once on a
    /// thread of their own, so the first request does not wait for a large
    /// directory to be read (it waits only if it comes before that is done).
    pub fn warmed(public: PathBuf) -> Arc<OpenReferral> {
        let api = Arc::new(OpenReferral {
            public,
            loaded: Mutex::new(None),
        });
        let warm = Arc::clone(&api);
        std::thread::spawn(move || warm.services());
        api
    }

    /// Every exported service, read again when a build replaced the file; `None`
    /// when the site has no directory.
    fn services(&self) -> Option<Arc<Vec<Listed>>> {
        let path = self.public.join(ALL_SERVICES);
        let meta = std::fs::metadata(&path).ok()?;
        let stamp = stamp(&meta);
        let mut loaded = self.loaded.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((held, services)) = loaded.as_ref()
            && *held == stamp
        {
            return Some(Arc::clone(services));
        }
        let text = std::fs::read_to_string(&path).ok()?;
        let page: Value = serde_json::from_str(&text).ok()?;
        let services = Arc::new(
            page.get("contents")?
                .as_array()?
                .iter()
                .map(Listed::of)
                .collect(),
        );
        *loaded = Some((stamp, Arc::clone(&services)));
        Some(services)
    }
}

fn stamp(meta: &std::fs::Metadata) -> FileStamp {
    #[cfg(unix)]
    let ino = std::os::unix::fs::MetadataExt::ino(meta);
    #[cfg(not(unix))]
    let ino = 0;
    (ino, meta.len(), meta.modified().ok())
}

/// A JSON answer with CORS for GET.
fn answer(status: StatusCode, body: &Value) -> Response {
    json_answer(status, body.to_string())
}

/// `body`, which is JSON, with CORS for GET.
fn json_answer(status: StatusCode, body: String) -> Response {
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("GET, HEAD"),
    );
    response
}

fn bad_request(message: String) -> Response {
    answer(StatusCode::BAD_REQUEST, &json!({ "error": message }))
}

fn no_directory() -> Response {
    answer(
        StatusCode::NOT_FOUND,
        &json!({ "error": "this site has no directory of services" }),
    )
}

/// `GET /openreferral/`.
pub async fn about(State(api): State<Arc<OpenReferral>>) -> Response {
    let path = api.public.join("openreferral/index.json");
    match std::fs::read_to_string(path)
        .ok()
        .and_then(|t| serde_json::from_str::<Value>(&t).ok())
    {
        Some(v) => answer(StatusCode::OK, &v),
        None => no_directory(),
    }
}

/// `GET /openreferral/services/{id}`.
pub async fn service(
    State(api): State<Arc<OpenReferral>>,
    UrlPath(id): UrlPath<String>,
) -> Response {
    let id = id.trim_end_matches(".json").to_ascii_lowercase();
    if !crate::content::services::is_uuid(&id) {
        return bad_request(format!("{id:?} is not a service id: ids are UUIDs"));
    }
    let path = api
        .public
        .join("openreferral/services")
        .join(format!("{id}.json"));
    match std::fs::read_to_string(path)
        .ok()
        .and_then(|t| serde_json::from_str::<Value>(&t).ok())
    {
        Some(v) => answer(StatusCode::OK, &v),
        None => answer(
            StatusCode::NOT_FOUND,
            &json!({ "error": format!("there is no service {id}") }),
        ),
    }
}

/// The parameters of `GET /services`, as given (checked by [`Filters::from`]).
#[derive(Debug, Default, Deserialize)]
pub struct ListParams {
    search: Option<String>,
    page: Option<String>,
    per_page: Option<String>,
    minimum_age: Option<String>,
    maximum_age: Option<String>,
    taxonomy_term_id: Option<String>,
    taxonomy_id: Option<String>,
    day: Option<String>,
}

/// The checked parameters.
struct Filters {
    words: Vec<String>,
    page: usize,
    per_page: usize,
    minimum_age: Option<f64>,
    maximum_age: Option<f64>,
    term: Option<String>,
    taxonomy: Option<String>,
    day: Option<&'static str>,
}

fn number<T: std::str::FromStr>(name: &str, value: Option<&str>) -> Result<Option<T>, String> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => v
            .parse()
            .map(Some)
            .map_err(|_| format!("{name} must be a number, not {v:?}")),
    }
}

impl Filters {
    fn from(p: &ListParams) -> Result<Filters, String> {
        let page = number::<usize>("page", p.page.as_deref())?.unwrap_or(1);
        if page == 0 {
            return Err("page starts at 1".to_owned());
        }
        let per_page =
            number::<usize>("per_page", p.per_page.as_deref())?.unwrap_or(DEFAULT_PER_PAGE);
        if per_page == 0 || per_page > MAX_PER_PAGE {
            return Err(format!("per_page must be 1 to {MAX_PER_PAGE}"));
        }
        let day = match p.day.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
            None => None,
            Some(d) => {
                let d = d.to_lowercase();
                Some(
                    DAYS.iter()
                        .find(|(name, code)| *name == d || code.eq_ignore_ascii_case(&d))
                        .map(|(_, code)| *code)
                        .ok_or_else(|| {
                            format!("day must be a day of the week (MO to SU, or monday to sunday), not {d:?}")
                        })?,
                )
            }
        };
        let words = p
            .search
            .as_deref()
            .unwrap_or("")
            .split_whitespace()
            .take(32)
            .map(str::to_lowercase)
            .collect();
        Ok(Filters {
            words,
            page,
            per_page,
            minimum_age: number("minimum_age", p.minimum_age.as_deref())?,
            maximum_age: number("maximum_age", p.maximum_age.as_deref())?,
            term: p.taxonomy_term_id.clone().filter(|t| !t.trim().is_empty()),
            taxonomy: p.taxonomy_id.clone().filter(|t| !t.trim().is_empty()),
            day,
        })
    }

    fn keeps(&self, s: &Listed) -> bool {
        if !self.words.iter().all(|w| s.text.contains(w.as_str())) {
            return false;
        }
        if let Some(min) = self.minimum_age
            && s.minimum_age.is_none_or(|a| a < min)
        {
            return false;
        }
        if let Some(max) = self.maximum_age
            && s.maximum_age.is_none_or(|a| a > max)
        {
            return false;
        }
        if let Some(term) = &self.term
            && !s.terms.contains(term)
        {
            return false;
        }
        if let Some(taxonomy) = &self.taxonomy
            && !s.taxonomies.contains(taxonomy)
        {
            return false;
        }
        self.day.is_none_or(|day| s.days.iter().any(|d| d == day))
    }
}

/// A service as lists give it: its one-to-one fields and its organisation (the
/// shape of the profile's `service_list` schema).
fn list_item(s: &Value) -> Value {
    let mut item = serde_json::Map::new();
    if let Some(o) = s.as_object() {
        for (k, v) in o {
            if !v.is_array() {
                item.insert(k.clone(), v.clone());
            }
        }
    }
    Value::Object(item)
}

/// `GET /openreferral/services`.
pub async fn services(
    State(api): State<Arc<OpenReferral>>,
    params: Result<Query<ListParams>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let Ok(Query(params)) = params else {
        return bad_request("the query string could not be read".to_owned());
    };
    let filters = match Filters::from(&params) {
        Ok(f) => f,
        Err(message) => return bad_request(message),
    };
    // Reading the file after a build takes a while for a large directory: not on
    // the threads that answer other requests meanwhile.
    let reader = Arc::clone(&api);
    let Ok(Some(all)) = tokio::task::spawn_blocking(move || reader.services()).await else {
        return no_directory();
    };
    let kept: Vec<&Listed> = all.iter().filter(|s| filters.keeps(s)).collect();
    let total = kept.len();
    let contents: Vec<&str> = kept
        .iter()
        .skip((filters.page - 1).saturating_mul(filters.per_page))
        .take(filters.per_page)
        .map(|s| s.json.as_str())
        .collect();
    // The page's fields as the export writes them, around the ready-made items.
    let head = Value::Object(paging(
        total,
        filters.page,
        contents.len(),
        filters.per_page,
    ));
    let head = head.to_string();
    let open = head.strip_suffix('}').unwrap_or(&head);
    json_answer(
        StatusCode::OK,
        format!("{open},\"contents\":[{}]}}", contents.join(",")),
    )
}
