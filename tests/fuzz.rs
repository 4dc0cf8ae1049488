//! Property tests standing in for fuzzing (cargo-fuzz needs a nightly compiler, which
//! this project does not use; see docs/hardening.md): whatever an editor saves and
//! whatever a visitor types, localoffer answers with a page, a diagnostic or a 400,
//! never a panic or a server error.
//!
//! Case counts are set so each target runs in well under a minute on a loaded
//! two-core machine (all three together: 40 s there). proptest saves the seed of any
//! failure in `tests/fuzz.proptest-regressions`, which is committed and replayed
//! first on every run; a failure found this way also gets a named test at
//! the bottom of this file.

mod common;

use std::path::Path;
use std::sync::OnceLock;

use localoffer::config::Config;
use localoffer::content::Site;
use localoffer::content::site::LoadOptions;
use localoffer::render::Theme;
use localoffer::search::query::{DEFAULT_LIMIT, Request, SearchIndex};
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;

use common::TestSite;

/// Pieces of Markdown, YAML and HTML that sit near the edges of the parsers.
const CONTENT_TOKENS: &[&str] = &[
    "---\n",
    "...\n",
    "\n",
    "\n\n",
    "  ",
    "\t",
    "title: ",
    "term: ",
    "name: ",
    "question: ",
    "date: ",
    "2024-02-30",
    "2024-01-01",
    "period: ",
    "published: ",
    "datasets:\n",
    "  - id: x\n",
    "    values: [1, 2]\n",
    "series:\n",
    "aliases: ",
    "see_also: [a]",
    "parent: ",
    "tags: [a, b]",
    "draft: true",
    "expires: 1999-01-01",
    "- ",
    ": ",
    ":",
    "[",
    "]",
    "{",
    "}",
    "&a ",
    "*a",
    "!!binary ",
    "!!python/object ",
    "\"",
    "'",
    "#",
    "|",
    ">",
    "? ",
    "%YAML 1.2\n",
    "<<: *a",
    "~",
    "null",
    "1e999",
    "-0",
    "0x1F",
    "\u{feff}",
    "\r\n",
    "\r",
    "\0",
    "\u{7}",
    "## ",
    "### ",
    "# ",
    "* ",
    "1. ",
    "> ",
    "```",
    "    code",
    "**b**",
    "_i_",
    "~~s~~",
    "[x](../jargon/senco.md)",
    "[y](nope.md#a)",
    "[z](javascript:alert(1))",
    "![i](data:x)",
    "[^1]",
    "[^1]: note",
    "| a | b |\n",
    "|---|:-:|\n",
    "| 1 | 2 |\n",
    "{#id}",
    "{.class}",
    "{{ dataset: contacts }}",
    "{{ dataset: nope }}",
    "<script>alert(1)</script>",
    "<details><summary>s</summary>",
    "</details>",
    "<div onclick=x>",
    "</div>",
    "<!--",
    "-->",
    "<iframe src=https://evil.example>",
    "SENCo",
    "EHC plan",
    "é",
    "🙂",
    "\u{202e}",
    "&amp;",
    "&#0;",
    "\\",
    "`",
    "$",
    "%",
    "\u{a0}",
];

/// The kind folders a fuzzed file may land in, with a valid front matter for each.
const KINDS: &[(&str, &str)] = &[
    ("pages", "title: Fuzz\n"),
    ("faqs", "title: Fuzz\n"),
    ("jargon", "term: Fuzz\n"),
    ("team", "name: Fuzz\n"),
    ("news", "title: Fuzz\ndate: 2024-02-01\nsummary: S\n"),
    (
        "performance",
        "title: Fuzz\nperiod: May\npublished: 2024-02-01\ndatasets:\n  - id: d\n    title: D\n    unit: n\n    categories: [a]\n    series:\n      - name: s\n        values: [1]\n",
    ),
    (
        "you-said-we-did",
        "title: Fuzz\ndate: 2024-02-01\nsource: Survey\n",
    ),
];

/// One fixture site shared by every case (each case overwrites one file in it).
fn site() -> &'static TestSite {
    static SITE: OnceLock<TestSite> = OnceLock::new();
    SITE.get_or_init(|| TestSite::fixture("small"))
}

