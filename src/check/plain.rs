//! Plain English, checked: sentences longer than the site allows (25 words, as
//! GOV.UK advises), acronyms used before they are explained or linked to the
//! jargon buster, and words from the list of phrases to avoid (`[plain_english]`
//! in `site.toml`); and a reading-ease score (Flesch) for each page and the site.
//!
//! A page's text is read as blocks (paragraphs, list items, table cells and, for
//! acronyms and phrases only, headings), each kept with where its pieces are in
//! the file so a warning points at the sentence or word itself.

use std::collections::HashSet;
use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};
use serde::Serialize;

use super::{ContentFile, Env, warning};
use crate::config::PlainEnglish;
use crate::diagnostics::Diagnostic;

/// `[plain_english]` as the rules use it, worked out once for the whole check.
pub struct Settings {
    /// The most words a sentence should have.
    sentence_words: usize,
    /// Each word or phrase to avoid, in lower case, with what to write instead.
    avoid: Vec<(String, String)>,
    /// Acronyms everyone knows, in lower case.
    known_acronyms: HashSet<String>,
}

impl Settings {
    /// From `site.toml`'s `[plain_english]`, or the defaults.
    pub fn of(config: Option<&PlainEnglish>) -> Settings {
        let fallback;
        let config = match config {
            Some(c) => c,
            None => {
                fallback = PlainEnglish::default();
                &fallback
            }
        };
        Settings {
            sentence_words: config.sentence_words,
            avoid: config
                .avoid
                .iter()
                .map(|(phrase, instead)| (phrase.to_ascii_lowercase(), instead.clone()))
                .collect(),
            known_acronyms: config
                .known_acronyms
                .iter()
                .map(|a| a.to_lowercase())
                .collect(),
        }
    }
}

/// A run of text the reader takes in one go, and where its pieces are.
pub struct Block {
    text: String,
    /// `(offset in text, offset in the file)` at the start of each piece.
    pieces: Vec<(usize, usize)>,
    /// A heading: short by nature, not held to the sentence length.
    heading: bool,
    /// Spans of `text` inside links to the jargon buster.
    jargon_links: Vec<Range<usize>>,
}

impl Block {
    /// Where the byte `at` of the text is in the file.
    fn file_offset(&self, at: usize) -> usize {
        let i = self.pieces.partition_point(|(start, _)| *start <= at);
        let (start, file) = self.pieces[i.saturating_sub(1)];
        file + (at - start)
    }

    fn span(&self, text: Range<usize>) -> Range<usize> {
        self.file_offset(text.start)..self.file_offset(text.end.max(text.start + 1) - 1) + 1
    }
}

