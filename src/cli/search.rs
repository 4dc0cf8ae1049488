//! `localoffer search`.

use std::process::ExitCode;

use super::print::{plain_snippet, plural};
use super::{EXIT_CONTENT, EXIT_OTHER, SearchArgs};
use crate::server::search::misses_file;

/// Searches the built index as visitors do, or lists the searches that found nothing.
pub(super) fn run(args: SearchArgs) -> ExitCode {
    if args.misses {
        let misses = crate::server::search::read_misses(&misses_file(&args.root));
        if misses.is_empty() {
            println!("No searches without results have been recorded yet.");
        }
        let mut sorted: Vec<(String, u64)> = misses.into_iter().collect();
        sorted.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        for (query, count) in sorted {
            println!("{count:>6}  {query}");
        }
        return ExitCode::SUCCESS;
    }
    let dir = args.root.join("search-index");
    let json = args.json;
    let index = match crate::search::SearchIndex::open(&dir) {
        Ok(i) => i,
        Err(e) => {
            eprintln!(
                "error: cannot open the search index in {}: {e}",
                dir.display()
            );
            eprintln!("  help: run `localoffer build` first; it writes the search index");
            return ExitCode::from(EXIT_CONTENT);
        }
    };
    let request = request_of(args);
    let response = match index.search(&request) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(if e.is_bad_request() {
                EXIT_CONTENT
            } else {
                EXIT_OTHER
            });
        }
    };
    if json {
        match serde_json::to_string_pretty(&response) {
            Ok(text) => println!("{text}"),
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(EXIT_OTHER);
            }
        }
        return ExitCode::SUCCESS;
    }
    if response.query.trim().is_empty() {
        println!("{}", plural(response.total, "result"));
    } else {
        println!(
            "{} for \"{}\"",
            plural(response.total, "result"),
            response.query
        );
    }
    if let Some(s) = &response.suggestion {
        println!("Did you mean: {s}");
    }
    for (i, hit) in response.results.iter().enumerate() {
        println!(
            "\n{}. {} ({})\n   {}\n   {}",
            i + 1,
            hit.title(),
            hit.kind(),
            hit.url(),
            plain_snippet(&hit.snippet)
        );
    }
    ExitCode::SUCCESS
}

/// The search the options ask for.
fn request_of(args: SearchArgs) -> crate::search::Request {
    crate::search::Request {
        q: args.query.unwrap_or_default(),
        kind: args.kind,
        page: 1,
        limit: args.limit,
        filters: [
            ("category", args.category),
            ("need", args.need),
            ("age", args.age),
            ("day", args.day),
            ("cost", args.free.then(|| "free".to_owned())),
        ]
        .into_iter()
        .filter_map(|(name, value)| Some((name.to_owned(), value?)))
        .collect(),
    }
}
