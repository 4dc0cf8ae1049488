//! What time a build is for. Normally now; with `SOURCE_DATE_EPOCH` set (the
//! reproducible-builds convention: whole seconds since 1970-01-01 UTC), that moment
//! instead, so the same sources build the same bytes on any day.

/// The variable that fixes the build's clock.
pub const SOURCE_DATE_EPOCH: &str = "SOURCE_DATE_EPOCH";

/// Why `SOURCE_DATE_EPOCH` cannot be used.
#[derive(Debug, thiserror::Error)]
#[error(
    "SOURCE_DATE_EPOCH is set to {value:?}, which is not a number of seconds since 1970-01-01 UTC"
)]
pub struct ClockError {
    /// What the variable held.
    pub value: String,
}

/// The moment a build is for: `SOURCE_DATE_EPOCH` when set, otherwise now.
pub fn now() -> Result<jiff::Timestamp, ClockError> {
    match std::env::var_os(SOURCE_DATE_EPOCH) {
        None => Ok(jiff::Timestamp::now()),
        Some(value) => parse(&value.to_string_lossy()),
    }
}

fn parse(value: &str) -> Result<jiff::Timestamp, ClockError> {
    value
        .trim()
        .parse::<i64>()
        .ok()
        .and_then(|s| jiff::Timestamp::from_second(s).ok())
        .ok_or_else(|| ClockError {
            value: value.to_owned(),
        })
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn seconds_since_1970_are_read_and_anything_else_is_refused() {
        assert_eq!(
            parse("1700000000").map(|t| t.to_string()).ok().as_deref(),
            Some("2023-11-14T22:13:20Z")
        );
        assert!(parse("yesterday").is_err());
        assert!(parse("").is_err());
        assert!(parse("99999999999999999").is_err());
    }
}
