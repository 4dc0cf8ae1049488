//! The words of a query and the bonus for matching every one of them, in one pass.
//!
//! A page that matches every word of a search scores again: a question about
//! appealing an EHC plan beats the definition of an EHC plan for "ehc plan appeal".
//! As a `BooleanQuery` that bonus is a second clause intersecting each word's
//! documents, which opens and merges each word's lists of documents a second time;
//! building those scorers was a fifth of what a query not asked before cost. This
//! query reads each list once and adds the bonus as it goes.
//!
//! Everything else a query adds up is a part of this one union too (each of a
//! word's clauses, its typos, the whole query as a phrase, two words the index
//! knows as one), rather than a `BooleanQuery` around it or inside it: each of
//! those is a union of its own in tantivy, with a 4,096-document buffer to fill,
//! and the one around this query went through every page it matches a second time.
//!
//! A query of words alone is answered by [`AllWords::best`]: each segment's best
//! documents found by [`super::top`] without adding up every match, and every
//! match handed over 64 at a time for counting. Under a `BooleanQuery` (filters,
//! question bonuses) the parts are read one after the other and added up in a
//! [`super::tally`] (each document's score, the bonus it would earn and the
//! words it matched), and the documents handed on in order.

use std::sync::Arc;

use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocAddress, DocId, DocSet, Score, Searcher, SegmentReader, TERMINATED};

use super::tally::{Block, ListScorer, with_tally};
use super::top::{Bonus, Share, with_ranker};

/// One word of the query. Its parts are shared: a word is built once and then
/// used by every query that holds it (see `SearchIndex::built_word`).
#[derive(Debug, Clone)]
pub struct WordPart {
    /// The word as typed: its stems, correction, completions, words run together,
    /// each scoring on its own.
    pub core: Arc<[Arc<dyn Query>]>,
    /// Its typo matches, which count for the word but not for the bonus.
    pub typos: Arc<[Arc<dyn Query>]>,
    /// Whether a page must match it to earn the bonus (question words need not).
    pub needed: bool,
}

/// A synonym group a query holds, and which of its words the group stands for.
#[derive(Debug, Clone)]
pub struct SynonymPart {
    pub query: Arc<dyn Query>,
    /// Places in [`AllWords::words`].
    pub words: Vec<usize>,
}

/// Matches any word, synonym or extra; scores the sum of what matches, plus, when
/// every needed word matches (as itself or through a synonym), the sum again of
/// the needed words' own matches and their synonyms. The same as a `BooleanQuery`
/// of the words, synonyms and extras with a clause that must match every word.
#[derive(Debug, Clone)]
pub struct AllWords {
    pub words: Vec<WordPart>,
    pub synonyms: Vec<SynonymPart>,
    /// What counts for the score but for no word: the whole query as a phrase, two
    /// words the index knows as one.
    pub extras: Vec<Extra>,
}

/// Something that counts for the score but for no word.
#[derive(Debug)]
pub struct Extra {
    pub query: Box<dyn Query>,
    /// Places in [`AllWords::words`] of words every document it matches also
    /// matches (those of a phrase of the query's words): when no document matches
    /// them all, it is not looked for.
    pub within: Vec<usize>,
}

impl Extra {
    /// The bits of the words it lies within.
    fn within_bits(&self) -> u64 {
        self.within.iter().fold(0, |all, &i| all | bit(i))
    }
}

/// The extras of a query, each weighed the first time a segment looks for it:
/// the whole query as a phrase is looked for only in segments where some
/// document matches every one of its words, and weighing it looks up how many
/// documents hold each of its words.
struct LazyExtras<'q, 's> {
    extras: &'q [Extra],
    scoring: EnableScoring<'s>,
    weights: Vec<Option<Box<dyn Weight>>>,
}

impl LazyExtras<'_, '_> {
    fn weight(&mut self, i: usize) -> tantivy::Result<Option<&dyn Weight>> {
        let (Some(slot), Some(extra)) = (self.weights.get_mut(i), self.extras.get(i)) else {
            return Ok(None);
        };
        if slot.is_none() {
            *slot = Some(extra.query.weight(self.scoring)?);
        }
        Ok(slot.as_deref())
    }
}

