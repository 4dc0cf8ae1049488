//! Query latency over the repository's own Swindon site: `cargo bench --bench search`.

mod common;

use std::path::Path;

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
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("a temporary folder");
    for part in ["content", "themes"] {
        copy(&repo.join(part), &dir.path().join(part));
    }
    std::fs::copy(repo.join("site.toml"), dir.path().join("site.toml")).expect("site.toml");
    build(&BuildOptions::new(dir.path())).expect("the site builds");
    let index = SearchIndex::open(&dir.path().join("search-index")).expect("the index opens");
    let mut group = c.benchmark_group("search");
    for q in QUERIES {
        let request = Request {
            q: (*q).to_owned(),
            ..Request::default()
        };
        group.bench_function(*q, |b| b.iter(|| index.search(&request).expect("search")));
    }
    group.finish();
}

criterion_group!(benches, queries);
criterion_main!(benches);
