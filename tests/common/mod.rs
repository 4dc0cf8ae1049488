//! Helpers shared by the integration tests: throwaway copies of fixture sites.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

/// The repository root (where Cargo.toml is).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A copy of a site in a temporary folder, with the repo's default theme.
pub struct TestSite {
    dir: TempDir,
}

impl TestSite {
    /// Copies `tests/fixtures/<name>` and `themes/` into a new temporary folder.
    pub fn fixture(name: &str) -> TestSite {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&repo().join("tests/fixtures").join(name), dir.path());
        copy_dir(&repo().join("themes"), &dir.path().join("themes"));
        TestSite { dir }
    }

    /// A copy of the repository's own site (site.toml, content/, themes/).
    pub fn repo_site() -> TestSite {
        let dir = tempfile::tempdir().unwrap();
        std::fs::copy(repo().join("site.toml"), dir.path().join("site.toml")).unwrap();
        copy_dir(&repo().join("content"), &dir.path().join("content"));
        copy_dir(&repo().join("themes"), &dir.path().join("themes"));
        TestSite { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes `text` to `rel` inside the site, creating folders.
    pub fn write(&self, rel: &str, text: impl AsRef<[u8]>) {
        let path = self.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// The text of `rel` inside the site.
    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// Removes `rel` inside the site.
    pub fn remove(&self, rel: &str) {
        std::fs::remove_file(self.path().join(rel)).unwrap();
    }

    /// `localoffer <args> --root <site>`.
    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = Command::cargo_bin("localoffer").unwrap();
        cmd.args(args)
            .arg("--root")
            .arg(self.path())
            .env("NO_COLOR", "1");
        cmd
    }

    /// Runs `localoffer build` on the site.
    pub fn build(&self) -> assert_cmd::assert::Assert {
        self.cmd(&["build"]).assert()
    }

    /// The text of `rel` inside the built `public/`.
    pub fn public(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path().join("public").join(rel))
            .unwrap_or_else(|e| panic!("public/{rel}: {e}"))
    }

    /// Whether `rel` exists inside the built `public/`.
    pub fn has_public(&self, rel: &str) -> bool {
        self.path().join("public").join(rel).exists()
    }
}

/// Copies a folder tree.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let dest = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// The standard error of a finished command, as text.
pub fn stderr(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stderr).into_owned()
}

/// A `localoffer serve` on a free loopback port, stopped when dropped.
pub struct Server {
    /// The server process.
    pub child: std::process::Child,
    /// The port it listens on.
    pub port: u16,
    /// The site it serves.
    pub site: TestSite,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// Runs `localoffer serve --port 0 --root <site> <extra>` and waits, up to a
    /// minute, until it says which port it listens on. The system picks the port
    /// as the server binds it, so no other test can take it first.
    pub fn start(site: TestSite, extra: &[&str]) -> Server {
        use std::io::BufRead;
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("localoffer"))
            .args(["serve", "--port", "0", "--root"])
            .arg(site.path())
            .args(extra)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = child.stderr.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        // Reads the server's messages to the end, so it never blocks writing them.
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                if let Some(port) = line
                    .split_once("http://127.0.0.1:")
                    .and_then(|(_, rest)| rest.split('/').next())
                    .and_then(|p| p.parse::<u16>().ok())
                {
                    let _ = tx.send(port);
                }
            }
        });
        let port = rx
            .recv_timeout(std::time::Duration::from_secs(60))
            .unwrap_or_else(|_| panic!("the server did not start"));
        Server { child, port, site }
    }
}

/// A loopback port nothing listens on.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The text of `html` from `from` to the end of the first `to` after it, without
/// blank lines or trailing spaces: a stable piece of a page for golden tests.
pub fn between(html: &str, from: &str, to: &str) -> String {
    let start = html.find(from).unwrap_or_else(|| panic!("no {from}"));
    let end = start + html[start..].find(to).unwrap_or_else(|| panic!("no {to}")) + to.len();
    html[start..end]
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// A raw HTTP/1.1 GET; returns the status, the header block and the body.
pub fn http_get(port: u16, path: &str, extra_headers: &str) -> (u16, String, Vec<u8>) {
    use std::io::{Read as _, Write as _};
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n{extra_headers}\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&raw[..split]).to_lowercase();
    let status = head[9..12].parse().unwrap();
    (status, head, raw[split + 4..].to_vec())
}
