//! In-place rebuilds for `serve --watch`: the pages are written straight into
//! `public/`, each file replaced by a rename and only if its bytes changed; only
//! content files that changed are loaded again ([`LoadCache`]) and only pages whose
//! template data changed are rendered again. `build` itself writes a whole new
//! folder and swaps it in instead (see [`crate::build`]). [`LiveIndex`] keeps the
//! search index up to date the same way.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::build::{self, BuildError, BuildOptions, BuildReport, LoadMemory, Loaded, io_error};
use crate::content::Site;
use crate::events::{Event, Reporter};
use crate::output::{Pages, Sink, Staging};
use crate::render::{Seen, Theme};
use crate::search::index::{Updated, Updater};
use crate::util::walk::list_tree;

/// What the last in-place build put in the output folder, so the next one writes
/// only what changed: generated files by their bytes, copied files by their
/// source's size and modification time.
#[derive(Default)]
pub struct LastBuild {
    /// The theme and the content of the last load (see [`LoadMemory`]).
    memory: LoadMemory,
    /// What each page was last rendered from (see [`Theme::render_site_into`]).
    seen: Seen,
    generated: FxHashMap<String, Arc<[u8]>>,
    copied: FxHashMap<String, Stamp>,
    /// Whether the output folder has been cleared of files this build did not make.
    swept: bool,
    /// The day the last successful build was made on (the sitemap shows it).
    day: Option<jiff::civil::Date>,
    /// The site's time zone and the next moment it changes by itself, as of the
    /// last successful build (see [`LastBuild::saved_unchanged`]).
    zone: Option<jiff::tz::TimeZone>,
    next_change: Option<jiff::Timestamp>,
}

/// A copied file's source as it was: its size and modification time.
type Stamp = (u64, Option<std::time::SystemTime>);

/// Builds the pages into `options.out` in place for `serve --watch`: a page being
/// read while this runs is either the old or the new one (each file is replaced by
/// a rename), and files whose bytes did not change are not touched. The search
/// index is left to [`write_index`], so pages can reload before it is done.
///
/// Only pages whose template data changed are rendered again (see
/// [`Theme::render_site_into`]); `theme_changed` says the theme's files changed, so
/// the theme is loaded again and every page rendered.
pub fn build_in_place(
    options: &BuildOptions,
    last: &mut LastBuild,
    theme_changed: bool,
) -> Result<InPlace, BuildError> {
    if theme_changed {
        last.memory.theme = None;
    }
    let result = build_in_place_inner(options, last);
    // What `trust_only` said holds for this build alone.
    last.memory.content.forget_trust();
    if result.is_err() {
        // What is on disk is unknown after a failed write: start afresh next time.
        last.seen.clear();
    }
    result
}

fn build_in_place_inner(
    options: &BuildOptions,
    last: &mut LastBuild,
) -> Result<InPlace, BuildError> {
    let started = Instant::now();
    let theme_before = last.memory.theme.as_ref().map(|(name, _)| name.clone());
    let Loaded { site, theme, plan } =
        build::load(&options.root, options.drafts, Some(&mut last.memory))?;
    if theme_before.as_ref() != Some(&site.config.theme) {
        // A new theme: every page is rendered again.
        last.seen.clear();
    }
    let loaded = started.elapsed();
    // The same files, bytes and settings as last time, on the same day, with the
    // same theme (`seen` is empty after a new theme or a failed render): every
    // generated file would come out as it is. Copied files are still checked.
    let day = site.built_at.date();
    let same = last.memory.content.unchanged() && last.day == Some(day) && !last.seen.is_empty();
    let pages = if same {
        Pages::Unchanged
    } else {
        Pages::Changed(&mut last.seen)
    };
    let sink = InPlaceSink::default();
    let result = plan.write(&site, &theme, pages, &sink);
    last.memory.theme = Some((site.config.theme.clone(), theme));
    result?;
    let rendered = started.elapsed();
    let out = sink.into_inner();
    // Pages, not the feeds, sitemap and downloads that come with every render.
    let rendered_pages = out.fresh.keys().filter(|p| p.ends_with(".html")).count();
    let changed = last.apply(&options.out, out)?;
    last.day = Some(day);
    last.zone = Some(site.config.zone());
    last.next_change = site.next_change.as_ref().map(|s| s.instant);
    Ok(InPlace {
        report: BuildReport {
            pages: last
                .generated
                .keys()
                .filter(|p| p.ends_with(".html"))
                .count(),
            documents: 0,
            files: last.generated.len() + last.copied.len(),
            elapsed: started.elapsed(),
            out: options.out.clone(),
            next_change: site.next_change.clone(),
        },
        changed,
        rendered: if same { 0 } else { rendered_pages },
        timings: [loaded, rendered - loaded, started.elapsed() - rendered],
        edited_in_place: last.memory.content.edited_in_place(),
        site,
    })
}

