//! `localoffer serve`, with and without `--watch`: one server start-up for both.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use super::print;
use super::{EXIT_CONTENT, EXIT_OTHER, ServeArgs};
use crate::build::BuildOptions;
use crate::config::Config;
use crate::events::Reporter;
use crate::render::Theme;
use crate::server::search::{SearchState, misses_file};
use crate::server::security::Settings;
use crate::watch::Watching;

/// Builds the site (with `--watch`, in place, and then again after each save) and
/// serves it with search until stopped.
pub(super) fn run(args: &ServeArgs) -> ExitCode {
    let report: Reporter = Arc::new(print::event);
    let mut watching = None;
    let mut next_change = None;
    let root = if args.watch {
        // File events name absolute paths; compare them with an absolute root.
        let root = std::fs::canonicalize(&args.root).unwrap_or_else(|_| args.root.clone());
        watching = Some(Watching::first_build(&root, Arc::clone(&report)));
        root
    } else {
        match first_build(args) {
            Ok(next) => next_change = next,
            Err(code) => return code,
        }
        args.root.clone()
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the server: {e}");
            return ExitCode::from(EXIT_OTHER);
        }
    };
    let (theme, security) = theme_and_headers(&root, args.hsts);
    if next_change.is_some() {
        let options = BuildOptions {
            drafts: args.drafts,
            ..BuildOptions::new(&root)
        };
        runtime.spawn(crate::schedule::rebuild_when_due(
            options,
            next_change,
            Arc::clone(&report),
        ));
    }
    let search = runtime.block_on(async {
        Arc::new(SearchState::new(
            root.join("search-index"),
            theme,
            misses_file(&root),
            Arc::clone(&report),
        ))
    });
    let live = match watching.map(|w| w.start(Arc::clone(&search))) {
        None => None,
        Some(Ok(live)) => {
            eprintln!("Watching content/, themes/ and site.toml: pages reload when you save");
            Some(live)
        }
        Some(Err(e)) => {
            eprintln!("error: cannot watch {} for changes: {e}", root.display());
            return ExitCode::from(EXIT_OTHER);
        }
    };
    let addr = SocketAddr::new(args.host, args.port);
    let served = runtime.block_on(crate::server::serve_with(
        addr,
        public(&root),
        search,
        live,
        security,
    ));
    match served {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => cannot_serve(addr, &e),
    }
}

/// The theme, which renders the search results page (without it the rest still
/// works), and the headers every response gets: the same with and without
/// `--watch`, so a preview shows what the policy allows.
fn theme_and_headers(root: &Path, hsts: bool) -> (Option<Theme>, Settings) {
    let config = Config::load(root).ok();
    let theme = config
        .as_ref()
        .and_then(|c| Theme::load(root, &c.theme).ok());
    let security = Settings {
        frame_hosts: config.map(|c| c.html.iframe_hosts).unwrap_or_default(),
        hsts,
        ..Default::default()
    };
    (theme, security)
}

/// Says why the server could not listen on `addr`, with a hint for a port in use.
fn cannot_serve(addr: SocketAddr, e: &std::io::Error) -> ExitCode {
    eprintln!("error: cannot serve on {addr}: {e}");
    if e.kind() == std::io::ErrorKind::AddrInUse {
        eprintln!(
            "  help: another program is using port {}; stop it or pick another with --port",
            addr.port()
        );
    }
    ExitCode::from(EXIT_OTHER)
}

fn public(root: &Path) -> PathBuf {
    root.join("public")
}

/// The build before serving without `--watch`: returns when the site next changes
/// by itself, or the exit status when there is nothing to serve.
fn first_build(args: &ServeArgs) -> Result<Option<crate::content::site::Scheduled>, ExitCode> {
    let public = public(&args.root);
    if args.no_build {
        if !public.is_dir() {
            eprintln!(
                "error: there is no build to serve in {}: run without --no-build",
                public.display()
            );
            return Err(ExitCode::from(EXIT_CONTENT));
        }
        return Ok(None);
    }
    match super::build::build_and_say(&super::build::options(&args.root, args.drafts)) {
        Ok(report) => Ok(report.next_change),
        Err(code) => {
            if !public.join("index.html").is_file() {
                return Err(code);
            }
            eprintln!("warning: serving the previous build while you fix the problems above");
            Ok(None)
        }
    }
}
