//! A segment's best documents for [`super::all_words`], without adding up every
//! document a query matches.
//!
//! A new query on the 10,000-page corpus matches about 2,700 entries, and adding
//! up every one of them in a [`super::tally`] and handing each to tantivy's
//! collectors was a fifth of what the query cost, though ten are shown. So each
//! part only marks which documents it matches (for the total and the facets,
//! counted from the marks 64 at a time) and adds its best score in each block of
//! [`BLOCK`] documents to the block's bound. A long remembered list does that a
//! block at a time, from the [`Block`]s worked out when it was kept; others
//! entry by entry. A block's bound is its parts' best scores added up as a
//! document's score is, so no document in the block can score more. Blocks are
//! scored in the order of their bounds (on the 10,000-page corpus, about 13 of
//! the 58 blocks a segment's matches fall in), and once the worst of the best
//! `k` found beats the next block's bound, the rest cannot change them. A
//! segment after the first starts from the worst of the best `k` of those
//! before it (its `floor`): on the 10,000-page corpus, split in two segments,
//! that left 7% fewer instructions in ranking (callgrind).
//!
//! Each document scored is added up part by part in the same order as in the
//! tally, so it scores the same to the last bit, and ties go to the lower
//! document as in tantivy's `TopDocs`.

use std::cell::RefCell;
use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

use tantivy::fastfield::AliveBitSet;
use tantivy::{DocId, Score};

use super::tally::{BLOCK, Block, Slot, blocks_in};

/// What a part's match means for the bonus (see [`super::all_words`]).
#[derive(Clone, Copy)]
pub struct Share {
    /// The words it matches, one bit each.
    pub words: u64,
    /// How many needed words it matches: its score goes into the bonus that many
    /// times.
    pub needed: u8,
}

impl Share {
    /// A part that counts for the score alone.
    pub const NONE: Share = Share {
        words: 0,
        needed: 0,
    };

    /// Adds a match scoring `score` to `slot`, as every way of adding up
    /// [`super::all_words`] does.
    #[inline]
    pub fn add(self, slot: &mut Slot, score: Score) {
        slot.total += score;
        slot.words |= self.words;
        for _ in 0..self.needed {
            slot.again += score;
        }
    }
}

/// When a document earns the bonus: it matches every word of `needed`, and
/// there are at least two (see [`super::all_words`]).
#[derive(Clone, Copy)]
pub struct Bonus {
    pub needed: u64,
    pub on: bool,
}

impl Bonus {
    /// A document's score from what its parts added up.
    #[inline]
    pub fn score(self, slot: &Slot) -> Score {
        if self.on && slot.words & self.needed == self.needed {
            slot.total + slot.again
        } else {
            slot.total
        }
    }
}

/// Each thread's marks and bounds, kept between queries and emptied after each.
#[derive(Default)]
pub struct Ranker {
    /// One bit for each document some part matches.
    matched: Vec<u64>,
    /// For each word (by its bit) watched, the documents its parts match.
    words: Vec<Vec<u64>>,
    /// The word bits watched.
    watched: u64,
    /// One bit for each block some part matches.
    touched: Vec<u64>,
    /// For each block, the parts' best scores added up by [`Share::add`], as a
    /// document's scores are: its bound (see [`Bonus::score`]'s parts).
    bounds: Vec<Slot>,
    /// For each part added (in order), where its entries of each block start
    /// (`u32::MAX` for a block it does not match), so that scoring a block
    /// reads them without searching.
    starts: Vec<Vec<u32>>,
    /// How many parts were added.
    parts: usize,
}

thread_local! {
    static RANKER: RefCell<Ranker> = RefCell::default();
}

/// Runs `f` with an empty ranker for a segment of `max_doc` documents that
/// keeps, for each word of `watched`, the documents its parts match: this
/// thread's own, or a new one if it is in use further up the stack. It is
/// emptied afterwards, even if `f` fails or panics.
pub fn with_ranker<R>(max_doc: DocId, watched: u64, f: impl FnOnce(&mut Ranker) -> R) -> R {
    let run = |ranker: &mut Ranker| {
        ranker.fit(max_doc as usize, watched);
        let emptied = Emptied(ranker);
        f(emptied.0)
    };
    RANKER.with(|cell| match cell.try_borrow_mut() {
        Ok(mut ranker) => run(&mut ranker),
        Err(_) => run(&mut Ranker::default()),
    })
}

struct Emptied<'a>(&'a mut Ranker);

impl Drop for Emptied<'_> {
    fn drop(&mut self) {
        self.0.empty();
    }
}

