//! Render jobs: one per page, each with the template, the output path and a way to
//! make the page's context on the rendering thread.

use serde::Serialize;
use tera::Context;

use super::view::SiteView;
use crate::content::Date;
use crate::util::fingerprint::{Fingerprint, fingerprint_after};

/// A page to render: the template, its context and where the result goes.
pub(super) struct Job<'a> {
    pub(super) template: String,
    /// Makes the page's context when the page is rendered, on the thread that
    /// renders it, so the context is fresh in the cache and a build holds only a
    /// few at a time. `None` for a page that has not changed since it was last
    /// rendered.
    pub(super) context: Option<MakeContext<'a>>,
    pub(super) path: String,
    /// When the page last changed, for the sitemap.
    pub(super) lastmod: Option<Date>,
    /// Whether the sitemap lists it (not the 404 page).
    pub(super) listed: bool,
    /// The fingerprint of the template's name and the page's view (see
    /// [`Seen`]), in watch mode only. Taken from the view itself: a Tera value's
    /// maps serialise in no fixed order.
    pub(super) data: Option<Fingerprint>,
}

/// Makes one page's Tera context (see [`Job`]).
pub(super) type MakeContext<'a> = Box<dyn FnOnce() -> Context + Send + Sync + 'a>;

/// Makes [`Job`]s: holds the site-wide view (turned into a Tera value once, not
/// once per page) and, for `serve --watch`, what each page was last rendered from,
/// so unchanged pages get no context: making one costs more than rendering a
/// short page.
pub(super) struct JobMaker<'a> {
    /// The site-wide view every page sees as `site`.
    pub(super) view: &'a SiteView,
    site: tera::Value,
    seen: Option<&'a rustc_hash::FxHashMap<String, Fingerprint>>,
}

impl<'a> JobMaker<'a> {
    /// A maker for pages that see `view`; with `seen` (output path to data, see
    /// [`Seen`]), pages whose data is there unchanged are made without a context.
    pub(super) fn new(
        view: &'a SiteView,
        seen: Option<&'a rustc_hash::FxHashMap<String, Fingerprint>>,
    ) -> JobMaker<'a> {
        JobMaker {
            view,
            site: tera::Value::from_serializable(view),
            seen,
        }
    }

    /// The page at `path`, rendered with `template` from `page`.
    pub(super) fn job<'p>(
        &self,
        template: &str,
        path: String,
        page: impl Serialize + Send + Sync + 'p,
    ) -> Job<'p> {
        self.job_with(template, path, move || page)
    }

    /// The page at `path`, rendered with `template` from the view `make` makes:
    /// for a full build, only when the page is rendered.
    pub(super) fn job_with<'p, P: Serialize + Send + Sync + 'p>(
        &self,
        template: &str,
        path: String,
        make: impl FnOnce() -> P + Send + Sync + 'p,
    ) -> Job<'p> {
        let site = self.site.clone();
        let context_of = move |page: &P| {
            let mut context = Context::new();
            context.insert_value("site", site);
            context.insert("page", page);
            context
        };
        let (context, data): (Option<MakeContext<'p>>, _) = match self.seen {
            None => (Some(Box::new(move || context_of(&make()))), None),
            Some(seen) => {
                let page = make();
                // A view that cannot be serialised has no fingerprint, and cannot
                // be rendered either: the render reports it.
                let data = fingerprint_after(template.as_bytes(), &page);
                let context: Option<MakeContext<'p>> =
                    if data.is_some() && seen.get(&path) == data.as_ref() {
                        None
                    } else {
                        Some(Box::new(move || context_of(&page)))
                    };
                (context, data)
            }
        };
        Job {
            template: template.to_owned(),
            context,
            path,
            lastmod: None,
            listed: true,
            data,
        }
    }
}

impl Job<'_> {
    /// Sets when the page last changed.
    pub(super) fn lastmod(mut self, date: Option<Date>) -> Self {
        self.lastmod = date;
        self
    }

    /// Leaves the page out of the sitemap.
    pub(super) fn not_in_sitemap(mut self) -> Self {
        self.listed = false;
        self
    }
}
