//! The search index's fields and text analysis.
//!
//! The text is indexed once, by `lo_en` (lower case, accents folded, English
//! stems). The same words without stems, which typo tolerance, prefixes and "did
//! you mean" need, are counted at build time into a file beside the index (see
//! [`super::words`]), analysed by [`raw()`]. tantivy does not store tokenizers in
//! the index: [`register_tokenizers`] must run on every `Index` opened.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use rustc_hash::FxHashMap;
use tantivy::Index;
use tantivy::schema::{
    FAST, Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer,
    Stemmer, TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer,
};

/// Words of this many bytes or more are left out of the index (a URL or a long
/// run of letters is not a word anyone types).
pub const LONGEST_WORD: usize = 40;

/// The stemmed English analyzer.
pub const STEMMED: &str = "lo_en";

/// The index's fields.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// The document's title: the page title, the question, the term.
    pub title: Field,
    /// Headings above it: the FAQ subject and page, a term's full form.
    pub headings: Field,
    /// The text: an answer, a definition, a page body.
    pub body: Field,
    /// The content kind (`faq`, `jargon`...).
    pub kind: Field,
    /// The site-relative URL, with `#anchor` for sections (stored only).
    pub url: Field,
    /// The URL of the page the document is on, without the `#anchor`: what
    /// `serve --watch` deletes a changed page's documents by. Indexed only.
    pub page: Field,
    /// The date shown with the result, if any (`YYYY-MM-DD`).
    pub date: Field,
    /// The kind as a number (its place in [`crate::content::Kind::ALL`]), a fast
    /// field so facets are counted in the same pass as the results.
    pub kind_id: Field,
    /// What filters find the document by, each `filter:value` (indexed only).
    pub tags: Field,
}

/// The tag of a document whose text holds a figure: what a question asking "how
/// many" or "how long" prefers.
pub const FIGURES_TAG: &str = "shape:figures";

/// Whether `text` holds a figure: a number that is not a year on its own ("20
/// weeks", "87%", "200 cases"; not "June 2022").
pub fn holds_figures(text: &str) -> bool {
    // Bytes, not characters: this reads every entry's whole text at build time.
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        let n = &bytes[start..i];
        if !(n.len() == 4 && (n.starts_with(b"19") || n.starts_with(b"20"))) {
            return true;
        }
    }
    false
}

/// Builds the schema.
pub fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(STEMMED)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
        .set_stored();
    let fields = Fields {
        title: b.add_text_field("title", text.clone()),
        headings: b.add_text_field("headings", text.clone()),
        body: b.add_text_field("body", text),
        kind: b.add_text_field("kind", STRING | STORED),
        // Every question and term has its own URL: indexing them all made the
        // term dictionary a twelfth of a build's CPU time, so only pages are indexed.
        url: b.add_text_field("url", STORED),
        page: b.add_text_field("page", STRING),
        date: b.add_text_field("date", TextOptions::default().set_stored()),
        kind_id: b.add_u64_field("kind_id", FAST),
        tags: b.add_text_field("tags", STRING),
    };
    (b.build(), fields)
}

/// The fields of an opened index's schema. An index written by another version
/// of localoffer is refused with what to do.
pub fn fields_of(schema: &Schema) -> tantivy::Result<Fields> {
    let f = |name: &str| {
        schema.get_field(name).map_err(|_| {
            tantivy::TantivyError::SchemaError(format!(
                "the search index has no `{name}` field: another version of localoffer wrote it; build the site again to write it afresh"
            ))
        })
    };
    Ok(Fields {
        title: f("title")?,
        headings: f("headings")?,
        body: f("body")?,
        kind: f("kind")?,
        url: f("url")?,
        page: f("page")?,
        date: f("date")?,
        kind_id: f("kind_id")?,
        tags: f("tags")?,
    })
}

/// The stemmed analyzer.
pub fn stemmed() -> TextAnalyzer {
    stemmed_with(None)
}

/// Each word as typed (lower case, accents folded) with its stem and how many
/// times the text held it: what [`counting_stemmed`] gathers.
pub type WordCounts = Arc<Mutex<HashMap<String, (String, u64)>>>;

/// The stemmed analyzer, also counting the words it stems into `counts`. Each
/// copy tantivy makes (one for each field of each segment it writes) counts on
/// its own and adds its counts when it is dropped, which tantivy does as it
/// finishes the segment: once `commit` returns, `counts` holds every word of the
/// documents committed. Counting here costs nothing more than the index itself:
/// the words are already split, folded and looked up for their stems.
pub fn counting_stemmed(counts: WordCounts) -> TextAnalyzer {
    stemmed_with(Some(counts))
}

fn stemmed_with(counts: Option<WordCounts>) -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(LONGEST_WORD))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(RememberedStems { counts })
        .build()
}

/// The English stemmer, remembering each word's stem: a site repeats a few
/// thousand words over and over, and working out a stem costs several times more
/// than looking one up (stemming was a seventh of a 10,000-page build).
#[derive(Clone)]
struct RememberedStems {
    counts: Option<WordCounts>,
}

/// How many stems each copy of the analyzer (or, when not counting, each
/// thread) remembers before it starts again.
const STEMS_REMEMBERED: usize = 100_000;

type Stems = FxHashMap<String, (String, u64)>;

