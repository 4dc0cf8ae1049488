//! What `serve --watch` keeps from one load of the site to the next, so a save
//! reads, parses and renders again only the files it changed.
//!
//! Two things are kept per Markdown file:
//! - its text and parsed front matter, with a stamp of the file (size, modification
//!   and change times, inode). A file whose stamp is unchanged is not read again;
//!   one whose bytes turn out unchanged is not parsed again.
//! - its rendered body (and the problems and `#anchor` notes rendering it made),
//!   with a key: a hash of everything else that rendering read. That is the table
//!   of every page's URL and every asset (links), the jargon terms and their
//!   spellings (jargon links), the raw-HTML settings, the names of jargon terms and
//!   teams (`see_also`, `parent`) and, for a news post, whether it is published yet.
//!   When any of those change, every body is rendered again (a new or renamed page,
//!   a changed term); an edit to a page's text renders only that page.
//!
//! The checks that need every page at once (`#anchor` links, the team tree,
//! duplicate URLs and spellings) run on every full load over the kept results,
//! so a load with a cache reports exactly what a load without one would. After
//! a save of a file's text alone, the last load's site is changed in place
//! instead, without going over every file, when those checks are known to come
//! out as they did (see `content/edited.rs`).
//!
//! A stamp is trusted only once it is older than two seconds (`SETTLE`): file systems keep
//! times at a coarse granularity, so two saves of the same length in quick
//! succession can leave the same times behind. A file changed more recently than
//! that is read again, and compared by its bytes.

use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use rayon::prelude::*;

use super::kinds::{Built, Loaded, Site, parse_front_matter};
use super::source::SourceFile;
use crate::diagnostics::Diagnostic;
use crate::markdown::{AnchorNotes, JargonIndex, LinkTable};
use crate::util::hash::quick_hash_of;

/// How long after a file last changed its stamp is trusted to show the next change.
const SETTLE: Duration = Duration::from_secs(2);

/// The kept results of the last load (see the module's documentation). Pass the
/// same one to every [`super::Site::load_cached`] of a site.
#[derive(Default)]
pub struct LoadCache {
    files: rustc_hash::FxHashMap<String, Entry>,
    /// A hash of everything the last load read (see [`LoadCache::note_inputs`]).
    inputs: Option<u64>,
    /// Whether the last load read exactly what the one before it did.
    unchanged: bool,
    /// The jargon matcher of the last load, with what it was made from.
    jargon: Option<KeptJargon>,
    /// What the last load found under `content/`: Markdown files, other files
    /// and the problems finding them.
    listing: Option<Arc<Listing>>,
    /// For the next load only: the files that changed, when the watcher says
    /// that nothing else did (see [`LoadCache::trust_only`]).
    only: Option<HashSet<String>>,
    /// What the last load made, for the next to change in place (see
    /// [`super::edited`]).
    site: Option<KeptSite>,
    /// Whether the last load changed the site of the one before in place.
    edited: bool,
}

/// A load's jargon matcher, the jargon files it was made from and the problems
/// found making it. A copy shares the matcher and the files.
#[derive(Clone)]
pub(super) struct KeptJargon {
    /// The jargon files, in the order the load had them. Holding them keeps
    /// each where it is, so a file with the same address next time is the same
    /// file, unchanged (a file read again is a new one).
    pub(super) files: Vec<Arc<Loaded>>,
    pub(super) index: JargonIndex,
    pub(super) problems: Vec<Diagnostic>,
}

impl KeptJargon {
    /// Whether this was made from exactly `files`, each unchanged.
    pub(super) fn made_from(&self, files: &[Arc<Loaded>]) -> bool {
        self.files.len() == files.len()
            && self.files.iter().zip(files).all(|(a, b)| Arc::ptr_eq(a, b))
    }
}

/// What a load made and what it was made from, kept for the next load to
/// change in place.
pub(super) struct KeptSite {
    /// The files under `content/` the load listed (shared with the cache).
    pub(super) listing: Arc<Listing>,
    /// The settings, as their debug text.
    pub(super) config: String,
    pub(super) drafts: bool,
    /// The files on the site, in the order the load had them.
    pub(super) live: Vec<Arc<Loaded>>,
    /// Every file's URL.
    pub(super) links: LinkTable,
    /// What rendering any file read besides the file (see
    /// `bodies::Render::fingerprint`).
    pub(super) shared: u64,
    pub(super) site: Site,
}

