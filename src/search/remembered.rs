//! Each word's matches, scored once and remembered: what makes a query not asked
//! before cheap when its words were asked before.
//!
//! Visitors seldom ask each other's exact query, but a Local Offer's visitors ask
//! about the same few thousand words. One typed word is a dozen clauses (its
//! stems in the title, headings and body, its correction, completions and typos),
//! each a term looked up in every segment and a list of documents read, decoded
//! and scored; on a 10,000-page site that was most of what a new query cost. A
//! [`Remembered`] query is a word's clauses added up: the second time it is asked
//! (the first, for a word the site uses or a list misspellings share:
//! [`Remembered::kept_at_once`]) it scores
//! them as usual and keeps each segment's documents with their sums, and from
//! then on it reads that list. Its scores depend only on the word and the
//! index (the statistics of an opened index never change, and a new build opens a
//! new index with empty lists), so a remembered list scores exactly what the
//! clauses would.

use std::sync::{Arc, Mutex, OnceLock, Weak};

use tantivy::index::SegmentId;
use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, Score, SegmentReader};

use super::tally::{Block, Blocks, List, ListScorer, blocks_of, list_of};

/// Each segment's list for one part of a query, with its blocks when it is long
/// (see [`blocks_of`]). (An index has a few segments: finding one in a list costs
/// less than hashing its id.)
type Lists = Arc<SegmentLists>;

/// Each segment's list and its blocks (see [`Lists`]).
type SegmentLists = Vec<(SegmentId, List, Option<Blocks>)>;

/// The lists remembered, by part (see [`Remembered::new`]), up to a budget in
/// bytes.
pub struct Memory {
    lists: quick_cache::sync::Cache<Arc<str>, Lists, ByBytes>,
    /// The parts asked for once: a list is kept the second time a part is
    /// asked for (unless it is kept at once). Most misspellings are typed
    /// once; their lists would only take the room of lists asked for again.
    asked: quick_cache::sync::Cache<Arc<str>, ()>,
}

/// How many parts asked for once [`Memory`] knows.
const ASKED_ONCE: usize = 65_536;

/// How many bytes the lists of one opened index may take, at eight bytes for each
/// document a list holds. A small site's lists never come near it. On the
/// 10,000-page corpus of `scripts/bench`, with the 2,127 words of its load test
/// (a fifth of queries with a typo), 20,000 new queries in process took a median
/// of 81 µs each with 256 MB against 88 µs with 64 MB (four runs each, in
/// turns), as lists no longer pushed each other out; 32 MB was a quarter slower
/// than 64 MB.
const MEMORY_BYTES: u64 = 256 * 1024 * 1024;

#[derive(Clone)]
struct ByBytes;

impl quick_cache::Weighter<Arc<str>, Lists> for ByBytes {
    fn weight(&self, key: &Arc<str>, lists: &Lists) -> u64 {
        let entries: usize = lists.iter().map(|(_, l, _)| l.len()).sum();
        let blocks: usize = lists
            .iter()
            .filter_map(|(_, _, b)| b.as_ref())
            .map(|b| b.len())
            .sum();
        (entries * size_of::<(DocId, Score)>()
            + blocks * size_of::<Block>()
            + key.len()
            + 64 * (lists.len() + 1)) as u64
    }
}

impl Default for Memory {
    fn default() -> Self {
        Memory {
            lists: quick_cache::sync::Cache::with_weighter(8192, MEMORY_BYTES, ByBytes),
            asked: quick_cache::sync::Cache::new(ASKED_ONCE),
        }
    }
}

impl Memory {
    /// How many bytes the lists take now.
    #[cfg(test)]
    pub fn bytes(&self) -> u64 {
        self.lists.weight()
    }
}

/// The sum of `parts`' scores for each document any of them matches, remembered
/// in `memory` under `key`.
pub struct Remembered {
    key: Arc<str>,
    parts: Vec<Box<dyn Query>>,
    memory: Arc<Memory>,
    /// Kept the first time it is asked for, not the second (see
    /// [`Remembered::kept_at_once`]).
    at_once: bool,
    /// Its lists once found in `memory`, without a hold on them (`memory`
    /// alone decides what is kept). A word's query is built once and shared
    /// by every query that holds it, so later queries find its lists here:
    /// the look-up in `memory` (a lock and three loads that mostly missed
    /// the cache) was most of this query's own time.
    found: OnceLock<Weak<SegmentLists>>,
}

impl Remembered {
    /// `key` must name what `parts` are: two `Remembered` queries with the same key
    /// over the same index must match and score the same.
    pub fn new(key: String, parts: Vec<Box<dyn Query>>, memory: &Arc<Memory>) -> Remembered {
        Remembered {
            key: key.into(),
            parts,
            memory: Arc::clone(memory),
            at_once: false,
            found: OnceLock::new(),
        }
    }

