//! What stands between the internet and the routes: the security headers every
//! response carries, and a guard that turns away what a visitor should never send
//! (other methods, oversized requests, paths to hidden or outside files) and sheds
//! load with `503 Service Unavailable` and `Retry-After` when too many requests are
//! in flight, rather than letting the server slow to a crawl for everyone.

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, Request, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tokio::sync::Semaphore;

/// Longest request target (path and query) accepted, in bytes.
pub const MAX_URI_BYTES: usize = 4096;
/// Longest query string accepted, in bytes. A search query is at most 256 characters
/// (see `search::query`), which percent-encoded is at most 256 * 12 bytes.
pub const MAX_QUERY_BYTES: usize = 3584;
/// Most bytes of request headers accepted (names and values together).
pub const MAX_HEADER_BYTES: usize = 16 * 1024;

/// The server's settings for headers and limits.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Hosts whose pages may be shown in an `<iframe>` (from `site.toml`'s `[html]`).
    pub frame_hosts: Vec<String>,
    /// Send `Strict-Transport-Security`: only when the site is reached over HTTPS
    /// (behind a TLS proxy), or browsers would refuse plain HTTP to it for a year.
    pub hsts: bool,
    /// Requests handled at once; more wait up to `queue_wait` for a turn, then get
    /// 503 with `Retry-After`.
    pub max_in_flight: usize,
    /// How long a request may wait for a turn.
    pub queue_wait: Duration,
    /// How long a request may take before it is answered with 503.
    pub request_timeout: Duration,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            frame_hosts: Vec::new(),
            hsts: false,
            max_in_flight: 256,
            queue_wait: Duration::from_secs(2),
            request_timeout: Duration::from_secs(15),
        }
    }
}

impl Settings {
    /// The Content-Security-Policy: everything from this site only, no inline
    /// script or style (the theme's are files), frames only from the listed hosts,
    /// and no framing of this site by others.
    pub fn content_security_policy(&self) -> String {
        let frames = if self.frame_hosts.is_empty() {
            "'none'".to_owned()
        } else {
            self.frame_hosts
                .iter()
                .map(|h| format!("https://{h}"))
                .collect::<Vec<_>>()
                .join(" ")
        };
        format!(
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
             font-src 'self'; connect-src 'self'; object-src 'none'; frame-src {frames}; \
             frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
        )
    }

    /// The headers every response carries, as (name, value) pairs.
    pub fn headers(&self) -> Vec<(HeaderName, HeaderValue)> {
        let mut headers = vec![
            (
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_str(&self.content_security_policy())
                    .unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'")),
            ),
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
            (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
            (
                header::REFERRER_POLICY,
                HeaderValue::from_static("strict-origin-when-cross-origin"),
            ),
            (
                HeaderName::from_static("permissions-policy"),
                HeaderValue::from_static(
                    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
                ),
            ),
            (
                HeaderName::from_static("cross-origin-opener-policy"),
                HeaderValue::from_static("same-origin"),
            ),
        ];
        if self.hsts {
            headers.push((
                header::STRICT_TRANSPORT_SECURITY,
                HeaderValue::from_static("max-age=31536000"),
            ));
        }
        headers
    }
}

/// What the guard needs: the limits, a turn counter and the folder it protects.
pub struct Guard {
    settings: Settings,
    turns: Semaphore,
    public: PathBuf,
    headers: Vec<(HeaderName, HeaderValue)>,
}

impl Guard {
    /// A guard for the site in `public`.
    pub fn new(settings: Settings, public: &Path) -> Arc<Guard> {
        // The folder is swapped for a new build under the same name, so its real
        // path stays right across builds.
        let public = std::fs::canonicalize(public).unwrap_or_else(|_| public.to_path_buf());
        Arc::new(Guard {
            turns: Semaphore::new(settings.max_in_flight.max(1)),
            headers: settings.headers(),
            settings,
            public,
        })
    }
}

/// The middleware: checks the request, waits for a turn, runs it with a time limit,
/// and puts the security headers on whatever comes back.
pub async fn guard(
    State(guard): State<Arc<Guard>>,
    request: Request<Body>,
    next: Next,
) -> Response {
    let mut response = answer(&guard, request, next).await;
    let headers = response.headers_mut();
    for (name, value) in &guard.headers {
        headers.insert(name.clone(), value.clone());
    }
    response
}

async fn answer(guard: &Guard, request: Request<Body>, next: Next) -> Response {
    if let Some(refused) = refuse(&request) {
        return refused;
    }
    let turn = match tokio::time::timeout(guard.settings.queue_wait, guard.turns.acquire()).await {
        Ok(Ok(turn)) => turn,
        _ => return busy(),
    };
    let response =
        match tokio::time::timeout(guard.settings.request_timeout, next.run(request)).await {
            Ok(response) => response,
            Err(_) => (
                StatusCode::SERVICE_UNAVAILABLE,
                [(header::RETRY_AFTER, "5")],
                "The server took too long to answer. Please try again.",
            )
                .into_response(),
        };
    drop(turn);
    response
}

fn busy() -> Response {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [(header::RETRY_AFTER, "1")],
        "The server is busy. Please try again in a moment.",
    )
        .into_response()
}

