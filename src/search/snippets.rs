//! Snippets: the part of a result's text that best matches the query, with the
//! words it found marked.
//!
//! The fragment chosen is the one tantivy's `SnippetGenerator` chooses, but found
//! for less. tantivy stems every word of every result's text and looks each one up
//! through a lower-cased copy (an allocation and a search of a `BTreeMap` of
//! `String`s per word), then escapes the HTML a character at a time; together that
//! was a sixth of what a query not asked before cost. [`Snippets`] instead knows,
//! before reading any text, every word as typed that stems to one of the query's
//! stems (from `words.txt`, which holds every word of the index with its stem), so
//! each word of the text is split off, lower-cased and looked up once, with no
//! stemming and no copy.

#[cfg(test)]
use std::collections::BTreeSet;
use std::ops::Range;

use rustc_hash::FxHashMap;
use tantivy::query::Bm25StatisticsProvider;
#[cfg(test)]
use tantivy::schema::Field;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Score, Term};

use super::schema;
use crate::util::html::escape_into;

/// Makes the snippets of one query's results.
pub struct Snippets<'a> {
    /// Each word as typed whose stem the query searches for in the field, worth
    /// more the rarer the stem (1 / (1 + the documents holding it), as tantivy
    /// weighs it). The words are the index's own, borrowed rather than copied.
    words: FxHashMap<&'a str, Score>,
    /// The index's analyzer without its stemmer (the same words at the same
    /// places), made when a text without [`Places`] is first cut: most
    /// queries' results all have them.
    analyzer: std::cell::OnceCell<TextAnalyzer>,
    /// The longest a fragment may be, in bytes.
    max_len: usize,
    /// For each [`sign`], the lengths of `words` with that sign, one bit
    /// each: most words of a text are ruled out by these without a look-up.
    shapes: Box<[u64; 256]>,
}

/// A stretch of the text, what the query's words in it are worth, and where they
/// are.
#[derive(Default)]
struct Fragment {
    start: usize,
    stop: usize,
    score: Score,
    marked: Vec<Range<usize>>,
}

impl<'a> Snippets<'a> {
    /// For `terms` in `field` (others are left out, as are repeats); `typed(stem)`
    /// gives the words as typed that have that stem.
    #[cfg(test)]
    pub fn for_terms<'t>(
        statistics: &dyn Bm25StatisticsProvider,
        terms: impl IntoIterator<Item = &'t Term>,
        field: Field,
        max_len: usize,
        typed: impl Fn(&str) -> Vec<&'a str>,
    ) -> tantivy::Result<Snippets<'a>> {
        let asked: BTreeSet<&Term> = terms.into_iter().filter(|t| t.field() == field).collect();
        let mut words = Vec::new();
        for term in asked {
            words.extend(worth(statistics, term, &typed)?);
        }
        Ok(Snippets::for_words(words, max_len))
    }

    /// For `words` as typed, each worth its score (see [`worth`]); a word given
    /// twice must have the same score both times.
    pub fn for_words(
        words: impl IntoIterator<Item = (&'a str, Score)>,
        max_len: usize,
    ) -> Snippets<'a> {
        let words: FxHashMap<&str, Score> = words.into_iter().collect();
        let mut shapes = Box::new([0u64; 256]);
        for word in words.keys() {
            if let Some(bit) = length_bit(word.len())
                && let Some(lengths) = shapes.get_mut(usize::from(sign(word.as_bytes())))
            {
                *lengths |= bit;
            }
        }
        Snippets {
            words,
            analyzer: std::cell::OnceCell::new(),
            max_len,
            shapes,
        }
    }

    /// The best fragment of `text` as HTML, the query's words in `<mark>`; `None`
    /// when `text` holds none of them.
    #[cfg(test)]
    pub fn html(&self, text: &str) -> Option<String> {
        self.html_in(text, None)
    }

    /// [`Self::html`] of a text whose [`words_of`] are known (`places`, which
    /// must be `words_of(text)`): the same snippet, without splitting the text
    /// into words again.
    pub fn html_in(&self, text: &str, places: Option<&Places>) -> Option<String> {
        let best = self.best_fragment(text, places)?;
        let mut html = String::with_capacity(best.stop - best.start + 32);
        let mut from = best.start;
        for marked in &best.marked {
            escape_into(&mut html, &text[from..marked.start]);
            html.push_str("<mark>");
            escape_into(&mut html, &text[marked.clone()]);
            html.push_str("</mark>");
            from = marked.end;
        }
        escape_into(&mut html, &text[from..best.stop]);
        Some(html)
    }

    /// The text cut into fragments as tantivy cuts it (the first from the start of
    /// the text, each next one from the word that would have made the last too
    /// long), and the one whose words are worth most; the first of equals.
    fn best_fragment(&self, text: &str, places: Option<&Places>) -> Option<Fragment> {
        if self.words.is_empty() {
            return None;
        }
        let mut cut = Cut {
            best: None,
            current: Fragment::default(),
            max_len: self.max_len,
        };
        // A result's words are split off once and kept with it (so an ASCII
        // text is not read through again here to learn that it is); other
        // texts (tests, a text too long for the places) are split here.
        let split;
        let places = match places {
            Some(places) => Some(places),
            None => {
                split = words_of(text);
                split.as_ref()
            }
        };
        match places {
            Some(Places::Short(places)) => self.read_through(text, places, &mut cut),
            Some(Places::Long(places)) => self.read_through(text, places, &mut cut),
            None => {
                let mut analyzer = self.analyzer.get_or_init(schema::raw).clone();
                let mut stream = analyzer.token_stream(text);
                while let Some(token) = stream.next() {
                    let score = self.words.get(token.text.as_str()).copied();
                    cut.token(token.offset_from, token.offset_to, score);
                }
            }
        }
        cut.finish()
    }

    /// Cuts ASCII `text`, whose words are at `places`, into fragments and
    /// weighs them. A word's length and [`sign`] are kept with its place, so
    /// nearly every word that is not one of the query's is ruled out without
    /// reading the text: only those that may be are read.
    fn read_through<T: Offset>(&self, text: &str, places: &[Word<T>], cut: &mut Cut) {
        let mut lower = String::new();
        for word in places {
            let from = word.from.at();
            let len = usize::from(word.len);
            let to = from + len;
            let may_be = self
                .shapes
                .get(usize::from(word.sign))
                .zip(length_bit(len))
                .is_some_and(|(lengths, bit)| lengths & bit != 0);
            // The text is read only here: even checking that `from..to` is
            // on character boundaries would read it for every word.
            let typed = if may_be { text.get(from..to) } else { None };
            let score = typed.and_then(|typed| {
                lower.clear();
                lower.push_str(typed);
                lower.make_ascii_lowercase();
                self.words.get(lower.as_str()).copied()
            });
            cut.token(from, to, score);
        }
    }
}

