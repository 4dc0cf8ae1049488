//! `localoffer serve --watch`: rebuild when content, the theme or `site.toml`
//! change, and tell open pages to reload.
//!
//! notify (through notify-debouncer-full, which pairs the two halves of a rename and
//! folds bursts of events together) watches `content/` and `themes/` and, without
//! recursion, the site's folder for `site.toml`. Editors save in different ways:
//! in place, to a temporary file renamed over the real one, or beside swap and
//! backup files. Temporary, swap, backup and hidden files are ignored (the rename
//! that completes a save is not), so each save rebuilds once.
//!
//! A rebuild loads again only the content files that changed (see
//! [`crate::content::cache`]), renders only the pages whose view changed, writes
//! into `public/` in place only the files whose bytes changed, and then, on its
//! own thread, updates the search index with only the documents that changed; the
//! server keeps answering from the last commit until the next one. A failed rebuild
//! leaves the last good pages and index as they were; its problems are printed
//! and shown over the page in the browser until a save fixes them.

use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use notify::event::ModifyKind;
use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, new_debouncer};

use crate::build::{BuildError, BuildOptions};
use crate::content::Site;
use crate::content::site::is_ignored;
use crate::diagnostics::Diagnostic;
use crate::events::{Event, Reporter};
use crate::rebuild::{self, LastBuild, LiveIndex};
use crate::server::live::Live;
use crate::server::search::SearchState;

/// How long the debouncer waits for a burst of events to end. Editors that save
/// through a temporary file make three or four events within a millisecond or
/// two; a burst that straddles the wait costs one more rebuild, not a wrong one.
const DEBOUNCE: Duration = Duration::from_millis(5);
/// How often the debouncer looks for bursts that have ended: each save waits up
/// to this long beyond [`DEBOUNCE`] (by default a quarter of the wait).
const DEBOUNCE_TICK: Duration = Duration::from_millis(1);

/// What a batch of file events asks for.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Change {
    /// Content or `site.toml` changed: pages and the search index.
    pub content: bool,
    /// The theme or `site.toml` changed: pages and the search page's templates.
    pub theme: bool,
}

impl Change {
    fn any(self) -> bool {
        self.content || self.theme
    }
}

/// What a change to `path` (inside `root`) asks for; nothing for files the site
/// does not read (the output, the index, editors' temporary and swap files).
pub fn classify(root: &Path, path: &Path) -> Change {
    let Ok(rel) = path.strip_prefix(root) else {
        return Change::default();
    };
    let mut parts = rel.components().map(|c| c.as_os_str().to_string_lossy());
    let Some(top) = parts.next() else {
        return Change::default();
    };
    if top == crate::config::FILE_NAME && parts.next().is_none() {
        // Settings reach every page and may name another theme.
        return Change {
            content: true,
            theme: true,
        };
    }
    let rest: Vec<_> = parts.collect();
    if rest.iter().any(|p| is_ignored(p)) {
        return Change::default();
    }
    match top.as_ref() {
        "content" => Change {
            content: true,
            theme: false,
        },
        "themes" => Change {
            content: false,
            theme: true,
        },
        _ => Change::default(),
    }
}

/// `serve --watch` before the server starts: the first build, in place, and the
/// search index written for it. [`Watching::start`] then watches for changes.
pub struct Watching {
    options: BuildOptions,
    written: LastBuild,
    index: LiveIndex,
    live: Arc<Live>,
    report: Reporter,
}

impl Watching {
    /// Builds the site in `root` in place (drafts and scheduled posts included,
    /// with their banner) and writes its search index. A failed build is reported
    /// and shown over the page; the server still starts, with the last good pages.
    pub fn first_build(root: &Path, report: Reporter) -> Watching {
        let options = BuildOptions {
            drafts: true,
            ..BuildOptions::new(root)
        };
        let live = Arc::new(Live::default());
        let mut written = LastBuild::default();
        let mut index = LiveIndex::new(&options.index, Arc::clone(&report));
        if let Some(site) = rebuild(&options, &mut written, true, &live, &report)
            && let Err(e) = index.update(&site)
        {
            report(Event::Warning(format!(
                "the search index was not written: {e}"
            )));
        }
        Watching {
            options,
            written,
            index,
            live,
            report,
        }
    }

