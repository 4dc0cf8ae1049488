//! Scores added up document by document in a table as long as the segment: how
//! [`super::all_words`], [`super::best_field`] and [`super::remembered`] add up
//! their parts, and the lists of documents and scores that come out ([`List`]).
//!
//! Stepping through a handful of parts side by side asks every part where it is
//! at every document. Reading each part through once and adding its scores into
//! a table costs one write a match instead: on the 10,000-page corpus, where a new
//! query matches about 2,700 entries from several parts, that was most of the
//! time spent walking the matches. Parts are added in order, so each
//! document's sum is added up in the same order as side by side, and comes out
//! the same to the last bit.

use std::cell::RefCell;
use std::sync::Arc;

use tantivy::query::Scorer;
use tantivy::{DocId, DocSet, Score, TERMINATED};

/// One segment's documents and their scores, in document order: what a tally
/// hands on, and a remembered part of a query (see [`super::remembered`]).
pub type List = Arc<[(DocId, Score)]>;

/// How many documents of a segment a [`Block`] covers.
pub const BLOCK: usize = 128;

/// What a list holds of one block of [`BLOCK`] documents of its segment: which
/// documents, and the best score among them. [`super::top`] marks a long list's
/// documents and bounds its scores a block at a time, rather than an entry at a
/// time.
#[derive(Clone, Copy, Debug)]
pub struct Block {
    /// The block's place in the segment.
    pub at: u32,
    /// Where its entries start in the list.
    pub start: u32,
    pub best: Score,
    /// One bit for each document of the block the list holds.
    pub marks: [u64; 2],
}

impl Block {
    /// Adds an entry of the block.
    pub fn add(&mut self, doc: DocId, score: Score) {
        let within = doc as usize % BLOCK;
        if let Some(marks) = self.marks.get_mut(within / 64) {
            *marks |= 1 << (within % 64);
        }
        if score > self.best {
            self.best = score;
        }
    }
}

/// A list's blocks, in order.
pub type Blocks = Arc<[Block]>;

/// The blocks of `entries` (in document order), when there are at least four
/// entries a block: for fewer, reading the entries costs about as little, and
/// the blocks would take more room than they save work.
pub fn blocks_of(entries: &[(DocId, Score)]) -> Option<Blocks> {
    let mut blocks: Vec<Block> = Vec::new();
    for block in blocks_in(entries) {
        if (blocks.len() + 1) * 4 > entries.len() {
            return None;
        }
        blocks.push(block);
    }
    Some(blocks.into())
}

/// The blocks of `entries` (in document order), one after the other.
pub fn blocks_in(entries: &[(DocId, Score)]) -> impl Iterator<Item = Block> + '_ {
    let mut next = 0;
    std::iter::from_fn(move || {
        let &(first, _) = entries.get(next)?;
        let mut block = Block {
            at: first / BLOCK as DocId,
            start: next as u32,
            best: 0.0,
            marks: [0; 2],
        };
        while let Some(&(doc, score)) = entries.get(next)
            && doc / BLOCK as DocId == block.at
        {
            block.add(doc, score);
            next += 1;
        }
        Some(block)
    })
}

/// What the parts matching one document added up.
#[derive(Clone, Copy, Default)]
pub struct Slot {
    /// The sum of their scores.
    pub total: Score,
    /// What a bonus would add (see [`super::all_words`]), or the best score
    /// (see [`super::best_field`]).
    pub again: Score,
    /// The words they matched, one bit each.
    pub words: u64,
}

/// A slot for each document of a segment, and which of them parts have matched.
#[derive(Default)]
pub struct Tally {
    slots: Vec<Slot>,
    /// One bit for each slot in use.
    seen: Vec<u64>,
    /// One bit for each word of `seen` with a bit set: a query's matches are a
    /// few thousand of a segment's tens of thousands of entries, and handing
    /// them on reads only the words of `seen` that hold some.
    summary: Vec<u64>,
}

thread_local! {
    /// Each thread's table, kept between queries: making one as long as a
    /// 60,000-entry segment for each query would cost more than filling it.
    static TALLY: RefCell<Tally> = RefCell::default();
}

