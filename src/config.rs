//! `site.toml`: the site's settings.

use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::diagnostics::Diagnostic;
pub use crate::sanitise::HtmlConfig;

/// The name of the settings file at the site root.
pub const FILE_NAME: &str = "site.toml";

/// Everything `site.toml` holds.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The site's name, shown in the header and page titles.
    pub title: String,
    /// One sentence about the site, for search engines and the home page.
    #[serde(default)]
    pub description: String,
    /// Where the site is published, for absolute links (feeds, sitemaps, emails).
    pub base_url: String,
    /// The language of the content, as a BCP 47 tag (`en-GB`).
    #[serde(default = "default_language")]
    pub language: String,
    /// The theme folder under `themes/`.
    #[serde(default = "default_theme")]
    pub theme: String,
    /// The time zone that dates and times in front matter are on: a post scheduled
    /// for 09:00 goes live at 09:00 there. An IANA name, `Europe/London` unless set.
    #[serde(default = "default_timezone")]
    pub timezone: String,
    /// How many posts a news listing shows on one page.
    #[serde(default = "default_posts_per_page")]
    pub posts_per_page: usize,
    /// Who runs the site and how to reach them.
    pub organisation: Organisation,
    /// Search settings: extra synonyms and best bets.
    #[serde(default)]
    pub search: SearchConfig,
    /// What raw HTML in Markdown may contain beyond the safe defaults.
    #[serde(default)]
    pub html: HtmlConfig,
    /// The theme's main colours.
    #[serde(default)]
    pub colours: Colours,
    /// The directory of services: its categories.
    #[serde(default)]
    pub directory: DirectoryConfig,
    /// What `check` warns about in the words of pages.
    #[serde(default)]
    pub plain_english: PlainEnglish,
    /// The icon browsers show in tabs and bookmarks: a file under `content/`, as
    /// its address on the site (`/images/council-icon.png`). The theme's own icon
    /// (`/static/favicon.svg`) unless set.
    #[serde(default)]
    pub favicon: Option<String>,
}

impl Default for SearchConfig {
    fn default() -> Self {
        SearchConfig {
            everyday_words: true,
            synonyms: Vec::new(),
            best_bets: Vec::new(),
        }
    }
}

fn yes() -> bool {
    true
}

/// `[plain_english]` in `site.toml`: what `check` warns about in the words of
/// pages. GOV.UK's style guide is the anchor for each default.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct PlainEnglish {
    /// The most words a sentence should have.
    pub sentence_words: usize,
    /// Words and phrases to avoid, each with what to write instead (empty: say
    /// what you mean). Setting it replaces the whole default list.
    pub avoid: std::collections::BTreeMap<String, String>,
    /// Acronyms everyone knows, which need no explaining.
    pub known_acronyms: Vec<String>,
}

impl Default for PlainEnglish {
    fn default() -> Self {
        let avoid = [
            ("collaborate", "work with"),
            ("commence", "start"),
            ("deploy", "use"),
            ("disincentivise", ""),
            ("empower", "let, or help"),
            ("facilitate", "help, or run"),
            ("going forward", "from now on, or in future"),
            ("in order to", "to"),
            ("incentivise", ""),
            ("initiate", "start"),
            ("leverage", "use"),
            ("liaise", "work with, or talk to"),
            ("overarching", ""),
            ("robust", "strong, or thorough"),
            ("streamline", "simplify"),
            ("utilise", "use"),
        ];
        PlainEnglish {
            sentence_words: 25,
            avoid: avoid
                .into_iter()
                .map(|(a, b)| (a.to_owned(), b.to_owned()))
                .collect(),
            known_acronyms: ["UK", "NHS", "GOV", "PDF", "FAQ", "FAQs", "BBC", "TV"]
                .map(str::to_owned)
                .to_vec(),
        }
    }
}

/// `[colours]` in `site.toml`: the default theme's main colours, written `#rrggbb`.
/// `build` writes them to `/static/colours.css` as CSS custom properties; `check`
/// warns when one is hard to read against its background.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Colours {
    /// Body text, on `background`.
    pub text: Colour,
    /// The page background.
    pub background: Colour,
    /// Links, on `background`.
    pub link: Colour,
    /// The header's background, under white text.
    pub brand: Colour,
}

impl Default for Colours {
    fn default() -> Self {
        Colours {
            text: Colour(0x0b, 0x0c, 0x0c),
            background: Colour(0xff, 0xff, 0xff),
            link: Colour(0x1d, 0x70, 0xb8),
            brand: Colour(0x0b, 0x0c, 0x0c),
        }
    }
}