    /// Watches `content/`, `themes/` and `site.toml` on a thread of its own and
    /// rebuilds after each save; the search index is updated on another thread,
    /// and `search` told. Returns what the server needs for live reload.
    pub fn start(self, search: Arc<SearchState>) -> Result<Arc<Live>, notify::Error> {
        let Watching {
            options,
            mut written,
            index,
            live,
            report,
        } = self;
        let root = options.root.clone();
        let (tx, rx) = std::sync::mpsc::channel();
        let mut debouncer = new_debouncer(DEBOUNCE, Some(DEBOUNCE_TICK), tx)?;
        debouncer.watch(&root, RecursiveMode::NonRecursive)?;
        for dir in ["content", "themes"] {
            // A folder made later is watched when it appears (see `watch_loop`).
            let _ = debouncer.watch(root.join(dir), RecursiveMode::Recursive);
        }
        let looping = Arc::clone(&live);
        let indexer = spawn_indexer(index, Arc::clone(&search), Arc::clone(&report));
        std::thread::spawn(move || {
            // The debouncer stops when dropped: it lives as long as this loop.
            let mut debouncer = debouncer;
            let mut on_built = |site: Site, change: Change| {
                if change.theme {
                    reload_theme(&site.root, &search);
                }
                if change.content {
                    let _ = indexer.send(site);
                }
            };
            let rebuilt = Rebuilt {
                options: &options,
                live: &looping,
                report: &report,
            };
            watch_loop(&rx, &rebuilt, &mut written, &mut on_built, |dir| {
                let _ = debouncer.watch(dir, RecursiveMode::Recursive);
            });
        });
        Ok(live)
    }
}

/// What every rebuild of the watch loop shares.
struct Rebuilt<'a> {
    options: &'a BuildOptions,
    live: &'a Live,
    report: &'a Reporter,
}

/// Waits for batches of events and rebuilds for each, folding together batches
/// that arrive while a rebuild runs. `rewatch` is called for a `content/` or
/// `themes/` folder that was created (or put back) after watching began.
fn watch_loop(
    rx: &Receiver<DebounceEventResult>,
    rebuilt: &Rebuilt<'_>,
    written: &mut LastBuild,
    on_built: &mut impl FnMut(Site, Change),
    mut rewatch: impl FnMut(&Path),
) {
    let Rebuilt {
        options,
        live,
        report,
    } = *rebuilt;
    let root = &options.root;
    loop {
        let first = match rx.recv() {
            Ok(batch) => batch,
            Err(_) => return,
        };
        let mut change = Change::default();
        // The content files the events name, for a save that changed nothing.
        let mut saved = Vec::new();
        // Whether events may have been lost, and whether every event was a
        // file's contents changing in place (not a file made, removed or renamed).
        let mut lost = false;
        let mut in_place = true;
        let mut batch = Some(first);
        while let Some(result) = batch.take() {
            match result {
                Ok(events) => {
                    for event in events {
                        if crate::events::debugging() {
                            report(Event::Debug(format!(
                                "watch: {:?} {:?}",
                                event.kind, event.paths
                            )));
                        }
                        if matches!(event.kind, EventKind::Access(_)) {
                            continue;
                        }
                        lost |= event.need_rescan();
                        in_place &= matches!(
                            event.kind,
                            EventKind::Modify(ModifyKind::Data(_) | ModifyKind::Any)
                        );
                        for path in &event.paths {
                            if path.parent() == Some(root.as_path())
                                && ["content", "themes"]
                                    .iter()
                                    .any(|d| path.file_name() == Some(d.as_ref()))
                                && path.is_dir()
                            {
                                rewatch(path);
                                change.content = true;
                                change.theme = true;
                            }
                            let c = classify(root, path);
                            if c.content && !c.theme {
                                saved.push(path.clone());
                            }
                            change.content |= c.content;
                            change.theme |= c.theme;
                        }
                    }
                }
                Err(errors) => {
                    lost = true;
                    for e in errors {
                        report(Event::Warning(format!("watching for changes: {e}")));
                    }
                }
            }
            batch = match rx.recv_timeout(Duration::ZERO) {
                Ok(b) => Some(b),
                Err(RecvTimeoutError::Timeout) => None,
                Err(RecvTimeoutError::Disconnected) => return,
            };
        }
        if !change.any() {
            continue;
        }
        saved.sort();
        saved.dedup();
        let started = Instant::now();
        if !lost && !change.theme && written.saved_unchanged(root, &saved) {
            // Every file saved holds what the last build read: the pages and the
            // search index would come out as they are. Open pages are still told,
            // as after any build.
            live.publish(&[]);
            report(Event::Rebuilt {
                elapsed: started.elapsed(),
                changed: 0,
            });
            continue;
        }
        if in_place && !lost && !change.theme {
            written.trust_only(root, &saved);
        }
        if let Some(site) = rebuild(options, written, change.theme, live, report) {
            on_built(site, change);
        }
    }
}

