//! Front matter: the YAML between the `---` lines at the top of a content file.
//!
//! This is the only file that knows YAML (serde_yaml is archived upstream; a fork can
//! replace it here alone). Errors name the real line and column in the content file,
//! not in the YAML snippet, and suggest the nearest valid field for a mistyped one.

use std::ops::Range;

use serde::de::DeserializeOwned;

use super::source::SourceFile;
use crate::diagnostics::{self, Diagnostic};
use crate::util::names::nearest;

/// Front matter larger than this is refused before it reaches the YAML parser.
pub const MAX_FRONT_MATTER_BYTES: usize = 64 * 1024;

/// Flow collections (`[...]`, `{...}`) nested deeper than this are refused before
/// parsing: no field needs more than a few levels, and libyaml takes seconds over
/// thousands of them.
pub const MAX_NESTING: usize = 32;

/// A content file cut into its front matter and its Markdown body.
#[derive(Debug, Clone)]
pub struct Split {
    /// Byte range of the YAML text (between the fences) in the file.
    pub yaml: Range<usize>,
    /// Byte range of the Markdown body in the file.
    pub body: Range<usize>,
}

/// Finds the front matter of `file`: a first line `---`, YAML, then a line `---`.
pub fn split(file: &SourceFile) -> Result<Split, Diagnostic> {
    let text = &*file.text;
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let first_line_end = text[start..]
        .find('\n')
        .map_or(text.len(), |i| start + i + 1);
    if text[start..first_line_end].trim_end() != "---" {
        return Err(file
            .error("this file has no front matter")
            .at(&file.text, start..first_line_end.min(start + 3).max(start))
            .label("expected a line of three dashes here")
            .help("start the file with a line `---`, the page's settings (such as `title: ...`), then another line `---`"));
    }
    let yaml_start = first_line_end;
    let mut offset = yaml_start;
    for line in text[yaml_start..].split_inclusive('\n') {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            return Ok(Split {
                yaml: yaml_start..offset,
                body: offset + line.len()..text.len(),
            });
        }
        offset += line.len();
    }
    Err(file
        .error("the front matter is never closed")
        .at(&file.text, start..start + 3)
        .label("front matter opens here")
        .help("add a line `---` after the last setting, before the page text"))
}

/// Parses the front matter of `file` into `T`. `kind` names the content kind in
/// messages ("an FAQ page") and `fields` lists the fields it takes, for suggestions.
pub fn parse<T: DeserializeOwned>(
    file: &SourceFile,
    split: &Split,
    kind: &str,
    fields: &[&str],
) -> Result<T, Diagnostic> {
    let yaml = &file.text[split.yaml.clone()];
    if yaml.len() > MAX_FRONT_MATTER_BYTES {
        return Err(file
            .error(format!(
                "the front matter is {} KiB; the most it may be is {} KiB",
                yaml.len() / 1024,
                MAX_FRONT_MATTER_BYTES / 1024
            ))
            .at(&file.text, split.yaml.start..split.yaml.start)
            .help("move long text into the page body, below the closing `---`"));
    }
    if let Some(at) = too_deep(yaml) {
        return Err(file
            .error(format!(
                "the front matter nests lists or maps more than {MAX_NESTING} levels deep"
            ))
            .at(&file.text, split.yaml.start + at..split.yaml.start + at + 1)
            .label("too deep from here")
            .help("the front matter is nested too deeply; write the values out plainly"));
    }
    if yaml.trim().is_empty() {
        // An empty document is YAML null; treat it as an empty mapping so the
        // message is about the missing fields, not about "null".
        return serde_yaml::from_str("{}")
            .map_err(|e| to_diagnostic(file, split, kind, fields, &e));
    }
    serde_yaml::from_str(yaml).map_err(|e| to_diagnostic(file, split, kind, fields, &e))
}

