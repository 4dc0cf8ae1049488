//! The directory as Open Referral UK 3.0 JSON, written by every build:
//!
//! | file | holds |
//! |---|---|
//! | `/openreferral/index.json` | what the API is (`GET /openreferral/`) |
//! | `/openreferral/services.json` | every service, as one page of `GET /services` |
//! | `/openreferral/services/<id>.json` | one service, as `GET /services/{id}` |
//!
//! `serve` answers the read API from these files, never from `content/`.

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;
use serde_json::{Value, json};

use super::{ACCESS_TAXONOMY, CATEGORY_TAXONOMY, NEED_TAXONOMY, stable_id};
use crate::content::Site;
use crate::content::organisations::Organisation;
use crate::content::services::{DAYS, Service};

/// The folder of the export in the built site.
pub const FOLDER: &str = "openreferral";
/// The file holding every service.
pub const ALL_SERVICES: &str = "openreferral/services.json";

/// Every file of the export: output path and bytes. None when the site has no
/// services.
///
/// Each service is made and written out once, on every core, and `services.json`
/// is put together from those bytes (see [`page_bytes`]): with thousands of
/// services, making the whole list a second time cost most of a build's loading.
/// With `memo` (`serve --watch`), a service whose file and organisation are the
/// ones the last load made its bytes from keeps those bytes, and `services.json`
/// is kept when every service was.
pub fn files(site: &Site, memo: Option<&mut ExportMemo>) -> Vec<(String, Arc<[u8]>)> {
    if site.services.is_empty() {
        return Vec::new();
    }
    let organisations = site.organisations_by_slug();
    let last = memo.as_deref();
    let made: Vec<Made> = site
        .services
        .par_iter()
        .map(|s| {
            let org = s
                .organisation
                .as_deref()
                .and_then(|slug| organisations.get(slug).copied());
            let kept = last
                .and_then(|m| m.made_for(&s.id))
                .filter(|m| m.is_from(s, org))
                .map(|m| Arc::clone(&m.bytes));
            Made {
                service: Arc::clone(s),
                organisation: org.cloned(),
                bytes: kept
                    .unwrap_or_else(|| Arc::from(to_bytes(&service_of(s, org.map(|o| &**o))))),
            }
        })
        .collect();
    let all = match last {
        Some(m) if m.all_kept(&made) => m.all.clone(),
        _ => {
            let parts: Vec<&[u8]> = made.iter().map(|m| &*m.bytes).collect();
            page_bytes(&parts).into()
        }
    };
    let mut out: Vec<(String, Arc<[u8]>)> = made
        .iter()
        .map(|m| {
            let path = format!("{FOLDER}/services/{}.json", m.service.id);
            (path, Arc::clone(&m.bytes))
        })
        .collect();
    out.push((ALL_SERVICES.to_owned(), Arc::clone(&all)));
    out.push((
        format!("{FOLDER}/index.json"),
        to_bytes(&about(site)).into(),
    ));
    if let Some(memo) = memo {
        memo.at = made
            .iter()
            .enumerate()
            .map(|(i, m)| (m.service.id.clone(), i))
            .collect();
        memo.made = made;
        memo.all = all;
    }
    out
}

/// What [`files`] made last time (watch mode): each service's bytes with the
/// service and organisation they were made from, which it holds so that they
/// stay what they were.
#[derive(Default)]
pub struct ExportMemo {
    /// Each service's JSON, in the order `all` lists them.
    made: Vec<Made>,
    /// Where each service's id is in `made`.
    at: HashMap<String, usize>,
    /// `services.json`.
    all: Arc<[u8]>,
}

impl ExportMemo {
    /// What was made last time for the service `id`.
    fn made_for(&self, id: &str) -> Option<&Made> {
        self.at.get(id).map(|&i| &self.made[i])
    }

    /// Whether `services.json` would come out as `all`: every service's bytes
    /// the ones it was put together from, in the same order.
    fn all_kept(&self, made: &[Made]) -> bool {
        !self.all.is_empty()
            && made.len() == self.made.len()
            && made
                .iter()
                .zip(&self.made)
                .all(|(now, then)| Arc::ptr_eq(&now.bytes, &then.bytes))
    }
}

/// One service's JSON and what it was made from.
struct Made {
    service: Arc<Service>,
    organisation: Option<Arc<Organisation>>,
    bytes: Arc<[u8]>,
}