/// The blocks of a body's `events`, in order. Code is left out.
pub fn blocks(events: &[(Event<'_>, Range<usize>)]) -> Vec<Block> {
    let mut out = Vec::new();
    let mut stack: Vec<Block> = Vec::new();
    let mut link_start: Option<(usize, bool)> = None;
    for (event, span) in events {
        match event {
            Event::Start(Tag::Paragraph | Tag::Item | Tag::TableCell | Tag::Heading { .. }) => {
                stack.push(Block {
                    text: String::new(),
                    pieces: Vec::new(),
                    heading: matches!(event, Event::Start(Tag::Heading { .. })),
                    jargon_links: Vec::new(),
                });
            }
            Event::End(
                TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell | TagEnd::Heading(_),
            ) => {
                if let Some(b) = stack.pop().filter(|b| !b.text.trim().is_empty()) {
                    out.push(b);
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                let len = stack.last().map_or(0, |b| b.text.len());
                link_start = Some((len, dest_url.contains("jargon")));
            }
            Event::End(TagEnd::Link) => {
                if let (Some((start, true)), Some(b)) = (link_start.take(), stack.last_mut()) {
                    b.jargon_links.push(start..b.text.len());
                }
            }
            Event::Text(t) => {
                if let Some(b) = stack.last_mut() {
                    b.pieces.push((b.text.len(), span.start));
                    b.text.push_str(t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(b) = stack.last_mut() {
                    b.pieces.push((b.text.len(), span.start));
                    b.text.push(' ');
                }
            }
            _ => {}
        }
    }
    out
}

/// Short forms that end in a full stop but do not end a sentence.
const NOT_SENTENCE_ENDS: &[&str] = &[
    "e.g.", "i.e.", "etc.", "mr.", "mrs.", "ms.", "dr.", "st.", "no.",
];

/// The sentences of `text`, as byte ranges: a sentence ends at `.`, `?` or `!`
/// followed by a space and a capital letter, digit or quote, or at the end.
fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (i, &(at, c)) in chars.iter().enumerate() {
        if !matches!(c, '.' | '?' | '!') {
            continue;
        }
        let end = at + c.len_utf8();
        let next = chars[i + 1..].iter().find(|(_, c)| !c.is_whitespace());
        let spaced = chars.get(i + 1).is_some_and(|(_, c)| c.is_whitespace());
        let word = text[start..end]
            .split_whitespace()
            .last()
            .unwrap_or("")
            .to_lowercase();
        let ends = match next {
            None => true,
            Some((_, n)) => {
                spaced && (n.is_uppercase() || n.is_ascii_digit() || matches!(n, '"' | '“' | '‘'))
            }
        };
        if ends && !NOT_SENTENCE_ENDS.contains(&word.as_str()) {
            out.push(start..end);
            start = next.map_or(text.len(), |(at, _)| *at);
        }
    }
    if !text[start..].trim().is_empty() {
        out.push(
            start + (text[start..].len() - text[start..].trim_start().len())..text.trim_end().len(),
        );
    }
    out
}

/// The words of `text`: runs without spaces that hold a letter or digit.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
}

/// Syllables in `word`, as readability formulas count them: groups of vowels,
/// less a silent final `e`, at least one.
fn syllables(word: &str) -> usize {
    let letters: Vec<char> = word
        .chars()
        .filter(char::is_ascii_alphabetic)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if letters.is_empty() {
        return 1;
    }
    let vowel = |c: &char| "aeiouy".contains(*c);
    let mut count = 0;
    let mut previous = false;
    for c in &letters {
        let v = vowel(c);
        if v && !previous {
            count += 1;
        }
        previous = v;
    }
    let n = letters.len();
    if n > 2
        && letters[n - 1] == 'e'
        && letters[n - 2] != 'l'
        && !vowel(&letters[n - 2])
        && count > 1
    {
        count -= 1;
    }
    count.max(1)
}

/// Counts for a reading-ease score.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Counts {
    /// Words.
    pub words: usize,
    /// Sentences.
    pub sentences: usize,
    /// Syllables.
    pub syllables: usize,
}

impl Counts {
    /// The Flesch reading-ease score: 60 to 70 is plain English, under 50 is hard
    /// to read. `None` with no sentences.
    pub fn reading_ease(self) -> Option<f64> {
        if self.sentences == 0 || self.words == 0 {
            return None;
        }
        let (w, s, y) = (
            self.words as f64,
            self.sentences as f64,
            self.syllables as f64,
        );
        let score = 206.835 - 1.015 * (w / s) - 84.6 * (y / w);
        Some((score * 10.0).round() / 10.0)
    }

    /// These and `other` together.
    pub fn add(&mut self, other: Counts) {
        self.words += other.words;
        self.sentences += other.sentences;
        self.syllables += other.syllables;
    }
}

/// The words, sentences and syllables of `doc`'s body (headings left out).
pub fn counts(doc: &ContentFile<'_>) -> Counts {
    let mut c = Counts::default();
    for b in doc.prose.iter().filter(|b| !b.heading) {
        for s in sentences(&b.text) {
            let ws: Vec<&str> = words(&b.text[s]).collect();
            if !ws.is_empty() {
                c.words += ws.len();
                c.sentences += 1;
                c.syllables += ws.iter().map(|w| syllables(w)).sum::<usize>();
            }
        }
    }
    c
}

/// Sentences over the site's limit (25 words unless `[plain_english]` says
/// otherwise): long sentences are the first thing that makes a page hard to read.
pub fn long_sentences(doc: &ContentFile<'_>, env: &Env<'_>, out: &mut Vec<Diagnostic>) {
    let most = env.plain.sentence_words;
    for b in doc.prose.iter().filter(|b| !b.heading) {
        for s in sentences(&b.text) {
            let n = words(&b.text[s.clone()]).count();
            if n > most {
                let at = b.file_offset(s.start);
                out.push(
                    warning(
                        doc,
                        at..at + 1,
                        format!("this sentence has {n} words; keep sentences to {most} or fewer"),
                    )
                    .help("split it into two or more sentences: one idea in each"),
                );
            }
        }
    }
}

/// The acronyms in `text`: words of two or more capitals, perhaps with a small
/// letter or a plural `s` (`SENCo`, `EHCPs`).
fn acronyms(text: &str) -> Vec<(usize, &str)> {
    let shaped = |w: &str| {
        let upper = w.chars().filter(|c| c.is_uppercase()).count();
        let letters = w.chars().filter(|c| c.is_alphabetic()).count();
        w.len() <= 10 && upper >= 2 && w.starts_with(char::is_uppercase) && upper + 1 >= letters
    };
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
        if c.is_alphanumeric() {
            start.get_or_insert(i);
        } else if let Some(s) = start.take()
            && shaped(&text[s..i])
        {
            out.push((s, &text[s..i]));
        }
    }
    out
}

/// Acronyms used before they are explained: not a jargon buster term (the build
/// links their first mention) or part of one ("EHC plan"), not linked to the
/// jargon buster, not written as "Full name (ACR)" or "ACR (full name)", and not
/// one everyone knows.
pub fn unexplained_acronyms(doc: &ContentFile<'_>, env: &Env<'_>, out: &mut Vec<Diagnostic>) {
    let mut seen = HashSet::new();
    for b in &doc.prose {
        let found = acronyms(&b.text);
        if found.is_empty() {
            continue;
        }
        let named: Vec<Range<usize>> = env.jargon.mentions(&b.text).collect();
        for (at, word) in found {
            let key = word.to_lowercase();
            let singular = key.strip_suffix('s').unwrap_or(&key).to_owned();
            if !seen.insert(singular.clone()) {
                continue;
            }
            let end = at + word.len();
            let inside = |r: &Range<usize>| r.start <= at && end <= r.end;
            let known = env.plain.known_acronyms.contains(&key)
                || env.plain.known_acronyms.contains(&singular);
            let bracketed = b.text[..at].ends_with('(') && b.text[end..].starts_with(')');
            let followed = b.text[end..].trim_start_matches(' ').starts_with('(');
            if known
                || bracketed
                || followed
                || named.iter().any(inside)
                || b.jargon_links.iter().any(inside)
            {
                continue;
            }
            out.push(
                warning(doc, b.span(at..end), format!("`{word}` is used here before it is explained"))
                    .help(format!(
                        "write it out in full the first time, with the short form in brackets (\"Special Educational Needs Co-ordinator (SENCo)\"), or add it to the jargon buster: localoffer new jargon \"{word}\""
                    )),
            );
        }
    }
}

/// Words and phrases from the list to avoid (GOV.UK's style guide is the anchor;
/// `[plain_english] avoid` in `site.toml` replaces the list).
pub fn phrases_to_avoid(doc: &ContentFile<'_>, env: &Env<'_>, out: &mut Vec<Diagnostic>) {
    for b in &doc.prose {
        let lower = b.text.to_ascii_lowercase();
        for (phrase_lower, instead) in &env.plain.avoid {
            let mut from = 0;
            while let Some(i) = lower[from..].find(phrase_lower.as_str()) {
                let at = from + i;
                let end = at + phrase_lower.len();
                from = end;
                let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
                if !boundary(lower[..at].chars().next_back())
                    || !boundary(lower[end..].chars().next())
                {
                    continue;
                }
                let help = if instead.is_empty() {
                    "say what you mean in everyday words".to_owned()
                } else {
                    format!("write `{instead}` instead")
                };
                out.push(
                    warning(doc, b.span(at..end), format!("`{}` is on the list of words to avoid", &b.text[at..end]))
                        .help(format!("{help} (GOV.UK style guide; the list is [plain_english] avoid in site.toml)")),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_end_at_full_stops_before_capitals_but_not_after_short_forms() {
        let text = "You can ask, e.g. by email. The council has 6 weeks! Is that all? yes.";
        let found: Vec<&str> = sentences(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(
            found,
            [
                "You can ask, e.g. by email.",
                "The council has 6 weeks!",
                "Is that all? yes."
            ]
        );
    }

    #[test]
    fn syllables_are_counted_as_readability_formulas_do() {
        assert_eq!(syllables("plan"), 1);
        assert_eq!(syllables("make"), 1);
        assert_eq!(syllables("table"), 2);
        assert_eq!(syllables("education"), 4);
        assert_eq!(syllables("2022"), 1);
    }

    #[test]
    fn acronyms_are_words_of_capitals() {
        let found: Vec<&str> = acronyms("Ask the SENCo’s team about EHCPs, not the Council or I.")
            .into_iter()
            .map(|(_, w)| w)
            .collect();
        assert_eq!(found, ["SENCo", "EHCPs"]);
    }

    #[test]
    fn plain_short_sentences_score_higher_than_long_latinate_ones() {
        let plain = Counts {
            words: 10,
            sentences: 1,
            syllables: 12,
        };
        let hard = Counts {
            words: 30,
            sentences: 1,
            syllables: 60,
        };
        assert!(plain.reading_ease() > Some(60.0));
        assert!(hard.reading_ease() < Some(30.0));
        assert_eq!(Counts::default().reading_ease(), None);
    }
}