/// `serve --watch`'s sink (see [`crate::output`]): what a rebuild made, kept and
/// copied, before any of it is last.
#[derive(Default)]
struct InPlaceSink {
    out: Mutex<Collected>,
}

#[derive(Default)]
struct Collected {
    /// Files made now: their bytes.
    fresh: FxHashMap<String, Arc<[u8]>>,
    /// Pages not rendered again: they keep the bytes they had.
    kept: Vec<String>,
    /// No page was rendered: every file made last time and not made again keeps
    /// the bytes it had.
    kept_all: bool,
    /// Files to copy, from where.
    copies: FxHashMap<String, PathBuf>,
}

impl InPlaceSink {
    fn with<T>(&self, f: impl FnOnce(&mut Collected) -> T) -> T {
        // A poisoned lock still holds what was added before the panic.
        f(&mut self.out.lock().unwrap_or_else(|e| e.into_inner()))
    }

    fn into_inner(self) -> Collected {
        self.out.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Sink for InPlaceSink {
    fn made(&self, rel: &str, bytes: &[u8]) -> Result<(), BuildError> {
        // Copied before taking the lock, which every rendering thread shares.
        let (rel, bytes) = (rel.to_owned(), Arc::from(bytes));
        self.with(|c| c.fresh.insert(rel, bytes));
        Ok(())
    }

    fn made_shared(&self, rel: &str, bytes: &Arc<[u8]>) -> Result<(), BuildError> {
        let (rel, bytes) = (rel.to_owned(), Arc::clone(bytes));
        self.with(|c| c.fresh.insert(rel, bytes));
        Ok(())
    }

    fn copied(&self, rel: &str, from: &Path) -> Result<(), BuildError> {
        self.with(|c| c.copies.insert(rel.to_owned(), from.to_path_buf()));
        Ok(())
    }

    fn kept(&self, rel: &str) {
        let rel = rel.to_owned();
        self.with(|c| c.kept.push(rel));
    }

    fn kept_all(&self) {
        self.with(|c| c.kept_all = true);
    }
}

impl LastBuild {
    /// Tells the next [`build_in_place`] that only the Markdown files `paths`
    /// changed, each in place, and nothing under `content/` was added, removed or
    /// renamed (what the watcher saw): it then checks only these files instead
    /// of every file's stamp. Ignored unless each is a Markdown file the last
    /// build read.
    pub fn trust_only(&mut self, root: &Path, paths: &[PathBuf]) {
        match markdown_rels(root, paths) {
            Some(rels) => self.memory.content.trust_only(&rels),
            None => self.memory.content.forget_trust(),
        }
    }

    /// Whether a save of each of `paths` (Markdown files inside `root`'s
    /// `content/`) left the site as the last build made it: that build succeeded,
    /// each file holds the bytes it read, and neither the day nor anything
    /// scheduled has changed since. Then a rebuild would write nothing, and
    /// `serve --watch` skips it. Reads only the files named.
    pub fn saved_unchanged(&self, root: &Path, paths: &[PathBuf]) -> bool {
        let (Some(zone), Some(day)) = (&self.zone, self.day) else {
            return false;
        };
        let Ok(now) = crate::clock::now() else {
            return false;
        };
        if self.seen.is_empty()
            || zone.to_datetime(now).date() != day
            || self.next_change.is_some_and(|at| at <= now)
        {
            return false;
        }
        let content = root.join("content");
        markdown_rels(root, paths).is_some_and(|rels| {
            rels.iter()
                .all(|rel| self.memory.content.holds_same_bytes(root, &content, rel))
        })
    }

    /// Writes into `out` what `now` holds that differs from what is there, and
    /// removes what the last build made and this one did not (the first time,
    /// anything in the folder this build did not make). Returns the number of
    /// files written or removed.
    fn apply(&mut self, out: &Path, now: Collected) -> Result<usize, BuildError> {
        std::fs::create_dir_all(out).map_err(io_error(out))?;
        let mut previous = std::mem::take(&mut self.generated);
        let mut generated: FxHashMap<String, Arc<[u8]>> = FxHashMap::with_capacity_and_hasher(
            now.fresh.len() + now.kept.len(),
            Default::default(),
        );
        let mut changed: Vec<String> = Vec::new();
        for (rel, bytes) in now.fresh {
            // The same shared bytes as last time need no comparing.
            let same = previous
                .remove(&rel)
                .is_some_and(|p| Arc::ptr_eq(&p, &bytes) || p == bytes);
            if !same {
                changed.push(rel.clone());
            }
            generated.insert(rel, bytes);
        }
        // A file made again (`static/colours.css` after a save that changed
        // nothing) was compared above and is no longer in `previous`.
        if now.kept_all {
            generated.extend(previous.drain());
        }
        for rel in now.kept {
            if let Some(bytes) = previous.remove(&rel) {
                generated.insert(rel, bytes);
            }
        }
        changed.par_iter().try_for_each(|rel| {
            let bytes = generated.get(rel).map_or(&[][..], |b| &**b);
            replace_file(&out.join(rel), |tmp| std::fs::write(tmp, bytes))
        })?;
        let mut n = changed.len();
        let mut copied = FxHashMap::with_capacity_and_hasher(now.copies.len(), Default::default());
        for (rel, from) in &now.copies {
            let stamp = std::fs::metadata(from)
                .map(|m| (m.len(), m.modified().ok()))
                .map_err(io_error(from))?;
            if self.copied.get(rel) != Some(&stamp) || !out.join(rel).exists() {
                replace_file(&out.join(rel), |tmp| std::fs::copy(from, tmp).map(|_| ()))?;
                n += 1;
            }
            copied.insert(rel.clone(), stamp);
        }
        let keep = |rel: &str| generated.contains_key(rel) || copied.contains_key(rel);
        let stale: Vec<String> = if self.swept {
            previous
                .keys()
                .chain(self.copied.keys())
                .filter(|rel| !keep(rel))
                .cloned()
                .collect()
        } else {
            let mut all = Vec::new();
            list_tree(out, "", &mut all);
            all.into_iter()
                .map(|(rel, _)| rel)
                .filter(|rel| !keep(rel))
                .collect()
        };
        for rel in &stale {
            remove_file(out, rel)?;
        }
        self.generated = generated;
        self.copied = copied;
        self.swept = true;
        Ok(n + stale.len())
    }
}

/// `paths` as paths inside `root`'s `content/`, if there are some and every one
/// is a Markdown file there.
fn markdown_rels(root: &Path, paths: &[PathBuf]) -> Option<Vec<String>> {
    let content = root.join("content");
    let rels: Option<Vec<String>> = paths
        .iter()
        .map(|path| {
            let rel = path.strip_prefix(&content).ok()?.to_str()?;
            rel.ends_with(".md").then(|| rel.to_owned())
        })
        .collect();
    rels.filter(|rels| !rels.is_empty())
}

/// Removes `rel` from `out`, and the folders it leaves empty, so a deleted page's
/// URL is a 404.
fn remove_file(out: &Path, rel: &str) -> Result<(), BuildError> {
    let path = out.join(rel);
    std::fs::remove_file(&path).map_err(io_error(&path))?;
    let mut dir = path.parent();
    while let Some(d) = dir.filter(|d| *d != out) {
        if std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
    Ok(())
}

/// What [`build_in_place`] did, and the `Site` it built, for [`write_index`].
#[derive(Debug)]
pub struct InPlace {
    /// The usual summary (`documents` is 0: the index is written separately).
    pub report: BuildReport,
    /// Files written or removed.
    pub changed: usize,
    /// Pages rendered (the others' data had not changed).
    pub rendered: usize,
    /// How long loading, rendering and writing took.
    pub timings: [std::time::Duration; 3],
    /// Whether the load read only the files the watcher named and put them in
    /// the last site's place, rather than going over every file (see
    /// [`LoadCache::edited_in_place`](crate::content::cache::LoadCache::edited_in_place)).
    pub edited_in_place: bool,
    /// The site that was built.
    pub site: Site,
}

/// Writes the search index for `site` beside `dir` and swaps it in; returns the
/// number of documents. Readers of the old index keep it until they reopen.
pub fn write_index(site: &Site, dir: &Path) -> Result<usize, BuildError> {
    let staging = Staging::new(dir).map_err(io_error(dir))?;
    let documents = Theme::site_json(site)
        .and_then(|json| crate::search::index::write(site, staging.path(), &json))
        .map_err(|source| BuildError::Index {
            path: dir.to_path_buf(),
            source,
        })?;
    staging.commit().map_err(io_error(dir))?;
    Ok(documents)
}

/// The search index of `serve --watch`: written whole the first time (and again
/// after an update fails), then kept open and updated in place with only the
/// documents that changed (see [`Updater`]). Searches are answered from the last
/// commit throughout.
pub struct LiveIndex {
    dir: PathBuf,
    updater: Option<Updater>,
    report: Reporter,
}

impl LiveIndex {
    /// The index in `dir`; nothing is written until the first [`LiveIndex::update`].
    /// Trouble that an update works around goes to `report`.
    pub fn new(dir: &Path, report: Reporter) -> LiveIndex {
        LiveIndex {
            dir: dir.to_path_buf(),
            updater: None,
            report,
        }
    }

    /// Brings the index up to `site`.
    pub fn update(&mut self, site: &Site) -> Result<Updated, BuildError> {
        let site_json = Theme::site_json(site).map_err(|source| BuildError::Index {
            path: self.dir.clone(),
            source,
        })?;
        if self.updater.as_ref().is_some_and(|u| !u.is_current()) {
            // Another build swapped in a new folder: start again from it.
            self.updater = None;
        }
        if let Some(updater) = &mut self.updater {
            match updater.update(site, &site_json) {
                Ok(done) => return Ok(done),
                Err(e) => {
                    (self.report)(Event::Warning(format!(
                        "the search index could not be updated ({e}); writing it again"
                    )));
                    // Dropping the writer lets go of the folder and its uncommitted changes.
                    self.updater = None;
                }
            }
        }
        let documents = write_index(site, &self.dir)?;
        match Updater::open(&self.dir, site, &site_json) {
            Ok(updater) => self.updater = Some(updater),
            // The next update writes the index whole again.
            Err(e) => (self.report)(Event::Warning(format!(
                "cannot open the search index for updates: {e}"
            ))),
        }
        Ok(Updated {
            documents,
            changed: documents,
            committed: true,
        })
    }
}

/// Writes `path` through a temporary file beside it and a rename, so readers see
/// the old file or the new one, never half of one.
fn replace_file(
    path: &Path,
    write: impl FnOnce(&Path) -> std::io::Result<()>,
) -> Result<(), BuildError> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(io_error(parent))?;
    }
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let tmp = path.with_file_name(format!(".{name}.localoffer-tmp"));
    write(&tmp).map_err(io_error(&tmp))?;
    std::fs::rename(&tmp, path).map_err(io_error(path))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    /// A copy of the small fixture site with the repository's theme.
    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        for (from, to) in [("tests/fixtures/small", ""), ("themes", "themes")] {
            let mut files = Vec::new();
            list_tree(&repo.join(from), "", &mut files);
            for (rel, path) in files {
                let dest = dir.path().join(to).join(rel);
                std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
                std::fs::copy(path, dest).unwrap();
            }
        }
        dir
    }

