//! The [`Site`]: every page of every kind, loaded, validated and cross-linked.
//!
//! Loading runs in three steps. First every file is read and its front matter parsed,
//! in parallel. Then the things that need all files are worked out: each file's URL,
//! the jargon index, the team tree. Last, every body is rendered from Markdown with
//! links resolved, in parallel. Problems from all steps are collected and returned
//! together, sorted by file and line.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use walkdir::WalkDir;

use super::bodies::{Render, names};
use super::cache::{KeptJargon, KeptSite, LoadCache};
use super::edited::load_edited;
use super::kinds::{Front, Loaded, find_text, read_front_matter};
use super::page::Page;
use super::source::SourceFile;
use super::team::Team;
use super::{Kind, Meta, slugify};
use crate::config::Config;
use crate::diagnostics::{self, Diagnostic};
use crate::markdown::{self, Context, JargonIndex, LinkTable, TermLink};
use crate::sanitise::Sanitiser;

/// Top-level URL paths that the site itself uses besides its kinds' own.
const RESERVED: &[&str] = &["search", "static", "api", "healthz", "coverage", "print"];

/// Whether a plain page called `slug` would hide one of the site's own sections: a
/// kind's folder of pages (`/faqs/`) or one of [`RESERVED`].
fn is_reserved(slug: &str) -> bool {
    // Worked out once: asked for every page on every load, splitting each kind's
    // URL pattern was 7% of a watch-mode rebuild of 10,000 pages (callgrind).
    static KIND_FOLDERS: std::sync::LazyLock<Vec<&'static str>> = std::sync::LazyLock::new(|| {
        Kind::ALL
            .iter()
            .filter(|&&k| k != Kind::Page)
            .filter_map(|k| k.url_prefix().split('/').nth(1))
            .collect()
    });
    RESERVED.contains(&slug) || KIND_FOLDERS.contains(&slug)
}

pub use super::kinds::Site;

pub use super::LoadOptions;
pub use super::Scheduled;

impl Site {
    /// Loads `root/content` with the settings in `config`. On failure returns every
    /// problem found, sorted by file and line.
    pub fn load(
        root: &Path,
        config: Config,
        options: LoadOptions,
    ) -> Result<Site, Vec<Diagnostic>> {
        Site::load_cached(root, config, options, None)
    }

