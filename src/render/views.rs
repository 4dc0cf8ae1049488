//! What templates see: the site-wide values and one view per page, built from the
//! [`Site`]. Figures are formatted here (thousands separators, units) so every theme
//! shows them the same way.

use rayon::prelude::*;
use serde::Serialize;

use super::datasets::{DatasetView, trends};
use super::{Job, JobMaker, output_path};
use crate::config::Organisation;
use crate::content::faq::FaqPage;
use crate::content::feedback::FeedbackPage;
use crate::content::jargon::Term;
use crate::content::news::{Post, Series};
use crate::content::performance::{BodyPart, Snapshot};
use crate::content::team::Team;
use crate::content::{Meta, Site};

/// Site-wide values, available to every template as `site`.
#[derive(Serialize)]
pub struct SiteView {
    title: String,
    description: String,
    language: String,
    base_url: String,
    organisation: Organisation,
    nav: Vec<Link>,
    footer: Vec<Link>,
    /// The site-wide news feeds, when there is news.
    feeds: Vec<Feed>,
    /// `en_GB` for Open Graph.
    locale: String,
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
        }
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

/// Where the "get this information another way" page is, when the site has none of
/// its own in `content/pages/`.
pub const ANOTHER_WAY_SLUG: &str = "another-way";
const ANOTHER_WAY_TITLE: &str = "Get this information another way";

/// What every page view carries for the base template.
#[derive(Serialize)]
pub(super) struct Common {
    title: String,
    description: String,
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
    json_ld: Option<String>,
    /// Feeds of this page's own listing, beside the site-wide ones.
    alternates: Vec<Feed>,
}

/// One page's view: the common fields plus the kind's own data.
#[derive(Serialize)]
pub(super) struct PageView<T: Serialize> {
    #[serde(flatten)]
    pub(super) common: Common,
    pub(super) data: T,
}

pub(super) fn common(
    site: &SiteView,
    title: &str,
    url: &str,
    section: &'static str,
    meta: &Meta,
    crumbs: Vec<Link>,
) -> Common {
    Common {
        title: title.to_owned(),
        description: meta.description.clone().unwrap_or_default(),
        meta_description: meta
            .description
            .clone()
            .unwrap_or_else(|| site.description.clone()),
        url: url.to_owned(),
        canonical: format!("{}{url}", site.base_url),
        section,
        updated: meta.updated.map(|d| d.long()),
        updated_iso: meta.updated.map(|d| d.iso()),
        owner: meta.owner.clone(),
        breadcrumbs: crumbs,
        og_type: "website",
        json_ld: None,
        alternates: Vec::new(),
    }
}

impl Common {
    /// Marks the page as an article for Open Graph.
    pub(super) fn article(mut self) -> Common {
        self.og_type = "article";
        self
    }

    /// Adds feeds of this page's own listing.
    pub(super) fn with_alternates(mut self, feeds: Vec<Feed>) -> Common {
        self.alternates = feeds;
        self
    }

