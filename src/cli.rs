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
    /// spellings claimed twice, questions with no answer. Warnings: headings that
    /// skip a level, link text such as "click here", pages past their review date,
    /// pages with no description, theme colours that are hard to read, and a "You
    /// said, we did" page that has not been published for over a year.
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
    /// The words to search for, as a visitor would type them.
    #[arg(required_unless_present = "misses")]
    pub query: Option<String>,
    /// The website's folder: the one that holds site.toml.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// Only results of one kind: faq, jargon, team, performance, news, feedback or page.
    #[arg(long, value_name = "KIND")]
    pub kind: Option<String>,
    /// How many results to show (at most 50).
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub limit: usize,
    /// Print the answer as JSON, exactly as /api/search gives it.
    #[arg(long)]
    pub json: bool,
    /// List the searches that found nothing on the server instead.
    #[arg(long, conflicts_with_all = ["query", "kind", "json"])]
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
            Command::Build(args) => run_build(args),
            Command::Serve(args) => run_serve(args),
            Command::Search(args) => run_search(args),
            Command::Email(args) => run_email(args),
            Command::Check(args) => run_check(&args),
            Command::New(args) => crate::scaffold::run_new(&args),
            Command::Init(args) => crate::scaffold::run_init(&args),
        }
    }
}

