//! Markdown to HTML with pulldown-cmark, plus what a Local Offer needs on top:
//! stable unique heading ids, links between content files resolved to built URLs,
//! and the first mention of each jargon term linked to its entry.
//!
//! Content kinds call [`parse`] to get the event list (so an FAQ page can cut it into
//! questions and answers, and a snapshot can place its tables), then [`to_html`].

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::{Arc, Mutex};

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use pulldown_cmark::{
    CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, TextMergeWithOffset,
};
use rustc_hash::FxHashMap;

use crate::content::slugify;
use crate::content::source::SourceFile;
use crate::diagnostics::Diagnostic;
use crate::sanitise::Sanitiser;
use crate::util::hash::quick_hash_of;
use crate::util::html::escape;

/// One Markdown event and the byte range of the file it came from.
pub type Spanned<'t> = (Event<'t>, Range<usize>);

/// Where every content file and asset ends up, so links between files resolve.
#[derive(Debug, Default)]
pub struct LinkTable {
    /// Content-relative path of a `.md` file (`faqs/a.md`) to its URL.
    pages: rustc_hash::FxHashMap<String, String>,
    /// Content-relative paths of other files under `content/` (images, PDFs).
    assets: rustc_hash::FxHashSet<String>,
}

impl LinkTable {
    /// Makes room for `pages` more content files, so a large site's table is
    /// not grown and copied again and again while it is filled.
    pub fn reserve(&mut self, pages: usize) {
        self.pages.reserve(pages);
    }

    /// Records that the content file `rel` is built at `url`.
    pub fn add_page(&mut self, rel: &str, url: String) {
        self.pages.insert(rel.to_owned(), url);
    }

    /// A hash of every page's URL and every asset, whatever order they were added
    /// in: two tables with the same fingerprint resolve every link the same way.
    pub fn fingerprint(&self) -> u64 {
        let pages = self
            .pages
            .iter()
            .map(|(rel, url)| quick_hash_of(&(0u8, rel, url)));
        let assets = self.assets.iter().map(|rel| quick_hash_of(&(1u8, rel)));
        // A sum does not depend on the maps' iteration order.
        pages.chain(assets).fold(0, u64::wrapping_add)
    }

    /// Records an asset file at `rel` inside `content/`; it is copied to `/<rel>`.
    pub fn add_asset(&mut self, rel: &str) {
        self.assets.insert(rel.to_owned());
    }

    /// The URL of the content file `rel`, if there is one.
    pub fn url_of(&self, rel: &str) -> Option<&str> {
        self.pages.get(rel).map(String::as_str)
    }

    /// Resolves `dest`, written in the file `from` (content-relative), to a URL.
    pub fn resolve(&self, from: &str, dest: &str) -> Result<Option<String>, LinkProblem> {
        let dest = dest.trim();
        if dest.is_empty()
            || dest.starts_with('#')
            || dest.starts_with('/')
            || dest.starts_with("//")
        {
            return Ok(None);
        }
        if let Some((scheme, _)) = dest.split_once(':')
            && !scheme.contains('/')
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        {
            let scheme = scheme.to_ascii_lowercase();
            return if ["http", "https", "mailto", "tel"].contains(&scheme.as_str()) {
                Ok(None)
            } else {
                Err(LinkProblem::Scheme(scheme))
            };
        }
        let (path, fragment) = match dest.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (dest, None),
        };
        let path = path.split('?').next().unwrap_or(path);
        let target = join(from, path).ok_or(LinkProblem::OutsideContent)?;
        let url = if let Some(url) = self.pages.get(&target) {
            url.clone()
        } else if self.assets.contains(&target) {
            format!("/{target}")
        } else {
            let nearest = self
                .pages
                .keys()
                .chain(self.assets.iter())
                .map(|k| (strsim::levenshtein(k, &target), k))
                .min_by_key(|(d, _)| *d)
                .filter(|(d, _)| *d <= 4)
                .map(|(_, k)| relative(from, k));
            return Err(LinkProblem::Missing { target, nearest });
        };
        Ok(Some(match fragment {
            Some(f) => {
                let base = url.split('#').next().unwrap_or(&url);
                format!("{base}#{f}")
            }
            None => url,
        }))
    }
}