    /// Adds schema.org data to the page.
    pub(super) fn with_json_ld(mut self, value: &impl Serialize) -> Common {
        self.json_ld = Some(json_ld(value));
        self
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

/// Every page of the site as a render job.
pub fn jobs<'a>(site: &'a Site, maker: &JobMaker<'a>) -> Vec<Job<'a>> {
    let view = maker.view;
    let mut jobs = Vec::new();
    let listing = |title: &str, url: &str, section, description: &str| {
        let meta = Meta {
            description: Some(description.to_owned()),
            ..Meta::default()
        };
        common(view, title, url, section, &meta, home_crumb())
    };

    let home = HomeData {
        html: site.home.html.clone(),
        news: site.news.iter().take(3).map(NewsItem::of).collect(),
    };
    let mut home_common = common(
        view,
        &site.home.title,
        "/",
        "home",
        &site.home.meta,
        Vec::new(),
    );
    if home_common.description.is_empty() {
        home_common.description = view.description.clone();
    }
    let home_common = home_common.with_json_ld(&super::structured::organisation(site, view));
    jobs.push(
        maker
            .job(
                "home.html",
                output_path("/"),
                PageView {
                    common: home_common,
                    data: home,
                },
            )
            .lastmod(site.home.meta.updated),
    );

    jobs.par_extend(site.pages.par_iter().map(|p| {
        maker
            .job_with("page.html", output_path(&p.url), move || PageView {
                common: common(view, &p.title, &p.url, "page", &p.meta, home_crumb()),
                data: &p.html,
            })
            .lastmod(p.meta.updated)
    }));
    if !site.pages.iter().any(|p| p.slug == ANOTHER_WAY_SLUG) {
        let url = format!("/{ANOTHER_WAY_SLUG}/");
        jobs.push(maker.job("another_way.html", output_path(&url), PageView {
                common: listing(
                    ANOTHER_WAY_TITLE,
                    &url,
                    "page",
                    "How to ask for the information on this website in another format, such as large print, easy read, audio or braille.",
                ),
                data: (),
            },
        ));
    }

    let faq_list: Vec<Summary> = site.faqs.iter().map(Summary::of_faq).collect();
    jobs.push(
        maker
            .job(
                "faq_index.html",
                output_path("/faqs/"),
                PageView {
                    common: listing(
                        "Frequently asked questions",
                        "/faqs/",
                        "faqs",
                        "Answers to the questions parents, carers and young people ask about SEND.",
                    ),
                    data: faq_list,
                },
            )
            .lastmod(site.faqs.iter().filter_map(|f| f.meta.updated).max()),
    );
    jobs.par_extend(site.faqs.par_iter().map(|f| {
        maker
            .job_with("faq.html", output_path(&f.url), move || {
                let mut crumbs = home_crumb();
                crumbs.push(link("FAQs", "/faqs/"));
                let c = common(view, &f.title, &f.url, "faqs", &f.meta, crumbs)
                    .with_json_ld(&super::structured::faq_page(f));
                PageView { common: c, data: f }
            })
            .lastmod(f.meta.updated)
    }));

    jobs.push(
        maker
            .job(
                "jargon.html",
                output_path("/jargon/"),
                PageView {
                    common: listing(
                        "Jargon buster",
                        "/jargon/",
                        "jargon",
                        "What the words, acronyms and old names used in SEND mean, from A to Z.",
                    ),
                    data: JargonData::new(&site.terms),
                },
            )
            .lastmod(site.terms.iter().filter_map(|t| t.meta.updated).max()),
    );

    let teams = TeamIndexData {
        tree: team_tree(site, None),
        contacts: contacts(site, view),
    };
    jobs.push(maker.job(
        "team_index.html",
        output_path("/team/"),
        PageView {
            common: listing(
                "Meet the service",
                "/team/",
                "team",
                "Who works in the SEND service, what each team does and how to contact them.",
            ),
            data: teams,
        },
    ));
    jobs.par_extend(site.teams.par_iter().map(|t| {
        let mut crumbs = home_crumb();
        crumbs.push(link("Meet the service", "/team/"));
        let mut ancestors = Vec::new();
        let mut cur = t.parent.as_deref().and_then(|p| site.team(p));
        while let Some(a) = cur {
            ancestors.push(link(&a.name, &a.url));
            cur = a.parent.as_deref().and_then(|p| site.team(p));
        }
        crumbs.extend(ancestors.into_iter().rev());
        let c = common(view, &t.name, &t.url, "team", &t.meta, crumbs);
        let data = TeamData {
            team: t,
            children: team_tree(site, Some(&t.id)),
        };
        maker.job(
            "team.html",
            output_path(&t.url),
            PageView { common: c, data },
        )
    }));

    let snapshots = PerformanceData {
        snapshots: site.snapshots.iter().map(SnapshotItem::of).collect(),
        trends: trends(&site.snapshots)
            .iter()
            .map(DatasetView::of_trend)
            .collect(),
    };
    jobs.push(maker.job(
        "performance_index.html",
        output_path("/performance/"),
        PageView {
            common: listing(
                "Performance",
                "/performance/",
                "performance",
                "How the SEND service is performing, updated every two months.",
            ),
            data: snapshots,
        },
    ));
    for s in &site.snapshots {
        let mut crumbs = home_crumb();
        crumbs.push(link("Performance", "/performance/"));
        let mut meta = s.meta.clone();
        meta.updated = meta.updated.or(Some(s.published));
        let c = common(view, &s.title, &s.url, "performance", &meta, crumbs);
        jobs.push(maker.job(
            "performance.html",
            output_path(&s.url),
            PageView {
                common: c,
                data: SnapshotData::of(s),
            },
        ));
    }

    super::news::jobs(site, maker, &mut jobs);
    feedback_jobs(site, maker, &mut jobs);

    jobs.push(
        maker
            .job(
                "404.html",
                "404.html".to_owned(),
                PageView {
                    common: listing(
                        "Page not found",
                        "/404.html",
                        "error",
                        "The page you asked for is not here.",
                    ),
                    data: (),
                },
            )
            .not_in_sitemap(),
    );
    jobs
}

fn feedback_jobs<'a>(site: &'a Site, maker: &JobMaker<'a>, jobs: &mut Vec<Job<'a>>) {
    let view = maker.view;
    if site.feedback.is_empty() {
        return;
    }
    let list: Vec<FeedbackItem> = site.feedback.iter().map(FeedbackItem::of).collect();
    let index = common(
        view,
        "You said, we did",
        "/you-said-we-did/",
        "feedback",
        &Meta {
            description: Some("What parents, carers and young people have told us about SEND services, and what we did in response.".to_owned()),
            ..Meta::default()
        },
        home_crumb(),
    );
    jobs.push(
        maker
            .job(
                "feedback_index.html",
                output_path("/you-said-we-did/"),
                PageView {
                    common: index,
                    data: list,
                },
            )
            .lastmod(site.feedback.iter().map(|f| f.date).max()),
    );
    for f in &site.feedback {
        let mut crumbs = home_crumb();
        crumbs.push(link("You said, we did", "/you-said-we-did/"));
        let c = common(view, &f.title, &f.url, "feedback", &f.meta, crumbs);
        jobs.push(
            maker
                .job(
                    "feedback.html",
                    output_path(&f.url),
                    PageView {
                        common: c,
                        data: FeedbackView::of(f),
                    },
                )
                .lastmod(Some(f.meta.updated.unwrap_or(f.date))),
        );
    }
}

/// A "You said, we did" page in the list.
#[derive(Serialize)]
struct FeedbackItem {
    title: String,
    url: String,
    date: String,
    date_iso: String,
    source: Option<String>,
    description: String,
    count: usize,
}

impl FeedbackItem {
    fn of(f: &FeedbackPage) -> FeedbackItem {
        FeedbackItem {
            title: f.title.clone(),
            url: f.url.clone(),
            date: f.date.long(),
            date_iso: f.date.iso(),
            source: f.source.clone(),
            description: f.meta.description.clone().unwrap_or_default(),
            count: f.entries.len(),
        }
    }
}

#[derive(Serialize)]
struct FeedbackView<'a> {
    date: String,
    date_iso: String,
    source: &'a Option<String>,
    intro_html: &'a str,
    entries: &'a [crate::content::feedback::Entry],
}

