//! The directory of services: one file per service under `content/services/`,
//! modelled on Open Referral UK 3.0's `service` (same meanings, friendlier names;
//! `docs/content.md` lists them). The Markdown body is the description.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use super::{FilterValue, SearchEntry, SearchFilter, join};
use crate::content::{Date, Kind, Meta, front_matter_struct, slugify};
use crate::diagnostics::Diagnostic;
use crate::markdown;
use crate::util::fingerprint::{Memo, Memoised};

front_matter_struct! {
    /// The front matter of a service.
    pub struct ServiceFront {
        /// A UUID that never changes (Open Referral's `id`).
        pub id: String,
        /// The service's name.
        pub title: String,
        /// Whether it is running.
        #[serde(default)]
        pub status: Status,
        /// The file name (without `.md`) of the organisation that runs it, in
        /// `content/organisations/`.
        #[serde(default)]
        pub organisation: Option<String>,
        /// One sentence for lists.
        #[serde(default)]
        pub summary: Option<String>,
        /// Categories from `[directory] categories` in `site.toml`.
        #[serde(default)]
        pub categories: Vec<String>,
        /// The broad areas of need it serves (the SEND Code of Practice's four).
        #[serde(default)]
        pub needs: Vec<String>,
        /// The youngest it serves, in years.
        #[serde(default)]
        pub minimum_age: Option<u8>,
        /// The oldest it serves, in years.
        #[serde(default)]
        pub maximum_age: Option<u8>,
        /// Whether it is free.
        #[serde(default)]
        pub free: Option<bool>,
        /// What it costs when it is not free.
        #[serde(default)]
        pub costs: Vec<Cost>,
        /// Its website.
        #[serde(default)]
        pub website: Option<String>,
        /// Its email address.
        #[serde(default)]
        pub email: Option<String>,
        /// People or teams to contact.
        #[serde(default)]
        pub contacts: Vec<Contact>,
        /// Where it happens.
        #[serde(default)]
        pub locations: Vec<Location>,
        /// When it is open or runs, week by week.
        #[serde(default)]
        pub schedules: Vec<ScheduleFront>,
        /// Languages it is offered in.
        #[serde(default)]
        pub languages: Vec<String>,
        /// Whether it needs a referral.
        #[serde(default)]
        pub access: Option<Access>,
        /// How to get it, in words.
        #[serde(default)]
        pub how_to_access: Option<String>,
        /// Who can use it, in words.
        #[serde(default)]
        pub eligibility: Option<String>,
        /// A short-term change people must know about.
        #[serde(default)]
        pub alert: Option<String>,
        /// When the entry was last checked with the service (Open Referral's
        /// `assured_date`).
        #[serde(default)]
        pub checked: Option<Date>,
        /// Who checked it.
        #[serde(default)]
        pub checked_by: Option<String>,
    }
}

/// Whether a service is running (Open Referral's `status`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Running.
    #[default]
    Active,
    /// Not running for now.
    Inactive,
    /// Closed for good.
    Defunct,
    /// Closed for a while.
    #[serde(rename = "temporarily closed")]
    TemporarilyClosed,
}

impl Status {
    /// As Open Referral writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Active => "active",
            Status::Inactive => "inactive",
            Status::Defunct => "defunct",
            Status::TemporarilyClosed => "temporarily closed",
        }
    }

    /// Every status, as written.
    pub const ALL: [&'static str; 4] = ["active", "inactive", "defunct", "temporarily closed"];
}

/// How a service is got.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum Access {
    /// Someone (a school, a doctor, the council) must refer the child.
    #[serde(rename = "referral")]
    Referral,
    /// Families can ask for it themselves.
    #[serde(rename = "self-referral")]
    SelfReferral,
    /// Either.
    #[serde(rename = "referral or self-referral")]
    Either,
}

impl Access {
    /// In words, for the page.
    pub fn words(self) -> &'static str {
        match self {
            Access::Referral => "You need a referral",
            Access::SelfReferral => "You can contact the service yourself",
            Access::Either => "You can contact the service yourself or be referred",
        }
    }

    /// As written in front matter.
    pub fn as_str(self) -> &'static str {
        match self {
            Access::Referral => "referral",
            Access::SelfReferral => "self-referral",
            Access::Either => "referral or self-referral",
        }
    }
}

/// One price (Open Referral's `cost_option`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Cost {
    /// The amount in pounds.
    pub amount: f64,
    /// What it pays for: `per session`.
    #[serde(default)]
    pub covers: Option<String>,
}

