//! `localoffer new` and `localoffer init`.

use std::process::ExitCode;

use super::{EXIT_CONTENT, EXIT_OTHER, InitArgs, NewArgs};
use crate::scaffold::{ScaffoldError, init, new_file};

/// `localoffer new`.
pub(super) fn run_new(args: &NewArgs) -> ExitCode {
    let today = jiff::tz::Offset::UTC
        .to_datetime(jiff::Timestamp::now())
        .date();
    match new_file(&args.root, args.kind, &args.title, today) {
        Ok(path) => {
            println!("{}", path.display());
            ExitCode::SUCCESS
        }
        Err(e) => report(&e),
    }
}

fn report(e: &ScaffoldError) -> ExitCode {
    eprintln!("error: {e}");
    match e {
        ScaffoldError::Exists(_) => {
            eprintln!("  help: open that file to edit it, or choose another title");
            ExitCode::from(EXIT_CONTENT)
        }
        ScaffoldError::EmptySlug(_) => ExitCode::from(EXIT_CONTENT),
        ScaffoldError::NotEmpty(_) => {
            eprintln!("  help: choose a new folder name; init creates it");
            ExitCode::from(EXIT_CONTENT)
        }
        ScaffoldError::Io { .. } => ExitCode::from(EXIT_OTHER),
    }
}

/// `localoffer init DIR`.
pub(super) fn run_init(args: &InitArgs) -> ExitCode {
    let today = jiff::tz::Offset::UTC
        .to_datetime(jiff::Timestamp::now())
        .date();
    match init(&args.dir, today) {
        Ok(()) => {
            println!(
                "Started a new site in {0}. Next:\n  localoffer serve --watch --root {0}\nthen open http://127.0.0.1:8080 and edit the files in {0}/content.",
                args.dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => report(&e),
    }
}
