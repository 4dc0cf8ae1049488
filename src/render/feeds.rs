//! The news feeds: Atom (`/atom.xml`) and RSS 2.0 (`/rss.xml`) for all news, and one
//! of each per series under `/news/<series>/`. Written with the `atom_syndication`
//! and `rss` crates; every link is absolute, from `site.toml`'s `base_url`.

use atom_syndication as atom;

use super::{Output, absolute_links};
use crate::content::Site;
use crate::content::news::{Post, PostSeries};

/// How many of the newest posts a feed carries.
const FEED_LENGTH: usize = 20;

/// Every feed of the site; none when there is no news.
pub fn all(site: &Site, base: &str) -> Vec<Output> {
    if site.news.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let everything: Vec<&Post> = site.news.iter().map(std::sync::Arc::as_ref).collect();
    out.extend(pair(site, base, "", &site.config.title, &everything));
    for series in [PostSeries::NewsSplash, PostSeries::Newsletter] {
        let posts: Vec<&Post> = site
            .news
            .iter()
            .filter(|p| p.series == series)
            .map(std::sync::Arc::as_ref)
            .collect();
        if !posts.is_empty() {
            let title = format!("{}: {}", site.config.title, series.label());
            let folder = format!("news/{}/", series.slug());
            out.extend(pair(site, base, &folder, &title, &posts));
        }
    }
    out
}

/// The Atom and RSS feeds of `posts`, written into `folder` (`` or `news/x/`).
fn pair(site: &Site, base: &str, folder: &str, title: &str, posts: &[&Post]) -> [Output; 2] {
    let posts = &posts[..posts.len().min(FEED_LENGTH)];
    let listing = if folder.is_empty() {
        format!("{base}/news/")
    } else {
        format!("{base}/{folder}")
    };
    [
        Output {
            path: format!("{folder}atom.xml"),
            text: atom_feed(site, base, folder, title, &listing, posts),
        },
        Output {
            path: format!("{folder}rss.xml"),
            text: rss_feed(site, base, title, &listing, posts),
        },
    ]
}

fn atom_feed(
    site: &Site,
    base: &str,
    folder: &str,
    title: &str,
    listing: &str,
    posts: &[&Post],
) -> String {
    let zone = site.config.zone();
    let self_url = format!("{base}/{folder}atom.xml");
    let entries: Vec<atom::Entry> = posts.iter().map(|p| atom_entry(p, base, &zone)).collect();
    let updated = posts
        .iter()
        .map(|p| p.meta.updated.unwrap_or(p.date))
        .max()
        .map_or_else(
            || parse_time(&rfc3339_of(site.built_at, &zone)),
            |d| parse_time(&rfc3339(d, &zone)),
        );
    let feed = atom::Feed {
        title: atom::Text::plain(title.to_owned()),
        id: self_url.clone(),
        updated,
        authors: vec![atom::Person {
            name: site.config.organisation.name.clone(),
            email: site.config.organisation.email.clone(),
            uri: Some(format!("{base}/")),
            ..atom::Person::default()
        }],
        links: vec![
            atom::Link {
                href: self_url,
                rel: "self".to_owned(),
                mime_type: Some("application/atom+xml".to_owned()),
                ..atom::Link::default()
            },
            atom::Link {
                href: listing.to_owned(),
                rel: "alternate".to_owned(),
                mime_type: Some("text/html".to_owned()),
                ..atom::Link::default()
            },
        ],
        subtitle: (!site.config.description.is_empty())
            .then(|| atom::Text::plain(site.config.description.clone())),
        lang: Some(site.config.language.clone()),
        entries,
        ..atom::Feed::default()
    };
    feed.to_string()
}

/// One post as an Atom entry, its links made absolute with `base`.
fn atom_entry(p: &Post, base: &str, zone: &jiff::tz::TimeZone) -> atom::Entry {
    let url = format!("{base}{}", p.url);
    let published = rfc3339(p.date, zone);
    atom::Entry {
        title: atom::Text::plain(p.title.clone()),
        id: url.clone(),
        updated: parse_time(&rfc3339(p.meta.updated.unwrap_or(p.date), zone)),
        published: Some(parse_time(&published)),
        links: vec![atom::Link {
            href: url.clone(),
            rel: "alternate".to_owned(),
            mime_type: Some("text/html".to_owned()),
            ..atom::Link::default()
        }],
        summary: Some(atom::Text::plain(p.summary.clone())),
        content: Some(atom::Content {
            value: Some(absolute_links(&p.html, base, &p.url)),
            content_type: Some("html".to_owned()),
            ..atom::Content::default()
        }),
        categories: p
            .tags
            .iter()
            .map(|t| atom::Category {
                term: t.clone(),
                ..atom::Category::default()
            })
            .collect(),
        ..atom::Entry::default()
    }
}

fn rss_feed(site: &Site, base: &str, title: &str, listing: &str, posts: &[&Post]) -> String {
    let zone = site.config.zone();
    let items: Vec<rss::Item> = posts
        .iter()
        .map(|p| {
            let url = format!("{base}{}", p.url);
            rss::Item {
                title: Some(p.title.clone()),
                link: Some(url.clone()),
                description: Some(p.summary.clone()),
                guid: Some(rss::Guid {
                    value: url,
                    permalink: true,
                }),
                pub_date: Some(rfc2822(p.date, &zone)),
                content: Some(absolute_links(&p.html, base, &p.url)),
                categories: p
                    .tags
                    .iter()
                    .map(|t| rss::Category {
                        name: t.clone(),
                        domain: None,
                    })
                    .collect(),
                ..rss::Item::default()
            }
        })
        .collect();
    let channel = rss::Channel {
        title: title.to_owned(),
        link: listing.to_owned(),
        description: if site.config.description.is_empty() {
            title.to_owned()
        } else {
            site.config.description.clone()
        },
        language: Some(site.config.language.clone()),
        last_build_date: posts.first().map(|p| rfc2822(p.date, &zone)),
        namespaces: [(
            "content".to_owned(),
            "http://purl.org/rss/1.0/modules/content/".to_owned(),
        )]
        .into_iter()
        .collect(),
        items,
        ..rss::Channel::default()
    };
    channel.to_string()
}

/// The start of `date` in `zone`.
fn start_of(date: crate::content::Date, zone: &jiff::tz::TimeZone) -> Option<jiff::ZonedDateTime> {
    date.0.to_zoned_datetime(zone.clone()).ok()
}

fn rfc3339(date: crate::content::Date, zone: &jiff::tz::TimeZone) -> String {
    start_of(date, zone).map_or_else(
        || format!("{}T00:00:00Z", date.iso()),
        |z| z.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string(),
    )
}

fn rfc3339_of(at: jiff::civil::DateTime, zone: &jiff::tz::TimeZone) -> String {
    at.to_zoned_datetime(zone.clone()).map_or_else(
        |_| format!("{}Z", at.strftime("%Y-%m-%dT%H:%M:%S")),
        |z| z.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string(),
    )
}

fn rfc2822(date: crate::content::Date, zone: &jiff::tz::TimeZone) -> String {
    start_of(date, zone)
        .and_then(|z| jiff::fmt::rfc2822::to_string(&z).ok())
        .unwrap_or_else(|| date.0.strftime("%a, %d %b %Y 00:00:00 +0000").to_string())
}

/// A time for the Atom crate. The text always comes from the functions above, so it
/// is valid RFC 3339; the epoch stands in if it ever were not.
fn parse_time(text: &str) -> atom::FixedDateTime {
    atom::FixedDateTime::parse_from_rfc3339(text).unwrap_or_default()
}
