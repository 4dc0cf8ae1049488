//! `localoffer import openreferral`: Open Referral UK 3.0 JSON into content files,
//! one per service (`content/services/`) and per organisation
//! (`content/organisations/`), keeping the Open Referral ids.
//!
//! It reads a single service, a page of `GET /services` (its `contents`), an array
//! of services, or a folder of such files. It is all or nothing: every problem in
//! the input is reported (file and JSON pointer) and nothing is written unless
//! there are none. A file that staff have edited since the last import is left
//! alone unless `force` is set: `.localoffer/openreferral-import.json` remembers a
//! hash of each file as the import wrote it. Importing the same data twice writes
//! nothing the second time.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::Value;

use super::{ACCESS_TAXONOMY, CATEGORY_TAXONOMY, NEED_TAXONOMY};
use crate::content::services::{DAYS, NEEDS, Status, is_uuid, parse_time};
use crate::content::slugify;
use crate::util::hash::hash_of;

/// The largest input file read, in bytes.
pub const MAX_FILE_BYTES: u64 = 50 * 1024 * 1024;
/// The most services one import takes.
pub const MAX_SERVICES: usize = 20_000;
/// The longest text field taken, in bytes (a description included).
pub const MAX_TEXT_BYTES: usize = 100 * 1024;

/// One problem with the input: the file, where in it (a JSON pointer) and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file, as given.
    pub file: String,
    /// A JSON pointer (`/contents/3/minimum_age`), empty for the whole file.
    pub pointer: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.pointer.is_empty() {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(f, "{}: {}: {}", self.file, self.pointer, self.message)
        }
    }
}

/// Why an import wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The input has problems; each is listed.
    #[error("the input has {} problem(s); nothing was written", .0.len())]
    Invalid(Vec<Problem>),
    /// Reading or writing failed.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// `site.toml` could not be read (the import needs its categories).
    #[error("{0}")]
    Settings(String),
}

/// What an import did.
#[derive(Debug, Default)]
pub struct Imported {
    /// Files written, new or changed (content-relative).
    pub written: Vec<String>,
    /// Files already as the input says.
    pub unchanged: usize,
    /// Files left alone because staff edited them since the last import.
    pub skipped: Vec<String>,
    /// Services read.
    pub services: usize,
    /// Organisations read.
    pub organisations: usize,
}

/// Imports `input` (a file or folder) into the site at `root`.
pub fn run(root: &Path, input: &Path, force: bool) -> Result<Imported, ImportError> {
    let config =
        crate::config::Config::load(root).map_err(|d| ImportError::Settings(d.render(false)))?;
    let categories = config.directory.categories;
    let mut reader = Reader {
        problems: Vec::new(),
        categories: &categories,
    };
    let mut services = Vec::new();
    for (name, path) in input_files(input)? {
        let bytes = read_limited(&path)?;
        let Some(text) = reader.utf8(&name, bytes) else {
            continue;
        };
        match serde_json::from_str::<Value>(&text) {
            Ok(value) => reader.document(&name, &value, &mut services),
            Err(e) => reader.problem(&name, "", format!("not JSON: {e}")),
        }
    }
    if services.len() > MAX_SERVICES {
        reader.problem(
            &input.display().to_string(),
            "",
            format!(
                "{} services; one import takes at most {MAX_SERVICES}: split the input",
                services.len()
            ),
        );
    }
    reader.duplicates(&services);
    if !reader.problems.is_empty() {
        return Err(ImportError::Invalid(reader.problems));
    }
    write_all(root, &services, force)
}

/// The files to read: `input` itself, or the `.json` files of a folder, by name.
fn input_files(input: &Path) -> Result<Vec<(String, PathBuf)>, ImportError> {
    let io = |source| ImportError::Io {
        path: input.to_path_buf(),
        source,
    };
    if !input.is_dir() {
        std::fs::metadata(input).map_err(io)?;
        return Ok(vec![(input.display().to_string(), input.to_path_buf())]);
    }
    let mut files: Vec<(String, PathBuf)> = std::fs::read_dir(input)
        .map_err(io)?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json") && p.is_file())
        .map(|p| (p.display().to_string(), p))
        .collect();
    files.sort();
    Ok(files)
}

