//! One module per kind of content: its front matter, how it is checked and what it
//! is built into. This file is where the kinds meet: the [`Front`] of a file once
//! its front matter is parsed, the [`Built`] form once its body is rendered, the
//! URL of each kind, and the dispatch from one to the other.

pub mod faq;
pub mod feedback;
pub mod jargon;
pub mod news;
pub mod page;
pub mod performance;
pub mod team;

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::front_matter::{self, Split};
use super::source::SourceFile;
use super::{Kind, SharedFields, slugify};
use crate::diagnostics::Diagnostic;
use crate::markdown::Context;
use faq::{FaqFront, FaqPage};
use feedback::{FeedbackFront, FeedbackPage};
use jargon::{JargonFront, Term};
use news::{NewsFront, Post};
use page::{Page, PageFront};
use performance::{Snapshot, SnapshotFront};
use team::{Team, TeamFront};

/// A file whose front matter has been read.
pub(crate) struct Loaded {
    pub(crate) file: SourceFile,
    pub(crate) split: Split,
    pub(crate) front: Front,
}

impl Loaded {
    pub(crate) fn kind(&self) -> Kind {
        match self.front {
            Front::Faq(_) => Kind::Faq,
            Front::Jargon(_) => Kind::Jargon,
            Front::Team(_) => Kind::Team,
            Front::Snapshot(_) => Kind::Performance,
            Front::News(_) => Kind::News,
            Front::Page(_) => Kind::Page,
            Front::Feedback(_) => Kind::Feedback,
        }
    }

    /// The fields every kind's front matter has.
    fn shared(&self) -> &dyn SharedFields {
        match &self.front {
            Front::Faq(f) => f,
            Front::Jargon(f) => f,
            Front::Team(f) => f,
            Front::Snapshot(f) => f,
            Front::News(f) => f,
            Front::Page(f) => f,
            Front::Feedback(f) => f,
        }
    }

    /// The moment this file is taken off the site, if it has an `expires` date.
    pub(crate) fn expires_at(&self) -> Option<jiff::civil::DateTime> {
        self.shared()
            .expires()
            .map(|d| d.0.to_datetime(jiff::civil::Time::midnight()))
    }

    /// Whether the file is on the site at `now`: not a post due later, not a page
    /// past its `expires` date.
    pub(crate) fn is_live(&self, now: jiff::civil::DateTime) -> bool {
        let published = match &self.front {
            Front::News(n) => n.is_published(now),
            _ => true,
        };
        published && self.expires_at().is_none_or(|at| at > now)
    }

    /// The fields every kind shares.
    pub(crate) fn meta(&self) -> super::Meta {
        self.shared().meta()
    }

    /// A short name for messages: the title, or the file.
    pub(crate) fn title(&self) -> String {
        match &self.front {
            Front::Faq(f) => f.title.clone(),
            Front::Jargon(f) => f.term.clone(),
            Front::Team(f) => f.name.clone(),
            Front::Snapshot(f) => f.title.clone(),
            Front::News(f) => f.title.clone(),
            Front::Page(f) => f.title.clone(),
            Front::Feedback(f) => f.title.clone(),
        }
    }
}

/// A file's front matter, parsed into its kind's struct.
pub(crate) enum Front {
    Faq(FaqFront),
    Jargon(JargonFront),
    Team(TeamFront),
    Snapshot(SnapshotFront),
    News(NewsFront),
    Page(PageFront),
    Feedback(FeedbackFront),
}

/// One rendered file, before the site is assembled.
#[derive(Clone)]
pub(crate) enum Built {
    Faq(FaqPage),
    Term(Term),
    Team(Team),
    Snapshot(Snapshot),
    News(Post),
    Page(Page),
    Home(Page),
    Feedback(FeedbackPage),
}

pub(crate) fn read_front_matter(
    root: &Path,
    content_dir: &Path,
    rel: &str,
) -> Result<Loaded, Diagnostic> {
    parse_front_matter(SourceFile::read(root, content_dir, rel)?)
}

/// Splits and parses the front matter of `file` into its kind's struct.
pub(crate) fn parse_front_matter(file: SourceFile) -> Result<Loaded, Diagnostic> {
    let split = front_matter::split(&file)?;
    let kind = Kind::of(&file.rel).unwrap_or(Kind::Page);
    let article = kind.article();
    let front = match kind {
        Kind::Faq => Front::Faq(front_matter::parse(
            &file,
            &split,
            article,
            FaqFront::FIELDS,
        )?),
        Kind::Jargon => Front::Jargon(front_matter::parse(
            &file,
            &split,
            article,
            JargonFront::FIELDS,
        )?),
        Kind::Team => Front::Team(front_matter::parse(
            &file,
            &split,
            article,
            TeamFront::FIELDS,
        )?),
        Kind::Performance => Front::Snapshot(front_matter::parse(
            &file,
            &split,
            article,
            SnapshotFront::FIELDS,
        )?),
        Kind::News => Front::News(front_matter::parse(
            &file,
            &split,
            article,
            NewsFront::FIELDS,
        )?),
        Kind::Page => Front::Page(front_matter::parse(
            &file,
            &split,
            article,
            PageFront::FIELDS,
        )?),
        Kind::Feedback => Front::Feedback(front_matter::parse(
            &file,
            &split,
            article,
            FeedbackFront::FIELDS,
        )?),
    };
    Ok(Loaded { file, split, front })
}

