//! `localoffer check`: everything `build` refuses (as errors) plus the lints that
//! catch what the public should not see (as warnings): skipped heading levels,
//! vague link text, pages past their review date, pages with no description,
//! hard-to-read theme colours, and plain English (long sentences, unexplained
//! acronyms, words to avoid; see [`plain`]), with a reading-ease score per page.
//!
//! Errors come from loading and rendering the site exactly as `build` does, so the
//! two never disagree. Warnings come from [`RULES`], each a small function over one
//! content file; add a rule by writing a function and listing it there.

mod plain;
mod synonyms;

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::{Path, PathBuf};

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
use serde::Serialize;

use crate::build::{self, BuildError, LoadMemory};
use crate::config::{self, Config};
use crate::content::front_matter::{self, Split};
use crate::content::services::Status;
use crate::content::site::is_ignored;
use crate::content::source::SourceFile;
use crate::content::{Date, Kind, Meta};
use crate::diagnostics::{self, Diagnostic, Severity};
use crate::output::{ListSink, Pages};

/// What `check` found.
#[derive(Debug, Default)]
pub struct Report {
    /// Errors and warnings, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// Links to other websites, which `check` does not fetch.
    pub external: Vec<ExternalLink>,
    /// What the law asks a Local Offer to contain and what covers it, when the
    /// site builds.
    pub coverage: Option<Vec<crate::coverage::Item>>,
    /// How easy each page's words are to read, for pages with any sentences.
    pub reading: Vec<PageReading>,
}

/// How easy one page's words are to read.
#[derive(Debug, Clone, Serialize)]
pub struct PageReading {
    /// The content file.
    pub file: PathBuf,
    /// Its Flesch reading-ease score (60 to 70 is plain English).
    pub reading_ease: Option<f64>,
    /// Its words, sentences and syllables.
    #[serde(flatten)]
    pub counts: plain::Counts,
}

impl PageReading {
    /// `doc`'s reading ease, if it has any sentences.
    fn of(doc: &ContentFile<'_>) -> Option<PageReading> {
        let counts = plain::counts(doc);
        (counts.sentences > 0).then(|| PageReading {
            file: doc.file.path.clone(),
            reading_ease: counts.reading_ease(),
            counts,
        })
    }
}

impl Report {
    /// How many diagnostics have `severity`.
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }
}

/// A link to another website, and where it is written.
#[derive(Debug, Clone, Serialize)]
pub struct ExternalLink {
    /// The content file.
    pub file: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// The address.
    pub url: String,
}

/// One content file as the rules see it.
pub struct ContentFile<'a> {
    /// The file.
    pub file: &'a SourceFile,
    /// Its kind.
    pub kind: Kind,
    /// Where its front matter and body are.
    pub split: &'a Split,
    /// The fields every kind shares, if the front matter parses.
    pub meta: Option<Meta>,
    /// The body's Markdown events, with byte ranges in the whole file.
    pub events: Vec<(Event<'a>, Range<usize>)>,
    /// The body's prose, for the plain-English rules and the reading ease.
    prose: Vec<plain::Block>,
}

/// What rules may need beyond the file itself.
pub struct Env<'a> {
    /// The site's settings, if `site.toml` loads.
    pub config: Option<&'a Config>,
    /// The day the check is for.
    pub today: Date,
    /// Every file the site would be built into (`faqs/a/index.html`,
    /// `static/site.css`), when it builds.
    pub files: Option<HashSet<String>>,
    /// The directory's entries for services that are not running (inactive or
    /// closed for good), by URL: their name and status.
    pub stopped: HashMap<String, (String, Status)>,
    /// What finds the jargon buster's terms in text (the build links their first
    /// mention on every page), when the site builds.
    pub jargon: crate::markdown::JargonIndex,
    /// `[plain_english]` in `site.toml`, ready for the rules.
    pub plain: plain::Settings,
}