/// The files under `content/` (see [`LoadCache`]).
pub(super) type Listing = (Vec<String>, Vec<String>, Vec<Diagnostic>);

/// What is kept of one Markdown file.
struct Entry {
    stamp: Option<Stamp>,
    /// Whether `stamp` was taken at least [`SETTLE`] after the file last changed.
    settled: bool,
    /// A hash of the file's bytes, when it could be read.
    bytes: Option<u64>,
    read: Result<Arc<Loaded>, Diagnostic>,
    rendered: Option<Rendered>,
}

/// A file's rendered body and what rendering it noted.
pub(super) struct Rendered {
    /// The hash of what rendering read besides the file (see the module's docs).
    key: u64,
    built: Option<Built>,
    problems: Vec<Diagnostic>,
    anchors: Arc<AnchorNotes>,
}

impl Rendered {
    /// Keeps `built` and what rendering it noted, under `key`.
    pub(super) fn new(
        key: u64,
        built: Option<Built>,
        problems: Vec<Diagnostic>,
        anchors: AnchorNotes,
    ) -> Rendered {
        Rendered {
            key,
            built,
            problems,
            anchors: Arc::new(anchors),
        }
    }

    /// The kept body and problems (copies), and the anchor notes.
    pub(super) fn get(&self) -> (Option<Built>, Vec<Diagnostic>, &Arc<AnchorNotes>) {
        (self.built.clone(), self.problems.clone(), &self.anchors)
    }
}

/// What identifies one version of a file without reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
    /// The inode's change time and number: an editor that saves by renaming a new
    /// file over the old one changes the inode, and nothing can set the change
    /// time back (tools that copy modification times can).
    #[cfg(unix)]
    changed: (i64, i64),
    #[cfg(unix)]
    inode: u64,
}

impl Stamp {
    fn of(path: &Path) -> Option<Stamp> {
        let meta = std::fs::metadata(path).ok()?;
        #[cfg(unix)]
        use std::os::unix::fs::MetadataExt;
        Some(Stamp {
            len: meta.len(),
            modified: meta.modified().ok(),
            #[cfg(unix)]
            changed: (meta.ctime(), meta.ctime_nsec()),
            #[cfg(unix)]
            inode: meta.ino(),
        })
    }

    /// When the file last changed, as far as the stamp says.
    fn latest(&self) -> Option<SystemTime> {
        #[cfg(unix)]
        {
            let (secs, nanos) = self.changed;
            let changed = u64::try_from(secs).ok().map(|s| {
                SystemTime::UNIX_EPOCH + Duration::new(s, u32::try_from(nanos).unwrap_or_default())
            });
            changed.max(self.modified)
        }
        #[cfg(not(unix))]
        {
            self.modified
        }
    }
}

impl LoadCache {
    /// Reads and parses the front matter of each of `rels` (inside `content_dir`),
    /// reusing what is kept for files that did not change. Forgets files that are
    /// no longer listed.
    pub(super) fn read(
        &mut self,
        root: &Path,
        content_dir: &Path,
        rels: &[String],
    ) -> Vec<Result<Arc<Loaded>, Diagnostic>> {
        // The files the watcher named, when it vouched for the others.
        let only = self.only.take();
        // Ten thousand look-ups, on every core.
        let same_files = rels.len() == self.files.len()
            && rels.par_iter().all(|rel| self.files.contains_key(rel));
        if !same_files {
            // Files came or went: forget those no longer listed.
            let listed: HashSet<&str> = rels.iter().map(String::as_str).collect();
            self.files.retain(|rel, _| listed.contains(rel.as_str()));
        }
        // Every file is looked at again unless the watcher vouched for it, and
        // new ones are read; the rest stay where they are (with ten thousand
        // files, moving every entry into a new map cost more than reading the one
        // saved). With the same files as last time, those are just the ones named.
        let look: Vec<&String> = match &only {
            Some(named) if same_files => named
                .iter()
                .filter(|rel| self.files.contains_key(*rel))
                .collect(),
            _ => rels
                .iter()
                .filter(|rel| {
                    only.as_ref().is_none_or(|named| named.contains(*rel))
                        || !self.files.contains_key(*rel)
                })
                .collect(),
        };
        let stale: Vec<(&String, Option<Entry>)> = look
            .into_iter()
            .map(|rel| (rel, self.files.remove(rel)))
            .collect();
        let fresh: Vec<(String, Entry)> = stale
            .into_par_iter()
            .map(|(rel, entry)| (rel.clone(), refresh(root, content_dir, rel, entry)))
            .collect();
        self.files.extend(fresh);
        rels.par_iter()
            .filter_map(|rel| self.files.get(rel).map(|e| e.read.clone()))
            .collect()
    }