fn read_limited(path: &Path) -> Result<Vec<u8>, ImportError> {
    use std::io::Read as _;
    let io = |source| ImportError::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ImportError::Invalid(vec![Problem {
            file: path.display().to_string(),
            pointer: String::new(),
            message: format!(
                "larger than {} MB, the most one file may be: split it into several files in a folder",
                MAX_FILE_BYTES / 1024 / 1024
            ),
        }]));
    }
    Ok(bytes)
}

/// A service as read, ready to write.
#[derive(Debug, Clone)]
struct ServiceIn {
    file: String,
    pointer: String,
    front: ServiceOut,
    body: String,
    organisation: Option<OrganisationIn>,
}

#[derive(Debug, Clone, PartialEq)]
struct OrganisationIn {
    front: OrganisationOut,
    body: String,
}

/// A service's front matter as the import writes it: the fields of
/// `content::services::ServiceFront`, in its order, empty ones left out.
#[derive(Debug, Clone, Default, Serialize)]
struct ServiceOut {
    id: String,
    title: String,
    status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    organisation: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    categories: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    needs: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    minimum_age: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    maximum_age: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    free: Option<bool>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    costs: Vec<CostOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    website: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    contacts: Vec<ContactOut>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    locations: Vec<LocationOut>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    schedules: Vec<ScheduleOut>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    languages: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    access: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    how_to_access: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    eligibility: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    alert: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    checked: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    checked_by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    updated: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    review_by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    owner: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    expires: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
struct CostOut {
    amount: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    covers: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize)]
struct ContactOut {
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    role: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    phones: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize)]
struct LocationOut {
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    address: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    town: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    postcode: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    latitude: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    longitude: Option<f64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    accessibility: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize)]
struct ScheduleOut {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    days: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    opens: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    closes: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
struct OrganisationOut {
    id: String,
    title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    website: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    phone: Option<String>,
}

/// Reads JSON values into services, noting every problem.
struct Reader<'a> {
    problems: Vec<Problem>,
    categories: &'a [String],
}

/// What a JSON value is, for messages.
fn found(v: &Value) -> String {
    match v {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => {
            let short: String = s.chars().take(40).collect();
            format!("{short:?}")
        }
        Value::Array(_) => "a list".to_owned(),
        Value::Object(_) => "an object".to_owned(),
    }
}