/// Paths the server answers itself, not files of the built site.
const SERVER_ROUTES: &[&str] = &["/search", "/api/search", "/healthz"];

/// A rule: looks at one file and adds what it finds.
pub type Rule = fn(&ContentFile<'_>, &Env<'_>, &mut Vec<Diagnostic>);

/// Every per-file rule, in the order they run.
pub const RULES: &[Rule] = &[
    heading_levels,
    link_text,
    review_by,
    description,
    site_addresses,
    service_entry,
    links_to_stopped_services,
    plain::long_sentences,
    plain::unexplained_acronyms,
    plain::phrases_to_avoid,
];

/// Checks the site at `root` as of `today`. The files are read once, by the
/// build's own load; the rules run over what it read.
pub fn check(root: &Path, today: Date) -> Report {
    let mut report = Report::default();
    let config = Config::load(root).ok();
    let mut memory = LoadMemory::default();
    let (errors, built) = build_errors(root, &mut memory);
    report.diagnostics.extend(errors);
    let (files, stopped, jargon) = match built {
        Some(Built {
            site_warnings,
            files,
            stopped,
            coverage,
            jargon,
        }) => {
            report.coverage = Some(coverage);
            report.diagnostics.extend(site_warnings);
            (Some(files), stopped, jargon)
        }
        None => (None, HashMap::new(), crate::markdown::JargonIndex::empty()),
    };
    let env = Env {
        config: config.as_ref(),
        today,
        files,
        stopped,
        jargon,
        plain: plain::Settings::of(config.as_ref().map(|c| &c.plain_english)),
    };
    if let Some(c) = &config {
        report.diagnostics.extend(colour_contrast(c));
    }
    let mut newest_feedback: Option<(Date, Diagnostic)> = None;
    for rel in content_files(root) {
        let Some(kind) = Kind::of(&rel) else { continue };
        let loaded = memory.content.loaded(&rel);
        let unloaded;
        let (file, split, meta) = match &loaded {
            Some(l) => (&l.file, &l.split, Some(l.meta())),
            None => {
                // Not loaded: its front matter is broken (the build step reports
                // it) or the settings are, so nothing was. Files that cannot be
                // read or split are reported by the build step too.
                let Ok(file) = SourceFile::read(root, &root.join("content"), &rel) else {
                    continue;
                };
                let Ok(split) = front_matter::split(&file) else {
                    continue;
                };
                let meta = front_matter::shared_fields(&file, &split);
                unloaded = (file, split);
                (&unloaded.0, &unloaded.1, meta)
            }
        };
        let events = body_events(file, split);
        let doc = ContentFile {
            file,
            kind,
            split,
            meta,
            prose: plain::blocks(&events),
            events,
        };
        for rule in RULES {
            rule(&doc, &env, &mut report.diagnostics);
        }
        report.reading.extend(PageReading::of(&doc));
        if let Some(date) = feedback_date(&doc)
            && newest_feedback.as_ref().is_none_or(|(d, _)| date > *d)
        {
            let span = field_span(&doc, "date");
            newest_feedback = Some((date, warning(&doc, span, String::new())));
        }
        report.external.extend(external_links(&doc));
    }
    report
        .diagnostics
        .extend(feedback_is_recent(newest_feedback, today));
    diagnostics::sort(&mut report.diagnostics);
    report
}

/// The response date of a "You said, we did" page.
fn feedback_date(doc: &ContentFile<'_>) -> Option<Date> {
    use crate::content::feedback::FeedbackFront;
    if doc.kind != Kind::Feedback {
        return None;
    }
    front_matter::parse::<FeedbackFront>(
        doc.file,
        doc.split,
        doc.kind.article(),
        FeedbackFront::FIELDS,
    )
    .ok()
    .map(|f| f.date)
}