    #[test]
    fn in_place_builds_write_only_what_changed_and_remove_what_went() {
        let dir = site();
        let options = BuildOptions::new(dir.path());
        let mut written = LastBuild::default();
        let first = build_in_place(&options, &mut written, true).unwrap();
        assert!(first.changed > 10);
        let again = build_in_place(&options, &mut written, false).unwrap();
        assert_eq!(again.changed, 0, "nothing changed, nothing written");
        assert_eq!(again.rendered, 0, "nor rendered");

        let contact = dir.path().join("content/pages/contact.md");
        let text = std::fs::read_to_string(&contact).unwrap();
        std::fs::write(&contact, format!("{text}\nA new line.\n")).unwrap();
        let edit = build_in_place(&options, &mut written, false).unwrap();
        assert_eq!(edit.changed, 1, "only the contact page");
        assert_eq!(edit.rendered, 1);
        let page = std::fs::read_to_string(dir.path().join("public/contact/index.html")).unwrap();
        assert!(page.contains("A new line."));

        std::fs::remove_file(&contact).unwrap();
        build_in_place(&options, &mut written, false).unwrap();
        assert!(!dir.path().join("public/contact").exists());
    }

    #[test]
    fn a_save_is_known_unchanged_only_when_every_file_saved_holds_what_was_built() {
        let dir = site();
        let root = dir.path();
        let options = BuildOptions::new(root);
        let mut written = LastBuild::default();
        let contact = root.join("content/pages/contact.md");
        assert!(
            !written.saved_unchanged(root, std::slice::from_ref(&contact)),
            "nothing built yet"
        );
        build_in_place(&options, &mut written, true).unwrap();
        let text = std::fs::read_to_string(&contact).unwrap();
        std::fs::write(&contact, &text).unwrap();
        assert!(written.saved_unchanged(root, std::slice::from_ref(&contact)));

        let new_page = root.join("content/pages/new.md");
        std::fs::write(&new_page, "---\ntitle: New\n---\nNew.\n").unwrap();
        assert!(
            !written.saved_unchanged(root, &[contact.clone(), new_page]),
            "a file the build did not read"
        );
        assert!(!written.saved_unchanged(root, &[root.join("content/faqs")]));
        assert!(!written.saved_unchanged(root, &[]));

        std::fs::write(&contact, format!("{text}\nA new line.\n")).unwrap();
        assert!(!written.saved_unchanged(root, std::slice::from_ref(&contact)));
        std::fs::remove_file(&contact).unwrap();
        assert!(!written.saved_unchanged(root, std::slice::from_ref(&contact)));
    }

