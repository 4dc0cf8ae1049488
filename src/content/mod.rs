//! Loading and validating `content/` into the typed, cross-linked [`Site`].
//!
//! One pass reads every file, parses its front matter into the struct of its kind
//! (decided by its top folder), renders its Markdown with links resolved, and
//! collects every problem as a [`Diagnostic`]. After loading, the `Site` is valid:
//! rendering and indexing read it and never the files again.

mod bodies;
pub mod cache;
mod edited;
pub mod front_matter;
pub mod kinds;
pub mod schedule2;
pub mod site;
pub mod source;

pub use kinds::{
    Kind, SearchEntry, faq, feedback, jargon, news, organisations, page, performance, services,
    team,
};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub use site::Site;

/// A calendar date written `YYYY-MM-DD` in front matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub jiff::civil::Date);

impl Date {
    /// `29 June 2022`, the GOV.UK style. Written out by hand: every page of a
    /// large site shows a date or two, and `strftime` took 2-3% of a watch-mode
    /// rebuild.
    pub fn long(&self) -> String {
        const MONTHS: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        let d = self.0;
        let month = MONTHS[usize::from(d.month().unsigned_abs()).clamp(1, 12) - 1];
        let mut out = String::with_capacity(18);
        let day = d.day().unsigned_abs();
        push_digits(&mut out, day.into(), if day < 10 { 1 } else { 2 });
        out.push(' ');
        out.push_str(month);
        out.push(' ');
        push_digits(&mut out, d.year().unsigned_abs(), 4);
        out
    }

    /// `2022-06-29`.
    pub fn iso(&self) -> String {
        let mut out = String::with_capacity(10);
        self.push_iso(&mut out);
        out
    }

    /// [`Date::iso`], onto the end of `out` (the sitemap writes thousands).
    pub fn push_iso(&self, out: &mut String) {
        let d = self.0;
        push_digits(out, d.year().unsigned_abs(), 4);
        out.push('-');
        push_digits(out, d.month().unsigned_abs().into(), 2);
        out.push('-');
        push_digits(out, d.day().unsigned_abs().into(), 2);
    }
}

/// The last `width` decimal digits of `n`, zeros in front: a date's parts, which
/// `YYYY-MM-DD` front matter keeps to four digits and fewer.
fn push_digits(out: &mut String, n: u16, width: u32) {
    for place in (0..width).rev() {
        let digit = (n / 10u16.pow(place)) % 10;
        out.push(char::from(b'0' + digit as u8));
    }
}

impl std::str::FromStr for Date {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        let bad =
            || format!("invalid date `{s}`: write dates as YYYY-MM-DD, for example 2022-06-29");
        if s.len() != 10 {
            return Err(bad());
        }
        s.parse::<jiff::civil::Date>().map(Date).map_err(|_| bad())
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.iso())
    }
}

/// A date with an optional time, `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM`, in UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct DateTime(pub jiff::civil::DateTime);

impl<'de> Deserialize<'de> for DateTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        let s = s.trim();
        if let Ok(date) = s.parse::<Date>() {
            return Ok(DateTime(date.0.to_datetime(jiff::civil::Time::midnight())));
        }
        s.replace(' ', "T")
            .parse::<jiff::civil::DateTime>()
            .map(DateTime)
            .map_err(|_| {
                serde::de::Error::custom(format!(
                    "invalid date `{s}`: write YYYY-MM-DD or YYYY-MM-DDTHH:MM, for example 2022-06-29T09:00"
                ))
            })
    }
}

/// Fields every page may carry, whatever its kind (read by themselves, other
/// fields ignored, for `check`).
#[derive(Debug, Clone, Default, Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Meta {
    /// One sentence that describes the page.
    pub description: Option<String>,
    /// When the page was last checked or changed.
    pub updated: Option<Date>,
    /// When someone should check the page again.
    pub review_by: Option<Date>,
    /// The team or person responsible for the page.
    pub owner: Option<String>,
    /// After this day the page is left out of the site (unless built with `--drafts`).
    pub expires: Option<Date>,
    /// What of the law's list for a Local Offer it gives (`covers:`), as written.
    pub covers: Vec<String>,
}

/// What every kind's front matter has (see [`front_matter_struct!`]).
pub trait SharedFields {
    /// The fields every kind shares.
    fn meta(&self) -> Meta;
    /// After this day the page is left out of the site.
    fn expires(&self) -> Option<Date>;
    /// Its `covers:` list, as written.
    fn covers(&self) -> &[String];
}

/// The names of the fields in [`Meta`], for typo suggestions.
pub const META_FIELDS: &[&str] = &[
    "description",
    "updated",
    "review_by",
    "owner",
    "expires",
    "covers",
];

