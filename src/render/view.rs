//! What every template sees: the site-wide values (`site`) and the fields every
//! page view shares (`page`), built from the [`Site`]. Each kind's own view is in
//! `pages/`.

use serde::Serialize;

use crate::config::Organisation;
use crate::content::{Kind, Meta, Site};
use crate::util::fingerprint::walking;

/// Where the public coverage page is ("What this Local Offer covers").
pub(crate) const COVERAGE_URL: &str = "/coverage/";
/// Where the printable Local Offer is.
pub(crate) const PRINT_URL: &str = "/print/";

/// Site-wide values, available to every template as `site`.
#[derive(Serialize)]
pub struct SiteView {
    title: String,
    pub(super) description: String,
    language: String,
    base_url: String,
    pub(super) organisation: Organisation,
    nav: Vec<Link>,
    footer: Vec<Link>,
    /// The site-wide news feeds, when there is news.
    feeds: Vec<Feed>,
    /// `en_GB` for Open Graph.
    locale: String,
    /// The site's icon: `favicon` in `site.toml`, or the theme's.
    favicon: String,
    /// The guide steps that link to each page (or jargon term), by its URL.
    #[serde(skip)]
    part_of: rustc_hash::FxHashMap<String, Vec<PartOf>>,
}

/// A step of a guide that links to a page: the page's "part of" panel.
#[derive(Serialize, Clone)]
pub struct PartOf {
    /// The guide's title.
    guide: String,
    /// The guide's URL.
    url: String,
    /// The step's number.
    number: usize,
    /// The step's title.
    step: String,
    /// The step's URL, `/guides/<guide>/#step-<n>`.
    step_url: String,
}

/// For each page (or jargon term) a guide's step links to, the first step of each
/// guide that does; links between guides are left out.
fn part_of(site: &Site) -> rustc_hash::FxHashMap<String, Vec<PartOf>> {
    let guides = Kind::Guide.url_prefix();
    let mut map: rustc_hash::FxHashMap<String, Vec<PartOf>> = Default::default();
    for g in &site.guides {
        for s in &g.steps {
            for target in s.links.iter().filter(|t| !t.starts_with(guides)) {
                let panels = map.entry(target.clone()).or_default();
                if panels.iter().all(|p| p.url != g.url) {
                    panels.push(PartOf {
                        guide: g.title.clone(),
                        url: g.url.clone(),
                        number: s.number,
                        step: s.title.clone(),
                        step_url: format!("{}#{}", g.url, s.id),
                    });
                }
            }
        }
    }
    map
}

/// A titled link.
#[derive(Serialize, Clone)]
pub struct Link {
    pub(super) title: String,
    pub(super) url: String,
}

/// A news feed, for `<link rel="alternate">` and for links on listings.
#[derive(Serialize, Clone)]
pub struct Feed {
    title: String,
    url: String,
    /// `application/atom+xml` or `application/rss+xml`.
    mime: &'static str,
}

/// The Atom and RSS feeds in `folder` (`/` or `/news/x/`), titled after `title`.
pub(super) fn feeds(title: &str, folder: &str) -> Vec<Feed> {
    vec![
        Feed {
            title: format!("{title} (Atom)"),
            url: format!("{folder}atom.xml"),
            mime: "application/atom+xml",
        },
        Feed {
            title: format!("{title} (RSS)"),
            url: format!("{folder}rss.xml"),
            mime: "application/rss+xml",
        },
    ]
}

pub(super) fn link(title: &str, url: &str) -> Link {
    Link {
        title: title.to_owned(),
        url: url.to_owned(),
    }
}

impl SiteView {
    pub fn new(site: &Site) -> SiteView {
        let mut nav = vec![
            link("Home", "/"),
            link("FAQs", "/faqs/"),
            link("Jargon buster", "/jargon/"),
        ];
        if !site.guides.is_empty() {
            nav.insert(1, link("Guides", "/guides/"));
        }
        if !site.services.is_empty() {
            nav.insert(1, link("Find a service", "/services/"));
        }
        if !site.teams.is_empty() {
            nav.push(link("Meet the service", "/team/"));
        }
        if !site.snapshots.is_empty() {
            nav.push(link("Performance", "/performance/"));
        }
        if !site.news.is_empty() {
            nav.push(link("News", "/news/"));
        }
        if !site.feedback.is_empty() {
            nav.push(link("You said, we did", "/you-said-we-did/"));
        }
        let mut footer = Vec::new();
        for slug in ["contact", "about", "accessibility"] {
            if let Some(p) = site.pages.iter().find(|p| p.slug == slug) {
                footer.push(link(&p.title, &p.url));
            }
        }
        // Beside the accessibility statement, on every page: a page of the site's
        // own, or the theme's when there is none.
        let another_way = site
            .pages
            .iter()
            .find(|p| p.slug == ANOTHER_WAY_SLUG)
            .map_or_else(
                || link(ANOTHER_WAY_TITLE, &format!("/{ANOTHER_WAY_SLUG}/")),
                |p| link(&p.title, &p.url),
            );
        footer.push(another_way);
        footer.push(link("Print the whole Local Offer", PRINT_URL));
        footer.push(link("What this Local Offer covers", COVERAGE_URL));
        let feeds = if site.news.is_empty() {
            Vec::new()
        } else {
            feeds(&format!("{} news", site.config.title), "/")
        };
        SiteView {
            title: site.config.title.clone(),
            description: site.config.description.clone(),
            language: site.config.language.clone(),
            base_url: site.config.base().to_owned(),
            organisation: site.config.organisation.clone(),
            nav,
            footer,
            feeds,
            locale: site.config.language.replace('-', "_"),
            favicon: site
                .config
                .favicon
                .clone()
                .unwrap_or_else(|| THEME_FAVICON.to_owned()),
            part_of: part_of(site),
        }
    }

