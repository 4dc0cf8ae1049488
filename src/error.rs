//! Why building or writing a site failed: [`BuildError`], shared by the load, the
//! writers of [`crate::output`] and the search index.

use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;

/// Why a build failed.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The search index could not be written.
    #[error("cannot write the search index in {path}: {source}")]
    Index {
        /// The index folder.
        path: PathBuf,
        /// What tantivy said.
        source: tantivy::TantivyError,
    },
    /// Problems in content, settings or templates that the user must fix.
    #[error("the site has {} problem(s) to fix", .0.len())]
    Content(Vec<Diagnostic>),
    /// The output could not be written.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
}

/// Turns an I/O error on `path` into a [`BuildError::Io`] (for `map_err`).
pub fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> BuildError + '_ {
    move |source| BuildError::Io {
        path: path.to_path_buf(),
        source,
    }
}
