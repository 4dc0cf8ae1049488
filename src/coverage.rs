//! The coverage report: each thing the law asks a Local Offer to contain
//! ([`crate::content::schedule2`]), with the pages that say they give it. Pages,
//! guides, FAQ pages and every other kind say so in `covers:`; a running service
//! also through its categories. `check --coverage` prints it and the build
//! writes it as the public page "What this Local Offer covers".

use std::collections::HashSet;

use serde::Serialize;

use crate::content::schedule2::{self, Basis, CATEGORY_COVERS, REQUIREMENTS, Requirement};
use crate::content::services::Status;
use crate::content::{Kind, Site};

/// One requirement and what covers it.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    /// What `covers:` names it by.
    pub key: &'static str,
    /// Its paragraph of Schedule 2, where it is one.
    pub paragraph: Option<&'static str>,
    /// Where the law asks for it: `Schedule 2, paragraph 1(a)`.
    pub basis: String,
    /// Our short summary of it.
    pub summary: &'static str,
    /// The pages that cover it, in the order of the table of kinds.
    pub pages: Vec<Covering>,
}

/// A page that covers a requirement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Covering {
    /// Its title.
    pub title: String,
    /// Its address on the site.
    pub url: String,
}

impl Item {
    fn of(r: &Requirement) -> Item {
        Item {
            key: r.key,
            paragraph: match r.basis {
                Basis::Schedule2(p) => Some(p),
                Basis::Act | Basis::Code => None,
            },
            basis: r.basis.citation(),
            summary: r.summary,
            pages: Vec::new(),
        }
    }
}

/// Every requirement, in the law's order, with the pages of `site` that cover
/// it. Services that are inactive or closed for good cover nothing.
pub fn report<'s>(site: &'s Site) -> Vec<Item> {
    let mut items: Vec<Item> = REQUIREMENTS.iter().map(Item::of).collect();
    // Each page once an item: with a directory, thousands of services cover the
    // same few items.
    let mut listed: HashSet<(&str, &'s str)> = HashSet::new();
    let mut add = |value: &str, title: &str, url: &'s str| {
        let Some(r) = schedule2::find(value) else {
            return; // the load reported it
        };
        if let Some(item) = items.iter_mut().find(|i| i.key == r.key)
            && listed.insert((r.key, url))
        {
            item.pages.push(Covering {
                title: title.to_owned(),
                url: url.to_owned(),
            });
        }
    };
    for (kind, url, title, meta) in site.files() {
        if kind != Kind::Service {
            meta.covers.iter().for_each(|v| add(v, title, url));
        }
    }
    let running = site
        .services
        .iter()
        .filter(|s| !matches!(s.status, Status::Inactive | Status::Defunct));
    for s in running {
        s.meta.covers.iter().for_each(|v| add(v, &s.title, &s.url));
        for category in &s.categories {
            let keys = CATEGORY_COVERS
                .iter()
                .filter(|(slug, _)| *slug == category.slug)
                .flat_map(|(_, keys)| keys.iter());
            keys.for_each(|k| add(k, &s.title, &s.url));
        }
    }
    items
}

/// How many of `items` something covers.
pub fn covered(items: &[Item]) -> usize {
    items.iter().filter(|i| !i.pages.is_empty()).count()
}