/// Why a link could not be resolved.
#[derive(Debug, PartialEq)]
pub enum LinkProblem {
    /// The file it points at is not in `content/`.
    Missing {
        /// The content-relative path it points at.
        target: String,
        /// A similar existing path, written relative to the linking file.
        nearest: Option<String>,
    },
    /// It climbs out of `content/`.
    OutsideContent,
    /// A scheme that could run code or embed data (`javascript:`, `data:`).
    Scheme(String),
}

/// Joins a relative link to the folder of the content file `from`.
/// The content-relative path a relative `link` written in the file `from` points
/// to, or `None` when it climbs out of `content/`.
pub(crate) fn join(from: &str, link: &str) -> Option<String> {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for segment in link.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let joined = parts.join("/");
    Some(percent_decode_spaces(&joined))
}

fn percent_decode_spaces(path: &str) -> String {
    path.replace("%20", " ")
}

/// `target` written relative to the folder of `from`.
fn relative(from: &str, target: &str) -> String {
    let depth = from.matches('/').count();
    format!("{}{target}", "../".repeat(depth))
}

/// One jargon term as the linker needs it.
#[derive(Debug, Clone)]
pub struct TermLink {
    /// The anchor id of the term on the jargon page.
    pub id: String,
    /// Its URL: `/jargon/#<id>`.
    pub url: String,
    /// What an acronym stands for, shown as the `<abbr>` title.
    pub stands_for: Option<String>,
}

/// Finds jargon terms and aliases in text.
#[derive(Debug, Clone)]
pub struct JargonIndex {
    automaton: Option<AhoCorasick>,
    /// For each pattern, the index of its term. Shared by copies, as the
    /// matcher is: watch mode keeps a copy from one rebuild to the next.
    owners: Arc<[usize]>,
    terms: Arc<[TermLink]>,
    /// A hash of every term's link and spellings, in order.
    fingerprint: u64,
}

impl JargonIndex {
    /// Builds the index from each term with the spellings that should link to it.
    /// A spelling whose only capital is its first letter ("Annual review") also
    /// matches with a lower-case first letter; others match exactly as written, so
    /// "LA" never matches "la".
    pub fn new(terms: Vec<(TermLink, Vec<String>)>) -> JargonIndex {
        JargonIndex::new_unless_as(terms, None)
    }

    /// [`JargonIndex::new`], or a copy of `previous` when it links the same terms
    /// and spellings the same way (watch mode: building the matcher for a long
    /// jargon buster takes tens of milliseconds; a copy shares it).
    pub fn new_unless_as(
        terms: Vec<(TermLink, Vec<String>)>,
        previous: Option<&JargonIndex>,
    ) -> JargonIndex {
        let fingerprint = quick_hash_of(
            &terms
                .iter()
                .map(|(t, spellings)| (&t.id, &t.url, &t.stands_for, spellings))
                .collect::<Vec<_>>(),
        );
        if let Some(previous) = previous.filter(|p| p.fingerprint == fingerprint) {
            return previous.clone();
        }
        let mut patterns = Vec::new();
        let mut owners = Vec::new();
        let mut links = Vec::new();
        for (i, (link, spellings)) in terms.into_iter().enumerate() {
            for s in spellings {
                if s.trim().is_empty() {
                    continue;
                }
                if let Some(lower) = lower_first_variant(&s) {
                    patterns.push(lower);
                    owners.push(i);
                }
                patterns.push(s);
                owners.push(i);
            }
            links.push(link);
        }
        // A DFA: slower to build and bigger than the default, but the fastest to
        // search with, and every file of the site is searched with it.
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&patterns)
            .ok();
        JargonIndex {
            automaton,
            owners: owners.into(),
            terms: links.into(),
            fingerprint,
        }
    }

    /// A hash of the terms and spellings it links: two indexes with the same
    /// fingerprint link the same words the same way.
    pub fn fingerprint(&self) -> u64 {
        self.fingerprint
    }

    /// An index that links nothing.
    pub fn empty() -> JargonIndex {
        JargonIndex::new(Vec::new())
    }

    /// Where `text` mentions a term, as whole words (with a plural `s`), first
    /// mentions or not: the words the build would link.
    pub fn mentions<'s>(
        &'s self,
        text: &'s str,
    ) -> impl Iterator<Item = std::ops::Range<usize>> + 's {
        self.automaton
            .iter()
            .flat_map(move |a| a.find_iter(text))
            .filter_map(move |m| Some(m.start()..word_end(text, m.start(), m.end())?))
    }

    /// Splits `text` into plain text and links to the first mention of each term not
    /// yet in `linked`. `skip` is a term never to link (the one being defined).
    fn link<'t>(
        &self,
        text: CowStr<'t>,
        linked: &mut HashSet<usize>,
        skip: Option<&str>,
        out: &mut Vec<Event<'t>>,
    ) {
        let Some(automaton) = &self.automaton else {
            out.push(Event::Text(text));
            return;
        };
        let mut last = 0;
        let s: &str = &text;
        let mut pieces: Vec<Event<'t>> = Vec::new();
        for m in automaton.find_iter(s) {
            let owner = self.owners[m.pattern().as_usize()];
            let term = &self.terms[owner];
            if m.start() < last || linked.contains(&owner) || skip == Some(term.id.as_str()) {
                continue;
            }
            let Some(end) = word_end(s, m.start(), m.end()) else {
                continue;
            };
            linked.insert(owner);
            if m.start() > last {
                pieces.push(Event::Text(CowStr::from(s[last..m.start()].to_owned())));
            }
            pieces.push(Event::InlineHtml(CowStr::from(term_link(
                term,
                &s[m.start()..end],
            ))));
            last = end;
        }
        if pieces.is_empty() {
            out.push(Event::Text(text));
            return;
        }
        if last < s.len() {
            pieces.push(Event::Text(CowStr::from(s[last..].to_owned())));
        }
        out.extend(pieces);
    }
}

