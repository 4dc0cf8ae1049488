//! One module per kind of content: its front matter, how it is checked, what it is
//! built into, its search entries and its starter file (each module's
//! `ContentKind`). This file is where the kinds meet: the one table of kinds (the
//! `kinds!` macro), from which [`Kind`], the `Front` of a file once its front
//! matter is parsed, the `Built` form once its body is rendered, and every dispatch
//! between them are made.

use rustc_hash::{FxHashMap, FxHashSet};
use std::borrow::Cow;
use std::fmt;
use std::path::Path;

use serde::de::DeserializeOwned;

use super::front_matter::{self, Split};
use super::source::SourceFile;
use super::{SharedFields, slugify};
use crate::diagnostics::Diagnostic;
use crate::markdown::Context;

/// What a kind of content is made of: its front matter and what a file of it is
/// built into. The table of kinds implements it from each row.
pub(crate) trait ContentKind {
    /// Its front matter (a [`super::front_matter_struct!`]).
    type Front: DeserializeOwned + SharedFields;
    /// What a file of it is built into.
    type Built: Clone;
}

/// How a file of a kind becomes its built form: one implementation per module of
/// this folder, on its front matter type. Its built form also has a
/// `search_entries` method (what one built file gives the search index); the
/// table calls both.
pub(crate) trait BuildFrom: ContentKind {
    /// Turns this front matter and `input`'s Markdown into the built form, with
    /// the kind's own checks.
    fn build(&self, input: &Input<'_>, diagnostics: &mut Vec<Diagnostic>) -> Self::Built;
}

/// What a kind does beyond what its row of the table says, with defaults; a
/// module whose row says `rules: own` implements it on its front matter type.
pub(crate) trait KindRules: ContentKind {
    /// The fields every page shares, as the page shows them (a kind may fill the
    /// description from a field of its own).
    fn meta(front: &Self::Front) -> super::Meta {
        front.meta()
    }
    /// Search entries that come before those of this kind's files.
    fn leading_search_entries<'a>(_site: &'a Site, _out: &mut Vec<SearchEntry<'a>>) {}
    /// The filters its search entries can be narrowed by (their `tags`).
    fn search_filters(_site: &Site) -> Vec<SearchFilter> {
        Vec::new()
    }
    /// The file name (without `.md`) `localoffer new` gives a file whose title
    /// slugifies to `slug`.
    fn new_file_name(slug: &str, _today: jiff::civil::Date) -> String {
        slug.to_owned()
    }
}

/// The starter file `localoffer new` writes from `template` (a kind's
/// `starters/<module>.md`): `{title}` is the title as quoted YAML, `{shared}` the
/// fields every kind shares with their hints, `{today}` the date and `{id}` a new
/// UUID.
fn starter_text(template: &str, title: &str, shared: &str, today: jiff::civil::Date) -> String {
    let mut text = template.replace("{shared}", shared);
    if text.contains("{id}") {
        text = text.replace("{id}", &services::new_id());
    }
    text.replace("{today}", &today.to_string())
        .replace("{title}", title)
}

/// A kind's [`KindRules`]: `default` (nothing beyond its row) or `own` (its
/// module implements them on its front matter type).
macro_rules! rules_of {
    (default, $front:ty) => {
        impl KindRules for $front {}
    };
    (own, $front:ty) => {};
}

/// Sorts a kind's files as its row's `order` says: `alphabetical(field)` by a
/// text field in any case, `newest(field)` by a date field, newest first (then
/// by file name), `arranged(field)` left as the load arranged them (teams).
/// Stable sorts, on every core: each load sorts every list again.
macro_rules! sort_files {
    ($files:expr, alphabetical, $field:ident) => {
        rayon::slice::ParallelSliceMut::par_sort_by_cached_key(&mut $files[..], |a| {
            a.$field.to_lowercase()
        })
    };
    ($files:expr, newest, $field:ident) => {
        rayon::slice::ParallelSliceMut::par_sort_by(&mut $files[..], |a, b| {
            b.$field.cmp(&a.$field).then(a.slug.cmp(&b.slug))
        })
    };
    ($files:expr, arranged, $field:ident) => {{
        let _ = &$files;
    }};
}

/// The one table of kinds. Each row is a kind (and declares its module): its doc
/// line (also `new --help`'s text), its variant of [`Kind`], the module and the
/// [`KindRules`] of that module, its folder under `content/`, its name (URLs,
/// search filters, JSON), the name `localoffer new` takes, how messages name one
/// file of it, the label of its facet on the search results page and of one of its
/// results, the URL of a file (`{slug}` is its file name as a URL part), its front
/// matter and built types (in the module), the front matter field that names a
/// file in messages, the field of [`Site`] that holds its files and their order
/// (see `sort_files!`). Its starter file for `localoffer new` is
/// `starters/<module>.md` beside this file (see [`starter_text`]). The order of
/// the rows is the order of the search facets, of the index's kind numbers and of
/// the search entries.
macro_rules! kinds {
    ($d:tt $(
        #[doc = $doc:literal]
        $variant:ident($module:ident) {
            folder: $folder:literal,
            name: $name:literal,
            new: $new:literal,
            article: $article:literal,
            label: $label:literal,
            result: $result:literal,
            url: $url:literal,
            front: $front:ident,
            built: $built:ident,
            title: $title:ident,
            list: $list:ident,
            order: $order:ident($by:ident),
            rules: $rules:ident $(,)?
        }
    )*) => {
        $( pub mod $module; )*

        $(
            impl ContentKind for $module::$front {
                type Front = $module::$front;
                type Built = $module::$built;
            }
            rules_of!($rules, $module::$front);
        )*

        /// The whole site, typed and valid: the settings, the home page and each
        /// kind's files (in the order its row's `order` gives). A copy shares the
        /// files.
        #[derive(Debug, Clone)]
        pub struct Site {
            /// `site.toml`.
            pub config: crate::config::Config,
            /// The site's root folder.
            pub root: std::path::PathBuf,
            /// The home page.
            pub home: page::Page,
            $( #[doc = $doc] pub $list: Vec<std::sync::Arc<$module::$built>>, )*
            /// The next moment the site changes by itself: a scheduled post falls
            /// due or a page expires. `serve` rebuilds then.
            pub next_change: Option<super::Scheduled>,
            /// The moment the site was built for, in the site's time zone.
            pub built_at: jiff::civil::DateTime,
            /// Other files under `content/` (images, PDFs), content-relative,
            /// copied as they are.
            pub assets: Vec<String>,
            /// What finds the jargon buster's terms in text, as the build links them.
            pub jargon: crate::markdown::JargonIndex,
        }

        impl Site {
            /// A site with `home` and no files of any kind yet.
            pub(crate) fn with_no_files(
                config: crate::config::Config,
                root: std::path::PathBuf,
                home: page::Page,
                next_change: Option<super::Scheduled>,
                built_at: jiff::civil::DateTime,
                assets: Vec<String>,
            ) -> Site {
                Site {
                    config,
                    root,
                    home,
                    $( $list: Vec::new(), )*
                    next_change,
                    built_at,
                    assets,
                    jargon: crate::markdown::JargonIndex::empty(),
                }
            }

            /// Every file of the site, the home page first, as its kind, URL,
            /// title and shared fields.
            pub fn files(&self) -> impl Iterator<Item = (Kind, &str, &str, &super::Meta)> + '_ {
                let home = &self.home;
                let files = std::iter::once((Kind::Page, home.url.as_str(), home.title.as_str(), &home.meta));
                $(
                    let files = files.chain(self.$list.iter().map(|b| {
                        (Kind::$variant, b.url.as_str(), b.$title.as_str(), &b.meta)
                    }));
                )*
                files
            }

            /// Puts each kind's files in order.
            pub(crate) fn sort(&mut self) {
                $( sort_files!(self.$list, $order, $by); )*
            }
        }

        /// The kinds of content, one per top folder of `content/`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Kind {
            $( #[doc = $doc] $variant, )*
        }

        impl Kind {
            /// Every kind, in a fixed order (the search index numbers kinds by it).
            pub const ALL: [Kind; [$(stringify!($variant)),*].len()] = [$(Kind::$variant),*];

            /// The folders that hold content, for messages.
            pub const FOLDERS: &'static [&'static str] = &[$($folder),*];

            /// The kind of a file at `rel` (a path inside `content/`), if it has one;
            /// `content/_index.md`, the home page, is a plain page.
            pub fn of(rel: &str) -> Option<Kind> {
                if rel == "_index.md" {
                    return Some(Kind::Page);
                }
                let (top, _) = rel.split_once('/')?;
                match top {
                    $( $folder => Some(Kind::$variant), )*
                    _ => None,
                }
            }

            /// How messages name one file of this kind.
            pub fn article(self) -> &'static str {
                match self { $( Kind::$variant => $article, )* }
            }

            /// The lower-case name used in URLs, search filters and the command line.
            pub fn name(self) -> &'static str {
                match self { $( Kind::$variant => $name, )* }
            }