/// Runs `f` with an empty tally for a segment of `max_doc` documents: this
/// thread's own, or a new one if `f` is already using it further up the stack.
/// The tally is emptied again afterwards, whatever `f` left in it, even if `f`
/// panics (the thread may go on to answer other queries).
pub fn with_tally<R>(max_doc: DocId, f: impl FnOnce(&mut Tally) -> R) -> R {
    let run = |tally: &mut Tally| {
        tally.fit(max_doc as usize);
        let emptied = Emptied(tally);
        f(emptied.0)
    };
    TALLY.with(|cell| match cell.try_borrow_mut() {
        Ok(mut tally) => run(&mut tally),
        Err(_) => run(&mut Tally::default()),
    })
}

/// The documents any of `scorers` (of one segment of `max_doc` documents)
/// matches, in order, each with `score` of what `add` made of its matches (the
/// scorers added up in the order given).
pub fn list_of(
    max_doc: DocId,
    scorers: &mut [Box<dyn Scorer>],
    add: impl Fn(&mut Slot, Score),
    score: impl Fn(Slot) -> Score,
) -> Vec<(DocId, Score)> {
    let mut list = Vec::new();
    with_tally(max_doc, |tally| {
        for scorer in scorers {
            tally.add(scorer.as_mut(), &add);
        }
        // Made to its length at once: growing it as it filled copied it again
        // and again.
        list.reserve_exact(tally.count());
        tally.drain(|doc, slot| list.push((doc, score(slot))));
    });
    list
}

/// Empties a tally when dropped.
struct Emptied<'a>(&'a mut Tally);

impl Drop for Emptied<'_> {
    fn drop(&mut self) {
        self.0.drain(|_, _| {});
    }
}

impl Tally {
    fn fit(&mut self, max_doc: usize) {
        if self.slots.len() < max_doc {
            self.slots.resize(max_doc, Slot::default());
        }
        let words = max_doc.div_ceil(64);
        if self.seen.len() < words {
            self.seen.resize(words, 0);
            self.summary.resize(words.div_ceil(64), 0);
        }
    }

    /// Reads `scorer` through, calling `add` with the slot of each document it
    /// matches and its score there. A remembered list is read in place.
    pub fn add(&mut self, scorer: &mut dyn Scorer, mut add: impl FnMut(&mut Slot, Score)) {
        let mut each = |doc: DocId, score: Score| {
            let doc = doc as usize;
            if let Some(slot) = self.slots.get_mut(doc) {
                add(slot, score);
                let word = doc / 64;
                self.seen[word] |= 1 << (doc % 64);
                self.summary[word / 64] |= 1 << (word % 64);
            }
        };
        if let Some(list) = scorer.downcast_ref::<ListScorer>() {
            for &(doc, score) in list.rest() {
                each(doc, score);
            }
            return;
        }
        let mut doc = scorer.doc();
        while doc != TERMINATED {
            each(doc, scorer.score());
            doc = scorer.advance();
        }
    }

    /// How many documents are matched.
    pub fn count(&self) -> usize {
        let mut count = 0;
        for (high, &summary) in self.summary.iter().enumerate() {
            let mut words = summary;
            while words != 0 {
                let at = high * 64 + words.trailing_zeros() as usize;
                words &= words - 1;
                count += self
                    .seen
                    .get(at)
                    .map_or(0, |bits| bits.count_ones() as usize);
            }
        }
        count
    }

    /// Hands over each document matched, in order, with its slot, and empties the
    /// table.
    pub fn drain(&mut self, mut f: impl FnMut(DocId, Slot)) {
        for (high, summary) in self.summary.iter_mut().enumerate() {
            let mut words = std::mem::take(summary);
            while words != 0 {
                let at = high * 64 + words.trailing_zeros() as usize;
                words &= words - 1;
                let mut bits = self.seen.get_mut(at).map_or(0, std::mem::take);
                while bits != 0 {
                    let doc = at * 64 + bits.trailing_zeros() as usize;
                    bits &= bits - 1;
                    if let Some(slot) = self.slots.get_mut(doc) {
                        f(doc as DocId, std::mem::take(slot));
                    }
                }
            }
        }
    }
}

/// Steps through a list.
pub struct ListScorer {
    entries: Entries,
    /// The list's blocks, when it has them (see [`blocks_of`]).
    blocks: Option<Blocks>,
    at: usize,
}

/// A list remembered (shared), or made for one query (copying it into a shared
/// list would only cost a copy).
enum Entries {
    Shared(List),
    Owned(Vec<(DocId, Score)>),
}