/// The answer to a request that must not reach the routes, if it is one.
fn refuse(request: &Request<Body>) -> Option<Response> {
    if request.method() != Method::GET && request.method() != Method::HEAD {
        return Some(
            (
                StatusCode::METHOD_NOT_ALLOWED,
                [(header::ALLOW, "GET, HEAD")],
                "Only GET and HEAD are allowed.",
            )
                .into_response(),
        );
    }
    let uri = request.uri();
    let target_len = uri.path_and_query().map_or(0, |pq| pq.as_str().len());
    let api = uri.path().starts_with("/api/");
    if target_len > MAX_URI_BYTES || uri.query().is_some_and(|q| q.len() > MAX_QUERY_BYTES) {
        return Some(error(
            StatusCode::URI_TOO_LONG,
            "the address is too long: a search may be at most 256 characters",
            api,
        ));
    }
    if header_bytes(request.headers()) > MAX_HEADER_BYTES {
        return Some(error(
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            "the request's headers are too large",
            api,
        ));
    }
    None
}

/// The middleware in front of the static files: a path with `..`, a hidden segment
/// or an encoded trick, or one that a symbolic link leads out of `public/`, gets the
/// 404 page; nothing says whether such a file exists.
pub async fn static_paths(
    State(guard): State<Arc<Guard>>,
    request: Request<Body>,
    next: Next,
) -> Response {
    let refused = match safe_segments(request.uri().path()) {
        None => true,
        Some(segments) => leads_outside(&guard.public, &segments).await,
    };
    if refused {
        return not_found(&guard.public).await;
    }
    next.run(request).await
}

/// An error answer: JSON `{"error": ...}` for the API, as its callers expect, and
/// plain text elsewhere.
fn error(status: StatusCode, message: &str, api: bool) -> Response {
    if api {
        (status, axum::Json(serde_json::json!({ "error": message }))).into_response()
    } else {
        (status, format!("{message}\n")).into_response()
    }
}

fn header_bytes(headers: &HeaderMap) -> usize {
    headers
        .iter()
        .map(|(n, v)| n.as_str().len() + v.len() + 4)
        .sum()
}

/// The path's segments, decoded, or `None` if any is `..`, hidden (starts with `.`),
/// holds a separator, a backslash or a NUL, or still holds an escape after decoding
/// (double encoding: `%252e%252e` is `%2e%2e`, which some servers decode again).
pub fn safe_segments(path: &str) -> Option<Vec<String>> {
    let mut out = Vec::new();
    for raw in path.split('/').filter(|s| !s.is_empty()) {
        let segment = percent_decode(raw)?;
        if segment.starts_with('.')
            || segment.contains(['/', '\\', '\0', '%'])
            || Path::new(&segment)
                .components()
                .any(|c| !matches!(c, Component::Normal(_)))
        {
            return None;
        }
        out.push(segment);
    }
    Some(out)
}

/// `%XX` escapes decoded; `None` if one is malformed or the result is not UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Whether the file (or folder's `index.html`) the segments name is a symbolic link
/// that resolves outside `public`. Paths that do not exist are left to the routes.
async fn leads_outside(public: &Path, segments: &[String]) -> bool {
    let mut path = public.to_path_buf();
    path.extend(segments);
    let index = path.join("index.html");
    for candidate in [path, index] {
        if let Ok(real) = tokio::fs::canonicalize(&candidate).await
            && !real.starts_with(public)
        {
            return true;
        }
    }
    false
}