/// Someone to contact (Open Referral's `contact` with its `phones`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// A team's or person's name.
    #[serde(default)]
    pub name: Option<String>,
    /// Their role.
    #[serde(default)]
    pub role: Option<String>,
    /// Telephone numbers.
    #[serde(default)]
    pub phones: Vec<String>,
    /// Email address.
    #[serde(default)]
    pub email: Option<String>,
}

/// A place the service happens (Open Referral's `location` with its address and
/// accessibility).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Location {
    /// The place's name.
    #[serde(default)]
    pub name: Option<String>,
    /// The lines of the address before the town.
    #[serde(default)]
    pub address: Vec<String>,
    /// The town.
    #[serde(default)]
    pub town: Option<String>,
    /// The postcode.
    #[serde(default)]
    pub postcode: Option<String>,
    /// Where it is on a map.
    #[serde(default)]
    pub latitude: Option<f64>,
    /// Where it is on a map.
    #[serde(default)]
    pub longitude: Option<f64>,
    /// How accessible it is: step-free access, a hearing loop.
    #[serde(default)]
    pub accessibility: Vec<String>,
}

/// When a service runs, as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScheduleFront {
    /// Days of the week: `monday`.
    #[serde(default)]
    pub days: Vec<String>,
    /// Opening time, `HH:MM`.
    #[serde(default)]
    pub opens: Option<String>,
    /// Closing time, `HH:MM`.
    #[serde(default)]
    pub closes: Option<String>,
    /// Anything else: `term time only`.
    #[serde(default)]
    pub description: Option<String>,
}

/// When a service runs.
#[derive(Debug, Clone, Serialize)]
pub struct Schedule {
    /// Days, lower case, Monday first.
    pub days: Vec<&'static str>,
    /// Opening time, `HH:MM`.
    pub opens: Option<String>,
    /// Closing time, `HH:MM`.
    pub closes: Option<String>,
    /// Anything else.
    pub description: Option<String>,
    /// The whole in words: `Monday to Friday, 9am to 5pm`.
    pub words: String,
}

/// A category or area of need, with its slug for URLs.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, Hash)]
pub struct Label {
    /// As shown: `Short breaks`.
    pub name: String,
    /// For URLs and filters: `short-breaks`.
    pub slug: String,
}

/// The days of the week, Monday first, as written and as Open Referral's `byday`.
pub const DAYS: [(&str, &str); 7] = [
    ("monday", "MO"),
    ("tuesday", "TU"),
    ("wednesday", "WE"),
    ("thursday", "TH"),
    ("friday", "FR"),
    ("saturday", "SA"),
    ("sunday", "SU"),
];

/// The SEND Code of Practice's four broad areas of need (6.28), by slug.
pub const NEEDS: [(&str, &str); 4] = [
    ("communication-and-interaction", "Communication and interaction"),
    ("cognition-and-learning", "Cognition and learning"),
    (
        "social-emotional-and-mental-health",
        "Social, emotional and mental health",
    ),
    ("sensory-and-physical", "Sensory and/or physical"),
];

/// The age bands the directory is browsed by: name, slug, youngest, oldest.
pub const AGE_BANDS: [(&str, &str, u8, u8); 5] = [
    ("Under 5", "0-4", 0, 4),
    ("5 to 10", "5-10", 5, 10),
    ("11 to 15", "11-15", 11, 15),
    ("16 to 18", "16-18", 16, 18),
    ("19 to 25", "19-25", 19, 25),
];

/// The folders under `/services/` the directory's listings take; no service may
/// be called so.
pub const LISTING_FOLDERS: &[&str] = &["all", "category", "need", "age", "page"];