thread_local! {
    /// The stems remembered by analyzers that do not count words: the server's
    /// copies (snippets take a fresh copy for each result) share them by thread.
    static STEMS: std::cell::RefCell<Stems> = std::cell::RefCell::default();
}

impl TokenFilter for RememberedStems {
    type Tokenizer<T: Tokenizer> = RememberedStemsFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> RememberedStemsFilter<T> {
        RememberedStemsFilter {
            inner: tokenizer,
            stemmer: TextAnalyzer::builder(RawTokenizer::default())
                .filter(Stemmer::new(Language::English))
                .build(),
            stems: FxHashMap::default(),
            counts: self.counts,
        }
    }
}

struct RememberedStemsFilter<T> {
    inner: T,
    /// Stems one word (the whole text is one token).
    stemmer: TextAnalyzer,
    /// When counting, each word seen with its stem and how many times it was seen.
    stems: Stems,
    /// Where the counts go.
    counts: Option<WordCounts>,
}

impl<T> RememberedStemsFilter<T> {
    /// Adds the counts so far to `counts` and starts again.
    fn hand_over(&mut self) {
        let Some(counts) = &self.counts else {
            return;
        };
        // A poisoned lock means another copy panicked: the build fails anyway.
        if let Ok(mut counts) = counts.lock() {
            for (word, (stem, n)) in self.stems.drain() {
                counts.entry(word).or_insert((stem, 0)).1 += n;
            }
        }
    }
}

/// A copy starts with nothing counted, so nothing is counted twice.
impl<T: Clone> Clone for RememberedStemsFilter<T> {
    fn clone(&self) -> Self {
        RememberedStemsFilter {
            inner: self.inner.clone(),
            stemmer: self.stemmer.clone(),
            stems: FxHashMap::default(),
            counts: self.counts.clone(),
        }
    }
}

impl<T> Drop for RememberedStemsFilter<T> {
    fn drop(&mut self) {
        self.hand_over();
    }
}

impl<T: Tokenizer> Tokenizer for RememberedStemsFilter<T> {
    type TokenStream<'a> = RememberedStemsStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        if self.stems.len() >= STEMS_REMEMBERED {
            self.hand_over();
        }
        RememberedStemsStream {
            tail: self.inner.token_stream(text),
            stemmer: &mut self.stemmer,
            stems: self.counts.is_some().then_some(&mut self.stems),
        }
    }
}

struct RememberedStemsStream<'a, T> {
    tail: T,
    stemmer: &'a mut TextAnalyzer,
    /// The copy's own stems when counting; the thread's otherwise.
    stems: Option<&'a mut Stems>,
}

impl<T: TokenStream> TokenStream for RememberedStemsStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        match self.stems.as_deref_mut() {
            Some(stems) => stem(stems, self.stemmer, &mut token.text),
            None => STEMS.with_borrow_mut(|stems| {
                if stems.len() >= STEMS_REMEMBERED {
                    stems.clear();
                }
                stem(stems, self.stemmer, &mut token.text);
            }),
        }
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// Replaces `word` with its stem, remembered in `stems` (and counted there).
fn stem(stems: &mut Stems, stemmer: &mut TextAnalyzer, word: &mut String) {
    if let Some((stem, n)) = stems.get_mut(word.as_str()) {
        *n += 1;
        word.clear();
        word.push_str(stem);
        return;
    }
    let stem = {
        let mut stream = stemmer.token_stream(word);
        if stream.advance() {
            stream.token().text.clone()
        } else {
            word.clone()
        }
    };
    let was = std::mem::replace(word, stem.clone());
    stems.insert(was, (stem, 1));
}

/// The unstemmed analyzer: the words as typed, for [`super::words`] and queries.
pub fn raw() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(LONGEST_WORD))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// Registers the analyzer with `index`.
pub fn register_tokenizers(index: &Index) {
    index.tokenizers().register(STEMMED, stemmed());
}

/// The tokens `analyzer` makes of `text`.
pub fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_index_from_another_version_is_refused_with_what_to_do() {
        let mut b = Schema::builder();
        for name in [
            "title",
            "headings",
            "body",
            "title_raw",
            "body_raw",
            "kind",
            "url",
        ] {
            b.add_text_field(name, STRING | STORED);
        }
        let e = fields_of(&b.build()).expect_err("refused").to_string();
        assert!(e.contains("no `page` field"), "{e}");
        assert!(e.contains("build the site again"), "{e}");
        assert!(fields_of(&schema().0).is_ok());
    }

    #[test]
    fn figures_are_numbers_other_than_years() {
        assert!(holds_figures("Most plans are finished within 20 weeks."));
        assert!(holds_figures("87% were on time"));
        assert!(!holds_figures("Published in June 2022, reviewed 2023."));
        assert!(!holds_figures("No numbers here."));
        assert!(holds_figures("2022 and then 7"));
        assert!(holds_figures("12345"));
        assert!(!holds_figures("1999"));
    }

    #[test]
    fn remembered_stems_are_the_stemmers_own() {
        let mut plain = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(Stemmer::new(Language::English))
            .build();
        let text = "Reviews reviewing reviewed review assessments Assessment appeals appealing";
        let expected = tokens(&mut plain, text);
        assert_eq!(expected[0], "review");
        // Worked out the first time, remembered the second.
        assert_eq!(tokens(&mut stemmed(), text), expected);
        assert_eq!(tokens(&mut stemmed(), text), expected);
    }
}
