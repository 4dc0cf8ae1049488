//! The jargon buster.

use serde::Serialize;

use crate::content::Site;
use crate::content::jargon::Term;
use crate::render::jobs::{Job, JobMaker};
use crate::render::output_path;
use crate::render::view::{PageView, PartOf, SiteView, listing};
use crate::util::fingerprint::Remembered;

/// `/jargon/`: every term, A to Z, on one page.
pub(in crate::render) fn jobs<'a>(site: &'a Site, maker: &JobMaker<'a>, jobs: &mut Vec<Job<'a>>) {
    let view = maker.view;
    jobs.push(
        maker
            .job(
                "jargon.html",
                output_path("/jargon/"),
                PageView {
                    common: listing(
                        view,
                        "Jargon buster",
                        "/jargon/",
                        "jargon",
                        "What the words, acronyms and old names used in SEND mean, from A to Z.",
                    ),
                    data: JargonData::new(&site.terms, view),
                },
            )
            .lastmod(site.terms.iter().filter_map(|t| t.meta.updated).max()),
    );
}

#[derive(Serialize)]
struct JargonData<'a> {
    letters: Vec<Letter>,
    groups: Vec<LetterGroup<'a>>,
}

#[derive(Serialize)]
struct Letter {
    letter: char,
    present: bool,
}

#[derive(Serialize)]
struct LetterGroup<'a> {
    letter: char,
    id: String,
    terms: Vec<TermView<'a>>,
}

/// A term with the guide steps that link to it.
#[derive(Serialize)]
struct TermView<'a> {
    #[serde(flatten)]
    term: Remembered<'a, Term>,
    part_of: Vec<PartOf>,
}

impl<'a> JargonData<'a> {
    fn new(terms: &'a [std::sync::Arc<Term>], view: &SiteView) -> JargonData<'a> {
        let mut groups: Vec<LetterGroup<'a>> = Vec::new();
        for t in terms {
            let letter = t.letter;
            let t = TermView {
                term: Remembered(t),
                part_of: view.part_of(&t.url),
            };
            match groups.iter_mut().find(|g| g.letter == letter) {
                Some(g) => g.terms.push(t),
                None => groups.push(LetterGroup {
                    letter,
                    id: letter_id(letter),
                    terms: vec![t],
                }),
            }
        }
        groups.sort_by_key(|g| if g.letter == '#' { '\u{0}' } else { g.letter });
        let letters = ('A'..='Z')
            .map(|letter| Letter {
                letter,
                present: groups.iter().any(|g| g.letter == letter),
            })
            .collect();
        JargonData { letters, groups }
    }
}

fn letter_id(letter: char) -> String {
    if letter == '#' {
        "letter-0-9".to_owned()
    } else {
        format!("letter-{}", letter.to_ascii_lowercase())
    }
}
