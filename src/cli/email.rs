//! `localoffer email`.

use std::process::ExitCode;

use super::EXIT_CONTENT;
use super::EmailArgs;
use super::print::report_build_error;
use crate::build;

/// Prints a news post as an email.
pub(super) fn run(args: EmailArgs) -> ExitCode {
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
    let site = match build::load(&args.root, true, None) {
        Ok(loaded) => loaded.site,
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
