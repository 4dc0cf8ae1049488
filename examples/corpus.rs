//! Writes a generated benchmark corpus: `cargo run --release --example corpus -- PAGES DIR [SEED [SERVICES [SHAPE]]]`,
//! SHAPE `mixed` (the default) or `long-faqs` (see `corpus::Shape`).
//! The folder gets a localoffer site (site.toml, content/) and the Hugo settings and
//! layouts to build the same content with Hugo; copy `themes/` in to build it with
//! localoffer. With SERVICES, it also gets a directory of that many made-up services
//! (localoffer only: Hugo builds them as plain pages). Used by `scripts/bench`.

#[path = "../benches/common/corpus.rs"]
#[allow(dead_code)] // `write`, the mixed shape alone, is for the benches and tests.
mod corpus;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(pages), Some(dir)) = (
        args.first().and_then(|p| p.parse::<usize>().ok()),
        args.get(1).map(PathBuf::from),
    ) else {
        eprintln!(
            "usage: cargo run --release --example corpus -- PAGES DIR [SEED [SERVICES [SHAPE]]]\n\
             SHAPE: mixed (the default) or long-faqs"
        );
        return ExitCode::from(2);
    };
    let seed = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(2024);
    let services: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(0);
    let shape_name = args.get(4).map_or("mixed", String::as_str);
    let Some(shape) = corpus::Shape::named(shape_name) else {
        eprintln!("error: no corpus shape called `{shape_name}`: use mixed or long-faqs");
        return ExitCode::from(2);
    };
    let written = corpus::write_shaped(&dir, pages, seed, shape).and_then(|stats| {
        let bytes = match services {
            0 => 0,
            n => corpus::write_services(&dir, n, seed)?,
        };
        Ok((stats, bytes))
    });
    match written {
        Ok((stats, service_bytes)) => {
            if services > 0 {
                println!(
                    "Wrote {services} made-up services ({:.1} MB of Markdown)",
                    service_bytes as f64 / 1e6
                );
            }
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
