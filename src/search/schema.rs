//! The search index's fields and text analysis.
//!
//! Two analyses of the same text: `lo_en` (lower case, accents folded, English
//! stems) for ranking, and `lo_raw` (lower case, accents folded, no stems) for typo
//! tolerance, prefixes and "did you mean", which need the words as written.
//! tantivy does not store tokenizers in the index: [`register_tokenizers`] must run
//! on every `Index` opened.

use tantivy::Index;
use tantivy::schema::{
    FAST, Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer,
    Stemmer, TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer,
};

/// The stemmed English analyzer.
pub const STEMMED: &str = "lo_en";
/// The unstemmed analyzer.
pub const RAW: &str = "lo_raw";

/// The index's fields.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// The document's title: the page title, the question, the term.
    pub title: Field,
    /// Headings above it: the FAQ subject and page, a term's full form.
    pub headings: Field,
    /// The text: an answer, a definition, a page body.
    pub body: Field,
    /// `title` without stems.
    pub title_raw: Field,
    /// `body` without stems.
    pub body_raw: Field,
    /// The content kind (`faq`, `jargon`...).
    pub kind: Field,
    /// The site-relative URL, with `#anchor` for sections.
    pub url: Field,
    /// The date shown with the result, if any (`YYYY-MM-DD`).
    pub date: Field,
    /// The kind as a number (its place in [`crate::content::Kind::ALL`]), a fast
    /// field so facets are counted in the same pass as the results.
    pub kind_id: Field,
}

/// Builds the schema.
pub fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = |analyzer: &str, stored: bool| {
        // The stemmed fields rank and match phrases; the unstemmed ones only say
        // which documents hold a word (typo and prefix matches score alike), so
        // they keep no counts or positions: a quarter less to index and store.
        let record = if analyzer == RAW {
            IndexRecordOption::Basic
        } else {
            IndexRecordOption::WithFreqsAndPositions
        };
        let indexing = TextFieldIndexing::default()
            .set_tokenizer(analyzer)
            .set_index_option(record);
        let options = TextOptions::default().set_indexing_options(indexing);
        if stored {
            options.set_stored()
        } else {
            options
        }
    };
    let fields = Fields {
        title: b.add_text_field("title", text(STEMMED, true)),
        headings: b.add_text_field("headings", text(STEMMED, true)),
        body: b.add_text_field("body", text(STEMMED, true)),
        title_raw: b.add_text_field("title_raw", text(RAW, false)),
        body_raw: b.add_text_field("body_raw", text(RAW, false)),
        kind: b.add_text_field("kind", STRING | STORED),
        url: b.add_text_field("url", STRING | STORED),
        date: b.add_text_field("date", TextOptions::default().set_stored()),
        kind_id: b.add_u64_field("kind_id", FAST),
    };
    (b.build(), fields)
}

/// The fields of an opened index's schema.
pub fn fields_of(schema: &Schema) -> tantivy::Result<Fields> {
    let f = |name: &str| schema.get_field(name);
    Ok(Fields {
        title: f("title")?,
        headings: f("headings")?,
        body: f("body")?,
        title_raw: f("title_raw")?,
        body_raw: f("body_raw")?,
        kind: f("kind")?,
        url: f("url")?,
        date: f("date")?,
        kind_id: f("kind_id")?,
    })
}

/// The stemmed analyzer.
pub fn stemmed() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(RememberedStems)
        .build()
}

/// The English stemmer, remembering each word's stem: a site repeats a few
/// thousand words over and over, and working out a stem costs several times more
/// than looking one up (stemming was a seventh of a 10,000-page build).
#[derive(Clone, Copy)]
struct RememberedStems;

/// How many stems each thread remembers before it starts again.
const STEMS_REMEMBERED: usize = 100_000;

thread_local! {
    static STEMS: std::cell::RefCell<std::collections::HashMap<String, String>> =
        std::cell::RefCell::default();
}

impl TokenFilter for RememberedStems {
    type Tokenizer<T: Tokenizer> = RememberedStemsFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> RememberedStemsFilter<T> {
        RememberedStemsFilter {
            inner: tokenizer,
            stemmer: TextAnalyzer::builder(RawTokenizer::default())
                .filter(Stemmer::new(Language::English))
                .build(),
        }
    }
}

#[derive(Clone)]
struct RememberedStemsFilter<T> {
    inner: T,
    /// Stems one word (the whole text is one token).
    stemmer: TextAnalyzer,
}

impl<T: Tokenizer> Tokenizer for RememberedStemsFilter<T> {
    type TokenStream<'a> = RememberedStemsStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        RememberedStemsStream {
            tail: self.inner.token_stream(text),
            stemmer: &mut self.stemmer,
        }
    }
}

struct RememberedStemsStream<'a, T> {
    tail: T,
    stemmer: &'a mut TextAnalyzer,
}

impl<T: TokenStream> TokenStream for RememberedStemsStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        STEMS.with_borrow_mut(|stems| {
            if let Some(stem) = stems.get(&token.text) {
                token.text.clear();
                token.text.push_str(stem);
                return;
            }
            let stem = {
                let mut stream = self.stemmer.token_stream(&token.text);
                if stream.advance() {
                    stream.token().text.clone()
                } else {
                    token.text.clone()
                }
            };
            if stems.len() >= STEMS_REMEMBERED {
                stems.clear();
            }
            stems.insert(std::mem::replace(&mut token.text, stem.clone()), stem);
        });
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// The unstemmed analyzer.
pub fn raw() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// Registers both analyzers with `index`.
pub fn register_tokenizers(index: &Index) {
    index.tokenizers().register(STEMMED, stemmed());
    index.tokenizers().register(RAW, raw());
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
