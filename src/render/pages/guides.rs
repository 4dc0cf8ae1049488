//! Step-by-step guides: `/guides/`, the list of them, and a page per guide with
//! its steps as an ordered list of headed sections and its sources at the foot.

use serde::Serialize;

use crate::content::Site;
use crate::content::kinds::guides::Guide;
use crate::render::jobs::{Job, JobMaker};
use crate::render::output_path;
use crate::render::view::{PageView, common, home_crumb, link, listing};

#[derive(Serialize)]
struct GuideList<'a> {
    guides: Vec<&'a Guide>,
}

/// `/guides/` and `/guides/<slug>/`; nothing when the site has no guides.
pub(in crate::render) fn jobs<'a>(site: &'a Site, maker: &JobMaker<'a>, jobs: &mut Vec<Job<'a>>) {
    if site.guides.is_empty() {
        return;
    }
    let view = maker.view;
    jobs.push(maker.job(
        "guides_index.html",
        output_path("/guides/"),
        PageView {
            common: listing(
                view,
                "Step-by-step guides",
                "/guides/",
                "guides",
                "What happens, step by step, when you ask for an assessment, disagree with a decision, need transport and more.",
            ),
            data: GuideList {
                guides: site.guides.iter().map(|g| &**g).collect(),
            },
        },
    ));
    for g in &site.guides {
        let mut crumbs = home_crumb();
        crumbs.push(link("Step-by-step guides", "/guides/"));
        jobs.push(
            maker
                .job(
                    "guide.html",
                    output_path(&g.url),
                    PageView {
                        common: common(view, &g.title, &g.url, "guides", &g.meta, crumbs),
                        data: g,
                    },
                )
                .lastmod(g.meta.updated),
        );
    }
}
