//! Search relevance over the shipped Swindon content: parent-style queries
//! (acronyms, misspellings, plain English, old terms, whole questions), each of
//! which must find the page or section that answers it in the top 3.

mod common;

use std::sync::OnceLock;

use common::TestSite;
use localoffer::search::{Request, SearchIndex};

/// The repository's site, built once for every test in this file.
fn index() -> &'static SearchIndex {
    static INDEX: OnceLock<(TestSite, SearchIndex)> = OnceLock::new();
    let (_, index) = INDEX.get_or_init(|| {
        let site = TestSite::repo_site();
        site.build().success();
        let index = SearchIndex::open(&site.path().join("search-index")).unwrap();
        (site, index)
    });
    index
}

/// `(query, any of these URL fragments must be in the top 3)`.
const CASES: &[(&str, &[&str])] = &[
    // Acronyms and their full forms, both ways.
    ("senco", &["/jargon/#senco", "#what-is-a-senco"]),
    ("SENCO", &["/jargon/#senco", "#what-is-a-senco"]),
    (
        "special educational needs co-ordinator",
        &["/jargon/#senco", "#what-is-a-senco"],
    ),
    ("ehcp", &["/jargon/#ehc-plan"]),
    ("education health and care plan", &["/jargon/#ehc-plan"]),
    ("sias", &["/jargon/#sias"]),
    (
        "information advice and support service",
        &[
            "/jargon/#sias",
            "/services/send-information-advice-and-support-service/",
        ],
    ),
    ("ipsea", &["/jargon/#ipsea"]),
    (
        "mash",
        &[
            "/jargon/#mash",
            "#how-are-requests-for-social-work-advice-handled",
        ],
    ),
    ("qapib", &["/jargon/#qapib"]),
    ("pya", &["/jargon/#pya"]),
    ("dfe", &["/jargon/#dfe"]),
    ("srp", &["/jargon/#srp"]),
    ("cyp", &["/jargon/#cyp"]),
    ("what does LA mean", &["/jargon/#la"]),
    // Old names.
    ("statement", &["/jargon/#ehc-plan"]),
    (
        "statement of special educational needs",
        &["/jargon/#ehc-plan"],
    ),
    // Misspellings.
    ("tribunel", &["/jargon/#tribunal", "#tribunals"]),
    ("ehc plan apeal", &["#how-do-i-appeal-against-a-decision"]),
    (
        "synergy portel",
        &["/jargon/#synergy-portal", "#what-is-the-synergy-portal"],
    ),
    (
        "graduated responce",
        &[
            "/jargon/#graduated-response",
            "#what-is-the-graduated-response",
        ],
    ),
    (
        "anual review",
        &[
            "/jargon/#annual-review",
            "#who-arranges-my-childs-annual-review",
        ],
    ),
    ("case loads", &["#why-are-co-ordinators-caseloads-so-high"]),
    (
        "recruitmant of coordinators",
        &["#why-is-it-hard-to-recruit-and-keep-send-co-ordinators"],
    ),
    // Plain English and whole questions.
    (
        "who leads the assessment hub",
        &["/team/assessment-hub/", "/jargon/#assessment-hub"],
    ),
    (
        "how quickly are contacts answered",
        &["/contact/", "/team/front-door/", "/performance/2022-06/"],
    ),
    ("how do i appeal", &["#how-do-i-appeal-against-a-decision"]),
    (
        "who arranges the annual review",
        &["#who-arranges-my-childs-annual-review"],
    ),
    (
        "what is the synergy portal",
        &["#what-is-the-synergy-portal", "/jargon/#synergy-portal"],
    ),
    (
        "help with the portal",
        &["#who-do-i-contact-if-i-need-help-with-the-portal"],
    ),
    (
        "why are caseloads so high",
        &["#why-are-co-ordinators-caseloads-so-high"],
    ),
    (
        "what training do co-ordinators get",
        &["#what-training-do-co-ordinators-have"],
    ),
    (
        "special school places",
        &[
            "#what-is-being-done-about-the-number-of-special-school-places",
            "/news/2022-09-01-extra-special-school-places/",
        ],
    ),
    (
        "are panel decisions recorded",
        &["#are-send-panel-decisions-recorded"],
    ),
    (
        "school did not send advice in 6 weeks",
        &["#what-happens-if-school-does-not-send-advice-within-6-weeks"],
    ),
    (
        "will my plan be finished without reports",
        &["#will-an-ehc-plan-be-finalised-without-all-the-reports"],
    ),
    (
        "my twins have different co-ordinators",
        &["#can-my-children-end-up-with-several-different-co-ordinators"],
    ),
    (
        "school disagrees with my request for assessment",
        &["#what-if-the-school-and-i-disagree-about-whether-my-child-needs-an-assessment"],
    ),
    (
        "plan names a type of school not a school",
        &["#why-does-my-childs-plan-name-a-type-of-provision-instead-of-a-particular-school"],
    ),
    (
        "how can i get my childs records from the panel",
        &[
            "/jargon/#subject-access-request",
            "#are-send-panel-decisions-recorded",
        ],
    ),
    (
        "contact the send service",
        &[
            "/contact/",
            "#how-do-i-find-contact-details-for-the-send-service",
            "/team/send-service/",
        ],
    ),
    ("front door", &["/jargon/#front-door", "/team/front-door/"]),
    (
        "how many tribunals this year",
        &["#tribunals", "/jargon/#tribunal"],
    ),
    (
        "quality of ehc plans",
        &[
            "/performance/2022-06/",
            "/news/2022-04-04-ehcp-quality-assurance-tool/",
        ],
    ),
    (
        "preparing for adulthood",
        &[
            "/team/preparing-for-adulthood/",
            "/jargon/#preparing-for-adulthood",
        ],
    ),
    // Everyday words for the service's words (the built-in groups of
    // src/search/thesaurus.rs).
    (
        "school bus for my son",
        &["/guides/home-to-school-transport/"],
    ),
    (
        "taxi to school",
        &[
            "/guides/home-to-school-transport/",
            "#does-my-child-get-free-transport-to-school",
        ],
    ),
    (
        "respite for my disabled child",
        &[
            "/jargon/#short-breaks",
            "/guides/short-breaks/",
            "#what-are-short-breaks",
        ],
    ),
    (
        "money for my childs support",
        &[
            "/jargon/#direct-payment",
            "#what-is-a-personal-budget",
            "/guides/personal-budgets-and-direct-payments/",
        ],
    ),
    // What parents said and what the council did.
    ("you said we did", &["/you-said-we-did/"]),
    (
        "what did you do about the parent forum",
        &["/you-said-we-did/"],
    ),
    (
        "signed off without all the reports",
        &[
            "/you-said-we-did/parent-forum-questions/#ehc-plans-are-signed-off-before-all-the-reports-are-in",
        ],
    ),
];

