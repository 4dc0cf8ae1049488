//! `localoffer serve` over real HTTP: pages, 404s, nothing outside `public/`,
//! compression and caching headers, and a clean stop on SIGTERM.

mod common;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::TestSite;

struct Server {
    child: Child,
    port: u16,
    _site: TestSite,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn start() -> Server {
    let site = TestSite::fixture("small");
    let port = free_port();
    let child = Command::new(assert_cmd::cargo::cargo_bin("localoffer"))
        .args(["serve", "--port", &port.to_string(), "--root"])
        .arg(site.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let server = Server {
        child,
        port,
        _site: site,
    };
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return server;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("the server did not start");
}

/// A raw HTTP/1.1 GET; returns the status, the header block and the body.
fn get(port: u16, path: &str, extra_headers: &str) -> (u16, String, Vec<u8>) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
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

fn text(body: &[u8]) -> String {
    String::from_utf8_lossy(body).into_owned()
}

#[test]
fn pages_are_served_with_caching_headers() {
    let server = start();
    let (status, head, body) = get(server.port, "/faqs/assessments/", "");
    assert_eq!(status, 200);
    assert!(head.contains("content-type: text/html"), "{head}");
    assert!(
        head.contains("cache-control: public, max-age=300"),
        "{head}"
    );
    assert!(head.contains("x-content-type-options: nosniff"), "{head}");
    assert!(text(&body).contains("How do I ask for an EHC needs assessment?"));
    let (status, _, body) = get(server.port, "/healthz", "");
    assert_eq!((status, text(&body).as_str()), (200, "ok"));
}

#[test]
fn missing_pages_get_the_themes_404_page_with_status_404() {
    let server = start();
    let (status, _, body) = get(server.port, "/no/such/page/", "");
    assert_eq!(status, 404);
    assert!(text(&body).contains("<h1>Page not found</h1>"));
}

#[test]
fn nothing_outside_public_is_served() {
    let server = start();
    for path in [
        "/../site.toml",
        "/%2e%2e/site.toml",
        "/static/../../site.toml",
        "/..%2fsite.toml",
    ] {
        let (status, _, body) = get(server.port, path, "");
        assert!(status == 404 || status == 400, "{path}: {status}");
        assert!(!text(&body).contains("base_url"), "{path} leaked site.toml");
    }
}

#[test]
fn responses_are_compressed_when_the_browser_accepts_it() {
    let server = start();
    let (status, head, _) = get(server.port, "/static/site.css", "Accept-Encoding: gzip\r\n");
    assert_eq!(status, 200);
    assert!(head.contains("content-encoding: gzip"), "{head}");
}

#[test]
fn sigterm_stops_the_server_cleanly() {
    let mut server = start();
    let pid = server.child.id().to_string();
    Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            assert!(status.success(), "exit status {status:?}");
            break;
        }
        assert!(Instant::now() < deadline, "still running after SIGTERM");
        std::thread::sleep(Duration::from_millis(50));
    }
}