impl Colours {
    /// The colours as CSS custom properties, for `/static/colours.css`.
    pub fn css(&self) -> String {
        format!(
            ":root {{ --lo-text: {}; --lo-background: {}; --lo-link: {}; --lo-brand: {}; }}\n",
            self.text, self.background, self.link, self.brand
        )
    }
}

/// A colour written `#rrggbb` or `#rgb`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Colour(pub u8, pub u8, pub u8);

/// White, the header's text colour.
pub const WHITE: Colour = Colour(0xff, 0xff, 0xff);

impl Colour {
    /// WCAG 2 relative luminance.
    fn luminance(self) -> f64 {
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(self.0) + 0.7152 * channel(self.1) + 0.0722 * channel(self.2)
    }

    /// The WCAG 2 contrast ratio between two colours, from 1 to 21.
    pub fn contrast(self, other: Colour) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        let (hi, lo) = if a > b { (a, b) } else { (b, a) };
        (hi + 0.05) / (lo + 0.05)
    }
}

impl std::fmt::Display for Colour {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

impl std::str::FromStr for Colour {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || {
            format!(
                "`{s}` is not a colour: write it as # and six hex digits, for example \"#1d70b8\""
            )
        };
        let hex = s.trim().strip_prefix('#').ok_or_else(bad)?;
        if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(bad());
        }
        let digit =
            |i: usize, len: usize| u8::from_str_radix(&hex[i..i + len], 16).map_err(|_| bad());
        match hex.len() {
            6 => Ok(Colour(digit(0, 2)?, digit(2, 2)?, digit(4, 2)?)),
            3 => Ok(Colour(
                digit(0, 1)? * 17,
                digit(1, 1)? * 17,
                digit(2, 1)? * 17,
            )),
            _ => Err(bad()),
        }
    }
}

impl<'de> Deserialize<'de> for Colour {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

impl Serialize for Colour {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

/// `[directory]` in `site.toml`: the directory of services.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct DirectoryConfig {
    /// The categories a service may be in (its `categories`), in the order the
    /// directory's front page lists them.
    pub categories: Vec<String>,
    /// How many services a directory listing shows on one page.
    pub per_page: usize,
}

impl Default for DirectoryConfig {
    fn default() -> Self {
        DirectoryConfig {
            categories: [
                "Education",
                "Health",
                "Social care",
                "Short breaks",
                "Leisure and activities",
                "Transport",
                "Advice and support",
                "Preparing for adulthood",
            ]
            .map(str::to_owned)
            .to_vec(),
            per_page: 20,
        }
    }
}

/// `[search]` in `site.toml`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SearchConfig {
    /// Whether the built-in groups of everyday words (school bus and transport,
    /// respite and short breaks, late and timeliness...) find each other.
    #[serde(default = "yes")]
    pub everyday_words: bool,
    /// Groups of words and phrases that mean the same; each finds the others. The
    /// jargon buster's terms, `stands_for` and aliases are added automatically.
    #[serde(default)]
    pub synonyms: Vec<Vec<String>>,
    /// Pages pinned to the top of the results for a query.
    #[serde(default)]
    pub best_bets: Vec<BestBet>,
}

/// One `[[search.best_bets]]` entry.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct BestBet {
    /// The query, as a person types it (matched ignoring case and punctuation).
    pub query: String,
    /// The site-relative URL of the page to show first, `#anchor` allowed.
    pub url: String,
}

/// The organisation behind the site.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    /// The organisation's name: `Swindon Borough Council`.
    pub name: String,
    /// The service within it that runs the site: `SEND Service`.
    #[serde(default)]
    pub service: String,
    /// The main contact email address.
    #[serde(default)]
    pub email: Option<String>,
    /// The main contact telephone number.
    #[serde(default)]
    pub phone: Option<String>,
    /// The postal address, one line per entry.
    #[serde(default)]
    pub address: Vec<String>,
}

fn default_language() -> String {
    "en-GB".to_owned()
}

fn default_theme() -> String {
    "default".to_owned()
}

fn default_timezone() -> String {
    "Europe/London".to_owned()
}

fn default_posts_per_page() -> usize {
    10
}

impl Config {
    /// Reads and checks `site.toml` in `root`.
    pub fn load(root: &Path) -> Result<Config, Diagnostic> {
        let path = root.join(FILE_NAME);
        let text = std::fs::read_to_string(&path).map_err(|e| {
            Diagnostic::error(FILE_NAME, format!("cannot read {FILE_NAME}: {e}")).help(
                "run localoffer in the site's folder, or point --root at the folder that holds site.toml",
            )
        })?;
        Config::parse(&text)
    }