impl Made {
    /// Whether these bytes were made from `service` and `org` themselves: the
    /// load cache hands back the same `Arc` for a file that did not change.
    fn is_from(&self, service: &Arc<Service>, org: Option<&Arc<Organisation>>) -> bool {
        Arc::ptr_eq(&self.service, service)
            && match (&self.organisation, org) {
                (None, None) => true,
                (Some(a), Some(b)) => Arc::ptr_eq(a, b),
                _ => false,
            }
    }
}

fn to_bytes(v: &Value) -> Vec<u8> {
    // A Value always serialises; an empty body would only be a sign of a bug.
    // Written compact, as APIs answer: pretty printing made the export of
    // 5,000 services 54.3 MB rather than 41.9 MB.
    serde_json::to_vec(v).unwrap_or_default()
}

/// All `count` services, each already written by [`to_bytes`], as one page of
/// `GET /services` written the same way: the bytes `to_bytes` gives for the
/// whole page, without making it.
fn page_bytes(services: &[&[u8]]) -> Vec<u8> {
    let count = services.len();
    let mut head = paging(count, 1, count, count.max(1));
    head.insert("contents".to_owned(), Value::Array(Vec::new()));
    let outline = to_bytes(&Value::Object(head));
    const EMPTY: &[u8] = b"\"contents\":[]";
    let Some(at) = outline.windows(EMPTY.len()).position(|w| w == EMPTY) else {
        return outline;
    };
    // With thousands of services the page is tens of megabytes: each service's
    // place in it is worked out first, and the services are copied in on every
    // core rather than appended one by one to a buffer that keeps growing.
    let open = at + EMPTY.len() - 1;
    let (before, after) = outline.split_at(open);
    let commas = count.saturating_sub(1);
    let total = outline.len() + commas + services.iter().map(|s| s.len()).sum::<usize>();
    let mut out = vec![0u8; total];
    let (start, mut middle) = out.split_at_mut(before.len());
    start.copy_from_slice(before);
    let mut places = Vec::with_capacity(count);
    for (i, service) in services.iter().enumerate() {
        let (place, rest) = middle.split_at_mut(service.len() + usize::from(i > 0));
        places.push(place);
        middle = rest;
    }
    middle.copy_from_slice(after);
    places
        .into_par_iter()
        .zip(services.par_iter())
        .for_each(|(place, service)| {
            let (comma, bytes) = place.split_at_mut(place.len() - service.len());
            comma.fill(b',');
            bytes.copy_from_slice(service);
        });
    out
}

/// The fields of a page of `GET /services` other than its `contents`: page
/// `number` (from 1) of `total` services, `size` on this page, at most `per_page`
/// a page.
pub fn paging(
    total: usize,
    number: usize,
    size: usize,
    per_page: usize,
) -> serde_json::Map<String, Value> {
    let pages = total.div_ceil(per_page.max(1)).max(1);
    let fields = json!({
        "total_items": total,
        "total_pages": pages,
        "page_number": number,
        "size": size,
        "first_page": number == 1,
        "last_page": number >= pages,
        "empty": size == 0,
    });
    match fields {
        Value::Object(map) => map,
        _ => serde_json::Map::new(),
    }
}

/// `GET /` of the API: its version and profile.
fn about(site: &Site) -> Value {
    json!({
        "version": "3.0",
        "profile": "https://github.com/openreferraluk/uk-profile",
        "publisher": site.config.organisation.name,
    })
}

