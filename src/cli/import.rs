//! `localoffer import openreferral`.

use std::process::ExitCode;

use super::{EXIT_CONTENT, EXIT_OTHER, ImportArgs};
use crate::openreferral::import::{ImportError, run as import};

/// Imports and says what was written, left as it was, and skipped.
pub(super) fn run(args: &ImportArgs) -> ExitCode {
    match import(&args.root, &args.input, args.force) {
        Ok(done) => {
            for rel in &done.written {
                println!("wrote content/{rel}");
            }
            for rel in &done.skipped {
                eprintln!(
                    "skipped content/{rel}: it was edited since the last import (use --force to replace it)"
                );
            }
            eprintln!(
                "Imported {} service(s) and {} organisation(s): {} file(s) written, {} already up to date, {} skipped",
                done.services,
                done.organisations,
                done.written.len(),
                done.unchanged,
                done.skipped.len()
            );
            ExitCode::SUCCESS
        }
        Err(ImportError::Invalid(problems)) => {
            for p in &problems {
                eprintln!("error: {p}");
            }
            eprintln!(
                "error: {} problem(s) in the input; nothing was written",
                problems.len()
            );
            ExitCode::from(EXIT_CONTENT)
        }
        Err(e @ ImportError::Settings(_)) => {
            eprintln!("error: {e}");
            ExitCode::from(EXIT_CONTENT)
        }
        Err(e @ ImportError::Io { .. }) => {
            eprintln!("error: {e}");
            ExitCode::from(EXIT_OTHER)
        }
    }
}
