//! A query for documents holding any of a set of terms, every match worth the
//! same: what typo and prefix matches need.
//!
//! tantivy's `TermSetQuery` does the same but builds a term automaton for every
//! query, which costs more than the search itself for the fifty or so stems a
//! typo stands for; a `BooleanQuery` of term queries merges fifty lists of
//! documents one document at a time. This reads each term's documents into one
//! bit set per segment.

use tantivy::query::{
    BitSetDocSet, ConstScorer, EnableScoring, Explanation, Query, Scorer, Weight,
};
use tantivy::schema::IndexRecordOption;
use tantivy::{BitSet, DocId, Score, SegmentReader, Term};

/// Documents holding any of `terms`, each scoring 1 (times any boost).
#[derive(Debug, Clone)]
pub struct AnyTerm {
    terms: Vec<Term>,
}

impl AnyTerm {
    /// A query for `terms`, which may be in several fields.
    pub fn new(mut terms: Vec<Term>) -> AnyTerm {
        terms.sort();
        terms.dedup();
        AnyTerm { terms }
    }
}

impl Query for AnyTerm {
    fn weight(&self, _: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(self.clone()))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for term in &self.terms {
            visitor(term, false);
        }
    }
}

impl Weight for AnyTerm {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut docs = BitSet::with_max_value(reader.max_doc());
        let alive = reader.alive_bitset();
        for term in &self.terms {
            let index = reader.inverted_index(term.field())?;
            let Some(mut postings) = index.read_block_postings(term, IndexRecordOption::Basic)?
            else {
                continue;
            };
            loop {
                let block = postings.docs();
                if block.is_empty() {
                    break;
                }
                for &doc in block {
                    if alive.is_none_or(|a| a.is_alive(doc)) {
                        docs.insert(doc);
                    }
                }
                postings.advance();
            }
        }
        Ok(Box::new(ConstScorer::new(BitSetDocSet::from(docs), boost)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        super::explain_by_scoring(self, reader, doc, "AnyTerm", "holds none of the terms")
    }
}
