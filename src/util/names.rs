//! "Did you mean ...?": the nearest valid name to a misspelt one.

/// The valid name closest to `name`, if one is close enough to be a likely typo.
pub fn nearest<'f>(name: &str, fields: &[&'f str]) -> Option<&'f str> {
    let name = name.to_lowercase();
    fields
        .iter()
        .map(|f| (strsim::damerau_levenshtein(&name, f), *f))
        .filter(|(d, f)| *d <= (f.len() / 3).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, f)| f)
}
