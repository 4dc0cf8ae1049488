//! The built site, byte for byte: every file of `public/` for the repository's own
//! Swindon site, two fixture sites and a generated 1,000-page corpus, listed with its size and a
//! hash, against the list in `tests/snapshots/`. A change to the code that changes
//! no content must leave both lists as they are; a change that means to change the
//! output (new content, a template edit) updates them on purpose:
//! `INSTA_UPDATE=always cargo test --test golden`, then read the diff.
//!
//! The build's clock is fixed with `SOURCE_DATE_EPOCH`, so the lists do not
//! depend on the day the test runs.

mod common;
#[path = "../benches/common/corpus.rs"]
#[allow(dead_code)]
mod corpus;

use std::fmt::Write as _;
use std::path::Path;

use common::{TestSite, copy_dir, repo};

/// 1 December 2026, 12:00 UTC.
const BUILT_AT: &str = "1796126400";

/// Builds the site in `root` for [`BUILT_AT`] and lists `public/`: one line per
/// file, `path  bytes  hash`, sorted by path.
fn manifest(root: &Path) -> String {
    let mut cmd = assert_cmd::Command::cargo_bin("localoffer").unwrap();
    cmd.args(["build", "--root"])
        .arg(root)
        .env("SOURCE_DATE_EPOCH", BUILT_AT)
        .env("NO_COLOR", "1")
        .assert()
        .success();
    let public = root.join("public");
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(&public)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(&public).unwrap();
            let rel = rel.to_string_lossy().replace('\\', "/");
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect();
    files.sort();
    let mut out = String::new();
    for (rel, bytes) in files {
        writeln!(out, "{rel}  {}  {:016x}", bytes.len(), fnv1a(&bytes)).unwrap();
    }
    out
}

/// FNV-1a, 64 bits: stable across Rust versions and platforms, unlike std's hasher.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[test]
fn the_swindon_site_builds_to_the_same_bytes() {
    let site = TestSite::repo_site();
    insta::assert_snapshot!("swindon_public", manifest(site.path()));
}

#[test]
fn the_small_fixture_builds_to_the_same_bytes() {
    let site = TestSite::fixture("small");
    insta::assert_snapshot!("small_public", manifest(site.path()));
}

/// Two snapshots of the same measures: line charts of their trends.
#[test]
fn the_trend_fixture_builds_to_the_same_bytes() {
    let site = TestSite::fixture("trend");
    insta::assert_snapshot!("trend_public", manifest(site.path()));
}

#[test]
fn a_generated_corpus_of_1000_pages_builds_to_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    corpus::write(dir.path(), 1000, 2024).unwrap();
    copy_dir(&repo().join("themes"), &dir.path().join("themes"));
    insta::assert_snapshot!("corpus_1000_public", manifest(dir.path()));
}

#[test]
fn a_source_date_epoch_that_is_not_a_number_is_refused_with_a_hint() {
    let site = TestSite::fixture("small");
    let assert = site
        .cmd(&["build"])
        .env("SOURCE_DATE_EPOCH", "last tuesday")
        .assert()
        .code(1);
    let err = common::stderr(&assert);
    assert!(
        err.contains("SOURCE_DATE_EPOCH is set to \"last tuesday\""),
        "{err}"
    );
    assert!(err.contains("unset it"), "{err}");
    assert!(!site.has_public("index.html"));
}
