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
        .into_iter()
        .map(|h| h.url)
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
            .into_iter()
            .map(|h| h.url)
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
fn there_are_at_least_40_cases() {
    assert!(CASES.len() >= 40);
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
    let urls: Vec<&str> = r.results.iter().map(|h| h.url.as_str()).collect();
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
        r.results.iter().map(|h| &h.url).collect::<Vec<_>>()
    );
    assert_eq!(r.suggestion, None);
    assert_eq!(search("sen", None, 1).results[0].url, "/jargon/#sen");
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
    assert!(faq.results.iter().all(|h| h.kind == "faq"));
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