    /// Keeps its lists the first time it is asked for: for a part that other
    /// queries will ask for too (a word the site uses, spelt as the site spells
    /// it, or the typo matches and correction that misspellings of one word
    /// share), waiting for the second time only makes its lists twice, and on a
    /// fresh server every common word paid that.
    pub fn kept_at_once(mut self) -> Remembered {
        self.at_once = true;
        self
    }

    /// Its lists, if `memory` keeps them.
    fn lists(&self) -> Option<Lists> {
        if let Some(lists) = self.found.get().and_then(Weak::upgrade) {
            return Some(lists);
        }
        let lists = self.memory.lists.get(&self.key)?;
        let _ = self.found.set(Arc::downgrade(&lists));
        Some(lists)
    }

    /// Whether this part was asked for before; now it has been.
    fn asked_before(&self) -> bool {
        let before = self.memory.asked.get(&self.key).is_some();
        if !before {
            self.memory.asked.insert(Arc::clone(&self.key), ());
        }
        before
    }
}

impl std::fmt::Debug for Remembered {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Remembered")
            .field("key", &self.key)
            .field("parts", &self.parts)
            .finish()
    }
}

impl Clone for Remembered {
    fn clone(&self) -> Self {
        Remembered {
            key: Arc::clone(&self.key),
            parts: self.parts.iter().map(|q| q.box_clone()).collect(),
            memory: Arc::clone(&self.memory),
            at_once: self.at_once,
            found: self.found.clone(),
        }
    }
}

