//! Step-by-step guides: a journey (asking for an assessment, appealing) as numbered
//! steps, in the pattern GOV.UK uses for step-by-step navigation. One file is one
//! guide: text before the first `##` heading introduces it, each `##` heading is a
//! step, and a step's first line may say when it happens (`When: by week 6`). The
//! front matter lists the legislation and GOV.UK pages the guide rests on. Pages a
//! step links to show a "part of" panel naming the guide and the step.

use std::borrow::Cow;
use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};
use serde::{Deserialize, Serialize};

use super::faq::{Section, sections};
use super::{SearchEntry, join};
use crate::content::source::SourceFile;
use crate::content::{Kind, Meta, front_matter_struct};
use crate::diagnostics::Diagnostic;
use crate::markdown::{self, Spanned};

front_matter_struct! {
    /// The front matter of a guide.
    pub struct GuideFront {
        /// The guide's title: what the journey is.
        pub title: String,
        /// The legislation and GOV.UK pages the guide rests on, shown at its foot.
        #[serde(default)]
        pub sources: Vec<Source>,
    }
}

/// A page a guide rests on.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Its title: `Children and Families Act 2014, section 36`.
    pub title: String,
    /// Its address, `https://`.
    pub url: String,
}

/// A guide, ready to render.
#[derive(Debug, Clone, Serialize)]
pub struct Guide {
    /// The file name without `.md`; the guide is at `/guides/<slug>/`.
    pub slug: String,
    /// Its URL.
    pub url: String,
    /// Its title.
    pub title: String,
    /// Text before the first step, as HTML.
    pub intro_html: String,
    /// Text before the first step, without markup.
    pub intro_text: String,
    /// Its steps, in order.
    pub steps: Vec<Step>,
    /// What it rests on.
    pub sources: Vec<Source>,
    /// Shared page fields.
    pub meta: Meta,
}

/// One step of a guide.
#[derive(Debug, Clone, Serialize)]
pub struct Step {
    /// 1, 2, 3...
    pub number: usize,
    /// Its anchor id: `step-1`.
    pub id: String,
    /// Its title, from the `##` heading.
    pub title: String,
    /// When it happens, as written after `When:` (`by week 6`), if it says.
    pub time: Option<String>,
    /// Its text, as HTML.
    pub html: String,
    /// Its text, without markup.
    pub text: String,
    /// The pages of this site its text links to (without `#anchor`, except for a
    /// jargon term, whose anchor is its place), for their "part of" panels.
    pub links: Vec<String>,
}

/// How a step's text says when it happens.
const WHEN: &str = "when:";

/// The units a step's time may count in.
const UNITS: &[&str] = &[
    "day", "days", "week", "weeks", "month", "months", "year", "years",
];

/// Words that may come before a time (`by week 6`, `within 15 days`).
const LEADS: &[&str] = &[
    "by", "within", "after", "from", "at", "before", "in", "around", "up to",
];

/// Words that may join a time to what it counts from (`within 2 weeks of the
/// meeting`).
const TAILS: &[&str] = &["of", "after", "before", "from"];

/// The forms a step's time takes, for messages.
const TIME_FORMS: &str = "`by week 6`, `within 15 days`, `within 2 weeks of the meeting`, `from Year 9`, `before you ask`, `every year` or `any time`";

/// Builds the guide of `input`: the introduction, then a step per `##` heading.
impl super::BuildFrom for GuideFront {
    fn build(&self, input: &super::Input<'_>, d: &mut Vec<Diagnostic>) -> Guide {
    let events = input.body_events(None, d);
    let file = input.file;
    let (intro, found) = sections(&events, &[HeadingLevel::H2]);
    let jargon = Kind::Jargon.url_prefix();
    let steps: Vec<Step> = found
        .into_iter()
        .enumerate()
        .map(|(i, section)| step(file, i + 1, section, jargon, input.cx.sanitiser, d))
        .collect();
    if steps.is_empty() {
        d.push(
            file.error("this guide has no steps")
                .help("give each step a `##` heading and write what happens under it; the text before the first heading introduces the guide"),
        );
    }
    for s in &self.sources {
        if !s.url.starts_with("https://") && !s.url.starts_with("http://") {
            d.push(
                file.error(format!("the source \"{}\" has no web address", s.title))
                    .at(&file.text, super::find_text(file, &s.url, input.split))
                    .label("not a web address")
                    .help("give the full address of the legislation or GOV.UK page, starting https://"),
            );
        }
    }
    Guide {
        slug: input.slug.clone(),
        url: input.url.clone(),
        title: self.title.clone(),
        intro_html: markdown::to_html(intro, input.cx.sanitiser),
        intro_text: markdown::plain_text(intro),
        steps,
        sources: self.sources.clone(),
        meta: self.meta(),
    }
}
}

/// One step from its section; its time and title checked.
fn step(
    file: &SourceFile,
    number: usize,
    section: Section<'_, '_>,
    jargon: &str,
    sanitiser: &crate::sanitise::Sanitiser,
    d: &mut Vec<Diagnostic>,
) -> Step {
    if section.title.trim().is_empty() {
        d.push(
            file.error(format!("step {number} has no title"))
                .at(&file.text, section.span.clone())
                .label("an empty `##` heading")
                .help("write what happens in this step after the `##`, for example `## The council decides whether to assess`"),
        );
    }
    let (time, body) = match when(section.body) {
        Some((written, span, rest)) => (read_time(file, &written, span, d), rest),
        None => (None, section.body),
    };
    Step {
        number,
        id: format!("step-{number}"),
        title: section.title,
        time,
        html: markdown::to_html(body, sanitiser),
        text: markdown::plain_text(body),
        links: links(body, jargon),
    }
}