impl Reader<'_> {
    fn problem(&mut self, file: &str, pointer: &str, message: String) {
        self.problems.push(Problem {
            file: file.to_owned(),
            pointer: pointer.to_owned(),
            message,
        });
    }

    fn utf8(&mut self, file: &str, bytes: Vec<u8>) -> Option<String> {
        match String::from_utf8(bytes) {
            Ok(text) => Some(text),
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                self.problem(
                    file,
                    "",
                    format!("not UTF-8 text (a bad byte at offset {at})"),
                );
                None
            }
        }
    }

    /// A whole file: a service, a page of services or a list of them.
    fn document(&mut self, file: &str, value: &Value, out: &mut Vec<ServiceIn>) {
        match value {
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.service(file, &format!("/{i}"), item, out);
                }
            }
            Value::Object(o) if o.contains_key("contents") => match &o["contents"] {
                Value::Array(items) => {
                    for (i, item) in items.iter().enumerate() {
                        self.service(file, &format!("/contents/{i}"), item, out);
                    }
                }
                other => self.problem(
                    file,
                    "/contents",
                    format!("expected a list of services, found {}", found(other)),
                ),
            },
            Value::Object(_) => self.service(file, "", value, out),
            other => self.problem(
                file,
                "",
                format!(
                    "expected a service, a page of services or a list of them, found {}",
                    found(other)
                ),
            ),
        }
    }

    /// A string field; `None` when absent, null or empty.
    fn text(&mut self, file: &str, at: &str, v: &Value, key: &str) -> Option<String> {
        match v.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) if s.len() > MAX_TEXT_BYTES => {
                self.problem(
                    file,
                    &format!("{at}/{key}"),
                    format!(
                        "longer than {} KB, the most a text may be",
                        MAX_TEXT_BYTES / 1024
                    ),
                );
                None
            }
            Some(Value::String(s)) => Some(s.trim().to_owned()).filter(|s| !s.is_empty()),
            Some(other) => {
                self.problem(
                    file,
                    &format!("{at}/{key}"),
                    format!("expected text, found {}", found(other)),
                );
                None
            }
        }
    }

    fn number(&mut self, file: &str, at: &str, v: &Value, key: &str) -> Option<f64> {
        match v.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::Number(n)) => n.as_f64(),
            Some(other) => {
                self.problem(
                    file,
                    &format!("{at}/{key}"),
                    format!("expected a number, found {}", found(other)),
                );
                None
            }
        }
    }

    fn age(&mut self, file: &str, at: &str, v: &Value, key: &str) -> Option<u8> {
        let n = self.number(file, at, v, key)?;
        if n.fract() != 0.0 || !(0.0..=120.0).contains(&n) {
            self.problem(
                file,
                &format!("{at}/{key}"),
                format!("expected a whole number of years from 0 to 120, found {n}"),
            );
            return None;
        }
        Some(n as u8)
    }

    /// The items of a list field (none when absent).
    fn list<'v>(&mut self, file: &str, at: &str, v: &'v Value, key: &str) -> &'v [Value] {
        match v.get(key) {
            None | Some(Value::Null) => &[],
            Some(Value::Array(items)) => items,
            Some(other) => {
                self.problem(
                    file,
                    &format!("{at}/{key}"),
                    format!("expected a list, found {}", found(other)),
                );
                &[]
            }
        }
    }

    /// One service at `at` in `file`.
    fn service(&mut self, file: &str, at: &str, v: &Value, out: &mut Vec<ServiceIn>) {
        if !v.is_object() {
            self.problem(file, at, format!("expected a service, found {}", found(v)));
            return;
        }
        let before = self.problems.len();
        let id = self.required_id(file, at, v);
        let (name, status) = self.name_and_status(file, at, v);
        let minimum_age = self.age(file, at, v, "minimum_age");
        let maximum_age = self.age(file, at, v, "maximum_age");
        if let (Some(min), Some(max)) = (minimum_age, maximum_age)
            && min > max
        {
            self.problem(
                file,
                &format!("{at}/minimum_age"),
                format!("minimum_age {min} is above maximum_age {max}"),
            );
        }
        let organisation = self.organisation(file, at, v);
        let (categories, needs, access) = self.terms(file, at, v);
        let (free, costs) = self.costs(file, at, v);
        let mut front = ServiceOut {
            id: id.unwrap_or_default(),
            title: name.unwrap_or_default(),
            status,
            organisation: organisation.as_ref().map(|o| slugify(&o.front.title)),
            categories,
            needs,
            minimum_age,
            maximum_age,
            free,
            costs,
            website: self.text(file, at, v, "url"),
            email: self.text(file, at, v, "email"),
            contacts: self.contacts(file, at, v),
            locations: self.locations(file, at, v),
            schedules: self.schedules(file, at, v),
            languages: self.languages(file, at, v),
            access,
            how_to_access: self.text(file, at, v, "application_process"),
            eligibility: self.text(file, at, v, "eligibility_description"),
            alert: self.text(file, at, v, "alert"),
            checked: self.date(file, at, v, "assured_date"),
            checked_by: self.text(file, at, v, "assurer_email"),
            ..ServiceOut::default()
        };
        self.extension(file, at, v, &mut front);
        let body = self.text(file, at, v, "description").unwrap_or_default();
        if self.problems.len() == before {
            out.push(ServiceIn {
                file: file.to_owned(),
                pointer: at.to_owned(),
                front,
                body,
                organisation,
            });
        }
    }

    /// What localoffer's own export keeps in its `localoffer` object (fields Open
    /// Referral has no place for).
    fn extension(&mut self, file: &str, at: &str, v: &Value, front: &mut ServiceOut) {
        let Some(ours) = v.get("localoffer").filter(|o| !o.is_null()) else {
            return;
        };
        let at = format!("{at}/localoffer");
        front.summary = self.text(file, &at, ours, "summary");
        if front.checked_by.is_none() {
            front.checked_by = self.text(file, &at, ours, "checked_by");
        }
        front.description = self.text(file, &at, ours, "page_description");
        front.updated = self.text(file, &at, ours, "updated");
        front.review_by = self.text(file, &at, ours, "review_by");
        front.owner = self.text(file, &at, ours, "owner");
        front.expires = self.text(file, &at, ours, "expires");
    }

    /// A service's name (which it must have) and status (`active` if not given).
    fn name_and_status(&mut self, file: &str, at: &str, v: &Value) -> (Option<String>, String) {
        let typed = self.problems.len();
        let name = self.text(file, at, v, "name");
        if name.is_none() && self.problems.len() == typed {
            self.problem(
                file,
                &format!("{at}/name"),
                "a service needs a name".to_owned(),
            );
        }
        let status = match self.text(file, at, v, "status") {
            None => Status::Active.as_str().to_owned(),
            Some(s) if Status::ALL.contains(&s.as_str()) => s,
            Some(s) => {
                self.problem(
                    file,
                    &format!("{at}/status"),
                    format!(
                        "unknown status {s:?}: it is one of {}",
                        Status::ALL.join(", ")
                    ),
                );
                String::new()
            }
        };
        (name, status)
    }

    fn required_id(&mut self, file: &str, at: &str, v: &Value) -> Option<String> {
        match v.get("id") {
            None | Some(Value::Null) => {
                self.problem(
                    file,
                    &format!("{at}/id"),
                    "a service needs an id".to_owned(),
                );
                None
            }
            Some(Value::String(s)) if is_uuid(s) => Some(s.trim().to_ascii_lowercase()),
            Some(other) => {
                self.problem(
                    file,
                    &format!("{at}/id"),
                    format!("expected a UUID, found {}", found(other)),
                );
                None
            }
        }
    }

    fn date(&mut self, file: &str, at: &str, v: &Value, key: &str) -> Option<String> {
        let text = self.text(file, at, v, key)?;
        // Open Referral allows a date or a date-time; front matter takes the date.
        let day = text.get(..10).unwrap_or(&text);
        match day.parse::<crate::content::Date>() {
            Ok(d) => Some(d.iso()),
            Err(_) => {
                self.problem(
                    file,
                    &format!("{at}/{key}"),
                    format!("expected a date like 2024-03-31, found {text:?}"),
                );
                None
            }
        }
    }

    fn organisation(&mut self, file: &str, at: &str, v: &Value) -> Option<OrganisationIn> {
        let o = v.get("organization").filter(|o| !o.is_null())?;
        let at = format!("{at}/organization");
        if !o.is_object() {
            self.problem(
                file,
                &at,
                format!("expected an organisation, found {}", found(o)),
            );
            return None;
        }
        let id = match o.get("id") {
            Some(Value::String(s)) if is_uuid(s) => s.trim().to_ascii_lowercase(),
            other => {
                self.problem(
                    file,
                    &format!("{at}/id"),
                    format!(
                        "expected a UUID, found {}",
                        other.map_or("nothing".to_owned(), found)
                    ),
                );
                return None;
            }
        };
        let Some(title) = self.text(file, &at, o, "name") else {
            self.problem(
                file,
                &format!("{at}/name"),
                "an organisation needs a name".to_owned(),
            );
            return None;
        };
        let phone = self
            .list(file, &at, o, "phones")
            .first()
            .and_then(|p| p.get("number"))
            .and_then(Value::as_str)
            .map(str::to_owned);
        Some(OrganisationIn {
            front: OrganisationOut {
                id,
                website: self.text(file, &at, o, "website"),
                email: self.text(file, &at, o, "email"),
                phone,
                title: title.clone(),
            },
            body: self.text(file, &at, o, "description").unwrap_or(title),
        })
    }

    /// Categories, areas of need and access from the taxonomy terms; terms of
    /// other taxonomies count as categories when their name is one of the site's.
    fn terms(
        &mut self,
        file: &str,
        at: &str,
        v: &Value,
    ) -> (Vec<String>, Vec<String>, Option<String>) {
        let (mut categories, mut needs, mut access) = (Vec::new(), Vec::new(), None);
        for (i, a) in self.list(file, at, v, "attributes").iter().enumerate() {
            let Some(term) = a.get("taxonomy_term").filter(|t| t.is_object()) else {
                continue;
            };
            let at = format!("{at}/attributes/{i}/taxonomy_term");
            let taxonomy = self.text(file, &at, term, "taxonomy").unwrap_or_default();
            let name = self.text(file, &at, term, "name").unwrap_or_default();
            let slug = self
                .text(file, &at, term, "term")
                .map(|t| slugify(&t))
                .unwrap_or_else(|| slugify(&name));
            match taxonomy.as_str() {
                NEED_TAXONOMY => {
                    if let Some((_, n)) = NEEDS.iter().find(|(s, _)| *s == slug) {
                        needs.push(n.to_lowercase());
                    }
                }
                ACCESS_TAXONOMY => {
                    access = ["referral", "self-referral", "referral or self-referral"]
                        .into_iter()
                        .find(|a| slugify(a) == slug)
                        .map(str::to_owned);
                }
                _ => {
                    let known = self.categories.iter().find(|c| {
                        slugify(c) == slug
                            || (taxonomy != CATEGORY_TAXONOMY && slugify(c) == slugify(&name))
                    });
                    if let Some(c) = known
                        && !categories.contains(c)
                    {
                        categories.push(c.clone());
                    }
                }
            }
        }
        (categories, needs, access)
    }

    fn costs(&mut self, file: &str, at: &str, v: &Value) -> (Option<bool>, Vec<CostOut>) {
        let mut costs = Vec::new();
        let mut free = None;
        for (i, c) in self.list(file, at, v, "cost_options").iter().enumerate() {
            let at = format!("{at}/cost_options/{i}");
            let amount = self.number(file, &at, c, "amount");
            let option = self.text(file, &at, c, "option");
            if amount == Some(0.0)
                && option
                    .as_deref()
                    .is_some_and(|o| o.eq_ignore_ascii_case("free"))
            {
                free = Some(true);
                continue;
            }
            if let Some(amount) = amount {
                costs.push(CostOut {
                    amount,
                    covers: self.text(file, &at, c, "amount_description"),
                });
            }
        }
        (free, costs)
    }

    fn contacts(&mut self, file: &str, at: &str, v: &Value) -> Vec<ContactOut> {
        let mut out = Vec::new();
        for (i, c) in self.list(file, at, v, "contacts").iter().enumerate() {
            let at = format!("{at}/contacts/{i}");
            let mut phones = Vec::new();
            for (j, p) in self.list(file, &at, c, "phones").iter().enumerate() {
                if let Some(n) = self.text(file, &format!("{at}/phones/{j}"), p, "number") {
                    phones.push(n);
                }
            }
            out.push(ContactOut {
                name: self.text(file, &at, c, "name"),
                role: self.text(file, &at, c, "title"),
                phones,
                email: self.text(file, &at, c, "email"),
            });
        }
        out
    }

    fn locations(&mut self, file: &str, at: &str, v: &Value) -> Vec<LocationOut> {
        let mut out = Vec::new();
        for (i, sal) in self
            .list(file, at, v, "service_at_locations")
            .iter()
            .enumerate()
        {
            let Some(l) = sal.get("location").filter(|l| l.is_object()) else {
                continue;
            };
            let at = format!("{at}/service_at_locations/{i}/location");
            let mut loc = LocationOut {
                name: self.text(file, &at, l, "name"),
                latitude: self.number(file, &at, l, "latitude"),
                longitude: self.number(file, &at, l, "longitude"),
                ..LocationOut::default()
            };
            if let Some(a) = self.list(file, &at, l, "addresses").first() {
                let at = format!("{at}/addresses/0");
                loc.address.extend(self.text(file, &at, a, "address_1"));
                if let Some(more) = self.text(file, &at, a, "address_2") {
                    loc.address.extend(more.split(", ").map(str::to_owned));
                }
                loc.town = self.text(file, &at, a, "city");
                loc.postcode = self.text(file, &at, a, "postal_code");
            }
            for (j, a) in self.list(file, &at, l, "accessibility").iter().enumerate() {
                let at = format!("{at}/accessibility/{j}");
                if let Some(d) = self
                    .text(file, &at, a, "description")
                    .or_else(|| self.text(file, &at, a, "accessibility"))
                {
                    loc.accessibility.push(d);
                }
            }
            out.push(loc);
        }
        out
    }

    fn schedules(&mut self, file: &str, at: &str, v: &Value) -> Vec<ScheduleOut> {
        let mut out = Vec::new();
        for (i, s) in self.list(file, at, v, "schedules").iter().enumerate() {
            let at = format!("{at}/schedules/{i}");
            let mut days = Vec::new();
            if let Some(byday) = self.text(file, &at, s, "byday") {
                for code in byday.split(',') {
                    match DAYS
                        .iter()
                        .find(|(_, c)| c.eq_ignore_ascii_case(code.trim()))
                    {
                        Some((day, _)) => days.push((*day).to_owned()),
                        None => self.problem(
                            file,
                            &format!("{at}/byday"),
                            format!("{code:?} is not a day: byday is a list like MO,TU,SA"),
                        ),
                    }
                }
            }
            let mut time = |key: &str| {
                let t = self.text(file, &at, s, key)?;
                let hhmm = t.get(..5).unwrap_or(&t).to_owned();
                if parse_time(&hhmm).is_none() {
                    self.problem(
                        file,
                        &format!("{at}/{key}"),
                        format!("expected a time like 09:30:00, found {t:?}"),
                    );
                    return None;
                }
                Some(hhmm)
            };
            let opens = time("opens_at");
            let closes = time("closes_at");
            out.push(ScheduleOut {
                days,
                opens,
                closes,
                description: self.text(file, &at, s, "description"),
            });
        }
        out
    }

    fn languages(&mut self, file: &str, at: &str, v: &Value) -> Vec<String> {
        let mut out = Vec::new();
        for (i, l) in self.list(file, at, v, "languages").iter().enumerate() {
            if let Some(name) = self.text(file, &format!("{at}/languages/{i}"), l, "name") {
                out.push(name);
            }
        }
        out
    }

    /// Two services with one id in the input.
    fn duplicates(&mut self, services: &[ServiceIn]) {
        let mut seen: HashMap<&str, &ServiceIn> = HashMap::new();
        for s in services {
            if let Some(first) = seen.insert(&s.front.id, s) {
                let message = format!(
                    "the id {} is also the id of {}{}",
                    s.front.id, first.file, first.pointer
                );
                self.problem(&s.file, &format!("{}/id", s.pointer), message);
            }
        }
    }
}