/// Where flow brackets first nest past [`MAX_NESTING`], if they do. Quotes are not
/// tracked: a bracket inside a quoted title counts too, which only matters to text
/// holding dozens of unclosed brackets.
fn too_deep(yaml: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, b) in yaml.bytes().enumerate() {
        match b {
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(i);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// The fields every kind shares, read leniently (other fields ignored) for `check`.
/// `None` when the front matter does not parse: `build` reports that itself.
pub fn shared_fields(file: &SourceFile, split: &Split) -> Option<super::Meta> {
    let yaml = &file.text[split.yaml.clone()];
    if yaml.len() > MAX_FRONT_MATTER_BYTES || too_deep(yaml).is_some() {
        return None;
    }
    let yaml = if yaml.trim().is_empty() { "{}" } else { yaml };
    serde_yaml::from_str(yaml).ok()
}

fn to_diagnostic(
    file: &SourceFile,
    split: &Split,
    kind: &str,
    fields: &[&str],
    error: &serde_yaml::Error,
) -> Diagnostic {
    let yaml = &file.text[split.yaml.clone()];
    let full = error.to_string();
    let at = |line: usize, column: usize| {
        let at = split.yaml.start + diagnostics::offset_of(yaml, line, column);
        at..at
    };
    // libyaml says where it noticed the problem and, after ", while", where the
    // construct it was reading began (an unclosed quote, say): that start is what
    // the user must fix.
    let (message, context) = match full.split_once(", while ") {
        Some((problem, context)) => (
            format!(
                "{} while {}",
                strip_location(problem),
                strip_location(context)
            ),
            line_column_in(context).map(|(l, c)| at(l, c)),
        ),
        None => (strip_location(&full), None),
    };
    let located = context.or_else(|| error.location().map(|loc| at(loc.line(), loc.column())));

    if let Some(field) = unknown_field_name(&message) {
        let span = find_key(yaml, field)
            .map(|r| split.yaml.start + r.start..split.yaml.start + r.end)
            .or(located)
            .unwrap_or(split.yaml.start..split.yaml.start);
        // serde lists the fields it expected; when they are not the page's own, the
        // field is inside a nested item (a dataset, a series, a lead).
        let expected = expected_fields(&message);
        let (fields, whose) = if !expected.is_empty() && expected != fields {
            (expected.as_slice(), "this item".to_owned())
        } else {
            (fields, kind.to_owned())
        };
        let help = match nearest(field, fields) {
            Some(n) => format!("did you mean `{n}`? {whose} takes: {}", fields.join(", ")),
            None => format!("remove it; {whose} takes: {}", fields.join(", ")),
        };
        return file
            .error(format!(
                "unknown field `{field}` in the front matter of {kind}"
            ))
            .at(&file.text, span)
            .label("not a field of this kind of page")
            .help(help);
    }
    if let Some(field) = backticked_after(&message, "missing field `") {
        // The whole front matter lacks it: point at the opening fence.
        let open = split.yaml.start.saturating_sub(4);
        return file
            .error(format!(
                "{kind} needs a `{field}` field in its front matter"
            ))
            .at(&file.text, open..open + 3)
            .label(format!("`{field}` is missing from here"))
            .help(format!("add a line `{field}: ...` between the `---` lines"));
    }
    // Our own value errors (dates) are located by serde_yaml at the enclosing
    // mapping; find the value itself instead.
    let value_span = backticked_after(&message, "invalid date `").and_then(|v| {
        yaml.find(v)
            .map(|i| split.yaml.start + i..split.yaml.start + i + v.len())
    });
    let span = value_span
        .or(located)
        .unwrap_or(split.yaml.start..split.yaml.start);
    let span = widen_to_token(&file.text, span);
    file.error(format!("the front matter could not be read: {message}"))
        .at(&file.text, span)
        .help(type_help(&message))
}

fn type_help(message: &str) -> String {
    if message.contains("invalid date") {
        "write dates as YYYY-MM-DD, for example 2022-06-29".to_owned()
    } else if message.contains("quoted scalar") {
        "a quotation mark opened here is never closed: add the closing quote".to_owned()
    } else if message.contains("expected a sequence") {
        "write a list, one `- item` per line, or `[first, second]`".to_owned()
    } else if message.contains("invalid type") {
        "check the value's form; put text in quotes if it holds a colon or starts with a symbol"
            .to_owned()
    } else if message.contains("recursion limit") || message.contains("repetition limit") {
        "the front matter is nested too deeply or repeats aliases; write the values out plainly"
            .to_owned()
    } else {
        "check the indentation, and put text that holds `: ` or starts with a symbol in quotes"
            .to_owned()
    }
}

/// The position in "... at line L column C".
fn line_column_in(message: &str) -> Option<(usize, usize)> {
    let rest = &message[message.find(" at line ")? + " at line ".len()..];
    let (line, rest) = rest.split_once(" column ")?;
    let column: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some((line.trim().parse().ok()?, column.parse().ok()?))
}

/// serde_yaml appends "at line L column C" to its messages; we print positions our way.
fn strip_location(message: &str) -> String {
    let cut = message.find(" at line ").unwrap_or(message.len());
    message[..cut].trim_end_matches(',').trim().to_owned()
}

/// The fields in serde's "..., expected one of `a`, `b`" (or "expected `a`").
fn expected_fields(message: &str) -> Vec<&str> {
    let Some(at) = message.find("expected ") else {
        return Vec::new();
    };
    message[at..].split('`').skip(1).step_by(2).collect()
}

/// The field name in serde's "unknown field `x`, expected ..." message.
pub(crate) fn unknown_field_name(message: &str) -> Option<&str> {
    backticked_after(message, "unknown field `")
}

fn backticked_after<'m>(message: &'m str, prefix: &str) -> Option<&'m str> {
    let start = message.find(prefix)? + prefix.len();
    let len = message[start..].find('`')?;
    Some(&message[start..start + len])
}