/// A service, ready to render.
#[derive(Debug, Clone, Serialize)]
pub struct Service {
    /// Its UUID, lower case.
    pub id: String,
    /// The file name without `.md`.
    pub slug: String,
    /// `/services/<slug>/`.
    pub url: String,
    /// Its name.
    pub title: String,
    /// Whether it is running.
    pub status: Status,
    /// The organisation's file name, if given.
    pub organisation: Option<String>,
    /// One sentence for lists.
    pub summary: Option<String>,
    /// Its categories, as `site.toml` names them.
    pub categories: Vec<Label>,
    /// The areas of need it serves.
    pub needs: Vec<Label>,
    /// The youngest it serves.
    pub minimum_age: Option<u8>,
    /// The oldest it serves.
    pub maximum_age: Option<u8>,
    /// Who it is for, in words: `Ages 5 to 11`.
    pub ages: Option<String>,
    /// Whether it is free.
    pub free: Option<bool>,
    /// What it costs.
    pub costs: Vec<Cost>,
    /// Its website.
    pub website: Option<String>,
    /// Its email address.
    pub email: Option<String>,
    /// People or teams to contact.
    pub contacts: Vec<Contact>,
    /// Where it happens.
    pub locations: Vec<Location>,
    /// When it runs.
    pub schedules: Vec<Schedule>,
    /// Languages it is offered in.
    pub languages: Vec<String>,
    /// Whether it needs a referral.
    pub access: Option<Access>,
    /// How to get it.
    pub how_to_access: Option<String>,
    /// Who can use it.
    pub eligibility: Option<String>,
    /// A short-term change.
    pub alert: Option<String>,
    /// When the entry was last checked.
    pub checked: Option<Date>,
    /// Who checked it.
    pub checked_by: Option<String>,
    /// Shared page fields.
    pub meta: Meta,
    /// The description as HTML.
    pub html: String,
    /// The description without markup.
    pub text: String,
    /// The description as written (Markdown), for the Open Referral export.
    #[serde(skip)]
    pub source: String,
    /// The service's fingerprint, for watch mode (see [`Memoised`]).
    #[serde(skip)]
    pub print: Memo,
}

impl Memoised for Service {
    fn memo(&self) -> &Memo {
        &self.print
    }
}

impl Service {
    /// Whether it serves the area of need `slug`: a service that names no area
    /// of need serves them all.
    pub fn serves_need(&self, slug: &str) -> bool {
        self.needs.is_empty() || self.needs.iter().any(|n| n.slug == slug)
    }

    /// Whether its ages overlap `from..=to`.
    pub fn serves_ages(&self, from: u8, to: u8) -> bool {
        self.minimum_age.is_none_or(|m| m <= to) && self.maximum_age.is_none_or(|m| from <= m)
    }
}

/// The oldest age, in years, a search by a child's age takes: the Local Offer
/// covers children and young people up to 25.
pub const OLDEST_SEARCHED: u8 = 25;

/// What a service is found by in a filtered search (see
/// [`super::KindRules::search_filters`]). A closed service is found by its
/// words only.
fn tags_of(s: &Service) -> Vec<String> {
    if s.status == Status::Defunct {
        return Vec::new();
    }
    let mut tags: Vec<String> = s
        .categories
        .iter()
        .map(|c| format!("category:{}", c.slug))
        .collect();
    tags.extend(
        NEEDS
            .iter()
            .filter(|(slug, _)| s.serves_need(slug))
            .map(|(slug, _)| format!("need:{slug}")),
    );
    tags.extend(
        (0..=OLDEST_SEARCHED)
            .filter(|&age| s.serves_ages(age, age))
            .map(|age| format!("age:{age}")),
    );
    tags.extend(
        AGE_BANDS
            .iter()
            .filter(|(_, _, from, to)| s.serves_ages(*from, *to))
            .map(|(_, slug, _, _)| format!("age:{slug}")),
    );
    tags.extend(
        DAYS.iter()
            .filter(|(day, _)| s.schedules.iter().any(|w| w.days.contains(day)))
            .map(|(day, _)| format!("day:{day}")),
    );
    if s.free == Some(true) {
        tags.push("cost:free".to_owned());
    }
    tags
}

/// `Monday` from `monday`.
fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// What services files do beyond their row of the table of kinds.
impl super::KindRules for ServiceFront {
    /// A service's summary is its description when it has no other.
    fn meta(front: &ServiceFront) -> Meta {
        let mut meta = front.meta();
        if meta.description.as_deref().is_none_or(|d| d.trim().is_empty()) {
            meta.description = front.summary.clone().filter(|s| !s.trim().is_empty());
        }
        meta
    }

