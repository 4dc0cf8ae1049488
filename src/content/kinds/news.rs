//! News posts: the weekly News Splash and the monthly newsletter.

use serde::{Deserialize, Serialize};

use std::borrow::Cow;

use super::{SearchEntry, join};
use crate::content::Kind;
use crate::content::{Date, DateTime, Meta, front_matter_struct};
use crate::diagnostics::Diagnostic;
use crate::markdown;
use crate::util::fingerprint::Memo;

front_matter_struct! {
    /// The front matter of a news post.
    pub struct NewsFront {
        /// The headline.
        pub title: String,
        /// The date of the issue.
        pub date: Date,
        /// Which series it belongs to.
        pub series: PostSeries,
        /// One or two sentences for lists, feeds and email previews.
        pub summary: String,
        /// Topics.
        #[serde(default)]
        pub tags: Vec<String>,
        /// Not published before this moment, on the clock of the site's time zone.
        #[serde(default)]
        pub publish_date: Option<DateTime>,
        /// Kept off the site unless built with `--drafts`.
        #[serde(default)]
        pub draft: bool,
    }
}

/// The folder names under `/news/` that the news listings use: a post may not
/// take them.
const LISTING_FOLDERS: &[&str] = &["page", "tags", "news-splash", "newsletter"];

/// Whether a post called `slug` would clash with a news listing's URL (`2022` is a
/// year's archive).
pub fn clashes_with_listing(slug: &str) -> bool {
    LISTING_FOLDERS.contains(&slug) || (slug.len() == 4 && slug.bytes().all(|b| b.is_ascii_digit()))
}

/// The news series a post belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PostSeries {
    /// The weekly SEND News Splash.
    NewsSplash,
    /// The monthly newsletter for parents.
    Newsletter,
}

impl PostSeries {
    /// The series' folder under `/news/`, as written in front matter.
    pub fn slug(self) -> &'static str {
        match self {
            PostSeries::NewsSplash => "news-splash",
            PostSeries::Newsletter => "newsletter",
        }
    }

    /// The name readers see.
    pub fn label(self) -> &'static str {
        match self {
            PostSeries::NewsSplash => "News Splash",
            PostSeries::Newsletter => "Newsletter",
        }
    }
}

/// One post, ready to render.
#[derive(Debug, Clone, Serialize)]
pub struct Post {
    /// The file name without `.md`; the post is at `/news/<slug>/`.
    pub slug: String,
    /// Its URL.
    pub url: String,
    /// The headline.
    pub title: String,
    /// The date of the issue.
    pub date: Date,
    /// Its series.
    pub series: PostSeries,
    /// The series as readers see it.
    pub series_label: &'static str,
    /// The summary.
    pub summary: String,
    /// Topics.
    pub tags: Vec<String>,
    /// True for drafts and scheduled posts built with `--drafts`.
    pub unpublished: bool,
    /// The post as HTML.
    pub html: String,
    /// The post without markup.
    pub text: String,
    /// Shared page fields.
    pub meta: Meta,
    /// The fingerprint of `html`, for watch mode (see
    /// [`crate::util::fingerprint::RememberedIn`]).
    #[serde(skip)]
    pub print: Memo,
}

impl NewsFront {
    /// The moment the post goes public: `publish_date`, or the start of `date`, on
    /// the clock of the site's time zone.
    pub fn due(&self) -> jiff::civil::DateTime {
        let start_of_day = self.date.0.to_datetime(jiff::civil::Time::midnight());
        self.publish_date
            .map_or(start_of_day, |d| d.0.max(start_of_day))
    }

    /// Whether the post is public at `now` (not a draft, not scheduled later).
    pub fn is_published(&self, now: jiff::civil::DateTime) -> bool {
        !self.draft && self.due() <= now
    }
}

/// What news files do beyond their row of the table of kinds.
impl super::KindRules for NewsFront {
    fn new_file_name(slug: &str, today: jiff::civil::Date) -> String {
        format!("{today}-{slug}")
    }
}

/// Builds the post of `input` (see [`super::build_one`]).
impl super::BuildFrom for NewsFront {
    fn build(&self, input: &super::Input<'_>, d: &mut Vec<Diagnostic>) -> Post {
    let events = input.body_events(None, d);
    Post {
        slug: input.slug.clone(),
        url: input.url.clone(),
        title: self.title.clone(),
        date: self.date,
        series: self.series,
        series_label: self.series.label(),
        summary: self.summary.clone(),
        tags: self.tags.clone(),
        unpublished: !self.is_published(input.now),
        html: markdown::to_html(&events, input.cx.sanitiser),
        text: markdown::plain_text(&events),
        meta: self.meta(),
        print: Memo::default(),
    }
}
}

impl Post {
    /// What the post gives the search index: nothing until it is published.
    pub fn search_entries<'a>(&'a self, out: &mut Vec<SearchEntry<'a>>) {
        if self.unpublished {
            return;
        }
        out.push(SearchEntry {
            title: Cow::Borrowed(&self.title),
            headings: join(&[self.series_label, &self.tags.join(" ")]),
            body: join(&[&self.summary, &self.text]),
            kind: Kind::News,
            url: Cow::Borrowed(&self.url),
            date: Some(self.date.iso()),
            tags: Vec::new(),
        });
    }
}
