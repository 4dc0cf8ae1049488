//! schema.org structured data (JSON-LD) for search engines: the organisation and
//! its contact point on the home page, `FAQPage` on FAQ pages, `NewsArticle` on
//! posts.

use serde::Serialize;
use serde_json::{Value, json};

use super::view::SiteView;
use crate::content::Site;
use crate::content::faq::FaqPage;
use crate::content::news::Post;

/// `GovernmentOrganization` with its `ContactPoint`, for the home page.
pub fn organisation(site: &Site, view: &SiteView) -> Value {
    let org = &site.config.organisation;
    let mut contact = json!({
        "@type": "ContactPoint",
        "contactType": if org.service.is_empty() { "customer service" } else { org.service.as_str() },
        "areaServed": "GB",
        "availableLanguage": site.config.language,
    });
    if let Some(email) = &org.email {
        contact["email"] = json!(email);
    }
    if let Some(phone) = &org.phone {
        contact["telephone"] = json!(phone);
    }
    let mut value = json!({
        "@context": "https://schema.org",
        "@type": "GovernmentOrganization",
        "name": org.name,
        "url": format!("{}/", view.base_url()),
        "contactPoint": contact,
    });
    if !org.service.is_empty() {
        value["department"] = json!({ "@type": "GovernmentOrganization", "name": org.service });
    }
    if !org.address.is_empty() {
        value["address"] = json!({
            "@type": "PostalAddress",
            "streetAddress": org.address.join(", "),
        });
    }
    value
}

/// `FAQPage` with every question and its answer. Written straight from the page
/// rather than through a `serde_json::Value`: every answer is in it, and copying
/// them all into a value and out again was a twentieth of a large site's build.
pub fn faq_page(page: &FaqPage) -> impl Serialize + '_ {
    // Fields in the order `json!` puts them (by name), so the output is as before.
    #[derive(Serialize)]
    struct FaqPageLd<'a> {
        #[serde(rename = "@context")]
        context: &'static str,
        #[serde(rename = "@type")]
        kind: &'static str,
        #[serde(rename = "mainEntity")]
        questions: Vec<QuestionLd<'a>>,
        name: &'a str,
    }
    #[derive(Serialize)]
    struct QuestionLd<'a> {
        #[serde(rename = "@type")]
        kind: &'static str,
        #[serde(rename = "acceptedAnswer")]
        answer: AnswerLd<'a>,
        name: &'a str,
    }
    #[derive(Serialize)]
    struct AnswerLd<'a> {
        #[serde(rename = "@type")]
        kind: &'static str,
        text: &'a str,
    }
    FaqPageLd {
        context: "https://schema.org",
        kind: "FAQPage",
        questions: page
            .questions()
            .map(|q| QuestionLd {
                kind: "Question",
                answer: AnswerLd {
                    kind: "Answer",
                    text: &q.answer_html,
                },
                name: &q.question,
            })
            .collect(),
        name: &page.title,
    }
}

/// `NewsArticle` for a post.
pub fn news_article(post: &Post, view: &SiteView) -> Value {
    let publisher = json!({ "@type": "GovernmentOrganization", "name": view.organisation_name() });
    json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": post.title,
        "description": post.summary,
        "datePublished": post.date.iso(),
        "dateModified": post.meta.updated.unwrap_or(post.date).iso(),
        "url": format!("{}{}", view.base_url(), post.url),
        "mainEntityOfPage": format!("{}{}", view.base_url(), post.url),
        "author": publisher,
        "publisher": publisher,
        "articleSection": post.series_label,
        "keywords": post.tags,
    })
}