/// A parent-style query of `tests/relevance-queries.tsv` (written for this suite,
/// apart from the tuning; scripts/bench asks Pagefind the same).
struct ParentCase {
    group: &'static str,
    query: &'static str,
    /// Any of these URL fragments is a hit.
    expected: Vec<&'static str>,
    /// Why it is known to miss the top 3, for the work that is left (issue #19).
    /// Take the reason off when the query starts to find its answer.
    known_miss: Option<&'static str>,
}

fn parent_cases() -> &'static [ParentCase] {
    static CASES: OnceLock<Vec<ParentCase>> = OnceLock::new();
    CASES.get_or_init(|| {
        include_str!("relevance-queries.tsv")
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
            .map(|(i, line)| {
                let cells: Vec<&str> = line.split('\t').collect();
                assert!(
                    (3..=4).contains(&cells.len()),
                    "relevance-queries.tsv:{}: expected group, query, URLs and an optional reason, tab-separated",
                    i + 1
                );
                ParentCase {
                    group: cells[0],
                    query: cells[1],
                    expected: cells[2].split_whitespace().collect(),
                    known_miss: cells.get(3).copied(),
                }
            })
            .collect()
    })
}

/// Searches the shipped site for `q`, optionally of one kind, with `limit` results
/// (0 for the default).
fn search(q: &str, kind: Option<&str>, limit: usize) -> localoffer::search::Response {
    index()
        .search(&Request {
            q: q.to_owned(),
            kind: kind.map(str::to_owned),
            page: 1,
            limit,
            filters: Vec::new(),
        })
        .unwrap()
}

fn top3(query: &str) -> Vec<String> {
    search(query, None, 3)
        .results
        .iter()
        .map(|h| h.url().to_string())
        .collect()
}