/// "You said, we did" must be published at least once a year: a warning when the
/// newest response (`newest`: its date and a warning placed at its `date:` line) is
/// more than twelve months old on `today`.
fn feedback_is_recent(newest: Option<(Date, Diagnostic)>, today: Date) -> Option<Diagnostic> {
    let (date, mut d) = newest?;
    let due = date.0.saturating_add(jiff::Span::new().years(1));
    if due >= today.0 {
        return None;
    }
    d.message = format!(
        "the newest \"You said, we did\" response, of {}, is over a year old",
        date.long()
    );
    Some(
        d.label("published over twelve months ago")
            .help("publish what parents and young people have told you since, and what you did, at least once a year: `localoffer new you-said-we-did \"Title\"`"),
    )
}

/// What `check` learns from a site that builds: every file it would be built into
/// and the services that are not running (see [`Env`]).
struct Built {
    /// Warnings about the whole site rather than one file.
    site_warnings: Vec<Diagnostic>,
    files: HashSet<String>,
    stopped: HashMap<String, (String, Status)>,
    coverage: Vec<crate::coverage::Item>,
    jargon: crate::markdown::JargonIndex,
}

/// Everything `build` would refuse: settings, front matter, links, anchors, alt
/// text, jargon clashes, unanswered questions, templates. Drafts are included so
/// they are checked before they are published. When the site builds, also every
/// file it would be built into and the services that are not running.
fn build_errors(root: &Path, memory: &mut LoadMemory) -> (Vec<Diagnostic>, Option<Built>) {
    let problems = |error: BuildError| match error {
        BuildError::Content(problems) => problems,
        other => vec![Diagnostic::error(root, other.to_string())],
    };
    let loaded = match build::load(root, true, Some(memory)) {
        Ok(loaded) => loaded,
        Err(e) => return (problems(e), None),
    };
    let files = ListSink::default();
    match loaded
        .plan
        .write(&loaded.site, &loaded.theme, Pages::All, &files)
    {
        Ok(()) => {
            let stopped = loaded
                .site
                .services
                .iter()
                .filter(|s| matches!(s.status, Status::Inactive | Status::Defunct))
                .map(|s| (s.url.clone(), (s.title.clone(), s.status)))
                .collect();
            let files = files.into_files();
            let coverage = crate::coverage::report(&loaded.site);
            (
                Vec::new(),
                Some(Built {
                    site_warnings: synonyms::unused(root, &loaded.site),
                    files,
                    stopped,
                    coverage,
                    jargon: loaded.site.jargon,
                }),
            )
        }
        Err(e) => (problems(e), None),
    }
}

/// Content-relative paths of the Markdown files under `root/content`.
fn content_files(root: &Path) -> Vec<String> {
    let content = root.join("content");
    walkdir::WalkDir::new(&content)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored(&e.file_name().to_string_lossy()))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e.path().strip_prefix(&content).ok()?;
            let rel = rel.to_string_lossy().replace('\\', "/");
            rel.ends_with(".md").then_some(rel)
        })
        .collect()
}

fn body_events<'a>(file: &'a SourceFile, split: &Split) -> Vec<(Event<'a>, Range<usize>)> {
    let base = split.body.start;
    Parser::new_ext(&file.text[split.body.clone()], crate::markdown::options())
        .into_offset_iter()
        .map(|(e, r)| (e, base + r.start..base + r.end))
        .collect()
}

fn warning(doc: &ContentFile<'_>, span: Range<usize>, message: String) -> Diagnostic {
    doc.file.error(message).warning().at(&doc.file.text, span)
}