/// One service with everything nested (`org` is its organisation), as
/// `GET /services/{id}` answers.
fn service_of(s: &Service, org: Option<&Organisation>) -> Value {
    let id = s.id.as_str();
    let mut v = json!({
        "id": id,
        "name": s.title,
        "description": s.source.trim(),
        "status": s.status.as_str(),
        "schedules": schedules(s),
        "service_at_locations": locations(s),
        "languages": s.languages.iter().enumerate().map(|(i, name)| json!({
            "id": stable_id(&(id, "language", i)),
            "service_id": id,
            "name": name,
        })).collect::<Vec<_>>(),
        "cost_options": costs(s),
        "contacts": contacts(s),
        "attributes": attributes(s),
    });
    if let Some(o) = org {
        v["organization_id"] = json!(o.id);
        v["organization"] = organisation(o);
    }
    let optional = [
        ("url", s.website.clone()),
        ("email", s.email.clone()),
        ("alert", s.alert.clone()),
        ("application_process", s.how_to_access.clone()),
        ("eligibility_description", s.eligibility.clone()),
        ("assured_date", s.checked.map(|d| d.iso())),
        (
            "assurer_email",
            s.checked_by.clone().filter(|c| looks_like_email(c)),
        ),
    ];
    for (key, value) in optional {
        if let Some(value) = value {
            v[key] = json!(value);
        }
    }
    if let Some(min) = s.minimum_age {
        v["minimum_age"] = json!(min);
    }
    if let Some(max) = s.maximum_age {
        v["maximum_age"] = json!(max);
    }
    let ours = extension(s);
    if ours.as_object().is_some_and(|o| !o.is_empty()) {
        v["localoffer"] = ours;
    }
    v
}

/// What front matter holds that Open Referral has no field for.
fn extension(s: &Service) -> Value {
    let mut ours = serde_json::Map::new();
    let mut put = |key: &str, value: Option<String>| {
        if let Some(value) = value {
            ours.insert(key.to_owned(), json!(value));
        }
    };
    put("summary", s.summary.clone());
    put(
        "checked_by",
        s.checked_by.clone().filter(|c| !looks_like_email(c)),
    );
    // The page's description falls back to the summary; only one of its own is kept.
    put(
        "page_description",
        s.meta
            .description
            .clone()
            .filter(|d| Some(d) != s.summary.as_ref()),
    );
    put("updated", s.meta.updated.map(|d| d.iso()));
    put("review_by", s.meta.review_by.map(|d| d.iso()));
    put("owner", s.meta.owner.clone());
    put("expires", s.meta.expires.map(|d| d.iso()));
    Value::Object(ours)
}

/// An email address as far as a form can tell: one `@` with text on both sides
/// and a dot after it.
pub fn looks_like_email(text: &str) -> bool {
    let text = text.trim();
    match text.split_once('@') {
        Some((user, host)) => {
            !user.is_empty()
                && host.contains('.')
                && !host.starts_with('.')
                && !host.ends_with('.')
                && !host.contains('@')
                && !text.contains(char::is_whitespace)
        }
        None => false,
    }
}

/// An organisation as Open Referral nests it in a service.
pub fn organisation(o: &Organisation) -> Value {
    let mut v = json!({
        "id": o.id,
        "name": o.title,
        "description": if o.text.trim().is_empty() { o.title.clone() } else { o.source.trim().to_owned() },
    });
    if let Some(w) = &o.website {
        v["website"] = json!(w);
    }
    if let Some(e) = &o.email {
        v["email"] = json!(e);
    }
    if let Some(p) = &o.phone {
        v["phones"] = json!([{ "id": stable_id(&(&o.id, "phone")), "number": p }]);
    }
    v
}

fn schedules(s: &Service) -> Vec<Value> {
    s.schedules
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let byday: Vec<&str> = t
                .days
                .iter()
                .filter_map(|d| DAYS.iter().find(|(day, _)| day == d).map(|(_, code)| *code))
                .collect();
            let mut v = json!({
                "id": stable_id(&(&s.id, "schedule", i)),
                "service_id": s.id,
                "freq": "WEEKLY",
            });
            if let Some(d) = &t.description {
                v["description"] = json!(d);
            }
            if !byday.is_empty() {
                v["byday"] = json!(byday.join(","));
            }
            if let Some(o) = &t.opens {
                v["opens_at"] = json!(o);
            }
            if let Some(c) = &t.closes {
                v["closes_at"] = json!(c);
            }
            v
        })
        .collect()
}

