//! Organisations that run the directory's services: one file each under
//! `content/organisations/`, so an organisation shared by many services is written
//! once. Modelled on Open Referral UK's `organization`.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;

use super::services::check_id;
use super::{SearchEntry, Site, join};
use crate::content::{Kind, Meta, front_matter_struct};
use crate::diagnostics::Diagnostic;
use crate::markdown;

front_matter_struct! {
    /// The front matter of an organisation.
    pub struct OrganisationFront {
        /// A UUID that never changes (Open Referral's `id`).
        pub id: String,
        /// The organisation's name.
        pub title: String,
        /// Its website.
        #[serde(default)]
        pub website: Option<String>,
        /// Its general email address.
        #[serde(default)]
        pub email: Option<String>,
        /// Its general telephone number.
        #[serde(default)]
        pub phone: Option<String>,
    }
}

/// An organisation, ready to render.
#[derive(Debug, Clone, Serialize)]
pub struct Organisation {
    /// Its UUID.
    pub id: String,
    /// The file name without `.md`; services name it in `organisation`.
    pub slug: String,
    /// `/organisations/<slug>/`.
    pub url: String,
    /// Its name.
    pub title: String,
    /// Its website.
    pub website: Option<String>,
    /// Its general email address.
    pub email: Option<String>,
    /// Its general telephone number.
    pub phone: Option<String>,
    /// Shared page fields.
    pub meta: Meta,
    /// The description as HTML.
    pub html: String,
    /// The description without markup.
    pub text: String,
    /// The description as written (Markdown), for the Open Referral export.
    #[serde(skip)]
    pub source: String,
}

/// Builds the organisation of `input`.
impl super::BuildFrom for OrganisationFront {
    fn build(&self, input: &super::Input<'_>, d: &mut Vec<Diagnostic>) -> Organisation {
    let id = check_id(input, &self.id, d);
    let events = input.body_events(None, d);
    Organisation {
        id,
        slug: input.slug.clone(),
        url: input.url.clone(),
        title: self.title.clone(),
        website: self.website.clone(),
        email: self.email.clone(),
        phone: self.phone.clone(),
        meta: self.meta(),
        html: markdown::to_html(&events, input.cx.sanitiser),
        text: markdown::plain_text(&events),
    source: input.file.text[input.split.body.clone()].to_owned(),
    }
}
}

impl Site {
    /// The organisations by file name (`slug`), as a service's `organisation:`
    /// names them: for pages, cards and the export, which look each one up.
    pub fn organisations_by_slug(&self) -> HashMap<&str, &Arc<Organisation>> {
        self.organisations
            .iter()
            .map(|o| (o.slug.as_str(), o))
            .collect()
    }
}

impl Organisation {
    /// What the organisation gives the search index.
    pub fn search_entries<'a>(&'a self, out: &mut Vec<SearchEntry<'a>>) {
        let o = self;
        out.push(SearchEntry {
            title: Cow::Borrowed(&o.title),
            headings: join(&[o.meta.description.as_deref().unwrap_or("")]),
            body: Cow::Borrowed(&o.text),
            kind: Kind::Organisation,
            url: Cow::Borrowed(&o.url),
            date: None,
            tags: Vec::new(),
        });
    }
}
