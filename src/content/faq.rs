//! FAQ pages: `##` headings are subjects, `###` headings are questions, and the text
//! under a question is its answer. Each question gets a stable anchor id, so links
//! and search results can open it directly.

use pulldown_cmark::HeadingLevel;
use serde::Serialize;

use super::{Meta, front_matter_struct};
use crate::content::source::SourceFile;
use crate::diagnostics::Diagnostic;
use crate::markdown::{self, Spanned};

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

/// Cuts the page's events into intro, subjects and questions.
pub fn build(
    file: &SourceFile,
    front: &FaqFront,
    url: String,
    events: &[Spanned<'_>],
    diagnostics: &mut Vec<Diagnostic>,
) -> FaqPage {
    let mut page = FaqPage {
        slug: file.stem().to_owned(),
        url,
        title: front.title.clone(),
        meta: front.meta(),
        intro_html: String::new(),
        subjects: Vec::new(),
    };
    // Split at every `##` and `###` heading; each chunk runs to the next one.
    let starts: Vec<usize> = events
        .iter()
        .enumerate()
        .filter(|(_, (e, _))| {
            matches!(
                markdown::heading_level(e),
                Some(HeadingLevel::H2 | HeadingLevel::H3)
            )
        })
        .map(|(i, _)| i)
        .collect();
    let first = starts.first().copied().unwrap_or(events.len());
    page.intro_html = markdown::to_html(&events[..first]);
    for (n, &start) in starts.iter().enumerate() {
        let end = starts.get(n + 1).copied().unwrap_or(events.len());
        let heading_end = events[start..end]
            .iter()
            .position(|(e, _)| {
                matches!(
                    e,
                    pulldown_cmark::Event::End(pulldown_cmark::TagEnd::Heading(_))
                )
            })
            .map_or(end, |p| start + p);
        let title = markdown::plain_text(&events[start + 1..heading_end]);
        let id = markdown::heading_id(&events[start].0)
            .unwrap_or_default()
            .to_owned();
        let body = &events[(heading_end + 1).min(end)..end];
        match markdown::heading_level(&events[start].0) {
            Some(HeadingLevel::H2) => page.subjects.push(Subject {
                title: Some(title),
                id: Some(id),
                intro_html: markdown::to_html(body),
                questions: Vec::new(),
            }),
            _ => {
                let answer_text = markdown::plain_text(body);
                if answer_text.is_empty() {
                    diagnostics.push(
                        file.error(format!("the question \"{title}\" has no answer"))
                            .at(&file.text, events[start].1.clone())
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
                        answer_html: markdown::to_html(body),
                        answer_text,
                    });
                }
            }
        }
    }
    page
}