    #[test]
    fn trusting_the_watcher_builds_what_a_full_build_does() {
        let dir = site();
        let root = dir.path();
        let options = BuildOptions::new(root);
        let mut written = LastBuild::default();
        build_in_place(&options, &mut written, true).unwrap();
        let same_as_full = |what: &str| {
            assert_eq!(
                files(&root.join("public")),
                full_build(&options),
                "after {what}"
            );
        };
        let contact = root.join("content/pages/contact.md");
        let text = std::fs::read_to_string(&contact).unwrap();
        std::fs::write(&contact, format!("{text}\nA new line.\n")).unwrap();
        written.trust_only(root, std::slice::from_ref(&contact));
        let edit = build_in_place(&options, &mut written, false).unwrap();
        assert_eq!(edit.rendered, 1);
        same_as_full("an edit the watcher named");

        // A file the last build did not read: the watcher's word is not taken,
        // and the whole folder is looked at again.
        let new_page = root.join("content/pages/new.md");
        std::fs::write(&new_page, "---\ntitle: New\n---\nNew.\n").unwrap();
        written.trust_only(root, std::slice::from_ref(&new_page));
        build_in_place(&options, &mut written, false).unwrap();
        assert!(root.join("public/new/index.html").exists());
        same_as_full("a new file");

        // What the watcher said holds for one build only.
        written.trust_only(root, std::slice::from_ref(&contact));
        std::fs::write(&contact, &text).unwrap();
        build_in_place(&options, &mut written, false).unwrap();
        std::fs::remove_file(&new_page).unwrap();
        build_in_place(&options, &mut written, false).unwrap();
        assert!(!root.join("public/new").exists());
        same_as_full("a removal after a trusted build");
    }

