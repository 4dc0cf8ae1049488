//! `localoffer serve`: the HTTP server. It serves the built site from `public/`
//! (compressed, with caching headers and the theme's 404 page) and nothing outside
//! it, and answers searches over `search-index/` (see [`search`]).

pub mod listen;
pub mod live;
pub mod openreferral;
pub mod search;
pub mod security;
mod workers;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderValue, Request, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

/// How long browsers and proxies may keep a page before asking again.
const CACHE_CONTROL: &str = "public, max-age=300";

/// Builds the router that serves the site in `public` and searches with `search`,
/// behind the guard and headers of the default [`security::Settings`].
pub fn router(public: &Path, search: Arc<search::SearchState>) -> Router {
    router_with(public, search, None, security::Settings::default())
}

/// [`router`], plus live reload when `live` is given (`serve --watch`), behind the
/// guard and headers of `settings` (see [`security`]).
pub fn router_with(
    public: &Path,
    search: Arc<search::SearchState>,
    live: Option<Arc<live::Live>>,
    settings: security::Settings,
) -> Router {
    let public = public.to_path_buf();
    let guard = security::Guard::new(settings, &public);
    let not_found_dir = public.clone();
    let not_found = tower::service_fn(move |_req: Request<Body>| {
        let dir = not_found_dir.clone();
        async move { Ok::<_, std::convert::Infallible>(security::not_found(&dir).await) }
    });
    let files = ServeDir::new(&public)
        .append_index_html_on_directories(true)
        .not_found_service(not_found);
    let files = tower::ServiceBuilder::new()
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&guard),
            security::static_paths,
        ))
        .service(files);
    let directory = Router::new()
        .route("/openreferral/", get(openreferral::about))
        .route("/openreferral/services", get(openreferral::services))
        .route("/openreferral/services/{id}", get(openreferral::service))
        .with_state(openreferral::OpenReferral::warmed(public.clone()));
    let mut app = Router::new()
        .route("/healthz", get(healthz))
        .route("/api/search", get(search::api))
        .route("/search", get(search::page))
        .with_state(search)
        .merge(directory)
        .fallback_service(files);
    if let Some(live) = live {
        let routes = Router::new()
            .route("/__localoffer/events", get(live::events))
            .route("/__localoffer/status", get(live::status))
            .route("/__localoffer/live.js", get(live::script))
            .route("/__localoffer/live.css", get(live::style))
            .with_state(Arc::clone(&live));
        app = routes
            .merge(app)
            .layer(axum::middleware::from_fn_with_state(live, live::inject));
    }
    app.layer(SetResponseHeaderLayer::if_not_present(
        header::CACHE_CONTROL,
        HeaderValue::from_static(CACHE_CONTROL),
    ))
    .layer(CompressionLayer::new())
    .layer(axum::middleware::from_fn_with_state(guard, security::guard))
}

/// `ok` once the search index is loaded.
async fn healthz(
    axum::extract::State(search): axum::extract::State<Arc<search::SearchState>>,
) -> Response {
    if search.is_ready() {
        "ok".into_response()
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "no search index loaded").into_response()
    }
}

/// Serves `public` on `addr` until Ctrl-C or SIGTERM, then finishes requests in
/// flight and returns.
pub async fn serve(
    addr: SocketAddr,
    public: PathBuf,
    search: Arc<search::SearchState>,
    settings: security::Settings,
) -> std::io::Result<()> {
    serve_with(addr, public, search, None, settings).await
}

/// [`serve`], with live reload when `live` is given (`serve --watch`).
pub async fn serve_with(
    addr: SocketAddr,
    public: PathBuf,
    search: Arc<search::SearchState>,
    live: Option<Arc<live::Live>>,
    settings: security::Settings,
) -> std::io::Result<()> {
    // Listen for the signals before the port opens, so a stop request that comes
    // as soon as the server answers is a clean stop, not a kill.
    let signal = shutdown_signal()?;
    let closing = live.clone();
    let shutdown = async move {
        signal.await;
        // Open event streams would otherwise hold the graceful shutdown forever.
        if let Some(live) = closing {
            live.close();
        }
    };
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let local = listener.local_addr()?;
    search::watch_for_new_index(Arc::clone(&search), Duration::from_secs(1));
    (search.report)(crate::events::Event::Serving {
        public: &public,
        addr: local,
    });
    let router = router_with(&public, Arc::clone(&search), live, settings);
    listen::run(
        listener,
        router,
        listen::ConnectionLimits::default(),
        shutdown,
        Arc::clone(&search.report),
    )
    .await;
    search.misses.save();
    Ok(())
}

#[cfg(unix)]
fn shutdown_signal() -> std::io::Result<impl std::future::Future<Output = ()>> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut terminate = signal(SignalKind::terminate())?;
    let mut interrupt = signal(SignalKind::interrupt())?;
    Ok(async move {
        tokio::select! {
            _ = terminate.recv() => {},
            _ = interrupt.recv() => {},
        }
    })
}

#[cfg(not(unix))]
fn shutdown_signal() -> std::io::Result<impl std::future::Future<Output = ()>> {
    Ok(async {
        let _ = tokio::signal::ctrl_c().await;
    })
}