fn lower_first_variant(s: &str) -> Option<String> {
    let mut chars = s.chars();
    let first = chars.next()?;
    let rest: String = chars.collect();
    let only_first_capital = first.is_uppercase() && !rest.chars().any(char::is_uppercase);
    (only_first_capital && rest.chars().count() >= 2)
        .then(|| first.to_lowercase().chain(rest.chars()).collect())
}

/// Where a match at `start..end` ends as a whole word, taking in a plural `s`
/// ("EHCPs", "annual reviews"); `None` if it is part of a longer word.
fn word_end(s: &str, start: usize, end: usize) -> Option<usize> {
    let is_word = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
    if s[..start].chars().next_back().is_some_and(is_word) {
        return None;
    }
    let mut rest = s[end..].chars();
    match rest.next() {
        None => Some(end),
        Some(c) if !is_word(c) => Some(end),
        Some('s') if !rest.next().is_some_and(is_word) => Some(end + 1),
        Some(_) => None,
    }
}

fn term_link(term: &TermLink, text: &str) -> String {
    let shown = escape(text);
    // `<abbr>` only where the words shown are an abbreviation ("SENCo", "EHCPs"),
    // not for an old name written out ("Statement").
    let abbreviated = text.chars().filter(|c| c.is_uppercase()).count() >= 2;
    match term.stands_for.as_ref().filter(|_| abbreviated) {
        Some(full) => format!(
            r#"<a class="jargon" href="{}"><abbr title="{}">{shown}</abbr></a>"#,
            escape(&term.url),
            escape(full)
        ),
        None => format!(
            r#"<a class="jargon" href="{}">{shown}</a>"#,
            escape(&term.url)
        ),
    }
}

/// What one document's rendering shares: where links go and which terms to link.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    /// Every content file's URL.
    pub links: &'a LinkTable,
    /// The jargon buster's terms.
    pub jargon: &'a JargonIndex,
    /// What raw HTML in the Markdown may keep.
    pub sanitiser: &'a Sanitiser,
    /// Where each page's anchor ids and each `#anchor` link are noted, to be
    /// checked once every page has rendered.
    pub anchors: &'a Anchors,
}

/// Ids that every page has from the theme itself, so links to them are fine.
const THEME_IDS: &[&str] = &["main-content"];

/// The anchor ids of every rendered page and the `#anchor` links that point at
/// them. Pages render in parallel, so both are noted as they go and checked at the
/// end by [`Anchors::check`].
#[derive(Debug, Default)]
pub struct Anchors {
    inner: Mutex<AnchorNotes>,
    /// Notes kept from earlier loads (watch mode), shared rather than copied.
    kept: Mutex<Vec<Arc<AnchorNotes>>>,
}

/// What [`Anchors`] noted: kept per file by the load cache of `serve --watch`
/// ([`crate::content::cache`]) and added back with [`Anchors::add_notes`].
#[derive(Debug, Default, Clone)]
pub struct AnchorNotes {
    /// Page URL (without `#`) to the ids on it.
    ids: HashMap<String, HashSet<String>>,
    /// Links with a fragment.
    links: Vec<FragmentLink>,
}