    /// Every file a full build of the site makes, by its path in the output.
    fn full_build(options: &BuildOptions) -> HashMap<String, Vec<u8>> {
        let full = tempfile::tempdir().unwrap();
        crate::build::build(&BuildOptions {
            out: full.path().join("public"),
            index: full.path().join("search-index"),
            ..options.clone()
        })
        .unwrap();
        files(&full.path().join("public"))
    }

    /// Every file under `dir`, by its path inside it.
    fn files(dir: &Path) -> HashMap<String, Vec<u8>> {
        let mut paths = Vec::new();
        list_tree(dir, "", &mut paths);
        paths
            .into_iter()
            .map(|(rel, path)| (rel, std::fs::read(path).unwrap()))
            .collect()
    }

    /// Options with drafts, and what a first in-place build of `root` wrote.
    fn first_build(root: &Path) -> (BuildOptions, LastBuild) {
        let options = BuildOptions {
            drafts: true,
            ..BuildOptions::new(root)
        };
        let mut written = LastBuild::default();
        build_in_place(&options, &mut written, true).unwrap();
        (options, written)
    }

    /// Replaces the first `from` in the content file `rel` with `to`; returns its path.
    fn replace_in(root: &Path, rel: &str, from: &str, to: &str) -> PathBuf {
        let path = root.join("content").join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{rel}: {from}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
        path
    }