    /// The file at `rel` as the last load read it, when its front matter parsed
    /// (`check` runs its rules over these rather than reading the files again).
    pub(crate) fn loaded(&self, rel: &str) -> Option<Arc<Loaded>> {
        self.files.get(rel)?.read.as_ref().ok().cloned()
    }

    /// The kept rendering of the file `rel`, if it was made with `key`.
    pub(super) fn rendered(&self, rel: &str, key: u64) -> Option<&Rendered> {
        self.files
            .get(rel)
            .and_then(|e| e.rendered.as_ref())
            .filter(|r| r.key == key)
    }

    /// Keeps `rendered` for the file `rel`.
    pub(super) fn keep(&mut self, rel: &str, rendered: Rendered) {
        if let Some(entry) = self.files.get_mut(rel) {
            entry.rendered = Some(rendered);
        }
    }

    /// Notes what this load read: `rels` (every Markdown file, whose bytes are
    /// kept here) and `others` (a hash of the settings, the assets and each
    /// loaded file's rendering key), for [`LoadCache::unchanged`].
    pub(super) fn note_inputs(&mut self, rels: &[String], others: u64) {
        let files: Vec<(&String, Option<u64>)> = rels
            .iter()
            .map(|rel| (rel, self.files.get(rel).and_then(|e| e.bytes)))
            .collect();
        let inputs = Some(quick_hash_of(&(files, others)));
        self.edited = false;
        self.unchanged = inputs == self.inputs;
        self.inputs = inputs;
    }

    /// Tells the next load that only the Markdown files `rels` (inside
    /// `content/`) changed since the last one: each was modified in place, and
    /// nothing was added, removed or renamed. The next load then reuses the last
    /// list of files and checks only these, instead of walking `content/` and
    /// checking every file's stamp (at 10,000 files, a sixth of a rebuild).
    /// Ignored unless the last load read every one of them.
    pub fn trust_only(&mut self, rels: &[String]) {
        let known = self.listing.is_some() && rels.iter().all(|r| self.files.contains_key(r));
        self.only = known.then(|| rels.iter().cloned().collect());
    }

    /// Forgets what [`LoadCache::trust_only`] said, if no load used it.
    pub fn forget_trust(&mut self) {
        self.only = None;
    }

    /// The last load's list of files, when the watcher vouched that it still
    /// holds (see [`LoadCache::trust_only`]).
    pub(super) fn trusted_listing(&self) -> Option<Arc<Listing>> {
        self.only.as_ref().and(self.listing.clone())
    }

    /// Keeps this load's list of files for the next (shared, not copied).
    pub(super) fn keep_listing(&mut self, listing: Arc<Listing>) {
        self.listing = Some(listing);
    }

    /// The jargon matcher the last load built, to reuse when the terms are the
    /// same; the load keeps its own with [`LoadCache::keep_jargon`].
    pub(super) fn take_jargon(&mut self) -> Option<KeptJargon> {
        self.jargon.take()
    }

    /// Keeps `jargon` for the next load.
    pub(super) fn keep_jargon(&mut self, jargon: KeptJargon) {
        self.jargon = Some(jargon);
    }

    /// The site the last load made, with what it was made from, to change in
    /// place (see [`super::edited`]); the load keeps its own with
    /// [`LoadCache::keep_site`].
    pub(super) fn take_site(&mut self) -> Option<KeptSite> {
        self.site.take()
    }