    /// Parses the text of `site.toml`.
    pub fn parse(text: &str) -> Result<Config, Diagnostic> {
        let config: Config = toml::from_str(text).map_err(|e| {
            let source: Arc<str> = Arc::from(text);
            let message = e.message().trim().to_owned();
            let mut d = Diagnostic::error(FILE_NAME, message.clone());
            if let Some(span) = e.span() {
                d = d.at(&source, span);
            }
            d.help(config_help(&message))
        })?;
        config.base_url_checked()?;
        config.zone_checked(text)?;
        if let Some(problem) = crate::sanitise::check(&config.html).into_iter().next() {
            return Err(Diagnostic::error(FILE_NAME, problem)
                .at(&Arc::from(text), find(text, "[html]"))
                .help("see docs/configuration.md: [html] may allow embeds and harmless markup, never script"));
        }
        if config.posts_per_page == 0 {
            return Err(Diagnostic::error(FILE_NAME, "posts_per_page is 0")
                .at(&Arc::from(text), find(text, "posts_per_page"))
                .help("set posts_per_page to 1 or more, or remove it to show 10 posts a page"));
        }
        Ok(config)
    }

    fn base_url_checked(&self) -> Result<(), Diagnostic> {
        if self.base_url.starts_with("http://") || self.base_url.starts_with("https://") {
            Ok(())
        } else {
            Err(
                Diagnostic::error(FILE_NAME, format!("base_url `{}` is not a web address", self.base_url))
                    .help("write the full address the site is published at, for example base_url = \"https://localoffer.example.gov.uk\""),
            )
        }
    }

    fn zone_checked(&self, text: &str) -> Result<(), Diagnostic> {
        match jiff::tz::TimeZone::get(&self.timezone) {
            Ok(_) => Ok(()),
            Err(_) => Err(Diagnostic::error(
                FILE_NAME,
                format!("timezone `{}` is not a time zone name", self.timezone),
            )
            .at(&Arc::from(text), find(text, &self.timezone))
            .help("write an IANA time zone name, for example timezone = \"Europe/London\"")),
        }
    }

    /// The site's time zone (checked when the file was read).
    pub fn zone(&self) -> jiff::tz::TimeZone {
        jiff::tz::TimeZone::get(&self.timezone).unwrap_or(jiff::tz::TimeZone::UTC)
    }

    /// `base_url` without a trailing slash, ready to have a site path appended.
    pub fn base(&self) -> &str {
        self.base_url.trim_end_matches('/')
    }
}

/// The span of the first `needle` in `text`, or an empty span at the start.
fn find(text: &str, needle: &str) -> std::ops::Range<usize> {
    text.find(needle).map_or(0..0, |i| i..i + needle.len())
}

fn config_help(message: &str) -> String {
    const FIELDS: &[&str] = &[
        "search",
        "synonyms",
        "best_bets",
        "query",
        "url",
        "title",
        "description",
        "base_url",
        "language",
        "theme",
        "timezone",
        "posts_per_page",
        "favicon",
        "organisation",
        "html",
        "iframe_hosts",
        "extra_tags",
        "extra_attributes",
        "colours",
        "text",
        "background",
        "link",
        "brand",
    ];
    const ORG_FIELDS: &[&str] = &["name", "service", "email", "phone", "address"];
    if let Some(field) = crate::content::front_matter::unknown_field_name(message) {
        let nearest = crate::util::names::nearest(field, FIELDS)
            .or_else(|| crate::util::names::nearest(field, ORG_FIELDS));
        if let Some(n) = nearest {
            return format!("did you mean `{n}`?");
        }
    }
    "see docs/configuration.md for every setting site.toml takes".to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
title = "Local Offer"
base_url = "https://example.org/"
[organisation]
name = "A council"
"#;

    #[test]
    fn a_minimal_file_loads_with_defaults() {
        let c = Config::parse(GOOD).unwrap();
        assert_eq!(c.theme, "default");
        assert_eq!(c.language, "en-GB");
        assert_eq!(c.base(), "https://example.org");
    }

    #[test]
    fn contrast_ratios_follow_wcag() {
        let black: Colour = "#000".parse().unwrap();
        assert!((black.contrast(WHITE) - 21.0).abs() < 0.01);
        let grey: Colour = "#767676".parse().unwrap();
        assert!((grey.contrast(WHITE) - 4.54).abs() < 0.01);
        assert!("1d70b8".parse::<Colour>().is_err());
    }

    #[test]
    fn a_mistyped_setting_names_its_line_and_the_nearest_setting() {
        let text = GOOD.replace("title =", "titel =");
        let d = Config::parse(&text).unwrap_err();
        assert_eq!(d.line, 2);
        assert!(d.message.contains("titel"), "{}", d.message);
        assert_eq!(d.help.as_deref(), Some("did you mean `title`?"));
    }
}
