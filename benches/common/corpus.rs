//! A deterministic corpus for benchmarks: N pages of a realistic mix (about 70% FAQ
//! pages, 20% jargon terms, 10% news posts) in SEND vocabulary plus filler, with
//! front matter that both localoffer and Hugo read, and the few Hugo layouts needed to
//! build it with Hugo too. Not part of the product: run it with
//! `cargo run --release --example corpus -- PAGES DIR` (see `scripts/bench`). The
//! benches, the example and `tests/golden.rs` include this file with `#[path]`.
//!
//! The same `pages` and `seed` always give the same files, byte for byte.

use std::fmt::Write as _;
use std::io;
use std::path::Path;

/// What a generated corpus holds.
#[derive(Debug, Default, Clone, Copy)]
pub struct CorpusStats {
    /// FAQ pages.
    pub faqs: usize,
    /// Jargon terms.
    pub terms: usize,
    /// News posts.
    pub posts: usize,
    /// Bytes of Markdown written (front matter included).
    pub bytes: usize,
}

/// A small, fast, deterministic generator (xorshift64*): the corpus must not depend
/// on a random-number crate's version.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next() % (hi - lo + 1) as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.range(0, items.len() - 1)]
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

const SEND_WORDS: &[&str] = &[
    "assessment",
    "annual review",
    "EHC plan",
    "SENCo",
    "school",
    "provision",
    "support",
    "co-ordinator",
    "tribunal",
    "parents",
    "carers",
    "young person",
    "child",
    "needs",
    "health",
    "care",
    "education",
    "placement",
    "outcomes",
    "panel",
    "decision",
    "advice",
    "report",
    "mainstream",
    "special school",
    "transport",
    "personal budget",
    "mediation",
    "appeal",
    "front door",
    "deadline",
    "20 weeks",
    "evidence",
    "therapy",
    "speech and language",
    "occupational therapy",
    "educational psychologist",
    "local authority",
    "funding",
    "transition",
    "post 16",
    "college",
    "early years",
    "nursery",
    "reviewing hub",
    "assessment hub",
    "Synergy portal",
    "caseload",
    "section F",
    "section I",
    "outcome",
];

const FILLER: &[&str] = &[
    "the",
    "a",
    "we",
    "you",
    "will",
    "can",
    "should",
    "with",
    "about",
    "when",
    "your",
    "this",
    "that",
    "and",
    "or",
    "for",
    "from",
    "every",
    "each",
    "before",
    "after",
    "usually",
    "often",
    "please",
    "ask",
    "tell",
    "help",
    "make",
    "write",
    "read",
    "check",
    "agree",
    "meet",
    "send",
    "share",
    "plan",
    "review",
    "time",
    "week",
    "month",
    "letter",
    "email",
    "phone",
    "contact",
    "information",
    "team",
    "service",
    "people",
    "questions",
    "answer",
    "more",
    "most",
    "some",
    "other",
    "right",
    "first",
    "next",
    "new",
    "change",
];

const SYLLABLES: &[&str] = &[
    "ba", "ven", "tor", "li", "ca", "mor", "dre", "sa", "pel", "quin", "ro", "tha", "nex", "ul",
    "ari", "dom", "fen", "gal", "hes", "ith", "jor", "kel", "mar", "nor", "ost", "pra",
];

const TAGS: &[&str] = &[
    "annual reviews",
    "front door",
    "EHC plans",
    "tribunals",
    "performance",
    "training",
    "special schools",
    "transport",
    "post 16",
    "early years",
];

fn sentence(rng: &mut Rng, out: &mut String, words: &mut usize, terms: &[String]) {
    let n = rng.range(8, 20);
    for i in 0..n {
        let word = if !terms.is_empty() && rng.chance(3) {
            terms[rng.range(0, terms.len() - 1)].as_str()
        } else if rng.chance(35) {
            rng.pick(SEND_WORDS)
        } else {
            rng.pick(FILLER)
        };
        if i == 0 {
            let mut chars = word.chars();
            if let Some(c) = chars.next() {
                out.extend(c.to_uppercase());
                out.push_str(chars.as_str());
            }
        } else {
            out.push(' ');
            if rng.chance(3) {
                let _ = write!(out, "*{word}*");
            } else {
                out.push_str(word);
            }
        }
    }
    out.push_str(". ");
    *words += n;
}

