//! The best of a few alternatives, plus a share of the others: one stem in the
//! title, headings and body, or a synonym's phrases.
//!
//! tantivy's `DisjunctionMaxQuery` scores the same, through a union with a buffer
//! of 4,096 documents; filling and copying those 48 KB for every word in every
//! segment was about a sixth of a query not asked before. Here the alternatives
//! are read one after the other into a [`super::tally`] (each document's sum and
//! best score), which needs no buffer, and their documents come out as a list.

use tantivy::query::{EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, Score, SegmentReader, TERMINATED};

use super::tally::{ListScorer, list_of};

/// Matches what any alternative matches; scores the best alternative's score plus
/// `tie_breaker` times the others', as `DisjunctionMaxQuery` does.
#[derive(Debug)]
pub struct BestField {
    alternatives: Vec<Box<dyn Query>>,
    tie_breaker: Score,
}

impl BestField {
    pub fn new(alternatives: Vec<Box<dyn Query>>, tie_breaker: Score) -> BestField {
        BestField {
            alternatives,
            tie_breaker,
        }
    }
}

impl Clone for BestField {
    fn clone(&self) -> Self {
        BestField {
            alternatives: self.alternatives.iter().map(|q| q.box_clone()).collect(),
            tie_breaker: self.tie_breaker,
        }
    }
}

struct BestFieldWeight {
    alternatives: Vec<Box<dyn Weight>>,
    tie_breaker: Score,
}

impl Query for BestField {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(BestFieldWeight {
            alternatives: self
                .alternatives
                .iter()
                .map(|q| q.weight(scoring))
                .collect::<tantivy::Result<_>>()?,
            tie_breaker: self.tie_breaker,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a tantivy::Term, bool)) {
        for q in &self.alternatives {
            q.query_terms(visitor);
        }
    }
}

impl Weight for BestFieldWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut scorers = Vec::with_capacity(self.alternatives.len());
        for weight in &self.alternatives {
            let scorer = weight.scorer(reader, boost)?;
            if scorer.doc() != TERMINATED {
                scorers.push(scorer);
            }
        }
        // One alternative alone scores its own score (the others add nothing).
        if scorers.len() <= 1 {
            return Ok(scorers
                .pop()
                .unwrap_or_else(|| Box::new(EmptyScorer) as Box<dyn Scorer>));
        }
        // In the order DisjunctionMaxCombiner adds them, for the same sums; the
        // best so far kept in `again`.
        let tie_breaker = self.tie_breaker;
        let list = list_of(
            reader.max_doc(),
            &mut scorers,
            |slot, score| {
                slot.again = Score::max(score, slot.again);
                slot.total += score;
            },
            |slot| slot.again + (slot.total - slot.again) * tie_breaker,
        );
        Ok(Box::new(ListScorer::owned(list)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        super::explain_by_scoring(self, reader, doc, "BestField", "holds none of the terms")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::schema;
    use tantivy::collector::TopDocs;
    use tantivy::query::{BoostQuery, DisjunctionMaxQuery, TermQuery};
    use tantivy::schema::IndexRecordOption;
    use tantivy::{Index, IndexWriter, TantivyDocument, Term};

    #[test]
    fn scores_as_disjunction_max_does() {
        let (schema, fields) = schema::schema();
        let index = Index::create_in_ram(schema);
        schema::register_tokenizers(&index);
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        // Made-up text: the word in the title, headings or body, or several.
        for (title, headings, body) in [
            ("respite", "", "short breaks"),
            ("", "respite care", "respite and more respite"),
            ("other", "", "respite"),
            ("nothing", "here", "at all"),
            ("respite", "respite", "respite"),
        ] {
            let mut doc = TantivyDocument::default();
            doc.add_text(fields.title, title);
            doc.add_text(fields.headings, headings);
            doc.add_text(fields.body, body);
            writer.add_document(doc).unwrap();
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let alternatives = || -> Vec<Box<dyn Query>> {
            [
                (fields.title, 4.0),
                (fields.headings, 2.0),
                (fields.body, 1.0),
            ]
            .into_iter()
            .map(|(field, boost)| {
                let term = TermQuery::new(
                    Term::from_field_text(field, "respit"),
                    IndexRecordOption::WithFreqs,
                );
                Box::new(BoostQuery::new(Box::new(term), boost)) as Box<dyn Query>
            })
            .collect()
        };
        let top = |q: &dyn Query| searcher.search(q, &TopDocs::with_limit(10).order_by_score());
        let ours = top(&BestField::new(alternatives(), 0.3)).unwrap();
        let theirs = top(&DisjunctionMaxQuery::with_tie_breaker(alternatives(), 0.3)).unwrap();
        assert_eq!(ours.len(), 4);
        assert_eq!(ours, theirs);
    }
}
