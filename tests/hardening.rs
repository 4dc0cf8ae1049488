//! `localoffer serve` facing hostile visitors, over real HTTP: nothing outside
//! `public/` and nothing hidden is served, every response carries the security
//! headers, oversized requests and other methods are refused without harm, and a
//! stop request lets a download in flight finish.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Command;
use std::time::Duration;

use common::{Server, TestSite};

fn start_site(site: TestSite, extra: &[&str]) -> Server {
    Server::start(site, extra)
}

fn start() -> Server {
    start_site(TestSite::fixture("small"), &[])
}

/// A status, the lower-cased header block and the body.
type Answer = (u16, String, Vec<u8>);

/// Sends `request` as it is and returns the status, the lower-cased header block
/// and the body.
fn raw(port: u16, request: &[u8]) -> Answer {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    s.write_all(request).unwrap();
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    let split = out
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no response head: {:?}", String::from_utf8_lossy(&out)));
    let head = String::from_utf8_lossy(&out[..split]).to_lowercase();
    let status = head[9..12].parse().unwrap();
    (status, head, out[split + 4..].to_vec())
}

fn request(port: u16, method: &str, path: &str, headers: &str) -> Answer {
    raw(
        port,
        format!(
            "{method} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n{headers}\r\n"
        )
        .as_bytes(),
    )
}

fn get(port: u16, path: &str) -> Answer {
    request(port, "GET", path, "")
}

fn text(body: &[u8]) -> String {
    String::from_utf8_lossy(body).into_owned()
}

/// Asserts the header block carries every security header.
fn assert_security_headers(head: &str, what: &str) {
    let csp = head
        .lines()
        .find_map(|l| l.strip_prefix("content-security-policy: "))
        .unwrap_or_else(|| panic!("{what}: no content-security-policy in {head}"));
    for part in [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ] {
        assert!(csp.contains(part), "{what}: {part} missing from {csp}");
    }
    assert!(!csp.contains("unsafe-inline"), "{what}: {csp}");
    assert!(!csp.contains("unsafe-eval"), "{what}: {csp}");
    for h in [
        "x-content-type-options: nosniff",
        "referrer-policy: strict-origin-when-cross-origin",
        "permissions-policy: camera=()",
        "x-frame-options: deny",
    ] {
        assert!(head.contains(h), "{what}: {h} missing from {head}");
    }
}

#[test]
fn traversal_in_every_spelling_gets_the_404_page() {
    let server = start();
    for path in [
        "/../site.toml",
        "/%2e%2e/site.toml",
        "/%2E%2E%2Fsite.toml",
        "/%252e%252e/site.toml",
        "/%252e%252e%252fsite.toml",
        "/static/../../site.toml",
        "/static/..%2f..%2fsite.toml",
        "/static/..%5c..%5csite.toml",
        "/..%c0%af..%c0%afsite.toml",
        "//etc/passwd",
        "/etc/passwd",
        "/%2fetc%2fpasswd",
        "http://localhost/../site.toml",
    ] {
        let (status, _, body) = get(server.port, path);
        assert!(status == 404 || status == 400, "{path}: {status}");
        let body = text(&body);
        assert!(!body.contains("base_url"), "{path} leaked site.toml");
        assert!(!body.contains("root:"), "{path} leaked /etc/passwd");
    }
    let (status, _, body) = get(server.port, "/%2e%2e/site.toml");
    assert_eq!(status, 404);
    assert!(
        text(&body).contains("<h1>Page not found</h1>"),
        "the theme's 404 page"
    );
}

