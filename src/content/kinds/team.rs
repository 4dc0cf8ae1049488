//! Teams: one file per team or role group, forming a tree through `parent`.

use serde::{Deserialize, Serialize};

use std::borrow::Cow;

use super::{SearchEntry, join};
use crate::content::Kind;
use crate::content::{Meta, front_matter_struct, slugify};
use crate::diagnostics::Diagnostic;
use crate::markdown;
use crate::util::fingerprint::{Memo, Memoised};

front_matter_struct! {
    /// The front matter of a team page.
    pub struct TeamFront {
        /// The team's name.
        pub name: String,
        /// The file name (without `.md`) of the team this one belongs to.
        #[serde(default)]
        pub parent: Option<String>,
        /// Who leads it.
        #[serde(default)]
        pub lead: Option<Lead>,
        /// The team's email address.
        #[serde(default)]
        pub email: Option<String>,
        /// The team's telephone number.
        #[serde(default)]
        pub phone: Option<String>,
        /// The area or age range it covers.
        #[serde(default)]
        pub area: Option<String>,
        /// What it does.
        #[serde(default)]
        pub responsibilities: Vec<String>,
        /// Sort order among teams with the same parent, lowest first.
        #[serde(default)]
        pub order: Option<i64>,
        /// What people should contact this team about, for the "Who do I contact
        /// about..." list on `/team/`.
        #[serde(default)]
        pub contact_for: Vec<ContactFor>,
    }
}

/// Something to contact a team about, as written: a need, or a need with a note.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum ContactFor {
    /// Just the need: `A new request for an EHC needs assessment`.
    Need(String),
    /// The need and a note: `{ need: ..., note: ... }`.
    WithNote {
        /// What the reader wants to ask about.
        need: String,
        /// What to know or do first.
        note: String,
    },
}

/// Something to contact a team about.
#[derive(Debug, Clone, Serialize)]
pub struct Need {
    /// What the reader wants to ask about.
    pub need: String,
    /// What to know or do first.
    pub note: Option<String>,
}

impl From<&ContactFor> for Need {
    fn from(c: &ContactFor) -> Need {
        match c {
            ContactFor::Need(need) => Need {
                need: need.clone(),
                note: None,
            },
            ContactFor::WithNote { need, note } => Need {
                need: need.clone(),
                note: Some(note.clone()),
            },
        }
    }
}

/// The person who leads a team.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Lead {
    /// Their name.
    #[serde(default)]
    pub name: Option<String>,
    /// Their role: `Team leader`.
    #[serde(default)]
    pub role: Option<String>,
}

/// One team, ready to render.
#[derive(Debug, Clone, Serialize)]
pub struct Team {
    /// The file name without `.md`; the page is at `/team/<id>/`.
    pub id: String,
    /// Its URL.
    pub url: String,
    /// The team's name.
    pub name: String,
    /// The id of the team it belongs to.
    pub parent: Option<String>,
    /// The ids of the teams that belong to it, in order.
    pub children: Vec<String>,
    /// Who leads it.
    pub lead: Option<Lead>,
    /// The team's email address.
    pub email: Option<String>,
    /// The team's telephone number.
    pub phone: Option<String>,
    /// The area or age range it covers.
    pub area: Option<String>,
    /// What it does.
    pub responsibilities: Vec<String>,
    /// Sort order among its siblings.
    pub order: i64,
    /// What people should contact it about.
    pub contact_for: Vec<Need>,
    /// The page text as HTML.
    pub html: String,
    /// The page text without markup.
    pub text: String,
    /// Shared page fields.
    pub meta: Meta,
    /// The team's fingerprint, for watch mode (see [`Memoised`]).
    #[serde(skip)]
    pub print: Memo,
}

impl Memoised for Team {
    fn memo(&self) -> &Memo {
        &self.print
    }
}

/// Builds the team of `input` (see [`super::build_one`]): its `parent` must be a
/// team.
impl super::BuildFrom for TeamFront {
    fn build(&self, input: &super::Input<'_>, d: &mut Vec<Diagnostic>) -> Team {
    let file = input.file;
    if let Some(parent) = &self.parent
        && !input.names.has(Kind::Team, &slugify(parent))
    {
        d.push(
            file.error(format!(
                "parent `{parent}` is not a team: there is no content/team/{parent}.md"
            ))
            .at(&file.text, super::find_text(file, parent, input.split))
            .help(super::nearest_help(parent, input.names.ids_of(Kind::Team))),
        );
    }
    let events = input.body_events(None, d);
    Team {
        id: input.slug.clone(),
        url: input.url.clone(),
        name: self.name.clone(),
        parent: self.parent.as_deref().map(slugify),
        children: Vec::new(),
        lead: self.lead.clone(),
        email: self.email.clone(),
        phone: self.phone.clone(),
        area: self.area.clone(),
        responsibilities: self.responsibilities.clone(),
        order: self.order.unwrap_or(i64::MAX),
        contact_for: self.contact_for.iter().map(Need::from).collect(),
        html: markdown::to_html(&events, input.cx.sanitiser),
        text: markdown::plain_text(&events),
        meta: self.meta(),
        print: Memo::default(),
    }
}
}

impl Team {
    /// What the team gives the search index: its name, its lead and area as
    /// headings, and what it does and whom to contact it about.
    pub fn search_entries<'a>(&'a self, out: &mut Vec<SearchEntry<'a>>) {
        let lead = self.lead.as_ref().map(|l| {
            join(&[
                l.name.as_deref().unwrap_or(""),
                l.role.as_deref().unwrap_or(""),
            ])
        });
        out.push(SearchEntry {
            title: Cow::Borrowed(&self.name),
            headings: join(&[
                lead.as_deref().unwrap_or(""),
                self.area.as_deref().unwrap_or(""),
            ]),
            body: join(&[
                self.meta.description.as_deref().unwrap_or(""),
                &self.responsibilities.join(". "),
                &self
                    .contact_for
                    .iter()
                    .map(|c| c.need.as_str())
                    .collect::<Vec<_>>()
                    .join(". "),
                &self.text,
            ]),
            kind: Kind::Team,
            url: Cow::Borrowed(&self.url),
            date: None,
            tags: Vec::new(),
        });
    }
}
