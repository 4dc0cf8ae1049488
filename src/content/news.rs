//! News posts: the weekly News Splash and the monthly newsletter.

use serde::{Deserialize, Serialize};

use super::{Date, DateTime, Meta, front_matter_struct};

front_matter_struct! {
    /// The front matter of a news post.
    pub struct NewsFront {
        /// The headline.
        pub title: String,
        /// The date of the issue.
        pub date: Date,
        /// Which series it belongs to.
        pub series: Series,
        /// One or two sentences for lists, feeds and email previews.
        pub summary: String,
        /// Topics.
        #[serde(default)]
        pub tags: Vec<String>,
        /// Not published before this moment (UTC).
        #[serde(default)]
        pub publish_date: Option<DateTime>,
        /// Kept off the site unless built with `--drafts`.
        #[serde(default)]
        pub draft: bool,
    }
}

/// The news series a post belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Series {
    /// The weekly SEND News Splash.
    NewsSplash,
    /// The monthly newsletter for parents.
    Newsletter,
}

impl Series {
    /// The name readers see.
    pub fn label(self) -> &'static str {
        match self {
            Series::NewsSplash => "News Splash",
            Series::Newsletter => "Newsletter",
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
    pub series: Series,
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
}

impl NewsFront {
    /// Whether the post is public at `now` (not a draft, not scheduled later).
    pub fn is_published(&self, now: jiff::civil::DateTime) -> bool {
        let due = self.publish_date.map_or(
            self.date.0.to_datetime(jiff::civil::Time::midnight()),
            |d| d.0,
        );
        !self.draft && due <= now
    }
}