impl<'a> FeedbackView<'a> {
    fn of(f: &'a FeedbackPage) -> FeedbackView<'a> {
        FeedbackView {
            date: f.date.long(),
            date_iso: f.date.iso(),
            source: &f.source,
            intro_html: &f.intro_html,
            entries: &f.entries,
        }
    }
}

#[derive(Serialize)]
struct HomeData {
    html: String,
    news: Vec<NewsItem>,
}

/// A page in a list: title, link, one line about it.
#[derive(Serialize)]
struct Summary {
    title: String,
    url: String,
    description: String,
    count: usize,
}

impl Summary {
    fn of_faq(f: &FaqPage) -> Summary {
        Summary {
            title: f.title.clone(),
            url: f.url.clone(),
            description: f.meta.description.clone().unwrap_or_default(),
            count: f.questions().count(),
        }
    }
}

/// A post as listings, the home page and post pages show it.
#[derive(Serialize)]
pub(super) struct NewsItem {
    title: String,
    url: String,
    date: String,
    date_iso: String,
    series: Series,
    series_label: &'static str,
    summary: String,
    tags: Vec<String>,
    unpublished: bool,
    html: String,
}

impl NewsItem {
    pub(super) fn of(p: &Post) -> NewsItem {
        NewsItem {
            title: p.title.clone(),
            url: p.url.clone(),
            date: p.date.long(),
            date_iso: p.date.iso(),
            series: p.series,
            series_label: p.series_label,
            summary: p.summary.clone(),
            tags: p.tags.clone(),
            unpublished: p.unpublished,
            html: p.html.clone(),
        }
    }
}

#[derive(Serialize)]
struct JargonData<'a> {
    letters: Vec<Letter>,
    groups: Vec<LetterGroup<'a>>,
}

#[derive(Serialize)]
struct Letter {
    letter: char,
    present: bool,
}

#[derive(Serialize)]
struct LetterGroup<'a> {
    letter: char,
    id: String,
    terms: Vec<&'a Term>,
}

impl<'a> JargonData<'a> {
    fn new(terms: &'a [Term]) -> JargonData<'a> {
        let mut groups: Vec<LetterGroup<'a>> = Vec::new();
        for t in terms {
            match groups.iter_mut().find(|g| g.letter == t.letter) {
                Some(g) => g.terms.push(t),
                None => groups.push(LetterGroup {
                    letter: t.letter,
                    id: letter_id(t.letter),
                    terms: vec![t],
                }),
            }
        }
        groups.sort_by_key(|g| if g.letter == '#' { '\u{0}' } else { g.letter });
        let letters = ('A'..='Z')
            .map(|letter| Letter {
                letter,
                present: groups.iter().any(|g| g.letter == letter),
            })
            .collect();
        JargonData { letters, groups }
    }
}

fn letter_id(letter: char) -> String {
    if letter == '#' {
        "letter-0-9".to_owned()
    } else {
        format!("letter-{}", letter.to_ascii_lowercase())
    }
}

/// A team with its sub-teams, for nested lists.
#[derive(Serialize)]
struct TeamNode<'a> {
    team: &'a Team,
    /// The team's email, when it differs from the team above it (the same address
    /// on every line of the tree would only be noise).
    email: Option<&'a str>,
    children: Vec<TeamNode<'a>>,
}