            /// Its folder under `content/`.
            pub fn folder(self) -> &'static str {
                match self { $( Kind::$variant => $folder, )* }
            }

            /// The label of its facet on the search results page.
            pub fn label(self) -> &'static str {
                match self { $( Kind::$variant => $label, )* }
            }

            /// What the search results page calls one result of this kind.
            pub fn result_label(self) -> &'static str {
                match self { $( Kind::$variant => $result, )* }
            }

            /// The kind called `name` (see [`Kind::name`]).
            pub fn named(name: &str) -> Option<Kind> {
                Kind::ALL.into_iter().find(|k| k.name() == name)
            }

            /// The name `localoffer new` takes for it.
            pub fn new_name(self) -> &'static str {
                match self { $( Kind::$variant => $new, )* }
            }

            /// What `localoffer new --help` says of it.
            pub fn help(self) -> &'static str {
                match self { $( Kind::$variant => $doc.trim().trim_end_matches('.'), )* }
            }

            /// The start every URL of this kind shares: `/faqs/`, `/jargon/#`.
            pub(crate) fn url_prefix(self) -> &'static str {
                let url: &'static str = match self { $( Kind::$variant => $url, )* };
                url.split_once("{slug}").map_or(url, |(prefix, _)| prefix)
            }

            /// The URL the file at `rel` (inside `content/`) is built at, from its
            /// path alone, so links to a file whose front matter is broken still
            /// resolve; `_index.md` is the home page, `/`.
            pub(crate) fn url_for(self, rel: &str) -> String {
                if rel == "_index.md" {
                    return "/".to_owned();
                }
                let stem = rel.rsplit('/').next().unwrap_or(rel).trim_end_matches(".md");
                let slug = slugify(stem);
                match self { $( Kind::$variant => format!($url, slug = slug), )* }
            }

            /// The file name `localoffer new` writes for `slug`, and its starter text.
            pub(crate) fn starter(
                self,
                slug: &str,
                title: &str,
                shared: &str,
                today: jiff::civil::Date,
            ) -> (String, String) {
                match self {
                    $( Kind::$variant => (
                        <$module::$front as KindRules>::new_file_name(slug, today),
                        starter_text(
                            include_str!(concat!("starters/", stringify!($module), ".md")),
                            title,
                            shared,
                            today,
                        ),
                    ), )*
                }
            }
        }

        /// A file's front matter, parsed into its kind's struct.
        pub(crate) enum Front {
            $( $variant($module::$front), )*
        }

        /// One rendered file, before the site is assembled. Shared with watch
        /// mode's cache (see [`super::cache`]), so a rebuild hands the site the
        /// files it kept without copying their text.
        #[derive(Clone)]
        #[allow(clippy::large_enum_variant)]
        pub(crate) enum Built {
            $( $variant(std::sync::Arc<$module::$built>), )*
        }

        impl Front {
            fn parse(kind: Kind, file: &SourceFile, split: &Split) -> Result<Front, Diagnostic> {
                Ok(match kind {
                    $( Kind::$variant => Front::$variant(front_matter::parse(
                        file,
                        split,
                        $article,
                        $module::$front::FIELDS,
                    )?), )*
                })
            }

            fn kind(&self) -> Kind {
                match self { $( Front::$variant(_) => Kind::$variant, )* }
            }

            fn shared(&self) -> &dyn SharedFields {
                match self { $( Front::$variant(f) => f, )* }
            }

            fn meta(&self) -> super::Meta {
                match self { $( Front::$variant(f) => <$module::$front as KindRules>::meta(f), )* }
            }

            fn title(&self) -> &str {
                match self { $( Front::$variant(f) => &f.$title, )* }
            }

            fn build(&self, input: &Input<'_>, d: &mut Vec<Diagnostic>) -> Built {
                match self {
                    $( Front::$variant(f) => Built::$variant(std::sync::Arc::new(BuildFrom::build(f, input, d))), )*
                }
            }
        }

        impl Built {
            /// Puts this file where its kind goes in `site`.
            pub(crate) fn add_to(self, site: &mut Site) {
                match self { $( Built::$variant(b) => site.$list.push(b), )* }
            }

            /// Puts this file in `site` in the place of `old` (the very one, not
            /// a copy), when both are of one kind and sort alike, so the site's
            /// order is what sorting it again would give. Whether it did.
            pub(crate) fn replace_in(self, old: &Built, site: &mut Site) -> bool {
                match (self, old) {
                    $( (Built::$variant(new), Built::$variant(old)) => {
                        if new.url != old.url || new.$by != old.$by {
                            return false;
                        }
                        match site.$list.iter().position(|b| std::sync::Arc::ptr_eq(b, old)) {
                            Some(i) => {
                                site.$list[i] = new;
                                true
                            }
                            None => false,
                        }
                    } )*
                    #[allow(unreachable_patterns)]
                    _ => false,
                }
            }
        }

        /// Calls the macro `callback` with the module name of every kind, in the
        /// table's order, for the places outside `content/` that keep a module per
        /// kind under the same name (`render/pages/`).
        macro_rules! each_kind {
            ($d callback:ident) => {
                $d callback!($($module),*);
            };
        }
        pub(crate) use each_kind;

        /// What every page of `site` gives the search index, kind by kind.
        pub fn search_entries(site: &Site) -> Vec<SearchEntry<'_>> {
            let mut out = Vec::new();
            $(
                <$module::$front as KindRules>::leading_search_entries(site, &mut out);
                for file in &site.$list {
                    file.search_entries(&mut out);
                }
            )*
            out
        }

        /// The filters search results of `site` can be narrowed by, kind by kind.
        pub fn search_filters(site: &Site) -> Vec<SearchFilter> {
            let mut out = Vec::new();
            $( out.extend(<$module::$front as KindRules>::search_filters(site)); )*
            out
        }
    };
}