#[test]
fn hidden_files_links_out_of_public_and_folders_without_an_index_are_not_served() {
    let server = start();
    let public = server.site.path().join("public");
    std::fs::write(public.join(".env"), "SECRET=1").unwrap();
    std::fs::create_dir_all(public.join(".git")).unwrap();
    std::fs::write(public.join(".git/config"), "SECRET=2").unwrap();
    std::fs::create_dir_all(public.join("empty")).unwrap();
    std::fs::write(public.join("empty/notes.txt"), "hello").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::symlink;
        symlink(
            server.site.path().join("site.toml"),
            public.join("leak.txt"),
        )
        .unwrap();
        symlink(server.site.path().join("content"), public.join("sources")).unwrap();
        symlink(public.join("empty/notes.txt"), public.join("inside.txt")).unwrap();
    }
    for path in [
        "/.env",
        "/.git/config",
        "/%2eenv",
        "/empty/",
        "/leak.txt",
        "/sources/pages/contact.md",
        "/sources/",
    ] {
        let (status, _, body) = get(server.port, path);
        assert_eq!(status, 404, "{path}");
        let body = text(&body);
        assert!(!body.contains("SECRET"), "{path}");
        assert!(!body.contains("base_url"), "{path}");
        assert!(!body.contains("notes.txt"), "{path}: a folder listing");
    }
    #[cfg(unix)]
    {
        let (status, _, body) = get(server.port, "/inside.txt");
        assert_eq!(
            (status, text(&body).as_str()),
            (200, "hello"),
            "a link inside public/ works"
        );
    }
}

#[test]
fn every_kind_of_response_carries_the_security_headers() {
    let server = start();
    let long = "a".repeat(5000);
    let big_header = format!("X-Big: {}\r\n", "b".repeat(20_000));
    let cases: Vec<(&str, Answer, u16)> = vec![
        ("page", get(server.port, "/faqs/assessments/"), 200),
        ("stylesheet", get(server.port, "/static/site.css"), 200),
        ("search page", get(server.port, "/search?q=senco"), 200),
        ("search API", get(server.port, "/api/search?q=senco"), 200),
        (
            "bad search",
            get(server.port, "/api/search?q=a&limit=51"),
            400,
        ),
        ("health", get(server.port, "/healthz"), 200),
        ("missing page", get(server.port, "/no/such/page/"), 404),
        ("traversal", get(server.port, "/%2e%2e/site.toml"), 404),
        (
            "other method",
            request(server.port, "POST", "/", "Content-Length: 0\r\n"),
            405,
        ),
        (
            "long address",
            get(server.port, &format!("/search?q={long}")),
            414,
        ),
        (
            "large headers",
            request(server.port, "GET", "/", &big_header),
            431,
        ),
    ];
    for (what, (status, head, _), expected) in cases {
        assert_eq!(status, expected, "{what}: {head}");
        assert_security_headers(&head, what);
        assert!(
            !head.contains("strict-transport-security"),
            "{what}: HSTS only when asked for"
        );
    }
}

#[test]
fn hsts_and_frame_hosts_follow_the_settings() {
    let site = TestSite::fixture("small");
    let toml = std::fs::read_to_string(site.path().join("site.toml")).unwrap();
    site.write(
        "site.toml",
        format!("{toml}\n[html]\niframe_hosts = [\"www.youtube-nocookie.com\"]\n"),
    );
    let server = start_site(site, &["--hsts"]);
    let (status, head, _) = get(server.port, "/");
    assert_eq!(status, 200);
    assert!(
        head.contains("strict-transport-security: max-age=31536000"),
        "{head}"
    );
    assert!(
        head.contains("frame-src https://www.youtube-nocookie.com;"),
        "{head}"
    );
    let plain = start();
    let (_, head, _) = get(plain.port, "/");
    assert!(head.contains("frame-src 'none'"), "{head}");
}

#[test]
fn the_theme_has_no_inline_script_or_style_for_the_policy_to_break() {
    let site = TestSite::fixture("small");
    site.build().success();
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(site.path().join("public")) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = std::fs::read_to_string(entry.path()).unwrap();
        let shown = entry.path().display();
        for (i, _) in html.match_indices("<script") {
            let tag = &html[i..i + html[i..].find('>').unwrap()];
            assert!(
                tag.contains(" src=") || tag.contains(r#"type="application/ld+json""#),
                "{shown}: inline script {tag}"
            );
        }
        assert!(!html.contains(" style="), "{shown}: a style attribute");
        assert!(!html.contains("<style"), "{shown}: a style element");
        assert!(!html.contains(" onclick="), "{shown}: an event handler");
        assert!(!html.contains("javascript:"), "{shown}: a script URL");
        checked += 1;
    }
    assert!(checked > 10, "only {checked} pages checked");
}

