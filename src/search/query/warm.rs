//! Warming a newly opened index before it answers anyone.
//!
//! What a query needs for each of its words (the word's clauses, its typo
//! matches, its remembered lists, the documents its results show) is worked out
//! the first time a word is asked for and then kept for as long as the index is
//! open. On a fresh index every visitor's first words paid for that: in
//! process, on the 10,000-page corpus of `scripts/bench`, the first 20,000 new
//! queries took a mean of 78 µs each on an index just opened and 60 µs on a
//! warmed one (docs/performance.md). Warming works it out beforehand for the
//! words the site uses most, most used first.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use tantivy::query::EnableScoring;
use tantivy::{DocAddress, TantivyDocument};

use super::{AnswerKey, DEFAULT_LIMIT, SearchIndex};

/// How many of the site's most used words are warmed at most. On the
/// 10,000-page corpus that is every word it holds (4,156), in 0.4 s on two
/// cores; a larger site's rarer words are worked out when first asked for.
pub const WARMED_WORDS: usize = 5_000;

/// The longest warming may take; words not warmed by then are worked out when
/// first asked for, as before.
pub const WARMING_TIME: Duration = Duration::from_secs(5);

/// How many bytes of documents warming reads beforehand, at most: half of
/// what an index keeps, so that on a site too large to keep whole the other
/// half is left for the documents visitors' results show. Reading a document
/// not kept decompresses a block of the index's store: on the 10,000-page
/// corpus of `scripts/bench`, 14% of the instructions of the first 30,000 new
/// queries (callgrind), when only the warmed words' results (12 MB) had been
/// read. All of its 61,817 documents take about 50 MB.
const PRELOADED_BYTES: u64 = super::STORED_BYTES / 2;

/// What [`SearchIndex::warm`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Warmed {
    /// Words warmed.
    pub words: usize,
    /// Words it would have warmed given the time.
    pub of: usize,
    /// Documents whose shown parts were read beforehand, before the words
    /// were warmed.
    pub documents: usize,
}

impl SearchIndex {
    /// Reads beforehand what results show of the index's documents, in the
    /// store's order, up to [`PRELOADED_BYTES`]; then works out what searches
    /// for the site's most used words (at most [`WARMED_WORDS`]) need: each
    /// word as the word being typed and as an earlier word of a query, its
    /// typo matches, its remembered lists and the documents its first page
    /// shows. On every core, until `deadline`. Answers are the same warmed or
    /// not; only the first asks get faster. Answers themselves are not kept,
    /// as no visitor has asked for them.
    pub fn warm(&self, deadline: Instant) -> Warmed {
        let mut most_used: Vec<(u64, &str)> = self
            .words
            .iter()
            .map(|w| (w.count, w.text.as_str()))
            .filter(|(count, _)| *count > 0)
            .collect();
        most_used.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
        most_used.truncate(WARMED_WORDS);
        let documents = self.keep_documents(deadline, PRELOADED_BYTES);
        let words = most_used
            .par_iter()
            .filter(|(_, w)| Instant::now() < deadline && self.warm_word(w))
            .count();
        Warmed {
            words,
            of: most_used.len(),
            documents,
        }
    }

    /// Reads what results show of the index's documents into those it keeps,
    /// in the order of the store (a run of documents on each core, so that
    /// each block of the store is decompressed once), until the kept documents
    /// reach `most` bytes or `deadline` passes. Returns how many it kept.
    fn keep_documents(&self, deadline: Instant, most: u64) -> usize {
        let searcher = self.reader.searcher();
        let kept = AtomicUsize::new(0);
        for (ord, reader) in (0u32..).zip(searcher.segment_readers()) {
            let alive = reader.alive_bitset();
            let all_read = (0..reader.max_doc())
                .into_par_iter()
                .with_min_len(1024)
                .try_for_each(|doc| {
                    if alive.is_some_and(|a| a.is_deleted(doc)) {
                        return Some(());
                    }
                    if Instant::now() >= deadline {
                        return None;
                    }
                    let address = DocAddress::new(ord, doc);
                    let read: TantivyDocument = searcher.doc(address).ok()?;
                    let shown = Arc::new(self.shown_of(&read));
                    if self.documents.keep(address, shown, most)? {
                        kept.fetch_add(1, Ordering::Relaxed);
                    }
                    Some(())
                });
            if all_read.is_none() {
                break;
            }
        }
        kept.into_inner()
    }

    /// Warms one word; false if its search failed.
    fn warm_word(&self, w: &str) -> bool {
        let words = vec![w.to_owned()];
        let typed = AnswerKey {
            words: words.clone(),
            partial: true,
            kind: None,
            tags: Vec::new(),
            page: 1,
            limit: DEFAULT_LIMIT,
        };
        if self.answer(&typed).is_err() {
            return false;
        }
        // As an earlier word of a longer query, a word is not completed: its
        // own lists differ from the typed word's when it has completions.
        let built = self.built_word(w, false, &self.corrections(&words));
        let searcher = self.reader.searcher();
        let statistics = self.statistics(&searcher);
        let scoring = EnableScoring::enabled_from_statistics_provider(&statistics, &searcher);
        built.core.iter().chain(built.typos.iter()).all(|part| {
            part.weight(scoring).is_ok_and(|weight| {
                searcher
                    .segment_readers()
                    .iter()
                    .all(|reader| weight.scorer(reader, 1.0).is_ok())
            })
        })
    }
}