kinds! {
    $
    /// A page of questions and answers, in content/faqs/.
    Faq(faq) {
        folder: "faqs",
        name: "faq",
        new: "faq",
        article: "an FAQ page",
        label: "Questions and answers",
        result: "Question and answer",
        url: "/faqs/{slug}/",
        front: FaqFront,
        built: FaqPage,
        title: title,
        list: faqs,
        order: alphabetical(title),
        rules: default,
    }
    /// A step-by-step guide, in content/guides/.
    Guide(guides) {
        folder: "guides",
        name: "guide",
        new: "guide",
        article: "a guide",
        label: "Step-by-step guides",
        result: "Step-by-step guide",
        url: "/guides/{slug}/",
        front: GuideFront,
        built: Guide,
        title: title,
        list: guides,
        order: alphabetical(title),
        rules: default,
    }
    /// A jargon buster term, in content/jargon/.
    Jargon(jargon) {
        folder: "jargon",
        name: "jargon",
        new: "jargon",
        article: "a jargon term",
        label: "Jargon buster",
        result: "Jargon buster",
        url: "/jargon/#{slug}",
        front: JargonFront,
        built: Term,
        title: term,
        list: terms,
        order: alphabetical(term),
        rules: default,
    }
    /// A team or role group, in content/team/.
    Team(team) {
        folder: "team",
        name: "team",
        new: "team",
        article: "a team page",
        label: "Teams",
        result: "Team",
        url: "/team/{slug}/",
        front: TeamFront,
        built: Team,
        title: name,
        list: teams,
        order: arranged(name),
        rules: default,
    }
    /// A performance snapshot, in content/performance/.
    Performance(performance) {
        folder: "performance",
        name: "performance",
        new: "snapshot",
        article: "a performance snapshot",
        label: "Performance",
        result: "Performance",
        url: "/performance/{slug}/",
        front: SnapshotFront,
        built: Snapshot,
        title: title,
        list: snapshots,
        order: newest(published),
        rules: default,
    }
    /// A News Splash or newsletter post, in content/news/.
    News(news) {
        folder: "news",
        name: "news",
        new: "news",
        article: "a news post",
        label: "News",
        result: "News",
        url: "/news/{slug}/",
        front: NewsFront,
        built: Post,
        title: title,
        list: news,
        order: newest(date),
        rules: own,
    }
    /// What parents and young people said and what the council did, in content/you-said-we-did/.
    Feedback(feedback) {
        folder: "you-said-we-did",
        name: "feedback",
        new: "you-said-we-did",
        article: "a \"You said, we did\" page",
        label: "You said, we did",
        result: "You said, we did",
        url: "/you-said-we-did/{slug}/",
        front: FeedbackFront,
        built: FeedbackPage,
        title: title,
        list: feedback,
        order: newest(date),
        rules: default,
    }
    /// A service of the directory, in content/services/.
    Service(services) {
        folder: "services",
        name: "service",
        new: "service",
        article: "a service",
        label: "Services",
        result: "Service",
        url: "/services/{slug}/",
        front: ServiceFront,
        built: Service,
        title: title,
        list: services,
        order: alphabetical(title),
        rules: own,
    }
    /// An organisation that runs services, in content/organisations/.
    Organisation(organisations) {
        folder: "organisations",
        name: "organisation",
        new: "organisation",
        article: "an organisation",
        label: "Organisations",
        result: "Organisation",
        url: "/organisations/{slug}/",
        front: OrganisationFront,
        built: Organisation,
        title: title,
        list: organisations,
        order: alphabetical(title),
        rules: default,
    }
    /// A plain page, in content/pages/ (content/_index.md is the home page).
    Page(page) {
        folder: "pages",
        name: "page",
        new: "page",
        article: "a page",
        label: "Pages",
        result: "Page",
        url: "/{slug}/",
        front: PageFront,
        built: Page,
        title: title,
        list: pages,
        order: alphabetical(title),
        rules: own,
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl serde::Serialize for Kind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

/// A file whose front matter has been read.
pub(crate) struct Loaded {
    pub(crate) file: SourceFile,
    pub(crate) split: Split,
    pub(crate) front: Front,
    /// Its URL and slug, worked out once (watch mode keeps a `Loaded` from one
    /// rebuild to the next while its file is unchanged).
    address: std::sync::OnceLock<(String, String)>,
}

impl Loaded {
    pub(crate) fn kind(&self) -> Kind {
        self.front.kind()
    }

    /// The URL its kind gives it and the slug of its file name (empty when the
    /// name has no letters or digits).
    pub(crate) fn address(&self) -> (&str, &str) {
        let (url, slug) = self.address.get_or_init(|| {
            (
                self.kind().url_for(&self.file.rel),
                slugify(self.file.stem()),
            )
        });
        (url, slug)
    }

    /// The moment this file is taken off the site, if it has an `expires` date.
    pub(crate) fn expires_at(&self) -> Option<jiff::civil::DateTime> {
        self.front
            .shared()
            .expires()
            .map(|d| d.0.to_datetime(jiff::civil::Time::midnight()))
    }

    /// Whether the file is on the site at `now`: not a post due later, not a page
    /// past its `expires` date.
    pub(crate) fn is_live(&self, now: jiff::civil::DateTime) -> bool {
        let published = match &self.front {
            Front::News(n) => n.is_published(now),
            _ => true,
        };
        published && self.expires_at().is_none_or(|at| at > now)
    }

    /// The fields every kind shares.
    pub(crate) fn meta(&self) -> super::Meta {
        self.front.meta()
    }

    /// A short name for messages: the title, or the file.
    pub(crate) fn title(&self) -> String {
        self.front.title().to_owned()
    }
}

pub(crate) fn read_front_matter(
    root: &Path,
    content_dir: &Path,
    rel: &str,
) -> Result<Loaded, Diagnostic> {
    parse_front_matter(SourceFile::read(root, content_dir, rel)?)
}

/// Splits and parses the front matter of `file` into its kind's struct.
pub(crate) fn parse_front_matter(file: SourceFile) -> Result<Loaded, Diagnostic> {
    let split = front_matter::split(&file)?;
    let kind = Kind::of(&file.rel).unwrap_or(Kind::Page);
    let front = Front::parse(kind, &file, &split)?;
    Ok(Loaded {
        file,
        split,
        front,
        address: std::sync::OnceLock::new(),
    })
}

/// What building one file's body reads besides the file.
pub(crate) struct Input<'a> {
    pub(crate) file: &'a SourceFile,
    pub(crate) split: &'a Split,
    /// Where the page is (a `#anchor` of its kind's page for a jargon term).
    pub(crate) url: String,
    /// The file name as a URL part: `contact-us`.
    pub(crate) slug: String,
    /// Links, jargon, raw HTML and `#anchor` notes for the Markdown.
    pub(crate) cx: &'a Context<'a>,
    /// The names other files are known by.
    pub(crate) names: &'a Names<'a>,
    /// The moment the site is built for.
    pub(crate) now: jiff::civil::DateTime,
}

impl<'a> Input<'a> {
    /// The body's Markdown events, with links resolved, heading ids set and
    /// jargon linked (never to `skip_term`, a term's own id).
    pub(crate) fn body_events(
        &self,
        skip_term: Option<&str>,
        d: &mut Vec<Diagnostic>,
    ) -> Vec<crate::markdown::Spanned<'a>> {
        let mut page = crate::markdown::PageState::default();
        crate::markdown::parse(
            self.file,
            self.split.body.clone(),
            self.cx,
            &mut page,
            skip_term,
            d,
        )
    }
}

