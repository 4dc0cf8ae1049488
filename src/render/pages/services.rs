//! The directory of services: its front page, a page per service, and listings
//! by category, area of need and age band, paginated, so that every filter works
//! with JavaScript off and every service is reachable by links.
//!
//! | URL | shows |
//! |---|---|
//! | `/services/` | search box, categories with counts, ages, areas of need, recently checked |
//! | `/services/all/`, `/services/all/page/2/` | every service, A to Z |
//! | `/services/category/<slug>/` | one category |
//! | `/services/need/<slug>/` | one area of need |
//! | `/services/age/<from>-<to>/` | one age band |
//! | `/services/<slug>/` | one service |

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;
use serde_json::json;

use super::news::{Filter, Pagination, numbered_title, page_url};
use crate::content::organisations::Organisation;
use crate::content::services::{AGE_BANDS, NEEDS, Service, Status};
use crate::content::{Meta, Site, slugify};
use crate::render::jobs::{Job, JobMaker};
use crate::render::output_path;
use crate::render::view::{PageView, SiteView, common, home_crumb, link};
use crate::util::fingerprint::Remembered;

/// How many services `/services/` shows as recently checked.
const RECENT: usize = 5;

/// A service as lists show it.
#[derive(Serialize)]
struct ServiceItem<'a> {
    title: &'a str,
    url: &'a str,
    summary: Option<&'a str>,
    ages: Option<&'a str>,
    free: Option<bool>,
    status: Status,
    organisation: Option<&'a str>,
    checked: Option<String>,
    checked_iso: Option<String>,
}

impl<'a> ServiceItem<'a> {
    fn of(orgs: &Orgs<'a>, s: &'a Service) -> ServiceItem<'a> {
        ServiceItem {
            title: &s.title,
            url: &s.url,
            summary: s.summary.as_deref(),
            ages: s.ages.as_deref(),
            free: s.free,
            status: s.status,
            organisation: organisation_of(orgs, s).map(|o| o.title.as_str()),
            checked: s.checked.map(|d| d.long()),
            checked_iso: s.checked.map(|d| d.iso()),
        }
    }
}

/// The site's organisations by slug ([`Site::organisations_by_slug`]): every
/// service page and every card in a list shows its service's organisation.
type Orgs<'a> = HashMap<&'a str, &'a Arc<Organisation>>;

fn organisation_of<'a>(orgs: &Orgs<'a>, s: &Service) -> Option<&'a Organisation> {
    orgs.get(s.organisation.as_deref()?).map(|o| &***o)
}

/// What `/services/` shows.
#[derive(Serialize)]
struct DirectoryHome<'a> {
    total: usize,
    categories: Vec<Filter>,
    ages: Vec<Filter>,
    needs: Vec<Filter>,
    recent: Vec<ServiceItem<'a>>,
    /// The search filters, for the form that narrows a search of the directory.
    filters: Vec<crate::content::kinds::FilterView>,
}

/// What a listing shows.
#[derive(Serialize)]
struct Listing<'a> {
    services: Vec<ServiceItem<'a>>,
    total: usize,
    pagination: Option<Pagination>,
    categories: Vec<Filter>,
    ages: Vec<Filter>,
    needs: Vec<Filter>,
}

/// One listing to paginate.
struct ListingSpec<'a> {
    title: String,
    base: String,
    description: String,
    services: Vec<&'a Service>,
}