fn paragraph(rng: &mut Rng, out: &mut String, words: &mut usize, terms: &[String]) {
    for _ in 0..rng.range(2, 4) {
        sentence(rng, out, words, terms);
    }
    out.truncate(out.trim_end().len());
    out.push_str("\n\n");
}

fn list(rng: &mut Rng, out: &mut String, words: &mut usize) {
    for _ in 0..rng.range(3, 5) {
        let n = rng.range(3, 8);
        out.push_str("- ");
        for i in 0..n {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(if rng.chance(40) {
                rng.pick(SEND_WORDS)
            } else {
                rng.pick(FILLER)
            });
        }
        out.push('\n');
        *words += n;
    }
    out.push('\n');
}

fn title(rng: &mut Rng, question: bool) -> String {
    let mut t = String::from(if question {
        rng.pick(&[
            "How do I",
            "What happens if",
            "When will",
            "Who can",
            "Can I",
            "Why does",
        ])
    } else {
        rng.pick(&[
            "About",
            "Help with",
            "Questions on",
            "Support for",
            "Guide to",
        ])
    });
    for _ in 0..rng.range(2, 5) {
        t.push(' ');
        t.push_str(if rng.chance(50) {
            rng.pick(SEND_WORDS)
        } else {
            rng.pick(FILLER)
        });
    }
    if question {
        t.push('?');
    }
    t
}

/// A unique made-up word for term `i`: `Torlimar`.
fn term_name(i: usize) -> String {
    let mut n = i;
    let mut word = String::new();
    loop {
        word.push_str(SYLLABLES[n % SYLLABLES.len()]);
        n /= SYLLABLES.len();
        if n == 0 {
            break;
        }
    }
    word.push_str(SYLLABLES[(i * 7 + 3) % SYLLABLES.len()]);
    let mut chars = word.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => word,
    }
}

fn yaml_quote(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// How a corpus is made up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// About 70% FAQ pages of 150-600 words, 20% jargon terms of 40-120 words and
    /// 10% news posts.
    Mixed,
    /// Mostly long FAQ pages (600-1,500 words), many short jargon terms (15-40
    /// words), few news posts: about 55%, 42% and 3%.
    LongFaqs,
}

impl Shape {
    /// The shape called `name` (`mixed`, `long-faqs`).
    pub fn named(name: &str) -> Option<Shape> {
        match name {
            "mixed" => Some(Shape::Mixed),
            "long-faqs" => Some(Shape::LongFaqs),
            _ => None,
        }
    }
}

/// Writes a corpus of `pages` pages of the [`Shape::Mixed`] shape into `dir`
/// (which should be empty).
pub fn write(dir: &Path, pages: usize, seed: u64) -> io::Result<CorpusStats> {
    write_shaped(dir, pages, seed, Shape::Mixed)
}