impl Clone for Extra {
    fn clone(&self) -> Self {
        Extra {
            query: self.query.box_clone(),
            within: self.within.clone(),
        }
    }
}

/// Word `i`'s bit. A query of at most `MAX_QUERY_CHARS` (256) characters may have
/// up to 128 words; a word past the 64th counts for no bonus.
fn bit(i: usize) -> u64 {
    1u64.checked_shl(i as u32).unwrap_or(0)
}

struct AllWordsWeight {
    parts: Vec<(Share, Box<dyn Weight>)>,
    /// The extras, each with the bits of the words it lies within.
    extras: Vec<(u64, Box<dyn Weight>)>,
    /// The words (bits) the first extra lying within some words lies within (the
    /// whole query as a phrase): an extra lying within these words is looked for
    /// only when some document of the segment matches every one of them.
    within: u64,
    /// The needed words' bits, and whether there is a bonus.
    bonus: Bonus,
}

impl AllWords {
    /// The `k` best documents of each segment of `searcher` (highest score first,
    /// the lower document first of equals: each segment's part of what tantivy's
    /// `TopDocs` merges), calling `matched` with the segment's place and each
    /// 64 documents' bits of the live documents the query matches (documents
    /// `64 * place` onwards); without adding up every one of them (see
    /// [`super::top`]).
    pub fn best(
        &self,
        searcher: &Searcher,
        scoring: EnableScoring<'_>,
        k: usize,
        mut matched: impl FnMut(u32, usize, u64),
    ) -> tantivy::Result<Vec<Vec<(Score, DocAddress)>>> {
        let weight = self.weight_of(scoring, false)?;
        let mut extras = LazyExtras {
            extras: &self.extras,
            scoring,
            weights: self.extras.iter().map(|_| None).collect(),
        };
        let mut fruits = Vec::new();
        // The best `k` scores of the segments so far, best first: a document of
        // a later segment must beat the worst of them to be among the best
        // (on equal scores the earlier segment's document comes first).
        let mut best_so_far: Vec<Score> = Vec::new();
        for (ord, reader) in (0u32..).zip(searcher.segment_readers()) {
            let floor = k
                .checked_sub(1)
                .and_then(|worst| best_so_far.get(worst))
                .copied();
            let best = weight.best(reader, k, &mut extras, floor, |at, bits| {
                matched(ord, at, bits)
            })?;
            best_so_far.extend(best.iter().map(|&(score, _)| score));
            best_so_far.sort_unstable_by(|a, b| b.total_cmp(a));
            best_so_far.truncate(k);
            fruits.push(
                best.into_iter()
                    .map(|(score, doc)| (score, DocAddress::new(ord, doc)))
                    .collect(),
            );
        }
        Ok(fruits)
    }

    /// The weight of the query, with the extras' weights when `with_extras`.
    fn weight_of(
        &self,
        scoring: EnableScoring<'_>,
        with_extras: bool,
    ) -> tantivy::Result<AllWordsWeight> {
        // Each word's own matches count for it; typos and extras for the score
        // alone; a synonym group for each word it stands for.
        let none = Share::NONE;
        let mut parts = Vec::new();
        for (i, w) in self.words.iter().enumerate() {
            let own = Share {
                words: bit(i),
                needed: u8::from(w.needed),
            };
            for q in w.core.iter() {
                parts.push((own, q.weight(scoring)?));
            }
            for q in w.typos.iter() {
                parts.push((none, q.weight(scoring)?));
            }
        }
        let needed = |i: &usize| self.words.get(*i).is_some_and(|w| w.needed);
        for s in &self.synonyms {
            let share = Share {
                words: s.words.iter().fold(0, |all, &i| all | bit(i)),
                needed: s.words.iter().filter(|i| needed(i)).count().min(255) as u8,
            };
            parts.push((share, s.query.weight(scoring)?));
        }
        let mut extras = Vec::new();
        for e in self.extras.iter().filter(|_| with_extras) {
            extras.push((e.within_bits(), e.query.weight(scoring)?));
        }
        let within = self
            .extras
            .iter()
            .map(Extra::within_bits)
            .find(|&w| w != 0)
            .unwrap_or(0);
        Ok(AllWordsWeight {
            parts,
            extras,
            within,
            bonus: Bonus {
                needed: (0..self.words.len())
                    .filter(needed)
                    .fold(0, |all, i| all | bit(i)),
                // The bonus needs at least two words: one word matched is just a
                // match.
                on: self.words.iter().filter(|w| w.needed).count() >= 2,
            },
        })
    }
}