fn team_tree<'a>(site: &'a Site, parent: Option<&str>) -> Vec<TeamNode<'a>> {
    let parent_email = parent
        .and_then(|p| site.team(p))
        .and_then(|p| p.email.as_deref());
    site.teams
        .iter()
        .filter(|t| t.parent.as_deref() == parent)
        .map(|t| TeamNode {
            team: t,
            email: t.email.as_deref().filter(|e| Some(*e) != parent_email),
            children: team_tree(site, Some(&t.id)),
        })
        .collect()
}

/// `/team/`: the tree and the "Who do I contact about..." list.
#[derive(Serialize)]
struct TeamIndexData<'a> {
    tree: Vec<TeamNode<'a>>,
    contacts: Vec<Contact<'a>>,
}

/// One need and whom to contact about it.
#[derive(Serialize)]
struct Contact<'a> {
    need: &'a str,
    note: Option<&'a str>,
    team: &'a str,
    url: &'a str,
    /// The team's address, or the service's front door when it has none.
    email: Option<&'a str>,
}

/// Every team's `contact_for` needs, in the order of the tree.
fn contacts<'a>(site: &'a Site, view: &'a SiteView) -> Vec<Contact<'a>> {
    site.teams
        .iter()
        .flat_map(|t| {
            t.contact_for.iter().map(move |c| Contact {
                need: &c.need,
                note: c.note.as_deref(),
                team: &t.name,
                url: &t.url,
                email: t.email.as_deref().or(view.organisation.email.as_deref()),
            })
        })
        .collect()
}

#[derive(Serialize)]
struct TeamData<'a> {
    team: &'a Team,
    children: Vec<TeamNode<'a>>,
}

/// `/performance/`: every snapshot, newest first, and the trends across them.
#[derive(Serialize)]
struct PerformanceData {
    snapshots: Vec<SnapshotItem>,
    trends: Vec<DatasetView>,
}

#[derive(Serialize)]
struct SnapshotItem {
    title: String,
    url: String,
    period: String,
    published: String,
    published_iso: String,
    description: String,
}

impl SnapshotItem {
    fn of(s: &Snapshot) -> SnapshotItem {
        SnapshotItem {
            title: s.title.clone(),
            url: s.url.clone(),
            period: s.period.clone(),
            published: s.published.long(),
            published_iso: s.published.iso(),
            description: s.meta.description.clone().unwrap_or_default(),
        }
    }
}

#[derive(Serialize)]
struct SnapshotData {
    period: String,
    published: String,
    published_iso: String,
    body: Vec<BodyView>,
}

#[derive(Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
enum BodyView {
    Html { html: String },
    Dataset { dataset: Box<DatasetView> },
}

impl SnapshotData {
    fn of(s: &Snapshot) -> SnapshotData {
        SnapshotData {
            period: s.period.clone(),
            published: s.published.long(),
            published_iso: s.published.iso(),
            body: s
                .body
                .iter()
                .filter_map(|part| match part {
                    BodyPart::Html(h) if h.trim().is_empty() => None,
                    BodyPart::Html(h) => Some(BodyView::Html { html: h.clone() }),
                    BodyPart::Dataset(i) => s.datasets.get(*i).map(|d| BodyView::Dataset {
                        dataset: Box::new(DatasetView::of(s, d)),
                    }),
                })
                .collect(),
        }
    }
}

/// `14189` -> `14,189`; `89.3` -> `89.3`; with `percent`, `75` -> `75%`.
pub fn format_number(value: f64, percent: bool) -> String {
    let negative = value < 0.0;
    let abs = value.abs();
    let text = if abs.fract() == 0.0 && abs < 1e15 {
        format!("{abs:.0}")
    } else {
        format!("{abs}")
    };
    let (int, frac) = text
        .split_once('.')
        .map_or((text.as_str(), None), |(i, f)| (i, Some(f)));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    out.push_str(&grouped);
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    if percent {
        out.push('%');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::format_number;

    #[test]
    fn numbers_get_thousands_separators_and_units() {
        assert_eq!(format_number(14189.0, false), "14,189");
        assert_eq!(format_number(927.0, false), "927");
        assert_eq!(format_number(89.3, true), "89.3%");
        assert_eq!(format_number(1234567.5, false), "1,234,567.5");
        assert_eq!(format_number(-1200.0, false), "-1,200");
    }
}
