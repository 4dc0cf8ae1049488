//! Search: a tantivy index written at build time from the [`crate::content::Site`]
//! (`index`), and the code that answers queries over it (`query`), shared by the
//! server and `localoffer search`.

mod all_words;
mod any_term;
pub mod index;
pub mod query;
pub mod schema;
pub mod thesaurus;
pub mod words;

pub use query::{Hit, QueryError, Request, Response, SearchIndex};
