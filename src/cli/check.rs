//! `localoffer check`.

use std::io::IsTerminal;
use std::process::ExitCode;

use super::print::plural;
use super::{CheckArgs, EXIT_CONTENT, EXIT_OTHER, Format};

/// Checks every page and prints what it found.
pub(super) fn run(args: &CheckArgs) -> ExitCode {
    // Today on the site's own clock (`timezone` in site.toml), as the build sees it.
    let zone = crate::config::Config::load(&args.root)
        .map(|c| c.zone())
        .unwrap_or(jiff::tz::TimeZone::UTC);
    // A SOURCE_DATE_EPOCH that cannot be read is reported by the build's own check.
    let now = crate::clock::now().unwrap_or_else(|_| jiff::Timestamp::now());
    let today = crate::content::Date(zone.to_datetime(now).date());
    let mut report = crate::check::check(&args.root, today);
    if args.coverage
        && let Some(items) = &report.coverage
    {
        let gaps = crate::check::coverage_gaps(&args.root, items);
        report.diagnostics.extend(gaps);
    }
    let errors = report.count(crate::diagnostics::Severity::Error);
    let warnings = report.count(crate::diagnostics::Severity::Warning);
    match args.format {
        Format::Json => {
            let value = crate::check::to_json(&report, args.external, args.coverage);
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
            if args.coverage {
                print_coverage(report.coverage.as_deref());
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

/// The coverage report for people: each item, then the pages that cover it.
fn print_coverage(items: Option<&[crate::coverage::Item]>) {
    let Some(items) = items else {
        println!("No coverage report: the site does not build (see the errors above).");
        return;
    };
    println!(
        "What this Local Offer covers: {} of {} items of the law's list.",
        crate::coverage::covered(items),
        items.len()
    );
    for item in items {
        let name = item.paragraph.map_or_else(String::new, |p| format!("{p} "));
        println!("  {name}{}: {}", item.key, item.summary);
        if item.pages.is_empty() {
            println!("      nothing covers this yet");
        }
        for page in &item.pages {
            println!("      {}  {}", page.url, page.title);
        }
    }
}