/// What each word with the stem of `term` is worth in a snippet (the words as
/// `typed(stem)` gives them): more the rarer the stem (1 / (1 + the documents
/// holding it), as tantivy weighs it); none for a stem no document holds.
pub fn worth<W, I: IntoIterator<Item = W>>(
    statistics: &dyn Bm25StatisticsProvider,
    term: &Term,
    typed: impl FnOnce(&str) -> I,
) -> tantivy::Result<Vec<(W, Score)>> {
    let value = term.value();
    let Some(stem) = value.as_str() else {
        return Ok(Vec::new());
    };
    let documents = statistics.doc_freq(term)?;
    if documents == 0 {
        return Ok(Vec::new());
    }
    let score = 1.0 / (1.0 + documents as Score);
    Ok(typed(stem).into_iter().map(|w| (w, score)).collect())
}

/// Where each word of an ASCII text starts, how long it is and its
/// [`sign`] (see [`words_of`]): in four bytes each for a text shorter than 64 KiB,
/// as most are. Reading through a result's words then reads the places alone,
/// and the text only at words that may be the query's.
pub enum Places {
    /// A text of at most 65,535 bytes.
    Short(Box<[Word<u16>]>),
    /// A longer one.
    Long(Box<[Word<u32>]>),
}

/// One word of a text: where it starts, its length (words are shorter than
/// [`schema::LONGEST_WORD`]) and its [`sign`].
#[derive(Clone, Copy)]
pub struct Word<T> {
    from: T,
    len: u8,
    sign: u8,
}

impl Places {
    /// About how many bytes it takes.
    pub fn bytes(&self) -> usize {
        match self {
            Places::Short(places) => size_of_val(&**places),
            Places::Long(places) => size_of_val(&**places),
        }
    }

    /// Each word's start and end.
    #[cfg(test)]
    fn all(&self) -> Vec<(usize, usize)> {
        fn ends<T: Offset>(places: &[Word<T>]) -> Vec<(usize, usize)> {
            places
                .iter()
                .map(|w| (w.from.at(), w.from.at() + usize::from(w.len)))
                .collect()
        }
        match self {
            Places::Short(places) => ends(places),
            Places::Long(places) => ends(places),
        }
    }
}

/// A place in a text, in however many bytes [`Places`] keeps it.
trait Offset: Copy {
    fn at(self) -> usize;
}

impl Offset for u16 {
    fn at(self) -> usize {
        usize::from(self)
    }
}

impl Offset for u32 {
    fn at(self) -> usize {
        self as usize
    }
}

