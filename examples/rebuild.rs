//! Times watch mode's in-place rebuilds without the server, the debounce or a
//! browser: `cargo run --release --example rebuild -- SITE FILE [ROUNDS] [--same]`.
//! Builds SITE (a site folder with `themes/`) once into its `public/`, then ROUNDS
//! times (default 20) appends a line to FILE (inside SITE, such as
//! `content/pages/contact.md`) and rebuilds, or with `--same` saves FILE's text
//! unchanged, telling the rebuild which file changed as `serve --watch` does
//! after a save in place. Prints the median and range; set `LOCALOFFER_DEBUG_WATCH=1` to see
//! each rebuild's load, render and write times. FILE is put back as it was.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use localoffer::build::BuildOptions;
use localoffer::rebuild::{LastBuild, build_in_place};

// The allocator `serve --watch` uses (src/main.rs), so the timings are the same.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // As `src/main.rs` does.
    localoffer::util::memory::no_huge_pages();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(site), Some(file)) = (args.first().map(PathBuf::from), args.get(1)) else {
        eprintln!("usage: cargo run --release --example rebuild -- SITE FILE [ROUNDS] [--same]");
        return ExitCode::from(2);
    };
    let rounds = args
        .get(2)
        .and_then(|r| r.parse::<usize>().ok())
        .unwrap_or(20)
        .max(1);
    let same = args.iter().any(|a| a == "--same");
    match run(site, file, rounds, same) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(site: PathBuf, file: &str, rounds: usize, same: bool) -> Result<(), String> {
    let options = BuildOptions {
        drafts: true,
        ..BuildOptions::new(&site)
    };
    let path = site.join(file);
    let original = std::fs::read_to_string(&path).map_err(|e| format!("{file}: {e}"))?;
    let mut written = LastBuild::default();
    build_in_place(&options, &mut written, true).map_err(|e| e.to_string())?;
    let mut times = Vec::with_capacity(rounds);
    let mut result = Ok(());
    for i in 0..rounds {
        let text = if same {
            original.clone()
        } else {
            format!("{original}\nEdit number {i}.\n")
        };
        if let Err(e) = std::fs::write(&path, text) {
            result = Err(format!("{file}: {e}"));
            break;
        }
        let started = Instant::now();
        // As `serve --watch` does after a save in place.
        written.trust_only(&site, std::slice::from_ref(&path));
        match build_in_place(&options, &mut written, false) {
            Ok(built) => {
                if std::env::var_os("LOCALOFFER_DEBUG_WATCH").is_some() {
                    let [load, render, write] = built.timings.map(|t| t.as_secs_f64() * 1000.0);
                    let how = if built.edited_in_place {
                        " (the file saved, in place)"
                    } else {
                        ""
                    };
                    eprintln!(
                        "load {load:.1} ms{how}, render {render:.1} ms ({} pages), write {write:.1} ms",
                        built.rendered
                    );
                }
            }
            Err(e) => {
                result = Err(e.to_string());
                break;
            }
        }
        times.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    std::fs::write(&path, original).map_err(|e| format!("{file}: {e}"))?;
    result?;
    times.sort_by(f64::total_cmp);
    println!(
        "{} rebuilds after {}: median {:.1} ms, range {:.1}-{:.1} ms",
        times.len(),
        if same {
            "saving the same text"
        } else {
            "an edit"
        },
        times[times.len() / 2],
        times[0],
        times[times.len() - 1]
    );
    Ok(())
}
