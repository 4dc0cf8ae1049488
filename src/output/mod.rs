//! The files a built site consists of, and the three ways they are written.
//!
//! [`OutputPlan`] is made once per load, beside the `Site` and the `Theme`;
//! [`OutputPlan::write`] hands every file of the site to a [`Sink`]: the pages,
//! feeds, sitemap, `robots.txt` and data downloads that rendering makes,
//! `static/colours.css`, the directory's Open Referral export
//! ([`crate::openreferral::export`]), the theme's static files and the content's own files
//! (images, PDFs). No other code lists the files of a site. The sinks:
//! - [`StagingSink`]: `build` writes every file into a staging folder that is then
//!   swapped in whole ([`Staging`]);
//! - [`crate::rebuild`]'s in-place sink: `serve --watch` writes only the files
//!   whose bytes changed, straight into `public/`;
//! - [`ListSink`]: `check` lists the files, for its link checks.
//!
//! The search index and its side files (`search.json`, `words.txt`, `site.json`)
//! are written to their own folder by [`crate::search::index`].

mod staging;

pub use staging::Staging;

use std::collections::HashSet;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use crate::content::Site;
use crate::error::{BuildError, io_error};
use crate::openreferral::export::ExportMemo;
use crate::render::{RenderError, Seen, Theme};
use crate::util::walk::list_tree;

/// Where the files of a site go as they are made.
pub trait Sink: Sync {
    /// A file the build made: `rel` is its path in the output folder.
    fn made(&self, rel: &str, bytes: &[u8]) -> Result<(), BuildError>;
    /// A file the build made whose bytes it shares: a sink that keeps what it is
    /// handed can keep these without a copy, and tell them from the same bytes
    /// handed over last time without comparing them.
    fn made_shared(&self, rel: &str, bytes: &Arc<[u8]>) -> Result<(), BuildError> {
        self.made(rel, bytes)
    }
    /// A file copied as it is from `from`.
    fn copied(&self, rel: &str, from: &Path) -> Result<(), BuildError>;
    /// A page not rendered again because nothing it shows changed (watch mode):
    /// it stays as it is.
    fn kept(&self, _rel: &str) {}
    /// No page was rendered: every page made last time stays as it is.
    fn kept_all(&self) {}
}

/// Which pages to render.
pub enum Pages<'a> {
    /// Every page.
    All,
    /// Only pages whose view changed since `Seen` was taken (watch mode); the
    /// others are [`Sink::kept`].
    Changed(&'a mut Seen),
    /// None: nothing the pages show changed (watch mode, a save that changed no
    /// bytes); every page is [`Sink::kept_all`].
    Unchanged,
}

/// The files of a site besides those rendering makes: `static/colours.css` from
/// the settings, and the files copied as they are.
#[derive(Debug, Default)]
pub struct OutputPlan {
    /// Made from the settings and the directory: output path and bytes.
    made: Vec<(String, Arc<[u8]>)>,
    /// Copied as they are: output path and source file (the theme's `static/`,
    /// then the content's own files).
    copies: Vec<(String, PathBuf)>,
}

impl OutputPlan {
    /// The plan of `site` built with `theme`; with `export` (watch mode), the
    /// Open Referral UK files the last plan made are reused where nothing they
    /// are made from changed.
    pub fn new(site: &Site, theme: &Theme, export: Option<&mut ExportMemo>) -> OutputPlan {
        let mut copies = Vec::new();
        list_tree(&theme.static_dir, "static/", &mut copies);
        let content = site.root.join("content");
        copies.extend(
            site.assets
                .iter()
                .map(|rel| (rel.clone(), content.join(rel))),
        );
        let mut made = vec![(
            "static/colours.css".to_owned(),
            Arc::from(site.config.colours.css().into_bytes()),
        )];
        made.extend(crate::openreferral::export::files(site, export));
        OutputPlan { made, copies }
    }

    /// Renders `pages` of `site` with `theme` and hands every file of the site to
    /// `sink`. Template problems are returned together; a failed write stops the
    /// writing (every page is still rendered, so that every problem is reported).
    pub fn write(
        &self,
        site: &Site,
        theme: &Theme,
        pages: Pages<'_>,
        sink: &dyn Sink,
    ) -> Result<(), BuildError> {
        let seen = match pages {
            Pages::All => None,
            Pages::Changed(seen) => Some(seen),
            Pages::Unchanged => {
                sink.kept_all();
                return self.write_rest(sink);
            }
        };
        let render = |seen: Option<&mut Seen>| {
            theme.render_site_into(site, seen, |rel, bytes| match bytes {
                Some(bytes) => sink.made(rel, bytes),
                None => {
                    sink.kept(rel);
                    Ok(())
                }
            })
        };
        let (rendered, rest) = match seen {
            // A whole build writes into a fresh folder, which is thrown away on any
            // problem: the other files (thousands with a directory) are written
            // beside the pages.
            None => rayon::join(|| render(None), || self.write_rest(sink)),
            // In place, they are written only once every page rendered.
            Some(seen) => match render(Some(seen)) {
                Ok(n) => (Ok(n), self.write_rest(sink)),
                Err(e) => (Err(e), Ok(())),
            },
        };
        match rendered {
            Ok(_) => rest,
            Err(RenderError::Content(problems)) => Err(BuildError::Content(problems)),
            Err(RenderError::Write(e)) => Err(e),
        }
    }

