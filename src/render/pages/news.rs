//! The news pages: every post, the listings (all news, each series, each year, each
//! tag), paginated, and previous/next links between posts.
//!
//! | URL | lists |
//! |---|---|
//! | `/news/`, `/news/page/2/` | every post, newest first |
//! | `/news/<series>/`, `/news/<series>/page/2/` | one series: `news-splash`, `newsletter` |
//! | `/news/<year>/` | the posts of one year |
//! | `/news/tags/`, `/news/tags/<tag>/` | every topic; the posts of one topic |

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use crate::content::news::{Post, PostSeries};
use crate::content::{Date, Meta, Site, slugify};
use crate::render::jobs::{Job, JobMaker};
use crate::render::output_path;
use crate::render::view::{Feed, Link, PageView, common, feeds, home_crumb, link};
use crate::util::fingerprint::RememberedIn;

/// A link in a list of filters, with how many posts (or services) it leads to.
#[derive(Serialize, Clone)]
pub(super) struct Filter {
    pub(super) title: String,
    pub(super) url: String,
    pub(super) count: usize,
    pub(super) current: bool,
}

/// Links between the pages of a listing (news, and the directory's).
#[derive(Serialize)]
pub(super) struct Pagination {
    page: usize,
    pages: usize,
    previous: Option<String>,
    next: Option<String>,
    numbers: Vec<PageNumber>,
}

/// One item of a pagination's list: a page, or a gap standing for the pages
/// between two (shown as an ellipsis).
#[derive(Serialize)]
struct PageNumber {
    number: usize,
    url: String,
    current: bool,
    gap: bool,
}

/// What a listing template sees as `page.data`.
#[derive(Serialize)]
struct Listing<'a> {
    posts: Vec<NewsItem<'a>>,
    pagination: Option<Pagination>,
    series: Vec<Filter>,
    years: Vec<Filter>,
    tags: Vec<Filter>,
    feeds: Vec<Feed>,
    /// The tag index page lists topics, not posts.
    topics: Vec<Filter>,
}

/// What a post template sees as `page.data`.
#[derive(Serialize)]
struct PostView<'a> {
    #[serde(flatten)]
    post: NewsItem<'a>,
    tag_links: Vec<Link>,
    /// The next older post.
    previous: Option<Link>,
    /// The next newer post.
    next: Option<Link>,
}

/// One listing to paginate: where it is and what it holds.
struct ListingSpec<'s, 'p> {
    title: String,
    base: String,
    description: String,
    posts: Vec<&'p Post>,
    feeds: Vec<Feed>,
    current: Current<'s>,
}

#[derive(PartialEq, Eq, Clone, Copy)]
enum Current<'a> {
    All,
    PostSeries(PostSeries),
    Year(i16),
    Tag(&'a str),
}

/// The posts of the site, grouped every way the listings show them.
struct Archive<'a> {
    all: Vec<&'a Post>,
    /// The series that have posts, in a fixed order.
    series: Vec<PostSeries>,
    years: BTreeMap<i16, Vec<&'a Post>>,
    /// Tag slug to the tag as written first and its posts.
    tags: BTreeMap<String, (String, Vec<&'a Post>)>,
}

