//! `localoffer build`: load, render and write the site, then swap it in.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::config::Config;
use crate::content::Site;
use crate::content::site::{LoadOptions, Scheduled};
use crate::diagnostics::Diagnostic;
use crate::output::Staging;
use crate::render::{RenderError, Theme};

/// What to build and where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site's root folder (holds `site.toml`).
    pub root: PathBuf,
    /// The output folder; `<root>/public` unless given.
    pub out: PathBuf,
    /// The search index folder; `<root>/search-index` unless given.
    pub index: PathBuf,
    /// Include drafts and scheduled posts.
    pub drafts: bool,
    /// Show a progress bar on a terminal.
    pub progress: bool,
}

impl BuildOptions {
    /// Options for the site at `root` with the default output folder.
    pub fn new(root: &Path) -> BuildOptions {
        BuildOptions {
            root: root.to_path_buf(),
            out: root.join("public"),
            index: root.join("search-index"),
            drafts: false,
            progress: false,
        }
    }
}

/// What a successful build did.
#[derive(Debug)]
pub struct BuildReport {
    /// HTML pages written.
    pub pages: usize,
    /// Documents in the search index.
    pub documents: usize,
    /// All files written, pages included.
    pub files: usize,
    /// How long it took.
    pub elapsed: Duration,
    /// Where the site now is.
    pub out: PathBuf,
    /// The next moment the site changes by itself (a scheduled post falls due or a
    /// page expires), when a rebuild is needed.
    pub next_change: Option<Scheduled>,
}

/// Why a build failed.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The search index could not be written.
    #[error("cannot write the search index in {path}: {source}")]
    Index {
        /// The index folder.
        path: PathBuf,
        /// What tantivy said.
        source: tantivy::TantivyError,
    },
    /// Problems in content, settings or templates that the user must fix.
    #[error("the site has {} problem(s) to fix", .0.len())]
    Content(Vec<Diagnostic>),
    /// The output could not be written.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
}

pub(crate) fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> BuildError + '_ {
    move |source| BuildError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// A `SOURCE_DATE_EPOCH` that cannot be read, as a problem the user must fix.
pub(crate) fn clock_error(e: crate::clock::ClockError) -> BuildError {
    BuildError::Content(vec![
        Diagnostic::error(crate::clock::SOURCE_DATE_EPOCH, e.to_string()).help(
            "unset it to build for now, or set it to whole seconds, for example SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)",
        ),
    ])
}

/// Loads everything a build needs: settings, theme and content.
pub fn load(root: &Path, drafts: bool) -> Result<(Site, Theme), BuildError> {
    let config = Config::load(root).map_err(|d| BuildError::Content(vec![d]))?;
    let theme = Theme::load(root, &config.theme);
    let options = LoadOptions::now(drafts, &config.zone()).map_err(clock_error)?;
    let site = Site::load(root, config, options);
    match (site, theme) {
        (Ok(site), Ok(theme)) => Ok((site, theme)),
        (Err(mut a), Err(b)) => {
            a.extend(b);
            Err(BuildError::Content(a))
        }
        (Err(a), _) | (_, Err(a)) => Err(BuildError::Content(a)),
    }
}