/// The theme's 404 page, or a line of text if there is none.
pub async fn not_found(public: &Path) -> Response {
    match tokio::fs::read_to_string(public.join("404.html")).await {
        Ok(page) => (StatusCode::NOT_FOUND, axum::response::Html(page)).into_response(),
        Err(_) => (StatusCode::NOT_FOUND, "Page not found").into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traversal_hidden_and_double_encoded_segments_are_refused() {
        for bad in [
            "/../site.toml",
            "/%2e%2e/site.toml",
            "/%2E%2E%2Fsite.toml",
            "/%252e%252e/site.toml",
            "/static/..%5c..%5csite.toml",
            "/.git/config",
            "/static/.env",
            "/%2egit/config",
            "/a%00b",
            "/%zz",
            "/%ff",
        ] {
            assert_eq!(safe_segments(bad), None, "{bad}");
        }
        assert_eq!(
            safe_segments("/faqs/assessments/"),
            Some(vec!["faqs".to_owned(), "assessments".to_owned()])
        );
        assert_eq!(
            safe_segments("/news/a%20b.pdf"),
            Some(vec!["news".to_owned(), "a b.pdf".to_owned()])
        );
    }

    #[test]
    fn the_policy_allows_no_inline_code_and_frames_only_from_listed_hosts() {
        let plain = Settings::default().content_security_policy();
        assert!(!plain.contains("unsafe-inline"));
        assert!(plain.contains("frame-src 'none'"));
        assert!(plain.contains("frame-ancestors 'none'"));
        let video = Settings {
            frame_hosts: vec!["www.youtube-nocookie.com".into()],
            ..Settings::default()
        }
        .content_security_policy();
        assert!(
            video.contains("frame-src https://www.youtube-nocookie.com;"),
            "{video}"
        );
    }

    use axum::Router;
    use axum::routing;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    /// Serves `router` behind the guard on a free loopback port; returns the port.
    async fn serve(router: Router, settings: Settings) -> u16 {
        let dir = std::env::temp_dir();
        let guard = Guard::new(settings, &dir);
        let app = router.layer(axum::middleware::from_fn_with_state(guard, super::guard));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        tokio::spawn(async move { axum::serve(listener, app).await });
        port
    }

    /// A GET over a new connection: the status line and headers, lower case.
    async fn get(port: u16, path: &str) -> String {
        let mut s = tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .unwrap();
        s.write_all(
            format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").as_bytes(),
        )
        .await
        .unwrap();
        let mut out = Vec::new();
        s.read_to_end(&mut out).await.unwrap();
        String::from_utf8_lossy(&out).to_lowercase()
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn too_many_requests_at_once_get_503_with_retry_after_not_a_hang() {
        let (entered_tx, mut entered) = tokio::sync::mpsc::channel::<()>(4);
        let release = Arc::new(tokio::sync::Notify::new());
        let r = Arc::clone(&release);
        let router = Router::new().route(
            "/slow",
            routing::get(move || {
                let entered_tx = entered_tx.clone();
                let r = Arc::clone(&r);
                async move {
                    let _ = entered_tx.send(()).await;
                    r.notified().await;
                    "done"
                }
            }),
        );
        let settings = Settings {
            max_in_flight: 1,
            queue_wait: Duration::ZERO,
            ..Settings::default()
        };
        let port = serve(router, settings).await;
        let first = tokio::spawn(async move { get(port, "/slow").await });
        entered.recv().await.unwrap();
        let second = get(port, "/slow").await;
        assert!(second.starts_with("http/1.1 503"), "{second}");
        assert!(second.contains("retry-after: 1"), "{second}");
        assert!(second.contains("content-security-policy"), "{second}");
        release.notify_one();
        let first = first.await.unwrap();
        assert!(first.starts_with("http/1.1 200"), "{first}");
        // The turn is given back: the next request gets in.
        let again = tokio::spawn(async move { get(port, "/slow").await });
        entered.recv().await.unwrap();
        release.notify_one();
        assert!(again.await.unwrap().starts_with("http/1.1 200"));
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_request_that_takes_too_long_gets_503() {
        let router = Router::new().route("/never", routing::get(std::future::pending::<&str>));
        let settings = Settings {
            request_timeout: Duration::from_millis(50),
            ..Settings::default()
        };
        let port = serve(router, settings).await;
        let answer = get(port, "/never").await;
        assert!(answer.starts_with("http/1.1 503"), "{answer}");
        assert!(answer.contains("retry-after: 5"), "{answer}");
    }
}
