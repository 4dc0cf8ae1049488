//! Plain pages: the home page (`content/_index.md`) and `content/pages/*.md`.

use serde::Serialize;

use std::borrow::Cow;

use super::{SearchEntry, join};
use crate::content::Kind;
use crate::content::{Meta, front_matter_struct};
use crate::diagnostics::Diagnostic;
use crate::markdown;
use crate::util::fingerprint::Memo;

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
    /// The fingerprint of `html`, for watch mode (see
    /// [`crate::util::fingerprint::RememberedIn`]).
    #[serde(skip)]
    pub print: Memo,
}

/// What page files do beyond their row of the table of kinds.
impl super::KindRules for PageFront {
    /// The home page's entries come before the other pages'.
    fn leading_search_entries<'a>(site: &'a crate::content::Site, out: &mut Vec<SearchEntry<'a>>) {
        site.home.home_search_entries(out);
    }
}

/// Builds the page of `input` (see [`super::build_one`]); `content/_index.md` is
/// the home page, with the slug `index`.
impl super::BuildFrom for PageFront {
    fn build(&self, input: &super::Input<'_>, d: &mut Vec<Diagnostic>) -> Page {
    let events = input.body_events(None, d);
    Page {
        slug: if input.file.rel == "_index.md" {
            "index".into()
        } else {
            input.slug.clone()
        },
        url: input.url.clone(),
        title: self.title.clone(),
        meta: self.meta(),
        html: markdown::to_html(&events, input.cx.sanitiser),
        text: markdown::plain_text(&events),
        print: Memo::default(),
    }
}
}

impl Page {
    /// What the page gives the search index: its description and text.
    pub fn search_entries<'a>(&'a self, out: &mut Vec<SearchEntry<'a>>) {
        out.push(SearchEntry::whole_page(
            &self.title,
            &self.url,
            join(&[self.meta.description.as_deref().unwrap_or(""), &self.text]),
            Kind::Page,
        ));
    }

    /// What the home page gives the search index: its text alone.
    pub fn home_search_entries<'a>(&'a self, out: &mut Vec<SearchEntry<'a>>) {
        out.push(SearchEntry::whole_page(
            &self.title,
            "/",
            Cow::Borrowed(&self.text),
            Kind::Page,
        ));
    }
}
