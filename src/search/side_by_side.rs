//! Scorers stepped through side by side: the union inside [`super::best_field`].
//! With a handful of lists, taking the lowest entry each time costs less than
//! tantivy's buffered union, which fills 4,096 entries at a time. A part that is a
//! remembered list ([`super::remembered`]) is read in place, without a virtual
//! call for each entry. (The larger unions, [`super::all_words`] and a remembered
//! word's clauses, add their parts up in a [`super::tally`] instead.)

use std::sync::Arc;

use tantivy::query::Scorer;
use tantivy::{DocId, DocSet, Score, TERMINATED};

/// One segment's documents and their scores, in document order: a remembered
/// part of a query (see [`super::remembered`]).
pub type List = Arc<[(DocId, Score)]>;

/// Scorers, each with what it stands for (`T`), and the lowest entry any is on.
pub struct SideBySide<T> {
    parts: Vec<(T, Part)>,
    /// Where each part is: kept here so that stepping and scoring do not ask
    /// every part through a virtual call at every entry.
    docs: Vec<DocId>,
    doc: DocId,
}

/// A part: a remembered list is read in place (no virtual call), any other
/// scorer asked.
enum Part {
    List(ListScorer),
    Scorer(Box<dyn Scorer>),
}

impl Part {
    fn of(scorer: Box<dyn Scorer>) -> Part {
        match scorer.downcast::<ListScorer>() {
            Ok(list) => Part::List(*list),
            Err(scorer) => Part::Scorer(scorer),
        }
    }

    fn doc(&self) -> DocId {
        match self {
            Part::List(l) => l.doc(),
            Part::Scorer(s) => s.doc(),
        }
    }

    fn advance(&mut self) -> DocId {
        match self {
            Part::List(l) => l.advance(),
            Part::Scorer(s) => s.advance(),
        }
    }

    fn seek(&mut self, target: DocId) -> DocId {
        match self {
            Part::List(l) => l.seek(target),
            Part::Scorer(s) => s.seek(target),
        }
    }

    fn score(&mut self) -> Score {
        match self {
            Part::List(l) => l.score(),
            Part::Scorer(s) => s.score(),
        }
    }

    fn size_hint(&self) -> u32 {
        match self {
            Part::List(l) => l.size_hint(),
            Part::Scorer(s) => s.size_hint(),
        }
    }

    fn into_scorer(self) -> Box<dyn Scorer> {
        match self {
            Part::List(l) => Box::new(l),
            Part::Scorer(s) => s,
        }
    }
}

impl<T> SideBySide<T> {
    /// `parts` with nothing left (a term another segment holds) are dropped: they
    /// would only be asked again at every entry.
    pub fn new(parts: Vec<(T, Box<dyn Scorer>)>) -> SideBySide<T> {
        let parts: Vec<(T, Part)> = parts
            .into_iter()
            .filter(|(_, s)| s.doc() != TERMINATED)
            .map(|(t, s)| (t, Part::of(s)))
            .collect();
        let docs: Vec<DocId> = parts.iter().map(|(_, p)| p.doc()).collect();
        let doc = docs.iter().copied().min().unwrap_or(TERMINATED);
        SideBySide { parts, docs, doc }
    }

    pub fn len(&self) -> usize {
        self.parts.len()
    }

    /// The parts themselves, for the one left when there is no other.
    pub fn into_parts(self) -> Vec<(T, Box<dyn Scorer>)> {
        self.parts
            .into_iter()
            .map(|(t, p)| (t, p.into_scorer()))
            .collect()
    }

    pub fn doc(&self) -> DocId {
        self.doc
    }

    pub fn advance(&mut self) -> DocId {
        let doc = self.doc;
        for ((_, p), at) in self.parts.iter_mut().zip(&mut self.docs) {
            if *at == doc {
                *at = p.advance();
            }
        }
        self.settle()
    }

    pub fn seek(&mut self, target: DocId) -> DocId {
        for ((_, p), at) in self.parts.iter_mut().zip(&mut self.docs) {
            if *at < target {
                *at = p.seek(target);
            }
        }
        self.settle()
    }

    pub fn size_hint(&self) -> u32 {
        self.parts
            .iter()
            .map(|(_, p)| p.size_hint())
            .max()
            .unwrap_or(0)
    }

    /// The parts on the current entry, in order, with their scores.
    pub fn here(&mut self) -> impl Iterator<Item = (&T, Score)> {
        let doc = self.doc;
        self.parts
            .iter_mut()
            .zip(&self.docs)
            .filter(move |(_, at)| **at == doc)
            .map(|((role, p), _)| (&*role, p.score()))
    }

    fn settle(&mut self) -> DocId {
        self.doc = self.docs.iter().copied().min().unwrap_or(TERMINATED);
        self.doc
    }
}

/// Steps through a list.
pub struct ListScorer {
    list: List,
    at: usize,
}

impl ListScorer {
    /// Steps through `list` from its start.
    pub fn new(list: List) -> ListScorer {
        ListScorer { list, at: 0 }
    }

    /// The entries from the current one on.
    pub fn rest(&self) -> &[(DocId, Score)] {
        self.list.get(self.at..).unwrap_or_default()
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
        self.list.get(self.at).map_or(TERMINATED, |&(d, _)| d)
    }

    fn size_hint(&self) -> u32 {
        self.list.len().saturating_sub(self.at) as u32
    }
}

impl Scorer for ListScorer {
    fn score(&mut self) -> Score {
        self.list.get(self.at).map_or(0.0, |&(_, s)| s)
    }
}
