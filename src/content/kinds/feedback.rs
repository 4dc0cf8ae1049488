//! "You said, we did": what parents and young people told the council, each paired
//! with what the council did in response. One file is one round of feedback (a
//! forum, a survey); each `##` heading is one thing people said, and the text under
//! it is the council's response. Each entry gets an anchor id, so search results and
//! links open it directly.

use pulldown_cmark::HeadingLevel;
use serde::Serialize;

use super::faq::{Section, sections};
use std::borrow::Cow;

use super::{SearchEntry, join};
use crate::content::Kind;
use crate::content::{Date, Meta, front_matter_struct};
use crate::diagnostics::Diagnostic;
use crate::markdown;

front_matter_struct! {
    /// The front matter of a "You said, we did" page.
    pub struct FeedbackFront {
        /// The page heading.
        pub title: String,
        /// When the council published its response.
        pub date: Date,
        /// Where people said it: a forum, a survey, a consultation.
        #[serde(default)]
        pub source: Option<String>,
    }
}

/// One round of feedback, ready to render.
#[derive(Debug, Clone, Serialize)]
pub struct FeedbackPage {
    /// The file name without `.md`; the page is at `/you-said-we-did/<slug>/`.
    pub slug: String,
    /// The page's URL.
    pub url: String,
    /// The page heading.
    pub title: String,
    /// When the council published its response.
    pub date: Date,
    /// Where people said it.
    pub source: Option<String>,
    /// Text before the first entry, as HTML.
    pub intro_html: String,
    /// What people said and what was done, in file order.
    pub entries: Vec<Entry>,
    /// Shared page fields.
    pub meta: Meta,
}

/// One thing people said and the response to it.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    /// Its anchor id: `/you-said-we-did/<page>/#<id>`.
    pub id: String,
    /// What people said, as written in the `##` heading.
    pub said: String,
    /// What the council did, as HTML.
    pub did_html: String,
    /// What the council did, without markup.
    pub did_text: String,
}

/// Builds the "You said, we did" page of `input` (see [`super::build_one`]): cuts its events into an introduction and entries.
impl super::BuildFrom for FeedbackFront {
    fn build(&self, input: &super::Input<'_>, diagnostics: &mut Vec<Diagnostic>) -> FeedbackPage {
    let events = input.body_events(None, diagnostics);
    let events = &events[..];
    let (file, url, sanitiser) = (input.file, input.url.clone(), input.cx.sanitiser);
    let (intro, found) = sections(events, &[HeadingLevel::H2]);
    let mut entries = Vec::with_capacity(found.len());
    for Section {
        title,
        id,
        span,
        body,
        ..
    } in found
    {
        let did_text = markdown::plain_text(body);
        if did_text.is_empty() {
            diagnostics.push(
                file.error(format!("\"{title}\" has no response under it"))
                    .at(&file.text, span)
                    .label("no text follows what was said")
                    .help(
                        "write what the council did under the `##` heading, or remove the heading",
                    ),
            );
        }
        entries.push(Entry {
            id,
            said: title,
            did_html: markdown::to_html(body, sanitiser),
            did_text,
        });
    }
    if entries.is_empty() {
        diagnostics.push(
            file.error("this page has no entries: nothing people said is paired with a response")
                .help("give each thing people said a `##` heading, and write what the council did under it"),
        );
    }
    FeedbackPage {
        slug: file.stem().to_owned(),
        url,
        title: self.title.clone(),
        date: self.date,
        source: self.source.clone(),
        intro_html: markdown::to_html(intro, sanitiser),
        entries,
        meta: self.meta(),
    }
}
}

impl FeedbackPage {
    /// What the page gives the search index: the page (what people said), then
    /// each thing said with what was done, at its own anchor.
    pub fn search_entries<'a>(&'a self, out: &mut Vec<SearchEntry<'a>>) {
        out.push(SearchEntry {
            title: Cow::Borrowed(&self.title),
            headings: Cow::Borrowed(self.source.as_deref().unwrap_or("")),
            body: join(&[
                self.meta.description.as_deref().unwrap_or(""),
                &self
                    .entries
                    .iter()
                    .map(|e| e.said.as_str())
                    .collect::<Vec<_>>()
                    .join(". "),
            ]),
            kind: Kind::Feedback,
            url: Cow::Borrowed(&self.url),
            date: Some(self.date.iso()),
            tags: Vec::new(),
        });
        for e in &self.entries {
            out.push(SearchEntry {
                title: Cow::Borrowed(&e.said),
                headings: join(&["You said, we did", &self.title]),
                body: Cow::Borrowed(&e.did_text),
                kind: Kind::Feedback,
                url: Cow::Owned(format!("{}#{}", self.url, e.id)),
                date: Some(self.date.iso()),
                tags: Vec::new(),
            });
        }
    }
}