/// The built-in everyday words are what finds these: with them switched off
/// (`[search] everyday_words = false`) the transport guide drops out.
#[test]
fn everyday_words_can_be_switched_off_and_then_a_taxi_finds_no_transport() {
    let site = TestSite::repo_site();
    let toml = site.read("site.toml");
    site.write(
        "site.toml",
        format!("{toml}\n[search]\neveryday_words = false\n"),
    );
    site.build().success();
    let index = SearchIndex::open(&site.path().join("search-index")).unwrap();
    let top = |q: &str| -> Vec<String> {
        let request = Request {
            q: q.to_owned(),
            kind: None,
            page: 1,
            limit: 3,
            filters: Vec::new(),
        };
        index
            .search(&request)
            .unwrap()
            .results
            .iter()
            .map(|h| h.url().to_string())
            .collect()
    };
    for q in ["taxi to school", "school bus for my son"] {
        let without = top(q);
        assert!(
            !without
                .iter()
                .any(|u| u.contains("home-to-school-transport")),
            "{q}: {without:?}"
        );
        assert!(
            top3(q)
                .iter()
                .any(|u| u.contains("home-to-school-transport")),
            "{q}"
        );
    }
}

#[test]
fn there_are_at_least_150_cases() {
    assert!(CASES.len() + parent_cases().len() >= 150);
}

/// Where the first result that answers `expected` is among the top 10 (1-based).
fn rank(query: &str, expected: &[&str]) -> Option<usize> {
    search(query, None, 10)
        .results
        .iter()
        .position(|h| {
            expected
                .iter()
                .any(|e| h.url().ends_with(e) || h.url().contains(e))
        })
        .map(|i| i + 1)
}

/// Hit@1, hit@3 and mean reciprocal rank (over the top 10) of `ranks`.
fn scores(ranks: &[Option<usize>]) -> (f64, f64, f64) {
    let n = ranks.len().max(1) as f64;
    let within = |k: usize| ranks.iter().filter(|r| r.is_some_and(|r| r <= k)).count() as f64 / n;
    let mrr = ranks
        .iter()
        .map(|r| r.map_or(0.0, |r| 1.0 / r as f64))
        .sum::<f64>()
        / n;
    (within(1), within(3), mrr)
}

