//! Writing a build beside the live output and swapping it in only when it is whole,
//! so a failed or killed build never costs the user their last good site.

use std::io;
use std::path::{Path, PathBuf};

/// A folder being filled beside `target`, swapped into place by [`Staging::commit`].
/// Dropped without committing, it is removed.
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    committed: bool,
}

impl Staging {
    /// Creates an empty staging folder next to `target`, first clearing any left by
    /// builds that were killed.
    pub fn new(target: &Path) -> io::Result<Staging> {
        let parent = parent_of(target);
        std::fs::create_dir_all(&parent)?;
        let name = file_name(target);
        recover_moved_aside(&parent, &name, target);
        remove_leftovers(&parent, &name);
        let dir = parent.join(format!(".{name}.new-{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        std::fs::create_dir(&dir)?;
        Ok(Staging {
            dir,
            target: target.to_path_buf(),
            committed: false,
        })
    }

    /// The folder to write into.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// Puts the staged folder in place of the target in one step, then removes the
    /// old one.
    pub fn commit(mut self) -> io::Result<()> {
        if self.target.exists() {
            exchange(&self.dir, &self.target)?;
            // `self.dir` now holds the previous output.
            let _ = std::fs::remove_dir_all(&self.dir);
        } else {
            std::fs::rename(&self.dir, &self.target)?;
        }
        self.committed = true;
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

fn parent_of(target: &Path) -> PathBuf {
    match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn file_name(target: &Path) -> String {
    target
        .file_name()
        .map_or_else(|| "public".to_owned(), |n| n.to_string_lossy().into_owned())
}

/// If a build was killed between the two renames of [`fallback_exchange`], the
/// previous output sits in `.<name>.old-<pid>` and `target` is missing: put it back.
fn recover_moved_aside(parent: &Path, name: &str, target: &Path) {
    if target.exists() {
        return;
    }
    let prefix = format!(".{name}.old-");
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for e in entries.flatten() {
        if e.file_name()
            .to_str()
            .is_some_and(|n| n.starts_with(&prefix))
            && std::fs::rename(e.path(), target).is_ok()
        {
            return;
        }
    }
}

/// Removes `.<name>.new-<pid>` and `.<name>.old-<pid>` folders of builds that were
/// killed before they ended (a build still running keeps its own).
fn remove_leftovers(parent: &Path, name: &str) {
    let prefixes = [format!(".{name}.new-"), format!(".{name}.old-")];
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for e in entries.flatten() {
        let file_name = e.file_name();
        let Some(rest) = file_name
            .to_str()
            .and_then(|n| prefixes.iter().find_map(|p| n.strip_prefix(p.as_str())))
        else {
            continue;
        };
        let alive = rest.parse::<u32>().is_ok_and(|pid| {
            pid != std::process::id() && Path::new(&format!("/proc/{pid}")).exists()
        });
        if !alive {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

/// Swaps two paths atomically (Linux `renameat2` with `RENAME_EXCHANGE`).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let ca = CString::new(a.as_os_str().as_bytes()).map_err(io::Error::other)?;
    let cb = CString::new(b.as_os_str().as_bytes()).map_err(io::Error::other)?;
    // SAFETY: both pointers are valid NUL-terminated strings that outlive the call.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        fallback_exchange(a, b)
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    fallback_exchange(a, b)
}

/// Two renames: not atomic, but the old folder is only moved aside, never lost.
fn fallback_exchange(staged: &Path, target: &Path) -> io::Result<()> {
    // Named so that the next build finds it (see `recover_moved_aside`) if this one
    // is killed between the two renames.
    let aside =
        parent_of(target).join(format!(".{}.old-{}", file_name(target), std::process::id()));
    std::fs::rename(target, &aside)?;
    if let Err(e) = std::fs::rename(staged, target) {
        let _ = std::fs::rename(&aside, target);
        return Err(e);
    }
    std::fs::rename(&aside, staged)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A temporary folder holding `public/old.html`.
    fn old_build() -> (tempfile::TempDir, PathBuf) {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("public");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("old.html"), "old").unwrap();
        (tmp, target)
    }

    #[test]
    fn a_committed_build_replaces_the_old_one() {
        let (tmp, target) = old_build();
        let s = Staging::new(&target).unwrap();
        std::fs::write(s.path().join("new.html"), "new").unwrap();
        s.commit().unwrap();
        assert!(target.join("new.html").exists());
        assert!(!target.join("old.html").exists());
        assert_eq!(
            std::fs::read_dir(tmp.path()).unwrap().count(),
            1,
            "no staging folder left"
        );
    }

    #[test]
    fn an_abandoned_build_leaves_the_old_one_alone() {
        let (tmp, target) = old_build();
        {
            let s = Staging::new(&target).unwrap();
            std::fs::write(s.path().join("new.html"), "new").unwrap();
        }
        assert!(target.join("old.html").exists());
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
    }

    #[test]
    fn staging_folders_of_killed_builds_are_removed_by_the_next_build() {
        let (tmp, target) = old_build();
        // u32::MAX is above any pid Linux hands out: that build is not running.
        let dead = tmp.path().join(format!(".public.new-{}", u32::MAX));
        std::fs::create_dir(&dead).unwrap();
        std::fs::write(dead.join("half.html"), "half").unwrap();
        let s = Staging::new(&target).unwrap();
        assert!(!dead.exists(), "the killed build's folder is gone");
        s.commit().unwrap();
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_build_killed_between_the_fallback_renames_gets_its_old_output_back() {
        let (tmp, target) = old_build();
        let aside = tmp.path().join(format!(".public.old-{}", u32::MAX));
        std::fs::rename(&target, &aside).unwrap();
        let s = Staging::new(&target).unwrap();
        assert!(
            target.join("old.html").exists(),
            "put back before anything else"
        );
        drop(s);
        assert!(target.join("old.html").exists());
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
    }

    #[test]
    fn the_fallback_exchange_swaps_the_folders() {
        let (tmp, target) = old_build();
        let staged = tmp.path().join("staged");
        std::fs::create_dir(&staged).unwrap();
        std::fs::write(staged.join("new.html"), "new").unwrap();
        fallback_exchange(&staged, &target).unwrap();
        assert!(target.join("new.html").exists());
        assert!(staged.join("old.html").exists());
    }
}
