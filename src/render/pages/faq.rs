//! FAQ pages and their index.

use rayon::prelude::*;
use serde::Serialize;

use crate::content::Site;
use crate::content::faq::FaqPage;
use crate::render::jobs::{Job, JobMaker};
use crate::render::output_path;
use crate::util::fingerprint::Remembered;
use crate::render::view::{PageView, common, home_crumb, link, listing};

/// `/faqs/` and every FAQ page.
pub(in crate::render) fn jobs<'a>(site: &'a Site, maker: &JobMaker<'a>, jobs: &mut Vec<Job<'a>>) {
    let view = maker.view;
    let faq_list: Vec<Summary> = site.faqs.iter().map(|f| Summary::of_faq(f)).collect();
    jobs.push(
        maker
            .job(
                "faq_index.html",
                output_path("/faqs/"),
                PageView {
                    common: listing(
                        view,
                        "Frequently asked questions",
                        "/faqs/",
                        "faqs",
                        "Answers to the questions parents, carers and young people ask about SEND.",
                    ),
                    data: faq_list,
                },
            )
            .lastmod(site.faqs.iter().filter_map(|f| f.meta.updated).max()),
    );
    jobs.par_extend(site.faqs.par_iter().map(|f| {
        maker
            .job_with("faq.html", output_path(&f.url), move || {
                let mut crumbs = home_crumb();
                crumbs.push(link("FAQs", "/faqs/"));
                let c = common(view, &f.title, &f.url, "faqs", &f.meta, crumbs)
                    .with_json_ld_of(move || crate::render::structured::faq_page(f));
                PageView {
                    common: c,
                    data: Remembered(&**f),
                }
            })
            .lastmod(f.meta.updated)
    }));
}

/// A page in a list: title, link, one line about it.
#[derive(Serialize)]
struct Summary {
    title: String,
    url: String,
    description: String,
    count: usize,
}

impl Summary {
    fn of_faq(f: &FaqPage) -> Summary {
        Summary {
            title: f.title.clone(),
            url: f.url.clone(),
            description: f.meta.description.clone().unwrap_or_default(),
            count: f.questions().count(),
        }
    }
}