/// Each group of parent-style queries, with hit@1, hit@3 and MRR printed per
/// group and overall (`cargo test --test relevance -- --nocapture` shows them;
/// docs/search.md has the figures). Every case must be in the top 3 except the
/// known misses, which must still miss (so the list stays true).
#[test]
fn parent_queries_by_group_find_their_answers() {
    let mut groups: Vec<&str> = Vec::new();
    for case in parent_cases() {
        if !groups.contains(&case.group) {
            groups.push(case.group);
        }
    }
    let mut all = Vec::new();
    let mut problems = Vec::new();
    println!("| group | queries | hit@1 | hit@3 | MRR |\n|---|---|---|---|---|");
    for group in groups {
        let ranks: Vec<Option<usize>> = parent_cases()
            .iter()
            .filter(|c| c.group == group)
            .map(|c| {
                let (query, expected) = (c.query, &c.expected);
                let r = rank(query, expected);
                let known = c.known_miss.is_some();
                let hit = r.is_some_and(|r| r <= 3);
                if !hit && known {
                    println!("known miss {query:?}: {:?}", top3(query));
                }
                if hit && known {
                    problems.push(format!(
                        "{query:?} now finds its answer (rank {r:?}): take its reason off relevance-queries.tsv"
                    ));
                } else if !hit && !known {
                    let top: Vec<String> = search(query, None, 3)
                        .results
                        .iter()
                        .map(|h| h.url().to_string())
                        .collect();
                    problems.push(format!(
                        "{query:?}: expected one of {expected:?}, got {top:?}"
                    ));
                }
                r
            })
            .collect();
        let (h1, h3, mrr) = scores(&ranks);
        println!(
            "| {group} | {} | {:.0}% | {:.0}% | {mrr:.2} |",
            ranks.len(),
            h1 * 100.0,
            h3 * 100.0
        );
        all.extend(ranks);
    }
    let (h1, h3, mrr) = scores(&all);
    println!(
        "| all | {} | {:.0}% | {:.0}% | {mrr:.2} |",
        all.len(),
        h1 * 100.0,
        h3 * 100.0
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_parent_query_finds_its_answer_in_the_top_3() {
    let mut failures = Vec::new();
    for (query, expected) in CASES {
        let top = top3(query);
        if !top
            .iter()
            .any(|url| expected.iter().any(|e| url.ends_with(e) || url.contains(e)))
        {
            failures.push(format!(
                "{query:?}: expected one of {expected:?}, got {top:?}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} queries missed:\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n")
    );
}

#[test]
fn exact_matches_rank_above_typo_matches() {
    // "horse" is one letter from "house" and said far more often, yet the page that
    // says "house" must come first.
    let site = TestSite::fixture("small");
    site.write(
        "content/pages/horses.md",
        "---\ntitle: Riding\n---\nA horse, a horse, another horse and a horse.\n",
    );
    site.write(
        "content/pages/homes.md",
        "---\ntitle: Homes\n---\nOne house.\n",
    );
    site.build().success();
    let index = SearchIndex::open(&site.path().join("search-index")).unwrap();
    let r = index
        .search(&Request {
            q: "house".into(),
            ..Request::default()
        })
        .unwrap();
    let urls: Vec<&str> = r.results.iter().map(|h| h.url()).collect();
    assert_eq!(urls.first(), Some(&"/homes/"), "{urls:?}");
    assert!(
        urls.contains(&"/horses/"),
        "the typo match is still found: {urls:?}"
    );
}

#[test]
fn short_acronyms_are_not_fuzzy() {
    // "ehcq" is one letter from EHCP, but words of four letters or fewer must match
    // exactly: neither typo tolerance nor a correction may turn it into EHCP.
    let r = search("ehcq", None, 10);
    assert_eq!(
        r.total,
        0,
        "{:?}",
        r.results.iter().map(|h| h.url()).collect::<Vec<_>>()
    );
    assert_eq!(r.suggestion, None);
    assert_eq!(search("sen", None, 1).results[0].url(), "/jargon/#sen");
}

#[test]
fn a_misspelling_gets_a_did_you_mean() {
    let r = search("tribunel", None, 0);
    assert_eq!(r.suggestion.as_deref(), Some("tribunal"));
    let r = search("tribunal", None, 0);
    assert_eq!(r.suggestion, None, "no suggestion for a correct word");
}

#[test]
fn the_last_word_matches_as_a_prefix_while_typing() {
    let top = top3("synerg");
    assert!(top.iter().any(|u| u.contains("synergy")), "{top:?}");
}

#[test]
fn snippets_mark_the_matched_words_and_escape_everything_else() {
    let r = search("caseloads", None, 1);
    let snippet = &r.results[0].snippet;
    assert!(snippet.contains("<mark>caseloads</mark>"), "{snippet}");
    let without_marks = snippet.replace("<mark>", "").replace("</mark>", "");
    assert!(!without_marks.contains('<'), "only <mark> tags: {snippet}");
}

#[test]
fn facets_count_results_by_kind_and_the_filter_narrows() {
    let all = search("ehc plan", None, 0);
    assert!(all.facets.get("jargon").copied().unwrap_or(0) > 0);
    assert!(all.facets.get("faq").copied().unwrap_or(0) > 0);
    let faq = search("ehc plan", Some("faq"), 0);
    assert_eq!(faq.total, all.facets["faq"]);
    assert!(faq.results.iter().all(|h| h.kind() == "faq"));
}

#[test]
fn hostile_input_is_searched_as_words_or_refused() {
    for q in [
        "\"unbalanced",
        "title:senco",
        "senco AND OR NOT",
        "*",
        "(((",
        "senco\u{0}\u{7}",
        "🙂 ehcp",
        "<script>alert(1)</script>",
        "-",
        "a~2^9",
    ] {
        let r = index().search(&Request {
            q: q.into(),
            ..Request::default()
        });
        assert!(r.is_ok(), "{q:?}: {:?}", r.err());
    }
    let long = "senco ".repeat(100);
    assert!(
        index()
            .search(&Request {
                q: long,
                ..Request::default()
            })
            .unwrap_err()
            .is_bad_request()
    );
    assert!(
        index()
            .search(&Request {
                q: "x".into(),
                kind: Some("nope".into()),
                ..Request::default()
            })
            .unwrap_err()
            .is_bad_request()
    );
    assert!(
        index()
            .search(&Request {
                q: "x".into(),
                limit: 10_000,
                ..Request::default()
            })
            .unwrap_err()
            .is_bad_request()
    );
}
