//! `localoffer new` and `localoffer init`: starting points that build as they are.
//!
//! Each kind's starter file names every field its front matter takes, with a
//! comment saying what it is for, so staff fill in a form rather than recall one.
//! `init` writes the default theme from copies embedded in the binary (see the
//! crate's `build.rs`), so it works from an installed binary with no repository.

use std::path::{Path, PathBuf};

use crate::content::slugify;

include!(concat!(env!("OUT_DIR"), "/theme_files.rs"));

/// The kinds `new` can start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum NewKind {
    /// A page of questions and answers, in content/faqs/.
    Faq,
    /// A jargon buster term, in content/jargon/.
    Jargon,
    /// A team or role group, in content/team/.
    Team,
    /// A performance snapshot, in content/performance/.
    Snapshot,
    /// A News Splash or newsletter post, in content/news/.
    News,
    /// A plain page, in content/pages/.
    Page,
    /// What parents and young people said and what the council did, in
    /// content/you-said-we-did/.
    #[value(name = "you-said-we-did")]
    Feedback,
}

/// Why a starter file could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    /// The title has nothing to make a file name from.
    #[error("\"{0}\" has no letters or digits to make a file name from")]
    EmptySlug(String),
    /// The file is already there.
    #[error("{} already exists; localoffer new never overwrites a file", .0.display())]
    Exists(PathBuf),
    /// The folder for `init` has files in it.
    #[error("{} is not empty; localoffer init only writes into an empty or new folder", .0.display())]
    NotEmpty(PathBuf),
    /// Writing failed.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
}

/// Writes a starter file of `kind` called after `title` in the site at `root`, as of
/// `today`, and returns its path. Never overwrites.
pub fn new_file(
    root: &Path,
    kind: NewKind,
    title: &str,
    today: jiff::civil::Date,
) -> Result<PathBuf, ScaffoldError> {
    let slug = slugify(title);
    if slug.is_empty() {
        return Err(ScaffoldError::EmptySlug(title.to_owned()));
    }
    let (folder, name) = match kind {
        NewKind::Faq => ("faqs", slug),
        NewKind::Jargon => ("jargon", slug),
        NewKind::Team => ("team", slug),
        NewKind::Snapshot => ("performance", slug),
        NewKind::News => ("news", format!("{today}-{slug}")),
        NewKind::Page => ("pages", slug),
        NewKind::Feedback => ("you-said-we-did", slug),
    };
    let path = root.join("content").join(folder).join(format!("{name}.md"));
    write_new(&path, &starter(kind, title, today))?;
    Ok(path)
}

/// Creates `path` with `text`, refusing to replace an existing file (atomically:
/// two editors running `new` at once cannot both win).
fn write_new(path: &Path, text: &str) -> Result<(), ScaffoldError> {
    use std::io::Write as _;
    let io = |source| ScaffoldError::Io {
        path: path.to_path_buf(),
        source,
    };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(io)?;
    }
    let mut file = match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
    {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(ScaffoldError::Exists(path.to_path_buf()));
        }
        Err(e) => return Err(io(e)),
    };
    file.write_all(text.as_bytes()).map_err(io)
}

/// YAML text for a double-quoted scalar.
fn quoted(text: &str) -> String {
    let escaped = text.replace('\\', "\\\\").replace('"', "\\\"");
    format!("\"{escaped}\"")
}

/// The fields every kind shares, with hints.
fn shared_fields(today: jiff::civil::Date) -> String {
    let review = today.saturating_add(jiff::Span::new().years(1));
    format!(
        "# One sentence saying what the page is for; search engines show it.\n\
         description: \"\"\n\
         # When the page was last checked or changed (YYYY-MM-DD).\n\
         updated: {today}\n\
         # When someone should check it again; `localoffer check` warns after this date.\n\
         review_by: {review}\n\
         # From this date the page is taken off the site (YYYY-MM-DD); leave empty to keep it.\n\
         expires:\n\
         # The team or person responsible for the page.\n\
         owner:\n"
    )
}

