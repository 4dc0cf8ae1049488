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

use std::time::{Duration, Instant};

use rayon::prelude::*;
use tantivy::query::EnableScoring;

use super::{AnswerKey, DEFAULT_LIMIT, SearchIndex};

/// How many of the site's most used words are warmed at most. On the
/// 10,000-page corpus that is every word it holds (4,156), in 0.4 s on two
/// cores; a larger site's rarer words are worked out when first asked for.
pub const WARMED_WORDS: usize = 5_000;

/// The longest warming may take; words not warmed by then are worked out when
/// first asked for, as before.
pub const WARMING_TIME: Duration = Duration::from_secs(5);

/// What [`SearchIndex::warm`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Warmed {
    /// Words warmed.
    pub words: usize,
    /// Words it would have warmed given the time.
    pub of: usize,
}

impl SearchIndex {
    /// Works out beforehand what searches for the site's most used words (at
    /// most [`WARMED_WORDS`]) need, on every core, until `deadline`: each word
    /// as the word being typed and as an earlier word of a query, its typo
    /// matches, its remembered lists and the documents its first page shows.
    /// Answers are the same warmed or not; only the first asks get faster.
    /// Answers themselves are not kept, as no visitor has asked for them.
    pub fn warm(&self, deadline: Instant) -> Warmed {
        let mut most_used: Vec<(u64, &str)> = self
            .words
            .iter()
            .map(|w| (w.count, w.text.as_str()))
            .filter(|(count, _)| *count > 0)
            .collect();
        most_used.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
        most_used.truncate(WARMED_WORDS);
        let words = most_used
            .par_iter()
            .filter(|(_, w)| Instant::now() < deadline && self.warm_word(w))
            .count();
        Warmed {
            words,
            of: most_used.len(),
        }
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