/// A link with a `#fragment`, and where it is written.
#[derive(Debug, Clone)]
struct FragmentLink {
    path: std::path::PathBuf,
    text: Arc<str>,
    span: Range<usize>,
    /// The page it points at, without the fragment.
    base: String,
    fragment: String,
}

impl AnchorNotes {
    /// Whether these notes, taking the place of `old` (the same file's, from
    /// its last render), leave what [`Anchors::check`] finds as it was: the same
    /// pages have ids noted, each with every id it had, and every link points
    /// where one of `old`'s did.
    pub fn keep_targets_of(&self, old: &AnchorNotes) -> bool {
        self.ids.len() == old.ids.len()
            && old
                .ids
                .iter()
                .all(|(url, ids)| self.ids.get(url).is_some_and(|now| now.is_superset(ids)))
            && self.links.iter().all(|link| {
                old.links
                    .iter()
                    .any(|o| o.base == link.base && o.fragment == link.fragment)
            })
    }
}

impl Anchors {
    fn notes(&self) -> std::sync::MutexGuard<'_, AnchorNotes> {
        // A panic while holding the lock leaves only plain data behind: keep going.
        self.inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Everything noted so far, leaving nothing behind.
    pub fn take_notes(&self) -> AnchorNotes {
        std::mem::take(&mut *self.notes())
    }

    /// Notes again what another [`Anchors`] noted (see [`Anchors::take_notes`]).
    pub fn add_notes(&self, other: &Arc<AnchorNotes>) {
        self.kept
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(Arc::clone(other));
    }

    /// Notes the ids on the page at `url` (a jargon term's `#id` counts as one).
    fn add_ids(&self, url: &str, ids: &HashSet<String>) {
        let (base, own) = split_fragment(url);
        let mut notes = self.notes();
        let set = notes.ids.entry(base.to_owned()).or_default();
        set.extend(ids.iter().cloned());
        if let Some(own) = own {
            set.insert(own.to_owned());
        }
    }

    fn add_link(&self, file: &SourceFile, span: Range<usize>, url: &str) {
        if let (base, Some(fragment)) = split_fragment(url) {
            self.notes().links.push(FragmentLink {
                path: file.path.clone(),
                text: Arc::clone(&file.text),
                span,
                base: base.to_owned(),
                fragment: fragment.to_owned(),
            });
        }
    }

    /// An error for every `#anchor` link to a page that exists but has no such id.
    /// Links to pages that did not render (their file has its own error) are left.
    pub fn check(&self) -> Vec<Diagnostic> {
        let notes = self.notes();
        let kept = self
            .kept
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let every: Vec<&AnchorNotes> = std::iter::once(&*notes)
            .chain(kept.iter().map(|n| &**n))
            .collect();
        // Each page's ids, from every file that noted some (a jargon term's file
        // notes its id on `/jargon/`).
        let mut ids_of: FxHashMap<&str, Vec<&HashSet<String>>> = FxHashMap::default();
        for n in &every {
            for (url, ids) in &n.ids {
                ids_of.entry(url.as_str()).or_default().push(ids);
            }
        }
        let mut problems = Vec::new();
        for FragmentLink {
            path,
            text,
            span,
            base,
            fragment,
        } in every.iter().flat_map(|n| &n.links)
        {
            let Some(ids) = ids_of.get(base.as_str()) else {
                continue;
            };
            if fragment.is_empty()
                || ids.iter().any(|set| set.contains(fragment))
                || THEME_IDS.contains(&fragment.as_str())
            {
                continue;
            }
            let mut all: Vec<&str> = ids
                .iter()
                .flat_map(|set| set.iter().map(String::as_str))
                .collect();
            all.sort_unstable();
            all.dedup();
            let help = match crate::util::names::nearest(fragment, &all) {
                Some(n) => format!("did you mean `#{n}`? Anchors are made from a heading, question, term, team or dataset id"),
                None => "link to a heading, question, term, team or dataset id on that page (its words in lower case, joined with dashes)".to_owned(),
            };
            problems.push(
                Diagnostic::error(path.clone(), format!("this link points to `#{fragment}` on {base}, but that page has no such heading or id"))
                    .at(text, span.clone())
                    .label("no such anchor")
                    .help(help),
            );
        }
        problems
    }
}

