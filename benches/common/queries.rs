//! New queries as `scripts/bench`'s wrk script makes them, for `benches/search.rs`
//! and `examples/new_queries.rs` (included by `#[path]`).

/// `n` queries of one to three of `words`, one in five with a letter dropped
/// from its last word: the same every run (a fixed xorshift sequence).
pub fn new_queries(words: &[String], n: usize) -> Vec<String> {
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut random = move |below: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % below as u64) as usize
    };
    (0..n)
        .map(|_| {
            let count = 1 + random(3);
            let mut q: Vec<String> = (0..count)
                .map(|_| words[random(words.len())].clone())
                .collect();
            if random(5) == 0
                && let Some(last) = q.last_mut()
                && last.len() > 4
                && last.is_ascii()
            {
                last.remove(random(last.len()));
            }
            q.join(" ")
        })
        .collect()
}