/// The text of a starter file.
fn starter(kind: NewKind, title: &str, today: jiff::civil::Date) -> String {
    let t = quoted(title);
    let shared = shared_fields(today);
    match kind {
        NewKind::Faq => format!(
            "---\n# The page heading.\ntitle: {t}\n{shared}---\n\
             A sentence or two introducing these questions.\n\n\
             ## A subject\n\n\
             <!-- `##` headings group the questions; each `###` heading is a question and the text under it is its answer. -->\n\n\
             ### A question people ask?\n\n\
             The answer, in plain English.\n"
        ),
        NewKind::Jargon => format!(
            "---\n# The term as people write it, for example SENCo.\nterm: {t}\n\
             # What an acronym stands for; leave empty if it is not one.\nstands_for:\n\
             # Other spellings and old names that should link here, for example [Statement].\naliases: []\n\
             # File names (without .md) of related terms in content/jargon/.\nsee_also: []\n\
             {shared}---\n\
             What the term means, in one or two plain sentences.\n"
        ),
        NewKind::Team => format!(
            "---\n# The team's name.\nname: {t}\n\
             # The file name (without .md) of the team this one belongs to, in content/team/; leave empty for a top team.\nparent:\n\
             # Who leads it, for example {{ name: Alex Example, role: Team leader }}.\nlead:\n\
             # The team's email address and telephone number.\nemail:\nphone:\n\
             # The area or age range it covers.\narea:\n\
             # What it does, one line each.\nresponsibilities: []\n\
             # Sort order among teams with the same parent, lowest first.\norder:\n\
             {shared}---\n\
             What the team does and how to reach it.\n"
        ),
        NewKind::Snapshot => format!(
            "---\n# The page heading.\ntitle: {t}\n\
             # The period it covers, for example June 2022.\nperiod: \"\"\n\
             # When it was published (YYYY-MM-DD).\npublished: {today}\n\
             # Named tables of figures. Each has an id (used to place it in the text and as its anchor),\n\
             # a title, a chart (bar, stacked-bar, pie or line), a unit, categories (rows) and series (columns).\n\
             datasets:\n\
             \x20 - id: example\n\
             \x20   title: Replace with what the figures show\n\
             \x20   chart: bar\n\
             \x20   unit: \"%\"\n\
             \x20   categories: [First row, Second row]\n\
             \x20   series:\n\
             \x20     - name: Replace with the column's name\n\
             \x20       values: [0, 0]\n\
             \x20   notes:\n\
             \x20   source:\n\
             \x20   date:\n\
             {shared}---\n\
             What the figures say, in plain English.\n\n\
             {{{{ dataset: example }}}}\n"
        ),
        NewKind::News => format!(
            "---\n# The headline.\ntitle: {t}\n\
             # The date of the issue (YYYY-MM-DD).\ndate: {today}\n\
             # news-splash (the weekly News Splash) or newsletter (the monthly newsletter).\nseries: news-splash\n\
             # One or two sentences for lists, feeds and email previews.\nsummary: \"\"\n\
             # Topics.\ntags: []\n\
             # Not published before this moment (YYYY-MM-DD or YYYY-MM-DDTHH:MM, on the clock of site.toml's timezone: UK time unless set); leave empty to publish at once.\npublish_date:\n\
             # true keeps the post off the site (serve --watch and build --drafts still show it); set false to publish.\ndraft: true\n\
             {shared}---\n\
             The post's text.\n"
        ),
        NewKind::Page => format!(
            "---\n# The page heading.\ntitle: {t}\n{shared}---\n\
             The page's text.\n"
        ),
        NewKind::Feedback => format!(
            "---\n# The page heading.\ntitle: {t}\n\
             # When the council published its response (YYYY-MM-DD); `localoffer check` warns when the newest is over a year old.\ndate: {today}\n\
             # Where people said it: a forum, a survey, a consultation.\nsource: \"\"\n\
             {shared}---\n\
             A sentence or two about how we heard from parents, carers and young people.\n\n\
             ## One thing people told us\n\n\
             What we did about it. Each `##` heading is one thing people said; the text under it is the response.\n"
        ),
    }
}

/// The `site.toml` a new site starts with.
const SITE_TOML: &str = r##"# The website's settings. docs/configuration.md explains every one.

# The site's name, shown in the header and page titles.
title = "Our SEND Local Offer"
# One sentence about the site, for search engines and the home page.
description = "Information and help for families of children and young people with special educational needs and disabilities."
# The address the site is published at.
base_url = "https://localoffer.example.gov.uk"
language = "en-GB"
theme = "default"
# The council's icon for browser tabs: a file under content/ (the theme's own icon if left out).
# favicon = "/images/council-icon.png"

[organisation]
name = "Example Council"
service = "SEND Service"
# email = "send@example.gov.uk"
# phone = "01234 567890"

# The theme's main colours; `localoffer check` warns if text would be hard to read.
[colours]
text = "#0b0c0c"
background = "#ffffff"
link = "#1d70b8"
brand = "#0b0c0c"

[search]
# Words that mean the same; each finds the others.
synonyms = []
"##;

const HOME: &str = "---\ntitle: Welcome to our SEND Local Offer\n\
description: Information and help for families of children and young people with SEND.\n---\n\
Start with the [questions parents ask](faqs/getting-started.md), look up a word in the \
[jargon buster](jargon/senco.md), or [contact us](pages/contact.md).\n";

/// `localoffer init`: a new site in `dir`, which must be empty or absent.
pub fn init(dir: &Path, today: jiff::civil::Date) -> Result<(), ScaffoldError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| ScaffoldError::Io { path, source }
    };
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir).map_err(io(dir))?;
        if entries.next().is_some() {
            return Err(ScaffoldError::NotEmpty(dir.to_path_buf()));
        }
    }
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    write_new(&dir.join("site.toml"), SITE_TOML)?;
    for (rel, bytes) in THEME_FILES {
        let path = dir.join("themes/default").join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io(parent))?;
        }
        std::fs::write(&path, bytes).map_err(io(&path))?;
    }
    write_new(&dir.join("content/_index.md"), HOME)?;
    new_file(dir, NewKind::Faq, "Getting started", today)?;
    new_file(dir, NewKind::Jargon, "SENCo", today)?;
    new_file(dir, NewKind::Team, "SEND Service", today)?;
    new_file(dir, NewKind::Snapshot, "Performance update", today)?;
    new_file(dir, NewKind::News, "Welcome to our news", today)?;
    new_file(dir, NewKind::Page, "Contact", today)?;
    new_file(dir, NewKind::Feedback, "What you told us", today)?;
    std::fs::write(
        dir.join(".gitignore"),
        "public/\nsearch-index/\n.localoffer/\n",
    )
    .map_err(io(dir))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_with_quotes_stay_valid_yaml() {
        assert_eq!(quoted(r#"Say "hi" \ bye"#), r#""Say \"hi\" \\ bye""#);
    }

    #[test]
    fn the_theme_is_embedded() {
        assert!(THEME_FILES.iter().any(|(p, _)| *p == "templates/base.html"));
        assert!(THEME_FILES.iter().any(|(p, _)| *p == "static/site.css"));
    }
}
