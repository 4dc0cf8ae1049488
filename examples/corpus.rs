//! Writes a generated benchmark corpus: `cargo run --release --example corpus -- PAGES DIR [SEED]`.
//! The folder gets a localoffer site (site.toml, content/) and the Hugo settings and
//! layouts to build the same content with Hugo; copy `themes/` in to build it with
//! localoffer. Used by `scripts/bench`.

#[path = "../benches/common/corpus.rs"]
mod corpus;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(pages), Some(dir)) = (
        args.first().and_then(|p| p.parse::<usize>().ok()),
        args.get(1).map(PathBuf::from),
    ) else {
        eprintln!("usage: cargo run --release --example corpus -- PAGES DIR [SEED]");
        return ExitCode::from(2);
    };
    let seed = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(2024);
    match corpus::write(&dir, pages, seed) {
        Ok(stats) => {
            println!(
                "Wrote {} FAQ pages, {} jargon terms and {} news posts ({:.1} MB of Markdown) into {}",
                stats.faqs,
                stats.terms,
                stats.posts,
                stats.bytes as f64 / 1e6,
                dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: cannot write the corpus into {}: {e}", dir.display());
            ExitCode::from(2)
        }
    }
}
