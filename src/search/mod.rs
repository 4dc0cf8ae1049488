//! Search: a tantivy index written at build time from the [`crate::content::Site`]
//! (`index`), and the code that answers queries over it (`query`), shared by the
//! server and `localoffer search`.

mod all_words;
mod any_term;
mod best_field;
pub mod index;
mod json;
pub mod query;
mod remembered;
pub mod schema;
mod snippets;
mod tally;
pub mod thesaurus;
mod top;
mod typos;
pub mod words;

pub use query::{Hit, QueryError, Request, Response, SearchIndex};

/// `Weight::explain` for this module's own queries: the score of `doc` as
/// `weight`'s scorer gives it, under `name`, or an error saying the document
/// `misses` ("holds none of the words").
fn explain_by_scoring(
    weight: &dyn tantivy::query::Weight,
    reader: &tantivy::SegmentReader,
    doc: tantivy::DocId,
    name: &'static str,
    misses: &str,
) -> tantivy::Result<tantivy::query::Explanation> {
    use tantivy::DocSet;
    let mut scorer = weight.scorer(reader, 1.0)?;
    if scorer.seek(doc) == doc {
        Ok(tantivy::query::Explanation::new(name, scorer.score()))
    } else {
        Err(tantivy::TantivyError::InvalidArgument(format!(
            "document {doc} {misses}"
        )))
    }
}