    #[test]
    fn in_place_builds_after_edits_match_a_full_build() {
        let dir = site();
        let root = dir.path();
        let (options, mut written) = first_build(root);
        let edit = |rel: &str, from: &str, to: &str| {
            replace_in(root, rel, from, to);
        };
        let steps: [(&str, &dyn Fn()); 10] = [
            ("a term's full form", &|| {
                edit("jargon/senco.md", "co-ordinator", "coordinator")
            }),
            ("a new alias used by a page saved before", &|| {
                edit(
                    "pages/contact.md",
                    "Email",
                    "Ask the inclusion lead or email",
                );
                edit("jargon/senco.md", "[SENCO]", "[SENCO, inclusion lead]");
            }),
            ("a link to a question", &|| {
                edit(
                    "pages/contact.md",
                    "Ask the",
                    "You [can appeal](../faqs/assessments.md#can-i-appeal). Ask the",
                );
            }),
            ("a save without changes", &|| {
                edit("jargon/senco.md", "SENCo", "SENCo")
            }),
            ("a renamed page", &|| {
                std::fs::rename(
                    root.join("content/pages/contact.md"),
                    root.join("content/pages/contact-us.md"),
                )
                .unwrap();
            }),
            ("a post's date", &|| {
                edit(
                    "news/2024-02-28-update.md",
                    "date: 2024-02-28",
                    "date: 2024-02-27",
                )
            }),
            // A post's text is on its page and in every listing of it; a page's
            // text is fingerprinted once per file (`RememberedIn`).
            ("a post's text", &|| {
                edit("news/2024-02-28-update.md", "Read the", "Please read the")
            }),
            ("a page's text", &|| {
                edit("pages/contact-us.md", "Ask the", "Do ask the")
            }),
            // A team's text is on its page and its parent's; a team keeps its
            // fingerprint too.
            ("a team's text", &|| {
                edit("team/hub.md", "handles new", "looks at new")
            }),
            ("a team's parent", &|| {
                edit("team/hub.md", "parent: service\n", "")
            }),
        ];
        for (what, step) in steps {
            step();
            build_in_place(&options, &mut written, false)
                .unwrap_or_else(|e| panic!("{what}: {e:?}"));
            assert_same_as_full(root, &options, what);
        }
    }