/// The directory's ways in: each category, age band and area of need with the
/// services in it.
struct Ways<'a> {
    categories: Vec<(String, String, Vec<&'a Service>)>,
    ages: Vec<(String, String, Vec<&'a Service>)>,
    needs: Vec<(String, String, Vec<&'a Service>)>,
}

impl<'a> Ways<'a> {
    fn new(site: &'a Site, listed: &[&'a Service]) -> Ways<'a> {
        let categories = site
            .config
            .directory
            .categories
            .iter()
            .map(|c| {
                let slug = slugify(c);
                let in_it = listed
                    .iter()
                    .copied()
                    .filter(|s| s.categories.iter().any(|l| l.slug == slug))
                    .collect();
                (c.clone(), format!("/services/category/{slug}/"), in_it)
            })
            .collect();
        let ages = AGE_BANDS
            .iter()
            .map(|(name, slug, from, to)| {
                let in_it = listed
                    .iter()
                    .copied()
                    .filter(|s| s.serves_ages(*from, *to))
                    .collect();
                ((*name).to_owned(), format!("/services/age/{slug}/"), in_it)
            })
            .collect();
        let needs = NEEDS
            .iter()
            .map(|(slug, name)| {
                let in_it = listed.iter().copied().filter(|s| s.serves_need(slug)).collect();
                ((*name).to_owned(), format!("/services/need/{slug}/"), in_it)
            })
            .collect();
        Ways {
            categories,
            ages,
            needs,
        }
    }

    fn filters(list: &[(String, String, Vec<&Service>)], current: &str) -> Vec<Filter> {
        list.iter()
            .filter(|(_, _, in_it)| !in_it.is_empty())
            .map(|(title, url, in_it)| Filter {
                title: title.clone(),
                url: url.clone(),
                count: in_it.len(),
                current: url == current,
            })
            .collect()
    }

    fn specs(&self, all: &[&'a Service]) -> Vec<ListingSpec<'a>> {
        let mut specs = vec![ListingSpec {
            title: "All services A to Z".to_owned(),
            base: "/services/all/".to_owned(),
            description: "Every service in the directory, A to Z.".to_owned(),
            services: all.to_vec(),
        }];
        let titled = |list: &Vec<(String, String, Vec<&'a Service>)>, title: &dyn Fn(&str) -> String| {
            list.iter()
                .filter(|(_, _, in_it)| !in_it.is_empty())
                .map(|(name, url, in_it)| {
                    let title = title(name);
                    ListingSpec {
                        description: format!("{title}, A to Z."),
                        title,
                        base: url.clone(),
                        services: in_it.clone(),
                    }
                })
                .collect::<Vec<_>>()
        };
        specs.extend(titled(&self.categories, &|name| format!("{name} services")));
        specs.extend(titled(&self.ages, &|name| match name {
            "Under 5" => "Services for children under 5".to_owned(),
            band => format!("Services for ages {band}"),
        }));
        specs.extend(titled(&self.needs, &|name| {
            format!("Services for {}", name.to_lowercase())
        }));
        specs
    }
}

/// `/services/`, the listings and a page per service; nothing when the site has no
/// services.
pub(in crate::render) fn jobs<'a>(site: &'a Site, maker: &JobMaker<'a>, jobs: &mut Vec<Job<'a>>) {
    if site.services.is_empty() {
        return;
    }
    // Defunct services keep their page (links to them still work) but leave the lists.
    let listed: Vec<&Service> = site
        .services
        .iter()
        .filter(|s| s.status != Status::Defunct)
        .map(|s| &**s)
        .collect();
    let orgs = site.organisations_by_slug();
    let ways = Ways::new(site, &listed);
    jobs.push(home_job(site, &orgs, maker, &ways, &listed));
    let per_page = site.config.directory.per_page.max(1);
    for spec in ways.specs(&listed) {
        listing_jobs(&orgs, &ways, &spec, per_page, maker, jobs);
    }
    jobs.par_extend(
        site.services
            .par_iter()
            .map(|s| service_job(maker, s, organisation_of(&orgs, s))),
    );
}

fn home_job<'a>(
    site: &'a Site,
    orgs: &Orgs<'a>,
    maker: &JobMaker<'a>,
    ways: &Ways<'_>,
    listed: &[&'a Service],
) -> Job<'a> {
    let mut recent: Vec<&Service> = listed.iter().copied().filter(|s| s.checked.is_some()).collect();
    recent.sort_by(|a, b| b.checked.cmp(&a.checked).then(a.title.cmp(&b.title)));
    recent.truncate(RECENT);
    let data = DirectoryHome {
        total: listed.len(),
        categories: Ways::filters(&ways.categories, ""),
        ages: Ways::filters(&ways.ages, ""),
        needs: Ways::filters(&ways.needs, ""),
        recent: recent.into_iter().map(|s| ServiceItem::of(orgs, s)).collect(),
        filters: <crate::content::services::ServiceFront as crate::content::kinds::KindRules>::search_filters(site)
            .iter()
            .map(|f| f.view("", None))
            .collect(),
    };
    let meta = Meta {
        description: Some(
            "Services for children and young people with SEND and their families: what each is, who it is for and how to get it."
                .to_owned(),
        ),
        ..Meta::default()
    };
    let c = common(maker.view, "Find a service", "/services/", "services", &meta, home_crumb());
    maker.job(
        "services_index.html",
        output_path("/services/"),
        PageView { common: c, data },
    )
}

/// The pages of one listing, `per_page` services each.
fn listing_jobs<'a>(
    orgs: &Orgs<'a>,
    ways: &Ways<'_>,
    spec: &ListingSpec<'a>,
    per_page: usize,
    maker: &JobMaker<'a>,
    jobs: &mut Vec<Job<'a>>,
) {
    let chunks: Vec<&[&Service]> = spec.services.chunks(per_page).collect();
    let pages = chunks.len().max(1);
    for (i, chunk) in chunks.iter().enumerate() {
        let number = i + 1;
        let url = page_url(&spec.base, number);
        let mut crumbs = home_crumb();
        crumbs.push(link("Find a service", "/services/"));
        let title = numbered_title(&spec.title, number, pages);
        let meta = Meta {
            description: Some(spec.description.clone()),
            ..Meta::default()
        };
        let c = common(maker.view, &title, &url, "services", &meta, crumbs);
        let data = Listing {
            services: chunk.iter().map(|s| ServiceItem::of(orgs, s)).collect(),
            total: spec.services.len(),
            pagination: (pages > 1).then(|| Pagination::new(&spec.base, number, pages)),
            categories: Ways::filters(&ways.categories, &spec.base),
            ages: Ways::filters(&ways.ages, &spec.base),
            needs: Ways::filters(&ways.needs, &spec.base),
        };
        jobs.push(maker.job(
            "services_list.html",
            output_path(&url),
            PageView { common: c, data },
        ));
    }
}

