//! Watch mode's shortcut for the commonest save: the text of a page (or a few)
//! changed in place and its front matter did not.
//!
//! A full load with the cache still goes over every file: it looks each one up,
//! gives out every URL, lists every name, checks every `#anchor` link and sorts
//! every kind, each a pass over ten thousand entries at 10,000 pages, taking far
//! longer than their instructions account for (waiting on memory, by all
//! signs). What those passes make depends on the files' names and front matter,
//! which such a save leaves as they were. So the last load's site is kept
//! ([`KeptSite`]), and the files the watcher named are read and rendered again
//! and put in the places of the old ones; nothing else is looked at.
//!
//! The shortcut is taken only when the result is the site a full load would
//! make, and the full load runs otherwise:
//! - the watcher vouched that only the named files changed, in place
//!   ([`LoadCache::trust_only`]), and the settings and the moment's effect (no
//!   post fell due, no page expired) are as they were;
//! - each named file's front matter is byte for byte what it was and parses, it
//!   is on the site, and it is not a jargon term (the matcher is made from
//!   them), a team (the tree is arranged across files) or the home page;
//! - it renders without errors, sorts where it was, and its `#anchor` notes
//!   leave every link of the site pointing where it did (see
//!   [`AnchorNotes::keep_targets_of`]).

use std::path::Path;
use std::sync::Arc;

use super::bodies::{Render, names};
use super::cache::{KeptSite, Listing, LoadCache, Rendered};
use super::kinds::{Built, Loaded, Site};
use super::{Kind, LoadOptions};
use crate::config::Config;
use crate::diagnostics::Severity;
use crate::markdown::{AnchorNotes, Anchors, Context};
use crate::sanitise::Sanitiser;

/// One named file, read again and rendered.
struct Edit {
    rel: String,
    /// It, built, and what the site holds for it now.
    built: Built,
    old: Built,
    /// What the cache keeps of it.
    rendered: Rendered,
}

/// The site after a save the shortcut can take (see the module's documentation),
/// or `None` when a full load must run.
pub(super) fn load_edited(
    root: &Path,
    config: &Config,
    options: LoadOptions,
    listing: &Arc<Listing>,
    cache: &mut LoadCache,
) -> Option<Site> {
    let mut kept = cache.take_site()?;
    match edits(root, config, options, listing, &mut kept, cache) {
        Some(edits) => {
            let mut keep = Vec::with_capacity(edits.len());
            for edit in edits {
                if !edit.built.replace_in(&edit.old, &mut kept.site) {
                    // It would sort elsewhere.
                    std::thread::spawn(move || drop(kept));
                    return None;
                }
                keep.push((edit.rel, edit.rendered));
            }
            for (rel, rendered) in keep {
                cache.keep(&rel, rendered);
            }
            // The settings are the same (their text is): only the moment moves.
            kept.site.built_at = options.now;
            cache.changed_in_place();
            let site = kept.site.clone();
            cache.keep_site(kept);
            Some(site)
        }
        None => {
            // The full load makes and keeps its own.
            std::thread::spawn(move || drop(kept));
            None
        }
    }
}

/// The named files read again and rendered, or `None` when the save is not one
/// the shortcut can take. Changes only `kept.live` and the cache's entries for
/// the named files (each as a full load would leave it).
fn edits(
    root: &Path,
    config: &Config,
    options: LoadOptions,
    listing: &Arc<Listing>,
    kept: &mut KeptSite,
    cache: &mut LoadCache,
) -> Option<Vec<Edit>> {
    let same = Arc::ptr_eq(&kept.listing, listing)
        && kept.drafts == options.drafts
        && options.now >= kept.site.built_at
        && kept
            .site
            .next_change
            .as_ref()
            .is_none_or(|n| options.now < n.at)
        && format!("{config:?}") == kept.config;
    if !same {
        return None;
    }
    let content_dir = root.join("content");
    let mut changed = Vec::new();
    for rel in cache.named()? {
        let (old, rendered) = cache.last_of(&rel)?;
        if matches!(old.kind(), Kind::Jargon | Kind::Team) || rel == "_index.md" {
            return None;
        }
        let (old_built, _, old_notes) = rendered.get();
        let (old_built, old_notes) = (old_built?, Arc::clone(old_notes));
        let at = kept.live.iter().position(|l| Arc::ptr_eq(l, &old))?;
        let new = cache.refresh_one(root, &content_dir, &rel).ok()?;
        if Arc::ptr_eq(&new, &old) {
            // The same bytes: kept as it was, rendering and all.
            continue;
        }
        if front_matter(&new) != front_matter(&old) {
            return None;
        }
        kept.live[at] = Arc::clone(&new);
        changed.push((rel, new, old_built, old_notes));
    }
    let (markdown_files, _, _) = &**listing;
    let (term_names, ids) = names(markdown_files, &kept.live);
    let sanitiser = Sanitiser::new(&config.html);
    let mut edits = Vec::with_capacity(changed.len());
    for (rel, new, old, old_notes) in changed {
        let anchors = Anchors::default();
        let cx = Context {
            links: &kept.links,
            jargon: &kept.site.jargon,
            sanitiser: &sanitiser,
            anchors: &anchors,
        };
        let render = Render::new(cx, &term_names, &ids, config, options);
        let mut problems = Vec::new();
        let built = render.one(&new, &render.cx, &mut problems)?;
        let notes: AnchorNotes = anchors.take_notes();
        if problems.iter().any(|p| p.severity == Severity::Error)
            || !notes.keep_targets_of(&old_notes)
        {
            return None;
        }
        let key = render.key(&new, kept.shared);
        edits.push(Edit {
            rel,
            rendered: Rendered::new(key, Some(built.clone()), problems, notes),
            built,
            old,
        });
    }
    Some(edits)
}

/// The text of `l`'s file up to its body: the front matter with its fences.
fn front_matter(l: &Loaded) -> &str {
    l.file.text.get(..l.split.body.start).unwrap_or_default()
}
