//! `/print/`: the whole Local Offer on one page to print or save as a PDF, for
//! people who cannot use the website (regulation 57 of the SEND Regulations
//! 2014 asks for a way to get the Local Offer without the internet). Contact
//! details, guides, questions and answers, the directory of running services
//! and the jargon buster; links are made absolute so that the print stylesheet
//! can write each address after its link.

use serde::Serialize;

use crate::content::Site;
use crate::content::services::{Service, Status};
use crate::render::jobs::{Job, JobMaker};
use crate::render::output_path;
use crate::render::view::{PRINT_URL, PageView, listing};

#[derive(Serialize)]
struct PrintData<'a> {
    /// The site's address, for "this copy comes from".
    site_url: &'a str,
    /// The site is too large to print whole: the page holds the contact details,
    /// the guides and a list of the FAQ pages, and says where the rest is.
    abridged: bool,
    /// `href="<site address>/`: what the template turns `href="/` into in the
    /// text it prints, so that the print stylesheet can print every address.
    absolute_href: String,
    /// The day the site was built.
    printed: String,
    guides: Vec<Section<'a>>,
    faqs: Vec<Section<'a>>,
    services: Vec<PrintService<'a>>,
    terms: Vec<Entry<'a>>,
}

/// A guide or FAQ page: its parts, each a heading and its text.
#[derive(Serialize)]
struct Section<'a> {
    title: &'a str,
    url: String,
    intro_html: &'a str,
    parts: Vec<Entry<'a>>,
}

/// A heading (a step, a question, a term) and its text.
#[derive(Serialize)]
struct Entry<'a> {
    title: &'a str,
    /// A step's time, a subject's name, a term's full form.
    note: Option<&'a str>,
    html: &'a str,
}

#[derive(Serialize)]
struct PrintService<'a> {
    service: &'a Service,
    url: String,
}

/// The printable page, its view made only when it is rendered (on a large site
/// it holds every answer).
pub(in crate::render) fn jobs<'a>(site: &'a Site, maker: &JobMaker<'a>, jobs: &mut Vec<Job<'a>>) {
    let common = listing(
        maker.view,
        "The whole Local Offer to print",
        PRINT_URL,
        "print",
        "Everything on this website on one page, to print or save as a PDF.",
    );
    jobs.push(
        maker.job_with("print.html", output_path(PRINT_URL), move || PageView {
            common,
            data: print_data(site),
        }),
    );
}

/// The most answers, terms and services a printable page holds (a Local Offer
/// of a few hundred entries prints in some 50 A4 pages); a site with more gets an
/// abridged page, since thousands of printed pages help nobody and would cost the
/// build a page the size of the whole site.
const MOST_PRINTED: usize = 2_000;

fn print_data(site: &Site) -> PrintData<'_> {
    let base = site.config.base_url.trim_end_matches('/');
    let questions: usize = site.faqs.iter().map(|f| f.questions().count()).sum();
    let abridged = questions + site.terms.len() + site.services.len() > MOST_PRINTED;
    let entry = |title, note, html| Entry { title, note, html };
    let section = |title, url: &str, intro_html, parts| Section {
        title,
        url: format!("{base}{url}"),
        intro_html,
        parts,
    };
    let guides = site.guides.iter().map(|g| {
        let steps = g.steps.iter();
        let steps = steps.map(|s| entry(&s.title, s.time.as_deref(), &s.html));
        section(&g.title, &g.url, &g.intro_html, steps.collect())
    });
    let faqs = site.faqs.iter().map(|f| {
        let questions = f.subjects.iter().flat_map(|s| {
            let subject = s.title.as_deref();
            s.questions.iter().map(move |q| (subject, q))
        });
        let questions = questions.map(|(subject, q)| entry(&q.question, subject, &q.answer_html));
        if abridged {
            section(&f.title, &f.url, "", Vec::new())
        } else {
            section(&f.title, &f.url, &f.intro_html, questions.collect())
        }
    });
    let services = site
        .services
        .iter()
        .filter(|s| !abridged && !matches!(s.status, Status::Inactive | Status::Defunct))
        .map(|s| PrintService {
            service: s,
            url: format!("{base}{}", s.url),
        });
    let terms = site
        .terms
        .iter()
        .filter(|_| !abridged)
        .map(|t| entry(&t.term, t.stands_for.as_deref(), &t.html));
    PrintData {
        site_url: base,
        abridged,
        absolute_href: format!("href=\"{base}/"),
        printed: site.built_at.date().to_string(),
        guides: guides.collect(),
        faqs: faqs.collect(),
        services: services.collect(),
        terms: terms.collect(),
    }
}
