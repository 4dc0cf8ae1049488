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

use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader};

use super::side_by_side::SideBySide;

/// One word of the query.
#[derive(Debug)]
pub struct WordPart {
    /// The word as typed: its stems, correction, completions, words run together,
    /// each scoring on its own.
    pub core: Vec<Box<dyn Query>>,
    /// Its typo matches, which count for the word but not for the bonus.
    pub typos: Vec<Box<dyn Query>>,
    /// Whether a page must match it to earn the bonus (question words need not).
    pub needed: bool,
}

/// A synonym group a query holds, and which of its words the group stands for.
#[derive(Debug)]
pub struct SynonymPart {
    pub query: Box<dyn Query>,
    /// Places in [`AllWords::words`].
    pub words: Vec<usize>,
}

/// Matches any word, synonym or extra; scores the sum of what matches, plus, when
/// every needed word matches (as itself or through a synonym), the sum again of
/// the needed words' own matches and their synonyms. The same as a `BooleanQuery`
/// of the words, synonyms and extras with a clause that must match every word.
#[derive(Debug)]
pub struct AllWords {
    pub words: Vec<WordPart>,
    pub synonyms: Vec<SynonymPart>,
    /// What counts for the score but for no word: the whole query as a phrase, two
    /// words the index knows as one.
    pub extras: Vec<Box<dyn Query>>,
}

impl Clone for AllWords {
    fn clone(&self) -> Self {
        AllWords {
            words: self.words.clone(),
            synonyms: self.synonyms.clone(),
            extras: self.extras.iter().map(|q| q.box_clone()).collect(),
        }
    }
}

impl Clone for WordPart {
    fn clone(&self) -> Self {
        WordPart {
            core: self.core.iter().map(|q| q.box_clone()).collect(),
            typos: self.typos.iter().map(|q| q.box_clone()).collect(),
            needed: self.needed,
        }
    }
}

impl Clone for SynonymPart {
    fn clone(&self) -> Self {
        SynonymPart {
            query: self.query.box_clone(),
            words: self.words.clone(),
        }
    }
}

/// What a part of the query counts for.
#[derive(Clone, Copy)]
enum Role {
    /// The word at this place, for the bonus too.
    Core(usize),
    /// The score only (typos, extras).
    Score,
    /// The synonym group at this place, standing for its words.
    Synonym(usize),
}

struct AllWordsWeight {
    parts: Vec<(Role, Box<dyn Weight>)>,
    /// Which needed words each synonym group stands for.
    synonym_words: Vec<Vec<usize>>,
    needed: Vec<bool>,
}

impl Query for AllWords {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let mut parts = Vec::new();
        for (i, w) in self.words.iter().enumerate() {
            for q in &w.core {
                parts.push((Role::Core(i), q.weight(scoring)?));
            }
            for q in &w.typos {
                parts.push((Role::Score, q.weight(scoring)?));
            }
        }
        for (g, s) in self.synonyms.iter().enumerate() {
            parts.push((Role::Synonym(g), s.query.weight(scoring)?));
        }
        for q in &self.extras {
            parts.push((Role::Score, q.weight(scoring)?));
        }
        Ok(Box::new(AllWordsWeight {
            parts,
            synonym_words: self.synonyms.iter().map(|s| s.words.clone()).collect(),
            needed: self.words.iter().map(|w| w.needed).collect(),
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a tantivy::Term, bool)) {
        for w in &self.words {
            for q in w.core.iter().chain(&w.typos) {
                q.query_terms(visitor);
            }
        }
        for s in &self.synonyms {
            s.query.query_terms(visitor);
        }
        for q in &self.extras {
            q.query_terms(visitor);
        }
    }
}

impl Weight for AllWordsWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut parts = Vec::with_capacity(self.parts.len());
        for (role, weight) in &self.parts {
            parts.push((*role, weight.scorer(reader, boost)?));
        }
        // The bonus needs at least two words: one word matched is just a match.
        let bonus = self.needed.iter().filter(|n| **n).count() >= 2;
        Ok(Box::new(AllWordsScorer {
            parts: SideBySide::new(parts),
            needed: self.needed.clone(),
            synonym_words: self.synonym_words.clone(),
            bonus,
            matched: vec![false; self.needed.len()],
        }))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        super::explain_by_scoring(self, reader, doc, "AllWords", "holds none of the words")
    }
}

struct AllWordsScorer {
    parts: SideBySide<Role>,
    needed: Vec<bool>,
    synonym_words: Vec<Vec<usize>>,
    bonus: bool,
    /// Scratch: which words the current document matches.
    matched: Vec<bool>,
}

impl DocSet for AllWordsScorer {
    fn advance(&mut self) -> DocId {
        self.parts.advance()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        self.parts.seek(target)
    }

    fn doc(&self) -> DocId {
        self.parts.doc()
    }

    fn size_hint(&self) -> u32 {
        self.parts.size_hint()
    }
}

impl Scorer for AllWordsScorer {
    fn score(&mut self) -> Score {
        let mut total = 0.0;
        // What the bonus adds: the needed words' own matches and their synonyms'.
        let mut again = 0.0;
        self.matched.iter_mut().for_each(|m| *m = false);
        for (role, score) in self.parts.here() {
            total += score;
            match *role {
                Role::Core(i) => {
                    self.matched[i] = true;
                    if self.needed[i] {
                        again += score;
                    }
                }
                Role::Score => {}
                Role::Synonym(g) => {
                    for &i in &self.synonym_words[g] {
                        self.matched[i] = true;
                        if self.needed[i] {
                            again += score;
                        }
                    }
                }
            }
        }
        let every = self
            .needed
            .iter()
            .zip(&self.matched)
            .all(|(needed, matched)| !needed || *matched);
        if self.bonus && every {
            total + again
        } else {
            total
        }
    }
}