    /// [`Site::load`], reusing what `cache` kept from the last load of this site
    /// for files that did not change, and keeping this load's results in it
    /// (`serve --watch`). The result is the same as without a cache.
    pub fn load_cached(
        root: &Path,
        config: Config,
        options: LoadOptions,
        mut cache: Option<&mut LoadCache>,
    ) -> Result<Site, Vec<Diagnostic>> {
        let content_dir = root.join("content");
        let listing = match cache.as_deref().and_then(LoadCache::trusted_listing) {
            Some(listing) => listing,
            None => Arc::new(discover(root, &content_dir)),
        };
        if let Some(cache) = cache.as_deref_mut() {
            cache.keep_listing(Arc::clone(&listing));
        }
        // Watch mode, after a save of a page's text alone.
        if let Some(cache) = cache.as_deref_mut()
            && let Some(site) = load_edited(root, &config, options, &listing, cache)
        {
            return Ok(site);
        }
        let (markdown_files, assets, found) = &*listing;
        let mut problems = found.clone();
        problems.extend(favicon_missing(&config, assets));
        let mut loaded = read_all(root, markdown_files, cache.as_deref_mut(), &mut problems);
        let next_change = next_change(&loaded, options.now, &config.zone());
        loaded.retain(|l| options.drafts || l.is_live(options.now));
        let previous = cache.as_deref_mut().and_then(LoadCache::take_jargon);
        // Each of these reads every file: two at once on two cores.
        let (((links, jargon), link_problems), ((term_names, ids), clashes)) = rayon::join(
            || {
                let mut found = Vec::new();
                let tables = link_tables(markdown_files, assets, &loaded, previous, &mut found);
                (tables, found)
            },
            || {
                (
                    names(markdown_files, &loaded),
                    directory_id_clashes(&loaded),
                )
            },
        );
        problems.extend(link_problems);
        problems.extend(clashes);
        let jargon = match cache.as_deref_mut() {
            Some(cache) => {
                let index = jargon.index.clone();
                cache.keep_jargon(jargon);
                index
            }
            None => jargon.index,
        };
        let sanitiser = Sanitiser::new(&config.html);
        let anchors = markdown::Anchors::default();
        let cx = Context {
            links: &links,
            jargon: &jargon,
            sanitiser: &sanitiser,
            anchors: &anchors,
        };
        let render = Render::new(cx, &term_names, &ids, &config, options);
        // With the cache, also the hash of what every body read besides its file.
        let (built, shared) = match cache.as_deref_mut() {
            Some(cache) => {
                let (built, shared) =
                    render.all_kept(root, &config, markdown_files, assets, &loaded, cache);
                (built, Some(shared))
            }
            None => {
                let built = loaded
                    .par_iter()
                    .map(|l| {
                        let mut d = Vec::new();
                        let b = render.one(l, &render.cx, &mut d);
                        (b, d)
                    })
                    .collect();
                (built, None)
            }
        };
        let mut site = Site::empty(root, config, options, next_change, assets.clone());
        for (b, d) in built {
            problems.extend(d);
            if let Some(b) = b {
                b.add_to(&mut site);
            }
        }
        // content/_index.md is a page, built at `/`: the home page.
        if let Some(i) = site.pages.iter().position(|p| p.url == "/") {
            site.home = Arc::unwrap_or_clone(site.pages.swap_remove(i));
        }
        let (anchor_problems, team_problems) = rayon::join(
            || anchors.check(),
            || arrange_teams(&mut site.teams, &loaded),
        );
        problems.extend(anchor_problems);
        problems.extend(team_problems);
        // Letting go of a large site's sources, and of the link table and anchors
        // (an entry or more per file), takes a while on one core: it happens
        // beside what comes next. The names borrow the sources: they go here.
        drop((term_names, ids));
        site.sort();
        site.jargon = jargon;
        problems.retain(|d| d.severity == diagnostics::Severity::Error);
        match (cache, shared) {
            (Some(cache), Some(shared)) if problems.is_empty() => {
                std::thread::spawn(move || drop(anchors));
                cache.keep_site(KeptSite {
                    listing,
                    config: format!("{:?}", site.config),
                    drafts: options.drafts,
                    live: loaded,
                    links,
                    shared,
                    site: site.clone(),
                });
            }
            _ => {
                std::thread::spawn(move || drop((links, anchors, loaded)));
            }
        }
        if problems.is_empty() {
            Ok(site)
        } else {
            diagnostics::sort(&mut problems);
            Err(problems)
        }
    }

    /// A site with nothing in it yet; the home page's title is the site's.
    fn empty(
        root: &Path,
        config: Config,
        options: LoadOptions,
        next_change: Option<Scheduled>,
        assets: Vec<String>,
    ) -> Site {
        let home = Page {
            slug: "index".into(),
            url: "/".into(),
            title: config.title.clone(),
            meta: Meta::default(),
            html: String::new(),
            text: String::new(),
            print: Default::default(),
        };
        Site::with_no_files(
            config,
            root.to_path_buf(),
            home,
            next_change,
            options.now,
            assets,
        )
    }
}

/// Reads every Markdown file and parses its front matter, in parallel (through
/// `cache` when there is one); files that cannot be read or parsed go to `problems`.
fn read_all(
    root: &Path,
    markdown_files: &[String],
    cache: Option<&mut LoadCache>,
    problems: &mut Vec<Diagnostic>,
) -> Vec<Arc<Loaded>> {
    let content_dir = root.join("content");
    let results: Vec<Result<Arc<Loaded>, Diagnostic>> = match cache {
        Some(cache) => cache.read(root, &content_dir, markdown_files),
        None => markdown_files
            .par_iter()
            .map(|rel| read_front_matter(root, &content_dir, rel).map(Arc::new))
            .collect(),
    };
    let mut loaded = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(l) => loaded.push(l),
            Err(d) => problems.push(d),
        }
    }
    loaded
}

