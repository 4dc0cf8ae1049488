//! Plain pages: the home page (`content/_index.md`) and `content/pages/*.md`.

use serde::Serialize;

use super::{Meta, front_matter_struct};

front_matter_struct! {
    /// The front matter of a plain page.
    pub struct PageFront {
        /// The page heading.
        pub title: String,
    }
}

/// A plain page, ready to render.
#[derive(Debug, Clone, Serialize)]
pub struct Page {
    /// The file name without `.md` (`contact`), or `index` for the home page.
    pub slug: String,
    /// The page's URL: `/` for the home page, `/<slug>/` for the others.
    pub url: String,
    /// The page heading.
    pub title: String,
    /// Shared page fields.
    pub meta: Meta,
    /// The page text as HTML.
    pub html: String,
    /// The page text without markup.
    pub text: String,
}
