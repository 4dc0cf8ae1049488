//! `localoffer new` and `localoffer init`: starting points that build as they are.
//!
//! Each kind's starter file names every field its front matter takes, with a
//! comment saying what it is for, so staff fill in a form rather than recall one.
//! `init` writes the default theme from copies embedded in the binary (see the
//! crate's `build.rs`), so it works from an installed binary with no repository.

use std::path::{Path, PathBuf};

use crate::content::{Kind, slugify};

include!(concat!(env!("OUT_DIR"), "/theme_files.rs"));

/// A kind `new` can start: every [`Kind`], by the name its row in the table of
/// kinds gives it (`snapshot` for a performance snapshot).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewKind(pub Kind);

impl clap::ValueEnum for NewKind {
    fn value_variants<'a>() -> &'a [Self] {
        const ALL: [NewKind; Kind::ALL.len()] = {
            let mut all = [NewKind(Kind::Faq); Kind::ALL.len()];
            let mut i = 0;
            while i < all.len() {
                all[i] = NewKind(Kind::ALL[i]);
                i += 1;
            }
            all
        };
        &ALL
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(clap::builder::PossibleValue::new(self.0.new_name()).help(self.0.help()))
    }
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
    let (name, text) = kind
        .0
        .starter(&slug, &quoted(title), &shared_fields(today), today);
    let path = root
        .join("content")
        .join(kind.0.folder())
        .join(format!("{name}.md"));
    write_new(&path, &text)?;
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
    new_file(dir, NewKind(Kind::Faq), "Getting started", today)?;
    new_file(dir, NewKind(Kind::Guide), "Asking for help", today)?;
    new_file(dir, NewKind(Kind::Jargon), "SENCo", today)?;
    new_file(dir, NewKind(Kind::Team), "SEND Service", today)?;
    new_file(dir, NewKind(Kind::Performance), "Performance update", today)?;
    new_file(dir, NewKind(Kind::News), "Welcome to our news", today)?;
    new_file(dir, NewKind(Kind::Page), "Contact", today)?;
    new_file(dir, NewKind(Kind::Feedback), "What you told us", today)?;
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