/// Each jargon file's id and its term (`None` if its front matter is broken),
/// borrowed from the loaded files where it can be.
pub(crate) type TermNames<'a> = FxHashMap<std::borrow::Cow<'a, str>, Option<&'a str>>;

/// The id (file name as a URL part) of every file whose front matter was read,
/// by kind.
pub(crate) type Ids<'a> = FxHashMap<Kind, FxHashSet<&'a str>>;

/// The names other files are known by, for front matter that points at them.
pub(crate) struct Names<'a> {
    /// Each jargon file's id and its term (`None` if its front matter is broken).
    pub(crate) terms: &'a TermNames<'a>,
    /// The id (file name as a URL part) of every file whose front matter was read,
    /// by kind.
    pub(crate) ids: &'a Ids<'a>,
    /// The directory's categories (`[directory]` in `site.toml`).
    pub(crate) categories: &'a [String],
}

impl Names<'_> {
    /// The ids of the files of `kind`.
    pub(crate) fn ids_of(&self, kind: Kind) -> impl Iterator<Item = &str> {
        self.ids.get(&kind).into_iter().flatten().copied()
    }

    /// Whether a file of `kind` has the id `id`.
    pub(crate) fn has(&self, kind: Kind, id: &str) -> bool {
        self.ids.get(&kind).is_some_and(|ids| ids.contains(id))
    }
}

