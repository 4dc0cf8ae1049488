//! "Meet the service": the team tree and a page per team.

use rayon::prelude::*;
use serde::Serialize;

use crate::content::Site;
use crate::content::team::Team;
use crate::render::jobs::{Job, JobMaker};
use crate::render::output_path;
use crate::render::view::{PageView, SiteView, common, home_crumb, link, listing};
use crate::util::fingerprint::Remembered;

/// `/team/` and a page per team.
pub(in crate::render) fn jobs<'a>(site: &'a Site, maker: &JobMaker<'a>, jobs: &mut Vec<Job<'a>>) {
    let view = maker.view;
    let tree = Tree::of(site);
    let teams = TeamIndexData {
        tree: tree.below(None),
        contacts: contacts(site, view),
    };
    jobs.push(maker.job(
        "team_index.html",
        output_path("/team/"),
        PageView {
            common: listing(
                view,
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
        let mut cur = tree.parent_of(t);
        while let Some(a) = cur {
            ancestors.push(link(&a.name, &a.url));
            cur = tree.parent_of(a);
        }
        crumbs.extend(ancestors.into_iter().rev());
        let c = common(view, &t.name, &t.url, "team", &t.meta, crumbs);
        let data = TeamData {
            team: Remembered(t),
            children: tree.below(Some(t)),
        };
        maker.job(
            "team.html",
            output_path(&t.url),
            PageView { common: c, data },
        )
    }));
}

/// A team with its sub-teams, for nested lists.
#[derive(Serialize)]
struct TeamNode<'a> {
    team: Remembered<'a, Team>,
    /// The team's email, when it differs from the team above it (the same address
    /// on every line of the tree would only be noise).
    email: Option<&'a str>,
    children: Vec<TeamNode<'a>>,
}

/// The teams by id and by parent, in the site's order: a page per team walks
/// the tree below it and the line above it, and scanning every team at each step
/// took most of a rebuild for a thousand teams.
struct Tree<'a> {
    by_id: rustc_hash::FxHashMap<&'a str, &'a Team>,
    /// Each parent's id (`None`: the top) to its teams.
    children: rustc_hash::FxHashMap<Option<&'a str>, Vec<&'a Team>>,
}

impl<'a> Tree<'a> {
    fn of(site: &'a Site) -> Tree<'a> {
        let mut tree = Tree {
            by_id: rustc_hash::FxHashMap::with_capacity_and_hasher(
                site.teams.len(),
                Default::default(),
            ),
            children: rustc_hash::FxHashMap::default(),
        };
        for t in &site.teams {
            tree.by_id.insert(&t.id, t);
            tree.children
                .entry(t.parent.as_deref())
                .or_default()
                .push(t);
        }
        tree
    }

    fn parent_of(&self, team: &Team) -> Option<&'a Team> {
        team.parent
            .as_deref()
            .and_then(|p| self.by_id.get(p).copied())
    }

    /// The teams under `parent` (`None`: the top), each with those under it.
    fn below(&self, parent: Option<&Team>) -> Vec<TeamNode<'a>> {
        let parent_email = parent.and_then(|p| p.email.as_deref());
        let Some(teams) = self.children.get(&parent.map(|p| p.id.as_str())) else {
            return Vec::new();
        };
        teams
            .iter()
            .map(|t| TeamNode {
                team: Remembered(t),
                email: t.email.as_deref().filter(|e| Some(*e) != parent_email),
                children: self.below(Some(t)),
            })
            .collect()
    }
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
    team: Remembered<'a, Team>,
    children: Vec<TeamNode<'a>>,
}