fn locations(s: &Service) -> Vec<Value> {
    s.locations
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let location_id = stable_id(&(&s.id, "location", i));
            let mut location = json!({
                "id": location_id,
                "location_type": "physical",
                "accessibility": l.accessibility.iter().enumerate().map(|(j, a)| json!({
                    "id": stable_id(&(&s.id, "accessibility", i, j)),
                    "location_id": location_id,
                    "description": a,
                })).collect::<Vec<_>>(),
            });
            if let Some(n) = &l.name {
                location["name"] = json!(n);
            }
            if let (Some(lat), Some(lon)) = (l.latitude, l.longitude) {
                location["latitude"] = json!(lat);
                location["longitude"] = json!(lon);
            }
            if !l.address.is_empty() || l.town.is_some() || l.postcode.is_some() {
                location["addresses"] = json!([{
                    "id": stable_id(&(&s.id, "address", i)),
                    "location_id": location_id,
                    "address_1": l.address.first().cloned().unwrap_or_default(),
                    "address_2": l.address.get(1..).map(|rest| rest.join(", ")).unwrap_or_default(),
                    "city": l.town.clone().unwrap_or_default(),
                    "state_province": "",
                    "postal_code": l.postcode.clone().unwrap_or_default(),
                    "country": "GB",
                    "address_type": "physical",
                }]);
            }
            json!({
                "id": stable_id(&(&s.id, "service_at_location", i)),
                "service_id": s.id,
                "location_id": location_id,
                "location": location,
            })
        })
        .collect()
}

fn costs(s: &Service) -> Vec<Value> {
    if s.free == Some(true) {
        return vec![json!({
            "id": stable_id(&(&s.id, "cost", "free")),
            "service_id": s.id,
            "option": "Free",
            "amount": 0,
        })];
    }
    s.costs
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let mut v = json!({
                "id": stable_id(&(&s.id, "cost", i)),
                "service_id": s.id,
                "amount": c.amount,
            });
            if let Some(covers) = &c.covers {
                v["amount_description"] = json!(covers);
            }
            v
        })
        .collect()
}

fn contacts(s: &Service) -> Vec<Value> {
    s.contacts
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let mut v = json!({
                "id": stable_id(&(&s.id, "contact", i)),
                "service_id": s.id,
                "phones": c.phones.iter().enumerate().map(|(j, p)| json!({
                    "id": stable_id(&(&s.id, "phone", i, j)),
                    "number": p,
                })).collect::<Vec<_>>(),
            });
            if let Some(n) = &c.name {
                v["name"] = json!(n);
            }
            if let Some(r) = &c.role {
                v["title"] = json!(r);
            }
            if let Some(e) = &c.email {
                v["email"] = json!(e);
            }
            v
        })
        .collect()
}

/// A taxonomy term's id: the same for the same term on every service.
pub fn term_id(taxonomy: &str, slug: &str) -> String {
    stable_id(&("term", taxonomy, slug))
}

fn attributes(s: &Service) -> Vec<Value> {
    let mut out = Vec::new();
    let mut add = |taxonomy: &str, slug: &str, name: &str| {
        let term = term_id(taxonomy, slug);
        out.push(json!({
            "id": stable_id(&(&s.id, "attribute", &term)),
            "link_id": s.id,
            "link_type": "service",
            "taxonomy_term_id": term,
            "taxonomy_term": {
                "id": term,
                "name": name,
                "description": name,
                "taxonomy": taxonomy,
                "term": slug,
            },
        }));
    };
    for c in &s.categories {
        add(CATEGORY_TAXONOMY, &c.slug, &c.name);
    }
    for n in &s.needs {
        add(NEED_TAXONOMY, &n.slug, &n.name);
    }
    if let Some(a) = s.access {
        add(ACCESS_TAXONOMY, a.as_str(), a.as_str());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `services.json` as a whole page made and written in one go.
    fn page_made_whole(services: &[Value]) -> Vec<u8> {
        let n = services.len();
        let mut page = Value::Object(paging(n, 1, n, n.max(1)));
        page["contents"] = Value::Array(services.to_vec());
        to_bytes(&page)
    }

    #[test]
    fn the_page_put_together_from_services_is_the_page_made_whole() {
        let services = [
            json!({"id": "a", "name": "Line one\nline two \"quoted\"", "nested": {"list": [1, 2, {"x": []}], "empty": {}}}),
            json!({"id": "b", "schedules": [], "attributes": [{"id": "c"}]}),
            json!({}),
        ];
        for n in 0..=services.len() {
            let parts: Vec<Vec<u8>> = services[..n].iter().map(to_bytes).collect();
            let parts: Vec<&[u8]> = parts.iter().map(Vec::as_slice).collect();
            let put_together = page_bytes(&parts);
            assert_eq!(
                String::from_utf8_lossy(&put_together),
                String::from_utf8_lossy(&page_made_whole(&services[..n])),
                "{n} services"
            );
        }
    }
}
