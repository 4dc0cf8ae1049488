//! Query latency over the repository's own Swindon site: `cargo bench --bench search`.

use std::path::Path;

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

fn copy(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let Ok(entry) = entry else { continue };
        let Ok(rel) = entry.path().strip_prefix(from) else {
            continue;
        };
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).ok();
        } else {
            std::fs::copy(entry.path(), &dest).ok();
        }
    }
}

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
