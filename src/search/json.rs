//! The JSON of `/api/search`'s answers, written with [`crate::util::json`]'s
//! strings: the same bytes as `serde_json::to_vec` of a [`Response`] (the tests
//! compare the two), for less. A search's answer is mostly strings, and
//! `serde_json` escaping them a byte at a time was 7-11% of the instructions of
//! queries not asked before (docs/performance.md).

use super::query::{FilterCounts, Hit, Response};
use crate::util::json::write_str;

impl Response {
    /// The answer as JSON, as `serde_json::to_vec` writes it.
    pub fn to_json(&self) -> Vec<u8> {
        let text: usize = self.results.iter().map(Hit::json_len).sum();
        let mut out = Vec::with_capacity(text + 256);
        write_text(&mut out, b"{\"query\":", &self.query);
        write_number(&mut out, b",\"total\":", self.total);
        write_number(&mut out, b",\"page\":", self.page);
        out.extend_from_slice(b",\"results\":[");
        write_each(&mut out, self.results.iter(), Hit::write);
        out.extend_from_slice(b"],\"facets\":{");
        write_each(&mut out, self.facets.iter(), |out, (kind, count)| {
            write_str(out, kind);
            write_number(out, b":", *count);
        });
        out.extend_from_slice(b"},\"suggestion\":");
        match &self.suggestion {
            Some(s) => write_str(&mut out, s),
            None => out.extend_from_slice(b"null"),
        }
        out.extend_from_slice(b",\"filters\":[");
        write_each(&mut out, self.filters.iter(), FilterCounts::write);
        out.extend_from_slice(b"]}");
        out
    }
}

impl Hit {
    /// About the bytes its JSON takes (its text, names and quotes; more for
    /// characters escaped).
    fn json_len(&self) -> usize {
        self.title().len() + self.url().len() + self.kind().len() + self.snippet.len() + 48
    }

    fn write(out: &mut Vec<u8>, hit: &Hit) {
        write_text(out, b"{\"title\":", hit.title());
        write_text(out, b",\"url\":", hit.url());
        write_text(out, b",\"kind\":", hit.kind());
        write_text(out, b",\"snippet\":", &hit.snippet);
        out.push(b'}');
    }
}

impl FilterCounts {
    fn write(out: &mut Vec<u8>, filter: &FilterCounts) {
        write_text(out, b"{\"name\":", &filter.name);
        write_text(out, b",\"label\":", &filter.label);
        out.extend_from_slice(b",\"values\":[");
        write_each(out, filter.values.iter(), |out, v| {
            write_text(out, b"{\"value\":", &v.value);
            write_text(out, b",\"label\":", &v.label);
            write_number(out, b",\"count\":", v.count);
            out.extend_from_slice(if v.selected {
                b",\"selected\":true}"
            } else {
                b",\"selected\":false}"
            });
        });
        out.extend_from_slice(b"]}");
    }
}

/// Each of `items` written by `write`, with commas between them.
fn write_each<T>(
    out: &mut Vec<u8>,
    items: impl IntoIterator<Item = T>,
    mut write: impl FnMut(&mut Vec<u8>, T),
) {
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write(out, item);
    }
}

/// `before`, then `text` as a JSON string.
fn write_text(out: &mut Vec<u8>, before: &[u8], text: &str) {
    out.extend_from_slice(before);
    write_str(out, text);
}

/// `before`, then `n` in decimal.
fn write_number(out: &mut Vec<u8>, before: &[u8], n: usize) {
    out.extend_from_slice(before);
    let mut digits = [0u8; 20];
    let (mut at, mut rest) = (digits.len(), n);
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[at..]);
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::sync::Arc;

    use super::*;
    use crate::search::query::ValueCount;

    fn hit(n: usize) -> Hit {
        Hit::new(
            &format!("What is an \"EHC plan\"? ({n})"),
            &format!("/faqs/ehc-plans/#what-{n}"),
            "faq",
            "An <mark>EHC</mark> plan sets out\tneeds \\ support – café\u{1}".to_owned(),
        )
    }

    #[test]
    fn answers_are_written_as_serde_json_writes_them() {
        let empty = Response {
            query: String::new(),
            total: 0,
            page: 1,
            results: Arc::new([]),
            facets: Arc::default(),
            suggestion: None,
            filters: Vec::new(),
        };
        let full = Response {
            query: "ehc \"plan\"".to_owned(),
            total: 1234,
            page: 2,
            results: (0..10).map(hit).collect(),
            facets: Arc::new(BTreeMap::from([
                ("faq".to_owned(), 1200),
                ("jargon".to_owned(), 34),
            ])),
            suggestion: Some("ehc plan".to_owned()),
            filters: vec![
                FilterCounts {
                    name: "age".to_owned(),
                    label: "Age".to_owned(),
                    values: vec![
                        ValueCount {
                            value: "9".to_owned(),
                            label: "9 years".to_owned(),
                            count: 3,
                            selected: true,
                        },
                        ValueCount {
                            value: "10".to_owned(),
                            label: "10 years".to_owned(),
                            count: 0,
                            selected: false,
                        },
                    ],
                },
                FilterCounts {
                    name: "category".to_owned(),
                    label: "Type of service".to_owned(),
                    values: Vec::new(),
                },
            ],
        };
        for response in [empty, full] {
            assert_eq!(
                String::from_utf8(response.to_json()).unwrap(),
                serde_json::to_string(&response).unwrap()
            );
        }
    }
}
