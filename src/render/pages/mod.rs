//! One module per kind of page: each makes its kind's [`Job`]s (the template, the
//! output path and the view the template sees). [`jobs`] is every page of the site.

mod coverage;
mod home;
mod print;

/// One module per kind, named as in the table of kinds, each with its `jobs`.
macro_rules! kind_pages {
    ($($module:ident),*) => {
        $(pub(super) mod $module;)*

        /// Every page of every kind, in the table's order.
        fn kind_jobs<'a>(site: &'a Site, maker: &JobMaker<'a>, jobs: &mut Vec<Job<'a>>) {
            $($module::jobs(site, maker, jobs);)*
        }
    };
}
crate::content::kinds::each_kind!(kind_pages);

use super::jobs::{Job, JobMaker};
use super::view::{PageView, listing};
use crate::content::Site;

/// Every page of the site as a render job.
pub(super) fn jobs<'a>(site: &'a Site, maker: &JobMaker<'a>) -> Vec<Job<'a>> {
    let view = maker.view;
    let mut jobs = Vec::new();
    home::jobs(site, maker, &mut jobs);
    kind_jobs(site, maker, &mut jobs);
    coverage::jobs(site, maker, &mut jobs);
    print::jobs(site, maker, &mut jobs);
    jobs.push(
        maker
            .job(
                "404.html",
                "404.html".to_owned(),
                PageView {
                    common: listing(
                        view,
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