/// `url` cut at its `#`: the page and the fragment, if any.
fn split_fragment(url: &str) -> (&str, Option<&str>) {
    match url.split_once('#') {
        Some((base, fragment)) => (base, Some(fragment)),
        None => (url, None),
    }
}

/// Per-page state that spans several Markdown fragments of one page.
#[derive(Debug, Default)]
pub struct PageState {
    /// Terms already linked on this page (only the first mention links).
    pub linked: HashSet<usize>,
    /// Anchor ids already used on this page.
    pub ids: HashSet<String>,
}

impl PageState {
    /// A unique id on this page made from `text`: `text`, `text-2`, `text-3`...
    pub fn unique_id(&mut self, text: &str) -> String {
        let base = match slugify(text) {
            s if s.is_empty() => "section".to_owned(),
            s => s,
        };
        let mut id = base.clone();
        let mut n = 2;
        while self.ids.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        self.ids.insert(id.clone());
        id
    }
}

/// The Markdown options every page uses (and `check`, so its warnings point where
/// the build reads).
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Parses `range` of `file` into events with links resolved, heading ids set and
/// jargon linked. `skip_term` is the id of a term never to link. Problems (broken
/// links) go to `diagnostics`, pointing at their place in the file.
pub fn parse<'t>(
    file: &'t SourceFile,
    range: Range<usize>,
    cx: &Context<'_>,
    page: &mut PageState,
    skip_term: Option<&str>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Spanned<'t>> {
    let text = &file.text[range.clone()];
    let base = range.start;
    let parser = TextMergeWithOffset::new(Parser::new_ext(text, options()).into_offset_iter());
    let mut out: Vec<Spanned<'t>> = Vec::new();
    // Depth of elements whose text must not be linked: links, headings, code.
    let mut no_link_depth = 0usize;
    let mut buf = Vec::new();
    // Where the open image starts in `out`, to check it has alt text at its end.
    let mut image_start = None;
    for (event, r) in parser {
        let span = base + r.start..base + r.end;
        match event {
            Event::Start(mut tag @ (Tag::Link { .. } | Tag::Image { .. })) => {
                no_link_depth += 1;
                if matches!(tag, Tag::Image { .. }) {
                    image_start = Some(out.len());
                }
                if let Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. } = &mut tag {
                    let dest_span = link_dest_span(&file.text, &span, dest_url);
                    if let Some(url) = resolve(file, cx, dest_url, &span, diagnostics) {
                        *dest_url = url;
                    }
                    let own = cx.links.url_of(&file.rel).map(|u| split_fragment(u).0);
                    match (dest_url.strip_prefix('#'), own) {
                        (Some(fragment), Some(own)) => {
                            cx.anchors
                                .add_link(file, dest_span, &format!("{own}#{fragment}"));
                        }
                        _ if dest_url.starts_with('/') && !dest_url.starts_with("//") => {
                            cx.anchors.add_link(file, dest_span, dest_url);
                        }
                        _ => {}
                    }
                }
                out.push((Event::Start(tag), span));
            }
            Event::End(TagEnd::Image) => {
                no_link_depth = no_link_depth.saturating_sub(1);
                if let Some(start) = image_start.take()
                    && plain_text(&out[start + 1..]).trim().is_empty()
                {
                    diagnostics.push(
                        file.error("this image has no alt text")
                            .at(&file.text, span.clone())
                            .label("nothing between the square brackets")
                            .help("describe what the image shows for people who cannot see it: ![A map of the town centre](map.png)"),
                    );
                }
                out.push((Event::End(TagEnd::Image), span));
            }
            Event::Start(tag @ (Tag::Heading { .. } | Tag::CodeBlock(_))) => {
                no_link_depth += 1;
                out.push((Event::Start(tag), span));
            }
            Event::End(end @ (TagEnd::Link | TagEnd::Heading(_) | TagEnd::CodeBlock)) => {
                no_link_depth = no_link_depth.saturating_sub(1);
                out.push((Event::End(end), span));
            }
            Event::Text(t) if no_link_depth == 0 => {
                buf.clear();
                cx.jargon.link(t, &mut page.linked, skip_term, &mut buf);
                out.extend(buf.drain(..).map(|e| (e, span.clone())));
            }
            other => out.push((other, span)),
        }
    }
    set_heading_ids(&mut out, page);
    if let Some(url) = cx.links.url_of(&file.rel) {
        cx.anchors.add_ids(url, &page.ids);
    }
    out
}

