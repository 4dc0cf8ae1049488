//! Reading one content file: size limit, UTF-8 check, and the path people know it by.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostics::{self, Diagnostic};

/// Content files larger than this are refused: no page of a Local Offer is that long,
/// and a mistaken export should not stall the build.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// One content file's text and names.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path shown in messages, relative to the site root: `content/faqs/a.md`.
    pub path: PathBuf,
    /// The path inside `content/`, with `/` separators: `faqs/a.md`.
    pub rel: String,
    /// The whole text of the file.
    pub text: Arc<str>,
}

impl SourceFile {
    /// Reads `content_dir/rel`, refusing files that are too large or not UTF-8.
    pub fn read(root: &Path, content_dir: &Path, rel: &str) -> Result<SourceFile, Diagnostic> {
        let abs = content_dir.join(rel);
        let shown = abs.strip_prefix(root).unwrap_or(&abs).to_path_buf();
        let too_big = |len: u64| {
            Diagnostic::error(
                &shown,
                format!(
                    "this file is {} KiB; content files may be at most {} KiB",
                    len / 1024,
                    MAX_FILE_BYTES / 1024
                ),
            )
            .help("split the page into several files, or move large data out of it")
        };
        let len = std::fs::metadata(&abs)
            .map_err(|e| Diagnostic::error(&shown, format!("cannot read this file: {e}")))?
            .len();
        if len > MAX_FILE_BYTES {
            return Err(too_big(len));
        }
        // Read at most one byte past the limit: the file may have grown since its
        // size was asked, and memory must stay bounded whatever it holds.
        let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
        std::fs::File::open(&abs)
            .and_then(|f| {
                std::io::Read::read_to_end(
                    &mut std::io::Read::take(f, MAX_FILE_BYTES + 1),
                    &mut bytes,
                )
            })
            .map_err(|e| Diagnostic::error(&shown, format!("cannot read this file: {e}")))?;
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(too_big(bytes.len() as u64));
        }
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => return Err(not_utf8(&shown, e)),
        };
        Ok(SourceFile {
            path: shown,
            rel: rel.to_owned(),
            text: Arc::from(text),
        })
    }

    /// A file made from text in memory (tests, generated content).
    pub fn from_text(path: impl Into<PathBuf>, text: &str) -> SourceFile {
        let path = path.into();
        let rel = path
            .strip_prefix("content")
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/");
        SourceFile {
            path,
            rel,
            text: Arc::from(text),
        }
    }

    /// An error about this file.
    pub fn error(&self, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(&self.path, message)
    }

    /// The file name without `.md`: `a` for `faqs/a.md`.
    pub fn stem(&self) -> &str {
        let name = self.rel.rsplit('/').next().unwrap_or(&self.rel);
        name.strip_suffix(".md").unwrap_or(name)
    }
}

fn not_utf8(shown: &Path, error: std::string::FromUtf8Error) -> Diagnostic {
    let at = error.utf8_error().valid_up_to();
    let bytes = error.into_bytes();
    // Everything before `at` is valid, so offsets up to it match the lossy text.
    let lossy: Arc<str> = Arc::from(String::from_utf8_lossy(&bytes).into_owned());
    let (line, column) = diagnostics::line_column(&lossy, at);
    Diagnostic::error(
        shown,
        format!("this file is not valid UTF-8 text (bad byte at offset {at}, line {line}, column {column})"),
    )
    .at(&lossy, at..at + 1)
    .label("this character could not be read")
    .help("save the file as UTF-8 in your editor (\"Save as\" > encoding: UTF-8), then build again")
}