impl<'a> Archive<'a> {
    fn new(site: &'a Site) -> Archive<'a> {
        let all: Vec<&Post> = site.news.iter().map(|p| &**p).collect();
        let series = [PostSeries::NewsSplash, PostSeries::Newsletter]
            .into_iter()
            .filter(|s| all.iter().any(|p| p.series == *s))
            .collect();
        let mut years: BTreeMap<i16, Vec<&Post>> = BTreeMap::new();
        let mut tags: BTreeMap<String, (String, Vec<&Post>)> = BTreeMap::new();
        for p in &all {
            years.entry(p.date.0.year()).or_default().push(p);
            for t in &p.tags {
                let slug = slugify(t);
                if !slug.is_empty() {
                    tags.entry(slug)
                        .or_insert_with(|| (t.clone(), Vec::new()))
                        .1
                        .push(p);
                }
            }
        }
        Archive {
            all,
            series,
            years,
            tags,
        }
    }

    /// The series, year and topic filters of a listing, `current` marked.
    fn filters(&self, current: Current) -> (Vec<Filter>, Vec<Filter>, Vec<Filter>) {
        let s = self
            .series
            .iter()
            .map(|s| Filter {
                title: s.label().to_owned(),
                url: format!("/news/{}/", s.slug()),
                count: self.all.iter().filter(|p| p.series == *s).count(),
                current: current == Current::PostSeries(*s),
            })
            .collect();
        let y = self
            .years
            .iter()
            .rev()
            .map(|(year, posts)| Filter {
                title: year.to_string(),
                url: format!("/news/{year}/"),
                count: posts.len(),
                current: current == Current::Year(*year),
            })
            .collect();
        let t = self
            .tags
            .iter()
            .map(|(slug, (name, posts))| Filter {
                title: name.clone(),
                url: format!("/news/tags/{slug}/"),
                count: posts.len(),
                current: current == Current::Tag(slug),
            })
            .collect();
        (s, y, t)
    }

    /// Every listing: all news, each series, each year, each topic.
    fn listings(&self) -> Vec<ListingSpec<'_, 'a>> {
        let mut specs = vec![ListingSpec {
            title: "News".to_owned(),
            base: "/news/".to_owned(),
            description:
                "The weekly SEND News Splash and the monthly newsletter for parents and carers."
                    .to_owned(),
            posts: self.all.clone(),
            feeds: feeds("All news", "/"),
            current: Current::All,
        }];
        for s in &self.series {
            let base = format!("/news/{}/", s.slug());
            specs.push(ListingSpec {
                title: s.label().to_owned(),
                description: format!("Every issue of the {}, newest first.", s.label()),
                posts: self
                    .all
                    .iter()
                    .copied()
                    .filter(|p| p.series == *s)
                    .collect(),
                feeds: feeds(s.label(), &base),
                base,
                current: Current::PostSeries(*s),
            });
        }
        for (year, posts) in &self.years {
            specs.push(ListingSpec {
                title: format!("News from {year}"),
                base: format!("/news/{year}/"),
                description: format!("News Splash and newsletter issues published in {year}."),
                posts: posts.clone(),
                feeds: Vec::new(),
                current: Current::Year(*year),
            });
        }
        for (slug, (name, posts)) in &self.tags {
            specs.push(ListingSpec {
                title: format!("News about {name}"),
                base: format!("/news/tags/{slug}/"),
                description: format!("News posts on the topic \u{201c}{name}\u{201d}."),
                posts: posts.clone(),
                feeds: Vec::new(),
                current: Current::Tag(slug),
            });
        }
        specs
    }
}

/// Adds every news page to `jobs`: the listings, the topic index and the posts.
pub(in crate::render) fn jobs<'a>(site: &'a Site, maker: &JobMaker<'a>, jobs: &mut Vec<Job<'a>>) {
    if site.news.is_empty() {
        return;
    }
    let archive = Archive::new(site);
    let per_page = site.config.posts_per_page.max(1);
    // Side by side: in watch mode each job fingerprints its page's view, and a
    // large site has hundreds of listing pages.
    let listings: Vec<Vec<Job<'a>>> = archive
        .listings()
        .par_iter()
        .map(|spec| {
            let mut jobs = Vec::new();
            listing_jobs(&archive, spec, per_page, maker, &mut jobs);
            jobs
        })
        .collect();
    jobs.extend(listings.into_iter().flatten());
    if !archive.tags.is_empty() {
        jobs.push(topic_index_job(&archive, maker));
    }
    post_jobs(&archive.all, maker, jobs);
}

