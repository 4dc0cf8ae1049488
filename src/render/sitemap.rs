//! `/sitemap.xml` (every public page with the day it last changed) and
//! `/robots.txt` (which points at the sitemap).

use super::{Job, Output};
use crate::content::{Date, Site};
use crate::util::html::{escape, escape_into};

/// The sitemap of every page in `jobs` that is listed, in order of address. A page
/// with no date of its own is given the day of the build.
pub fn sitemap(site: &Site, base: &str, jobs: &[Job<'_>]) -> Output {
    let today = site.built_at.date();
    // Each page's address without its leading `/` (`faqs/a/` for
    // `faqs/a/index.html`), borrowed: sorting these sorts the addresses, and
    // nothing is copied for the 10,000 lines of a large site.
    let mut entries: Vec<(&str, Date)> = jobs
        .iter()
        .filter(|j| j.listed && j.path.ends_with(".html"))
        .map(|j| {
            let url = j.path.strip_suffix("index.html").unwrap_or(&j.path);
            (url, j.lastmod.unwrap_or(Date(today)))
        })
        .collect();
    entries.sort_unstable();
    // Escaping goes character by character, so the base is escaped once.
    let base = escape(base);
    let mut xml = String::with_capacity(100 + entries.len() * (base.len() + 70));
    xml.push_str(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (url, lastmod) in entries {
        xml.push_str("  <url><loc>");
        xml.push_str(&base);
        xml.push('/');
        escape_into(&mut xml, url);
        xml.push_str("</loc><lastmod>");
        lastmod.push_iso(&mut xml);
        xml.push_str("</lastmod></url>\n");
    }
    xml.push_str("</urlset>\n");
    Output {
        path: "sitemap.xml".to_owned(),
        text: xml,
    }
}

/// `robots.txt`: everything may be crawled but the search pages, and the sitemap
/// is named.
pub fn robots(base: &str) -> Output {
    Output {
        path: "robots.txt".to_owned(),
        text: format!(
            "User-agent: *\nDisallow: /search\nDisallow: /api/\n\nSitemap: {base}/sitemap.xml\n"
        ),
    }
}
