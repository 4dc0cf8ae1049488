//! What the commands print: build summaries, problems with their file and line,
//! and the events of long-running work (watch mode, scheduled rebuilds).

use std::io::IsTerminal;

use super::{EXIT_CONTENT, EXIT_OTHER};
use crate::build::{BuildError, BuildReport};
use crate::diagnostics::Diagnostic;
use crate::events::Event;
use std::process::ExitCode;

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

pub(crate) fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// A snippet for a terminal: matches in [brackets], entities decoded.
pub(super) fn plain_snippet(html: &str) -> String {
    crate::util::html::unescape(&html.replace("<mark>", "[").replace("</mark>", "]"))
}

/// Shows an event of watch mode or of a scheduled rebuild on standard error.
pub fn event(event: Event<'_>) {
    match event {
        Event::Rebuilt { elapsed, changed } => eprintln!(
            "Rebuilt in {} ms ({} changed)",
            elapsed.as_millis(),
            plural(changed, "file")
        ),
        Event::NotRebuilt(BuildError::Content(problems)) => {
            print_diagnostics(problems);
            eprintln!(
                "error: not rebuilt; the last good pages are still shown, with the problems over them, until you fix and save"
            );
        }
        Event::NotRebuilt(other) => eprintln!("error: {other}"),
        Event::IndexUpdated {
            elapsed,
            changed,
            documents,
        } => eprintln!(
            "Search index updated in {} ms ({changed} of {documents} entries written or removed)",
            elapsed.as_millis()
        ),
        Event::IndexWarmed {
            elapsed,
            words,
            of,
            documents,
        } => {
            let time = format!("{:.1} s", elapsed.as_secs_f64());
            let documents = format!("{documents} results' text read beforehand");
            if words < of {
                eprintln!(
                    "Search index read and warmed in {time}: the {words} most used of {of} words (the rest are worked out when first searched for), and {documents}"
                );
            } else {
                eprintln!(
                    "Search index read and warmed in {time}: the site's {words} most used words, and {documents}"
                );
            }
        }
        Event::ScheduledRebuild(due) => eprintln!("Rebuilding: {} ({})", due.what, due.when()),
        Event::Built(report) => print_summary(report),
        Event::ScheduledRebuildFailed(error) => {
            report_build_error(error);
            eprintln!(
                "warning: the scheduled rebuild failed; the site stays as it was, and it tries again in 5 minutes"
            );
        }
        Event::Serving { public, addr } => eprintln!(
            "Serving {} on http://{addr}/ (press Ctrl-C to stop)",
            public.display()
        ),
        Event::Stopping => eprintln!("Stopping: finishing requests in flight"),
        Event::StoppedLate(grace) => eprintln!(
            "Stopped: connections still open after {} s were closed",
            grace.as_secs()
        ),
        Event::RequestFailed(text) => eprintln!("error: {text}"),
        Event::Warning(text) => eprintln!("warning: {text}"),
        Event::Debug(text) => eprintln!("{text}"),
    }
}
