//! A build killed at any moment (SIGKILL: no clean-up code runs) leaves the previous
//! `public/` and `search-index/` exactly as they were, or puts a whole new one in
//! place; never a mix, never nothing. The next build cleans up and succeeds.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

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
        let start = text.find("This is marker-")? + "This is ".len();
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

fn searches_find(site: &TestSite, marker: &str) -> bool {
    let out = site.cmd(&["search", marker, "--json"]).output().unwrap();
    out.status.success() && String::from_utf8_lossy(&out.stdout).contains("generated-")
}

#[test]
fn a_build_killed_at_any_moment_leaves_the_old_site_or_the_whole_new_one() {
    let site = TestSite::fixture("small");
    write_pages(&site, "marker-x");
    site.build().success();
    // Time a rebuild (it also clears the old output) to spread the kills over.
    write_pages(&site, "marker-0");
    let started = Instant::now();
    assert!(build_command(&site).status().unwrap().success());
    let full = started.elapsed();
    let public = site.path().join("public");
    let index = site.path().join("search-index");
    let mut old_public = tree(&public);
    let mut old_index = tree(&index);
    let pages = old_public.len();
    assert_eq!(marker_of(&old_public).as_deref(), Some("marker-0"));

    let attempts = 8u32;
    let mut swapped = 0;
    let mut index_marker = "marker-0".to_owned();
    for k in 1..=attempts {
        let marker = format!("marker-{k}");
        write_pages(&site, &marker);
        // Kill moments spread from the very start to one and a half times a whole
        // build's time (builds vary with the machine's load; some get past the swap).
        let delay = full * 3 * (k - 1) / (2 * (attempts - 1));
        let mut child = build_command(&site).spawn().unwrap();
        std::thread::sleep(delay);
        let _ = child.kill(); // SIGKILL
        child.wait().unwrap();

        let now_public = tree(&public);
        let now_index = tree(&index);
        if now_public == old_public {
            // Untouched; nothing more to check.
        } else {
            assert_eq!(
                marker_of(&now_public).as_deref(),
                Some(marker.as_str()),
                "attempt {k} ({delay:?}): public/ is neither the old build nor a whole new one"
            );
            assert_eq!(now_public.len(), pages, "attempt {k}: files missing");
            swapped += 1;
        }
        if now_index != old_index {
            assert!(
                searches_find(&site, &marker),
                "attempt {k} ({delay:?}): search-index/ is neither the old one nor a whole new one"
            );
            index_marker = marker;
        } else {
            assert!(
                searches_find(&site, &index_marker),
                "attempt {k}: the old index no longer opens"
            );
        }
        old_public = now_public;
        old_index = now_index;
    }

    write_pages(&site, "marker-final");
    site.build().success();
    assert_eq!(marker_of(&tree(&public)).as_deref(), Some("marker-final"));
    assert!(searches_find(&site, "marker-final"));
    let leftovers: Vec<String> = std::fs::read_dir(site.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public") || n.starts_with(".search-index"))
        .collect();
    assert!(leftovers.is_empty(), "staging folders left: {leftovers:?}");
    // Not a timed assertion: this only shows the kills were spread over a build.
    eprintln!("a full build took {full:?}; {swapped} of {attempts} killed builds had swapped");
}
