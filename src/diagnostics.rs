//! Errors and warnings that people read: what is wrong, where (file:line:column),
//! the line itself with a marker under the problem, and how to fix it.
//!
//! Every stage reports problems in content or templates as [`Diagnostic`]s, so they can
//! be collected across a whole build, sorted by file and line, and printed together.
//! Showing them is left to miette's report handler.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceCode};

/// How bad a diagnostic is: errors stop the build, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The build cannot go on.
    Error,
    /// Worth fixing, but the site still builds.
    Warning,
}

/// One problem in one file, with its position and a hint.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file, as the user knows it (relative to the site root where possible).
    pub path: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// What is wrong, in one sentence.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
    /// The marked place in the file, when the file is text (boxed: diagnostics
    /// travel in `Result`s and should stay small).
    snippet: Option<Box<Snippet>>,
}

/// The file's text, the marked byte range and the note shown under it.
#[derive(Debug, Clone)]
struct Snippet {
    text: Arc<str>,
    span: std::ops::Range<usize>,
    label: String,
}

impl Diagnostic {
    /// An error about `path` with no position inside it (reported as line 1, column 1).
    pub fn error(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.into(),
            line: 1,
            column: 1,
            message: message.into(),
            help: None,
            snippet: None,
        }
    }

    /// Turns this into a warning.
    pub fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    /// Points at the byte range `span` of `source` (the whole file's text); works out
    /// the line and column from it.
    pub fn at(mut self, source: &Arc<str>, span: std::ops::Range<usize>) -> Self {
        let start = floor_char_boundary(source, span.start.min(source.len()));
        let end = floor_char_boundary(source, span.end.clamp(start, source.len()));
        let (line, column) = line_column(source, start);
        self.line = line;
        self.column = column;
        let label = self.snippet.take().map(|s| s.label).unwrap_or_default();
        self.snippet = Some(Box::new(Snippet {
            text: Arc::clone(source),
            span: start..end,
            label,
        }));
        self
    }

    /// Adds the note shown under the marked text (after [`Diagnostic::at`]).
    pub fn label(mut self, label: impl Into<String>) -> Self {
        if let Some(s) = &mut self.snippet {
            s.label = label.into();
        }
        self
    }

    /// Adds a hint on how to fix the problem.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// `path:line:column`, the way editors and terminals link to a position.
    pub fn location(&self) -> String {
        format!("{}:{}:{}", self.path.display(), self.line, self.column)
    }

    /// Renders the diagnostic for a terminal: colour only when `color` is set.
    pub fn render(&self, color: bool) -> String {
        let theme = if color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        let handler = GraphicalReportHandler::new_themed(theme)
            .with_context_lines(1)
            .with_links(false)
            .with_width(100);
        let mut out = format!(
            "{}: {}\n  --> {}\n",
            match self.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            },
            self.message,
            self.location()
        );
        if self.snippet.is_some() {
            let shown = Shown(self);
            let mut rendered = String::new();
            if handler.render_report(&mut rendered, &shown).is_ok() {
                // miette repeats the message first; we already printed it.
                let body = rendered.split_once('\n').map_or("", |(_, rest)| rest);
                out.push_str(body.trim_end());
                out.push('\n');
                return out;
            }
        }
        if let Some(help) = &self.help {
            out.push_str(&format!("  help: {help}\n"));
        }
        out
    }

    /// Sort key: file, then position, errors first on the same spot.
    fn sort_key(&self) -> (&Path, usize, usize, Severity) {
        (&self.path, self.line, self.column, self.severity)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location(), self.message)?;
        if let Some(help) = &self.help {
            write!(f, " (help: {help})")?;
        }
        Ok(())
    }
}

/// Sorts diagnostics by file and position, the order people fix them in.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
}

/// 1-based line and character column of byte `offset` in `text`.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..floor_char_boundary(text, offset.min(text.len()))];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// Byte offset of the start of 1-based `line`, column `column` (characters, 1-based).
pub fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut offset = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            let in_line: usize = l
                .char_indices()
                .nth(column.saturating_sub(1))
                .map_or(l.trim_end_matches('\n').len(), |(b, _)| b);
            return offset + in_line;
        }
        offset += l.len();
    }
    text.len()
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Adapter that lets miette draw the snippet of a [`Diagnostic`].
struct Shown<'a>(&'a Diagnostic);

impl fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.0, f)
    }
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.message)
    }
}

impl std::error::Error for Shown<'_> {}

impl miette::Diagnostic for Shown<'_> {
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.0
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.0.snippet.as_ref().map(|s| &s.text as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let s = self.0.snippet.as_ref()?;
        let label = (!s.label.is_empty()).then(|| s.label.clone());
        Some(Box::new(std::iter::once(LabeledSpan::new(
            label,
            s.span.start,
            s.span.len(),
        ))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters_not_bytes() {
        let text = "a\nÉté: x\n";
        assert_eq!(line_column(text, 0), (1, 1));
        let x = text.find('x').unwrap();
        assert_eq!(line_column(text, x), (2, 6));
        assert_eq!(offset_of(text, 2, 6), x);
    }

    #[test]
    fn render_names_the_file_line_and_help() {
        let text: Arc<str> = Arc::from("---\ntitel: Hello\n---\n");
        let d = Diagnostic::error("content/faqs/a.md", "unknown field `titel`")
            .at(&text, 4..9)
            .label("not a field of an FAQ page")
            .help("did you mean `title`?");
        let shown = d.render(false);
        assert!(shown.starts_with("error: unknown field `titel`\n  --> content/faqs/a.md:2:1\n"));
        assert!(shown.contains("titel: Hello"), "{shown}");
        assert!(shown.contains("did you mean `title`?"), "{shown}");
    }
}
