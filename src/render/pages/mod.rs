//! One module per kind of page: each makes its kind's [`Job`]s (the template, the
//! output path and the view the template sees). [`jobs`] is every page of the site.

mod coverage;
mod home;
mod print;

/// One module per kind, named as in the table of kinds, each with its `jobs`.
macro_rules! kind_pages {
    ($($module:ident),*) => {
        $(pub(super) mod $module;)*

        /// What makes each kind's pages, in the table's order.
        fn kind_makers<'a>() -> Vec<MakeJobs<'a>> {
            vec![$($module::jobs as MakeJobs<'a>),*]
        }
    };
}
crate::content::kinds::each_kind!(kind_pages);

use rayon::prelude::*;

use super::jobs::{Job, JobMaker};
use super::view::{PageView, listing};
use crate::content::Site;

/// Adds one group of pages (a kind's, the home page...) to a list of jobs.
type MakeJobs<'a> = fn(&'a Site, &JobMaker<'a>, &mut Vec<Job<'a>>);

/// Every page of the site as a render job.
///
/// The groups are made side by side. In watch mode making a job fingerprints
/// its page's view, and a group's own listings (the A to Z of every term, each
/// page of news, the team tree) are made one after another within it: one
/// group after another, they were most of what a rebuild did on one core.
pub(super) fn jobs<'a>(site: &'a Site, maker: &JobMaker<'a>) -> Vec<Job<'a>> {
    let mut makers: Vec<MakeJobs<'a>> = vec![home::jobs];
    makers.extend(kind_makers());
    makers.extend([
        coverage::jobs as MakeJobs<'a>,
        print::jobs as MakeJobs<'a>,
        not_found as MakeJobs<'a>,
    ]);
    let groups: Vec<Vec<Job<'a>>> = makers
        .into_par_iter()
        .map(|make| {
            let mut jobs = Vec::new();
            make(site, maker, &mut jobs);
            jobs
        })
        .collect();
    groups.into_iter().flatten().collect()
}

/// The page shown for an address the site does not have.
fn not_found<'a>(_: &'a Site, maker: &JobMaker<'a>, jobs: &mut Vec<Job<'a>>) {
    let view = maker.view;
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
}
