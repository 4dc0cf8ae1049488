//! `/coverage/`: "What this Local Offer covers", each thing the law asks a Local
//! Offer to contain linked to the pages that give it, and the gaps.

use serde::Serialize;

use crate::content::Site;
use crate::content::schedule2::{CODE_URL, SCHEDULE_2_URL, SECTION_30_URL};
use crate::coverage::{self, Item};
use crate::render::jobs::{Job, JobMaker};
use crate::render::output_path;
use crate::render::view::{COVERAGE_URL, PageView, listing};

#[derive(Serialize)]
struct CoverageData {
    /// The paragraphs of Schedule 2.
    schedule: Vec<Item>,
    /// The subjects the Act and the Code add.
    subjects: Vec<Item>,
    covered: usize,
    total: usize,
    schedule_url: &'static str,
    section_30_url: &'static str,
    code_url: &'static str,
}

/// The coverage page.
pub(in crate::render) fn jobs<'a>(site: &'a Site, maker: &JobMaker<'a>, jobs: &mut Vec<Job<'a>>) {
    let items = coverage::report(site);
    let (covered, total) = (coverage::covered(&items), items.len());
    let (schedule, subjects) = items.into_iter().partition(|i| i.paragraph.is_some());
    jobs.push(maker.job(
        "coverage.html",
        output_path(COVERAGE_URL),
        PageView {
            common: listing(
                maker.view,
                "What this Local Offer covers",
                COVERAGE_URL,
                "coverage",
                "Each thing the law asks a Local Offer to contain, and where this website gives it.",
            ),
            data: CoverageData {
                schedule,
                subjects,
                covered,
                total,
                schedule_url: SCHEDULE_2_URL,
                section_30_url: SECTION_30_URL,
                code_url: CODE_URL,
            },
        },
    ));
}
