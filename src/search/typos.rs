//! Typo matches: the words of the index within one or two edits of a word as
//! typed (a letter changed, added or left out, or two neighbouring letters
//! swapped), found by looking up the ways of leaving letters out ([`Deletions`])
//! or by walking a table of edits over the sorted words ([`within_edits`]); both
//! find the same words in the same order.

/// A word of the index, for typo and prefix matches.
pub(super) struct Word {
    pub(super) text: String,
    /// How many times the index's text holds it.
    pub(super) count: u64,
    /// Its stem: what a typo or prefix match searches for.
    pub(super) stem: String,
    /// For each length `i` from 1 to the word's, where the words after it that
    /// start with its first `i` bytes end (see [`with_ends`]).
    pub(super) ends: Box<[u32]>,
}

/// `words`, sorted, each with its [`Word::ends`]: a typo search that rules out
/// every word starting with a prefix skips straight past them, rather than
/// searching the list for where they end.
pub(super) fn with_ends(mut words: Vec<Word>) -> Vec<Word> {
    for k in (0..words.len()).rev() {
        let (this, after) = words.split_at_mut(k + 1);
        let word = &mut this[k];
        let next = after.first();
        let shared = next.map_or(0, |n| {
            let (a, b) = (word.text.as_bytes(), n.text.as_bytes());
            a.iter().zip(b).take_while(|(x, y)| x == y).count()
        });
        word.ends = (1..=word.text.len())
            .map(|i| match next {
                Some(n) if shared >= i => n.ends.get(i - 1).copied().unwrap_or(k as u32 + 1),
                _ => k as u32 + 1,
            })
            .collect();
    }
    words
}

/// The words of `words` (sorted) within `max` edits of `word` (optimal string
/// alignment: a swap of two neighbouring letters is one edit), with their distance.
///
/// Comparing a typed word with every word of the site is what finding typos
/// costs, so the table of edits is shared: sorted words that start alike share its
/// first rows, and once a row is all over `max` every word starting that way is
/// skipped at once (a cell is at most one more than the cell above it, so no later
/// row can come back under `max`). Most words are ruled out by their first three
/// or four letters.
pub(super) fn within_edits<'a>(
    words: &'a [Word],
    word: &str,
    max: usize,
) -> Vec<(usize, &'a Word)> {
    const MOST: usize = MOST_LETTERS;
    let q = word.as_bytes();
    let slow = |v: &'a Word| {
        let d = strsim::osa_distance(word, &v.text);
        (d <= max && v.text != word).then_some((d, v))
    };
    if !word.is_ascii() || q.len() > MOST {
        return words.iter().filter_map(slow).collect();
    }
    let cols = q.len();
    // rows[i][j]: the edits between the first i letters of a word and the first j
    // letters of the typed word. No cell exceeds 64, so a byte holds it: a table
    // of `usize` was 32 KB to zero for each word looked up.
    let mut rows = vec![[0u8; MOST + 1]; MOST + 1];
    for (j, cell) in (0u8..).zip(rows[0].iter_mut().take(cols + 1)) {
        *cell = j;
    }
    // No word here is over MOST letters, so no two are further apart than that:
    // a larger `max` finds the same words, and keeps every cell under 256.
    let max = max.min(MOST + 1);
    let beside = u8::try_from(max + 1).unwrap_or(u8::MAX);
    let mut found = Vec::new();
    // The word whose first `valid` rows are in `rows`.
    let (mut last, mut valid): (&[u8], usize) = (b"", 0);
    let mut k = 0;
    while k < words.len() {
        let v = words[k].text.as_bytes();
        if !words[k].text.is_ascii() || v.len() > MOST {
            found.extend(slow(&words[k]));
            k += 1;
            continue;
        }
        let shared = last.iter().zip(v).take_while(|(a, b)| a == b).count();
        let mut too_far = None;
        for i in shared.min(valid) + 1..=v.len() {
            let (done, rest) = rows.split_at_mut(i);
            let (above, row) = (&done[i - 1], &mut rest[0]);
            // `i` is at most MOST (63), as is `j` below.
            row[0] = i as u8;
            let mut least = row[0];
            // Only cells within `max` of the diagonal can be within `max`; those
            // beside that band, which the next rows read, hold `max + 1`.
            let (lo, hi) = (i.saturating_sub(max).max(1), (i + max).min(cols));
            if lo > 1 && lo - 1 <= cols {
                row[lo - 1] = beside;
            }
            if hi < cols {
                row[hi + 1] = beside;
            }
            for j in lo..=hi {
                let cost = u8::from(v[i - 1] != q[j - 1]);
                let mut d = (above[j] + 1).min(row[j - 1] + 1).min(above[j - 1] + cost);
                if i > 1 && j > 1 && v[i - 1] == q[j - 2] && v[i - 2] == q[j - 1] {
                    d = d.min(done[i - 2][j - 2] + 1);
                }
                row[j] = d;
                least = least.min(d);
            }
            if usize::from(least) > max {
                too_far = Some(i);
                break;
            }
        }
        last = v;
        match too_far {
            Some(i) => {
                valid = i;
                k = words[k].ends.get(i - 1).map_or(k + 1, |&end| end as usize);
            }
            None => {
                valid = v.len();
                let d = usize::from(rows[v.len()][cols]);
                if v.len().abs_diff(cols) <= max && d <= max && v != q {
                    found.push((d, &words[k]));
                }
                k += 1;
            }
        }
    }
    found
}