    /// A site with services can be searched by category, area of need, age (a
    /// child's age in years or an age band), day and cost.
    fn search_filters(site: &crate::content::Site) -> Vec<SearchFilter> {
        if site.services.is_empty() {
            return Vec::new();
        }
        let filter = |name: &str, label: &str, values: Vec<(String, String)>| SearchFilter {
            name: name.to_owned(),
            label: label.to_owned(),
            values: values
                .into_iter()
                .map(|(value, label)| FilterValue {
                    aliases: NEED_ALIASES
                        .iter()
                        .filter(|(_, to)| *to == value)
                        .map(|(from, _)| (*from).to_owned())
                        .collect(),
                    value,
                    label,
                })
                .collect(),
            numbers: None,
        };
        let owned = |(value, label): (&str, &str)| (value.to_owned(), label.to_owned());
        let categories = site.config.directory.categories.iter();
        vec![
            SearchFilter {
                numbers: Some((0, u32::from(OLDEST_SEARCHED))),
                ..filter(
                    "age",
                    "Age",
                    AGE_BANDS
                        .iter()
                        .map(|(label, slug, _, _)| owned((slug, label)))
                        .collect(),
                )
            },
            filter(
                "category",
                "Type of service",
                categories.map(|c| (slugify(c), c.clone())).collect(),
            ),
            filter("need", "Area of need", NEEDS.map(owned).to_vec()),
            filter(
                "day",
                "Day",
                DAYS.iter()
                    .map(|(day, _)| (day.to_string(), capitalised(day)))
                    .collect(),
            ),
            filter("cost", "Cost", vec![owned(("free", "Free"))]),
        ]
    }
}

impl Service {
    /// What the service gives the search index: its name, summary, categories,
    /// areas of need, description, eligibility and how to get it, with its tags.
    pub fn search_entries<'a>(&'a self, out: &mut Vec<SearchEntry<'a>>) {
        let s = self;
        let labels: Vec<&str> = s
            .categories
            .iter()
            .chain(&s.needs)
            .map(|l| l.name.as_str())
            .collect();
        out.push(SearchEntry {
            title: Cow::Borrowed(&s.title),
            headings: join(&[s.summary.as_deref().unwrap_or(""), &labels.join(" ")]),
            body: join(&[
                &s.text,
                s.eligibility.as_deref().unwrap_or(""),
                s.how_to_access.as_deref().unwrap_or(""),
            ]),
            kind: Kind::Service,
            url: Cow::Borrowed(&s.url),
            date: None,
            tags: tags_of(s),
        });
    }
}

/// A new random UUID for `localoffer new`.
pub(crate) fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// Whether `id` is written as a UUID (`8-4-4-4-12` hexadecimal digits).
pub fn is_uuid(id: &str) -> bool {
    uuid::Uuid::try_parse(id.trim()).is_ok_and(|_| id.trim().len() == 36)
}

/// Reports an `id` that is not a UUID; returns it as the site keeps it (trimmed, lower case).
pub(super) fn check_id(input: &super::Input<'_>, id: &str, d: &mut Vec<Diagnostic>) -> String {
    if !is_uuid(id) {
        let file = input.file;
        d.push(
            file.error(format!("id `{id}` is not a UUID"))
                .at(&file.text, super::find_text(file, id, input.split))
                .help(format!(
                    "Open Referral needs ids like 3f2b1c4e-8a9d-4e7f-b6a5-1c2d3e4f5a6b; use this new one if the entry has never been published: {}",
                    new_id()
                )),
        );
    }
    id.trim().to_ascii_lowercase()
}

