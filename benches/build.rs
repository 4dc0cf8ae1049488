//! The build's hot paths on a generated corpus (`benches/common/corpus.rs`):
//! `cargo bench --bench build`. Each stage is timed on its own: loading (front
//! matter and Markdown to HTML for every page), rendering every page with the
//! theme's templates, and writing the search index.

mod common;
#[path = "common/corpus.rs"]
#[allow(dead_code, unused_imports)]
mod corpus;

use std::path::Path;

use common::copy;
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use localoffer::build::load;
use localoffer::render::Theme;

const PAGES: usize = 300;

fn stages(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    corpus::write(dir.path(), PAGES, 2024).expect("the corpus is written");
    copy(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("themes"),
        &dir.path().join("themes"),
    );
    let localoffer::build::Loaded { site, theme, .. } =
        load(dir.path(), false, None).expect("the corpus loads");
    let pages = (site.faqs.len() + site.terms.len() + site.news.len()) as u64;

    let mut group = c.benchmark_group("build");
    group.sample_size(10);
    group.throughput(Throughput::Elements(pages));
    group.bench_function(
        BenchmarkId::new("load: front matter and Markdown", PAGES),
        |b| b.iter(|| load(dir.path(), false, None).expect("the corpus loads")),
    );
    group.bench_function(BenchmarkId::new("render: templates", PAGES), |b| {
        b.iter(|| theme.render_site(&site).expect("the pages render"))
    });
    let json = Theme::site_json(&site).expect("the site's settings serialise");
    group.bench_function(BenchmarkId::new("index: tantivy", PAGES), |b| {
        b.iter(|| {
            let out = tempfile::tempdir().expect("a temporary folder");
            localoffer::search::index::write(&site, out.path(), &json)
                .expect("the index is written")
        })
    });
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