/// Starts the thread that brings the search index up to each site it is sent
/// (only the documents that changed), skipping to the newest when several wait.
/// Searches are answered from the previous commit until then.
fn spawn_indexer(mut index: LiveIndex, search: Arc<SearchState>, report: Reporter) -> Sender<Site> {
    let (tx, rx) = std::sync::mpsc::channel::<Site>();
    std::thread::spawn(move || {
        while let Ok(mut site) = rx.recv() {
            while let Ok(newer) = rx.try_recv() {
                site = newer;
            }
            let started = Instant::now();
            match index.update(&site) {
                Ok(done) if done.committed => {
                    search.reload_if_changed(crate::server::search::Warming::Cold);
                    report(Event::IndexUpdated {
                        elapsed: started.elapsed(),
                        changed: done.changed,
                        documents: done.documents,
                    });
                }
                Ok(_) => {}
                Err(e) => report(Event::Warning(format!(
                    "the search index was not updated: {e}"
                ))),
            }
        }
    });
    tx
}

fn reload_theme(root: &Path, search: &SearchState) {
    if let Some(theme) = crate::config::Config::load(root)
        .ok()
        .and_then(|c| crate::render::Theme::load(root, &c.theme).ok())
    {
        search.set_theme(theme);
    }
}

/// Rebuilds the pages, reports what happened, and tells open pages. Returns the
/// site it built, for the search index, or `None` if it did not build.
pub fn rebuild(
    options: &BuildOptions,
    written: &mut LastBuild,
    theme_changed: bool,
    live: &Live,
    report: &Reporter,
) -> Option<Site> {
    let started = Instant::now();
    match rebuild::build_in_place(options, written, theme_changed) {
        Ok(built) => {
            live.publish(&[]);
            if crate::events::debugging() {
                let [load, render, write] = built.timings.map(|t| t.as_millis());
                let how = if built.edited_in_place {
                    " (the files saved, in place)"
                } else {
                    ""
                };
                report(Event::Debug(format!(
                    "load {load} ms{how}, render {render} ms, write {write} ms"
                )));
            }
            report(Event::Rebuilt {
                elapsed: started.elapsed(),
                changed: built.changed,
            });
            Some(built.site)
        }
        Err(error) => {
            report(Event::NotRebuilt(&error));
            let problems = match error {
                BuildError::Content(problems) => problems,
                other => vec![Diagnostic::error(
                    options.root.join("public"),
                    other.to_string(),
                )],
            };
            live.publish(&problems);
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_what_the_site_reads_counts_as_a_change() {
        let root = Path::new("/site");
        let c = |p: &str| classify(root, &root.join(p));
        assert!(c("content/faqs/a.md").content);
        assert!(c("content/faqs/new-folder").content);
        assert!(c("site.toml").content);
        assert!(c("themes/default/static/site.css").theme);
        for ignored in [
            "content/faqs/.a.md.swp",
            "content/faqs/a.md~",
            "content/faqs/#a.md#",
            "content/faqs/a.md.tmp",
            "content/faqs/a.md___jb_tmp___",
            "content/.git/index",
            "public/index.html",
            "search-index/meta.json",
            ".localoffer/search-misses.json",
            "site.toml.bak/x",
        ] {
            assert!(!c(ignored).any(), "{ignored}");
        }
    }
}