/// Builds the site. On any error the previous output is left exactly as it was.
///
/// The search index is written on its own thread while the pages are rendered and
/// written: each stage waits on the disk at times, and the other fills the gaps.
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildError> {
    let started = Instant::now();
    let (site, theme) = load(&options.root, options.drafts)?;
    let staging = Staging::new(&options.out).map_err(io_error(&options.out))?;
    let index_staging = Staging::new(&options.index).map_err(io_error(&options.index))?;
    let (pages, written, documents) = std::thread::scope(|scope| {
        let index = scope.spawn(|| {
            crate::search::index::write(&site, index_staging.path(), &Theme::site_json(&site))
        });
        let pages = write_pages(&site, &theme, staging.path(), options.progress);
        let documents = index
            .join()
            .unwrap_or_else(|_| {
                Err(tantivy::TantivyError::InternalError(
                    "the search index's thread stopped".to_owned(),
                ))
            })
            .map_err(|source| BuildError::Index {
                path: options.index.clone(),
                source,
            });
        let (pages, written) = pages?;
        Ok::<_, BuildError>((pages, written, documents?))
    })?;
    // `rebuild::build_in_place` (serve --watch) writes the same files: keep the two
    // in step when adding an output.
    let files = written
        + copy_tree(&theme.static_dir, &staging.path().join("static"))?
        + write_colours(&site, staging.path())?
        + copy_assets(&site, staging.path())?;
    // Both are whole before either is swapped in; each swap is atomic.
    index_staging.commit().map_err(io_error(&options.index))?;
    staging.commit().map_err(io_error(&options.out))?;
    let report = BuildReport {
        pages,
        documents,
        files,
        elapsed: started.elapsed(),
        out: options.out.clone(),
        next_change: site.next_change.clone(),
    };
    // Letting go of a large site's text takes a tenth of a second on one core:
    // do it beside whatever comes next (often the program's end).
    std::thread::spawn(move || drop(site));
    Ok(report)
}

/// Renders every page into `dir`, each written as soon as it is made. Returns the
/// number of pages and of files.
fn write_pages(
    site: &Site,
    theme: &Theme,
    dir: &Path,
    progress: bool,
) -> Result<(usize, usize), BuildError> {
    let bar = (progress && std::io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::no_length();
        bar.set_style(
            indicatif::ProgressStyle::with_template("Writing pages: {pos}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    let pages = AtomicUsize::new(0);
    let written = theme.render_site_into(site, |rel: &str, bytes: &[u8]| {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io_error(parent))?;
        }
        std::fs::write(&path, bytes).map_err(io_error(&path))?;
        if rel.ends_with(".html") {
            pages.fetch_add(1, Ordering::Relaxed);
        }
        if let Some(b) = &bar {
            b.inc(1);
        }
        Ok(())
    });
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    match written {
        Ok(files) => Ok((pages.into_inner(), files)),
        Err(RenderError::Content(problems)) => Err(BuildError::Content(problems)),
        Err(RenderError::Write(e)) => Err(e),
    }
}

/// Copies every file under `from` to `to`, keeping the folder structure.
fn copy_tree(from: &Path, to: &Path) -> Result<usize, BuildError> {
    if !from.is_dir() {
        return Ok(0);
    }
    let mut n = 0;
    for entry in walkdir::WalkDir::new(from).follow_links(false) {
        let entry = entry.map_err(|e| BuildError::Io {
            path: from.to_path_buf(),
            source: e.into(),
        })?;
        let Ok(rel) = entry.path().strip_prefix(from) else {
            continue;
        };
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).map_err(io_error(&dest))?;
        } else if entry.file_type().is_file() {
            std::fs::copy(entry.path(), &dest).map_err(io_error(&dest))?;
            n += 1;
        }
    }
    Ok(n)
}

/// `static/colours.css`: the `[colours]` of `site.toml` as CSS custom properties.
fn write_colours(site: &Site, out: &Path) -> Result<usize, BuildError> {
    let path = out.join("static").join("colours.css");
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(io_error(parent))?;
    }
    std::fs::write(&path, site.config.colours.css()).map_err(io_error(&path))?;
    Ok(1)
}

fn copy_assets(site: &Site, out: &Path) -> Result<usize, BuildError> {
    let content = site.root.join("content");
    for rel in &site.assets {
        let dest = out.join(rel);
        if let Some(parent) = dest.parent() {
            std::fs::create_dir_all(parent).map_err(io_error(parent))?;
        }
        std::fs::copy(content.join(rel), &dest).map_err(io_error(&dest))?;
    }
    Ok(site.assets.len())
}