/// The URL a content file is built at, from its kind and path alone (so links to a
/// file whose front matter is broken still resolve, and only that file is reported).
pub(crate) fn url_for(kind: Kind, rel: &str) -> String {
    let stem = rel
        .rsplit('/')
        .next()
        .unwrap_or(rel)
        .trim_end_matches(".md");
    let slug = slugify(stem);
    match kind {
        Kind::Faq => format!("/faqs/{slug}/"),
        Kind::Jargon => format!("/jargon/#{slug}"),
        Kind::Team => format!("/team/{slug}/"),
        Kind::Performance => format!("/performance/{slug}/"),
        Kind::News => format!("/news/{slug}/"),
        Kind::Page if rel == "_index.md" => "/".to_owned(),
        Kind::Page => format!("/{slug}/"),
        Kind::Feedback => format!("/you-said-we-did/{slug}/"),
    }
}

/// What building one file's body reads besides the file.
pub(crate) struct Input<'a> {
    pub(crate) file: &'a SourceFile,
    pub(crate) split: &'a Split,
    /// Where the page is (a `#anchor` of its kind's page for a jargon term).
    pub(crate) url: String,
    /// The file name as a URL part: `contact-us`.
    pub(crate) slug: String,
    /// Links, jargon, raw HTML and `#anchor` notes for the Markdown.
    pub(crate) cx: &'a Context<'a>,
    /// The names other files are known by.
    pub(crate) names: &'a Names<'a>,
    /// The moment the site is built for.
    pub(crate) now: jiff::civil::DateTime,
}

impl<'a> Input<'a> {
    /// The body's Markdown events, with links resolved, heading ids set and
    /// jargon linked (never to `skip_term`, a term's own id).
    pub(crate) fn body_events(
        &self,
        skip_term: Option<&str>,
        d: &mut Vec<Diagnostic>,
    ) -> Vec<crate::markdown::Spanned<'a>> {
        let mut page = crate::markdown::PageState::default();
        crate::markdown::parse(
            self.file,
            self.split.body.clone(),
            self.cx,
            &mut page,
            skip_term,
            d,
        )
    }
}

/// The names other files are known by, for front matter that points at them.
pub(crate) struct Names<'a> {
    /// Each jargon file's id and its term (`None` if its front matter is broken).
    pub(crate) terms: &'a HashMap<String, Option<String>>,
    /// Every team's id.
    pub(crate) teams: &'a HashSet<String>,
}

/// Renders the body of `l` into its kind's built form; `None` for a file that has no
/// URL (its problem is reported already).
pub(crate) fn build_one(
    l: &Loaded,
    cx: &Context<'_>,
    names: &Names<'_>,
    now: jiff::civil::DateTime,
    d: &mut Vec<Diagnostic>,
) -> Option<Built> {
    let file = &l.file;
    let input = Input {
        file,
        split: &l.split,
        url: cx.links.url_of(&file.rel)?.to_owned(),
        slug: slugify(file.stem()),
        cx,
        names,
        now,
    };
    Some(match &l.front {
        Front::Faq(front) => Built::Faq(faq::build_from(&input, front, d)),
        Front::Feedback(front) => Built::Feedback(feedback::build_from(&input, front, d)),
        Front::Jargon(front) => Built::Term(jargon::build_from(&input, front, d)),
        Front::Team(front) => Built::Team(team::build_from(&input, front, d)),
        Front::Snapshot(front) => Built::Snapshot(performance::build_from(&input, front, d)),
        Front::News(front) => Built::News(news::build_from(&input, front, d)),
        Front::Page(front) => {
            let p = page::build_from(&input, front, d);
            if file.rel == "_index.md" {
                Built::Home(p)
            } else {
                Built::Page(p)
            }
        }
    })
}

/// The span of `needle` inside the front matter, or the start of the front matter.
pub(crate) fn find_text(file: &SourceFile, needle: &str, split: &Split) -> std::ops::Range<usize> {
    file.text[split.yaml.clone()]
        .find(needle)
        .map_or(split.yaml.start..split.yaml.start, |i| {
            split.yaml.start + i..split.yaml.start + i + needle.len()
        })
}

pub(crate) fn nearest_help<'a>(name: &str, candidates: impl Iterator<Item = &'a String>) -> String {
    let all: Vec<&str> = candidates.map(String::as_str).collect();
    match crate::util::names::nearest(name, &all) {
        Some(n) => format!("did you mean `{n}`?"),
        None => "check the spelling: use the file name without `.md`".to_owned(),
    }
}

/// What one page, or one part of a page (a question, a term, a dataset), gives the
/// search index. Each kind says what its pages give (`search_entries`).
#[derive(Debug, Hash)]
pub struct SearchEntry<'a> {
    /// The title: the question, the term, the page's title.
    pub title: Cow<'a, str>,
    /// Words that stand above the text: the subject of a question, a term's full
    /// form and aliases.
    pub headings: Cow<'a, str>,
    /// The text.
    pub body: Cow<'a, str>,
    /// The kind of content.
    pub kind: Kind,
    /// Where it is, with an `#anchor` for part of a page.
    pub url: Cow<'a, str>,
    /// When it was published, `YYYY-MM-DD`, for dated kinds.
    pub date: Option<String>,
}

impl<'a> SearchEntry<'a> {
    /// A whole page with no headings or date.
    pub(crate) fn whole_page(title: &'a str, url: &'a str, body: Cow<'a, str>, kind: Kind) -> Self {
        SearchEntry {
            title: Cow::Borrowed(title),
            headings: Cow::Borrowed(""),
            body,
            kind,
            url: Cow::Borrowed(url),
            date: None,
        }
    }
}

/// The non-empty `parts` joined with spaces.
pub(crate) fn join<'a>(parts: &[&str]) -> Cow<'a, str> {
    Cow::Owned(
        parts
            .iter()
            .filter(|p| !p.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" "),
    )
}
