//! Embeds the default theme in the binary, so `localoffer init` can write it out
//! from an installed copy with no repository beside it.

use std::fmt::Write as _;
use std::path::Path;

/// Adds the files under `dir` to `out`, as paths below the theme written with `/`.
fn list(dir: &Path, prefix: &str, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let rel = format!("{prefix}{name}");
        match entry.file_type() {
            Ok(t) if t.is_dir() => list(&entry.path(), &format!("{rel}/"), out),
            Ok(t) if t.is_file() => out.push(rel),
            _ => {}
        }
    }
}

fn main() {
    let theme = Path::new("themes/default");
    println!("cargo::rerun-if-changed=themes/default");
    let mut files = Vec::new();
    list(theme, "", &mut files);
    files.sort();
    let root = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default();
    let mut out = String::from(
        "/// The default theme's files: path inside the theme, contents.\npub const THEME_FILES: &[(&str, &[u8])] = &[\n",
    );
    for rel in &files {
        println!("cargo::rerun-if-changed=themes/default/{rel}");
        let abs = Path::new(&root).join(theme).join(rel);
        let _ = writeln!(
            out,
            "    ({rel:?}, include_bytes!({:?})),",
            abs.display().to_string()
        );
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap_or_default()).join("theme_files.rs");
    if let Err(e) = std::fs::write(&dest, out) {
        panic!("cannot write {}: {e}", dest.display());
    }
}