/// Byte range of the key `name` in `yaml`: the first line whose key it is.
fn find_key(yaml: &str, name: &str) -> Option<Range<usize>> {
    let mut offset = 0;
    for line in yaml.split_inclusive('\n') {
        let content = line.trim_start_matches([' ', '\t', '-']).trim_start();
        let indent = line.len() - content.len();
        if let Some(rest) = content.strip_prefix(name)
            && rest.trim_start().starts_with(':')
        {
            return Some(offset + indent..offset + indent + name.len());
        }
        offset += line.len();
    }
    None
}

/// Grows an empty span to the word that starts there, so the marker has something
/// to underline.
fn widen_to_token(text: &str, span: Range<usize>) -> Range<usize> {
    if !span.is_empty() || span.start >= text.len() {
        return span;
    }
    let rest = &text[span.start..];
    let len = rest.find(['\n', '#']).unwrap_or(rest.len());
    let len = rest[..len].trim_end().len().max(1).min(rest.len());
    span.start..span.start + len
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Front {
        title: String,
        #[serde(default)]
        aliases: Vec<String>,
        #[serde(default)]
        updated: Option<crate::content::Date>,
    }

    const FIELDS: &[&str] = &["title", "aliases", "updated"];

    fn file(text: &str) -> SourceFile {
        SourceFile::from_text("content/faqs/a.md", text)
    }

    fn parse_text(text: &str) -> Result<Front, Diagnostic> {
        let f = file(text);
        let s = split(&f)?;
        parse(&f, &s, "an FAQ page", FIELDS)
    }

    #[test]
    fn splits_front_matter_from_the_body() {
        let f = file("---\ntitle: A\n---\nBody\n");
        let s = split(&f).unwrap();
        assert_eq!(&f.text[s.yaml], "title: A\n");
        assert_eq!(&f.text[s.body], "Body\n");
    }

    #[test]
    fn a_file_without_front_matter_is_an_error_on_line_one() {
        let d = split(&file("# Hello\n")).unwrap_err();
        assert_eq!((d.line, d.column), (1, 1));
        assert!(d.message.contains("no front matter"));
    }

    #[test]
    fn an_unclosed_front_matter_is_an_error() {
        let d = split(&file("---\ntitle: A\n")).unwrap_err();
        assert!(d.message.contains("never closed"));
    }

    #[test]
    fn an_unknown_field_names_its_own_line_and_the_nearest_field() {
        let d = parse_text("---\ntitle: A\nalaises: [x]\n---\n").unwrap_err();
        assert_eq!((d.line, d.column), (3, 1));
        assert!(
            d.message.contains("unknown field `alaises`"),
            "{}",
            d.message
        );
        assert!(d.help.unwrap().starts_with("did you mean `aliases`?"));
    }

    #[test]
    fn a_missing_field_is_named() {
        let d = parse_text("---\naliases: []\n---\n").unwrap_err();
        assert!(d.message.contains("needs a `title` field"), "{}", d.message);
    }

    #[test]
    fn a_wrong_type_points_at_the_value_in_the_file() {
        let d = parse_text("---\ntitle: A\naliases: 3\n---\n").unwrap_err();
        assert_eq!(d.line, 3, "{d}");
        assert!(d.message.contains("invalid type"), "{}", d.message);
    }

    #[test]
    fn a_bad_date_is_explained() {
        let d = parse_text("---\ntitle: A\nupdated: 2022-13-40\n---\n").unwrap_err();
        assert_eq!(d.line, 3, "{d}");
        assert!(d.message.contains("2022-13-40"), "{}", d.message);
        assert!(d.help.unwrap().contains("YYYY-MM-DD"));
    }

    #[test]
    fn broken_yaml_names_the_line_in_the_file() {
        let d = parse_text("---\ntitle: A\naliases: [x\n---\n").unwrap_err();
        assert!(d.line >= 3, "{d}");
    }

    #[test]
    fn huge_front_matter_is_refused_before_parsing() {
        let text = format!(
            "---\ntitle: {}\n---\n",
            "a".repeat(MAX_FRONT_MATTER_BYTES + 1)
        );
        let d = parse_text(&text).unwrap_err();
        assert!(d.message.contains("KiB"));
    }

    #[test]
    fn typo_suggestions_stay_close() {
        assert_eq!(nearest("titel", FIELDS), Some("title"));
        assert_eq!(nearest("colour", FIELDS), None);
    }

    /// Nine levels of nine aliases each: a billion strings if expanded.
    fn alias_bomb() -> String {
        let mut yaml = String::from(
            "a0: &a0 [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n",
        );
        for level in 1..10 {
            let prev = format!("*a{}", level - 1);
            yaml.push_str(&format!(
                "a{level}: &a{level} [{}]\n",
                vec![prev; 9].join(", ")
            ));
        }
        format!("---\n{yaml}---\n")
    }

    fn parse_any(text: &str) -> Result<serde_yaml::Value, Diagnostic> {
        let f = file(text);
        let s = split(&f)?;
        parse(&f, &s, "an FAQ page", FIELDS)
    }

    #[test]
    fn an_alias_bomb_is_refused_whatever_type_reads_it() {
        // `Value` accepts anything, so only the parser's own limit can stop this.
        let d = parse_any(&alias_bomb()).unwrap_err();
        assert!(d.message.contains("repetition limit"), "{}", d.message);
        assert!(d.help.unwrap().contains("aliases"));
        let d = parse_text(&alias_bomb().replace("a9:", "aliases:")).unwrap_err();
        assert!(d.message.contains("front matter"), "{}", d.message);
    }

    #[test]
    fn deep_nesting_is_refused() {
        let deep = format!(
            "---\ntitle: {}{}\n---\n",
            "[".repeat(10_000),
            "]".repeat(10_000)
        );
        let d = parse_any(&deep).unwrap_err();
        assert!(d.message.contains("more than 32 levels"), "{}", d.message);
        assert_eq!((d.line, d.column), (2, 8 + MAX_NESTING), "{d}");
        assert!(d.help.unwrap().contains("nested too deeply"));
        // Just inside the limit is left to the parser, which takes it.
        let ok = format!(
            "---\ntitle: {}{}\n---\n",
            "[".repeat(MAX_NESTING),
            "]".repeat(MAX_NESTING)
        );
        assert!(parse_any(&ok).is_ok());
        let deep_map = format!(
            "---\n{}x: 1\n---\n",
            (0..300)
                .map(|i| format!("{}k:\n", " ".repeat(i)))
                .collect::<String>()
        );
        let d = parse_any(&deep_map).unwrap_err();
        assert!(d.message.contains("recursion limit"), "{}", d.message);
    }
}