/// Where each word of ASCII `text` starts and ends, as [`schema::raw`] splits
/// it (letters and digits, none of 40 letters or more), without the analyzer's
/// copy and accent folding of every word; `None` for other text. Worked out
/// once for each document results show and kept with it, as splitting every
/// result's text into words was two fifths of what a new query of one rare
/// word cost.
pub fn words_of(text: &str) -> Option<Places> {
    if !text.is_ascii() {
        return None;
    }
    // Every place is at most the text's length.
    if u16::try_from(text.len()).is_ok() {
        Some(Places::Short(split_words(text.as_bytes(), |i| i as u16)))
    } else if u32::try_from(text.len()).is_ok() {
        Some(Places::Long(split_words(text.as_bytes(), |i| i as u32)))
    } else {
        None
    }
}

/// Each word of `bytes`, its start as `place` gives a place.
fn split_words<T>(bytes: &[u8], place: impl Fn(usize) -> T) -> Box<[Word<T>]> {
    const _: () = assert!(
        schema::LONGEST_WORD <= 64,
        "a word's length must fit a shape bit and a byte"
    );
    let in_word = |i: usize| bytes.get(i).is_some_and(|&b| WORD_BYTES[usize::from(b)]);
    let mut places = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !in_word(i) {
            i += 1;
            continue;
        }
        let start = i;
        while in_word(i) {
            i += 1;
        }
        let len = i - start;
        if len < schema::LONGEST_WORD {
            places.push(Word {
                from: place(start),
                // Shorter than LONGEST_WORD, so it fits.
                len: len as u8,
                sign: sign(&bytes[start..i]),
            });
        }
    }
    places.into()
}

/// The bytes words are made of (ASCII letters and digits), by value: one look-up
/// a byte rather than three comparisons.
static WORD_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    table
};

/// A byte worked out from a word, the same for every way of writing it in
/// upper and lower case: two words with different signs differ. With a
/// 256-way split, a word of a result's text that is not one of the query's
/// shares a sign and length with one of them far less often than it shared
/// their first letter and length (which the places held before).
fn sign(word: &[u8]) -> u8 {
    let mut hash: u32 = 0x811c_9dc5;
    for &b in word {
        hash = (hash ^ u32::from(b.to_ascii_lowercase())).wrapping_mul(0x0100_0193);
    }
    // The high bits have seen every byte.
    (hash >> 24) as u8
}

/// The bit for a word `len` bytes long in [`Snippets::shapes`].
fn length_bit(len: usize) -> Option<u64> {
    1u64.checked_shl(u32::try_from(len).ok()?)
}

/// The fragments of a text as its words come, and the best so far.
struct Cut {
    best: Option<Fragment>,
    current: Fragment,
    max_len: usize,
}

impl Cut {
    /// The word at `from..to`, worth `score` if the query asks for it.
    fn token(&mut self, from: usize, to: usize, score: Option<Score>) {
        if to - self.current.start > self.max_len {
            let next = Fragment {
                start: from,
                stop: from,
                ..Fragment::default()
            };
            let done = std::mem::replace(&mut self.current, next);
            self.keep(done);
        }
        self.current.stop = to;
        if let Some(score) = score {
            self.current.score += score;
            self.current.marked.push(from..to);
        }
    }

    fn keep(&mut self, fragment: Fragment) {
        if fragment.score > 0.0 && self.best.as_ref().is_none_or(|b| fragment.score > b.score) {
            self.best = Some(fragment);
        }
    }

