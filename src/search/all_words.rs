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

/// What a part's match means for the bonus, worked out once per query.
#[derive(Clone, Copy)]
struct Share {
    /// The words it matches, one bit each (see [`bit`]).
    words: u128,
    /// How many needed words it matches: its score goes into the bonus that
    /// many times.
    needed: u8,
}

/// Word `i`'s bit. A query of at most `MAX_QUERY_CHARS` (256) characters has at
/// most 128 words; a word past that would count for no bonus.
fn bit(i: usize) -> u128 {
    1u128.checked_shl(i as u32).unwrap_or(0)
}

struct AllWordsWeight {
    parts: Vec<(Share, Box<dyn Weight>)>,
    /// The needed words' bits.
    needed: u128,
    /// Whether there is a bonus: at least two needed words.
    bonus: bool,
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
        let needed = |i: &usize| self.words.get(*i).is_some_and(|w| w.needed);
        let share = |role| match role {
            Role::Core(i) => Share {
                words: bit(i),
                needed: u8::from(needed(&i)),
            },
            Role::Score => Share {
                words: 0,
                needed: 0,
            },
            Role::Synonym(g) => {
                let words = &self.synonyms[g].words;
                Share {
                    words: words.iter().fold(0, |all, &i| all | bit(i)),
                    needed: words.iter().filter(|i| needed(i)).count().min(255) as u8,
                }
            }
        };
        // The bonus needs at least two words: one word matched is just a match.
        let bonus = self.words.iter().filter(|w| w.needed).count() >= 2;
        Ok(Box::new(AllWordsWeight {
            parts: parts
                .into_iter()
                .map(|(role, w)| (share(role), w))
                .collect(),
            needed: (0..self.words.len())
                .filter(needed)
                .fold(0, |all, i| all | bit(i)),
            bonus,
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
        for (share, weight) in &self.parts {
            parts.push((*share, weight.scorer(reader, boost)?));
        }
        Ok(Box::new(AllWordsScorer {
            parts: SideBySide::new(parts),
            needed: self.needed,
            bonus: self.bonus,
        }))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        super::explain_by_scoring(self, reader, doc, "AllWords", "holds none of the words")
    }
}

struct AllWordsScorer {
    parts: SideBySide<Share>,
    needed: u128,
    bonus: bool,
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
        let mut matched = 0;
        for (share, score) in self.parts.here() {
            total += score;
            matched |= share.words;
            for _ in 0..share.needed {
                again += score;
            }
        }
        if self.bonus && matched & self.needed == self.needed {
            total + again
        } else {
            total
        }
    }
}
