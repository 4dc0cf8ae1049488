//! The jargon buster: one file per term, all shown on one A-Z page with an anchor
//! per term. Terms and aliases also drive jargon links on every other page.

use serde::Serialize;

use super::{Meta, front_matter_struct};

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