/// Builds the service of `input`: its id, organisation, categories, needs, ages and
/// schedules are checked.
impl super::BuildFrom for ServiceFront {
    fn build(&self, input: &super::Input<'_>, d: &mut Vec<Diagnostic>) -> Service {
    let file = input.file;
    let id = check_id(input, &self.id, d);
    if LISTING_FOLDERS.contains(&input.slug.as_str()) {
        d.push(
            file.error(format!(
                "a service called `{}` would hide the directory's listing at /services/{}/",
                input.slug, input.slug
            ))
            .help("rename the file after the service, for example saturday-swimming-club.md"),
        );
    }
    let mut error = |needle: &str, message: String, help: String| {
        d.push(
            file.error(message)
                .at(&file.text, super::find_text(file, needle, input.split))
                .help(help),
        );
    };
    if let Some(org) = &self.organisation
        && !input.names.has(Kind::Organisation, &slugify(org))
    {
        error(
            org,
            format!("organisation `{org}` is not in content/organisations/"),
            super::nearest_help(org, input.names.ids_of(Kind::Organisation)),
        );
    }
    if let (Some(min), Some(max)) = (self.minimum_age, self.maximum_age)
        && min > max
    {
        error(
            "minimum_age",
            format!("minimum_age {min} is above maximum_age {max}"),
            "swap them: minimum_age is the youngest the service is for".to_owned(),
        );
    }
    let categories = labels(&self.categories, input.names.categories, ("a", "category"), &mut error);
    let need_names: Vec<String> = NEEDS.iter().map(|(_, n)| (*n).to_owned()).collect();
    let needs = labels(&self.needs, &need_names, ("an", "area of need"), &mut error);
    let schedules = self
        .schedules
        .iter()
        .map(|s| schedule(s, &mut error))
        .collect();
    let events = input.body_events(None, d);
    Service {
        id,
        slug: input.slug.clone(),
        url: input.url.clone(),
        title: self.title.clone(),
        status: self.status,
        organisation: self.organisation.as_deref().map(slugify),
        summary: self.summary.clone().filter(|s| !s.trim().is_empty()),
        categories,
        needs,
        minimum_age: self.minimum_age,
        maximum_age: self.maximum_age,
        ages: ages_in_words(self.minimum_age, self.maximum_age),
        free: self.free,
        costs: self.costs.clone(),
        website: self.website.clone(),
        email: self.email.clone(),
        contacts: self.contacts.clone(),
        locations: self.locations.clone(),
        schedules,
        languages: self.languages.clone(),
        access: self.access,
        how_to_access: self.how_to_access.clone(),
        eligibility: self.eligibility.clone(),
        alert: self.alert.clone().filter(|s| !s.trim().is_empty()),
        checked: self.checked,
        checked_by: self.checked_by.clone(),
        meta: <ServiceFront as super::KindRules>::meta(self),
        html: markdown::to_html(&events, input.cx.sanitiser),
        text: markdown::plain_text(&events),
        source: input.file.text[input.split.body.clone()].to_owned(),
        print: Memo::default(),
    }
}
}

/// The `written` names matched (by slug, so capitals and punctuation do not
/// matter) against `known`; an unknown one is an error with the nearest.
fn labels(
    written: &[String],
    known: &[String],
    (article, what): (&str, &str),
    error: &mut impl FnMut(&str, String, String),
) -> Vec<Label> {
    let mut out = Vec::new();
    if written.is_empty() {
        return out;
    }
    let known_slugs: Vec<String> = known.iter().map(|k| slugify(k)).collect();
    for w in written {
        let slug = slugify(w);
        let alias = need_alias(&slug);
        match known
            .iter()
            .zip(&known_slugs)
            .find(|(_, k)| **k == slug || alias == k.as_str())
        {
            Some((k, k_slug)) => out.push(Label {
                name: k.clone(),
                slug: k_slug.clone(),
            }),
            None => {
                let all: Vec<&str> = known.iter().map(String::as_str).collect();
                let help = match crate::util::names::nearest(w, &all) {
                    Some(n) => format!("did you mean `{n}`? Each {what} is one of: {}", all.join("; ")),
                    None => format!("each {what} is one of: {}", all.join("; ")),
                };
                error(w, format!("`{w}` is not {article} {what} of this site"), help);
            }
        }
    }
    out
}

/// Other ways of writing an area of need: the Code of Practice says "sensory
/// and/or physical".
fn need_alias(slug: &str) -> &str {
    NEED_ALIASES
        .iter()
        .find(|(from, _)| *from == slug)
        .map_or(slug, |(_, to)| to)
}

/// Other ways the areas of need are written, as slugs, and the area each means.
const NEED_ALIASES: [(&str, &str); 3] = [
    ("sensory-and-or-physical", "sensory-and-physical"),
    ("sensory-or-physical", "sensory-and-physical"),
    ("semh", "social-emotional-and-mental-health"),
];

/// A schedule checked and put into words.
fn schedule(s: &ScheduleFront, error: &mut impl FnMut(&str, String, String)) -> Schedule {
    let mut days = Vec::new();
    for d in &s.days {
        let lower = d.trim().to_lowercase();
        match DAYS.iter().find(|(day, _)| *day == lower || day[..3] == lower) {
            Some((day, _)) => days.push(*day),
            None => error(
                d,
                format!("`{d}` is not a day of the week"),
                "write days in full, for example [monday, saturday]".to_owned(),
            ),
        }
    }
    days.sort_by_key(|d| DAYS.iter().position(|(x, _)| x == d));
    for time in [&s.opens, &s.closes].into_iter().flatten() {
        if parse_time(time).is_none() {
            error(
                time,
                format!("`{time}` is not a time"),
                "write times as HH:MM on the 24-hour clock, in quotes, for example \"09:30\""
                    .to_owned(),
            );
        }
    }
    let words = schedule_words(&days, s.opens.as_deref(), s.closes.as_deref(), s.description.as_deref());
    Schedule {
        days,
        opens: s.opens.clone(),
        closes: s.closes.clone(),
        description: s.description.clone(),
        words,
    }
}

