//! Query latency: `cargo bench --bench search`. Over the repository's own Swindon
//! site, or over a site already built in `$BENCH_SITE` (such as a corpus from
//! `scripts/bench`: `BENCH_SITE=target/bench/corpus-10000`). Each query is timed
//! searched afresh and answered again from the index's cache of answers; then
//! `not asked before` times queries that are each new to the index: one to three
//! of the site's own words picked at random (one in five with a letter dropped),
//! as visitors who rarely repeat each other's exact query ask them.

mod common;
#[path = "common/queries.rs"]
mod new;

use std::path::{Path, PathBuf};

use common::copy;
use criterion::{Criterion, criterion_group, criterion_main};
use localoffer::build::{BuildOptions, build};
use localoffer::search::{Request, SearchIndex};

const QUERIES: &[&str] = &[
    "senco",
    "annual review",
    "ehc plan apeal",
    "who leads the assessment hub",
    "tribunel",
];

fn queries(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let site = match std::env::var_os("BENCH_SITE") {
        Some(site) => PathBuf::from(site),
        None => {
            let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
            for part in ["content", "themes"] {
                copy(&repo.join(part), &dir.path().join(part));
            }
            std::fs::copy(repo.join("site.toml"), dir.path().join("site.toml")).expect("site.toml");
            build(&BuildOptions::new(dir.path())).expect("the site builds");
            dir.path().to_owned()
        }
    };
    // As the server opens it: in memory, in one part.
    let index = SearchIndex::open_in_memory(&site.join("search-index")).expect("the index opens");
    let mut group = c.benchmark_group("search");
    for q in QUERIES {
        let request = Request {
            q: (*q).to_owned(),
            ..Request::default()
        };
        group.bench_function(*q, |b| {
            b.iter(|| index.search_afresh(&request).expect("search"))
        });
        group.bench_function(format!("{q} (asked before)"), |b| {
            b.iter(|| index.search(&request).expect("search"))
        });
    }
    group.finish();

    let words = localoffer::search::words::read(&site.join("search-index").join("words.txt"))
        .expect("the index's words");
    let words: Vec<String> = words
        .into_iter()
        .map(|w| w.text)
        .filter(|w| w.len() >= 3 && !w.chars().any(|c| c.is_ascii_digit()))
        .collect();
    let fresh = new::new_queries(&words, 100_000);
    let mut next = 0;
    let mut group = c.benchmark_group("search");
    group.bench_function("not asked before", |b| {
        b.iter(|| {
            let request = Request {
                q: fresh[next % fresh.len()].clone(),
                ..Request::default()
            };
            next += 1;
            index.search(&request).expect("search")
        })
    });
    group.finish();
}

criterion_group!(benches, queries);
criterion_main!(benches);