/// Writes a corpus of `pages` pages of `shape` into `dir` (which should be empty).
pub fn write_shaped(dir: &Path, pages: usize, seed: u64, shape: Shape) -> io::Result<CorpusStats> {
    let mut rng = Rng(seed.max(1));
    // Pages of each kind, and the words of a term and of an FAQ page.
    let (posts, terms, term_words, faq_words) = match shape {
        Shape::Mixed => (pages / 10, pages / 5, (40, 120), (150, 600)),
        Shape::LongFaqs => (pages * 3 / 100, pages * 42 / 100, (15, 40), (600, 1500)),
    };
    let faqs = pages.saturating_sub(posts + terms).max(1);
    let mut stats = CorpusStats {
        faqs,
        terms,
        posts,
        bytes: 0,
    };
    for sub in [
        "content/faqs",
        "content/jargon",
        "content/news",
        "layouts/_default",
    ] {
        std::fs::create_dir_all(dir.join(sub))?;
    }
    let mut put = |rel: &str, text: &str| -> io::Result<()> {
        if rel.starts_with("content/") {
            stats.bytes += text.len();
        }
        std::fs::write(dir.join(rel), text)
    };
    put("site.toml", SITE_TOML)?;
    put("hugo.toml", HUGO_TOML)?;
    for (name, text) in HUGO_LAYOUTS {
        put(&format!("layouts/{name}"), text)?;
    }
    put(
        "content/_index.md",
        "---\ntitle: Generated Local Offer\n---\n\nA generated site for benchmarks.\n",
    )?;
    let term_names: Vec<String> = (0..terms).map(term_name).collect();

    for (i, name) in term_names.iter().enumerate() {
        let mut body = String::new();
        let mut words = 0;
        let target = rng.range(term_words.0, term_words.1);
        while words < target {
            paragraph(&mut rng, &mut body, &mut words, &[]);
        }
        let text = format!(
            "---\nterm: {}\nstands_for: {}\naliases: [{}]\n---\n\n{body}",
            yaml_quote(name),
            yaml_quote(&format!(
                "{} {} {}",
                name,
                rng.pick(SEND_WORDS),
                rng.pick(SEND_WORDS)
            )),
            yaml_quote(&format!("{name}s")),
        );
        put(&format!("content/jargon/term-{i:05}.md"), &text)?;
    }

    for i in 0..faqs {
        let mut body = String::new();
        let mut words = 0;
        let target = rng.range(faq_words.0, faq_words.1);
        paragraph(&mut rng, &mut body, &mut words, &term_names);
        let mut subject = 0;
        while words < target {
            subject += 1;
            let _ = writeln!(body, "## {} {subject}\n", title(&mut rng, false));
            for q in 0..rng.range(2, 4) {
                let _ = writeln!(body, "### {} ({subject}.{q})\n", title(&mut rng, true));
                paragraph(&mut rng, &mut body, &mut words, &term_names);
                if rng.chance(30) {
                    list(&mut rng, &mut body, &mut words);
                }
                if rng.chance(40) && faqs > 1 {
                    let other = rng.range(0, faqs - 1);
                    let _ = writeln!(
                        body,
                        "Read [more about this](../faqs/faq-{other:05}.md) before you ask.\n"
                    );
                }
                if words >= target {
                    break;
                }
            }
        }
        let text = format!(
            "---\ntitle: {}\ndescription: {}\nupdated: 2024-{:02}-{:02}\n---\n\n{body}",
            yaml_quote(&title(&mut rng, false)),
            yaml_quote(&format!("Answers about {}.", rng.pick(SEND_WORDS))),
            rng.range(1, 12),
            rng.range(1, 28),
        );
        put(&format!("content/faqs/faq-{i:05}.md"), &text)?;
    }

    for i in 0..posts {
        let mut body = String::new();
        let mut words = 0;
        let target = rng.range(100, 400);
        while words < target {
            paragraph(&mut rng, &mut body, &mut words, &term_names);
        }
        let year = 2015 + i % 11;
        let text = format!(
            "---\ntitle: {}\ndate: {year}-{:02}-{:02}\nseries: {}\nsummary: {}\ntags: [{}, {}]\n---\n\n{body}",
            yaml_quote(&title(&mut rng, false)),
            rng.range(1, 12),
            rng.range(1, 28),
            if i % 4 == 0 {
                "newsletter"
            } else {
                "news-splash"
            },
            yaml_quote(&format!("News about {}.", rng.pick(SEND_WORDS))),
            rng.pick(TAGS),
            rng.pick(TAGS),
        );
        put(&format!("content/news/post-{i:05}.md"), &text)?;
    }
    Ok(stats)
}