/// The 64-bit words of the marks that block `b` covers.
fn words_of(b: usize) -> std::ops::Range<usize> {
    b * (BLOCK / 64)..(b + 1) * (BLOCK / 64)
}

/// A score and the document or block that has it, ordered best first: the
/// greater is the higher score, or of equal scores the lower place (as
/// `TopDocs` breaks ties).
struct Ranked(Score, u32);

impl PartialEq for Ranked {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Ranked {}

impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.total_cmp(&other.0).then(other.1.cmp(&self.1))
    }
}

impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ranker {
    fn fit(&mut self, max_doc: usize, watched: u64) {
        let words = max_doc.div_ceil(64);
        if self.matched.len() < words {
            self.matched.resize(words, 0);
        }
        self.watched = watched;
        if self.words.len() < 64 {
            self.words.resize_with(64, Vec::new);
        }
        let mut bits = watched;
        while bits != 0 {
            let list = &mut self.words[bits.trailing_zeros() as usize];
            bits &= bits - 1;
            if list.len() < words {
                list.resize(words, 0);
            }
        }
        let blocks = max_doc.div_ceil(BLOCK);
        self.parts = 0;
        if self.bounds.len() < blocks {
            self.bounds.resize(blocks, Slot::default());
            self.touched.resize(blocks.div_ceil(64), 0);
        }
    }

    /// Calls `f` with each block some part matches, in order.
    fn each_block(&self, mut f: impl FnMut(usize)) {
        for (high, &touched) in self.touched.iter().enumerate() {
            let mut blocks = touched;
            while blocks != 0 {
                f(high * 64 + blocks.trailing_zeros() as usize);
                blocks &= blocks - 1;
            }
        }
    }

    fn empty(&mut self) {
        for high in 0..self.touched.len() {
            let mut blocks = std::mem::take(&mut self.touched[high]);
            while blocks != 0 {
                let b = high * 64 + blocks.trailing_zeros() as usize;
                blocks &= blocks - 1;
                self.bounds[b] = Slot::default();
                for at in words_of(b) {
                    self.set_marks(at, self.watched, |w| *w = 0);
                }
            }
        }
    }

    /// Marks the documents of `entries` (in document order) and adds the part's
    /// best score in each block to the blocks' bounds, from `blocks` (the
    /// entries' [`Block`]s) when given. Parts must be added in the order their
    /// scores are added up.
    pub fn add(&mut self, entries: &[(DocId, Score)], blocks: Option<&[Block]>, share: Share) {
        let watched = share.words & self.watched;
        if self.starts.len() <= self.parts {
            self.starts.push(Vec::new());
        }
        let starts = &mut self.starts[self.parts];
        self.parts += 1;
        starts.clear();
        starts.resize(self.bounds.len(), u32::MAX);
        if let Some(blocks) = blocks {
            for block in blocks {
                self.add_block(block, share, watched);
            }
            return;
        }
        for block in blocks_in(entries) {
            self.add_block(&block, share, watched);
        }
    }

    /// Adds one block of the last part added: its documents to the marks, its
    /// best score to the block's bound (in the order, and the way, `Share::add`
    /// adds up a document's scores: a sum of larger numbers in the same order is
    /// never smaller), and where its entries start.
    fn add_block(&mut self, block: &Block, share: Share, watched: u64) {
        let b = block.at as usize;
        let Some(bound) = self.bounds.get_mut(b) else {
            return;
        };
        share.add(bound, block.best);
        self.touched[b / 64] |= 1 << (b % 64);
        if let Some(start) = self
            .parts
            .checked_sub(1)
            .and_then(|p| self.starts.get_mut(p))
            .and_then(|starts| starts.get_mut(b))
        {
            *start = block.start;
        }
        for (at, marks) in words_of(b).zip(block.marks) {
            self.set_marks(at, watched, |w| *w |= marks);
        }
    }

    /// Applies `set` to word `at` of the marks and of the marks of each word of
    /// `watched`.
    fn set_marks(&mut self, at: usize, watched: u64, set: impl Fn(&mut u64)) {
        if let Some(w) = self.matched.get_mut(at) {
            set(w);
        }
        let mut bits = watched;
        while bits != 0 {
            if let Some(w) = self
                .words
                .get_mut(bits.trailing_zeros() as usize)
                .and_then(|marks| marks.get_mut(at))
            {
                set(w);
            }
            bits &= bits - 1;
        }
    }

    /// Whether some document is matched by parts of every word of `words` (each
    /// of which must be watched).
    pub fn some_match_all(&self, words: u64) -> bool {
        let mut found = false;
        self.each_block(|b| found = found || self.any_all(b, words));
        found
    }

    /// Whether some document of block `b` is matched by parts of every word of
    /// `words`.
    fn any_all(&self, b: usize, words: u64) -> bool {
        words_of(b).any(|at| self.all_at(at, words) != 0)
    }

    /// The documents at word `at` of the marks matched by parts of every word
    /// of `words`.
    fn all_at(&self, at: usize, words: u64) -> u64 {
        let mut all = self.matched.get(at).copied().unwrap_or(0);
        let mut bits = words & self.watched;
        while bits != 0 && all != 0 {
            all &= self.words[bits.trailing_zeros() as usize][at];
            bits &= bits - 1;
        }
        all
    }

    /// Calls `f` with each word of the marks that has some document marked
    /// (its place, and its bits: documents `64 * place` onwards), in order.
    pub fn each_matched(&self, mut f: impl FnMut(usize, u64)) {
        self.each_block(|b| {
            for at in words_of(b) {
                let bits = self.matched.get(at).copied().unwrap_or(0);
                if bits != 0 {
                    f(at, bits);
                }
            }
        });
    }

    /// The `k` best documents of `parts` (the same parts, in the same order, as
    /// were added, each once), highest score first and the lower document first of equals;
    /// documents not alive are left out. Given a `floor`, documents scoring less
    /// are left out too: the worst of the best `k` of the segments before, which
    /// a document of this one must beat to be among the best of all.
    pub fn best(
        &self,
        parts: &[(Share, &[(DocId, Score)])],
        bonus: Bonus,
        k: usize,
        alive: Option<&AliveBitSet>,
        floor: Option<Score>,
    ) -> Vec<(Score, DocId)> {
        if k == 0 {
            return Vec::new();
        }
        let mut blocks: Vec<Ranked> = Vec::new();
        self.each_block(|b| {
            // Only a block holding a document that matches every needed word
            // can hold one that earns the bonus.
            let earns = bonus.on && self.any_all(b, bonus.needed);
            let bound = match self.bounds.get(b) {
                Some(bound) if earns => bound.total + bound.again,
                Some(bound) => bound.total,
                None => 0.0,
            };
            blocks.push(Ranked(bound, b as u32));
        });
        // Most blocks are never scored: a heap gives the next best bound
        // without sorting them all.
        let mut blocks = BinaryHeap::from(blocks);
        // The best found so far, the worst of them on top.
        let mut top: BinaryHeap<Reverse<Ranked>> = BinaryHeap::with_capacity(k + 1);
        let mut slots = [Slot::default(); BLOCK];
        while let Some(Ranked(bound, b)) = blocks.pop() {
            if floor.is_some_and(|floor| bound < floor)
                || top.len() == k && top.peek().is_some_and(|worst| bound < worst.0.0)
            {
                break;
            }
            let b = b as usize;
            let (from, to) = ((b * BLOCK) as DocId, ((b + 1) * BLOCK) as DocId);
            let mut used = 0u128;
            for ((share, entries), starts) in parts.iter().zip(&self.starts) {
                let Some(rest) = starts
                    .get(b)
                    .and_then(|&start| entries.get(start as usize..))
                else {
                    continue;
                };
                for &(doc, score) in rest.iter().take_while(|&&(d, _)| d < to) {
                    let at = (doc - from) as usize;
                    share.add(&mut slots[at], score);
                    used |= 1 << at;
                }
            }
            while used != 0 {
                let at = used.trailing_zeros() as usize;
                used &= used - 1;
                let slot = std::mem::take(&mut slots[at]);
                let doc = from + at as DocId;
                if alive.is_some_and(|a| !a.is_alive(doc)) {
                    continue;
                }
                let found = Ranked(bonus.score(&slot), doc);
                if floor.is_some_and(|floor| found.0 < floor) {
                    continue;
                }
                if top.len() < k {
                    top.push(Reverse(found));
                } else if top.peek().is_some_and(|worst| found > worst.0) {
                    top.pop();
                    top.push(Reverse(found));
                }
            }
        }
        top.into_sorted_vec()
            .into_iter()
            .map(|Reverse(Ranked(score, doc))| (score, doc))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::tally::blocks_of;

    /// Every document's score added up the plain way, best first.
    fn by_adding(
        max_doc: usize,
        parts: &[(Share, &[(DocId, Score)])],
        bonus: Bonus,
    ) -> Vec<(Score, DocId)> {
        let mut slots = vec![Slot::default(); max_doc];
        let mut seen = vec![false; max_doc];
        for (share, entries) in parts {
            for &(doc, score) in *entries {
                share.add(&mut slots[doc as usize], score);
                seen[doc as usize] = true;
            }
        }
        let mut all: Vec<(Score, DocId)> = (0..max_doc)
            .filter(|&d| seen[d])
            .map(|d| (bonus.score(&slots[d]), d as DocId))
            .collect();
        all.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        all
    }

    #[test]
    fn the_best_are_those_adding_up_every_document_finds() {
        // Made-up lists over 1,000 documents: two words, a synonym of both, a
        // typo part, with scores that tie.
        let max_doc = 1000;
        let mut seed = 7u64;
        let mut next = move |m: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % m
        };
        let mut lists: Vec<Vec<(DocId, Score)>> = Vec::new();
        for (step, scores) in [(3, 40), (7, 40), (11, 3), (5, 1)] {
            let mut list = Vec::new();
            let mut doc = next(step) as DocId;
            while (doc as usize) < max_doc {
                // Some blocks score far higher than others, so that most
                // blocks' bounds fall below the best found.
                let scale = [1.0, 0.125, 4.0, 0.5][(doc as usize / BLOCK) % 4];
                list.push((doc, (0.25 + next(scores) as Score / 8.0) * scale));
                doc += 1 + next(step) as DocId;
            }
            lists.push(list);
        }
        let shares = [
            Share {
                words: 0b01,
                needed: 1,
            },
            Share {
                words: 0b10,
                needed: 1,
            },
            Share {
                words: 0b11,
                needed: 2,
            },
            Share::NONE,
        ];
        let parts: Vec<(Share, &[(DocId, Score)])> = shares
            .iter()
            .copied()
            .zip(lists.iter().map(Vec::as_slice))
            .collect();
        for on in [true, false] {
            let bonus = Bonus { needed: 0b11, on };
            let expected = by_adding(max_doc, &parts, bonus);
            for k in [1, 10, 50, 5000] {
                let (best, matched) = with_ranker(max_doc as DocId, 0b11, |ranker| {
                    for (i, (share, entries)) in parts.iter().enumerate() {
                        // Some parts by their blocks, some entry by entry.
                        let blocks = if i % 2 == 0 { blocks_of(entries) } else { None };
                        assert_eq!(blocks.is_some(), i % 2 == 0);
                        ranker.add(entries, blocks.as_deref(), *share);
                    }
                    let mut matched = Vec::new();
                    ranker.each_matched(|at, mut bits| {
                        while bits != 0 {
                            matched.push((at * 64) as DocId + bits.trailing_zeros());
                            bits &= bits - 1;
                        }
                    });
                    (ranker.best(&parts, bonus, k, None, None), matched)
                });
                let n = k.min(expected.len());
                assert_eq!(best, expected[..n], "k = {k}, bonus {on}");
                let mut all: Vec<DocId> = expected.iter().map(|&(_, d)| d).collect();
                all.sort_unstable();
                assert_eq!(matched, all);
            }
        }
        // A list of fewer than four entries a block reads as well entry by entry.
        assert!(blocks_of(&[(1, 1.0), (2, 1.0), (500, 1.0)]).is_none());
        // Nothing is left marked for the next use.
        let left = with_ranker(max_doc as DocId, 0b11, |ranker| {
            let mut left = 0;
            ranker.each_matched(|_, _| left += 1);
            (left, ranker.some_match_all(0b11))
        });
        assert_eq!(left, (0, false));
    }

    #[test]
    fn a_block_whose_bound_ties_or_beats_the_worst_found_is_scored() {
        // The best two of one part, no bonus.
        let best_two = |list: &[(DocId, Score)]| {
            let parts = [(Share::NONE, list)];
            let no_bonus = Bonus {
                needed: 0,
                on: false,
            };
            with_ranker(256, 0, |ranker| {
                ranker.add(list, None, Share::NONE);
                ranker.best(&parts, no_bonus, 2, None, None)
            })
        };
        // The second block is scored first (its bound is higher) and fills the
        // top two; the first block's bound ties the worst of them, and its
        // document wins the tie by coming first.
        assert_eq!(
            best_two(&[(3, 5.0), (130, 6.0), (131, 5.0)]),
            [(6.0, 130), (5.0, 3)]
        );
        // A block whose bound beats the worst found by a little is scored.
        assert_eq!(
            best_two(&[(1, 10.0), (2, 5.0), (200, 5.5)]),
            [(10.0, 1), (5.5, 200)]
        );
    }
}
