//! Synonym groups in `site.toml` that find nothing: a group none of whose words
//! or phrases any page uses cannot lead a search to a page.

use std::path::Path;
use std::sync::Arc;

use crate::config;
use crate::content::Site;
use crate::content::kinds::search_entries;
use crate::diagnostics::Diagnostic;

/// A warning for each `[search] synonyms` group of `site` that no page's words
/// hold, at the group's first phrase in `site.toml`.
pub fn unused(root: &Path, site: &Site) -> Vec<Diagnostic> {
    let groups = &site.config.search.synonyms;
    if groups.is_empty() {
        return Vec::new();
    }
    let mut text = String::new();
    for e in search_entries(site) {
        for part in [&e.title, &e.headings, &e.body] {
            text.push_str(&part.to_lowercase());
            text.push('\n');
        }
    }
    let toml: Arc<str> = std::fs::read_to_string(root.join(config::FILE_NAME))
        .unwrap_or_default()
        .into();
    groups
        .iter()
        .filter(|group| !group.iter().any(|p| holds(&text, &p.to_lowercase())))
        .map(|group| {
            let first = group.first().map_or("", String::as_str);
            let quoted = format!("\"{first}\"");
            let span = toml.find(&quoted).map_or(0..0, |i| i..i + quoted.len());
            Diagnostic::error(
                config::FILE_NAME,
                format!(
                    "no page uses any of the words of the synonym group {}, so it finds nothing",
                    group
                        .iter()
                        .map(|p| format!("\"{p}\""))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
            .warning()
            .at(&toml, span)
            .help("add the word the site's pages use for this to the group, or remove the group")
        })
        .collect()
}

/// Whether `text` has `phrase` as whole words, perhaps as a plural.
fn holds(text: &str, phrase: &str) -> bool {
    let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
    text.match_indices(phrase).any(|(at, _)| {
        let rest = &text[at + phrase.len()..];
        let rest = rest
            .strip_prefix("es")
            .or_else(|| rest.strip_prefix('s'))
            .filter(|r| boundary(r.chars().next()))
            .unwrap_or(rest);
        boundary(text[..at].chars().next_back()) && boundary(rest.chars().next())
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn phrases_are_matched_as_whole_words() {
        assert!(super::holds("a short break here", "short break"));
        assert!(super::holds("short breaks", "short break"));
        assert!(!super::holds("shortbread", "short"));
        assert!(!super::holds("respiteful", "respite"));
    }
}