/// The link table (every page's URL and every asset) and the jargon finder.
/// Files that failed to load are already reported; links to them still resolve,
/// so one broken file is one error, not one per page linking to it.
fn link_tables(
    markdown_files: &[String],
    assets: &[String],
    loaded: &[Arc<Loaded>],
    previous: Option<KeptJargon>,
    problems: &mut Vec<Diagnostic>,
) -> (LinkTable, KeptJargon) {
    let mut links = LinkTable::default();
    for a in assets {
        links.add_asset(a);
    }
    let good: FxHashSet<&str> = loaded.iter().map(|l| l.file.rel.as_str()).collect();
    for rel in markdown_files.iter().filter(|r| !good.contains(r.as_str())) {
        if let Some(kind) = Kind::of(rel) {
            links.add_page(rel, kind.url_for(rel));
        }
    }
    // Building the jargon finder takes a while for a long jargon buster: it
    // runs beside the URLs being given out.
    let (url_problems, jargon) = rayon::join(
        || assign_urls(loaded, &mut links),
        || jargon_index(loaded, previous),
    );
    problems.extend(url_problems);
    problems.extend(jargon.problems.iter().cloned());
    (links, jargon)
}

/// Two services, or two organisations, with one `id`: Open Referral (and every
/// directory that reads the export) knows them by it.
fn directory_id_clashes(loaded: &[Arc<Loaded>]) -> Vec<Diagnostic> {
    let mut seen: HashMap<(Kind, String), &str> = HashMap::new();
    let mut problems = Vec::new();
    for l in loaded {
        let id = match &l.front {
            Front::Service(s) => &s.id,
            Front::Organisation(o) => &o.id,
            _ => continue,
        };
        let key = (l.kind(), id.trim().to_ascii_lowercase());
        if let Some(first) = seen.insert(key, &l.file.rel) {
            problems.push(
                l.file
                    .error(format!("the id {id} is also the id of content/{first}"))
                    .at(&l.file.text, find_text(&l.file, id, &l.split))
                    .help("every entry needs its own id: if this file is a copy, give it a new one with `localoffer new`, or remove the copy"),
            );
        }
    }
    problems
}

/// `favicon` in `site.toml` names a file that is not under `content/`.
fn favicon_missing(config: &Config, assets: &[String]) -> Option<Diagnostic> {
    let icon = config.favicon.as_deref()?;
    let rel = icon.trim_start_matches('/');
    if assets.iter().any(|a| a == rel) {
        return None;
    }
    Some(
        Diagnostic::error(
            crate::config::FILE_NAME,
            format!("favicon names `{icon}`, but there is no content/{rel}"),
        )
        .help("put the icon under content/ (for example content/images/icon.png) and write favicon = \"/images/icon.png\", or remove favicon to use the theme's icon"),
    )
}

/// Lists the Markdown files and the other files under `content/`.
fn discover(root: &Path, content_dir: &Path) -> (Vec<String>, Vec<String>, Vec<Diagnostic>) {
    let mut markdown_files = Vec::new();
    let mut assets = Vec::new();
    let mut problems = Vec::new();
    if !content_dir.is_dir() {
        problems.push(
            Diagnostic::error("content", "there is no content folder")
                .help("create a folder called content next to site.toml, or run `localoffer init` to start a new site"),
        );
        return (markdown_files, assets, problems);
    }
    let walker = WalkDir::new(content_dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored(e.file_name().to_string_lossy().as_ref()));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e
                    .path()
                    .map(|p| p.strip_prefix(root).unwrap_or(p).to_path_buf());
                problems.push(Diagnostic::error(
                    path.unwrap_or_else(|| "content".into()),
                    format!("cannot read: {e}"),
                ));
                continue;
            }
        };
        if entry.file_type().is_symlink() {
            if let Err(problem) = check_link(root, entry.path()) {
                problems.push(problem);
                continue;
            }
        } else if !entry.file_type().is_file() {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(content_dir) else {
            continue;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        if rel.ends_with(".md") {
            if Kind::of(&rel).is_some() {
                markdown_files.push(rel);
            } else {
                problems.push(
                    Diagnostic::error(entry.path().strip_prefix(root).unwrap_or(entry.path()), "this page is not in a content folder, so localoffer does not know what kind of page it is")
                        .help(format!("move it into one of content/{}/", Kind::FOLDERS.join("/, content/"))),
                );
            }
        } else {
            assets.push(rel);
        }
    }
    (markdown_files, assets, problems)
}

