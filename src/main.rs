use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    localoffer::cli::Cli::parse().run()
}