/// What the generated services do, for their names.
const ACTIVITIES: &[&str] = &[
    "Swimming club",
    "Short breaks scheme",
    "Speech and language drop-in",
    "Parent support group",
    "Holiday play scheme",
    "Youth club",
    "Travel training",
    "Sensory play sessions",
    "Supported internships",
    "Advice line",
    "Music therapy",
    "Football sessions",
    "Autism support service",
    "Sleep clinic",
    "Homework club",
];

/// Who the generated services are for, for their names.
const GROUPS: &[&str] = &[
    "for disabled children",
    "for autistic young people",
    "for under-fives",
    "for teenagers",
    "for families",
    "for young adults",
];

/// The default categories of `[directory]`, as front matter writes them.
const CATEGORIES: &[&str] = &[
    "education",
    "health",
    "social care",
    "short breaks",
    "leisure and activities",
    "transport",
    "advice and support",
    "preparing for adulthood",
];

const NEEDS: &[&str] = &[
    "communication and interaction",
    "cognition and learning",
    "social, emotional and mental health",
    "sensory and/or physical",
];

const DAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Adds a directory of `count` made-up services (and one organisation for every 25
/// of them) to the corpus in `dir`: example.org addresses, 01632 960xxx telephone
/// numbers and ZZ99 postcodes, a mix of categories, ages, areas of need, days and
/// costs. Returns the bytes of Markdown written.
#[allow(dead_code)] // Used by examples/corpus.rs only.
pub fn write_services(dir: &Path, count: usize, seed: u64) -> io::Result<usize> {
    let mut rng = Rng(seed.max(1) ^ 0x5e4f_1ce5);
    let mut bytes = 0;
    std::fs::create_dir_all(dir.join("content/services"))?;
    std::fs::create_dir_all(dir.join("content/organisations"))?;
    let organisations = count.div_ceil(25).max(1);
    for o in 0..organisations {
        let text = format!(
            "---\nid: 00000000-0000-4000-9000-{o:012}\ntitle: Made-up organisation {o}\n\
             website: https://example.org/organisations/{o}\nemail: hello{o}@example.org\n\
             phone: 01632 960{:03}\n---\n\nA made-up organisation for benchmarks. It does not exist.\n",
            o % 1000
        );
        bytes += text.len();
        std::fs::write(
            dir.join(format!("content/organisations/organisation-{o:04}.md")),
            text,
        )?;
    }
    for i in 0..count {
        let youngest = [0, 3, 5, 8, 11, 14, 16, 18][rng.range(0, 7)];
        let oldest = (youngest + rng.range(3, 10)).min(25);
        let mut categories = vec![rng.pick(CATEGORIES)];
        if rng.chance(30) {
            categories.push(rng.pick(CATEGORIES));
        }
        categories.dedup();
        let needs: Vec<&str> = (0..rng.range(0, 2)).map(|_| rng.pick(NEEDS)).collect();
        let first = rng.range(0, 6);
        let days: Vec<&str> = (first..=(first + rng.range(0, 4)).min(6))
            .map(|d| DAYS[d])
            .collect();
        let opens = rng.range(8, 16);
        let cost = if rng.chance(40) {
            "free: true\n".to_owned()
        } else {
            format!(
                "free: false\ncosts:\n  - amount: {}\n    covers: per session\n",
                rng.range(2, 15)
            )
        };
        let mut body = String::new();
        let mut words = 0;
        let target = rng.range(60, 200);
        while words < target {
            paragraph(&mut rng, &mut body, &mut words, &[]);
        }
        let quoted = |items: &[&str]| {
            items
                .iter()
                .map(|c| yaml_quote(c))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let text = format!(
            "---\nid: 00000000-0000-4000-8000-{i:012}\ntitle: {}\nstatus: active\n\
             organisation: organisation-{:04}\nsummary: {}\ncategories: [{}]\nneeds: [{}]\n\
             minimum_age: {youngest}\nmaximum_age: {oldest}\n{cost}\
             website: https://example.org/services/{i}\nemail: service{i}@example.org\n\
             contacts:\n  - name: Bookings\n    phones: [\"01632 960{:03}\"]\n\
             locations:\n  - name: Example Centre {}\n    address: [\"{} Example Road\"]\n\
             \x20   town: Exampletown\n    postcode: ZZ99 {}AA\n\
             schedules:\n  - days: [{}]\n    opens: \"{opens:02}:00\"\n    closes: \"{:02}:30\"\n\
             access: {}\nchecked: 2026-{:02}-{:02}\n---\n\n{body}",
            yaml_quote(&format!(
                "{} {} ({i})",
                rng.pick(ACTIVITIES),
                rng.pick(GROUPS)
            )),
            i % organisations,
            yaml_quote(&format!(
                "A made-up service about {}.",
                rng.pick(SEND_WORDS)
            )),
            quoted(&categories),
            quoted(&needs),
            i % 1000,
            i % 40,
            i % 200 + 1,
            i % 10,
            days.join(", "),
            opens + rng.range(1, 4),
            ["referral", "self-referral", "referral or self-referral"][rng.range(0, 2)],
            rng.range(1, 11),
            rng.range(1, 28),
        );
        bytes += text.len();
        std::fs::write(
            dir.join(format!("content/services/service-{i:05}.md")),
            text,
        )?;
    }
    Ok(bytes)
}

const SITE_TOML: &str = r#"title = "Generated Local Offer"
base_url = "https://offer.example.org"

[organisation]
name = "Benchmark Council"
service = "SEND Service"
email = "send@example.org"
"#;

const HUGO_TOML: &str = r#"baseURL = "https://offer.example.org/"
title = "Generated Local Offer"
languageCode = "en-GB"
disableKinds = ["RSS"]
"#;

const HUGO_LAYOUTS: &[(&str, &str)] = &[
    (
        "_default/baseof.html",
        r##"<!DOCTYPE html>
<html lang="en-GB">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ with .Title }}{{ . }}{{ else }}{{ .Params.term }}{{ end }} – {{ site.Title }}</title></head>
<body><a href="#main">Skip to main content</a>
<header><a href="/">{{ site.Title }}</a><nav><a href="/faqs/">FAQs</a> <a href="/jargon/">Jargon</a> <a href="/news/">News</a></nav></header>
<main id="main">{{ block "main" . }}{{ end }}</main>
<footer>{{ site.Title }}</footer></body></html>
"##,
    ),
    (
        "_default/single.html",
        r##"{{ define "main" }}<h1>{{ with .Title }}{{ . }}{{ else }}{{ .Params.term }}{{ end }}</h1>
{{ with .Params.stands_for }}<p>{{ . }}</p>{{ end }}
{{ .Content }}{{ end }}
"##,
    ),
    (
        "_default/list.html",
        r##"{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ with .Title }}{{ . }}{{ else }}{{ .Params.term }}{{ end }}</a></li>{{ end }}</ul>{{ end }}
"##,
    ),
    (
        "index.html",
        r##"{{ define "main" }}<h1>{{ site.Title }}</h1>{{ .Content }}
<ul>{{ range first 10 (where site.RegularPages "Section" "news") }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
"##,
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_corpus_and_the_mix_asked_for() {
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        let sa = write(a.path(), 100, 7).unwrap();
        let sb = write(b.path(), 100, 7).unwrap();
        assert_eq!((sa.faqs, sa.terms, sa.posts), (70, 20, 10));
        assert_eq!(sa.bytes, sb.bytes);
        let one = std::fs::read_to_string(a.path().join("content/faqs/faq-00003.md")).unwrap();
        let two = std::fs::read_to_string(b.path().join("content/faqs/faq-00003.md")).unwrap();
        assert_eq!(one, two);
        assert!(one.contains("\n## ") && one.contains("\n### "), "{one}");
    }

    #[test]
    fn term_names_are_unique() {
        let names: std::collections::HashSet<String> = (0..20_000).map(term_name).collect();
        assert_eq!(names.len(), 20_000);
    }
}