/// Loads the site with `text` at `content/<folder>/fuzz.md` and renders it. Returns
/// a description of the first broken promise: a panic, or a diagnostic with no file.
fn load_and_render(folder: &str, text: &str) -> Result<(), String> {
    // The targets run in parallel but share the site: one case at a time.
    static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _turn = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let site = site();
    let root = site.path();
    for (f, _) in KINDS {
        let _ = std::fs::remove_file(root.join("content").join(f).join("fuzz.md"));
    }
    site.write(&format!("content/{folder}/fuzz.md"), text);
    let outcome = std::panic::catch_unwind(|| load(root));
    match outcome {
        Err(panic) => Err(format!("panicked: {:?}", panic.downcast_ref::<String>())),
        Ok(Err(diagnostics)) if diagnostics.iter().any(|d| d.path.as_os_str().is_empty()) => {
            Err(format!("a diagnostic without a file: {diagnostics:?}"))
        }
        Ok(_) => Ok(()),
    }
}

fn load(root: &Path) -> Result<(), Vec<localoffer::diagnostics::Diagnostic>> {
    let config = Config::load(root).map_err(|d| vec![d])?;
    let theme = Theme::load(root, &config.theme)?;
    let options = LoadOptions::now(false, &config.zone()).expect("no SOURCE_DATE_EPOCH in tests");
    let site = Site::load(root, config, options)?;
    theme.render_site(&site)?;
    Ok(())
}

fn tokens(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(CONTENT_TOKENS), 0..max).prop_map(|t| t.concat())
}

fn any_text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(any::<char>(), 0..max).prop_map(|c| c.into_iter().collect())
}

fn folder() -> impl Strategy<Value = (&'static str, &'static str)> {
    prop::sample::select(KINDS)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 800,
        max_shrink_iters: 200,
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource("proptest-regressions"))),
        ..ProptestConfig::default()
    })]

    /// Any text at all, as a whole file.
    #[test]
    fn any_file_loads_or_gives_diagnostics(
        (folder, _) in folder(),
        text in prop_oneof![any_text(400), tokens(80)],
    ) {
        prop_assert_eq!(load_and_render(folder, &text), Ok(()));
    }

    /// A valid front matter, then hostile lines mixed into it and a hostile body.
    #[test]
    fn near_valid_front_matter_loads_or_gives_diagnostics(
        (folder, front) in folder(),
        extra in tokens(12),
        at in any::<prop::sample::Index>(),
        body in prop_oneof![tokens(60), any_text(200)],
    ) {
        let lines: Vec<&str> = front.lines().collect();
        let i = at.index(lines.len() + 1);
        let mut yaml = lines[..i].join("\n");
        yaml.push('\n');
        yaml.push_str(&extra);
        yaml.push('\n');
        yaml.push_str(&lines[i..].join("\n"));
        let text = format!("---\n{yaml}\n---\n{body}");
        prop_assert_eq!(load_and_render(folder, &text), Ok(()));
    }
}

/// The fixture site, built once.
fn fixture_site() -> &'static TestSite {
    static SITE: OnceLock<TestSite> = OnceLock::new();
    SITE.get_or_init(|| {
        let site = TestSite::fixture("small");
        site.build().success();
        site
    })
}

/// The fixture site's index, opened once: every query of these tests is asked of
/// it.
fn index() -> &'static SearchIndex {
    static INDEX: OnceLock<SearchIndex> = OnceLock::new();
    INDEX.get_or_init(|| SearchIndex::open(&fixture_site().path().join("search-index")).unwrap())
}

const QUERY_TOKENS: &[&str] = &[
    "senco",
    "ehc",
    "plan",
    "assessment",
    "appeal",
    "AND",
    "OR",
    "NOT",
    "and",
    "\"",
    "'",
    "(",
    ")",
    ":",
    "title:",
    "body:",
    "*",
    "?",
    "~",
    "~2",
    "^",
    "^10",
    "+",
    "-",
    "!",
    "[",
    "]",
    "{",
    "}",
    "TO",
    "/",
    "\\",
    "\0",
    "\u{7}",
    "\t",
    "\n",
    " ",
    "  ",
    "é",
    "🙂",
    "\u{202e}",
    "\u{feff}",
    "<script>",
    "%",
    "%00",
    "..",
    "a",
    "s",
    "x",
];

fn query() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::collection::vec(prop::sample::select(QUERY_TOKENS), 0..12)
            .prop_map(|t| t.concat()),
        3 => any_text(60),
        1 => (prop::sample::select(QUERY_TOKENS), 200usize..5000)
            .prop_map(|(t, n)| t.repeat(n)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 10_000,
        max_shrink_iters: 500,
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource("proptest-regressions"))),
        ..ProptestConfig::default()
    })]

    /// Whatever is typed, the answer is results or a "bad request", never a failure.
    #[test]
    fn any_query_is_answered_or_refused_as_a_bad_request(
        q in query(),
        kind in prop::option::of(prop_oneof![
            Just("faq".to_owned()), Just("jargon".to_owned()), Just("news".to_owned()),
            any_text(10),
        ]),
        page in 0usize..120,
        limit in 0usize..60,
    ) {
        let request = Request { q, kind, page, limit, filters: Vec::new() };
        match index().search(&request) {
            Ok(response) => {
                // A limit of 0 asks for the default number of results.
                let most = if limit == 0 { DEFAULT_LIMIT } else { limit };
                prop_assert!(response.results.len() <= most);
            }
            Err(e) => prop_assert!(
                e.is_bad_request(),
                "a server error for {request:?}: {e}"
            ),
        }
    }
}

