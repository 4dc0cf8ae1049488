//! Scorers stepped through side by side: the union inside [`super::all_words`] and
//! [`super::best_field`]. With a handful of lists, taking the lowest entry each time
//! costs less than tantivy's buffered union, which fills 4,096 entries at a time.

use tantivy::query::Scorer;
use tantivy::{DocId, TERMINATED};

/// Scorers, each with what it stands for (`T`), and the lowest entry any is on.
pub struct SideBySide<T> {
    parts: Vec<(T, Box<dyn Scorer>)>,
    /// Where each part is: kept here so that stepping and scoring do not ask
    /// every part through a virtual call at every entry.
    docs: Vec<DocId>,
    doc: DocId,
}

impl<T> SideBySide<T> {
    /// `parts` with nothing left (a term another segment holds) are dropped: they
    /// would only be asked again at every entry.
    pub fn new(parts: Vec<(T, Box<dyn Scorer>)>) -> SideBySide<T> {
        let parts: Vec<_> = parts
            .into_iter()
            .filter(|(_, s)| s.doc() != TERMINATED)
            .collect();
        let docs: Vec<DocId> = parts.iter().map(|(_, s)| s.doc()).collect();
        let doc = docs.iter().copied().min().unwrap_or(TERMINATED);
        SideBySide { parts, docs, doc }
    }

    pub fn len(&self) -> usize {
        self.parts.len()
    }

    /// The parts themselves, for the one left when there is no other.
    pub fn into_parts(self) -> Vec<(T, Box<dyn Scorer>)> {
        self.parts
    }

    pub fn doc(&self) -> DocId {
        self.doc
    }

    pub fn advance(&mut self) -> DocId {
        let doc = self.doc;
        for ((_, s), at) in self.parts.iter_mut().zip(&mut self.docs) {
            if *at == doc {
                *at = s.advance();
            }
        }
        self.settle()
    }

    pub fn seek(&mut self, target: DocId) -> DocId {
        for ((_, s), at) in self.parts.iter_mut().zip(&mut self.docs) {
            if *at < target {
                *at = s.seek(target);
            }
        }
        self.settle()
    }

    pub fn size_hint(&self) -> u32 {
        self.parts
            .iter()
            .map(|(_, s)| s.size_hint())
            .max()
            .unwrap_or(0)
    }

    /// The parts on the current entry, in order.
    pub fn here(&mut self) -> impl Iterator<Item = (&T, &mut Box<dyn Scorer>)> {
        let doc = self.doc;
        self.parts
            .iter_mut()
            .zip(&self.docs)
            .filter(move |(_, at)| **at == doc)
            .map(|((role, s), _)| (&*role, s))
    }

    fn settle(&mut self) -> DocId {
        self.doc = self.docs.iter().copied().min().unwrap_or(TERMINATED);
        self.doc
    }
}
