//! Rendering each file's body: what it reads besides the file (the link table,
//! the jargon matcher, the names front matter may point at) and, in watch mode,
//! the cache that renders again only the bodies whose inputs changed. Used by the
//! full load ([`super::site`]) and by the in-place one ([`super::edited`]).

use std::borrow::Cow;
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::cache::{LoadCache, Rendered};
use super::kinds::{Built, Front, Ids, Loaded, Names, TermNames, build_one};
use super::{Kind, LoadOptions, slugify};
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::markdown::{self, Context};
use crate::util::hash::quick_hash_of;

/// The names front matter may point at: each jargon file's id with its term
/// (`None` when its front matter is broken), and the id (file name) of every file
/// whose front matter was read, by kind. Borrowed from the files: ten thousand
/// names copied on every rebuild were 7% of one (callgrind, 10,000 pages).
pub(super) fn names<'a>(
    markdown_files: &[String],
    loaded: &'a [Arc<Loaded>],
) -> (TermNames<'a>, Ids<'a>) {
    let mut term_names: TermNames<'a> = FxHashMap::default();
    for l in loaded {
        if let Front::Jargon(j) = &l.front {
            term_names.insert(Cow::Borrowed(l.address().1), Some(j.term.as_str()));
        }
    }
    // A jargon file whose front matter did not parse still has a name.
    if loaded.len() != markdown_files.len() {
        for r in markdown_files
            .iter()
            .filter(|r| Kind::of(r) == Some(Kind::Jargon))
        {
            let id = slugify(r.rsplit('/').next().unwrap_or(r).trim_end_matches(".md"));
            term_names.entry(Cow::Owned(id)).or_insert(None);
        }
    }
    let mut ids: Ids<'a> = FxHashMap::default();
    for l in loaded {
        ids.entry(l.kind()).or_default().insert(l.address().1);
    }
    (term_names, ids)
}

/// A file's rendered body (none when it failed), with the problems found.
type BuiltFile = (Option<Built>, Vec<Diagnostic>);

/// What rendering a file's body reads besides the file itself.
pub(super) struct Render<'a> {
    pub(super) cx: Context<'a>,
    /// Each jargon file's id and its term (`None` if its front matter is broken).
    pub(super) term_names: &'a TermNames<'a>,
    /// The id of every file, by kind.
    pub(super) ids: &'a Ids<'a>,
    /// The directory's categories (`[directory]` in `site.toml`).
    pub(super) categories: &'a [String],
    pub(super) options: LoadOptions,
}

impl<'a> Render<'a> {
    /// Renders with `cx`, the names front matter may point at, and the settings'
    /// directory categories.
    pub(super) fn new(
        cx: Context<'a>,
        term_names: &'a TermNames<'a>,
        ids: &'a Ids<'a>,
        config: &'a Config,
        options: LoadOptions,
    ) -> Render<'a> {
        Render {
            cx,
            term_names,
            ids,
            categories: &config.directory.categories,
            options,
        }
    }

    /// A hash of everything here that rendering any file reads, for the keys of
    /// [`LoadCache`]; `options.now` is left out (see [`Render::key`]).
    fn fingerprint(&self, root: &Path, config: &Config) -> u64 {
        let names = self
            .term_names
            .iter()
            .map(|pair| quick_hash_of(&pair))
            .fold(0, u64::wrapping_add);
        let ids = self
            .ids
            .iter()
            .flat_map(|(kind, ids)| ids.iter().map(move |id| quick_hash_of(&(kind, id))))
            .fold(0, u64::wrapping_add);
        quick_hash_of(&(
            root,
            self.cx.links.fingerprint(),
            self.cx.jargon.fingerprint(),
            // The raw-HTML settings (what the sanitiser keeps); its maps print in
            // no fixed order, which costs at worst a needless render.
            format!("{:?}", config.html),
            names,
            ids,
            self.categories,
        ))
    }

    /// The cache key of `l`: `shared` and what of `options.now` it reads.
    pub(super) fn key(&self, l: &Loaded, shared: u64) -> u64 {
        let published = match &l.front {
            Front::News(n) => n.is_published(self.options.now),
            _ => true,
        };
        LoadCache::key(shared, published)
    }

    /// Renders every body in `loaded` with `cache` (see [`Render::all_cached`]) and
    /// notes in it everything this load read, so the next can tell whether anything
    /// changed. Also returns the hash of what rendering any file read besides the
    /// file (see [`Render::fingerprint`]).
    pub(super) fn all_kept(
        &self,
        root: &Path,
        config: &Config,
        markdown_files: &[String],
        assets: &[String],
        loaded: &[Arc<Loaded>],
        cache: &mut LoadCache,
    ) -> (Vec<BuiltFile>, u64) {
        let shared = self.fingerprint(root, config);
        let keys: Vec<u64> = loaded.par_iter().map(|l| self.key(l, shared)).collect();
        let built = self.all_cached(loaded, &keys, cache);
        let keys: Vec<(&String, u64)> = loaded.iter().map(|l| &l.file.rel).zip(keys).collect();
        // Settings print their maps in no fixed order: at worst a needless render.
        let others = quick_hash_of(&(format!("{config:?}"), self.options.drafts, assets, keys));
        cache.note_inputs(markdown_files, others);
        (built, shared)
    }

    /// Renders every body in `loaded`, taking those whose key is unchanged from
    /// `cache` and keeping the others there. Each file's `#anchor` notes are added
    /// to the shared ones in the same order as they would be without a cache.
    fn all_cached(
        &self,
        loaded: &[Arc<Loaded>],
        keys: &[u64],
        cache: &mut LoadCache,
    ) -> Vec<(Option<Built>, Vec<Diagnostic>)> {
        let fresh: Vec<Option<Rendered>> = loaded
            .par_iter()
            .zip(keys)
            .map(|(l, &key)| {
                if cache.rendered(&l.file.rel, key).is_some() {
                    return None;
                }
                let own = markdown::Anchors::default();
                let cx = Context {
                    anchors: &own,
                    ..self.cx
                };
                let mut d = Vec::new();
                let b = self.one(l, &cx, &mut d);
                Some(Rendered::new(key, b, d, own.take_notes()))
            })
            .collect();
        for (l, r) in loaded.iter().zip(fresh) {
            if let Some(r) = r {
                cache.keep(&l.file.rel, r);
            }
        }
        // Taken out on every core; the notes are added in the files' order.
        let cache = &*cache;
        let kept: Vec<_> = loaded
            .par_iter()
            .zip(keys)
            .map(|(l, &key)| cache.rendered(&l.file.rel, key).map(Rendered::get))
            .collect();
        let mut built = Vec::with_capacity(loaded.len());
        for (l, kept) in loaded.iter().zip(kept) {
            match kept {
                Some((b, d, notes)) => {
                    self.cx.anchors.add_notes(notes);
                    built.push((b, d));
                }
                None => {
                    // Not kept (the cache has no entry for the file): render it here.
                    let mut d = Vec::new();
                    built.push((self.one(l, &self.cx, &mut d), d));
                }
            }
        }
        built
    }

    /// Renders the body of `l` with `cx`.
    pub(super) fn one(
        &self,
        l: &Loaded,
        cx: &Context<'_>,
        d: &mut Vec<Diagnostic>,
    ) -> Option<Built> {
        let names = Names {
            terms: self.term_names,
            ids: self.ids,
            categories: self.categories,
        };
        build_one(l, cx, &names, self.options.now, d)
    }
}
