//! `localoffer build`, and the build `serve` makes before it starts.

use std::path::Path;
use std::process::ExitCode;

use super::BuildArgs;
use super::print::{print_summary, report_build_error};
use crate::build::{self, BuildOptions, BuildReport};

/// Builds the site and says what was built, or what to fix.
pub(super) fn run(args: BuildArgs) -> ExitCode {
    let mut options = options(&args.root, args.drafts);
    if let Some(out) = args.out {
        options.out = out;
    }
    match build_and_say(&options) {
        Ok(_) => ExitCode::SUCCESS,
        Err(code) => code,
    }
}

/// A build of the site at `root` from the command line, with a progress bar.
pub(super) fn options(root: &Path, drafts: bool) -> BuildOptions {
    BuildOptions {
        drafts,
        progress: true,
        ..BuildOptions::new(root)
    }
}

/// Builds, then prints the summary, or the problems and returns the exit status.
pub(super) fn build_and_say(options: &BuildOptions) -> Result<BuildReport, ExitCode> {
    match build::build(options) {
        Ok(report) => {
            print_summary(&report);
            Ok(report)
        }
        Err(e) => Err(report_build_error(&e)),
    }
}
