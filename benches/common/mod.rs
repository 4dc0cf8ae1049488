//! What the benches share.

use std::path::Path;

// The allocator the program itself uses (src/main.rs), so the benches time the same.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Copies the folder tree `from` into `to`.
pub fn copy(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let Ok(entry) = entry else { continue };
        let Ok(rel) = entry.path().strip_prefix(from) else {
            continue;
        };
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).ok();
        } else {
            std::fs::copy(entry.path(), &dest).ok();
        }
    }
}
