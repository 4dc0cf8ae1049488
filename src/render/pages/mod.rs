//! One module per kind of page: each makes its kind's [`Job`]s (the template, the
//! output path and the view the template sees). [`jobs`] is every page of the site.

mod faq;
mod feedback;
mod home;
mod jargon;
pub(super) mod news;
mod page;
mod performance;
mod team;

use super::jobs::{Job, JobMaker};
use super::view::{PageView, listing};
use crate::content::Site;

/// Every page of the site as a render job.
pub(super) fn jobs<'a>(site: &'a Site, maker: &JobMaker<'a>) -> Vec<Job<'a>> {
    let view = maker.view;
    let mut jobs = Vec::new();
    home::jobs(site, maker, &mut jobs);
    page::jobs(site, maker, &mut jobs);
    faq::jobs(site, maker, &mut jobs);
    jargon::jobs(site, maker, &mut jobs);
    team::jobs(site, maker, &mut jobs);
    performance::jobs(site, maker, &mut jobs);
    news::jobs(site, maker, &mut jobs);
    feedback::jobs(site, maker, &mut jobs);
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