/// Renders the body of `l` into its kind's built form; `None` for a file that has no
/// URL (its problem is reported already).
pub(crate) fn build_one(
    l: &Loaded,
    cx: &Context<'_>,
    names: &Names<'_>,
    now: jiff::civil::DateTime,
    d: &mut Vec<Diagnostic>,
) -> Option<Built> {
    let file = &l.file;
    let input = Input {
        file,
        split: &l.split,
        url: cx.links.url_of(&file.rel)?.to_owned(),
        slug: slugify(file.stem()),
        cx,
        names,
        now,
    };
    check_covers(l.front.shared().covers(), &input, d);
    Some(l.front.build(&input, d))
}

/// Each `covers:` item must be one the law has ([`super::schedule2`]).
fn check_covers(covers: &[String], input: &Input<'_>, d: &mut Vec<Diagnostic>) {
    for item in covers {
        if super::schedule2::find(item).is_some() {
            continue;
        }
        let help = match super::schedule2::suggest(item) {
            Some(key) => format!("did you mean `{key}`? `localoffer check --coverage` lists them all"),
            None => "use a name or Schedule 2 paragraph that `localoffer check --coverage` lists, such as `travel` or `5(d)`".to_owned(),
        };
        d.push(
            input
                .file
                .error(format!(
                    "covers names `{item}`, which is not in the law's list for a Local Offer"
                ))
                .at(&input.file.text, find_text(input.file, item, input.split))
                .help(help),
        );
    }
}

