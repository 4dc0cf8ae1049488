//! The index's words as people type them (lower case, accents folded, not
//! stemmed), each with its stem and how many times the index's text holds it.
//!
//! Typo tolerance, completions and "did you mean" need words as written, and the
//! index holds only their stems. Rather than index the text a second time without
//! stems (about a quarter of a build's indexing work), the build counts the words as
//! tantivy stems them (see [`super::schema::counting_stemmed`]) and writes them
//! beside tantivy's files in [`WORDS_FILE`], one `word<TAB>count<TAB>stem` a line,
//! in order. A typo or a completion is then searched as the stem of the word it
//! stands for.

use std::io::Write;
use std::path::Path;

use rustc_hash::FxHashMap;
use tantivy::tokenizer::{TextAnalyzer, TokenStream};

use super::schema;

/// The file holding the words inside the index folder.
pub const WORDS_FILE: &str = "words.txt";

/// One word of the index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// The word as typed, lower case with accents folded.
    pub text: String,
    /// How many times the index's text holds it.
    pub count: u64,
    /// Its stem, as the index holds it.
    pub stem: String,
}

/// The words of `counts` (each word with its stem and count, such as what
/// [`schema::counting_stemmed`] gathered) that were seen, in order.
pub fn from_counts(counts: impl IntoIterator<Item = (String, (String, u64))>) -> Vec<Word> {
    let mut words: Vec<Word> = counts
        .into_iter()
        .filter(|(_, (_, n))| *n > 0)
        .map(|(text, (stem, count))| Word { text, count, stem })
        .collect();
    words.sort_unstable_by(|a, b| a.text.cmp(&b.text));
    words
}

/// Writes `words` to `path`, through a file beside it and a rename, so a server
/// opening the index meanwhile reads the old words or the new ones.
pub fn write(path: &Path, words: &[Word]) -> std::io::Result<()> {
    let tmp = path.with_extension("txt.tmp");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&tmp)?);
    for w in words {
        writeln!(out, "{}\t{}\t{}", w.text, w.count, w.stem)?;
    }
    out.flush()?;
    drop(out);
    std::fs::rename(&tmp, path)
}

/// Reads the words [`write`] wrote to `path`, in order.
pub fn read(path: &Path) -> std::io::Result<Vec<Word>> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            std::io::Error::new(
                e.kind(),
                format!(
                    "{} is missing: build the site again to write it",
                    path.display()
                ),
            )
        } else {
            e
        }
    })?;
    let bad = |n: usize| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!(
                "{}:{n}: expected a word, a count and a stem separated by tabs; build the site again to write it afresh",
                path.display()
            ),
        )
    };
    let mut words = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let mut parts = line.split('\t');
        let (Some(word), Some(count), Some(stem)) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(bad(i + 1));
        };
        words.push(Word {
            text: word.to_owned(),
            count: count.parse().map_err(|_| bad(i + 1))?,
            stem: stem.to_owned(),
        });
    }
    Ok(words)
}

/// Counts the words of documents as they are added to an index and forgets
/// those of documents taken out again, for `serve --watch`, whose updates add a
/// few documents at a time. It counts as [`schema::counting_stemmed`] does.
pub struct WordCounter {
    raw: TextAnalyzer,
    stemmed: TextAnalyzer,
    ids: FxHashMap<String, u32>,
    /// Each word with its stem, by id.
    words: Vec<(String, String)>,
    counts: Vec<u64>,
}

impl Default for WordCounter {
    fn default() -> Self {
        WordCounter {
            raw: schema::raw(),
            stemmed: schema::stemmed(),
            ids: FxHashMap::default(),
            words: Vec::new(),
            counts: Vec::new(),
        }
    }
}

impl WordCounter {
    /// Counts the words of `texts`, pushing each one's id onto `held` for
    /// [`WordCounter::remove`].
    pub fn add(&mut self, texts: &[&str], held: &mut Vec<u32>) {
        for text in texts {
            let mut stream = self.raw.token_stream(text);
            while stream.advance() {
                let word = &stream.token().text;
                let id = match self.ids.get(word.as_str()) {
                    Some(&id) => id,
                    None => {
                        let id = self.words.len() as u32;
                        let stem = schema::tokens(&mut self.stemmed, word)
                            .into_iter()
                            .next()
                            .unwrap_or_else(|| word.clone());
                        self.ids.insert(word.clone(), id);
                        self.words.push((word.clone(), stem));
                        self.counts.push(0);
                        id
                    }
                };
                self.counts[id as usize] += 1;
                held.push(id);
            }
        }
    }

    /// Forgets the words [`WordCounter::add`] pushed onto `held`.
    pub fn remove(&mut self, held: &[u32]) {
        for &id in held {
            if let Some(n) = self.counts.get_mut(id as usize) {
                *n = n.saturating_sub(1);
            }
        }
    }

    /// The words counted and not forgotten, in order.
    pub fn words(&self) -> Vec<Word> {
        from_counts(
            self.words
                .iter()
                .zip(&self.counts)
                .map(|((text, stem), n)| (text.clone(), (stem.clone(), *n))),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counted(words: Vec<Word>) -> Vec<(String, u64, String)> {
        words
            .into_iter()
            .map(|w| (w.text, w.count, w.stem))
            .collect()
    }

    #[test]
    fn the_counter_counts_as_the_index_does() {
        let texts = ["Annual reviews", "the review of reviews: an Annual Réview"];
        let mut counter = WordCounter::default();
        counter.add(&texts, &mut Vec::new());
        let counts = schema::WordCounts::default();
        {
            let mut analyzer = schema::counting_stemmed(counts.clone());
            for t in texts {
                schema::tokens(&mut analyzer, t);
            }
        }
        let gathered = std::mem::take(&mut *counts.lock().expect("not poisoned"));
        let words = counter.words();
        assert_eq!(from_counts(gathered), words);
        let words = counted(words);
        let find = |w: &str| words.iter().find(|(t, _, _)| t == w).cloned();
        assert_eq!(
            find("reviews"),
            Some(("reviews".into(), 2, "review".into()))
        );
        // Accents are folded, as the index folds them.
        assert_eq!(find("review"), Some(("review".into(), 2, "review".into())));
        assert_eq!(find("annual"), Some(("annual".into(), 2, "annual".into())));
    }

    #[test]
    fn removed_documents_are_forgotten_and_the_file_reads_back() {
        let mut counter = WordCounter::default();
        let mut first = Vec::new();
        counter.add(&["tribunal appeals"], &mut first);
        counter.add(&["appeals"], &mut Vec::new());
        counter.remove(&first);
        assert_eq!(
            counted(counter.words()),
            vec![("appeals".to_owned(), 1, "appeal".to_owned())]
        );
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join(WORDS_FILE);
        write(&path, &counter.words()).expect("written");
        assert_eq!(read(&path).expect("read"), counter.words());
    }

    #[test]
    fn a_damaged_file_says_where_and_what_to_do() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join(WORDS_FILE);
        std::fs::write(&path, "annual\t2\tannual\nbroken line\n").expect("written");
        let e = read(&path).expect_err("refused").to_string();
        assert!(e.contains("words.txt:2:"), "{e}");
        assert!(e.contains("build the site again"), "{e}");
        let e = read(&dir.path().join("none.txt"))
            .expect_err("refused")
            .to_string();
        assert!(
            e.contains("none.txt is missing: build the site again"),
            "{e}"
        );
    }
}
