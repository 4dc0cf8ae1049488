//! A page per organisation of the directory, with the services it runs.

use std::collections::HashMap;

use serde::Serialize;

use crate::content::Site;
use crate::content::organisations::Organisation;
use crate::render::jobs::{Job, JobMaker};
use crate::render::output_path;
use crate::render::view::{PageView, common, home_crumb, link};

#[derive(Serialize)]
struct OrganisationView<'a> {
    organisation: &'a Organisation,
    services: Vec<ServiceLink<'a>>,
}

#[derive(Serialize)]
struct ServiceLink<'a> {
    title: &'a str,
    url: &'a str,
    summary: Option<&'a str>,
}

/// `/organisations/<slug>/` for each organisation.
pub(in crate::render) fn jobs<'a>(site: &'a Site, maker: &JobMaker<'a>, jobs: &mut Vec<Job<'a>>) {
    let view = maker.view;
    // Each organisation's services, in the site's order.
    let mut by_organisation: HashMap<&str, Vec<ServiceLink<'a>>> = HashMap::new();
    for s in &site.services {
        if let Some(slug) = s.organisation.as_deref() {
            by_organisation.entry(slug).or_default().push(ServiceLink {
                title: &s.title,
                url: &s.url,
                summary: s.summary.as_deref(),
            });
        }
    }
    for o in &site.organisations {
        let mut crumbs = home_crumb();
        crumbs.push(link("Find a service", "/services/"));
        let c = common(view, &o.title, &o.url, "services", &o.meta, crumbs);
        let services = by_organisation.remove(o.slug.as_str()).unwrap_or_default();
        jobs.push(maker.job(
            "organisation.html",
            output_path(&o.url),
            PageView {
                common: c,
                data: OrganisationView {
                    organisation: o,
                    services,
                },
            },
        ));
    }
}