/// The import's memory: the hash of each file as it last wrote it.
const MEMORY: &str = ".localoffer/openreferral-import.json";

/// Writes every file, leaving alone the ones edited since the last import.
fn write_all(root: &Path, services: &[ServiceIn], force: bool) -> Result<Imported, ImportError> {
    let memory_path = root.join(MEMORY);
    let mut memory: BTreeMap<String, u64> = std::fs::read_to_string(&memory_path)
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default();
    let existing = existing_ids(root);
    let mut files: BTreeMap<String, String> = BTreeMap::new();
    let mut organisations = 0;
    for s in services {
        if let Some(o) = &s.organisation {
            let rel = existing
                .get(&o.front.id)
                .cloned()
                .unwrap_or_else(|| format!("organisations/{}.md", slugify(&o.front.title)));
            if !files.contains_key(&rel) {
                organisations += 1;
            }
            files.insert(rel, markdown_file(&o.front, &o.body));
        }
    }
    for s in services {
        let mut front = s.front.clone();
        // The organisation's file name, as it is on disk.
        if let Some(o) = &s.organisation
            && let Some(rel) = existing.get(&o.front.id)
        {
            front.organisation = Some(stem(rel));
        }
        let rel = existing.get(&front.id).cloned().unwrap_or_else(|| {
            let base = slugify(&front.title);
            let mut rel = format!("services/{base}.md");
            let mut n = 2;
            while files.contains_key(&rel) {
                rel = format!("services/{base}-{n}.md");
                n += 1;
            }
            rel
        });
        files.insert(rel, markdown_file(&front, &s.body));
    }
    let mut done = Imported {
        services: services.len(),
        organisations,
        ..Imported::default()
    };
    let content = root.join("content");
    for (rel, text) in &files {
        let path = content.join(rel);
        let now = std::fs::read(&path).ok();
        if now.as_deref() == Some(text.as_bytes()) {
            done.unchanged += 1;
            memory.insert(rel.clone(), hash_of(text));
            continue;
        }
        let edited = now.as_ref().is_some_and(|bytes| {
            memory.get(rel) != Some(&hash_of(&String::from_utf8_lossy(bytes).into_owned()))
        });
        if edited && !force {
            done.skipped.push(rel.clone());
            continue;
        }
        write(&path, text)?;
        memory.insert(rel.clone(), hash_of(text));
        done.written.push(rel.clone());
    }
    let memory_text = serde_json::to_string_pretty(&memory).unwrap_or_default();
    write(&memory_path, &memory_text)?;
    Ok(done)
}

