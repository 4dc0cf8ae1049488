//! A build killed at any moment (SIGKILL: no clean-up code runs) leaves the previous
//! `public/` and `search-index/` exactly as they were, or puts a whole new one in
//! place; never a mix, never nothing. The next build cleans up and succeeds.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::TestSite;

/// Every file under `dir` (relative path) with its bytes.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        // Readers of the index leave tantivy's lock files; they are not the build's.
        .filter(|e| !e.file_name().to_string_lossy().starts_with(".tantivy"))
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_path_buf();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// A site of a few hundred pages, each carrying `marker`, so a tree can be told to
/// come from one build or another.
fn write_pages(site: &TestSite, marker: &str) {
    for i in 0..300 {
        site.write(
            &format!("content/pages/generated-{i:03}.md"),
            format!(
                "---\ntitle: Generated page {i}\n---\n## Part one\n\nThis is {marker}, page {i}. {}\n\n## Part two\n\nAsk your SENCo about {marker}.\n",
                "Plain words about support and services. ".repeat(40)
            ),
        );
    }
}

fn build_command(site: &TestSite) -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("localoffer"));
    cmd.args(["build", "--root"])
        .arg(site.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    cmd
}

/// The marker every generated page in `public` carries, if they all carry the same.
fn marker_of(public: &BTreeMap<PathBuf, Vec<u8>>) -> Option<String> {
    let mut found = None;
    for (path, bytes) in public {
        let p = path.to_string_lossy();
        if !p.starts_with("generated-") || !p.ends_with("index.html") {
            continue;
        }
        let text = String::from_utf8_lossy(bytes);
        let start = text.find("This is ")? + "This is ".len();
        let end = start + text[start..].find(',')?;
        let m = text[start..end].to_owned();
        match &found {
            None => found = Some(m),
            Some(f) if *f == m => {}
            Some(_) => return None,
        }
    }
    found
}

/// Markers: words found nowhere else and far apart in spelling, so a search for one
/// never finds another (the search forgives typos).
const MARKERS: &[&str] = &[
    "zebra",
    "quokka",
    "pelican",
    "walrus",
    "hedgehog",
    "octopus",
    "flamingo",
    "armadillo",
    "narwhal",
    "platypus",
    "chinchilla",
];

fn searches_find(site: &TestSite, marker: &str) -> bool {
    let out = site.cmd(&["search", marker, "--json"]).output().unwrap();
    out.status.success() && String::from_utf8_lossy(&out.stdout).contains("generated-")
}

#[test]
fn a_build_killed_at_any_moment_leaves_the_old_site_or_the_whole_new_one() {
    let site = TestSite::fixture("small");
    write_pages(&site, "wombat");
    site.build().success();
    // Time a rebuild (it also clears the old output) to spread the kills over.
    write_pages(&site, MARKERS[0]);
    let started = Instant::now();
    assert!(build_command(&site).status().unwrap().success());
    let full = started.elapsed();
    let public = site.path().join("public");
    let index = site.path().join("search-index");
    let mut old_public = tree(&public);
    let mut old_index = tree(&index);
    let pages = old_public.len();
    assert_eq!(marker_of(&old_public).as_deref(), Some(MARKERS[0]));

    // Kill moments: from the very start, stepping up by a third of a build's time
    // until a kill lands after the swap, then halving the gap between the latest
    // kill that kept the old site and the latest that found a new one, so the kills
    // close in on the swap itself. Builds vary with the machine's load, so the
    // moments cannot be fixed in advance.
    let step = full / 3;
    let (mut lo, mut hi) = (Duration::ZERO, None::<Duration>);
    let (mut kept, mut swapped) = (0, 0);
    let mut index_marker = MARKERS[0];
    for (k, &marker) in MARKERS.iter().enumerate().skip(1) {
        if k > 8 && kept >= 3 && swapped >= 3 {
            break;
        }
        let delay = match hi {
            _ if k == 1 => Duration::ZERO,
            None => lo + step,
            Some(hi) => (lo + hi) / 2,
        };
        write_pages(&site, marker);
        let mut child = build_command(&site).spawn().unwrap();
        std::thread::sleep(delay);
        let _ = child.kill(); // SIGKILL
        child.wait().unwrap();

        let now_public = tree(&public);
        let now_index = tree(&index);
        if now_public == old_public {
            kept += 1;
            lo = delay;
        } else {
            hi = Some(delay);
            assert_eq!(
                marker_of(&now_public).as_deref(),
                Some(marker),
                "attempt {k} ({delay:?}): public/ is neither the old build nor a whole new one"
            );
            assert_eq!(now_public.len(), pages, "attempt {k}: files missing");
            swapped += 1;
        }
        if now_index != old_index {
            assert!(
                searches_find(&site, marker),
                "attempt {k} ({delay:?}): search-index/ is neither the old one nor a whole new one"
            );
            index_marker = marker;
        } else {
            assert!(
                searches_find(&site, index_marker),
                "attempt {k}: the old index no longer opens"
            );
        }
        old_public = now_public;
        old_index = now_index;
    }

    // The old marker is gone from the index too: the search really tells them apart.
    assert!(!searches_find(&site, "wombat"));
    write_pages(&site, "albatross");
    site.build().success();
    assert_eq!(marker_of(&tree(&public)).as_deref(), Some("albatross"));
    assert!(searches_find(&site, "albatross"));
    assert!(!searches_find(&site, index_marker));
    let leftovers: Vec<String> = std::fs::read_dir(site.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public") || n.starts_with(".search-index"))
        .collect();
    assert!(leftovers.is_empty(), "staging folders left: {leftovers:?}");
    // Not a timed assertion: this only shows the kills were spread over a build.
    eprintln!("a full build took {full:?}; {kept} kills left the old site, {swapped} a new one");
}