/// `09:30` as hours and minutes.
pub fn parse_time(t: &str) -> Option<(u8, u8)> {
    let (h, m) = t.trim().split_once(':')?;
    let (h, m): (u8, u8) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60 && t.trim().len() == 5).then_some((h, m))
}

/// `9am`, `12:30pm`, the GOV.UK way.
fn time_words(t: &str) -> String {
    let Some((h, m)) = parse_time(t) else {
        return t.to_owned();
    };
    let (h12, half) = match h {
        0 => (12, "am"),
        1..=11 => (h, "am"),
        12 => (12, "pm"),
        _ => (h - 12, "pm"),
    };
    if (h, m) == (12, 0) {
        return "midday".to_owned();
    }
    if m == 0 {
        format!("{h12}{half}")
    } else {
        format!("{h12}:{m:02}{half}")
    }
}

fn capitalise(day: &str) -> String {
    let mut c = day.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// `Monday to Friday, 9am to 5pm, term time only`.
fn schedule_words(
    days: &[&str],
    opens: Option<&str>,
    closes: Option<&str>,
    description: Option<&str>,
) -> String {
    let positions: Vec<usize> = days
        .iter()
        .filter_map(|d| DAYS.iter().position(|(x, _)| x == d))
        .collect();
    let consecutive = positions.windows(2).all(|w| w[1] == w[0] + 1);
    let day_words = match days {
        [] => String::new(),
        [one] => capitalise(one),
        [first, .., last] if consecutive && days.len() > 2 => {
            format!("{} to {}", capitalise(first), capitalise(last))
        }
        _ => {
            let names: Vec<String> = days.iter().map(|d| capitalise(d)).collect();
            let (last, rest) = names.split_last().map_or((String::new(), &[][..]), |(l, r)| (l.clone(), r));
            format!("{} and {last}", rest.join(", "))
        }
    };
    let times = match (opens, closes) {
        (Some(o), Some(c)) => format!("{} to {}", time_words(o), time_words(c)),
        (Some(o), None) => format!("from {}", time_words(o)),
        (None, Some(c)) => format!("until {}", time_words(c)),
        (None, None) => String::new(),
    };
    [day_words.as_str(), times.as_str(), description.unwrap_or("")]
        .into_iter()
        .filter(|p| !p.trim().is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

/// `Ages 5 to 11`, `Up to age 5`, `Age 16 and over`.
fn ages_in_words(min: Option<u8>, max: Option<u8>) -> Option<String> {
    match (min, max) {
        (Some(a), Some(b)) if a == b => Some(format!("Age {a}")),
        (Some(0) | None, Some(b)) => Some(format!("Up to age {b}")),
        (Some(a), Some(b)) => Some(format!("Ages {a} to {b}")),
        (Some(a), None) if a > 0 => Some(format!("Age {a} and over")),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedules_read_as_gov_uk_writes_them() {
        let weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday"];
        assert_eq!(
            schedule_words(&weekdays, Some("09:00"), Some("17:30"), None),
            "Monday to Friday, 9am to 5:30pm"
        );
        assert_eq!(
            schedule_words(&["monday", "saturday"], Some("12:00"), None, Some("term time only")),
            "Monday and Saturday, from midday, term time only"
        );
    }

    #[test]
    fn ages_read_in_words() {
        assert_eq!(ages_in_words(Some(0), Some(25)).as_deref(), Some("Up to age 25"));
        assert_eq!(ages_in_words(Some(5), Some(11)).as_deref(), Some("Ages 5 to 11"));
        assert_eq!(ages_in_words(Some(16), None).as_deref(), Some("Age 16 and over"));
        assert_eq!(ages_in_words(None, None), None);
    }

    #[test]
    fn ids_must_be_uuids() {
        assert!(is_uuid("260e82eb-c78b-4aef-b17e-c98854ec21ce"));
        assert!(!is_uuid("260e82ebc78b4aefb17ec98854ec21ce"));
        assert!(!is_uuid("service-1"));
        assert!(is_uuid(&new_id()));
    }
}
