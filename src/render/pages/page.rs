//! Plain pages (`content/pages/`).

use rayon::prelude::*;

use crate::content::Site;
use crate::render::jobs::{Job, JobMaker};
use crate::render::output_path;
use crate::render::view::{
    ANOTHER_WAY_SLUG, ANOTHER_WAY_TITLE, PageView, common, home_crumb, listing,
};
use crate::util::fingerprint::RememberedIn;

/// Every plain page, and the theme's "get this information another way" page when
/// the site has none of its own.
pub(in crate::render) fn jobs<'a>(site: &'a Site, maker: &JobMaker<'a>, jobs: &mut Vec<Job<'a>>) {
    let view = maker.view;
    jobs.par_extend(site.pages.par_iter().map(|p| {
        maker
            .job_with("page.html", output_path(&p.url), move || PageView {
                common: common(view, &p.title, &p.url, "page", &p.meta, home_crumb()),
                data: RememberedIn(&p.html, &p.print),
            })
            .lastmod(p.meta.updated)
    }));
    if !site.pages.iter().any(|p| p.slug == ANOTHER_WAY_SLUG) {
        let url = format!("/{ANOTHER_WAY_SLUG}/");
        jobs.push(maker.job("another_way.html", output_path(&url), PageView {
                common: listing(
                    view,
                    ANOTHER_WAY_TITLE,
                    &url,
                    "page",
                    "How to ask for the information on this website in another format, such as large print, easy read, audio or braille.",
                ),
                data: (),
            },
        ));
    }
}