fn resolve<'t>(
    file: &SourceFile,
    cx: &Context<'_>,
    dest: &str,
    span: &Range<usize>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<CowStr<'t>> {
    match cx.links.resolve(&file.rel, dest) {
        Ok(url) => url.map(CowStr::from),
        Err(problem) => {
            let (message, help) = match problem {
                LinkProblem::Missing { target, nearest } => (
                    format!("this link points to `{dest}`, but there is no file content/{target}"),
                    match nearest {
                        Some(n) => format!("did you mean `{n}`? Links between pages are written relative to this file"),
                        None => "check the file name; links between pages are written relative to this file, for example ../jargon/senco.md".to_owned(),
                    },
                ),
                LinkProblem::OutsideContent => (
                    format!("this link points to `{dest}`, outside the content folder"),
                    "link to a file inside content/, or use a full web address".to_owned(),
                ),
                LinkProblem::Scheme(scheme) => (
                    format!("links starting `{scheme}:` are not allowed"),
                    "use a web address (https://...), an email link (mailto:...) or a link to another page".to_owned(),
                ),
            };
            diagnostics.push(
                file.error(message)
                    .at(&file.text, link_dest_span(&file.text, span, dest))
                    .label("broken link")
                    .help(help),
            );
            None
        }
    }
}

/// The span of `dest` inside the link at `span`, or the whole link.
fn link_dest_span(text: &str, span: &Range<usize>, dest: &str) -> Range<usize> {
    text.get(span.clone())
        .and_then(|link| link.find(dest))
        .map_or(span.clone(), |i| {
            span.start + i..span.start + i + dest.len()
        })
}

/// Gives every heading a unique id from its text, unless it set one with `{#id}`.
fn set_heading_ids(events: &mut [Spanned<'_>], page: &mut PageState) {
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { id, .. }) = &events[i].0 {
            let own = id.clone();
            let end = events[i..]
                .iter()
                .position(|(e, _)| matches!(e, Event::End(TagEnd::Heading(_))))
                .map_or(events.len(), |p| i + p);
            let new_id = match own {
                Some(id) => {
                    page.ids.insert(id.to_string());
                    id
                }
                None => CowStr::from(page.unique_id(&plain_text(&events[i + 1..end]))),
            };
            if let Event::Start(Tag::Heading { id, .. }) = &mut events[i].0 {
                *id = Some(new_id);
            }
            i = end;
        }
        i += 1;
    }
}

/// The text of `events` without markup, blocks separated by spaces.
pub fn plain_text(events: &[Spanned<'_>]) -> String {
    let mut out = String::new();
    for (e, _) in events {
        match e {
            Event::Text(t) | Event::Code(t) => out.push_str(t),
            Event::InlineHtml(h) => out.push_str(&strip_tags(h)),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::Heading(_)
                | TagEnd::TableCell
                | TagEnd::CodeBlock,
            ) if !out.ends_with(' ') => out.push(' '),
            _ => {}
        }
    }
    out.trim().to_owned()
}

/// The text inside HTML we generated ourselves (term links), for plain text.
fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
}

/// Renders events to HTML. If the Markdown held raw HTML, the result is cleaned by
/// `sanitiser`; otherwise it is safe as it is (every text and attribute is escaped),
/// and cleaning would only cost time.
pub fn to_html<'t>(
    events: impl IntoIterator<Item = &'t Spanned<'t>>,
    sanitiser: &Sanitiser,
) -> String {
    let events: Vec<&Spanned<'t>> = events.into_iter().collect();
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.iter().map(|(e, _)| e.clone()));
    if events.iter().any(|(e, _)| is_raw_html(e)) {
        sanitiser.clean(&html)
    } else {
        html
    }
}

/// Whether `event` is HTML written by hand rather than one of our term links.
fn is_raw_html(event: &Event<'_>) -> bool {
    match event {
        Event::Html(_) => true,
        Event::InlineHtml(h) => !is_term_link(h),
        _ => false,
    }
}

