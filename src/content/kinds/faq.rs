//! FAQ pages: `##` headings are subjects, `###` headings are questions, and the text
//! under a question is its answer. Each question gets a stable anchor id, so links
//! and search results can open it directly.

use pulldown_cmark::HeadingLevel;
use serde::Serialize;

use std::borrow::Cow;

use super::{SearchEntry, join};
use crate::content::Kind;
use crate::content::{Meta, front_matter_struct};
use crate::diagnostics::Diagnostic;
use crate::markdown::{self, Spanned};
use crate::util::fingerprint::{Memo, Memoised};

front_matter_struct! {
    /// The front matter of an FAQ page.
    pub struct FaqFront {
        /// The page heading.
        pub title: String,
    }
}

/// One FAQ page, ready to render.
#[derive(Debug, Clone, Serialize)]
pub struct FaqPage {
    /// The file name without `.md`; the page is at `/faqs/<slug>/`.
    pub slug: String,
    /// The page's URL.
    pub url: String,
    /// The page heading.
    pub title: String,
    /// Shared page fields.
    pub meta: Meta,
    /// Text before the first subject or question.
    pub intro_html: String,
    /// The subjects, in file order. Questions before any `##` sit in a subject
    /// with no title.
    pub subjects: Vec<Subject>,
    /// The page's fingerprint, for watch mode (see [`Memoised`]).
    #[serde(skip)]
    pub print: Memo,
}

impl Memoised for FaqPage {
    fn memo(&self) -> &Memo {
        &self.print
    }
}

/// A `##` group of questions.
#[derive(Debug, Clone, Serialize)]
pub struct Subject {
    /// The subject heading, if there is one.
    pub title: Option<String>,
    /// Its anchor id.
    pub id: Option<String>,
    /// Text between the subject heading and its first question.
    pub intro_html: String,
    /// Its questions.
    pub questions: Vec<Question>,
}

/// One question and its answer.
#[derive(Debug, Clone, Serialize)]
pub struct Question {
    /// Its anchor id: `/faqs/<page>/#<id>`.
    pub id: String,
    /// The question as written in the `###` heading.
    pub question: String,
    /// The answer, as HTML.
    pub answer_html: String,
    /// The answer without markup, for search and summaries.
    pub answer_text: String,
}

impl FaqPage {
    /// Every question on the page, in order.
    pub fn questions(&self) -> impl Iterator<Item = &Question> {
        self.subjects.iter().flat_map(|s| s.questions.iter())
    }
}

/// Builds the FAQ page of `input` (see [`super::build_one`]): cuts its events into intro, subjects and questions.
impl super::BuildFrom for FaqFront {
    fn build(&self, input: &super::Input<'_>, diagnostics: &mut Vec<Diagnostic>) -> FaqPage {
    let events = input.body_events(None, diagnostics);
    let events = &events[..];
    let (file, url, sanitiser) = (input.file, input.url.clone(), input.cx.sanitiser);
    let mut page = FaqPage {
        slug: file.stem().to_owned(),
        url,
        title: self.title.clone(),
        meta: self.meta(),
        intro_html: String::new(),
        subjects: Vec::new(),
        print: Memo::default(),
    };
    let (intro, sections) = sections(events, &[HeadingLevel::H2, HeadingLevel::H3]);
    page.intro_html = markdown::to_html(intro, sanitiser);
    for Section {
        level,
        title,
        id,
        span,
        body,
    } in sections
    {
        match level {
            HeadingLevel::H2 => page.subjects.push(Subject {
                title: Some(title),
                id: Some(id),
                intro_html: markdown::to_html(body, sanitiser),
                questions: Vec::new(),
            }),
            _ => {
                let answer_text = markdown::plain_text(body);
                if answer_text.is_empty() {
                    diagnostics.push(
                        file.error(format!("the question \"{title}\" has no answer"))
                            .at(&file.text, span)
                            .label("no text follows this question")
                            .help(
                                "write the answer under the `###` question, or remove the question",
                            ),
                    );
                }
                if page.subjects.is_empty() {
                    page.subjects.push(Subject {
                        title: None,
                        id: None,
                        intro_html: String::new(),
                        questions: Vec::new(),
                    });
                }
                if let Some(subject) = page.subjects.last_mut() {
                    subject.questions.push(Question {
                        id,
                        question: title,
                        answer_html: markdown::to_html(body, sanitiser),
                        answer_text,
                    });
                }
            }
        }
    }
    page
}
}

/// One heading of a chosen level and the events up to the next such heading.
pub(crate) struct Section<'e, 't> {
    /// The heading's level.
    pub level: HeadingLevel,
    /// The heading as plain text.
    pub title: String,
    /// The heading's anchor id.
    pub id: String,
    /// Where the heading is in the file.
    pub span: std::ops::Range<usize>,
    /// The events after the heading, up to the next heading of a chosen level.
    pub body: &'e [Spanned<'t>],
}

/// Cuts `events` at every heading whose level is in `levels`: returns the events
/// before the first such heading, then one [`Section`] per heading.
pub(crate) fn sections<'e, 't>(
    events: &'e [Spanned<'t>],
    levels: &[HeadingLevel],
) -> (&'e [Spanned<'t>], Vec<Section<'e, 't>>) {
    let starts: Vec<(usize, HeadingLevel)> = events
        .iter()
        .enumerate()
        .filter_map(|(i, (e, _))| {
            markdown::heading_level(e)
                .filter(|l| levels.contains(l))
                .map(|l| (i, l))
        })
        .collect();
    let first = starts.first().map_or(events.len(), |s| s.0);
    let mut out = Vec::with_capacity(starts.len());
    for (n, &(start, level)) in starts.iter().enumerate() {
        let end = starts.get(n + 1).map_or(events.len(), |s| s.0);
        let heading_end = events[start..end]
            .iter()
            .position(|(e, _)| {
                matches!(
                    e,
                    pulldown_cmark::Event::End(pulldown_cmark::TagEnd::Heading(_))
                )
            })
            .map_or(end, |p| start + p);
        out.push(Section {
            level,
            title: markdown::plain_text(&events[start + 1..heading_end]),
            id: markdown::heading_id(&events[start].0)
                .unwrap_or_default()
                .to_owned(),
            span: events[start].1.clone(),
            body: &events[(heading_end + 1).min(end)..end],
        });
    }
    (&events[..first], out)
}

impl FaqPage {
    /// What the page gives the search index: the page itself (its description,
    /// with its subjects as headings), then each question with its answer.
    pub fn search_entries<'a>(&'a self, out: &mut Vec<SearchEntry<'a>>) {
        let subjects: Vec<&str> = self
            .subjects
            .iter()
            .filter_map(|s| s.title.as_deref())
            .collect();
        let mut page = SearchEntry::whole_page(
            &self.title,
            &self.url,
            Cow::Borrowed(self.meta.description.as_deref().unwrap_or("")),
            Kind::Faq,
        );
        page.headings = Cow::Owned(subjects.join(" "));
        out.push(page);
        for s in &self.subjects {
            for q in &s.questions {
                out.push(SearchEntry {
                    title: Cow::Borrowed(&q.question),
                    headings: join(&[s.title.as_deref().unwrap_or(""), &self.title]),
                    body: Cow::Borrowed(&q.answer_text),
                    kind: Kind::Faq,
                    url: Cow::Owned(format!("{}#{}", self.url, q.id)),
                    date: None,
                    tags: Vec::new(),
                });
            }
        }
    }
}
