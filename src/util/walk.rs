//! Listing the files under a folder.

use std::path::{Path, PathBuf};

/// Adds every file under `dir` to `out`, as `prefix` + its path inside `dir`, in
/// name order. Symbolic links are not followed and not listed (a link in a theme's
/// `static/` could otherwise publish any file the build can read).
pub fn list_tree(dir: &Path, prefix: &str, out: &mut Vec<(String, PathBuf)>) {
    if !dir.is_dir() {
        return;
    }
    for entry in walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
    {
        if let Ok(rel) = entry.path().strip_prefix(dir) {
            let rel = rel.to_string_lossy().replace('\\', "/");
            out.push((format!("{prefix}{rel}"), entry.path().to_path_buf()));
        }
    }
}