/// Whether `html` is exactly what [`term_link`] writes: `<a class="jargon"
/// href="...">` around escaped text, or around an `<abbr title="...">` holding it.
/// A raw inline HTML event is one tag, so it never has this shape; the check is
/// strict anyway, because a wrong "yes" would let raw HTML through uncleaned.
fn is_term_link(html: &str) -> bool {
    fn value(s: &str) -> Option<(&str, &str)> {
        let end = s.find('"')?;
        let v = &s[..end];
        (!v.contains(['<', '>'])).then_some((v, &s[end..]))
    }
    let Some(rest) = html.strip_prefix(r#"<a class="jargon" href=""#) else {
        return false;
    };
    let Some((_, rest)) = value(rest) else {
        return false;
    };
    let Some(rest) = rest.strip_prefix("\">") else {
        return false;
    };
    let Some(inner) = rest.strip_suffix("</a>") else {
        return false;
    };
    let shown = match inner.strip_prefix(r#"<abbr title=""#) {
        Some(abbr) => {
            let Some((_, rest)) = value(abbr) else {
                return false;
            };
            let Some(shown) = rest
                .strip_prefix("\">")
                .and_then(|r| r.strip_suffix("</abbr>"))
            else {
                return false;
            };
            shown
        }
        None => inner,
    };
    !shown.contains(['<', '>', '"'])
}

/// The level of a heading start event, if `event` is one.
pub fn heading_level(event: &Event<'_>) -> Option<HeadingLevel> {
    match event {
        Event::Start(Tag::Heading { level, .. }) => Some(*level),
        _ => None,
    }
}