fn run_build(args: BuildArgs) -> ExitCode {
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

/// Prints what a build did, and when the site next changes by itself.
pub fn print_summary(report: &BuildReport) {
    println!(
        "Built {} pages ({} files) and a search index of {} entries in {:.2} s into {}",
        report.pages,
        report.files,
        report.documents,
        report.elapsed.as_secs_f64(),
        report.out.display()
    );
    if let Some(next) = &report.next_change {
        println!(
            "Next scheduled change: {}, when {}. A running `localoffer serve` rebuilds by itself then; elsewhere, build again then.",
            next.when(),
            next.what
        );
    }
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
        BuildError::Io { .. } | BuildError::Index { .. } => {
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
    if args.watch {
        return crate::watch::serve(&args);
    }
    let public = args.root.join("public");
    let options = BuildOptions {
        drafts: args.drafts,
        progress: true,
        ..BuildOptions::new(&args.root)
    };
    let mut next_change = None;
    if !args.no_build {
        match build::build(&options) {
            Ok(report) => {
                print_summary(&report);
                next_change = report.next_change;
            }
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
    // The theme renders the search results page; without it the rest still works.
    let config = crate::config::Config::load(&args.root).ok();
    let theme = config
        .as_ref()
        .and_then(|c| crate::render::Theme::load(&args.root, &c.theme).ok());
    let security = crate::server::security::Settings {
        frame_hosts: config.map(|c| c.html.iframe_hosts).unwrap_or_default(),
        hsts: args.hsts,
        ..Default::default()
    };
    if next_change.is_some() {
        let options = BuildOptions {
            progress: false,
            ..options
        };
        runtime.spawn(crate::schedule::rebuild_when_due(options, next_change));
    }
    let search = runtime.block_on(async {
        std::sync::Arc::new(crate::server::search::SearchState::new(
            args.root.join("search-index"),
            theme,
            misses_file(&args.root),
        ))
    });
    match runtime.block_on(crate::server::serve(addr, public, search, security)) {
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

/// Where the server keeps the searches that found nothing.
pub(crate) fn misses_file(root: &std::path::Path) -> PathBuf {
    root.join(".localoffer").join("search-misses.json")
}

fn run_email(args: EmailArgs) -> ExitCode {
    // The file may be given from the current folder or from the site's folder.
    let file = if args.file.is_file() || args.file.is_absolute() {
        args.file.clone()
    } else {
        args.root.join(&args.file)
    };
    let content = args.root.join("content");
    let rel = match (file.canonicalize(), content.canonicalize()) {
        (Ok(f), Ok(c)) => f
            .strip_prefix(&c)
            .map(|r| r.to_string_lossy().into_owned())
            .ok(),
        (Err(e), _) => {
            eprintln!("error: cannot read {}: {e}", args.file.display());
            eprintln!(
                "  help: give the path of a post, for example content/news/2022-06-29-june-performance-update.md"
            );
            return ExitCode::from(EXIT_CONTENT);
        }
        (_, Err(e)) => {
            eprintln!("error: cannot read {}: {e}", content.display());
            eprintln!("  help: point --root at the folder that holds site.toml and content/");
            return ExitCode::from(EXIT_CONTENT);
        }
    };
    let Some(rel) = rel else {
        eprintln!(
            "error: {} is not inside {}",
            args.file.display(),
            content.display()
        );
        eprintln!(
            "  help: give a post in the site's content/news/ folder, or set --root to its site"
        );
        return ExitCode::from(EXIT_CONTENT);
    };
    // Drafts and scheduled posts are included: an issue is often prepared early.
    let site = match build::load(&args.root, true) {
        Ok((site, _theme)) => site,
        Err(e) => return report_build_error(&e),
    };
    let post = match crate::render::post_for(&site, &rel) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: {e}");
            eprintln!("  help: `email` makes a copy of a News Splash or newsletter post");
            return ExitCode::from(EXIT_CONTENT);
        }
    };
    if args.text {
        print!("{}", crate::render::email_text(&site, post));
    } else {
        print!("{}", crate::render::email_html(&site, post));
    }
    ExitCode::SUCCESS
}

fn run_search(args: SearchArgs) -> ExitCode {
    if args.misses {
        let misses = crate::server::search::read_misses(&misses_file(&args.root));
        if misses.is_empty() {
            println!("No searches without results have been recorded yet.");
        }
        let mut sorted: Vec<(String, u64)> = misses.into_iter().collect();
        sorted.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        for (query, count) in sorted {
            println!("{count:>6}  {query}");
        }
        return ExitCode::SUCCESS;
    }
    let dir = args.root.join("search-index");
    let index = match crate::search::SearchIndex::open(&dir) {
        Ok(i) => i,
        Err(e) => {
            eprintln!(
                "error: cannot open the search index in {}: {e}",
                dir.display()
            );
            eprintln!("  help: run `localoffer build` first; it writes the search index");
            return ExitCode::from(EXIT_CONTENT);
        }
    };
    let request = crate::search::Request {
        q: args.query.unwrap_or_default(),
        kind: args.kind,
        page: 1,
        limit: args.limit,
    };
    let response = match index.search(&request) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(if e.is_bad_request() {
                EXIT_CONTENT
            } else {
                EXIT_OTHER
            });
        }
    };
    if args.json {
        match serde_json::to_string_pretty(&response) {
            Ok(text) => println!("{text}"),
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(EXIT_OTHER);
            }
        }
        return ExitCode::SUCCESS;
    }
    println!(
        "{} for \"{}\"",
        plural(response.total, "result"),
        response.query
    );
    if let Some(s) = &response.suggestion {
        println!("Did you mean: {s}");
    }
    for (i, hit) in response.results.iter().enumerate() {
        println!(
            "\n{}. {} ({})\n   {}\n   {}",
            i + 1,
            hit.title,
            hit.kind,
            hit.url,
            plain_snippet(&hit.snippet)
        );
    }
    ExitCode::SUCCESS
}

/// A snippet for a terminal: matches in [brackets], entities decoded.
fn plain_snippet(html: &str) -> String {
    crate::markdown::unescape(&html.replace("<mark>", "[").replace("</mark>", "]"))
}

fn run_check(args: &CheckArgs) -> ExitCode {
    // Today on the site's own clock (`timezone` in site.toml), as the build sees it.
    let zone = crate::config::Config::load(&args.root)
        .map(|c| c.zone())
        .unwrap_or(jiff::tz::TimeZone::UTC);
    // A SOURCE_DATE_EPOCH that cannot be read is reported by the build's own check.
    let now = crate::clock::now().unwrap_or_else(|_| jiff::Timestamp::now());
    let today = crate::content::Date(zone.to_datetime(now).date());
    let report = crate::check::check(&args.root, today);
    let errors = report.count(crate::diagnostics::Severity::Error);
    let warnings = report.count(crate::diagnostics::Severity::Warning);
    match args.format {
        Format::Json => {
            let value = crate::check::to_json(&report, args.external);
            match serde_json::to_string_pretty(&value) {
                Ok(text) => println!("{text}"),
                Err(e) => {
                    eprintln!("error: {e}");
                    return ExitCode::from(EXIT_OTHER);
                }
            }
        }
        Format::Human => {
            let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            let mut file = None;
            for d in &report.diagnostics {
                if file != Some(&d.path) {
                    println!("── {} ──", d.path.display());
                    file = Some(&d.path);
                }
                println!("{}", d.render(color));
            }
            if args.external {
                println!(
                    "{} to other websites (not visited):",
                    plural(report.external.len(), "link")
                );
                for l in &report.external {
                    println!("  {}:{}:{}  {}", l.file.display(), l.line, l.column, l.url);
                }
            }
            if errors + warnings == 0 {
                println!("No problems found.");
            } else {
                println!(
                    "Found {} and {}.{}",
                    plural(errors, "error"),
                    plural(warnings, "warning"),
                    if errors > 0 {
                        " The site will not build until the errors are fixed."
                    } else {
                        ""
                    }
                );
            }
        }
    }
    if errors > 0 {
        ExitCode::from(EXIT_CONTENT)
    } else {
        ExitCode::SUCCESS
    }
}
