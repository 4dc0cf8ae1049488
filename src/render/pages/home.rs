//! The home page.

use serde::Serialize;

use super::news::NewsItem;
use crate::content::Site;
use crate::render::jobs::{Job, JobMaker};
use crate::render::output_path;
use crate::render::view::{PageView, common};

/// The home page: its text and the three newest posts.
pub(in crate::render) fn jobs<'a>(site: &'a Site, maker: &JobMaker<'a>, jobs: &mut Vec<Job<'a>>) {
    let view = maker.view;
    let home = HomeData {
        html: site.home.html.clone(),
        news: site.news.iter().take(3).map(|p| NewsItem::of(p)).collect(),
    };
    let mut home_common = common(
        view,
        &site.home.title,
        "/",
        "home",
        &site.home.meta,
        Vec::new(),
    );
    if home_common.description.is_empty() {
        home_common.description = view.description.clone();
    }
    let home_common =
        home_common.with_json_ld(&crate::render::structured::organisation(site, view));
    jobs.push(
        maker
            .job(
                "home.html",
                output_path("/"),
                PageView {
                    common: home_common,
                    data: home,
                },
            )
            .lastmod(site.home.meta.updated),
    );
}

#[derive(Serialize)]
struct HomeData<'a> {
    html: String,
    news: Vec<NewsItem<'a>>,
}