/// The pages of one listing, `per_page` posts each.
fn listing_jobs<'a>(
    archive: &Archive<'_>,
    spec: &ListingSpec<'_, 'a>,
    per_page: usize,
    maker: &JobMaker<'a>,
    jobs: &mut Vec<Job<'a>>,
) {
    let (series, years, tags) = archive.filters(spec.current);
    let chunks: Vec<&[&Post]> = spec.posts.chunks(per_page).collect();
    let pages = chunks.len().max(1);
    jobs.par_extend(chunks.par_iter().enumerate().map(|(i, chunk)| {
        let number = i + 1;
        let url = page_url(&spec.base, number);
        let mut crumbs = home_crumb();
        if spec.current != Current::All {
            crumbs.push(link("News", "/news/"));
        }
        let title = numbered_title(&spec.title, number, pages);
        let meta = Meta {
            description: Some(spec.description.clone()),
            ..Meta::default()
        };
        let mut c = common(maker.view, &title, &url, "news", &meta, crumbs);
        if spec.current != Current::All {
            // The site-wide feeds are on every page already.
            c = c.with_alternates(spec.feeds.clone());
        }
        let data = Listing {
            posts: chunk.iter().map(|p| NewsItem::of(p)).collect(),
            pagination: (pages > 1).then(|| Pagination::new(&spec.base, number, pages)),
            series: series.clone(),
            years: years.clone(),
            tags: tags.clone(),
            feeds: spec.feeds.clone(),
            topics: Vec::new(),
        };
        maker
            .job(
                "news_index.html",
                output_path(&url),
                PageView { common: c, data },
            )
            .lastmod(newest(chunk))
    }));
}

impl Pagination {
    /// Page `page` of `pages` of the listing at `base`.
    pub(super) fn new(base: &str, page: usize, pages: usize) -> Pagination {
        Pagination {
            page,
            pages,
            previous: (page > 1).then(|| page_url(base, page - 1)),
            next: (page < pages).then(|| page_url(base, page + 1)),
            numbers: shown_pages(page, pages)
                .into_iter()
                .map(|n| match n {
                    Some(n) => PageNumber {
                        number: n,
                        url: page_url(base, n),
                        current: n == page,
                        gap: false,
                    },
                    None => PageNumber {
                        number: 0,
                        url: String::new(),
                        current: false,
                        gap: true,
                    },
                })
                .collect(),
        }
    }
}

/// The page numbers page `page` of `pages` links to, as GOV.UK's pagination
/// shows them: the first and last pages, the current one and those either side
/// of it, with `None` (an ellipsis) for the pages left out between. A gap would
/// hide a single page is that page instead. Listing every page made a directory's
/// 250-page listing hard to use: 250 links on each of its pages.
fn shown_pages(page: usize, pages: usize) -> Vec<Option<usize>> {
    let shown = |n: usize| n == 1 || n == pages || n.abs_diff(page) <= 1;
    let mut out = Vec::new();
    let mut n = 1;
    while n <= pages {
        if shown(n) || (n >= 2 && n < pages && shown(n - 1) && shown(n + 1)) {
            out.push(Some(n));
            n += 1;
        } else {
            out.push(None);
            while n <= pages && !shown(n) {
                n += 1;
            }
        }
    }
    out
}

/// `/news/tags/`: every topic.
fn topic_index_job<'a>(archive: &Archive<'_>, maker: &JobMaker<'a>) -> Job<'a> {
    let (series, years, topics) = archive.filters(Current::All);
    let meta = Meta {
        description: Some("Every topic the news posts are about.".to_owned()),
        ..Meta::default()
    };
    let mut crumbs = home_crumb();
    crumbs.push(link("News", "/news/"));
    let c = common(
        maker.view,
        "News topics",
        "/news/tags/",
        "news",
        &meta,
        crumbs,
    );
    let data = Listing {
        posts: Vec::new(),
        pagination: None,
        series,
        years,
        tags: Vec::new(),
        feeds: Vec::new(),
        topics,
    };
    maker
        .job(
            "news_index.html",
            output_path("/news/tags/"),
            PageView { common: c, data },
        )
        .lastmod(newest(&archive.all))
}

