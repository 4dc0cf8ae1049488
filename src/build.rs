//! `localoffer build`: load, render and write the site, then swap it in.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub use crate::error::{BuildError, io_error};

use crate::config::Config;
use crate::content::Site;
use crate::content::cache::LoadCache;
use crate::content::site::{LoadOptions, Scheduled};
use crate::diagnostics::Diagnostic;
use crate::openreferral::export::ExportMemo;
use crate::output::{OutputPlan, Pages, Staging, StagingSink};
use crate::render::Theme;

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

/// A `SOURCE_DATE_EPOCH` that cannot be read, as a problem the user must fix.
pub(crate) fn clock_error(e: crate::clock::ClockError) -> BuildError {
    BuildError::Content(vec![
        Diagnostic::error(crate::clock::SOURCE_DATE_EPOCH, e.to_string()).help(
            "unset it to build for now, or set it to whole seconds, for example SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)",
        ),
    ])
}

/// Everything a build reads, loaded: the site, its theme and the plan of its files.
pub struct Loaded {
    /// The content, typed and valid.
    pub site: Site,
    /// The compiled templates.
    pub theme: Theme,
    /// The files besides the rendered ones (see [`OutputPlan`]).
    pub plan: OutputPlan,
}

/// What `serve --watch` keeps from one load to the next, so a save loads again only
/// what it changed.
#[derive(Default)]
pub struct LoadMemory {
    /// Each content file's front matter and rendered body (see [`LoadCache`]).
    pub content: LoadCache,
    /// The theme, by name, until its files change.
    pub theme: Option<(String, Theme)>,
    /// The Open Referral UK files, made again only for services that changed.
    pub export: ExportMemo,
}

/// Loads everything a build needs: settings, theme and content, and the plan of the
/// files they make. With `memory` (watch mode), reuses what the last load kept and
/// keeps this one's; the result is the same as without it. Every problem in the
/// settings, the theme and the content is returned together.
pub fn load(
    root: &Path,
    drafts: bool,
    mut memory: Option<&mut LoadMemory>,
) -> Result<Loaded, BuildError> {
    let config = Config::load(root).map_err(|d| BuildError::Content(vec![d]))?;
    let options = LoadOptions::now(drafts, &config.zone()).map_err(clock_error)?;
    let name = config.theme.clone();
    let (theme, site) = match memory.as_deref_mut() {
        None => (Theme::load(root, &name), Site::load(root, config, options)),
        Some(memory) => {
            let kept = memory.theme.take().filter(|(n, _)| *n == name);
            let theme = match kept {
                Some((_, theme)) => Ok(theme),
                None => Theme::load(root, &name),
            };
            let site = Site::load_cached(root, config, options, Some(&mut memory.content));
            match (site, theme) {
                // The theme is fine: keep it for the next try.
                (Err(problems), Ok(theme)) => {
                    memory.theme = Some((name, theme));
                    return Err(BuildError::Content(problems));
                }
                (site, theme) => (theme, site),
            }
        }
    };
    match (site, theme) {
        (Ok(site), Ok(theme)) => {
            let plan = OutputPlan::new(&site, &theme, memory.map(|m| &mut m.export));
            Ok(Loaded { site, theme, plan })
        }
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
    let Loaded { site, theme, plan } = load(&options.root, options.drafts, None)?;
    let staging = Staging::new(&options.out).map_err(io_error(&options.out))?;
    let index_staging = Staging::new(&options.index).map_err(io_error(&options.index))?;
    let sink = StagingSink::new(staging.path(), options.progress);
    let documents = std::thread::scope(|scope| {
        let index = scope.spawn(|| {
            Theme::site_json(&site)
                .and_then(|json| crate::search::index::write(&site, index_staging.path(), &json))
        });
        let written = plan.write(&site, &theme, Pages::All, &sink);
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
        written?;
        documents
    })?;
    let (pages, files) = sink.counts();
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
