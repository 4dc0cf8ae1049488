//! What templates see: the site-wide values and one view per page, built from the
//! [`Site`]. Figures are formatted here (thousands separators, units) so every theme
//! shows them the same way.

use serde::Serialize;

use super::datasets::{DatasetView, trends};
use super::{Job, output_path};
use crate::config::Organisation;
use crate::content::faq::FaqPage;
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
}

/// A titled link.
#[derive(Serialize, Clone)]
pub struct Link {
    title: String,
    url: String,
}

fn link(title: &str, url: &str) -> Link {
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
        let mut footer = Vec::new();
        for slug in ["contact", "about", "accessibility"] {
            if let Some(p) = site.pages.iter().find(|p| p.slug == slug) {
                footer.push(link(&p.title, &p.url));
            }
        }
        SiteView {
            title: site.config.title.clone(),
            description: site.config.description.clone(),
            language: site.config.language.clone(),
            base_url: site.config.base().to_owned(),
            organisation: site.config.organisation.clone(),
            nav,
            footer,
        }
    }
}

/// What every page view carries for the base template.
#[derive(Serialize)]
struct Common {
    title: String,
    description: String,
    url: String,
    canonical: String,
    section: &'static str,
    updated: Option<String>,
    updated_iso: Option<String>,
    owner: Option<String>,
    breadcrumbs: Vec<Link>,
}

/// One page's view: the common fields plus the kind's own data.
#[derive(Serialize)]
struct PageView<T: Serialize> {
    #[serde(flatten)]
    common: Common,
    data: T,
}

fn common(
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
        url: url.to_owned(),
        canonical: format!("{}{url}", site.base_url),
        section,
        updated: meta.updated.map(|d| d.long()),
        updated_iso: meta.updated.map(|d| d.iso()),
        owner: meta.owner.clone(),
        breadcrumbs: crumbs,
    }
}

fn home_crumb() -> Vec<Link> {
    vec![link("Home", "/")]
}

/// Every page of the site as a render job.
pub fn jobs(site: &Site, view: &SiteView) -> Vec<Job> {
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
    jobs.push(Job::new(
        "home.html",
        output_path("/"),
        view,
        &PageView {
            common: home_common,
            data: home,
        },
    ));

    for p in &site.pages {
        let c = common(view, &p.title, &p.url, "page", &p.meta, home_crumb());
        jobs.push(Job::new(
            "page.html",
            output_path(&p.url),
            view,
            &PageView {
                common: c,
                data: &p.html,
            },
        ));
    }

    let faq_list: Vec<Summary> = site.faqs.iter().map(Summary::of_faq).collect();
    jobs.push(Job::new(
        "faq_index.html",
        output_path("/faqs/"),
        view,
        &PageView {
            common: listing(
                "Frequently asked questions",
                "/faqs/",
                "faqs",
                "Answers to the questions parents, carers and young people ask about SEND.",
            ),
            data: &faq_list,
        },
    ));
    for f in &site.faqs {
        let mut crumbs = home_crumb();
        crumbs.push(link("FAQs", "/faqs/"));
        let c = common(view, &f.title, &f.url, "faqs", &f.meta, crumbs);
        jobs.push(Job::new(
            "faq.html",
            output_path(&f.url),
            view,
            &PageView { common: c, data: f },
        ));
    }

    jobs.push(Job::new(
        "jargon.html",
        output_path("/jargon/"),
        view,
        &PageView {
            common: listing(
                "Jargon buster",
                "/jargon/",
                "jargon",
                "What the words, acronyms and old names used in SEND mean, from A to Z.",
            ),
            data: JargonData::new(&site.terms),
        },
    ));

    let teams = TeamIndexData {
        tree: team_tree(site, None),
        contacts: contacts(site, view),
    };
    jobs.push(Job::new(
        "team_index.html",
        output_path("/team/"),
        view,
        &PageView {
            common: listing(
                "Meet the service",
                "/team/",
                "team",
                "Who works in the SEND service, what each team does and how to contact them.",
            ),
            data: &teams,
        },
    ));
    for t in &site.teams {
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
        jobs.push(Job::new(
            "team.html",
            output_path(&t.url),
            view,
            &PageView { common: c, data },
        ));
    }

    let snapshots = PerformanceData {
        snapshots: site.snapshots.iter().map(SnapshotItem::of).collect(),
        trends: trends(&site.snapshots)
            .iter()
            .map(DatasetView::of_trend)
            .collect(),
    };
    jobs.push(Job::new(
        "performance_index.html",
        output_path("/performance/"),
        view,
        &PageView {
            common: listing(
                "Performance",
                "/performance/",
                "performance",
                "How the SEND service is performing, updated every two months.",
            ),
            data: &snapshots,
        },
    ));
    for s in &site.snapshots {
        let mut crumbs = home_crumb();
        crumbs.push(link("Performance", "/performance/"));
        let mut meta = s.meta.clone();
        meta.updated = meta.updated.or(Some(s.published));
        let c = common(view, &s.title, &s.url, "performance", &meta, crumbs);
        jobs.push(Job::new(
            "performance.html",
            output_path(&s.url),
            view,
            &PageView {
                common: c,
                data: SnapshotData::of(s),
            },
        ));
    }

    let news: Vec<NewsItem> = site.news.iter().map(NewsItem::of).collect();
    jobs.push(Job::new(
        "news_index.html",
        output_path("/news/"),
        view,
        &PageView {
            common: listing(
                "News",
                "/news/",
                "news",
                "The weekly SEND News Splash and the monthly newsletter for parents and carers.",
            ),
            data: &news,
        },
    ));
    for p in &site.news {
        let mut crumbs = home_crumb();
        crumbs.push(link("News", "/news/"));
        let mut meta = p.meta.clone();
        if meta.description.is_none() {
            meta.description = Some(p.summary.clone());
        }
        let c = common(view, &p.title, &p.url, "news", &meta, crumbs);
        jobs.push(Job::new(
            "news.html",
            output_path(&p.url),
            view,
            &PageView {
                common: c,
                data: NewsItem::of(p),
            },
        ));
    }

    jobs.push(Job::new(
        "404.html",
        "404.html".to_owned(),
        view,
        &PageView {
            common: listing(
                "Page not found",
                "/404.html",
                "error",
                "The page you asked for is not here.",
            ),
            data: (),
        },
    ));
    jobs
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

#[derive(Serialize)]
struct NewsItem {
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
    fn of(p: &Post) -> NewsItem {
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
                need: c.need(),
                note: c.note(),
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