/// The span of `needle` inside the front matter, or the start of the front matter.
pub(crate) fn find_text(file: &SourceFile, needle: &str, split: &Split) -> std::ops::Range<usize> {
    file.text[split.yaml.clone()]
        .find(needle)
        .map_or(split.yaml.start..split.yaml.start, |i| {
            split.yaml.start + i..split.yaml.start + i + needle.len()
        })
}

pub(crate) fn nearest_help<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> String {
    let all: Vec<&str> = candidates.collect();
    match crate::util::names::nearest(name, &all) {
        Some(n) => format!("did you mean `{n}`?"),
        None => "check the spelling: use the file name without `.md`".to_owned(),
    }
}

/// What one page, or one part of a page (a question, a term, a dataset), gives the
/// search index. Each kind says what its pages give (`search_entries`).
#[derive(Debug, Hash)]
pub struct SearchEntry<'a> {
    /// The title: the question, the term, the page's title.
    pub title: Cow<'a, str>,
    /// Words that stand above the text: the subject of a question, a term's full
    /// form and aliases.
    pub headings: Cow<'a, str>,
    /// The text.
    pub body: Cow<'a, str>,
    /// The kind of content.
    pub kind: Kind,
    /// Where it is, with an `#anchor` for part of a page.
    pub url: Cow<'a, str>,
    /// When it was published, `YYYY-MM-DD`, for dated kinds.
    pub date: Option<String>,
    /// What filters find it by, each `filter:value` (`category:short-breaks`,
    /// `age:9`): see [`SearchFilter`].
    pub tags: Vec<String>,
}