/// The most letters a word compared by its table of edits may have (see
/// [`within_edits`]); longer words are compared one by one.
const MOST_LETTERS: usize = 63;

/// The index's words by each way of leaving out at most `max` letters: a word
/// within `max` edits of a typed word (letters changed, added or left out, two
/// swapped) shares one of these with it, so its candidates are looked up rather
/// than found by comparing the typed word with every word of the index, which
/// was 7-8% of a new query's instructions. The candidates are then checked as
/// [`within_edits`] checks them, and come out in the same order, so the same
/// words are found.
pub(super) struct Deletions {
    max: usize,
    /// Words shorter than this are left out: only typed words at least `max`
    /// letters longer may be looked up.
    shortest: usize,
    /// A hash of each way of leaving out letters of each ASCII word of
    /// [`MOST_LETTERS`] or fewer, with the word's place; sorted.
    keys: Box<[(u64, u32)]>,
    /// Where the keys whose hashes start with each value of their first `bits`
    /// bits start in `keys` (and, last, where they end): a look-up reads one
    /// place here and a few keys, where a binary search of `keys` waited on
    /// memory at each of its steps (in time, that made the look-ups slower
    /// than comparing with every word).
    starts: Box<[u32]>,
    bits: u32,
    /// The places of the other words, compared one by one.
    others: Box<[u32]>,
}

/// The most keys a [`Deletions`] may hold (16 bytes each, and about as many
/// buckets of 4 bytes): a site with a vocabulary that needs more searches its
/// typos with the table of edits alone. The 10,000-page corpus of
/// `scripts/bench` needs 263,692 for two edits.
const MOST_DELETION_KEYS: usize = 2_000_000;

impl Deletions {
    /// The words of `words` of `shortest` letters or more by each way of
    /// leaving out up to `max` (1 or 2) of their letters; `None` when that
    /// would take more than [`MOST_DELETION_KEYS`].
    pub(super) fn new(words: &[Word], max: usize, shortest: usize) -> Option<Deletions> {
        if max > 2 {
            return None;
        }
        let ways = |n: usize| match max {
            0 => 1,
            1 => 1 + n,
            _ => 1 + n + n * n.saturating_sub(1) / 2,
        };
        let needed: usize = words
            .iter()
            .filter(|w| w.text.is_ascii() && (shortest..=MOST_LETTERS).contains(&w.text.len()))
            .map(|w| ways(w.text.len()))
            .sum();
        if needed > MOST_DELETION_KEYS {
            return None;
        }
        let mut keys = Vec::with_capacity(needed);
        let mut others = Vec::new();
        for (k, w) in (0u32..).zip(words) {
            if !w.text.is_ascii() || w.text.len() > MOST_LETTERS {
                others.push(k);
            } else if w.text.len() >= shortest {
                with_left_out(w.text.as_bytes(), max, &mut |v| {
                    keys.push((crate::util::hash::quick_hash_of(&v), k));
                });
            }
        }
        keys.sort_unstable();
        keys.dedup();
        // About one bucket for each key.
        let bits = keys.len().max(2).next_power_of_two().trailing_zeros();
        let mut starts = Vec::with_capacity((1 << bits) + 1);
        let mut at = 0;
        for bucket in 0..=(1u64 << bits) {
            while keys
                .get(at)
                .is_some_and(|&(h, _)| h >> (64 - bits) < bucket)
            {
                at += 1;
            }
            starts.push(u32::try_from(at).unwrap_or(u32::MAX));
        }
        Some(Deletions {
            max,
            shortest,
            keys: keys.into(),
            starts: starts.into(),
            bits,
            others: others.into(),
        })
    }

