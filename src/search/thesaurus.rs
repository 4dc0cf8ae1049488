//! The everyday words parents type for the words a Local Offer uses: groups of
//! words and phrases that find each other, built into every site (unless
//! `[search] everyday_words = false`) before `site.toml`'s own `synonyms`. Each
//! group is what a parent might write and what the service writes; a group whose
//! words a site never uses costs nothing.

/// The built-in groups.
#[rustfmt::skip]
pub const EVERYDAY_WORDS: &[&[&str]] = &[
    &["school bus", "bus to school", "minibus", "taxi", "school transport", "home to school transport"],
    &["respite", "short breaks"],
    &["late", "overdue", "delayed", "delays", "timeliness", "on time"],
    &["money", "cash", "funding", "personal budget", "direct payments"],
    &["who pays", "pay for", "paid for", "funding", "funded"],
    &["son", "daughter", "child"],
    &["kids", "children"],
    &["autistic", "autism"],
    &["complain", "complaint"],
    &["court", "tribunal"],
    &["social services", "social care", "social worker"],
    &["caseworker", "case worker", "co-ordinator"],
    &["special needs teacher", "senco"],
    &["send policy", "sen policy", "sen information report"],
    &["leaving school", "leaves school", "preparing for adulthood"],
    &["email updates", "mailing list", "newsletter"],
    &["nursery", "pre-school", "early years"],
    &["sixth form", "college", "post-16"],
    &["speech therapy", "speech and language therapy"],
    &["mental health", "emotional wellbeing"],
    &["phone", "telephone"],
];

/// The built-in groups as owned text, for the search settings.
pub fn everyday_words() -> impl Iterator<Item = Vec<String>> {
    EVERYDAY_WORDS
        .iter()
        .map(|group| group.iter().map(|p| (*p).to_owned()).collect())
}
