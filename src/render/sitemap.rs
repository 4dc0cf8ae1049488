//! `/sitemap.xml` (every public page with the day it last changed) and
//! `/robots.txt` (which points at the sitemap).

use super::{Job, Output};
use crate::content::Site;
use crate::util::html::escape;

/// The sitemap of every page in `jobs` that is listed. A page with no date of its
/// own is given the day of the build.
pub fn sitemap(site: &Site, base: &str, jobs: &[Job<'_>]) -> Output {
    use std::fmt::Write;
    let today = site.built_at.date().to_string();
    let mut entries: Vec<(String, String)> = jobs
        .iter()
        .filter(|j| j.listed && j.path.ends_with(".html"))
        .map(|j| {
            let lastmod = j.lastmod.map_or_else(|| today.clone(), |d| d.iso());
            (url_of(&j.path), lastmod)
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
        // Writing to a String cannot fail.
        let _ = writeln!(
            xml,
            "  <url><loc>{base}{}</loc><lastmod>{lastmod}</lastmod></url>",
            escape(&url)
        );
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

/// `faqs/a/index.html` -> `/faqs/a/`.
fn url_of(path: &str) -> String {
    let url = path.strip_suffix("index.html").unwrap_or(path);
    format!("/{url}")
}
