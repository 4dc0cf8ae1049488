//! Live reload for `serve --watch`: a server-sent events route that tells open pages
//! a rebuild happened, a small script and style sheet, and a layer that adds them
//! (and the last failed build's problems) to every HTML response.
//!
//! Pages carry the number of the build they came from; the script reloads the page
//! when the events route announces another. Each rebuild, good or bad, has a new
//! number: after a bad one the reloaded page is the last good one with the
//! problems shown over it; after the fix it reloads again without them.

use std::convert::Infallible;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{Html, IntoResponse, Response};
use serde::Serialize;
use tokio::sync::watch;

use crate::diagnostics::{Diagnostic, Severity};
use crate::util::html::escape;

/// The prefix of the routes live reload adds; the site cannot use it.
pub const PREFIX: &str = "/__localoffer/";

const SCRIPT: &str = include_str!("live.js");
const STYLE: &str = include_str!("live.css");
/// What a page shows when no build has ever succeeded, under the problems.
const NO_BUILD_PAGE: &str = "<!DOCTYPE html><html lang=\"en-GB\"><head><meta charset=\"utf-8\">\
<title>The site could not be built</title></head><body><main id=\"main-content\">\
<h1>The site could not be built</h1></main></body></html>";
/// HTML responses larger than this are passed on without the script.
const MAX_HTML_BYTES: usize = 16 * 1024 * 1024;

/// The state of the last rebuild, shared by the watcher and the server.
pub struct Live {
    status: watch::Sender<Status>,
}

/// What the last rebuild did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Status {
    /// Counts rebuilds, good or bad; pages carry the number they were served at.
    pub build: u64,
    /// The problems of the last rebuild; empty when it succeeded.
    pub problems: Vec<Problem>,
    /// Set when the server stops, so open event streams end.
    #[serde(skip)]
    closed: bool,
}

/// One problem, as the error panel and `/__localoffer/status` show it.
#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    /// The file, relative to the site's folder.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
    /// The diagnostic as the terminal shows it: the line and a marker under it.
    pub shown: String,
}

impl Default for Live {
    fn default() -> Self {
        Live {
            status: watch::Sender::new(Status::default()),
        }
    }
}

impl Live {
    /// Records a rebuild with its problems (none if it succeeded) and tells open pages.
    pub fn publish(&self, problems: &[Diagnostic]) {
        let problems: Vec<Problem> = problems
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| Problem {
                file: d.path.display().to_string(),
                line: d.line,
                column: d.column,
                message: d.message.clone(),
                help: d.help.clone(),
                shown: d.render(false),
            })
            .collect();
        self.status.send_modify(|s| {
            s.build += 1;
            s.problems = problems;
        });
    }

    /// Ends the open event streams (the server is stopping).
    pub fn close(&self) {
        self.status.send_modify(|s| s.closed = true);
    }

    /// The current status.
    pub fn status(&self) -> Status {
        self.status.borrow().clone()
    }

    /// `html` with the build number, the script and style, and any problems added.
    fn inject(&self, html: &str) -> String {
        let status = self.status();
        let head = format!(
            "<meta name=\"localoffer-build\" content=\"{}\"><link rel=\"stylesheet\" href=\"{PREFIX}live.css\"><script src=\"{PREFIX}live.js\" defer></script>",
            status.build
        );
        let mut out = String::with_capacity(html.len() + head.len() + 1024);
        match html.find("</head>") {
            Some(i) => {
                out.push_str(&html[..i]);
                out.push_str(&head);
                out.push_str(&html[i..]);
            }
            None => {
                out.push_str(&head);
                out.push_str(html);
            }
        }
        if status.problems.is_empty() {
            return out;
        }
        let panel = panel(&status.problems);
        let at = out
            .find("<body")
            .and_then(|b| out[b..].find('>').map(|e| b + e + 1))
            .unwrap_or(out.len());
        out.insert_str(at, &panel);
        out
    }
}