    #[test]
    fn saves_of_a_files_text_alone_change_the_last_site_in_place() {
        let dir = site();
        let root = dir.path();
        let (options, mut written) = first_build(root);
        // Each save as the watcher reports it: in place, naming the file.
        let mut save = |rel: &str, from: &str, to: &str| {
            let path = replace_in(root, rel, from, to);
            written.trust_only(root, std::slice::from_ref(&path));
            build_in_place(&options, &mut written, false)
        };
        // (what, file, from, to, whether only that file is read and rendered)
        let steps = [
            (
                "a page's text",
                "pages/contact.md",
                "Email",
                "Please email",
                true,
            ),
            (
                "a question added",
                "faqs/assessments.md",
                "## After",
                "### Who decides?\n\nA panel does.\n\n## After",
                true,
            ),
            (
                "a post's text",
                "news/2024-02-28-update.md",
                "Read",
                "Do read",
                true,
            ),
            (
                "a performance update's text",
                "performance/2024-02.md",
                "\n---\n",
                "\n---\nNew.\n",
                true,
            ),
            // What other files are made from: the whole site is loaded again.
            (
                "a page's title",
                "pages/contact.md",
                "Contact us",
                "Get in touch",
                false,
            ),
            (
                "a term's text",
                "jargon/senco.md",
                "The teacher",
                "A teacher",
                false,
            ),
            (
                "a team's text",
                "team/hub.md",
                "handles new",
                "looks at new",
                false,
            ),
            (
                "the home page's text",
                "_index.md",
                "\n---\n",
                "\n---\nWelcome.\n",
                false,
            ),
            // A link to a question that is there, and then the question renamed.
            (
                "a new link to a question",
                "pages/contact.md",
                "Please email",
                "You [can appeal](../faqs/assessments.md#can-i-appeal). Please email",
                false,
            ),
            (
                "a text edit after it",
                "pages/contact.md",
                "You [can",
                "So you [can",
                true,
            ),
        ];
        for (what, rel, from, to, in_place) in steps {
            let built = save(rel, from, to).unwrap_or_else(|e| panic!("{what}: {e:?}"));
            assert_eq!(built.edited_in_place, in_place, "{what}");
            assert_same_as_full(root, &options, what);
        }
        // A question that a page links to, renamed: the link is reported as a
        // full load would, and the site is left as it was.
        let before = files(&root.join("public"));
        let Err(error) = save(
            "faqs/assessments.md",
            "Can I appeal?",
            "Can I challenge it?",
        ) else {
            panic!("the link to the old question should be an error");
        };
        assert!(format!("{error:?}").contains("#can-i-appeal"), "{error:?}");
        assert_eq!(files(&root.join("public")), before);
        // A link to a question that is not there, in a save of a page's text.
        save(
            "faqs/assessments.md",
            "Can I challenge it?",
            "Can I appeal?",
        )
        .unwrap();
        let Err(error) = save("pages/contact.md", "can-i-appeal", "can-i-complain") else {
            panic!("a link to a missing question should be an error");
        };
        assert!(
            format!("{error:?}").contains("#can-i-complain"),
            "{error:?}"
        );
        let built = save("pages/contact.md", "can-i-complain", "can-i-appeal").unwrap();
        assert!(
            !built.edited_in_place,
            "the load after an error starts afresh"
        );
        assert_same_as_full(root, &options, "the link put right");
        let built = save("pages/contact.md", "So you", "And so you").unwrap();
        assert!(built.edited_in_place);
        assert_same_as_full(root, &options, "a text edit after that");
    }

    /// Checks that `root`'s `public/` holds what a full build makes, naming the
    /// files that differ.
    fn assert_same_as_full(root: &Path, options: &BuildOptions, what: &str) {
        let (ours, theirs) = (files(&root.join("public")), full_build(options));
        let mut differ: Vec<&String> = theirs
            .keys()
            .chain(ours.keys())
            .filter(|rel| ours.get(*rel) != theirs.get(*rel))
            .collect();
        differ.sort();
        differ.dedup();
        assert!(differ.is_empty(), "after {what}: {differ:?}");
    }

