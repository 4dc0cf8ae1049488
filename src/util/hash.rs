//! Hashes that are the same in every run, for caches and fingerprints.

/// A hash of `value` for keys kept in memory only, such as watch mode's cache
/// keys (foldhash with a fixed seed: several times faster than [`hash_of`] on
/// long text, and not promised to stay the same from one version to the next).
pub fn quick_hash_of(value: &impl std::hash::Hash) -> u64 {
    use std::hash::BuildHasher;
    foldhash::quality::FixedState::with_seed(0x6c6f_6361_6c6f_6666).hash_one(value)
}

/// A hash of `value` (std's SipHash with fixed keys: the same in every run).
pub fn hash_of(value: &impl std::hash::Hash) -> u64 {
    use std::hash::Hasher;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}