    /// Keeps `site` for the next load.
    pub(super) fn keep_site(&mut self, site: KeptSite) {
        self.site = Some(site);
    }

    /// The files the watcher named for this load, when it vouched that nothing
    /// else changed (see [`LoadCache::trust_only`]), in order.
    pub(super) fn named(&self) -> Option<Vec<String>> {
        let mut named: Vec<String> = self.only.as_ref()?.iter().cloned().collect();
        named.sort();
        Some(named)
    }

    /// The file `rel` as the last load read it and rendered it, when both went well.
    pub(super) fn last_of(&self, rel: &str) -> Option<(Arc<Loaded>, &Rendered)> {
        let entry = self.files.get(rel)?;
        Some((entry.read.as_ref().ok()?.clone(), entry.rendered.as_ref()?))
    }

    /// The file `rel` now: read again unless its stamp shows it unchanged, and
    /// parsed again unless its bytes are (then it is the very `Loaded` it was,
    /// with its rendering). As [`LoadCache::read`] does for each file it looks at.
    pub(super) fn refresh_one(
        &mut self,
        root: &Path,
        content_dir: &Path,
        rel: &str,
    ) -> Result<Arc<Loaded>, Diagnostic> {
        let entry = refresh(root, content_dir, rel, self.files.remove(rel));
        let read = entry.read.clone();
        self.files.insert(rel.to_owned(), entry);
        read
    }

    /// Notes that this load changed the last one's site in place (see
    /// [`super::edited`]): it used what [`LoadCache::trust_only`] said, and it
    /// did not read what the last one did, so [`LoadCache::unchanged`] is false
    /// now and after the next load.
    pub(super) fn changed_in_place(&mut self) {
        self.only = None;
        self.inputs = None;
        self.unchanged = false;
        self.edited = true;
    }

    /// Whether the last load changed the site of the one before in place,
    /// reading and rendering only the files the watcher named (see
    /// `content/edited.rs`), rather than going over every file.
    pub fn edited_in_place(&self) -> bool {
        self.edited
    }

    /// Whether the last load read the same files, bytes and settings as the one
    /// before it, so it made the same site (but for the moment it was made for).
    pub fn unchanged(&self) -> bool {
        self.unchanged
    }

    /// Whether the Markdown file `rel` (inside `content_dir`) holds the same bytes
    /// as when the last load read it, so a save of it changed nothing. Reads the
    /// file; false when it cannot be read or was not read last time.
    pub fn holds_same_bytes(&self, root: &Path, content_dir: &Path, rel: &str) -> bool {
        let Some(kept) = self.files.get(rel).and_then(|e| e.bytes) else {
            return false;
        };
        SourceFile::read(root, content_dir, rel).is_ok_and(|f| quick_hash_of(&f.text) == kept)
    }

    /// The hash of a rendering key: what every file's rendering read (`shared`) and
    /// what this file's read besides (`own`).
    pub(super) fn key(shared: u64, own: impl std::hash::Hash) -> u64 {
        quick_hash_of(&(shared, own))
    }
}

/// The entry for `rel` now: `entry` as it was if the file is unchanged, its parsed
/// front matter (and rendering) if only its stamp changed, a new one otherwise.
fn refresh(root: &Path, content_dir: &Path, rel: &str, entry: Option<Entry>) -> Entry {
    let now = SystemTime::now();
    let stamp = Stamp::of(&content_dir.join(rel));
    let settled = stamp
        .and_then(|s| s.latest())
        .and_then(|t| now.duration_since(t).ok())
        .is_some_and(|age| age >= SETTLE);
    let entry = match entry {
        Some(e) if stamp.is_some() && e.stamp == stamp && e.settled => return e,
        other => other,
    };
    let file = SourceFile::read(root, content_dir, rel);
    let bytes = file.as_ref().ok().map(|f| quick_hash_of(&f.text));
    match entry {
        Some(entry) if bytes.is_some() && entry.bytes == bytes => Entry {
            stamp,
            settled,
            ..entry
        },
        _ => Entry {
            stamp,
            settled,
            bytes,
            read: file.and_then(parse_front_matter).map(Arc::new),
            rendered: None,
        },
    }
}