/// The error panel shown over the page after a failed rebuild.
fn panel(problems: &[Problem]) -> String {
    let mut html = String::from(
        "<section id=\"localoffer-error\" class=\"localoffer-error\" role=\"alert\" aria-labelledby=\"localoffer-error-title\">\
         <h2 id=\"localoffer-error-title\">Your last save has a problem</h2>\
         <p>This is the last version that built. Fix the problem below and save again; the page updates by itself.</p><ol>",
    );
    for p in problems {
        html.push_str(&format!(
            "<li><p><span class=\"localoffer-error__where\">{}:{}:{}</span> {}</p>",
            escape(&p.file),
            p.line,
            p.column,
            escape(&p.message)
        ));
        if let Some(help) = &p.help {
            html.push_str(&format!(
                "<p><strong>How to fix it:</strong> {}</p>",
                escape(help)
            ));
        }
        html.push_str(&format!("<pre>{}</pre></li>", escape(p.shown.trim_end())));
    }
    html.push_str(
        "</ol><button type=\"button\" data-localoffer-hide>Hide this message</button></section>",
    );
    html
}

/// `GET /__localoffer/events`: an event `build` with the current build number when
/// the stream opens and after every rebuild.
pub async fn events(
    State(live): State<Arc<Live>>,
) -> Sse<impl futures_util::Stream<Item = Result<Event, Infallible>>> {
    let rx = live.status.subscribe();
    let stream = futures_util::stream::unfold((rx, true), |(mut rx, first)| async move {
        if !first && rx.changed().await.is_err() {
            return None;
        }
        let (build, closed) = {
            let s = rx.borrow_and_update();
            (s.build, s.closed)
        };
        if closed {
            return None;
        }
        let event = Event::default().event("build").data(build.to_string());
        Some((Ok(event), (rx, false)))
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// `GET /__localoffer/status`: the build number and the last rebuild's problems.
pub async fn status(State(live): State<Arc<Live>>) -> Response {
    axum::Json(live.status()).into_response()
}

/// `GET /__localoffer/live.js`.
pub async fn script() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        SCRIPT,
    )
        .into_response()
}

/// `GET /__localoffer/live.css`.
pub async fn style() -> Response {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], STYLE).into_response()
}

/// Middleware: nothing is cached (every reload must show the latest build) and
/// HTML pages get the live-reload script and any problems.
pub async fn inject(State(live): State<Arc<Live>>, mut req: Request, next: Next) -> Response {
    // A "not modified" answer would bring back a page with an old build number.
    req.headers_mut().remove(header::IF_MODIFIED_SINCE);
    req.headers_mut().remove(header::IF_NONE_MATCH);
    let own = req.uri().path().starts_with(PREFIX);
    let mut res = next.run(req).await;
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !own && !is_html && res.status() == StatusCode::NOT_FOUND {
        let status = live.status();
        if !status.problems.is_empty() {
            // No build has ever succeeded (there is no 404 page yet): still show why.
            let mut res = Html(live.inject(NO_BUILD_PAGE)).into_response();
            *res.status_mut() = StatusCode::NOT_FOUND;
            res.headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            return res;
        }
    }
    if own || !is_html || !matches!(res.status(), StatusCode::OK | StatusCode::NOT_FOUND) {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_HTML_BYTES).await {
        Ok(b) => b,
        Err(_) => return (StatusCode::INTERNAL_SERVER_ERROR, "page too large").into_response(),
    };
    let html = live.inject(&String::from_utf8_lossy(&bytes));
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(html))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_get_the_script_and_problems_escaped_after_the_body_tag() {
        let live = Live::default();
        let page =
            "<html><head><title>x</title></head><body class=\"a\"><main>Hi</main></body></html>";
        let html = live.inject(page);
        assert!(html.contains("<meta name=\"localoffer-build\" content=\"0\"><link rel=\"stylesheet\" href=\"/__localoffer/live.css\"><script src=\"/__localoffer/live.js\" defer></script></head>"), "{html}");
        assert!(!html.contains("localoffer-error"));
        live.publish(&[Diagnostic::error("content/a.md", "bad <thing>").help("fix it")]);
        let html = live.inject(page);
        assert!(html.contains("content=\"1\""));
        assert!(
            html.contains("<body class=\"a\"><section id=\"localoffer-error\""),
            "{html}"
        );
        assert!(
            html.contains("content/a.md:1:1</span> bad &lt;thing&gt;"),
            "{html}"
        );
        assert!(html.contains("How to fix it:</strong> fix it"));
        live.publish(&[]);
        assert!(!live.inject(page).contains("localoffer-error"));
    }
}