    #[test]
    fn the_directory_export_after_edits_matches_a_full_build() {
        // Made up for this test: example.org, 01632 960xxx and ZZ99 only.
        let dir = site();
        let root = dir.path();
        let content = root.join("content");
        std::fs::create_dir_all(content.join("services")).unwrap();
        std::fs::create_dir_all(content.join("organisations")).unwrap();
        let org = content.join("organisations/example-trust.md");
        std::fs::write(
            &org,
            "---\nid: 00000000-0000-4000-9000-000000000001\ntitle: Example Trust\n\
             website: https://example.org/trust\nphone: 01632 960001\n---\nA made-up trust.\n",
        )
        .unwrap();
        let service = |n: usize, name: &str| {
            format!(
                "---\nid: 00000000-0000-4000-8000-00000000000{n}\ntitle: {name}\n\
                 organisation: example-trust\ncategories: [Short breaks]\n\
                 locations:\n  - name: Example Centre\n    postcode: ZZ99 1AA\n---\n\
                 A made-up service.\n"
            )
        };
        let swimming = content.join("services/swimming.md");
        std::fs::write(&swimming, service(1, "Swimming club")).unwrap();
        std::fs::write(content.join("services/drama.md"), service(2, "Drama club")).unwrap();
        let options = BuildOptions::new(root);
        let mut written = LastBuild::default();
        build_in_place(&options, &mut written, true).unwrap();
        let all = "public/openreferral/services.json";
        let same_as_full = |what: &str| assert_same_as_full(root, &options, what);
        let read = |rel: &str| std::fs::read_to_string(root.join(rel)).unwrap();

        // A page elsewhere changes: the export is kept as it was.
        let contact = content.join("pages/contact.md");
        let text = std::fs::read_to_string(&contact).unwrap();
        std::fs::write(&contact, format!("{text}\nA new line.\n")).unwrap();
        let edit = build_in_place(&options, &mut written, false).unwrap();
        assert_eq!(edit.changed, 1, "only the contact page");
        same_as_full("an edit to a page");

        std::fs::write(&swimming, service(1, "Swimming and splash club")).unwrap();
        build_in_place(&options, &mut written, false).unwrap();
        assert!(read(all).contains("Swimming and splash club"));
        same_as_full("an edit to a service");

        // Their text alone, saved in place as the watcher reports it: only the
        // files saved are read again, and the export follows.
        for (rel, from, to) in [
            (
                "services/swimming.md",
                "A made-up service.",
                "A made-up service for swimmers.",
            ),
            (
                "organisations/example-trust.md",
                "A made-up trust.",
                "A made-up trust for these tests.",
            ),
        ] {
            let path = replace_in(root, rel, from, to);
            written.trust_only(root, std::slice::from_ref(&path));
            let edit = build_in_place(&options, &mut written, false).unwrap();
            assert!(edit.edited_in_place, "{to}");
            same_as_full(to);
        }
        assert!(read(all).contains("for swimmers"));

        // Both services nest their organisation: both are made again.
        let trust = std::fs::read_to_string(&org).unwrap();
        std::fs::write(&org, trust.replace("Example Trust", "Example Charity")).unwrap();
        build_in_place(&options, &mut written, false).unwrap();
        let drama = read("public/openreferral/services/00000000-0000-4000-8000-000000000002.json");
        assert!(drama.contains("Example Charity"), "{drama}");
        same_as_full("an edit to their organisation");

        std::fs::remove_file(&swimming).unwrap();
        build_in_place(&options, &mut written, false).unwrap();
        assert!(!read(all).contains("Swimming"));
        same_as_full("a service removed");
    }

    #[test]
    fn a_theme_change_renders_every_page_again() {
        let dir = site();
        let options = BuildOptions::new(dir.path());
        let mut written = LastBuild::default();
        build_in_place(&options, &mut written, true).unwrap();
        let base = dir.path().join("themes/default/templates/base.html");
        let html = std::fs::read_to_string(&base).unwrap();
        std::fs::write(&base, html.replace("<body>", "<body class=\"changed\">")).unwrap();
        let built = build_in_place(&options, &mut written, true).unwrap();
        assert!(built.changed > 10, "{}", built.changed);
        assert_eq!(built.rendered, built.report.pages, "every page");
        let page = std::fs::read_to_string(dir.path().join("public/contact/index.html")).unwrap();
        assert!(page.contains("<body class=\"changed\">"));
    }
}