    /// The guide steps that link to the page (or jargon term) at `url`.
    pub(super) fn part_of(&self, url: &str) -> Vec<PartOf> {
        self.part_of.get(url).cloned().unwrap_or_default()
    }

    /// The site's address without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The organisation's name.
    pub fn organisation_name(&self) -> &str {
        &self.organisation.name
    }
}

/// The theme's own icon, used when `site.toml` names none.
const THEME_FAVICON: &str = "/static/favicon.svg";

/// Where the "get this information another way" page is, when the site has none of
/// its own in `content/pages/`.
pub const ANOTHER_WAY_SLUG: &str = "another-way";
pub(super) const ANOTHER_WAY_TITLE: &str = "Get this information another way";

/// What every page view carries for the base template.
#[derive(Serialize)]
pub(super) struct Common<'a> {
    title: String,
    pub(super) description: String,
    /// The description for search engines and link previews: the page's own, or
    /// the site's when it has none.
    meta_description: String,
    url: String,
    canonical: String,
    section: &'static str,
    updated: Option<String>,
    updated_iso: Option<String>,
    owner: Option<String>,
    breadcrumbs: Vec<Link>,
    /// Open Graph type: `website` or `article`.
    og_type: &'static str,
    /// schema.org JSON-LD for the page, ready to place in a script element.
    json_ld: Option<JsonLd<'a>>,
    /// Feeds of this page's own listing, beside the site-wide ones.
    alternates: Vec<Feed>,
    /// The guide steps that link here (the "part of" panel).
    part_of: Vec<PartOf>,
}

/// One page's view: the common fields plus the kind's own data.
#[derive(Serialize)]
pub(super) struct PageView<'a, T: Serialize> {
    #[serde(flatten)]
    pub(super) common: Common<'a>,
    pub(super) data: T,
}

pub(super) fn common(
    site: &SiteView,
    title: &str,
    url: &str,
    section: &'static str,
    meta: &Meta,
    crumbs: Vec<Link>,
) -> Common<'static> {
    Common {
        title: title.to_owned(),
        description: meta.description.clone().unwrap_or_default(),
        meta_description: meta
            .description
            .clone()
            .unwrap_or_else(|| site.description.clone()),
        url: url.to_owned(),
        canonical: [site.base_url.as_str(), url].concat(),
        section,
        updated: meta.updated.map(|d| d.long()),
        updated_iso: meta.updated.map(|d| d.iso()),
        owner: meta.owner.clone(),
        breadcrumbs: crumbs,
        og_type: "website",
        json_ld: None,
        alternates: Vec::new(),
        part_of: site.part_of(url),
    }
}

impl<'a> Common<'a> {
    /// Marks the page as an article for Open Graph.
    pub(super) fn article(mut self) -> Common<'a> {
        self.og_type = "article";
        self
    }

    /// Adds feeds of this page's own listing.
    pub(super) fn with_alternates(mut self, feeds: Vec<Feed>) -> Common<'a> {
        self.alternates = feeds;
        self
    }

    /// Adds schema.org data to the page.
    pub(super) fn with_json_ld(mut self, value: &impl Serialize) -> Common<'a> {
        self.json_ld = Some(JsonLd::Made(json_ld(value)));
        self
    }

    /// Adds schema.org data made by `make` from nothing but what the page's view
    /// holds besides: it is made only when the page is rendered, not when watch
    /// mode compares the view with last time's (see [`JsonLd`]).
    pub(super) fn with_json_ld_of<'b, T: Serialize>(
        self,
        make: impl Fn() -> T + Send + Sync + 'b,
    ) -> Common<'b>
    where
        'a: 'b,
    {
        let mut common: Common<'b> = self;
        common.json_ld = Some(JsonLd::Later(Box::new(move || json_ld(&make()))));
        common
    }
}

/// A page's JSON-LD: made, or to be made when the page is rendered.
///
/// Watch mode fingerprints every page's view to find the pages that changed
/// (see [`crate::util::fingerprint`]); JSON-LD repeats the page's own text, and
/// making it for ten thousand pages took a fifth of a rebuild. A fingerprint is
/// not human-readable, and `Later` leaves itself out of one: what it is made
/// from is in the fingerprint already.
pub(super) enum JsonLd<'a> {
    Made(String),
    Later(Box<dyn Fn() -> String + Send + Sync + 'a>),
}

impl Serialize for JsonLd<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            JsonLd::Made(text) => s.serialize_str(text),
            JsonLd::Later(make) if !walking() => s.serialize_str(&make()),
            JsonLd::Later(_) => s.serialize_unit(),
        }
    }
}

/// JSON for a `<script type="application/ld+json">` element: `<` is escaped so no
/// text in it can close the element.
fn json_ld(value: &impl Serialize) -> String {
    serde_json::to_string(value)
        .unwrap_or_default()
        .replace('<', "\\u003c")
}

pub(super) fn home_crumb() -> Vec<Link> {
    vec![link("Home", "/")]
}

/// The common fields of a page that lists others (`/faqs/`, `/jargon/`...): a
/// fixed title and description, one crumb back home.
pub(super) fn listing(
    view: &SiteView,
    title: &str,
    url: &str,
    section: &'static str,
    description: &str,
) -> Common<'static> {
    let meta = Meta {
        description: Some(description.to_owned()),
        ..Meta::default()
    };
    common(view, title, url, section, &meta, home_crumb())
}
