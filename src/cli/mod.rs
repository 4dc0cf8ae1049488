//! The command line: one struct per subcommand, with help written for council staff,
//! and one file per subcommand that runs it. Only this module prints to the terminal
//! for a command or picks an exit status; the library returns values and typed
//! errors (the server's own log lines aside).

mod build;
mod check;
mod email;
mod import;
mod new;
mod print;
mod search;
mod serve;

use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

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
    /// shown while you fix them. While it runs, it rebuilds the site by itself when a
    /// scheduled post falls due or a page expires.
    Serve(ServeArgs),
    /// Search the built site the way visitors do, to test how pages are worded.
    ///
    /// Uses the search index from the last build. With --misses, lists the searches
    /// visitors made on `serve` that found nothing, most frequent first.
    Search(SearchArgs),
    /// Check every page for problems before the public sees them.
    ///
    /// Errors (which also stop `build`): broken links and #anchors, missing images
    /// and files, images without alt text, mistakes in page settings, jargon
    /// spellings claimed twice, questions with no answer, `covers:` items the law
    /// does not list. Warnings: headings that skip a level, link text such as
    /// "click here", pages past their review date, pages with no description,
    /// sentences over 25 words, acronyms used before they are explained, words to
    /// avoid, theme colours that are hard to read, synonym groups no page uses, a
    /// "You said, we did" page that has not been published for over a year, links
    /// to services that have stopped, and directory entries not checked with the
    /// service for a year, with no way to contact them, or with an email,
    /// telephone number or postcode that cannot be right. `--format json` also
    /// gives each page's reading-ease score and the site's.
    Check(CheckArgs),
    /// Start a new page of one kind, with every setting it takes filled in or explained.
    New(NewArgs),
    /// Start a new website in an empty folder: settings, the default theme and one
    /// page of each kind, ready to build and edit.
    Init(InitArgs),
    /// Print a news post as an email, ready to paste into the council's mailing tool.
    ///
    /// The HTML copy has its styles inline, absolute links, a preview line from the
    /// post's summary and a link to the web version. With --text, prints a plain
    /// text copy with the links listed at the end. Works on drafts and scheduled
    /// posts too, so an issue can be prepared before it goes live.
    Email(EmailArgs),
    /// Bring services in from another system's data.
    #[command(subcommand)]
    Import(ImportCommand),
}

/// What `import` reads.
#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Read Open Referral UK 3.0 JSON (as the council's directory system publishes
    /// it) into content/services/ and content/organisations/.
    ///
    /// Takes a single service, a page of `GET /services` (its `contents`), a list
    /// of services, or a folder of such .json files. All or nothing: every problem
    /// is listed with its file and JSON pointer, and nothing is written unless there
    /// are none. A file edited by staff since the last import is left alone (and
    /// named) unless --force. Importing the same data again changes nothing.
    Openreferral(ImportArgs),
}

/// Options for `import openreferral`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The .json file, or a folder of them.
    #[arg(value_name = "FILE|DIR")]
    pub input: PathBuf,
    /// The website's folder: the one that holds site.toml.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// Overwrite files that staff have edited since the last import.
    #[arg(long)]
    pub force: bool,
}

/// Options for `check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The website's folder: the one that holds site.toml.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// How to print the problems: `human` to read, `json` for other programs.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Also list the links to other websites (they are not visited).
    #[arg(long)]
    pub external: bool,
    /// Also list each thing the law asks a Local Offer to contain (Schedule 2 of
    /// the SEND Regulations 2014) with the pages that cover it, and warn for each
    /// that nothing covers.
    #[arg(long)]
    pub coverage: bool,
}

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For people: each problem with its file, line, the line itself and a hint.
    Human,
    /// For other programs, such as a CI job.
    Json,
}

/// Options for `new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// What kind of page.
    #[arg(value_enum)]
    pub kind: crate::scaffold::NewKind,
    /// Its title (for a jargon term, the term; for a team, its name).
    pub title: String,
    /// The website's folder: the one that holds site.toml.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
}

/// Options for `init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to create the website in; it must be empty or not exist yet.
    pub dir: PathBuf,
}

/// Options for `email`.
#[derive(Debug, Args)]
pub struct EmailArgs {
    /// The post's file, for example content/news/2022-06-29-june-performance-update.md.
    #[arg(value_name = "CONTENT_FILE")]
    pub file: PathBuf,
    /// The website's folder: the one that holds site.toml.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// Print a plain text copy instead of HTML.
    #[arg(long)]
    pub text: bool,
}

/// Options for `search`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The words to search for, as a visitor would type them (optional with a
    /// directory filter: the filters alone list every service they match).
    #[arg(required_unless_present_any = ["misses", "category", "need", "age", "day", "free"])]
    pub query: Option<String>,
    /// The website's folder: the one that holds site.toml.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// Only results of one kind: faq, guide, jargon, team, performance, news, feedback, service, organisation or page.
    #[arg(long, value_name = "KIND")]
    pub kind: Option<String>,
    /// How many results to show (at most 50).
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub limit: usize,
    /// Only services of this type: a category from site.toml's [directory], such as short-breaks.
    #[arg(long, value_name = "CATEGORY")]
    pub category: Option<String>,
    /// Only services for this area of need: communication-and-interaction, cognition-and-learning, social-emotional-and-mental-health or sensory-and-physical.
    #[arg(long, value_name = "NEED")]
    pub need: Option<String>,
    /// Only services for a child of this age in years (0 to 25), or an age band such as 5-10.
    #[arg(long, value_name = "AGE")]
    pub age: Option<String>,
    /// Only services that run on this day of the week.
    #[arg(long, value_name = "DAY")]
    pub day: Option<String>,
    /// Only services that are free.
    #[arg(long)]
    pub free: bool,
    /// Print the answer as JSON, exactly as /api/search gives it.
    #[arg(long)]
    pub json: bool,
    /// List the searches that found nothing on the server instead.
    #[arg(long, conflicts_with_all = ["query", "kind", "json", "category", "need", "age", "day", "free"])]
    pub misses: bool,
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
    /// Serve the last build as it is, without building first (and without rebuilding
    /// when a scheduled post falls due).
    #[arg(long)]
    pub no_build: bool,
    /// Also include news posts marked as drafts or scheduled for later.
    #[arg(long)]
    pub drafts: bool,
    /// Tell browsers to use only HTTPS for this site (Strict-Transport-Security).
    /// Use it only behind a proxy that serves the site over HTTPS.
    #[arg(long)]
    pub hsts: bool,
    /// Rebuild when you save a page, the theme or site.toml, and reload open pages.
    /// Drafts and scheduled posts are shown, marked as not published.
    #[arg(long, conflicts_with = "no_build")]
    pub watch: bool,
}

/// Exit status for problems the user must fix in content, settings or arguments.
pub const EXIT_CONTENT: u8 = 1;
/// Exit status for anything else (files that cannot be written, ports in use).
pub const EXIT_OTHER: u8 = 2;

impl Cli {
    /// Runs the chosen subcommand and returns the process exit status.
    pub fn run(self) -> ExitCode {
        match self.command {
            Command::Build(args) => build::run(args),
            Command::Serve(args) => serve::run(&args),
            Command::Search(args) => search::run(args),
            Command::Email(args) => email::run(args),
            Command::Check(args) => check::run(&args),
            Command::New(args) => new::run_new(&args),
            Command::Init(args) => new::run_init(&args),
            Command::Import(ImportCommand::Openreferral(args)) => import::run(&args),
        }
    }
}