/// Declares a front-matter struct with the fields every kind shares added, unknown
/// fields refused, and a `meta()` accessor. (serde's `flatten` cannot be combined
/// with `deny_unknown_fields`, so the shared fields are spelled into each struct.)
macro_rules! front_matter_struct {
    (
        $(#[$attr:meta])*
        pub struct $name:ident { $( $(#[$fattr:meta])* pub $field:ident : $ty:ty, )* }
    ) => {
        $(#[$attr])*
        #[derive(Debug, Clone, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            $( $(#[$fattr])* pub $field: $ty, )*
            /// One sentence that describes the page.
            #[serde(default)]
            pub description: Option<String>,
            /// When the page was last checked or changed.
            #[serde(default)]
            pub updated: Option<$crate::content::Date>,
            /// When someone should check the page again.
            #[serde(default)]
            pub review_by: Option<$crate::content::Date>,
            /// The team or person responsible for the page.
            #[serde(default)]
            pub owner: Option<String>,
            /// After this day the page is left out of the site.
            #[serde(default)]
            pub expires: Option<$crate::content::Date>,
            /// What the law asks a Local Offer to contain that this file gives:
            /// keys or paragraphs of [`crate::content::schedule2`].
            #[serde(default)]
            pub covers: Vec<String>,
        }

        impl $name {
            /// Every field this front matter takes, for messages.
            pub const FIELDS: &'static [&'static str] = &[
                $( stringify!($field), )* "description", "updated", "review_by", "owner", "expires", "covers",
            ];

            /// The fields every kind shares.
            pub fn meta(&self) -> $crate::content::Meta {
                $crate::content::Meta {
                    description: self.description.clone(),
                    updated: self.updated,
                    review_by: self.review_by,
                    owner: self.owner.clone(),
                    expires: self.expires,
                    covers: self.covers.clone(),
                }
            }
        }

        impl $crate::content::SharedFields for $name {
            fn meta(&self) -> $crate::content::Meta {
                $name::meta(self)
            }

            fn expires(&self) -> Option<$crate::content::Date> {
                self.expires
            }

            fn covers(&self) -> &[String] {
                &self.covers
            }
        }
    };
}
pub(crate) use front_matter_struct;

/// Lower-case, ASCII, dash-separated form of `text`, for URLs and anchor ids.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars() {
        let c = fold_accent(c);
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if c == '\'' || c == '’' {
            // "child's" -> "childs", not "child-s"
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    slug
}

fn fold_accent(c: char) -> char {
    match c {
        'à'..='å' | 'À'..='Å' => 'a',
        'è'..='ë' | 'È'..='Ë' => 'e',
        'ì'..='ï' | 'Ì'..='Ï' => 'i',
        'ò'..='ö' | 'Ò'..='Ö' => 'o',
        'ù'..='ü' | 'Ù'..='Ü' => 'u',
        'ç' | 'Ç' => 'c',
        'ñ' | 'Ñ' => 'n',
        _ => c,
    }
}

/// Choices that change what is loaded.
#[derive(Debug, Clone, Copy)]
pub struct LoadOptions {
    /// Include drafts, posts scheduled after `now` and expired pages.
    pub drafts: bool,
    /// The moment the build is for, on the clock of the site's time zone: posts due
    /// after it and pages expired before it are left out.
    pub now: jiff::civil::DateTime,
}

impl LoadOptions {
    /// Options for a normal build at the current time in `zone`
    /// (`SOURCE_DATE_EPOCH` when set: see [`crate::clock`]).
    pub fn now(
        drafts: bool,
        zone: &jiff::tz::TimeZone,
    ) -> Result<LoadOptions, crate::clock::ClockError> {
        Ok(LoadOptions {
            drafts,
            now: zone.to_datetime(crate::clock::now()?),
        })
    }
}

/// A moment when the site changes by itself, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scheduled {
    /// When, on the clock of the site's time zone.
    pub at: jiff::civil::DateTime,
    /// The same moment as an instant (worked out with the site's time zone).
    pub instant: jiff::Timestamp,
    /// What happens then: `the news post "..." is published`.
    pub what: String,
}

impl Scheduled {
    /// `Friday 27 November 2026 at 09:00`.
    pub fn when(&self) -> String {
        self.at.strftime("%A %-d %B %Y at %H:%M").to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_as_jiff_writes_them() {
        assert_eq!(Date(jiff::civil::date(2022, 6, 29)).long(), "29 June 2022");
        assert_eq!(Date(jiff::civil::date(2026, 12, 3)).iso(), "2026-12-03");
        let mut day = jiff::civil::date(999, 1, 1);
        while day.year() < 2031 {
            let date = Date(day);
            assert_eq!(date.long(), day.strftime("%-d %B %Y").to_string());
            assert_eq!(date.iso(), day.to_string());
            day = day.checked_add(jiff::Span::new().days(7)).unwrap();
        }
    }

    #[test]
    fn slugs_are_lower_case_ascii_with_dashes() {
        assert_eq!(
            slugify("What is the Synergy portal?"),
            "what-is-the-synergy-portal"
        );
        assert_eq!(
            slugify("Who is my child's EHCP co-ordinator?"),
            "who-is-my-childs-ehcp-co-ordinator"
        );
        assert_eq!(slugify("Été – 2022"), "ete-2022");
    }

    #[test]
    fn dates_read_iso_and_print_the_gov_uk_way() {
        let d: Date = "2022-06-29".parse().unwrap();
        assert_eq!(d.long(), "29 June 2022");
        assert!("29/06/2022".parse::<Date>().is_err());
    }
}