impl Query for Remembered {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let segments = scoring.searcher().map(|s| s.segment_readers().len());
        // Without scores (counting only) the documents are the same, so
        // remembered lists serve; but lists are only kept with their scores.
        if let (Some(lists), Some(n)) = (self.lists(), segments)
            && lists.len() == n
        {
            return Ok(Box::new(ListsWeight(lists)));
        }
        let parts = self
            .parts
            .iter()
            .map(|q| q.weight(scoring))
            .collect::<tantivy::Result<_>>()?;
        Ok(Box::new(SumWeight {
            parts,
            keep: match (scoring.is_scoring_enabled(), segments) {
                (true, Some(n)) if self.at_once || self.asked_before() => Some(Keep {
                    key: Arc::clone(&self.key),
                    segments: n,
                    found: Mutex::new(Vec::new()),
                    memory: Arc::clone(&self.memory),
                }),
                _ => None,
            },
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a tantivy::Term, bool)) {
        for q in &self.parts {
            q.query_terms(visitor);
        }
    }
}

/// Where the lists of a part asked for again go until every segment has one.
struct Keep {
    key: Arc<str>,
    segments: usize,
    found: Mutex<Vec<(SegmentId, List, Option<Blocks>)>>,
    memory: Arc<Memory>,
}

/// The parts scored afresh, each segment's list kept for next time.
struct SumWeight {
    parts: Vec<Box<dyn Weight>>,
    keep: Option<Keep>,
}

impl Weight for SumWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut scorers = Vec::with_capacity(self.parts.len());
        for weight in &self.parts {
            scorers.push(weight.scorer(reader, boost)?);
        }
        // The parts' scores added up, in order, for every document at once.
        let list = list_of(
            reader.max_doc(),
            &mut scorers,
            |slot, score| slot.total += score,
            |slot| slot.total,
        );
        // Lists are kept for the boost the query is searched with (1: the word
        // parts of `AllWords`).
        if let Some(keep) = self.keep.as_ref().filter(|_| boost == 1.0)
            && let Ok(mut found) = keep.found.lock()
        {
            let blocks = blocks_of(&list);
            let list: List = list.into();
            let segment = reader.segment_id();
            found.retain(|(s, _, _)| *s != segment);
            found.push((segment, Arc::clone(&list), blocks.clone()));
            if found.len() == keep.segments {
                let lists = Arc::new(std::mem::take(&mut *found));
                keep.memory.lists.insert(Arc::clone(&keep.key), lists);
            }
            return Ok(Box::new(ListScorer::with_blocks(list, blocks)));
        }
        Ok(Box::new(ListScorer::owned(list)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        super::explain_by_scoring(self, reader, doc, "Remembered", "holds none of the words")
    }
}

/// Remembered lists.
struct ListsWeight(Lists);

impl Weight for ListsWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let segment = reader.segment_id();
        let found = self.0.iter().find(|(s, _, _)| *s == segment);
        let (list, blocks) = found
            .map(|(_, l, b)| (Arc::clone(l), b.clone()))
            .ok_or_else(|| {
                tantivy::TantivyError::InternalError(format!(
                    "no remembered list for segment {}",
                    segment.short_uuid_string()
                ))
            })?;
        // Lists hold the scores at boost 1; another boost scales them (to within
        // rounding of what the parts would score).
        if boost != 1.0 {
            let scaled: List = list.iter().map(|&(d, s)| (d, s * boost)).collect();
            return Ok(Box::new(ListScorer::new(scaled)));
        }
        Ok(Box::new(ListScorer::with_blocks(list, blocks)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        super::explain_by_scoring(self, reader, doc, "Remembered", "holds none of the words")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::schema;
    use tantivy::collector::{Count, TopDocs};
    use tantivy::query::{BooleanQuery, BoostQuery, Occur, TermQuery};
    use tantivy::schema::IndexRecordOption;
    use tantivy::{DocAddress, Index, IndexWriter, Searcher, TantivyDocument, Term};

    /// Made-up pages in two segments.
    fn searcher() -> (Searcher, schema::Fields) {
        let (schema, fields) = schema::schema();
        let index = Index::create_in_ram(schema);
        schema::register_tokenizers(&index);
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        let pages = [
            ("Short breaks", "respite for carers", "faq"),
            ("Respite", "short breaks and respite care", "jargon"),
            ("Transport", "school transport", "faq"),
            ("Nothing", "at all", "faq"),
        ];
        for segment in 0..2 {
            for (title, body, kind) in pages {
                let mut doc = TantivyDocument::default();
                doc.add_text(fields.title, format!("{title} {segment}"));
                doc.add_text(fields.body, body);
                doc.add_text(fields.kind, kind);
                writer.add_document(doc).unwrap();
            }
            writer.commit().unwrap();
        }
        let searcher = index.reader().unwrap().searcher();
        assert_eq!(searcher.segment_readers().len(), 2);
        (searcher, fields)
    }

    fn parts(fields: &schema::Fields) -> Vec<Box<dyn Query>> {
        let term = |field, text: &str, boost| -> Box<dyn Query> {
            let q = TermQuery::new(
                Term::from_field_text(field, text),
                IndexRecordOption::WithFreqs,
            );
            Box::new(BoostQuery::new(Box::new(q), boost))
        };
        vec![
            term(fields.title, "respit", 4.0),
            term(fields.body, "respit", 1.0),
            term(fields.body, "carer", 1.0),
        ]
    }

    fn top(searcher: &Searcher, q: &dyn Query) -> Vec<(Score, DocAddress)> {
        searcher
            .search(q, &TopDocs::with_limit(10).order_by_score())
            .unwrap()
    }

    #[test]
    fn remembered_lists_score_what_the_parts_score() {
        let (searcher, fields) = searcher();
        let memory = Arc::new(Memory::default());
        let remembered = || Remembered::new("respite".into(), parts(&fields), &memory);
        let sum = BooleanQuery::new(
            parts(&fields)
                .into_iter()
                .map(|q| (Occur::Should, q))
                .collect(),
        );
        let expected = top(&searcher, &sum);
        assert_eq!(expected.len(), 4);

        // Counting alone neither needs scores nor keeps lists.
        assert_eq!(searcher.search(&remembered(), &Count).unwrap(), 4);
        assert_eq!(memory.bytes(), 0);

        for (time, kept) in [("first", false), ("second", true), ("remembered", true)] {
            let ours = top(&searcher, &remembered());
            assert_eq!(ours.len(), expected.len(), "{time}");
            for ((ours, a), (theirs, b)) in ours.iter().zip(&expected) {
                assert_eq!(a, b, "{time}");
                assert!((ours - theirs).abs() < 1e-5, "{time}: {ours} and {theirs}");
            }
            assert_eq!(
                memory.bytes() > 0,
                kept,
                "{time}: the lists are kept from the second time"
            );
        }
        // Read from memory, the lists still count and narrow as the parts do.
        assert_eq!(searcher.search(&remembered(), &Count).unwrap(), 4);
        let faqs = BooleanQuery::new(vec![
            (Occur::Must, Box::new(remembered()) as Box<dyn Query>),
            (
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_text(fields.kind, "faq"),
                    IndexRecordOption::Basic,
                )),
            ),
        ]);
        assert_eq!(searcher.search(&faqs, &Count).unwrap(), 2);
    }

    #[test]
    fn a_part_kept_at_once_is_remembered_the_first_time() {
        let (searcher, fields) = searcher();
        let memory = Arc::new(Memory::default());
        let remembered = || Remembered::new("respite".into(), parts(&fields), &memory);
        let first = top(&searcher, &remembered().kept_at_once());
        assert!(memory.bytes() > 0, "kept the first time");
        assert_eq!(first, top(&searcher, &remembered()), "read back the same");
    }
}