/// A way search results can be narrowed, offered by the kind whose entries carry
/// its tags (the directory's categories, areas of need, ages, days and cost). A
/// search for `name=value` finds the entries tagged `name:value`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SearchFilter {
    /// Its name in URLs: `category`.
    pub name: String,
    /// What the results page calls it: `Type of service`.
    pub label: String,
    /// The values it takes, each counted as a facet.
    pub values: Vec<FilterValue>,
    /// The whole numbers it also takes (`age=9`), youngest and oldest, if any.
    #[serde(default)]
    pub numbers: Option<(u32, u32)>,
}

impl SearchFilter {
    /// Whether `tag` is one of this filter's (`age:9` is the age filter's).
    pub fn holds(&self, tag: &str) -> bool {
        self.value_in(tag).is_some()
    }

    /// The value `tag` gives this filter (`9` of `age:9`), if it is one of its.
    pub fn value_in<'t>(&self, tag: &'t str) -> Option<&'t str> {
        tag.strip_prefix(self.name.as_str())?.strip_prefix(':')
    }

    /// The filter as a search form offers it: `asked` is the value asked for, as
    /// typed; `counted`, when a search counted them, each value's count and whether
    /// it was asked for, in the order of [`SearchFilter::values`].
    pub fn view(&self, asked: &str, counted: Option<&[(usize, bool)]>) -> FilterView {
        let options = self
            .values
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let found = counted.map(|c| c.get(i).copied().unwrap_or((0, false)));
                OptionView {
                    value: v.value.clone(),
                    label: v.label.clone(),
                    count: found.map(|(n, _)| n),
                    selected: found.is_some_and(|(_, s)| s)
                        || asked.trim().eq_ignore_ascii_case(&v.value),
                }
            })
            .collect();
        FilterView {
            name: self.name.clone(),
            label: self.label.clone(),
            control: match (self.numbers, self.values.len()) {
                (Some(_), _) => "number",
                (None, 1) => "checkbox",
                _ => "select",
            },
            value: asked.trim().to_owned(),
            options,
        }
    }
}

/// A [`SearchFilter`] as a form shows it (the theme's `filter_fields` component).
#[derive(Debug, Clone, serde::Serialize)]
pub struct FilterView {
    /// The field's name: `category`.
    pub name: String,
    /// Its label.
    pub label: String,
    /// `number` (a text box for a whole number or a value), `checkbox` (a filter
    /// with one value) or `select`.
    pub control: &'static str,
    /// The value asked for, as typed.
    pub value: String,
    /// Its values.
    pub options: Vec<OptionView>,
}

/// One value in a [`FilterView`].
#[derive(Debug, Clone, serde::Serialize)]
pub struct OptionView {
    /// As the URL writes it.
    pub value: String,
    /// As shown.
    pub label: String,
    /// How many results have it, when a search counted them.
    pub count: Option<usize>,
    /// Whether it was asked for.
    pub selected: bool,
}

/// One value of a [`SearchFilter`].
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FilterValue {
    /// As URLs and tags write it: `short-breaks`.
    pub value: String,
    /// As shown: `Short breaks`.
    pub label: String,
    /// Other ways people write it (`semh`), as slugs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
}

impl<'a> SearchEntry<'a> {
    /// A whole page with no headings or date.
    pub(crate) fn whole_page(title: &'a str, url: &'a str, body: Cow<'a, str>, kind: Kind) -> Self {
        SearchEntry {
            title: Cow::Borrowed(title),
            headings: Cow::Borrowed(""),
            body,
            kind,
            url: Cow::Borrowed(url),
            date: None,
            tags: Vec::new(),
        }
    }
}

/// The non-empty `parts` joined with spaces.
pub(crate) fn join<'a>(parts: &[&str]) -> Cow<'a, str> {
    Cow::Owned(
        parts
            .iter()
            .filter(|p| !p.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" "),
    )
}
