//! JSON strings written eight bytes at a time, for the search API's answers.
//!
//! `serde_json` looks each byte of a string up in a table to see whether it needs
//! escaping. A search's answer is mostly its ten results' titles, addresses and
//! snippets (about 3.75 KB), and that look-up was 7-11% of the instructions of
//! queries not asked before. [`write_str`] tests eight bytes at once and writes the
//! same bytes `serde_json` would.

/// Each of the eight bytes' lowest bit.
const ONES: u64 = 0x0101_0101_0101_0101;
/// Each of the eight bytes' highest bit.
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// Whether any of the eight bytes of `chunk` must be escaped: a control
/// character (below 0x20), `"` or `\`. Bytes of 0x80 and above (parts of
/// characters beyond ASCII) never are.
fn needs_escape(chunk: u64) -> bool {
    let below_space = chunk.wrapping_sub(ONES * 0x20);
    let quote = chunk ^ (ONES * u64::from(b'"'));
    let backslash = chunk ^ (ONES * u64::from(b'\\'));
    let zero_in = |x: u64| x.wrapping_sub(ONES) & !x;
    (below_space & !chunk | zero_in(quote) | zero_in(backslash)) & HIGHS != 0
}

/// `text` as a JSON string, in quotes, onto the end of `out`: byte for byte what
/// `serde_json` writes (short escapes for `\b \t \n \f \r " \`, `\u00xx` with
/// lower-case digits for other control characters, everything else as it is).
pub fn write_str(out: &mut Vec<u8>, text: &str) {
    let bytes = text.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    let mut from = 0;
    let mut at = 0;
    while at < bytes.len() {
        // Past the chunks of eight bytes that need nothing escaped.
        at += 8 * bytes[at..]
            .chunks_exact(8)
            .take_while(|chunk| {
                let eight: [u8; 8] = (*chunk).try_into().unwrap_or_default();
                !needs_escape(u64::from_le_bytes(eight))
            })
            .count();
        // Then a byte at a time to the end of this chunk (or of the text).
        let end = (at + 8).min(bytes.len());
        while at < end {
            if let Some(escaped) = escape(bytes[at]) {
                out.extend_from_slice(&bytes[from..at]);
                escaped.write(out);
                from = at + 1;
            }
            at += 1;
        }
    }
    out.extend_from_slice(&bytes[from..]);
    out.push(b'"');
}

/// How one byte is written escaped.
enum Escaped {
    Short(u8),
    Control(u8),
}

impl Escaped {
    fn write(self, out: &mut Vec<u8>) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        match self {
            Escaped::Short(c) => out.extend_from_slice(&[b'\\', c]),
            Escaped::Control(b) => out.extend_from_slice(&[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[usize::from(b >> 4)],
                HEX[usize::from(b & 0xf)],
            ]),
        }
    }
}

fn escape(byte: u8) -> Option<Escaped> {
    Some(match byte {
        b'"' => Escaped::Short(b'"'),
        b'\\' => Escaped::Short(b'\\'),
        0x08 => Escaped::Short(b'b'),
        b'\t' => Escaped::Short(b't'),
        b'\n' => Escaped::Short(b'n'),
        0x0c => Escaped::Short(b'f'),
        b'\r' => Escaped::Short(b'r'),
        0..0x20 => Escaped::Control(byte),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(text: &str) -> String {
        let mut out = Vec::new();
        write_str(&mut out, text);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn strings_are_written_as_serde_json_writes_them() {
        let mut texts: Vec<String> = vec![
            String::new(),
            "plain words, longer than eight bytes".to_owned(),
            "a \"quoted\" word and a back\\slash".to_owned(),
            "tab\there, new line\nthere, \r\u{8}\u{c}\u{0}\u{1f}\u{7f}".to_owned(),
            "café – naïve “quotes” and 🧩 beyond ASCII".to_owned(),
            "<mark>EHC</mark> plan &amp; review".to_owned(),
        ];
        // Every byte below 0x80 at every place of a chunk, and at the end.
        for b in 0u8..0x80 {
            for at in 0..10 {
                let mut s = "x".repeat(at);
                s.push(char::from(b));
                s.push_str("yyyyyyy");
                texts.push(s.clone());
                s.truncate(at + 1);
                texts.push(s);
            }
        }
        for text in &texts {
            assert_eq!(
                written(text),
                serde_json::to_string(text).unwrap(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn characters_beyond_ascii_are_never_taken_for_ones_to_escape() {
        // Bytes 0x80-0xff minus 0x20 or equal to '"' or '\\' after the XOR would
        // be found by a test that did not leave out bytes with the high bit.
        let text = "\u{a2}\u{dc}\u{bc}\u{80}\u{ff}\u{5c0}".repeat(3);
        let mut eight = [0u8; 8];
        eight.copy_from_slice(&text.as_bytes()[..8]);
        assert!(!needs_escape(u64::from_le_bytes(eight)));
        assert_eq!(written(&text), serde_json::to_string(&text).unwrap());
    }
}
