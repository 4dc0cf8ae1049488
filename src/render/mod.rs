//! Rendering the [`Site`] into HTML files with the theme's Tera templates.
//!
//! Templates are compiled once per build; every page is then rendered in parallel.
//! Rendering reads only the `Site`, never the content files. A template error is
//! reported against the template's own file and line.

mod charts;
mod datasets;
mod email;
mod feeds;
mod format;
mod jobs;
mod pages;
mod sitemap;
mod structured;
mod view;

pub use email::{EmailError, email_html, email_text, post_for};

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use tera::{Context, Tera};

use crate::content::Site;
use crate::diagnostics::Diagnostic;
use crate::util::fingerprint::{Fingerprint, fingerprint};
use jobs::{Job, JobMaker, MakeContext};
use view::SiteView;

/// The templates every theme must provide. The others are needed only when the
/// site has pages that use them (checked as the pages are rendered), so a theme
/// made before a kind existed keeps working for sites without it.
const TEMPLATES: &[&str] = &["base.html", "home.html", "404.html", "search.html"];

/// A theme: compiled templates and the folder of static files to copy.
pub struct Theme {
    tera: Tera,
    /// `themes/<name>/static`, copied to `/static/` in the output.
    pub static_dir: PathBuf,
    templates_dir: PathBuf,
    root: PathBuf,
    /// The file names of the templates loaded (`faq.html`), to tell a page whose
    /// template the theme lacks without asking the disk.
    names: std::collections::HashSet<String>,
}

/// One rendered file: its path inside the output folder and its contents.
pub struct Output {
    /// Path relative to the output folder: `faqs/synergy-portal/index.html`.
    pub path: String,
    /// The file's text: HTML for pages; XML or text for feeds and the sitemap; CSV or
    /// JSON for the downloads of figures.
    pub text: String,
}

impl Theme {
    /// Loads and compiles the theme called `name` under `root/themes/`.
    pub fn load(root: &Path, name: &str) -> Result<Theme, Vec<Diagnostic>> {
        let dir = root.join("themes").join(name);
        let templates_dir = dir.join("templates");
        if !templates_dir.is_dir() {
            return Err(vec![
                Diagnostic::error("site.toml", format!("the theme `{name}` has no folder themes/{name}/templates"))
                    .help("set `theme` in site.toml to a folder under themes/, for example theme = \"default\""),
            ]);
        }
        let mut problems = Vec::new();
        for t in TEMPLATES {
            if !templates_dir.join(t).is_file() {
                problems.push(no_template(root, &templates_dir, t));
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        // Every .html file is loaded, so themes can add partials and components.
        let mut files: Vec<(PathBuf, Option<String>)> = std::fs::read_dir(&templates_dir)
            .map_err(|e| {
                vec![Diagnostic::error(
                    shown(root, &templates_dir),
                    format!("cannot read the theme: {e}"),
                )]
            })?
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "html"))
            .map(|p| {
                let name = p.file_name().map(|n| n.to_string_lossy().into_owned());
                (p, name)
            })
            .collect();
        files.sort();
        let names = files.iter().filter_map(|(_, n)| n.clone()).collect();
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        let theme = Theme {
            tera: Tera::default(),
            static_dir: dir.join("static"),
            templates_dir,
            root: root.to_path_buf(),
            names,
        };
        tera.add_template_files(files)
            .map_err(|e| vec![theme.template_error(&e)])?;
        Ok(Theme { tera, ..theme })
    }

