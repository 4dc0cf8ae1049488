//! Times new queries in process, without the server or wrk, by kind of query:
//! `cargo run --release --example new_queries -- SITE [WARM] [TIMED] [WORDS]`.
//!
//! Opens SITE's `search-index/` (a site built with `localoffer build`, such as
//! `target/bench/corpus-10000` after `scripts/bench`). It makes queries the way
//! the wrk script of `scripts/bench` does: one to three words, and one in five
//! with a letter dropped from its last word. It asks WARM of them first (default
//! 150,000), so that the index's remembered lists and answers are as a server's
//! are after a few seconds of the load test. Then it times TIMED more (default
//! 20,000) one by one and prints the mean, median and 90th percentile in µs for
//! each number of words, plain and misspelt.
//!
//! The words are WORDS, one to a line, when given. `scripts/bench` draws from
//! the 5,000 most common words of the corpus's Markdown (`page_documents`).
//! Without WORDS, they are the index's 5,000 most common words of three letters
//! or more, which is close to that but not the same list. The queries are the
//! same from run to run, so two builds can be timed in turns on one index.
//!
//! The index is opened and warmed as the server opens and warms it
//! (`SearchIndex::open_in_memory`, `SearchIndex::warm`); with `COLD=1` set it
//! is not warmed, to time a fresh index's first queries.

#[path = "../benches/common/queries.rs"]
mod queries;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use localoffer::search::{Request, SearchIndex};

// The allocator the server uses (src/main.rs), so the timings are the same.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str =
    "usage: cargo run --release --example new_queries -- SITE [WARM] [TIMED] [WORDS]";

fn main() -> ExitCode {
    // As `src/main.rs` does.
    localoffer::util::memory::no_huge_pages();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(site) = args.first().map(PathBuf::from) else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let count = |at: usize, default: usize| match args.get(at) {
        None => Some(default),
        Some(n) => n.replace(',', "").parse().ok(),
    };
    let (Some(warm), Some(timed)) = (count(1, 150_000), count(2, 20_000)) else {
        eprintln!("{USAGE}\nWARM and TIMED are numbers of queries");
        return ExitCode::from(2);
    };
    let dir = site.join("search-index");
    // As the server opens it: in memory, in one part.
    let index = match SearchIndex::open_in_memory(&dir) {
        Ok(index) => index,
        Err(e) => {
            eprintln!(
                "error: cannot open {}: {e}\nBuild the site first.",
                dir.display()
            );
            return ExitCode::FAILURE;
        }
    };
    let words = match args.get(3) {
        Some(file) => match std::fs::read_to_string(file) {
            Ok(text) => text.lines().map(str::to_owned).collect(),
            Err(e) => {
                eprintln!("error: cannot read {file}: {e}");
                return ExitCode::FAILURE;
            }
        },
        None => match common_words(&dir) {
            Ok(words) => words,
            Err(e) => {
                eprintln!("error: cannot read the index's words.txt: {e}");
                return ExitCode::FAILURE;
            }
        },
    };
    if words.is_empty() {
        eprintln!("error: no words to make queries of");
        return ExitCode::FAILURE;
    }
    // As the server does before it answers anyone, unless asked not to.
    if std::env::var_os("COLD").is_none() {
        let started = Instant::now();
        let warmed = index.warm(started + localoffer::search::query::WARMING_TIME);
        eprintln!(
            "index warmed ({} of {} words) in {:.2} s",
            warmed.words,
            warmed.of,
            started.elapsed().as_secs_f64()
        );
    }
    let known: std::collections::HashSet<&str> = words.iter().map(String::as_str).collect();
    let queries = queries::new_queries(&words, warm + timed);
    let (warming, timing) = queries.split_at(warm);

    let started = Instant::now();
    for q in warming {
        if let Err(e) = ask(&index, q) {
            eprintln!("error: {q:?}: {e}");
            return ExitCode::FAILURE;
        }
    }
    eprintln!(
        "warmed up with {warm} queries in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    // By number of words and whether one is misspelt: each query's µs.
    let mut kinds: BTreeMap<(usize, bool), Vec<f64>> = BTreeMap::new();
    for q in timing {
        let started = Instant::now();
        if let Err(e) = ask(&index, q) {
            eprintln!("error: {q:?}: {e}");
            return ExitCode::FAILURE;
        }
        let micros = started.elapsed().as_secs_f64() * 1e6;
        let misspelt = q.split(' ').any(|w| !known.contains(w));
        kinds
            .entry((q.split(' ').count(), misspelt))
            .or_default()
            .push(micros);
    }
    println!("| words | misspelt | queries | mean µs | median µs | 90th percentile µs |");
    println!("|---|---|---|---|---|---|");
    let mut all = Vec::new();
    for ((n, misspelt), times) in &mut kinds {
        println!(
            "| {n} | {} | {} |",
            if *misspelt { "yes" } else { "no" },
            summary(times)
        );
        all.extend_from_slice(times);
    }
    println!("| all | | {} |", summary(&mut all));
    ExitCode::SUCCESS
}

/// Asks `q` as `/api/search` would, and makes its JSON as the server does.
fn ask(index: &SearchIndex, q: &str) -> Result<(), String> {
    let request = Request {
        q: q.to_owned(),
        ..Request::default()
    };
    let response = index.search(&request).map_err(|e| e.to_string())?;
    std::hint::black_box(response.to_json());
    Ok(())
}

/// `count`, mean, median and 90th percentile of `times`, as table cells.
fn summary(times: &mut [f64]) -> String {
    times.sort_by(f64::total_cmp);
    let at = |share: f64| times.get((times.len() as f64 * share) as usize).copied();
    let mean = times.iter().sum::<f64>() / times.len().max(1) as f64;
    format!(
        "{} | {mean:.1} | {:.1} | {:.1}",
        times.len(),
        at(0.5).unwrap_or(0.0),
        at(0.9).unwrap_or(0.0)
    )
}

/// The index's 5,000 most common words of three letters or more, without digits.
fn common_words(dir: &std::path::Path) -> std::io::Result<Vec<String>> {
    let mut words: Vec<(u64, String)> = localoffer::search::words::read(&dir.join("words.txt"))?
        .into_iter()
        .filter(|w| w.text.len() >= 3 && !w.text.chars().any(|c| c.is_ascii_digit()))
        .map(|w| (w.count, w.text))
        .collect();
    words.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    Ok(words.into_iter().take(5_000).map(|(_, w)| w).collect())
}