/// A symbolic link under `content/` is followed only if it leads to a file inside the
/// site's folder: a link out of it could publish any file the build can read (an SSH
/// key, a password file), and a link to a folder could loop.
fn check_link(root: &Path, link: &Path) -> Result<(), Diagnostic> {
    let shown = link.strip_prefix(root).unwrap_or(link);
    let target = std::fs::canonicalize(link);
    let inside = std::fs::canonicalize(root)
        .ok()
        .zip(target.as_ref().ok())
        .is_some_and(|(root, target)| target.starts_with(root));
    let problem = match &target {
        Err(e) => format!("this is a symbolic link that cannot be followed: {e}"),
        Ok(t) if !inside => format!(
            "this is a symbolic link to {}, outside the site's folder; it is not followed",
            t.display()
        ),
        Ok(t) if !t.is_file() => {
            "this is a symbolic link to a folder; links to folders are not followed".to_owned()
        }
        Ok(_) => return Ok(()),
    };
    Err(Diagnostic::error(shown, problem)
        .help("copy the file into content/ instead of linking to it, or remove the link"))
}

/// Hidden files and editors' swap, backup and temporary files.
pub fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || (name.starts_with('#') && name.ends_with('#'))
        || [
            ".swp",
            ".swx",
            ".swo",
            ".tmp",
            ".bak",
            ".crdownload",
            "___jb_tmp___",
            "___jb_old___",
        ]
        .iter()
        .any(|s| name.ends_with(s))
}

fn assign_urls(loaded: &[Arc<Loaded>], links: &mut LinkTable) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut taken: FxHashMap<&str, &SourceFile> =
        FxHashMap::with_capacity_and_hasher(loaded.len(), Default::default());
    links.reserve(loaded.len());
    for l in loaded {
        let (url, slug) = l.address();
        if slug.is_empty() {
            problems.push(
                l.file
                    .error("this file's name has no letters or digits to make a web address from")
                    .help("rename it, for example contact-us.md"),
            );
            continue;
        }
        if matches!(l.front, Front::Page(_)) && l.file.rel != "_index.md" && is_reserved(slug) {
            problems.push(
                l.file
                    .error(format!(
                        "a page called `{slug}` would hide the site's own /{slug}/ section"
                    ))
                    .help("rename the file"),
            );
        }
        if matches!(l.front, Front::News(_)) && super::news::clashes_with_listing(slug) {
            problems.push(
                l.file
                    .error(format!(
                        "a post called `{slug}` would hide the news listing at /news/{slug}/"
                    ))
                    .help("rename the file; starting it with the post's date, like 2024-02-28-update.md, always works"),
            );
        }
        if let Some(other) = taken.get(url) {
            problems.push(
                l.file.error(format!("this file would be built at {url}, like {}", other.path.display()))
                    .help("rename one of them; file names in a folder must differ by more than capitals and punctuation"),
            );
            continue;
        }
        taken.insert(url, &l.file);
        links.add_page(&l.file.rel, url.to_owned());
    }
    problems
}

/// Builds the jargon index, refusing a spelling claimed by two terms.
fn jargon_index(loaded: &[Arc<Loaded>], previous: Option<KeptJargon>) -> KeptJargon {
    let files: Vec<Arc<Loaded>> = loaded
        .iter()
        .filter(|l| matches!(l.front, Front::Jargon(_)))
        .cloned()
        .collect();
    // Watch mode, after an edit to anything but a term: the same files, so the
    // same matcher and problems (3,000 terms took 5% of a rebuild to go over).
    let previous = match previous {
        Some(kept) if kept.made_from(&files) => return kept,
        other => other,
    };
    let mut problems = Vec::new();
    let mut owner_of: HashMap<String, &SourceFile> = HashMap::new();
    let mut entries = Vec::new();
    for l in &files {
        let Front::Jargon(j) = &l.front else { continue };
        let id = slugify(l.file.stem());
        let mut spellings = Vec::new();
        for s in std::iter::once(&j.term).chain(j.aliases.iter()) {
            let key = s.trim().to_lowercase();
            if key.is_empty() {
                continue;
            }
            match owner_of.get(&key) {
                Some(other) if other.path != l.file.path => {
                    let span = find_text(&l.file, s, &l.split);
                    problems.push(
                        l.file
                            .error(format!(
                                "\"{s}\" is already a term or alias in {}",
                                other.path.display()
                            ))
                            .at(&l.file.text, span)
                            .label("claimed twice")
                            .help("a spelling can link to only one term: remove it here or there"),
                    );
                }
                Some(_) => {}
                None => {
                    owner_of.insert(key, &l.file);
                    spellings.push(s.trim().to_owned());
                }
            }
        }
        entries.push((
            TermLink {
                url: format!("/jargon/#{id}"),
                id,
                stands_for: j.stands_for.clone(),
            },
            spellings,
        ));
    }
    let index = JargonIndex::new_unless_as(entries, previous.as_ref().map(|p| &p.index));
    KeptJargon {
        files,
        index,
        problems,
    }
}

