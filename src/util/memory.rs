//! How the program asks the kernel for memory.

/// Turns off transparent huge pages for this process (Linux; elsewhere nothing).
///
/// mimalloc asks for huge pages, and the kernel zeroes a fresh one two megabytes
/// at a time on first touch, often on the path of a request. With them, a
/// 10,000-page build spent a fifth of its samples zeroing pages, and the
/// server's 99th percentile under a load of new searches was 33-71 ms against
/// 25-30 ms without them, at the same rate (docs/performance.md). Call it first
/// thing in `main`: it holds for memory mapped before and after.
pub fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: PR_SET_THP_DISABLE takes plain integers and reads or writes no
        // memory of ours; a kernel without it returns an error, which changes
        // nothing (huge pages only make allocation slower or faster).
        let _ = unsafe { libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0) };
    }
}