impl Query for AllWords {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(self.weight_of(scoring, true)?))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a tantivy::Term, bool)) {
        for w in &self.words {
            for q in w.core.iter().chain(w.typos.iter()) {
                q.query_terms(visitor);
            }
        }
        for s in &self.synonyms {
            s.query.query_terms(visitor);
        }
        for e in &self.extras {
            e.query.query_terms(visitor);
        }
    }
}

/// A part's documents and scores, in document order: a list read in place, or
/// read from another scorer.
enum Listed {
    List(Box<dyn Scorer>),
    Read(Vec<(DocId, Score)>),
}

impl Listed {
    fn of(mut scorer: Box<dyn Scorer>) -> Listed {
        if scorer.downcast_ref::<ListScorer>().is_some() {
            return Listed::List(scorer);
        }
        let mut read = Vec::new();
        let mut doc = scorer.doc();
        while doc != TERMINATED {
            read.push((doc, scorer.score()));
            doc = scorer.advance();
        }
        Listed::Read(read)
    }

    fn entries(&self) -> &[(DocId, Score)] {
        match self {
            Listed::List(scorer) => scorer
                .downcast_ref::<ListScorer>()
                .map_or(&[], ListScorer::rest),
            Listed::Read(read) => read,
        }
    }

    fn blocks(&self) -> Option<&[Block]> {
        match self {
            Listed::List(scorer) => scorer.downcast_ref::<ListScorer>()?.blocks(),
            Listed::Read(_) => None,
        }
    }
}

impl AllWordsWeight {
    /// The segment's `k` best documents, as [`AllWords::best`] finds them.
    fn best(
        &self,
        reader: &SegmentReader,
        k: usize,
        extras: &mut LazyExtras,
        floor: Option<Score>,
        mut matched: impl FnMut(usize, u64),
    ) -> tantivy::Result<Vec<(Score, DocId)>> {
        let mut lists = Vec::with_capacity(self.parts.len() + extras.extras.len());
        for (share, weight) in &self.parts {
            lists.push((*share, Listed::of(weight.scorer(reader, 1.0)?)));
        }
        let alive = reader.alive_bitset();
        with_ranker(
            reader.max_doc(),
            self.bonus.needed | self.within,
            |ranker| {
                for (share, list) in &lists {
                    ranker.add(list.entries(), list.blocks(), *share);
                }
                // As in `each`: the phrase of words no document holds together is
                // not looked for.
                let within = self.within == 0 || ranker.some_match_all(self.within);
                for i in 0..extras.extras.len() {
                    if extras.extras[i].within_bits() == self.within && !within {
                        continue;
                    }
                    let Some(weight) = extras.weight(i)? else {
                        continue;
                    };
                    let list = Listed::of(weight.scorer(reader, 1.0)?);
                    ranker.add(list.entries(), list.blocks(), Share::NONE);
                    lists.push((Share::NONE, list));
                }
                ranker.each_matched(|at, mut bits| {
                    if let Some(alive) = alive {
                        let mut dead = bits;
                        while dead != 0 {
                            let doc = (at * 64) as DocId + dead.trailing_zeros();
                            if !alive.is_alive(doc) {
                                bits &= !(1 << (doc % 64));
                            }
                            dead &= dead - 1;
                        }
                    }
                    matched(at, bits);
                });
                let parts: Vec<(Share, &[(DocId, Score)])> = lists
                    .iter()
                    .map(|(share, list)| (*share, list.entries()))
                    .collect();
                Ok(ranker.best(&parts, self.bonus, k, alive, floor))
            },
        )
    }