/// Links teams to their children, sorts siblings, orders parents before children,
/// and reports loops in the tree.
fn arrange_teams(teams: &mut Vec<Arc<Team>>, loaded: &[Arc<Loaded>]) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let parent_of: FxHashMap<&str, Option<&str>> = teams
        .iter()
        .map(|t| (t.id.as_str(), t.parent.as_deref()))
        .collect();
    let mut seen: FxHashSet<&str> = FxHashSet::default();
    for t in teams.iter() {
        seen.clear();
        seen.insert(&t.id);
        let mut cur = t.parent.as_deref();
        while let Some(p) = cur {
            if !seen.insert(p) {
                if let Some(l) = loaded
                    .iter()
                    .find(|l| matches!(l.front, Front::Team(_)) && slugify(l.file.stem()) == t.id)
                {
                    problems.push(
                        l.file
                            .error(format!(
                                "the team `{}` is inside itself: its parents go round in a loop",
                                t.id
                            ))
                            .help(
                                "change `parent` so the teams form a tree with one team at the top",
                            ),
                    );
                }
                break;
            }
            cur = parent_of.get(p).copied().flatten();
        }
    }
    if !problems.is_empty() {
        return problems;
    }
    // Stable, as `sort_by` is: each name is lower-cased once, not per comparison.
    teams.sort_by_cached_key(|t| (t.order, t.name.to_lowercase()));
    let ids: Vec<(String, Option<String>)> = teams
        .iter()
        .map(|t| (t.id.clone(), t.parent.clone()))
        .collect();
    let known: FxHashSet<&str> = ids.iter().map(|(id, _)| id.as_str()).collect();
    let mut children_of: FxHashMap<&str, Vec<String>> = FxHashMap::default();
    for (id, parent) in &ids {
        if let Some(p) = parent {
            children_of.entry(p).or_default().push(id.clone());
        }
    }
    for t in teams.iter_mut() {
        let children = children_of.remove(t.id.as_str()).unwrap_or_default();
        if t.children != children {
            let t = Arc::make_mut(t);
            t.children = children;
            // A copy starts with no fingerprint, but a team no one else holds is
            // changed in place: its old fingerprint must go.
            t.print = Default::default();
        }
    }
    // Depth-first from the roots, so parents come before their children.
    let by_id: FxHashMap<String, Arc<Team>> = teams.drain(..).map(|t| (t.id.clone(), t)).collect();
    let mut ordered = Vec::with_capacity(by_id.len());
    let mut stack: Vec<String> = ids
        .iter()
        .filter(|(_, p)| p.as_deref().is_none_or(|p| !known.contains(p)))
        .map(|(id, _)| id.clone())
        .rev()
        .collect();
    while let Some(id) = stack.pop() {
        if let Some(t) = by_id.get(&id) {
            stack.extend(t.children.iter().rev().cloned());
            ordered.push(t.clone());
        }
    }
    *teams = ordered;
    problems
}

/// The next moment after `now` when a post falls due or a page expires.
fn next_change(
    loaded: &[Arc<Loaded>],
    now: jiff::civil::DateTime,
    zone: &jiff::tz::TimeZone,
) -> Option<Scheduled> {
    let mut next: Option<Scheduled> = None;
    for l in loaded {
        let mut consider = |at: jiff::civil::DateTime, what: String| {
            if at > now
                && next.as_ref().is_none_or(|n| at < n.at)
                && let Ok(instant) = zone.to_timestamp(at)
            {
                next = Some(Scheduled { at, instant, what });
            }
        };
        if let Front::News(n) = &l.front
            && !n.draft
        {
            consider(
                n.due(),
                format!("the news post \"{}\" is published", l.title()),
            );
        }
        if let Some(at) = l.expires_at() {
            consider(
                at,
                format!("{} \"{}\" expires", l.kind().article(), l.title()),
            );
        }
    }
    next
}
