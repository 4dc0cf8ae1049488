//! `localoffer build`.

use std::process::ExitCode;

use super::BuildArgs;
use super::print::{print_summary, report_build_error};
use crate::build::{self, BuildOptions};

/// Builds the site and says what was built, or what to fix.
pub(super) fn run(args: BuildArgs) -> ExitCode {
    let out = args.out.unwrap_or_else(|| args.root.join("public"));
    let options = BuildOptions {
        out,
        drafts: args.drafts,
        progress: true,
        ..BuildOptions::new(&args.root)
    };
    match build::build(&options) {
        Ok(report) => {
            print_summary(&report);
            ExitCode::SUCCESS
        }
        Err(e) => report_build_error(&e),
    }
}
