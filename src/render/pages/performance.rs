//! Performance snapshots and their index.

use serde::Serialize;

use crate::content::Site;
use crate::content::performance::{BodyPart, Snapshot};
use crate::render::datasets::{DatasetView, trends};
use crate::render::jobs::{Job, JobMaker};
use crate::render::output_path;
use crate::render::view::{PageView, common, home_crumb, link, listing};

/// `/performance/` and a page per snapshot.
pub(in crate::render) fn jobs<'a>(site: &'a Site, maker: &JobMaker<'a>, jobs: &mut Vec<Job<'a>>) {
    let view = maker.view;
    let snapshots = PerformanceData {
        snapshots: site.snapshots.iter().map(|s| SnapshotItem::of(s)).collect(),
        trends: trends(&site.snapshots)
            .iter()
            .map(DatasetView::of_trend)
            .collect(),
    };
    jobs.push(maker.job(
        "performance_index.html",
        output_path("/performance/"),
        PageView {
            common: listing(
                view,
                "Performance",
                "/performance/",
                "performance",
                "How the SEND service is performing, updated every two months.",
            ),
            data: snapshots,
        },
    ));
    for s in &site.snapshots {
        let mut crumbs = home_crumb();
        crumbs.push(link("Performance", "/performance/"));
        let mut meta = s.meta.clone();
        meta.updated = meta.updated.or(Some(s.published));
        let c = common(view, &s.title, &s.url, "performance", &meta, crumbs);
        jobs.push(maker.job(
            "performance.html",
            output_path(&s.url),
            PageView {
                common: c,
                data: SnapshotData::of(s),
            },
        ));
    }
}

/// `/performance/`: every snapshot, newest first, and the trends across them.
#[derive(Serialize)]
struct PerformanceData {
    snapshots: Vec<SnapshotItem>,
    trends: Vec<DatasetView>,
}

#[derive(Serialize)]
struct SnapshotItem {
    title: String,
    url: String,
    period: String,
    published: String,
    published_iso: String,
    description: String,
}

impl SnapshotItem {
    fn of(s: &Snapshot) -> SnapshotItem {
        SnapshotItem {
            title: s.title.clone(),
            url: s.url.clone(),
            period: s.period.clone(),
            published: s.published.long(),
            published_iso: s.published.iso(),
            description: s.meta.description.clone().unwrap_or_default(),
        }
    }
}

#[derive(Serialize)]
struct SnapshotData {
    period: String,
    published: String,
    published_iso: String,
    body: Vec<BodyView>,
}

#[derive(Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
enum BodyView {
    Html { html: String },
    Dataset { dataset: Box<DatasetView> },
}

impl SnapshotData {
    fn of(s: &Snapshot) -> SnapshotData {
        SnapshotData {
            period: s.period.clone(),
            published: s.published.long(),
            published_iso: s.published.iso(),
            body: s
                .body
                .iter()
                .filter_map(|part| match part {
                    BodyPart::Html(h) if h.trim().is_empty() => None,
                    BodyPart::Html(h) => Some(BodyView::Html { html: h.clone() }),
                    BodyPart::Dataset(i) => s.datasets.get(*i).map(|d| BodyView::Dataset {
                        dataset: Box::new(DatasetView::of(s, d)),
                    }),
                })
                .collect(),
        }
    }
}
