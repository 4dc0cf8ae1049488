//! HTML escaping for text we write into pages, feeds and XML ourselves.

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

/// [`escape`], onto the end of `out`. The text between the characters escaped
/// is copied a run at a time, not a character at a time: they are all ASCII, so
/// no run splits a character.
pub fn escape_into(out: &mut String, text: &str) {
    let mut from = 0;
    for (i, b) in text.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&text[from..i]);
        out.push_str(entity);
        from = i + 1;
    }
    out.push_str(&text[from..]);
}

/// Decodes the entities [`escape`] and our renderers write, for plain text output.
pub fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_the_five_characters_and_keeps_the_rest() {
        assert_eq!(
            escape("Café & \"short\" <breaks> aren't"),
            "Café &amp; &quot;short&quot; &lt;breaks&gt; aren&#39;t"
        );
        assert_eq!(escape("&"), "&amp;");
        assert_eq!(escape("über"), "über");
        assert_eq!(unescape(&escape("a < b & 'c'")), "a < b & 'c'");
    }
}