fn stem(rel: &str) -> String {
    rel.rsplit('/')
        .next()
        .unwrap_or(rel)
        .trim_end_matches(".md")
        .to_owned()
}

fn write(path: &Path, text: &str) -> Result<(), ImportError> {
    let io = |source| ImportError::Io {
        path: path.to_path_buf(),
        source,
    };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(io)?;
    }
    let tmp = path.with_extension("md.tmp");
    std::fs::write(&tmp, text).map_err(io)?;
    std::fs::rename(&tmp, path).map_err(io)
}

/// The content file of every service and organisation id already on the site.
fn existing_ids(root: &Path) -> HashMap<String, String> {
    let mut ids = HashMap::new();
    for folder in ["services", "organisations"] {
        let Ok(entries) = std::fs::read_dir(root.join("content").join(folder)) else {
            continue;
        };
        for e in entries.flatten() {
            let path = e.path();
            if path.extension().is_none_or(|x| x != "md") {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let id = text
                .lines()
                .skip(1)
                .take_while(|l| l.trim() != "---")
                .find_map(|l| l.strip_prefix("id:"))
                .map(|id| id.trim().trim_matches(['"', '\'']).to_ascii_lowercase());
            if let (Some(id), Some(name)) = (id, path.file_name()) {
                ids.insert(id, format!("{folder}/{}", name.to_string_lossy()));
            }
        }
    }
    ids
}

/// Front matter and body as a content file.
fn markdown_file(front: &impl Serialize, body: &str) -> String {
    let yaml = serde_yaml::to_string(front).unwrap_or_default();
    let body = body.trim();
    if body.is_empty() {
        format!("---\n{yaml}---\n")
    } else {
        format!("---\n{yaml}---\n{body}\n")
    }
}