    /// The files besides the rendered ones, on every core.
    fn write_rest(&self, sink: &dyn Sink) -> Result<(), BuildError> {
        self.made
            .par_iter()
            .try_for_each(|(rel, bytes)| sink.made_shared(rel, bytes))?;
        self.copies
            .par_iter()
            .try_for_each(|(rel, from)| sink.copied(rel, from))
    }
}

/// `build`'s sink: every file written into a fresh folder (see [`Staging`]),
/// counted, with a progress bar on a terminal.
pub struct StagingSink<'a> {
    dir: &'a Path,
    /// The folders made so far (relative to `dir`): thousands of files go into
    /// one folder (`openreferral/services/`), and making it again for each
    /// was a failed `mkdir` and a `stat` apiece.
    folders: Mutex<HashSet<String>>,
    pages: AtomicUsize,
    files: AtomicUsize,
    bar: Option<indicatif::ProgressBar>,
}

impl<'a> StagingSink<'a> {
    /// Writes into `dir`; with `progress`, shows a count of pages on standard error
    /// when it is a terminal.
    pub fn new(dir: &'a Path, progress: bool) -> StagingSink<'a> {
        let bar = (progress && std::io::stderr().is_terminal()).then(|| {
            let bar = indicatif::ProgressBar::no_length();
            bar.set_style(
                indicatif::ProgressStyle::with_template("Writing pages: {pos}")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            bar
        });
        StagingSink {
            dir,
            folders: Mutex::default(),
            pages: AtomicUsize::new(0),
            files: AtomicUsize::new(0),
            bar,
        }
    }

    /// HTML pages and all files written so far.
    pub fn counts(&self) -> (usize, usize) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
        (
            self.pages.load(Ordering::Relaxed),
            self.files.load(Ordering::Relaxed),
        )
    }

    fn path_for(&self, rel: &str) -> Result<PathBuf, BuildError> {
        let path = self.dir.join(rel);
        if let Some((folder, _)) = rel.rsplit_once('/')
            && let Some(parent) = path.parent()
            && !self.folder_made(folder)
        {
            std::fs::create_dir_all(parent).map_err(io_error(parent))?;
            self.lock_folders().insert(folder.to_owned());
        }
        self.files.fetch_add(1, Ordering::Relaxed);
        Ok(path)
    }

    /// Whether `folder` is known to be made. (Two threads may both make a
    /// folder not yet known, which does no harm; one may not write into a
    /// folder another is still making.)
    fn folder_made(&self, folder: &str) -> bool {
        self.lock_folders().contains(folder)
    }

    fn lock_folders(&self) -> std::sync::MutexGuard<'_, HashSet<String>> {
        // A poisoned lock still holds every folder made before the panic.
        self.folders.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Sink for StagingSink<'_> {
    fn made(&self, rel: &str, bytes: &[u8]) -> Result<(), BuildError> {
        let path = self.path_for(rel)?;
        std::fs::write(&path, bytes).map_err(io_error(&path))?;
        if rel.ends_with(".html") {
            self.pages.fetch_add(1, Ordering::Relaxed);
            if let Some(bar) = &self.bar {
                bar.inc(1);
            }
        }
        Ok(())
    }

    fn copied(&self, rel: &str, from: &Path) -> Result<(), BuildError> {
        let path = self.path_for(rel)?;
        std::fs::copy(from, &path).map_err(io_error(&path))?;
        Ok(())
    }
}

/// `check`'s sink: the path of every file, nothing written.
#[derive(Default)]
pub struct ListSink {
    files: Mutex<HashSet<String>>,
}

impl ListSink {
    /// The paths listed.
    pub fn into_files(self) -> HashSet<String> {
        self.files.into_inner().unwrap_or_else(|e| e.into_inner())
    }

    fn add(&self, rel: &str) {
        // A poisoned lock still holds every path added before the panic.
        let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        files.insert(rel.to_owned());
    }
}

impl Sink for ListSink {
    fn made(&self, rel: &str, _bytes: &[u8]) -> Result<(), BuildError> {
        self.add(rel);
        Ok(())
    }

    fn copied(&self, rel: &str, _from: &Path) -> Result<(), BuildError> {
        self.add(rel);
        Ok(())
    }
}