    /// Each document of the segment any part matches, in order, with its score.
    fn each(
        &self,
        reader: &SegmentReader,
        boost: Score,
        mut f: impl FnMut(DocId, Score),
    ) -> tantivy::Result<()> {
        let mut scorers = Vec::with_capacity(self.parts.len());
        for (share, weight) in &self.parts {
            scorers.push((*share, weight.scorer(reader, boost)?));
        }
        with_tally(reader.max_doc(), |tally| {
            // Whether some document matches every word of `self.within`.
            let mut within = self.within == 0;
            for (share, scorer) in &mut scorers {
                let share = *share;
                tally.add(scorer.as_mut(), |slot, score| {
                    share.add(slot, score);
                    within |= slot.words & self.within == self.within;
                });
            }
            for (words, weight) in &self.extras {
                // A phrase of words no document holds together matches nothing:
                // looking for it would cost a term look-up and postings opened
                // for each of its words.
                if *words == self.within && !within {
                    continue;
                }
                let mut scorer = weight.scorer(reader, boost)?;
                tally.add(scorer.as_mut(), |slot, score| slot.total += score);
            }
            tally.drain(|doc, slot| f(doc, self.bonus.score(&slot)));
            Ok(())
        })
    }
}

impl Weight for AllWordsWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut list = Vec::new();
        self.each(reader, boost, |doc, score| list.push((doc, score)))?;
        Ok(Box::new(ListScorer::owned(list)))
    }

    fn for_each(
        &self,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(DocId, Score),
    ) -> tantivy::Result<()> {
        self.each(reader, 1.0, callback)
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        super::explain_by_scoring(self, reader, doc, "AllWords", "holds none of the words")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::schema;
    use std::collections::HashMap;
    use tantivy::collector::{Count, TopDocs};
    use tantivy::query::{PhraseQuery, TermQuery};
    use tantivy::schema::IndexRecordOption;
    use tantivy::{DocAddress, Index, IndexWriter, Searcher, TantivyDocument, Term};

    fn term(field: tantivy::schema::Field, stem: &str) -> Box<dyn Query> {
        Box::new(TermQuery::new(
            Term::from_field_text(field, stem),
            IndexRecordOption::WithFreqs,
        ))
    }

    /// Each document `q` matches, with its score.
    fn scores(searcher: &Searcher, q: &dyn Query) -> HashMap<DocAddress, Score> {
        let top = searcher
            .search(q, &TopDocs::with_limit(100).order_by_score())
            .unwrap();
        top.into_iter().map(|(score, doc)| (doc, score)).collect()
    }

    /// Made-up text: six documents (title, body).
    fn made_up() -> (Index, schema::Fields) {
        let (schema, fields) = schema::schema();
        let index = Index::create_in_ram(schema);
        schema::register_tokenizers(&index);
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for (title, body) in [
            ("", "respite and breaks"),
            ("", "respite for carers"),
            ("", "breaks and how"),
            ("respite", "how"),
            ("", "nothing here"),
            ("", "respite breaks carers breakfast how"),
        ] {
            let mut doc = TantivyDocument::default();
            doc.add_text(fields.title, title);
            doc.add_text(fields.body, body);
            writer.add_document(doc).unwrap();
        }
        writer.commit().unwrap();
        (index, fields)
    }

    /// "respite breaks" as a phrase, which lies within the first two words.
    fn phrase(b: tantivy::schema::Field) -> Box<dyn Query> {
        Box::new(PhraseQuery::new(vec![
            Term::from_field_text(b, "respit"),
            Term::from_field_text(b, "break"),
        ]))
    }

    /// "respite breaks how": "how" need not match; "carers" stands for the
    /// first two words; "breakfast" is a typo of the second; "respite" in the
    /// title and the phrase count for the score alone.
    fn respite_breaks_how(fields: &schema::Fields) -> AllWords {
        let b = fields.body;
        AllWords {
            words: vec![
                WordPart {
                    core: Arc::new([term(b, "respit").into()]),
                    typos: Arc::new([]),
                    needed: true,
                },
                WordPart {
                    core: Arc::new([term(b, "break").into()]),
                    typos: Arc::new([term(b, "breakfast").into()]),
                    needed: true,
                },
                WordPart {
                    core: Arc::new([term(b, "how").into()]),
                    typos: Arc::new([]),
                    needed: false,
                },
            ],
            synonyms: vec![SynonymPart {
                query: term(b, "carer").into(),
                words: vec![0, 1],
            }],
            extras: vec![
                Extra {
                    query: term(fields.title, "respit"),
                    within: Vec::new(),
                },
                Extra {
                    query: phrase(b),
                    within: vec![0, 1],
                },
            ],
        }
    }

    #[test]
    fn every_needed_word_matched_directly_or_through_a_synonym_scores_again() {
        let (index, fields) = made_up();
        let searcher = index.reader().unwrap().searcher();
        let b = fields.body;
        let query = respite_breaks_how(&fields);
        let phrase = || phrase(b);
        let part = |q: Box<dyn Query>| scores(&searcher, &*q);
        let (respite, breaks, how) = (
            part(term(b, "respit")),
            part(term(b, "break")),
            part(term(b, "how")),
        );
        let (typo, carers, title, together) = (
            part(term(b, "breakfast")),
            part(term(b, "carer")),
            part(term(fields.title, "respit")),
            part(phrase()),
        );
        assert_eq!(together.len(), 1, "one document holds the phrase");
        let ours = scores(&searcher, &query);
        assert_eq!(ours.len(), 5, "every document but the one holding none");
        for (doc, score) in &ours {
            let of = |m: &HashMap<DocAddress, Score>| m.get(doc).copied();
            let total: Score = [&respite, &breaks, &how, &typo, &carers, &title, &together]
                .into_iter()
                .filter_map(of)
                .sum();
            let every = (of(&respite).is_some() || of(&carers).is_some())
                && (of(&breaks).is_some() || of(&carers).is_some());
            // The synonym stands for two needed words: it counts again twice.
            let again = of(&respite).unwrap_or(0.0)
                + of(&breaks).unwrap_or(0.0)
                + 2.0 * of(&carers).unwrap_or(0.0);
            let expected = if every { total + again } else { total };
            assert!(
                (score - expected).abs() < 1e-4,
                "document {doc:?}: {score}, expected {expected} (every word: {every})"
            );
        }
        // The one matching both words only through the synonym has the bonus.
        let second = DocAddress::new(0, 1);
        assert!(ours[&second] > respite[&second] + carers[&second] + 1e-3);
    }

    /// What tantivy's `TopDocs` and `Count` make of `query`.
    fn collected(
        searcher: &Searcher,
        query: &AllWords,
        k: usize,
    ) -> (Vec<(Score, DocAddress)>, usize) {
        searcher
            .search(query, &(TopDocs::with_limit(k).order_by_score(), Count))
            .unwrap()
    }

    #[test]
    fn the_best_without_adding_up_every_document_are_what_top_docs_collects() {
        let (index, fields) = made_up();
        let query = respite_breaks_how(&fields);
        let best = |searcher: &Searcher, k: usize| {
            let mut matched = 0;
            let fruits = query
                .best(
                    searcher,
                    EnableScoring::enabled_from_searcher(searcher),
                    k,
                    |_, _, bits| {
                        matched += bits.count_ones() as usize;
                    },
                )
                .unwrap();
            // As `SearchIndex::answer` merges the segments' best.
            let mut top = fruits.concat();
            top.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            top.truncate(k);
            (top, matched)
        };
        let same_for_every_k = |searcher: &Searcher, matched: usize| {
            for k in 1..=12 {
                let (ours, counted) = best(searcher, k);
                let (theirs, count) = collected(searcher, &query, k);
                assert_eq!(ours, theirs, "top {k}");
                assert_eq!(counted, matched);
                assert_eq!(count, matched);
            }
        };
        same_for_every_k(&index.reader().unwrap().searcher(), 5);
        // Deleted documents are neither counted nor shown.
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        writer.delete_term(Term::from_field_text(fields.body, "carer"));
        writer.commit().unwrap();
        let reader = index.reader().unwrap();
        reader.reload().unwrap();
        same_for_every_k(&reader.searcher(), 3);
        // Later segments: documents scoring as ones before them (a tie goes to
        // the earlier), more, and less. A later segment looks only for
        // documents that beat the worst of the best found before it.
        for texts in [
            &["respite and breaks", "respite breaks carers breakfast how"][..],
            &["respite respite breaks breaks", "how", "breaks"][..],
        ] {
            for body in texts {
                let mut doc = TantivyDocument::default();
                doc.add_text(fields.body, body);
                writer.add_document(doc).unwrap();
            }
            writer.commit().unwrap();
        }
        reader.reload().unwrap();
        let searcher = reader.searcher();
        assert_eq!(searcher.segment_readers().len(), 3);
        same_for_every_k(&searcher, 8);
    }
}
