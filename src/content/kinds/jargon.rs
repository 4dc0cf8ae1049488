//! The jargon buster: one file per term, all shown on one A-Z page with an anchor
//! per term. Terms and aliases also drive jargon links on every other page.

use serde::Serialize;

use std::borrow::Cow;

use super::{SearchEntry, join};
use crate::content::Kind;
use crate::content::{Meta, front_matter_struct, slugify};
use crate::diagnostics::Diagnostic;
use crate::markdown;
use crate::util::fingerprint::{Memo, Memoised};

front_matter_struct! {
    /// The front matter of a jargon term.
    pub struct JargonFront {
        /// The term as people write it: `SENCo`.
        pub term: String,
        /// What an acronym stands for.
        #[serde(default)]
        pub stands_for: Option<String>,
        /// Other spellings and old names.
        #[serde(default)]
        pub aliases: Vec<String>,
        /// File names (without `.md`) of related terms.
        #[serde(default)]
        pub see_also: Vec<String>,
    }
}

/// One term, ready to render.
#[derive(Debug, Clone, Serialize)]
pub struct Term {
    /// Its anchor id on the jargon page: the file name without `.md`.
    pub id: String,
    /// Its URL: `/jargon/#<id>`.
    pub url: String,
    /// The term as written.
    pub term: String,
    /// What an acronym stands for.
    pub stands_for: Option<String>,
    /// Other spellings and old names.
    pub aliases: Vec<String>,
    /// Related terms, resolved.
    pub see_also: Vec<SeeAlso>,
    /// The definition as HTML.
    pub html: String,
    /// The definition without markup.
    pub text: String,
    /// Shared page fields.
    pub meta: Meta,
    /// The letter it is filed under on the A-Z page.
    pub letter: char,
    /// The term's fingerprint, for watch mode (see [`Memoised`]).
    #[serde(skip)]
    pub print: Memo,
}

impl Memoised for Term {
    fn memo(&self) -> &Memo {
        &self.print
    }
}

/// A link from one term to a related one.
#[derive(Debug, Clone, Serialize)]
pub struct SeeAlso {
    /// The related term's id.
    pub id: String,
    /// The related term as written.
    pub term: String,
}

/// The letter a term is filed under: its first letter, upper-cased, or `#`.
pub fn letter_of(term: &str) -> char {
    term.chars()
        .find(|c| c.is_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .filter(char::is_ascii_alphabetic)
        .unwrap_or('#')
}

/// Builds the term of `input` (see [`super::build_one`]): its `see_also` names
/// must be terms of the jargon buster.
impl super::BuildFrom for JargonFront {
    fn build(&self, input: &super::Input<'_>, d: &mut Vec<Diagnostic>) -> Term {
    let file = input.file;
    let cx = input.cx;
    let events = input.body_events(Some(&input.slug), d);
    let mut see_also = Vec::new();
    for other in &self.see_also {
        let id = slugify(other.trim_end_matches(".md"));
        match input.names.terms.get(id.as_str()) {
            Some(Some(term)) => see_also.push(SeeAlso {
                id,
                term: (*term).to_owned(),
            }),
            Some(None) => {} // that term's file has its own error
            None => d.push(
                file.error(format!(
                    "see_also names `{other}`, but there is no content/jargon/{other}.md"
                ))
                .at(&file.text, super::find_text(file, other, input.split))
                .help(super::nearest_help(
                    &id,
                    input.names.terms.keys().map(|k| k.as_ref()),
                )),
            ),
        }
    }
    Term {
        id: input.slug.clone(),
        url: input.url.clone(),
        term: self.term.clone(),
        stands_for: self.stands_for.clone(),
        aliases: self.aliases.clone(),
        see_also,
        html: markdown::to_html(&events, cx.sanitiser),
        text: markdown::plain_text(&events),
        meta: self.meta(),
        letter: letter_of(&self.term),
        print: Memo::default(),
    }
}
}

impl Term {
    /// What the term gives the search index: the term, with its full form and
    /// aliases as headings.
    pub fn search_entries<'a>(&'a self, out: &mut Vec<SearchEntry<'a>>) {
        out.push(SearchEntry {
            title: Cow::Borrowed(&self.term),
            headings: join(&[
                self.stands_for.as_deref().unwrap_or(""),
                &self.aliases.join(" "),
            ]),
            body: Cow::Borrowed(&self.text),
            kind: Kind::Jargon,
            url: Cow::Borrowed(&self.url),
            date: None,
            tags: Vec::new(),
        });
    }
}