    fn finish(mut self) -> Option<Fragment> {
        let last = std::mem::take(&mut self.current);
        self.keep(last);
        self.best
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::schema;
    use tantivy::query::{Query, TermQuery};
    use tantivy::schema::IndexRecordOption;
    use tantivy::snippet::SnippetGenerator;
    use tantivy::{Index, IndexWriter, Searcher, TantivyDocument};

    /// A small index of made-up text, and the body field.
    fn index(bodies: &[&str]) -> (Index, Field) {
        let (schema, fields) = schema::schema();
        let index = Index::create_in_ram(schema);
        schema::register_tokenizers(&index);
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for body in bodies {
            let mut doc = TantivyDocument::default();
            doc.add_text(fields.body, body);
            writer.add_document(doc).unwrap();
        }
        writer.commit().unwrap();
        (index, fields.body)
    }

    fn stems(words: &str) -> Vec<String> {
        schema::tokens(&mut schema::stemmed(), words)
    }

    fn query(field: Field, words: &str) -> Box<dyn Query> {
        let clauses = stems(words)
            .into_iter()
            .map(|s| {
                let term = TermQuery::new(
                    Term::from_field_text(field, &s),
                    IndexRecordOption::WithFreqs,
                );
                (
                    tantivy::query::Occur::Should,
                    Box::new(term) as Box<dyn Query>,
                )
            })
            .collect();
        Box::new(tantivy::query::BooleanQuery::new(clauses))
    }

    /// What tantivy's own generator makes of `text`.
    fn tantivys(searcher: &Searcher, q: &dyn Query, field: Field, text: &str) -> Option<String> {
        let mut generator = SnippetGenerator::create(searcher, q, field).unwrap();
        generator.set_max_num_chars(60);
        let mut snippet = generator.snippet(text);
        snippet.set_snippet_prefix_postfix("<mark>", "</mark>");
        // htmlescape writes an apostrophe as &#x27;, our pages as &#39;.
        (!snippet.is_empty()).then(|| snippet.to_html().replace("&#x27;", "&#39;"))
    }

    /// Each word of `texts` as typed with its stem.
    fn typed_words(texts: &[&str]) -> Vec<(String, String)> {
        let mut words: Vec<(String, String)> = texts
            .iter()
            .flat_map(|t| schema::tokens(&mut schema::raw(), t))
            .map(|w| {
                let stem = stems(&w).pop().unwrap_or_default();
                (w, stem)
            })
            .collect();
        words.sort();
        words.dedup();
        words
    }

    fn snippets<'a>(
        searcher: &Searcher,
        q: &dyn Query,
        field: Field,
        words: &'a [(String, String)],
    ) -> Snippets<'a> {
        let mut terms = Vec::new();
        q.query_terms(&mut |term, _| terms.push(term));
        Snippets::for_terms(searcher, terms, field, 60, |stem| {
            words
                .iter()
                .filter(|(_, s)| s == stem)
                .map(|(w, _)| w.as_str())
                .collect()
        })
        .unwrap()
    }

    #[test]
    fn the_same_snippets_as_tantivys_generator() {
        let texts = [
            "Short breaks give families a rest. Reviews of short breaks happen every year, \
             and a review can be asked for sooner: write to the team's <at> example.org.",
            "Nothing here matches at all, however long the text goes on and on and on.",
            "Transport to school: a REVIEW of the travel plan. Travel & transport reviews \
             are \"yearly\"; Ürgent reviews happen when needs change, reviewing everything.",
            "review",
            "",
            // Longer than 65,535 bytes, so its places take four bytes each.
            &format!(
                "{} short breaks, the end of a review",
                "Filler text. ".repeat(5_100)
            ),
        ];
        let (index, body) = index(&texts);
        let searcher = index.reader().unwrap().searcher();
        let typed = typed_words(&texts);
        for words in [
            "short breaks review",
            "transport urgent",
            "reviewing",
            "zzz",
        ] {
            let q = query(body, words);
            let ours = snippets(&searcher, &*q, body, &typed);
            for text in &texts {
                let theirs = tantivys(&searcher, &*q, body, text);
                assert_eq!(ours.html(text), theirs, "{words:?} in {text:?}");
                // From the text's words, split off beforehand.
                let places = words_of(text);
                assert_eq!(places.is_some(), text.is_ascii());
                assert_eq!(
                    ours.html_in(text, places.as_ref()),
                    theirs,
                    "{words:?} in {text:?}"
                );
            }
        }
    }

    #[test]
    fn ascii_text_is_cut_into_the_words_the_analyzer_makes() {
        let long = "a".repeat(schema::LONGEST_WORD);
        let short = "b".repeat(schema::LONGEST_WORD - 1);
        for text in [
            "Short breaks: Reviews (2024) & EHCPs, section-B; it's x9 ok",
            &format!("before {long} {short} after"),
            "",
            "  --  ",
        ] {
            let ours: Vec<(usize, usize, String)> = words_of(text)
                .map(|places| places.all())
                .unwrap_or_default()
                .into_iter()
                .map(|(from, to)| (from, to, text[from..to].to_ascii_lowercase()))
                .collect();
            let mut analyzer = schema::raw();
            let mut stream = analyzer.token_stream(text);
            let mut theirs = Vec::new();
            while let Some(t) = stream.next() {
                theirs.push((t.offset_from, t.offset_to, t.text.clone()));
            }
            assert!(!theirs.is_empty() || text.trim_matches([' ', '-']).is_empty());
            assert_eq!(ours, theirs, "{text:?}");
        }
    }

    #[test]
    fn the_rarer_word_wins_the_fragment_and_is_marked() {
        let filler = "and so on ".repeat(10);
        let text = format!("plans are common here. {filler} tribunal appeals are rare.");
        let texts = [text.as_str(), "plans", "plans again", "more plans"];
        let (index, body) = index(&texts);
        let searcher = index.reader().unwrap().searcher();
        let q = query(body, "plans tribunal");
        let html = snippets(&searcher, &*q, body, &typed_words(&texts))
            .html(&text)
            .unwrap();
        assert!(html.contains("<mark>tribunal</mark>"), "{html}");
        assert!(!html.contains("plans are common"), "{html}");
    }
}