    /// The templates `jobs` use that the theme does not have.
    fn missing_templates(&self, jobs: &[jobs::Job<'_>]) -> Vec<Diagnostic> {
        let used: std::collections::BTreeSet<&str> =
            jobs.iter().map(|j| j.template.as_str()).collect();
        used.into_iter()
            .filter(|t| !self.names.contains(*t))
            .map(|t| no_template(&self.root, &self.templates_dir, t))
            .collect()
    }

    /// Turns a Tera error into a diagnostic on the template's own file and line.
    fn template_error(&self, error: &tera::Error) -> Diagnostic {
        let report = match error.kind() {
            tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => Some(r),
            _ => None,
        };
        let Some(report) = report else {
            let mut message = error.to_string();
            if let Some(source) = std::error::Error::source(error) {
                message.push_str(&format!(": {source}"));
            }
            return Diagnostic::error(
                shown(&self.root, &self.templates_dir),
                format!("template error: {message}"),
            )
            .help("fix the template named in the message");
        };
        let name = report.filename();
        let file_name = name.rsplit(['/', '\\']).next().unwrap_or(name);
        let path = self.templates_dir.join(file_name);
        let span = report.span();
        let mut d = Diagnostic::error(
            shown(&self.root, &path),
            format!("template error: {}", report.message()),
        )
        .help("fix the template; the content files are not at fault");
        if let Ok(text) = std::fs::read_to_string(&path) {
            let text: Arc<str> = Arc::from(text);
            let start = crate::diagnostics::offset_of(&text, span.start_line, span.start_col + 1);
            let end = if span.range.end > span.range.start && span.range.end <= text.len() {
                span.range.end.max(start)
            } else {
                start
            };
            d = d.at(&text, start..end.max(start));
        }
        d
    }

    /// The site-wide values every template sees as `site`, as JSON (stored with the
    /// search index for the server's results page). An error here is one for the
    /// index: the search page could not be shown without them.
    pub fn site_json(site: &Site) -> tantivy::Result<serde_json::Value> {
        serde_json::to_value(SiteView::new(site)).map_err(|e| {
            tantivy::TantivyError::InternalError(format!(
                "cannot write the site's settings for the search page: {e}"
            ))
        })
    }

    /// Renders `template` with `site` and `page` values (the search results page).
    pub fn render_value(
        &self,
        template: &str,
        site: &serde_json::Value,
        page: &serde_json::Value,
    ) -> Result<String, Diagnostic> {
        let mut context = Context::new();
        context.insert("site", site);
        context.insert("page", page);
        self.render(template, &context)
    }

    /// Renders every page of `site`, in parallel, and keeps them all (in no
    /// particular order): see [`Theme::render_site_into`] to write them instead.
    pub fn render_site(&self, site: &Site) -> Result<Vec<Output>, Vec<Diagnostic>> {
        let outputs = std::sync::Mutex::new(Vec::new());
        let kept = self.render_site_into(site, None, |path: &str, bytes: Option<&[u8]>| {
            // A poisoned lock still holds every page pushed before the panic.
            let mut outputs = outputs.lock().unwrap_or_else(|p| p.into_inner());
            if let Some(bytes) = bytes {
                outputs.push(Output {
                    path: path.to_owned(),
                    text: String::from_utf8_lossy(bytes).into_owned(),
                });
            }
            Ok::<(), std::convert::Infallible>(())
        });
        match kept {
            Ok(_) => Ok(outputs.into_inner().unwrap_or_else(|p| p.into_inner())),
            Err(RenderError::Content(problems)) => Err(problems),
            Err(RenderError::Write(never)) => match never {},
        }
    }

    /// Renders the pages of `site` in parallel and hands each file (its path in the
    /// output folder and its bytes) to `write` as soon as it is made, so a build
    /// holds a few pages at a time rather than the whole site. Every page is
    /// rendered even after a failure, so that every problem is reported; `write` is
    /// not called again once it has failed.
    ///
    /// With `seen` (`serve --watch`), only pages whose template or data changed
    /// since `seen` was taken are rendered; the others are handed to `write` with
    /// no bytes (keep what is there), and `seen` is replaced by every current
    /// page's data. The caller clears `seen` when the theme's files change.
    pub fn render_site_into<E: Send>(
        &self,
        site: &Site,
        mut seen: Option<&mut Seen>,
        write: impl Fn(&str, Option<&[u8]>) -> Result<(), E> + Sync,
    ) -> Result<(), RenderError<E>> {
        let view = SiteView::new(site);
        // Every page sees the site-wide view: when it changed, every page did.
        let site_data = seen.as_ref().map(|_| fingerprint(&view));
        if let (Some(seen), Some(data)) = (seen.as_deref_mut(), &site_data)
            && (data.is_none() || *data != seen.site)
        {
            seen.pages.clear();
        }
        let maker = JobMaker::new(&view, seen.as_deref().map(|s| &s.pages));
        let mut jobs = pages::jobs(site, &maker);
        let missing = self.missing_templates(&jobs);
        if !missing.is_empty() {
            return Err(RenderError::Content(missing));
        }
        let writer = WriteOnce::new(write);
        let contexts: Vec<Option<MakeContext>> =
            jobs.iter_mut().map(|job| job.context.take()).collect();
        // Each page's context is let go as soon as the page is made, on the thread
        // that made it, rather than all at once at the end. Each thread renders
        // into one buffer, kept from page to page. The sitemap and feeds are made
        // meanwhile: they are written only if every page renders.
        let (problems, files) = rayon::join(
            || -> Vec<Diagnostic> {
                contexts
                    .into_par_iter()
                    .zip(jobs.par_iter())
                    .map_init(
                        || Vec::with_capacity(64 * 1024),
                        |buf: &mut Vec<u8>, (make, job)| {
                            let Some(make) = make else {
                                writer.write(&job.path, None);
                                return None;
                            };
                            let context = make();
                            buf.clear();
                            match self.tera.render_to(&job.template, &context, &mut *buf) {
                                Ok(()) => {
                                    writer.write(&job.path, Some(buf));
                                    None
                                }
                                Err(e) => Some(self.template_error(&e)),
                            }
                        },
                    )
                    .flatten()
                    .collect()
            },
            || site_files(site, &view, &jobs),
        );
        if !problems.is_empty() {
            drop(jobs);
            if let Some(seen) = seen {
                // Nothing may have been written: render every page next time.
                seen.clear();
            }
            return Err(RenderError::Content(once_each(problems)));
        }
        files
            .into_par_iter()
            .for_each(|o| writer.write(&o.path, Some(o.text.as_bytes())));
        // What each page was rendered from, for the next time (watch mode). The
        // jobs borrow `seen`: they are used up before it is written.
        let watching = site_data.is_some();
        let pages: rustc_hash::FxHashMap<String, Fingerprint> = jobs
            .into_iter()
            .filter(|_| watching)
            .filter_map(|job| Some((job.path, job.data?)))
            .collect();
        if let (Some(seen), Some(site_data)) = (seen, site_data) {
            seen.site = site_data;
            seen.pages = pages;
        }
        match writer.failure() {
            Some(e) => Err(RenderError::Write(e)),
            None => Ok(()),
        }
    }

    fn render(&self, template: &str, context: &Context) -> Result<String, Diagnostic> {
        self.tera
            .render(template, context)
            .map_err(|e| self.template_error(&e))
    }
}

/// Hands files to a writer from many threads until it fails once, and keeps that
/// first failure.
struct WriteOnce<W, E> {
    write: W,
    failed: std::sync::Mutex<Option<E>>,
    stopped: std::sync::atomic::AtomicBool,
}

impl<W, E> WriteOnce<W, E>
where
    W: Fn(&str, Option<&[u8]>) -> Result<(), E>,
{
    fn new(write: W) -> Self {
        WriteOnce {
            write,
            failed: std::sync::Mutex::new(None),
            stopped: std::sync::atomic::AtomicBool::new(false),
        }
    }

    fn write(&self, path: &str, bytes: Option<&[u8]>) {
        use std::sync::atomic::Ordering::Relaxed;
        if self.stopped.load(Relaxed) {
            return;
        }
        if let Err(e) = (self.write)(path, bytes) {
            self.stopped.store(true, Relaxed);
            // A poisoned lock still takes the error.
            let mut slot = self.failed.lock().unwrap_or_else(|p| p.into_inner());
            slot.get_or_insert(e);
        }
    }

    fn failure(self) -> Option<E> {
        self.failed.into_inner().unwrap_or_else(|p| p.into_inner())
    }
}

/// Why [`Theme::render_site_into`] failed.
#[derive(Debug)]
pub enum RenderError<E> {
    /// Pages could not be rendered: every problem, once.
    Content(Vec<Diagnostic>),
    /// Writing a file failed.
    Write(E),
}

/// `problems` with repeats left out: one broken template breaks every page that
/// uses it, and is reported once.
fn once_each(problems: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = Vec::new();
    for d in problems {
        if !out
            .iter()
            .any(|p| p.location() == d.location() && p.message == d.message)
        {
            out.push(d);
        }
    }
    out
}

/// The files made from the whole site rather than one template: the sitemap,
/// `robots.txt`, the news feeds and the datasets' downloads.
fn site_files(site: &Site, view: &SiteView, jobs: &[Job]) -> Vec<Output> {
    // The sitemap of a large site takes longest: the rest is made beside it.
    let (map, mut files) = rayon::join(
        || sitemap::sitemap(site, view.base_url(), jobs),
        || {
            let mut files = vec![sitemap::robots(view.base_url())];
            files.extend(feeds::all(site, view.base_url()));
            files.extend(datasets::downloads(site));
            files
        },
    );
    files.push(map);
    files
}

/// What the pages were last rendered from, for [`Theme::render_site_into`]: the
/// fingerprints (see [`crate::util::fingerprint`]) of the site-wide view and of
/// each page's template and view. Serialising every view to JSON to compare it
/// took most of a rebuild; a fingerprint is made without writing anything out.
#[derive(Default)]
pub struct Seen {
    site: Option<Fingerprint>,
    /// Output path to the fingerprint of the template's name and the page's view.
    pages: rustc_hash::FxHashMap<String, Fingerprint>,
}

impl Seen {
    /// Forgets every page, so the next render renders them all.
    pub fn clear(&mut self) {
        self.site = None;
        self.pages.clear();
    }