#[test]
fn other_methods_get_405_with_allow_and_head_works() {
    let server = start();
    for method in [
        "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT",
    ] {
        let path = if method == "CONNECT" {
            "localhost:80"
        } else {
            "/api/search?q=a"
        };
        let (status, head, _) = request(server.port, method, path, "Content-Length: 0\r\n");
        assert_eq!(status, 405, "{method}: {head}");
        assert!(head.contains("allow: get, head"), "{method}: {head}");
    }
    let (status, head, body) = request(server.port, "HEAD", "/faqs/assessments/", "");
    assert_eq!(status, 200, "{head}");
    assert!(body.is_empty(), "HEAD has no body");
}

#[test]
fn oversized_requests_are_refused_and_the_server_keeps_answering() {
    let server = start();
    let (status, _, _) = get(server.port, &format!("/{}", "a".repeat(5000)));
    assert_eq!(status, 414);
    let (status, _, body) = get(server.port, &format!("/api/search?q={}", "a".repeat(4000)));
    assert_eq!(status, 414);
    let error: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert!(
        error["error"].as_str().unwrap().contains("too long"),
        "{error}"
    );
    let (status, _, _) = request(
        server.port,
        "GET",
        "/",
        &format!("Cookie: {}\r\n", "c".repeat(17_000)),
    );
    assert_eq!(status, 431);
    let many: String = (0..200).map(|i| format!("X-H{i}: v\r\n")).collect();
    let (status, _, _) = request(server.port, "GET", "/", &many);
    assert!(status == 431 || status == 400, "{status}");
    // Far past any limit: refused by the HTTP parser itself, not a crash.
    let huge = format!("GET /{} HTTP/1.1\r\nHost: x\r\n\r\n", "a".repeat(1_000_000));
    let mut s = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let _ = s.write_all(huge.as_bytes());
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    let answer = String::from_utf8_lossy(&out);
    assert!(
        out.is_empty() || answer.starts_with("HTTP/1.1 4"),
        "{}",
        &answer[..answer.len().min(200)]
    );
    let (status, _, _) = get(server.port, "/healthz");
    assert_eq!(status, 200, "still answering");
}

#[test]
fn results_per_page_are_capped() {
    let server = start();
    let (status, _, _) = get(server.port, "/api/search?q=a&limit=50");
    assert_eq!(status, 200);
    for path in [
        "/api/search?q=a&limit=51",
        "/api/search?q=a&limit=100000",
        "/api/search?q=a&page=101",
    ] {
        let (status, _, body) = get(server.port, path);
        assert_eq!(status, 400, "{path}: {}", text(&body));
    }
}

#[test]
fn a_stop_request_lets_a_download_in_flight_finish() {
    let mut server = start();
    let size = 64 * 1024 * 1024;
    std::fs::write(server.site.path().join("public/big.bin"), vec![7u8; size]).unwrap();
    let mut s = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(
        s,
        "GET /big.bin HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut first = vec![0u8; 64 * 1024];
    s.read_exact(&mut first).unwrap();
    assert!(String::from_utf8_lossy(&first).starts_with("HTTP/1.1 200"));
    Command::new("kill")
        .args(["-TERM", &server.child.id().to_string()])
        .status()
        .unwrap();
    let mut rest = Vec::new();
    s.read_to_end(&mut rest).unwrap();
    let mut all = first;
    all.extend(rest);
    let split = all.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    assert_eq!(all.len() - split - 4, size, "the whole file arrived");
    assert!(server.child.wait().unwrap().success(), "a clean stop");
    // New connections are refused once it has stopped.
    assert!(TcpStream::connect(("127.0.0.1", server.port)).is_err());
}
