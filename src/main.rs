use std::process::ExitCode;

use clap::Parser;

// A build makes and frees millions of small values on every core; with glibc's
// malloc a 10,000-page build took about a quarter longer (docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    localoffer::util::memory::no_huge_pages();
    localoffer::cli::Cli::parse().run()
}