/// Headings that skip a level (`##` then `####`): screen-reader users move around
/// a page by its headings and think something is missing.
pub fn heading_levels(doc: &ContentFile<'_>, _env: &Env<'_>, out: &mut Vec<Diagnostic>) {
    // The page title is the `h1`; body headings start at `##`.
    let mut previous = 1;
    let mut seen_h2 = false;
    for (event, span) in &doc.events {
        let Event::Start(Tag::Heading { level, .. }) = event else {
            continue;
        };
        let mut n = heading_number(*level);
        // On an FAQ page, questions before any `##` subject are shown as `h2`.
        if doc.kind == Kind::Faq && n == 3 && !seen_h2 {
            n = 2;
        }
        seen_h2 |= n == 2;
        if n > previous + 1 {
            out.push(
                warning(
                    doc,
                    span.start..span.start + n,
                    format!("this heading skips from level {previous} to level {n}"),
                )
                .label("skipped a level")
                .help(format!(
                    "use {} here, so people who move around the page by its headings do not think something is missing",
                    "#".repeat(previous + 1)
                )),
            );
        }
        previous = n;
    }
}

fn heading_number(level: HeadingLevel) -> usize {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Link text that says nothing out of context.
const VAGUE_LINK_TEXT: &[&str] = &[
    "click here",
    "here",
    "read more",
    "more",
    "click",
    "link",
    "this link",
    "this page",
    "find out more",
];

/// Links whose text is "click here", "read more" or a bare web address: people who
/// list a page's links (screen readers do) cannot tell where they go.
pub fn link_text(doc: &ContentFile<'_>, _env: &Env<'_>, out: &mut Vec<Diagnostic>) {
    let mut open: Option<(usize, Range<usize>)> = None;
    for (i, (event, span)) in doc.events.iter().enumerate() {
        match event {
            Event::Start(Tag::Link { .. }) => open = Some((i, span.clone())),
            Event::End(TagEnd::Link) => {
                let Some((start, span)) = open.take() else {
                    continue;
                };
                let text: String = doc.events[start + 1..i]
                    .iter()
                    .filter_map(|(e, _)| match e {
                        Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                        _ => None,
                    })
                    .collect();
                let words = text.trim().trim_end_matches(['.', '!', ':']).to_lowercase();
                let message = if VAGUE_LINK_TEXT.contains(&words.as_str()) {
                    format!(
                        "the link text \"{}\" does not say where the link goes",
                        text.trim()
                    )
                } else if is_bare_url(&words) {
                    "this link's text is a web address, which is hard to read aloud".to_owned()
                } else {
                    continue;
                };
                out.push(
                    warning(doc, span, message)
                        .label("link text")
                        .help("write what people will find, for example [how to ask for an assessment](../faqs/assessments.md)"),
                );
            }
            _ => {}
        }
    }
}

fn is_bare_url(text: &str) -> bool {
    ["http://", "https://", "www."]
        .iter()
        .any(|p| text.starts_with(p))
        && !text.contains(' ')
}

/// Pages whose `review_by` date has passed.
pub fn review_by(doc: &ContentFile<'_>, env: &Env<'_>, out: &mut Vec<Diagnostic>) {
    let Some(date) = doc.meta.as_ref().and_then(|m| m.review_by) else {
        return;
    };
    if date < env.today {
        let span = field_span(doc, "review_by");
        out.push(
            warning(doc, span, format!("this page was due for review on {}", date.long()))
                .label("review date passed")
                .help("check the page is still right, then set `review_by` to the next date it should be checked (and `updated` to today)"),
        );
    }
}

/// A directory entry that may mislead a family: not checked with the service for a
/// year (or never), no way to contact it, or a postcode, telephone number or
/// email address that cannot be right.
pub fn service_entry(doc: &ContentFile<'_>, env: &Env<'_>, out: &mut Vec<Diagnostic>) {
    use crate::content::services::ServiceFront;
    use crate::openreferral::export::looks_like_email;
    if doc.kind != Kind::Service {
        return;
    }
    let Ok(front) = front_matter::parse::<ServiceFront>(
        doc.file,
        doc.split,
        Kind::Service.article(),
        ServiceFront::FIELDS,
    ) else {
        return;
    };
    let year_ago = Date(env.today.0.saturating_sub(jiff::Span::new().years(1)));
    match front.checked {
        Some(date) if date < year_ago => out.push(
            warning(doc, field_span(doc, "checked"), format!("this entry was last checked with the service on {}, over a year ago", date.long()))
                .help("ask the service whether the details are still right, then set `checked` to today's date"),
        ),
        None => out.push(
            warning(doc, field_span(doc, "id"), "this entry has never been checked with the service".to_owned())
                .help("ask the service whether the details are right, then add `checked:` with today's date (YYYY-MM-DD)"),
        ),
        Some(_) => {}
    }
    let contactable = front.email.is_some()
        || front.website.is_some()
        || front
            .contacts
            .iter()
            .any(|c| c.email.is_some() || !c.phones.is_empty());
    if !contactable {
        out.push(
            warning(
                doc,
                field_span(doc, "title"),
                "a family has no way to contact this service".to_owned(),
            )
            .help("add a website, an email address or a contact with a telephone number"),
        );
    }
    let mut bad = |needle: &str, message: String, help: &str| {
        let span = crate::content::kinds::find_text(doc.file, needle, doc.split);
        out.push(warning(doc, span, message).help(help.to_owned()));
    };
    let emails = front
        .email
        .iter()
        .chain(front.contacts.iter().filter_map(|c| c.email.as_ref()));
    for email in emails {
        if !looks_like_email(email) {
            bad(
                email,
                format!("`{email}` is not an email address"),
                "write it as name@example.org",
            );
        }
    }
    for phone in front.contacts.iter().flat_map(|c| &c.phones) {
        if !looks_like_uk_phone(phone) {
            bad(
                phone,
                format!("`{phone}` is not a UK telephone number"),
                "write it with its area code, for example 01632 960000, or +44 1632 960000",
            );
        }
    }
    for postcode in front.locations.iter().filter_map(|l| l.postcode.as_ref()) {
        if !looks_like_postcode(postcode) {
            bad(
                postcode,
                format!("`{postcode}` is not a UK postcode"),
                "write it like SN1 2JH, with the space",
            );
        }
    }
}

/// Links to a directory entry whose service is not running: a family following
/// one expects a service they can use.
pub fn links_to_stopped_services(doc: &ContentFile<'_>, env: &Env<'_>, out: &mut Vec<Diagnostic>) {
    if env.stopped.is_empty() {
        return;
    }
    for (event, span) in &doc.events {
        let Event::Start(Tag::Link { dest_url, .. }) = event else {
            continue;
        };
        let path = dest_url.split(['#', '?']).next().unwrap_or(dest_url);
        let url = if path.starts_with('/') {
            format!("/{}/", path.trim_matches('/'))
        } else {
            match crate::markdown::join(&doc.file.rel, path) {
                Some(rel) if Kind::of(&rel) == Some(Kind::Service) => Kind::Service.url_for(&rel),
                _ => continue,
            }
        };
        let Some((title, status)) = env.stopped.get(&url) else {
            continue;
        };
        if Kind::of(&doc.file.rel) == Some(Kind::Service)
            && Kind::Service.url_for(&doc.file.rel) == url
        {
            continue;
        }
        let state = match status {
            Status::Defunct => "has closed",
            _ => "is not running at the moment",
        };
        out.push(
            warning(doc, span.clone(), format!("this links to \"{title}\", which {state} (its status is {})", status.as_str()))
                .label("service not running")
                .help("point families to a service they can use instead, or say in the text that it is not running; if it is running again, set its `status` to active"),
        );
    }
}

/// 10 or 11 digits starting 0 (or +44 and 9 or 10 more), spaces and brackets
/// allowed; or a short number such as 111.
fn looks_like_uk_phone(phone: &str) -> bool {
    if phone
        .chars()
        .any(|c| !(c.is_ascii_digit() || " ()+-".contains(c)))
    {
        return false;
    }
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    if let Some(rest) = phone.trim().strip_prefix("+44") {
        let n = rest.chars().filter(char::is_ascii_digit).count();
        return (9..=10).contains(&n);
    }
    (digits.starts_with('0') && (10..=11).contains(&digits.len()))
        || (3..=6).contains(&digits.len()) && !digits.starts_with('0')
}

/// The shape of a UK postcode: `SN1 2JH`, `ZZ99 3AA`, `EC1A 1BB`.
fn looks_like_postcode(postcode: &str) -> bool {
    let p = postcode.trim().to_ascii_uppercase();
    let Some((outward, inward)) = p.split_once(' ') else {
        return false;
    };
    let inward: Vec<char> = inward.chars().collect();
    let outward: Vec<char> = outward.chars().collect();
    inward.len() == 3
        && inward[0].is_ascii_digit()
        && inward[1..].iter().all(char::is_ascii_alphabetic)
        && (2..=4).contains(&outward.len())
        && outward[0].is_ascii_alphabetic()
        && outward.iter().any(char::is_ascii_digit)
        && outward.iter().all(char::is_ascii_alphanumeric)
}

/// Pages with no `description`, which search engines and the site's own lists show.
pub fn description(doc: &ContentFile<'_>, env: &Env<'_>, out: &mut Vec<Diagnostic>) {
    // Jargon terms share one page; news posts fall back to their `summary`.
    if matches!(doc.kind, Kind::Jargon | Kind::News) {
        return;
    }
    let Some(meta) = &doc.meta else { return };
    if meta
        .description
        .as_deref()
        .is_some_and(|d| !d.trim().is_empty())
    {
        return;
    }
    // The home page falls back to the site's description.
    if doc.file.rel == "_index.md" && env.config.is_some_and(|c| !c.description.trim().is_empty()) {
        return;
    }
    out.push(
        warning(doc, field_span(doc, "description"), "this page has no description".to_owned())
            .help("add `description:` with one sentence saying what the page is for; search engines show it under the page's title"),
    );
}

/// Links written as site addresses (`/faqs/x/`) to nothing the site has. Links to
/// files (`../faqs/x.md`) are checked by the build itself; these are not, so a
/// typo in one is a warning here rather than a broken link for the public.
pub fn site_addresses(doc: &ContentFile<'_>, env: &Env<'_>, out: &mut Vec<Diagnostic>) {
    let Some(files) = &env.files else { return };
    for (event, span) in &doc.events {
        let (Event::Start(Tag::Link { dest_url, .. }) | Event::Start(Tag::Image { dest_url, .. })) =
            event
        else {
            continue;
        };
        if !dest_url.starts_with('/') || dest_url.starts_with("//") {
            continue;
        }
        let path = dest_url.split(['#', '?']).next().unwrap_or(dest_url);
        let path = path.replace("%20", " ");
        let file = crate::render::output_path(&path);
        let as_folder = format!("{}/index.html", path.trim_matches('/'));
        if SERVER_ROUTES.contains(&path.as_str())
            || files.contains(&file)
            || files.contains(&as_folder)
        {
            continue;
        }
        out.push(
            warning(
                doc,
                span.clone(),
                format!("this link points to {dest_url}, but the site has no such page or file"),
            )
            .label("no such address")
            .help("check the address; to link to another page, link to its file instead (for example ../faqs/assessments.md) so the build checks it"),
        );
    }
}

/// The span of `field:` in the front matter, or its start.
fn field_span(doc: &ContentFile<'_>, field: &str) -> Range<usize> {
    let yaml = &doc.file.text[doc.split.yaml.clone()];
    let mut offset = doc.split.yaml.start;
    for line in yaml.split_inclusive('\n') {
        if line.starts_with(field) && line[field.len()..].trim_start().starts_with(':') {
            return offset..offset + line.trim_end().len();
        }
        offset += line.len();
    }
    doc.split.yaml.start..doc.split.yaml.start
}

/// The contrast WCAG 2.2 AA asks of normal-size text.
pub const MIN_CONTRAST: f64 = 4.5;

/// Theme colours from `site.toml` that are hard to read against their background.
pub fn colour_contrast(config: &Config) -> Vec<Diagnostic> {
    let c = &config.colours;
    let pairs = [
        ("text", c.text, "background", c.background),
        ("link", c.link, "background", c.background),
        ("brand", c.brand, "the header's white text", config::WHITE),
    ];
    pairs
        .into_iter()
        .filter_map(|(name, colour, against, background)| {
            let ratio = colour.contrast(background);
            (ratio < MIN_CONTRAST).then(|| {
                Diagnostic::error(
                    config::FILE_NAME,
                    format!(
                        "[colours] {name} {colour} has a contrast of {ratio:.2}:1 against {against} {background}; text needs at least {MIN_CONTRAST}:1"
                    ),
                )
                .warning()
                .help(format!("choose a {} `{name}` colour", if background.contrast(config::WHITE) < 4.5 { "lighter" } else { "darker" }))
            })
        })
        .collect()
}

/// Links to other websites in `doc`.
fn external_links(doc: &ContentFile<'_>) -> Vec<ExternalLink> {
    doc.events
        .iter()
        .filter_map(|(e, span)| match e {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. })
                if dest_url.starts_with("http://") || dest_url.starts_with("https://") =>
            {
                let (line, column) = diagnostics::line_column(&doc.file.text, span.start);
                Some(ExternalLink {
                    file: doc.file.path.clone(),
                    line,
                    column,
                    url: dest_url.to_string(),
                })
            }
            _ => None,
        })
        .collect()
}