/// What a service's page shows besides the service itself.
#[derive(Serialize)]
struct ServiceView<'a> {
    service: Remembered<'a, Service>,
    organisation: Option<&'a Organisation>,
    status_label: Option<&'static str>,
    access_words: Option<&'static str>,
    cost_words: Vec<String>,
    /// Every phone number with its `tel:` form, by contact.
    phones: Vec<Vec<Phone>>,
    checked: Option<String>,
    checked_iso: Option<String>,
}

#[derive(Serialize)]
struct Phone {
    number: String,
    tel: String,
}

fn service_job<'a>(
    maker: &JobMaker<'a>,
    s: &'a Service,
    organisation: Option<&'a Organisation>,
) -> Job<'a> {
    let view: &SiteView = maker.view;
    maker
        .job_with("service.html", output_path(&s.url), move || {
            let mut crumbs = home_crumb();
            crumbs.push(link("Find a service", "/services/"));
            let c = common(view, &s.title, &s.url, "services", &s.meta, crumbs)
                .with_json_ld_of(move || json_ld(view, s, organisation));
            let data = ServiceView {
                service: Remembered(s),
                organisation,
                status_label: match s.status {
                    Status::Active => None,
                    Status::Inactive => Some("Not running at the moment"),
                    Status::TemporarilyClosed => Some("Temporarily closed"),
                    Status::Defunct => Some("This service has closed"),
                },
                access_words: s.access.map(|a| a.words()),
                cost_words: cost_words(s),
                phones: s
                    .contacts
                    .iter()
                    .map(|c| c.phones.iter().map(|p| phone(p)).collect())
                    .collect(),
                checked: s.checked.map(|d| d.long()),
                checked_iso: s.checked.map(|d| d.iso()),
            };
            PageView { common: c, data }
        })
        .lastmod(s.meta.updated.or(s.checked))
}

/// A telephone number and its `tel:` link (`+44` for UK numbers).
fn phone(number: &str) -> Phone {
    let digits: String = number
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '+')
        .collect();
    let tel = match digits.strip_prefix('0') {
        Some(rest) if !digits.starts_with("00") => format!("+44{rest}"),
        _ => digits,
    };
    Phone {
        number: number.to_owned(),
        tel,
    }
}

/// The costs in words: `Free`, `£5.00 per session`.
fn cost_words(s: &Service) -> Vec<String> {
    if s.free == Some(true) {
        return vec!["Free".to_owned()];
    }
    s.costs
        .iter()
        .map(|c| {
            let amount = if c.amount.fract() == 0.0 {
                format!("£{}", c.amount)
            } else {
                format!("£{:.2}", c.amount)
            };
            match &c.covers {
                Some(covers) => format!("{amount} {covers}"),
                None => amount,
            }
        })
        .collect()
}

/// schema.org `Service` for the page.
fn json_ld(
    view: &SiteView,
    s: &Service,
    organisation: Option<&crate::content::organisations::Organisation>,
) -> serde_json::Value {
    let provider = match organisation {
        Some(o) => json!({ "@type": "Organization", "name": o.title, "url": o.website }),
        None => json!({ "@type": "GovernmentOrganization", "name": view.organisation_name() }),
    };
    let mut value = json!({
        "@context": "https://schema.org",
        "@type": "Service",
        "name": s.title,
        "url": format!("{}{}", view.base_url(), s.url),
        "description": s.summary.clone().unwrap_or_else(|| s.text.chars().take(300).collect()),
        "provider": provider,
    });
    if let Some(categories) = (!s.categories.is_empty()).then(|| {
        s.categories
            .iter()
            .map(|c| c.name.clone())
            .collect::<Vec<_>>()
    }) {
        value["serviceType"] = json!(categories);
    }
    if s.minimum_age.is_some() || s.maximum_age.is_some() {
        value["audience"] = json!({
            "@type": "PeopleAudience",
            "suggestedMinAge": s.minimum_age,
            "suggestedMaxAge": s.maximum_age,
        });
    }
    if let Some(email) = &s.email {
        value["email"] = json!(email);
    }
    value
}