/// The id a heading start event carries.
pub fn heading_id<'a>(event: &'a Event<'_>) -> Option<&'a str> {
    match event {
        Event::Start(Tag::Heading { id: Some(id), .. }) => Some(id),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> LinkTable {
        let mut t = LinkTable::default();
        t.add_page("jargon/senco.md", "/jargon/#senco".into());
        t.add_page("faqs/synergy-portal.md", "/faqs/synergy-portal/".into());
        t.add_asset("faqs/leaflet.pdf");
        t
    }

    fn jargon() -> JargonIndex {
        JargonIndex::new(vec![
            (
                TermLink {
                    id: "senco".into(),
                    url: "/jargon/#senco".into(),
                    stands_for: Some("Special educational needs co-ordinator".into()),
                },
                vec!["SENCo".into(), "SENCO".into()],
            ),
            (
                TermLink {
                    id: "annual-review".into(),
                    url: "/jargon/#annual-review".into(),
                    stands_for: None,
                },
                vec!["Annual review".into()],
            ),
            (
                TermLink {
                    id: "la".into(),
                    url: "/jargon/#la".into(),
                    stands_for: Some("Local authority".into()),
                },
                vec!["LA".into()],
            ),
        ])
    }

    fn render(md: &str) -> (String, Vec<Diagnostic>) {
        let file = SourceFile::from_text("content/faqs/a.md", md);
        let links = table();
        let jargon = jargon();
        let html_config = crate::config::HtmlConfig::default();
        let sanitiser = Sanitiser::new(&html_config);
        let anchors = Anchors::default();
        let cx = Context {
            links: &links,
            jargon: &jargon,
            sanitiser: &sanitiser,
            anchors: &anchors,
        };
        let mut diags = Vec::new();
        let events = parse(
            &file,
            0..md.len(),
            &cx,
            &mut PageState::default(),
            None,
            &mut diags,
        );
        (to_html(&events, &sanitiser), diags)
    }

    #[test]
    fn links_to_content_files_become_urls() {
        let (html, diags) =
            render("See [the portal](synergy-portal.md#log-in) and [SENCo](../jargon/senco.md).");
        assert!(diags.is_empty());
        assert!(
            html.contains(r#"href="/faqs/synergy-portal/#log-in""#),
            "{html}"
        );
        assert!(html.contains(r#"href="/jargon/#senco""#), "{html}");
    }

    #[test]
    fn a_link_to_a_missing_file_is_an_error_at_its_place() {
        let (_, diags) = render("Intro\n\nSee [x](../jargon/sencoo.md).");
        assert_eq!(diags.len(), 1);
        assert_eq!((diags[0].line, diags[0].column), (3, 9));
        assert!(
            diags[0]
                .help
                .as_deref()
                .unwrap()
                .contains("../jargon/senco.md")
        );
    }

    #[test]
    fn script_links_are_refused() {
        let (html, diags) = render("[x](javascript:alert(1))");
        assert_eq!(diags.len(), 1);
        assert!(diags[0].message.contains("javascript"));
        assert!(
            html.contains("javascript"),
            "left as written; the build fails anyway"
        );
    }

    #[test]
    fn only_the_first_mention_of_a_term_links_and_no_text_is_added() {
        let (html, _) = render("Ask your SENCo. The SENCo will help.\n");
        assert_eq!(html.matches("<a ").count(), 1, "{html}");
        assert!(html.contains(
            r#"Ask your <a class="jargon" href="/jargon/#senco"><abbr title="Special educational needs co-ordinator">SENCo</abbr></a>. The SENCo will help."#
        ), "{html}");
    }

    #[test]
    fn terms_match_whole_words_and_case_rules() {
        let (html, _) = render("A plain la la and LAST. The annual reviews are due. LAs\n");
        assert!(html.contains("<p>A plain la la and LAST. The "), "{html}");
        assert!(
            html.contains(r#"<a class="jargon" href="/jargon/#annual-review">annual reviews</a>"#),
            "{html}"
        );
        assert!(
            html.contains(r#"<abbr title="Local authority">LAs</abbr>"#),
            "plural of an acronym: {html}"
        );
    }

    #[test]
    fn terms_in_headings_and_links_are_not_linked() {
        let (html, _) = render("## Your SENCo\n\n[SENCo page](https://example.org)\n");
        assert!(!html.contains("jargon"), "{html}");
    }

    #[test]
    fn headings_get_unique_ids() {
        let (html, _) = render("## Help\n\n## Help\n\n## Custom {#mine}\n");
        assert!(html.contains(r#"<h2 id="help">"#), "{html}");
        assert!(html.contains(r#"<h2 id="help-2">"#), "{html}");
        assert!(html.contains(r#"<h2 id="mine">"#), "{html}");
    }

    #[test]
    fn tables_footnotes_and_smart_quotes_work() {
        let (html, _) =
            render("| a | b |\n|---|---|\n| 1 | 2 |\n\n\"Hi\" ~~no~~[^1]\n\n[^1]: Note.\n");
        assert!(html.contains("<table>"));
        assert!(html.contains("“Hi”"));
        assert!(html.contains("<del>no</del>"));
        assert!(html.contains("footnote"));
    }

    #[test]
    fn asset_links_point_at_the_copied_file() {
        let (html, diags) = render("[Leaflet](leaflet.pdf)");
        assert!(diags.is_empty());
        assert!(html.contains(r#"href="/faqs/leaflet.pdf""#), "{html}");
    }

    #[test]
    fn raw_html_is_cleaned_and_our_own_markup_around_it_kept() {
        let (html, _) = render(
            "## Ask a SENCo\n\nAsk your SENCo.\n\n<div onclick=\"steal()\">Hi<script>alert(1)</script></div>\n\n<a href=\"javascript:alert(1)\">x</a>\n",
        );
        assert!(!html.contains("script"), "{html}");
        assert!(!html.contains("onclick"), "{html}");
        assert!(!html.contains("javascript"), "{html}");
        assert!(html.contains(r#"<h2 id="ask-a-senco">"#), "{html}");
        assert!(
            html.contains(r#"<a class="jargon" href="/jargon/#senco"><abbr title="Special educational needs co-ordinator">SENCo</abbr></a>"#),
            "{html}"
        );
        assert!(html.contains("<div>Hi</div>"), "{html}");
    }

    #[test]
    fn a_raw_link_dressed_as_a_term_link_is_still_cleaned() {
        let (html, _) = render(
            "Hi <a class=\"jargon\" href=\"javascript:alert(1)\">x</a> and <a class=\"jargon\" href=\"/j\" onmouseover=\"x()\">y</a>\n",
        );
        assert!(!html.contains("javascript"), "{html}");
        assert!(!html.contains("onmouseover"), "{html}");
    }

    #[test]
    fn our_term_links_are_recognised_exactly() {
        assert!(is_term_link(
            r#"<a class="jargon" href="/jargon/#la"><abbr title="Local authority">LA</abbr></a>"#
        ));
        assert!(is_term_link(
            r#"<a class="jargon" href="/jargon/#x">annual review</a>"#
        ));
        assert!(!is_term_link(
            r#"<a class="jargon" href="/x" onclick="y">z</a>"#
        ));
        assert!(!is_term_link(r#"<a class="jargon" href="/x">"#));
        assert!(!is_term_link(
            r#"<a class="jargon" href="/x"><img src=x onerror=y></a>"#
        ));
    }
}
