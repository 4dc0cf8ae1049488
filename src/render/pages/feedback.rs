//! "You said, we did" (`content/you-said-we-did/`).

use serde::Serialize;

use crate::content::feedback::FeedbackPage;
use crate::content::{Meta, Site};
use crate::render::jobs::{Job, JobMaker};
use crate::render::output_path;
use crate::render::view::{PageView, common, home_crumb, link};

/// `/you-said-we-did/` and a page per response.
pub(in crate::render) fn jobs<'a>(site: &'a Site, maker: &JobMaker<'a>, jobs: &mut Vec<Job<'a>>) {
    let view = maker.view;
    if site.feedback.is_empty() {
        return;
    }
    let list: Vec<FeedbackItem> = site.feedback.iter().map(|f| FeedbackItem::of(f)).collect();
    let index = common(
        view,
        "You said, we did",
        "/you-said-we-did/",
        "feedback",
        &Meta {
            description: Some("What parents, carers and young people have told us about SEND services, and what we did in response.".to_owned()),
            ..Meta::default()
        },
        home_crumb(),
    );
    jobs.push(
        maker
            .job(
                "feedback_index.html",
                output_path("/you-said-we-did/"),
                PageView {
                    common: index,
                    data: list,
                },
            )
            .lastmod(site.feedback.iter().map(|f| f.date).max()),
    );
    for f in &site.feedback {
        let mut crumbs = home_crumb();
        crumbs.push(link("You said, we did", "/you-said-we-did/"));
        let c = common(view, &f.title, &f.url, "feedback", &f.meta, crumbs);
        jobs.push(
            maker
                .job(
                    "feedback.html",
                    output_path(&f.url),
                    PageView {
                        common: c,
                        data: FeedbackView::of(f),
                    },
                )
                .lastmod(Some(f.meta.updated.unwrap_or(f.date))),
        );
    }
}

/// A "You said, we did" page in the list.
#[derive(Serialize)]
struct FeedbackItem {
    title: String,
    url: String,
    date: String,
    date_iso: String,
    source: Option<String>,
    description: String,
    count: usize,
}

impl FeedbackItem {
    fn of(f: &FeedbackPage) -> FeedbackItem {
        FeedbackItem {
            title: f.title.clone(),
            url: f.url.clone(),
            date: f.date.long(),
            date_iso: f.date.iso(),
            source: f.source.clone(),
            description: f.meta.description.clone().unwrap_or_default(),
            count: f.entries.len(),
        }
    }
}

#[derive(Serialize)]
struct FeedbackView<'a> {
    date: String,
    date_iso: String,
    source: &'a Option<String>,
    intro_html: &'a str,
    entries: &'a [crate::content::feedback::Entry],
}

impl<'a> FeedbackView<'a> {
    fn of(f: &'a FeedbackPage) -> FeedbackView<'a> {
        FeedbackView {
            date: f.date.long(),
            date_iso: f.date.iso(),
            source: &f.source,
            intro_html: &f.intro_html,
            entries: &f.entries,
        }
    }
}
