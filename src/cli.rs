//! The command line: one struct per subcommand, with help written for council staff.

use std::io::IsTerminal;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::build::{self, BuildError, BuildOptions, BuildReport};
use crate::diagnostics::Diagnostic;

/// Build and serve a SEND Local Offer website from Markdown files.
#[derive(Debug, Parser)]
#[command(name = "localoffer", version, about, long_about = None, arg_required_else_help = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Turn the content folder into a website in the output folder (public/ by default).
    ///
    /// Every page is checked first. If anything is wrong, nothing is changed: the
    /// problems are listed with the file and line to fix, and the last good website
    /// stays as it was.
    Build(BuildArgs),
    /// Build the website and show it on this computer at http://127.0.0.1:8080.
    ///
    /// If the build finds problems and an earlier build exists, the earlier one is
    /// shown while you fix them.
    Serve(ServeArgs),
}

/// Options for `build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The website's folder: the one that holds site.toml.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// Where to write the website [default: public/ in the website's folder].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Also include news posts marked as drafts or scheduled for later.
    #[arg(long)]
    pub drafts: bool,
}

/// Options for `serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The website's folder: the one that holds site.toml.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// The address to listen on. Keep 127.0.0.1 to show the site only on this computer.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: IpAddr,
    /// The port to listen on.
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// Serve the last build as it is, without building first.
    #[arg(long)]
    pub no_build: bool,
    /// Also include news posts marked as drafts or scheduled for later.
    #[arg(long)]
    pub drafts: bool,
}

/// Exit status for problems the user must fix in content, settings or arguments.
pub const EXIT_CONTENT: u8 = 1;
/// Exit status for anything else (files that cannot be written, ports in use).
pub const EXIT_OTHER: u8 = 2;

impl Cli {
    /// Runs the chosen subcommand and returns the process exit status.
    pub fn run(self) -> ExitCode {
        match self.command {
            Command::Build(args) => run_build(args),
            Command::Serve(args) => run_serve(args),
        }
    }
}

fn run_build(args: BuildArgs) -> ExitCode {
    let out = args.out.unwrap_or_else(|| args.root.join("public"));
    let options = BuildOptions {
        root: args.root,
        out,
        drafts: args.drafts,
        progress: true,
    };
    match build::build(&options) {
        Ok(report) => {
            print_summary(&report);
            ExitCode::SUCCESS
        }
        Err(e) => report_build_error(&e),
    }
}

fn print_summary(report: &BuildReport) {
    println!(
        "Built {} pages ({} files) in {:.2} s into {}",
        report.pages,
        report.files,
        report.elapsed.as_secs_f64(),
        report.out.display()
    );
}

/// Prints a failed build's problems and returns the matching exit status.
pub fn report_build_error(error: &BuildError) -> ExitCode {
    match error {
        BuildError::Content(problems) => {
            print_diagnostics(problems);
            eprintln!(
                "error: the site was not built: {} to fix (the previous build, if any, is unchanged)",
                plural(problems.len(), "problem")
            );
            ExitCode::from(EXIT_CONTENT)
        }
        BuildError::Io { .. } => {
            eprintln!("error: {error}");
            ExitCode::from(EXIT_OTHER)
        }
    }
}

/// Prints diagnostics to standard error, in colour on a terminal.
pub fn print_diagnostics(problems: &[Diagnostic]) {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    for d in problems {
        eprintln!("{}", d.render(color));
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn run_serve(args: ServeArgs) -> ExitCode {
    let public = args.root.join("public");
    if !args.no_build {
        let options = BuildOptions {
            root: args.root.clone(),
            out: public.clone(),
            drafts: args.drafts,
            progress: true,
        };
        match build::build(&options) {
            Ok(report) => print_summary(&report),
            Err(e) => {
                let code = report_build_error(&e);
                if !public.join("index.html").is_file() {
                    return code;
                }
                eprintln!("warning: serving the previous build while you fix the problems above");
            }
        }
    } else if !public.is_dir() {
        eprintln!(
            "error: there is no build to serve in {}: run without --no-build",
            public.display()
        );
        return ExitCode::from(EXIT_CONTENT);
    }
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the server: {e}");
            return ExitCode::from(EXIT_OTHER);
        }
    };
    let addr = SocketAddr::new(args.host, args.port);
    match runtime.block_on(crate::server::serve(addr, public)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: cannot serve on {addr}: {e}");
            if e.kind() == std::io::ErrorKind::AddrInUse {
                eprintln!(
                    "  help: another program is using port {}; stop it or pick another with --port",
                    args.port
                );
            }
            ExitCode::from(EXIT_OTHER)
        }
    }
}