    /// The output paths of the pages last rendered or kept.
    pub fn paths(&self) -> impl Iterator<Item = &String> {
        self.pages.keys()
    }

    /// How many pages that is.
    pub fn len(&self) -> usize {
        self.pages.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.pages.is_empty()
    }
}

/// The output file for a URL path: `/faqs/a/` -> `faqs/a/index.html`.
pub fn output_path(url: &str) -> String {
    let trimmed = url.trim_start_matches('/');
    let trimmed = trimmed.split('#').next().unwrap_or(trimmed);
    if trimmed.is_empty() || trimmed.ends_with('/') {
        let mut path = String::with_capacity(trimmed.len() + 10);
        path.push_str(trimmed);
        path.push_str("index.html");
        path
    } else {
        trimmed.to_owned()
    }
}

/// A template the theme in `templates_dir` does not have.
fn no_template(root: &Path, templates_dir: &Path, template: &str) -> Diagnostic {
    let name = templates_dir
        .parent()
        .and_then(Path::file_name)
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Diagnostic::error(
        shown(root, &templates_dir.join(template)),
        format!("the theme `{name}` has no template {template}"),
    )
    .help("the site has pages that need this template; copy it from themes/default/templates")
}

fn shown(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// Makes the links and images of a rendered body absolute, for feeds and emails:
/// `/faqs/x/` becomes `<base>/faqs/x/` and `#a` becomes `<base><page><#a>`.
pub(crate) fn absolute_links(html: &str, base: &str, page: &str) -> String {
    let mut out = String::with_capacity(html.len() + 64);
    let mut rest = html;
    while let Some(i) = find_url_attribute(rest) {
        let (before, after) = rest.split_at(i);
        out.push_str(before);
        let quote_at = after.find('"').map_or(after.len(), |q| q + 1);
        out.push_str(&after[..quote_at]);
        let value = &after[quote_at..];
        if value.starts_with("//") {
            // Protocol-relative: left as it is.
        } else if value.starts_with('/') {
            out.push_str(base);
        } else if value.starts_with('#') {
            out.push_str(base);
            out.push_str(page);
        }
        rest = value;
    }
    out.push_str(rest);
    out
}

/// Where the next `href="` or `src="` attribute starts.
fn find_url_attribute(html: &str) -> Option<usize> {
    let href = html.find(" href=\"");
    let src = html.find(" src=\"");
    match (href, src) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

#[cfg(test)]
mod tests {
    use super::absolute_links;

    #[test]
    fn links_become_absolute_for_feeds_and_emails() {
        let html = r##"<p><a href="/faqs/a/">A</a> <a href="#top">top</a> <img src="/i.png" alt="x"> <a href="https://x.org/">x</a> <a href="mailto:a@b">m</a></p>"##;
        assert_eq!(
            absolute_links(html, "https://s.gov.uk", "/news/p/"),
            r##"<p><a href="https://s.gov.uk/faqs/a/">A</a> <a href="https://s.gov.uk/news/p/#top">top</a> <img src="https://s.gov.uk/i.png" alt="x"> <a href="https://x.org/">x</a> <a href="mailto:a@b">m</a></p>"##
        );
    }
}