/// A page per post, with links to the next older and newer posts.
fn post_jobs<'a>(all: &[&'a Post], maker: &JobMaker<'a>, jobs: &mut Vec<Job<'a>>) {
    let view = maker.view;
    jobs.par_extend(all.par_iter().enumerate().map(|(i, p)| {
        let p: &'a Post = p;
        let previous = all.get(i + 1).map(|o| link(&o.title, &o.url));
        let next = i
            .checked_sub(1)
            .and_then(|n| all.get(n))
            .map(|o| link(&o.title, &o.url));
        maker
            .job_with("news.html", output_path(&p.url), move || {
                let mut crumbs = home_crumb();
                crumbs.push(link("News", "/news/"));
                crumbs.push(link(p.series_label, &format!("/news/{}/", p.series.slug())));
                let mut meta = p.meta.clone();
                if meta.description.is_none() {
                    meta.description = Some(p.summary.clone());
                }
                let c = common(view, &p.title, &p.url, "news", &meta, crumbs)
                    .article()
                    .with_json_ld_of(move || crate::render::structured::news_article(p, view));
                let data = PostView {
                    post: NewsItem::of(p),
                    tag_links: p
                        .tags
                        .iter()
                        .filter(|t| !slugify(t).is_empty())
                        .map(|t| link(t, &format!("/news/tags/{}/", slugify(t))))
                        .collect(),
                    previous,
                    next,
                };
                PageView { common: c, data }
            })
            .lastmod(Some(p.meta.updated.unwrap_or(p.date)))
    }));
}

/// The title of page `number` of `pages` of a listing called `title`: the title
/// alone on page 1, then `title (page 2 of 5)`.
pub(super) fn numbered_title(title: &str, number: usize, pages: usize) -> String {
    if number > 1 {
        format!("{title} (page {number} of {pages})")
    } else {
        title.to_owned()
    }
}

/// Page `number` of the listing at `base`: `base` itself, then `base/page/2/`.
pub(super) fn page_url(base: &str, number: usize) -> String {
    if number <= 1 {
        base.to_owned()
    } else {
        format!("{base}page/{number}/")
    }
}

fn newest(posts: &[&Post]) -> Option<Date> {
    posts.iter().map(|p| p.meta.updated.unwrap_or(p.date)).max()
}
/// A post as listings, the home page and post pages show it.
#[derive(Serialize)]
pub(super) struct NewsItem<'a> {
    title: &'a str,
    url: &'a str,
    date: String,
    date_iso: String,
    series: PostSeries,
    series_label: &'static str,
    summary: &'a str,
    tags: &'a [String],
    unpublished: bool,
    /// The post's text, shared (listings show every post's) and fingerprinted
    /// once.
    html: RememberedIn<'a, String>,
}

impl<'a> NewsItem<'a> {
    pub(super) fn of(p: &'a Post) -> NewsItem<'a> {
        NewsItem {
            title: &p.title,
            url: &p.url,
            date: p.date.long(),
            date_iso: p.date.iso(),
            series: p.series,
            series_label: p.series_label,
            summary: &p.summary,
            tags: &p.tags,
            unpublished: p.unpublished,
            html: RememberedIn(&p.html, &p.print),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::shown_pages;

    /// The pages shown, with `…` for a gap.
    fn shown(page: usize, pages: usize) -> String {
        shown_pages(page, pages)
            .iter()
            .map(|n| n.map_or("…".to_owned(), |n| n.to_string()))
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn long_listings_show_the_ends_and_the_pages_beside_the_current_one() {
        assert_eq!(shown(1, 1), "1");
        assert_eq!(shown(2, 3), "1 2 3");
        assert_eq!(shown(1, 5), "1 2 … 5");
        assert_eq!(shown(3, 5), "1 2 3 4 5");
        assert_eq!(shown(5, 9), "1 … 4 5 6 … 9");
        // A gap never hides a single page.
        assert_eq!(shown(4, 9), "1 2 3 4 5 … 9");
        assert_eq!(shown(250, 250), "1 … 249 250");
        assert_eq!(shown(120, 250), "1 … 119 120 121 … 250");
    }
}