    /// Whether [`Self::near`] may be asked about `word`.
    pub(super) fn covers(&self, word: &str) -> bool {
        word.is_ascii() && word.len() >= self.shortest + self.max
    }

    /// [`within_edits`] of `word` (which this [`Self::covers`]) with this
    /// `max`: the words of `words` (the ones this was made from) within it, in
    /// their order.
    pub(super) fn near<'a>(&self, words: &'a [Word], word: &str) -> Vec<(usize, &'a Word)> {
        let mut places: Vec<u32> = self.others.to_vec();
        with_left_out(word.as_bytes(), self.max, &mut |v| {
            let key = crate::util::hash::quick_hash_of(&v);
            let bucket = (key >> (64 - self.bits)) as usize;
            let (Some(&from), Some(&to)) = (self.starts.get(bucket), self.starts.get(bucket + 1))
            else {
                return;
            };
            let keys = self
                .keys
                .get(from as usize..to as usize)
                .unwrap_or_default();
            places.extend(keys.iter().filter(|&&(h, _)| h == key).map(|&(_, k)| k));
        });
        places.sort_unstable();
        places.dedup();
        places
            .into_iter()
            .filter_map(|k| {
                let v = words.get(k as usize)?;
                let d = strsim::osa_distance(word, &v.text);
                (d <= self.max && v.text != word).then_some((d, v))
            })
            .collect()
    }
}

/// Calls `f` with `text` and with each way of leaving out up to `max` (at most
/// 2) of its letters (some more than once, when letters repeat).
fn with_left_out(text: &[u8], max: usize, f: &mut impl FnMut(&[u8])) {
    f(text);
    if max == 0 {
        return;
    }
    let mut left = Vec::with_capacity(text.len());
    let mut more = Vec::with_capacity(text.len());
    for i in 0..text.len() {
        left.clear();
        left.extend_from_slice(&text[..i]);
        left.extend_from_slice(&text[i + 1..]);
        f(&left);
        if max == 1 {
            continue;
        }
        // Then letters after the one left out only, so each pair is made once.
        for j in i..left.len() {
            more.clear();
            more.extend_from_slice(&left[..j]);
            more.extend_from_slice(&left[j + 1..]);
            f(&more);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_within_edits_are_those_strsim_finds() {
        let mut texts = vec![
            "tribunal",
            "tribunals",
            "tribunel",
            "tirbunal",
            "assessment",
            "asessment",
            "assesment",
            "assess",
            "mediation",
            "meditaion",
            "medation",
            "annual",
            "anual",
            "review",
            "reveiw",
            "reviews",
            "statutory",
            "statuary",
            "certificate",
            "certifcate",
            "ab",
            "ba",
            "abc",
            "ca",
            "a",
            "respite",
            "respit",
            "co-ordinator",
            "coordinator",
            "café",
            "cafe",
            "caf",
        ];
        texts.sort();
        let words = with_ends(
            texts
                .iter()
                .map(|t| Word {
                    text: (*t).to_owned(),
                    count: 1,
                    stem: (*t).to_owned(),
                    ends: Box::default(),
                })
                .collect(),
        );
        for typed in texts.iter().chain(&["tribnal", "cafee", "revew", "x"]) {
            for max in 0..=3 {
                let mut got: Vec<(usize, &str)> = within_edits(&words, typed, max)
                    .into_iter()
                    .map(|(d, w)| (d, w.text.as_str()))
                    .collect();
                // The look-ups find the same words in the same order.
                for shortest in [0, 3] {
                    let Some(table) =
                        Deletions::new(&words, max, shortest).filter(|table| table.covers(typed))
                    else {
                        continue;
                    };
                    let looked_up: Vec<(usize, &str)> = table
                        .near(&words, typed)
                        .into_iter()
                        .map(|(d, w)| (d, w.text.as_str()))
                        .collect();
                    assert_eq!(looked_up, got, "{typed:?} within {max}, looked up");
                }
                got.sort();
                let mut expected: Vec<(usize, &str)> = texts
                    .iter()
                    .map(|t| (strsim::osa_distance(typed, t), *t))
                    .filter(|(d, t)| *d <= max && t != typed)
                    .collect();
                expected.sort();
                assert_eq!(got, expected, "{typed:?} within {max}");
            }
        }
    }
}