/// The step's time, when its first paragraph is `When: ...`: what follows, the
/// paragraph's span, and the events after it.
fn when<'e, 't>(body: &'e [Spanned<'t>]) -> Option<(String, Range<usize>, &'e [Spanned<'t>])> {
    let (Event::Start(Tag::Paragraph), span) = body.first()? else {
        return None;
    };
    let end = body
        .iter()
        .position(|(e, _)| matches!(e, Event::End(TagEnd::Paragraph)))?;
    let text = markdown::plain_text(&body[1..end]);
    let text = text.trim();
    if !text.get(..WHEN.len())?.eq_ignore_ascii_case(WHEN) {
        return None;
    }
    let rest = text[WHEN.len()..].trim().to_owned();
    Some((rest, span.clone(), &body[end + 1..]))
}

/// `written` if it reads as a time ([`TIME_FORMS`]); otherwise an error at `span`
/// with the nearest unit when a word looks like a misspelt one.
fn read_time(
    file: &SourceFile,
    written: &str,
    span: Range<usize>,
    d: &mut Vec<Diagnostic>,
) -> Option<String> {
    if is_time(written) {
        return Some(written.to_owned());
    }
    let near = written
        .split_whitespace()
        .map(str::to_lowercase)
        .filter(|w| w.parse::<u32>().is_err() && !LEADS.contains(&w.as_str()) && !TAILS.contains(&w.as_str()))
        .find_map(|w| crate::util::names::nearest(&w, UNITS).filter(|u| *u != w));
    let help = match near {
        Some(unit) => format!("did you mean `{unit}`? A time is written like {TIME_FORMS}"),
        None => format!("write it like {TIME_FORMS}, or leave the `When:` line out"),
    };
    d.push(
        file.error(format!("the time \"{written}\" cannot be read"))
            .at(&file.text, span)
            .label("not a time")
            .help(help),
    );
    None
}

/// Whether `written` is one of [`TIME_FORMS`]: `any time`, `every year`, `before
/// you ...`, or an optional lead word, a unit and a number (either way round),
/// and an optional phrase starting `of`, `after`, `before` or `from`.
pub fn is_time(written: &str) -> bool {
    let lower = written.trim().to_lowercase();
    if ["any time", "every year"].contains(&lower.as_str()) {
        return true;
    }
    if lower
        .strip_prefix("before you ")
        .is_some_and(|rest| !rest.trim().is_empty())
    {
        return true;
    }
    let mut rest = lower.as_str();
    if let Some(lead) = LEADS
        .iter()
        .find(|l| rest.strip_prefix(*l).is_some_and(|r| r.starts_with(' ')))
    {
        rest = rest[lead.len()..].trim_start();
    }
    let words: Vec<&str> = rest.split_whitespace().collect();
    let counted = match words.as_slice() {
        [a, b, ..] => {
            (a.parse::<u32>().is_ok() && UNITS.contains(b))
                || (UNITS.contains(a) && b.parse::<u32>().is_ok())
        }
        _ => false,
    };
    counted && words.get(2).is_none_or(|w| TAILS.contains(w))
}

/// The pages of this site `body` links to (each once, in order): without their
/// `#anchor`, except links to a jargon term (`jargon` is where terms are, `/jargon/#`).
fn links(body: &[Spanned<'_>], jargon: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (event, _) in body {
        let Event::Start(Tag::Link { dest_url, .. }) = event else {
            continue;
        };
        if !dest_url.starts_with('/') || dest_url.starts_with("//") {
            continue;
        }
        let url = if dest_url.starts_with(jargon) {
            dest_url.to_string()
        } else {
            dest_url.split('#').next().unwrap_or(dest_url).to_owned()
        };
        if !out.contains(&url) {
            out.push(url);
        }
    }
    out
}

impl Guide {
    /// What the guide gives the search index: the guide (its introduction and the
    /// titles of its steps), then each step at its own anchor.
    pub fn search_entries<'a>(&'a self, out: &mut Vec<SearchEntry<'a>>) {
        let titles: Vec<&str> = self.steps.iter().map(|s| s.title.as_str()).collect();
        out.push(SearchEntry {
            title: Cow::Borrowed(&self.title),
            headings: Cow::Borrowed(self.meta.description.as_deref().unwrap_or("")),
            body: join(&[&self.intro_text, &titles.join(". ")]),
            kind: Kind::Guide,
            url: Cow::Borrowed(&self.url),
            date: None,
            tags: Vec::new(),
        });
        for s in &self.steps {
            out.push(SearchEntry {
                title: Cow::Borrowed(&s.title),
                headings: Cow::Owned(format!("{}, step {}", self.title, s.number)),
                body: join(&[s.time.as_deref().unwrap_or(""), &s.text]),
                kind: Kind::Guide,
                url: Cow::Owned(format!("{}#{}", self.url, s.id)),
                date: None,
                tags: Vec::new(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_as_people_write_them() {
        for ok in [
            "by week 6",
            "within 15 days",
            "Week 20",
            "within 2 weeks of the meeting",
            "from Year 9",
            "up to 4 weeks",
            "before you ask",
            "every year",
            "Any time",
            "6 weeks after the decision",
        ] {
            assert!(is_time(ok), "{ok}");
        }
        for bad in [
            "soon",
            "by weak 6",
            "week six",
            "before you",
            "within 15 days if possible",
            "",
        ] {
            assert!(!is_time(bad), "{bad}");
        }
    }
}