/// One diagnostic as `--format json` writes it.
#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    file: &'a Path,
    line: usize,
    column: usize,
    severity: Severity,
    message: &'a str,
    help: Option<&'a str>,
}

/// A warning for each item of `coverage` nothing covers (`check --coverage`).
pub fn coverage_gaps(root: &Path, coverage: &[crate::coverage::Item]) -> Vec<Diagnostic> {
    coverage
        .iter()
        .filter(|item| item.pages.is_empty())
        .map(|item| {
            Diagnostic::error(
                root.join("content"),
                format!("nothing covers {} ({}): {}", item.key, item.basis, item.summary),
            )
            .warning()
            .help(format!(
                "write `covers: [{}]` in the front matter of a page that gives this information, or write that page",
                item.key
            ))
        })
        .collect()
}

/// The report as JSON: `{errors, warnings, diagnostics: [...], reading_ease:
/// {site, pages: [{file, reading_ease, words, sentences, syllables}]}}`, with
/// `external: [...]` when `external` is set and `coverage: {covered, total,
/// items}` when `coverage` is.
pub fn to_json(report: &Report, external: bool, coverage: bool) -> serde_json::Value {
    let diagnostics: Vec<JsonDiagnostic<'_>> = report
        .diagnostics
        .iter()
        .map(|d| JsonDiagnostic {
            file: &d.path,
            line: d.line,
            column: d.column,
            severity: d.severity,
            message: &d.message,
            help: d.help.as_deref(),
        })
        .collect();
    let mut value = serde_json::json!({
        "errors": report.count(Severity::Error),
        "warnings": report.count(Severity::Warning),
        "diagnostics": diagnostics,
    });
    if external {
        value["external"] = serde_json::json!(report.external);
    }
    let mut site = plain::Counts::default();
    report.reading.iter().for_each(|p| site.add(p.counts));
    value["reading_ease"] = serde_json::json!({
        "site": site.reading_ease(),
        "pages": report.reading,
    });
    if coverage && let Some(items) = &report.coverage {
        value["coverage"] = serde_json::json!({
            "covered": crate::coverage::covered(items),
            "total": items.len(),
            "items": items,
        });
    }
    value
}