/// Words of the fixture site, misspellings of them, a synonym and question words.
const ASKED_WORDS: &[&str] = &[
    "plan",
    "plans",
    "assessment",
    "assesment",
    "senco",
    "ehc",
    "statement",
    "special",
    "needs",
    "help",
    "team",
    "contact",
    "contcat",
    "newsletter",
    "splash",
    "teacher",
    "what",
    "how",
    "the",
    "pla",
];

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 64,
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource("proptest-regressions"))),
        ..ProptestConfig::default()
    })]

    /// An index keeps each word's query as built and, from the second time a word
    /// is asked, its scored matches: an answer is the same whatever was asked
    /// before it, asked once, twice or three times, as from an index just opened.
    #[test]
    fn an_answer_does_not_depend_on_what_was_asked_before(
        words in prop::collection::vec(prop::sample::select(ASKED_WORDS), 1..4),
        page in 1usize..3,
    ) {
        let (request, expected) = asked_afresh(&words, page);
        // Each word asked before on its own, as the last word typed, and in
        // another place (a last word is also searched as the start of longer
        // ones).
        let mut before: Vec<String> = words.iter().map(|w| (*w).to_owned()).collect();
        before.push(words.iter().rev().copied().collect::<Vec<_>>().join(" "));
        before.push(format!("{} help", words.join(" ")));
        for q in before {
            index().search(&Request { q, ..Request::default() }).unwrap();
        }
        for time in 1..=3 {
            let answer = index().search_afresh(&request).unwrap();
            prop_assert_eq!(
                serde_json::to_string(&answer).unwrap(),
                expected.as_str(),
                "{:?}, answer {} of 3",
                request.q,
                time
            );
        }
    }

    /// The server reads its index into memory in one part and warms it,
    /// working out its words' queries, typo matches and remembered lists and
    /// reading its documents beforehand: that index answers exactly as the
    /// one `build` wrote, just opened where it is, misspellings and all.
    #[test]
    fn a_warmed_index_answers_as_a_cold_one(
        words in prop::collection::vec(prop::sample::select(ASKED_WORDS), 1..4),
        page in 1usize..3,
    ) {
        let (request, expected) = asked_afresh(&words, page);
        let answer = warmed().search_afresh(&request).unwrap();
        prop_assert_eq!(serde_json::to_string(&answer).unwrap(), expected, "{:?}", request.q);
    }
}

/// A search for `words` at `page`, and its answer (as JSON) from the fixture
/// site's index just opened.
fn asked_afresh(words: &[&str], page: usize) -> (Request, String) {
    let request = Request {
        q: words.join(" "),
        page,
        limit: DEFAULT_LIMIT,
        ..Request::default()
    };
    let opened = SearchIndex::open(&fixture_site().path().join("search-index")).unwrap();
    let answer = serde_json::to_string(&opened.search(&request).unwrap()).unwrap();
    (request, answer)
}

/// The fixture site's index, opened once as the server opens it (in memory,
/// its parts merged into one) and warmed.
fn warmed() -> &'static SearchIndex {
    static WARMED: OnceLock<SearchIndex> = OnceLock::new();
    WARMED.get_or_init(|| {
        let dir = fixture_site().path().join("search-index");
        let index = SearchIndex::open_in_memory(&dir).unwrap();
        assert_eq!(index.parts(), 1, "merged into one part");
        assert!(
            SearchIndex::open(&dir).unwrap().parts() > 1,
            "the index on disk is left in the parts the build wrote, more than one, so the merge is tested"
        );
        let far_off = std::time::Instant::now() + std::time::Duration::from_secs(3600);
        let warmed = index.warm(far_off);
        assert!(
            warmed.words > 100,
            "the fixture's words are warmed: {warmed:?}"
        );
        assert_eq!(warmed.words, warmed.of, "every word, given the time");
        assert!(
            warmed.documents > 0,
            "the documents are read beforehand: {warmed:?}"
        );
        index
    })
}
