//! Hashes that are the same in every run, for caches and fingerprints.

/// A hash of `value` (std's SipHash with fixed keys: the same in every run).
pub fn hash_of(value: &impl std::hash::Hash) -> u64 {
    use std::hash::Hasher;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}
