//! The words of a query and the bonus for matching every one of them, in one pass.
//!
//! A page that matches every word of a search scores again: a question about
//! appealing an EHC plan beats the definition of an EHC plan for "ehc plan appeal".
//! As a `BooleanQuery` that bonus is a second clause intersecting each word's
//! documents, which opens and merges each word's lists of documents a second time;
//! building those scorers was a fifth of what a query not asked before cost. This
//! query reads each list once and adds the bonus as it goes.

use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED};

/// One word of the query.
#[derive(Debug)]
pub struct WordPart {
    /// The word as typed: its stems, correction, completions, words run together.
    pub core: Box<dyn Query>,
    /// Its typo matches, which count for the word but not for the bonus.
    pub typos: Option<Box<dyn Query>>,
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

/// Matches any word or synonym; scores the sum of what matches, plus, when every
/// needed word matches (as itself or through a synonym), the sum again of the
/// needed words' own matches and their synonyms. The same as a `BooleanQuery` of
/// the words and synonyms with a clause that must match every word.
#[derive(Debug, Clone)]
pub struct AllWords {
    pub words: Vec<WordPart>,
    pub synonyms: Vec<SynonymPart>,
}

impl Clone for WordPart {
    fn clone(&self) -> Self {
        WordPart {
            core: self.core.box_clone(),
            typos: self.typos.as_ref().map(|q| q.box_clone()),
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
    Core(usize),
    Typos,
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
            parts.push((Role::Core(i), w.core.weight(scoring)?));
            if let Some(typos) = &w.typos {
                parts.push((Role::Typos, typos.weight(scoring)?));
            }
        }
        for (g, s) in self.synonyms.iter().enumerate() {
            parts.push((Role::Synonym(g), s.query.weight(scoring)?));
        }
        Ok(Box::new(AllWordsWeight {
            parts,
            synonym_words: self.synonyms.iter().map(|s| s.words.clone()).collect(),
            needed: self.words.iter().map(|w| w.needed).collect(),
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a tantivy::Term, bool)) {
        for w in &self.words {
            w.core.query_terms(visitor);
            if let Some(typos) = &w.typos {
                typos.query_terms(visitor);
            }
        }
        for s in &self.synonyms {
            s.query.query_terms(visitor);
        }
    }
}

impl Weight for AllWordsWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut parts = Vec::with_capacity(self.parts.len());
        for (role, weight) in &self.parts {
            parts.push((*role, weight.scorer(reader, boost)?));
        }
        let doc = parts
            .iter()
            .map(|(_, s)| s.doc())
            .min()
            .unwrap_or(TERMINATED);
        // The bonus needs at least two words: one word matched is just a match.
        let bonus = self.needed.iter().filter(|n| **n).count() >= 2;
        Ok(Box::new(AllWordsScorer {
            parts,
            doc,
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
    parts: Vec<(Role, Box<dyn Scorer>)>,
    doc: DocId,
    needed: Vec<bool>,
    synonym_words: Vec<Vec<usize>>,
    bonus: bool,
    /// Scratch: which words the current document matches.
    matched: Vec<bool>,
}

impl AllWordsScorer {
    fn settle(&mut self) -> DocId {
        self.doc = self
            .parts
            .iter()
            .map(|(_, s)| s.doc())
            .min()
            .unwrap_or(TERMINATED);
        self.doc
    }
}

impl DocSet for AllWordsScorer {
    fn advance(&mut self) -> DocId {
        let doc = self.doc;
        for (_, s) in &mut self.parts {
            if s.doc() == doc {
                s.advance();
            }
        }
        self.settle()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        for (_, s) in &mut self.parts {
            if s.doc() < target {
                s.seek(target);
            }
        }
        self.settle()
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.parts
            .iter()
            .map(|(_, s)| s.size_hint())
            .max()
            .unwrap_or(0)
    }
}

impl Scorer for AllWordsScorer {
    fn score(&mut self) -> Score {
        let doc = self.doc;
        let mut total = 0.0;
        // What the bonus adds: the needed words' own matches and their synonyms'.
        let mut again = 0.0;
        self.matched.iter_mut().for_each(|m| *m = false);
        for (role, s) in &mut self.parts {
            if s.doc() != doc {
                continue;
            }
            let score = s.score();
            total += score;
            match *role {
                Role::Core(i) => {
                    self.matched[i] = true;
                    if self.needed[i] {
                        again += score;
                    }
                }
                Role::Typos => {}
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