impl ListScorer {
    /// Steps through `list` from its start.
    pub fn new(list: List) -> ListScorer {
        ListScorer {
            entries: Entries::Shared(list),
            blocks: None,
            at: 0,
        }
    }

    /// Steps through `list`, whose blocks are `blocks`, from its start.
    pub fn with_blocks(list: List, blocks: Option<Blocks>) -> ListScorer {
        ListScorer {
            entries: Entries::Shared(list),
            blocks,
            at: 0,
        }
    }

    /// Steps through `entries` (in document order) from their start.
    pub fn owned(entries: Vec<(DocId, Score)>) -> ListScorer {
        ListScorer {
            entries: Entries::Owned(entries),
            blocks: None,
            at: 0,
        }
    }

    /// The list's blocks, if it has them and has not been stepped through.
    pub fn blocks(&self) -> Option<&[Block]> {
        self.blocks.as_deref().filter(|_| self.at == 0)
    }

    fn entries(&self) -> &[(DocId, Score)] {
        match &self.entries {
            Entries::Shared(list) => list,
            Entries::Owned(entries) => entries,
        }
    }

    /// The entries from the current one on.
    pub fn rest(&self) -> &[(DocId, Score)] {
        self.entries().get(self.at..).unwrap_or_default()
    }
}

impl DocSet for ListScorer {
    fn advance(&mut self) -> DocId {
        self.at += 1;
        self.doc()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        self.at += self.rest().partition_point(|&(d, _)| d < target);
        self.doc()
    }

    fn doc(&self) -> DocId {
        self.entries().get(self.at).map_or(TERMINATED, |&(d, _)| d)
    }

    fn size_hint(&self) -> u32 {
        self.entries().len().saturating_sub(self.at) as u32
    }
}

impl Scorer for ListScorer {
    fn score(&mut self) -> Score {
        self.entries().get(self.at).map_or(0.0, |&(_, s)| s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(entries: &[(DocId, Score)]) -> ListScorer {
        ListScorer::new(entries.into())
    }

    fn drained(tally: &mut Tally) -> Vec<(DocId, Score)> {
        let mut out = Vec::new();
        tally.drain(|doc, slot| out.push((doc, slot.total)));
        out
    }

    #[test]
    fn parts_add_up_by_document_in_order_and_nothing_is_left_for_the_next_query() {
        let sum = |slot: &mut Slot, score: Score| slot.total += score;
        let first = with_tally(100, |tally| {
            tally.add(&mut list(&[(70, 2.0), (99, 1.0)]), sum);
            tally.add(&mut list(&[(3, 0.5), (70, 0.25)]), sum);
            assert_eq!(tally.count(), 3);
            drained(tally)
        });
        assert_eq!(first, [(3, 0.5), (70, 2.25), (99, 1.0)]);
        // A query that stops before handing its documents on leaves nothing behind.
        with_tally(100, |tally| tally.add(&mut list(&[(5, 1.0)]), sum));
        let next = with_tally(10, |tally| {
            tally.add(&mut list(&[(6, 1.0)]), sum);
            // A tally asked for while this one is in use is another, empty one.
            let inner = with_tally(10, |inner| {
                inner.add(&mut list(&[(1, 3.0)]), sum);
                drained(inner)
            });
            assert_eq!(inner, [(1, 3.0)]);
            drained(tally)
        });
        assert_eq!(next, [(6, 1.0)]);
        // Nor does one that panics halfway.
        let panicked = std::panic::catch_unwind(|| {
            with_tally(10, |tally| {
                tally.add(&mut list(&[(7, 1.0)]), sum);
                panic!("a part failed");
            })
        });
        assert!(panicked.is_err());
        let after = with_tally(10, |tally| {
            tally.add(&mut list(&[(8, 1.0)]), sum);
            assert_eq!(tally.count(), 1);
            drained(tally)
        });
        assert_eq!(after, [(8, 1.0)]);
        // Documents far apart, in words of the marks far apart.
        let far = with_tally(10_000, |tally| {
            tally.add(
                &mut list(&[(0, 1.0), (63, 1.0), (64, 1.0), (9_999, 1.0)]),
                sum,
            );
            tally.count()
        });
        assert_eq!(far, 4);
    }
}
