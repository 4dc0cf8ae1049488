//! Accepting connections: HTTP/1.1 with hyper, bounded. `axum::serve` sets no
//! header timeout and no cap on connections, so a client that sends its headers a
//! byte a minute, or a crowd of idle connections, could hold the server's sockets
//! for ever. Here every connection must send its headers within a time limit, the
//! headers and buffers are capped, at most so many connections are open at once
//! (more wait in the kernel's queue), and a stop request lets requests in flight
//! finish for a grace period.
//!
//! The listener accepts here; each connection is then served on one of the
//! [`Workers`] threads, four for each core (see [`super::workers`]).

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};

use super::workers::Workers;
use crate::events::{Event, Reporter};

/// Limits on connections.
#[derive(Debug, Clone)]
pub struct ConnectionLimits {
    /// A client must send a request's headers within this time (also closes idle
    /// kept-alive connections).
    pub header_timeout: Duration,
    /// Connections open at once; more wait to be accepted.
    pub max_connections: usize,
    /// Most bytes of request line and headers hyper will buffer.
    pub max_header_bytes: usize,
    /// After a stop request, how long requests in flight may take to finish.
    pub grace: Duration,
}

impl Default for ConnectionLimits {
    fn default() -> ConnectionLimits {
        ConnectionLimits {
            header_timeout: Duration::from_secs(10),
            max_connections: 1024,
            max_header_bytes: 32 * 1024,
            grace: Duration::from_secs(20),
        }
    }
}

/// Serves `router` on `listener` until `stop` resolves, then lets requests in
/// flight finish for at most `limits.grace`.
pub async fn run(
    listener: TcpListener,
    router: Router,
    limits: ConnectionLimits,
    stop: impl std::future::Future<Output = ()>,
    report: Reporter,
) {
    let (stopping, stopped) = watch::channel(false);
    let open = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .max_buf_size(limits.max_header_bytes.max(8192))
        .keep_alive(true);
    let builder = Arc::new(builder);
    let workers = Workers::start(&report);
    tokio::pin!(stop);
    loop {
        // A free slot first: past the cap, connections wait in the accept queue.
        let slot = tokio::select! {
            slot = Arc::clone(&open).acquire_owned() => match slot {
                Ok(slot) => slot,
                Err(_) => break,
            },
            () = &mut stop => break,
        };
        let (tcp, _) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                // Out of file descriptors and the like: wait, do not spin.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut stop => break,
        };
        // Without TCP_NODELAY small responses wait on delayed ACKs: about 40 ms
        // each on a kept-alive connection (see docs/performance.md).
        let _ = tcp.set_nodelay(true);
        let service = TowerToHyperService::new(router.clone());
        let builder = Arc::clone(&builder);
        let mut stopped = stopped.clone();
        let (worker, serving) = workers.choose(&tcp);
        // Out of this runtime's reactor, to be registered with the worker's:
        // otherwise its readiness would wake this runtime first.
        let Ok(tcp) = tcp.into_std() else {
            continue;
        };
        worker.spawn(async move {
            let _serving = serving;
            let Ok(tcp) = tokio::net::TcpStream::from_std(tcp) else {
                return;
            };
            let conn = builder.serve_connection(TokioIo::new(tcp), service);
            tokio::pin!(conn);
            let stop_asked = async move {
                // The guard `wait_for` returns must not live across an await.
                let _ = stopped.wait_for(|s| *s).await.map(|_| ());
            };
            tokio::select! {
                _ = conn.as_mut() => {}
                () = stop_asked => {
                    conn.as_mut().graceful_shutdown();
                    let _ = conn.await;
                }
            }
            drop(slot);
        });
    }
    drop(listener);
    report(Event::Stopping);
    let _ = stopping.send(true);
    // Every connection holds a slot until it ends: all slots back means all done.
    let all = u32::try_from(limits.max_connections.max(1)).unwrap_or(u32::MAX);
    if tokio::time::timeout(limits.grace, open.acquire_many(all))
        .await
        .is_err()
    {
        report(Event::StoppedLate(limits.grace));
    }
    workers.stop().await;
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::routing::get;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_client_that_never_finishes_its_headers_is_cut_off() {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let limits = ConnectionLimits {
            header_timeout: Duration::from_millis(200),
            ..ConnectionLimits::default()
        };
        let router = Router::new().route("/", get(|| async { "hello" }));
        tokio::spawn(run(
            listener,
            router,
            limits,
            std::future::pending(),
            Arc::new(|_| {}),
        ));
        let mut slow = tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .unwrap();
        slow.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ")
            .await
            .unwrap();
        let mut out = Vec::new();
        // Ends (the server closes the connection) rather than waiting for ever.
        slow.read_to_end(&mut out).await.unwrap();
        let answer = String::from_utf8_lossy(&out);
        assert!(
            out.is_empty() || answer.starts_with("HTTP/1.1 408"),
            "{answer}"
        );
        // Others are still served.
        let mut ok = tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .unwrap();
        ok.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .await
            .unwrap();
        let mut out = Vec::new();
        ok.read_to_end(&mut out).await.unwrap();
        assert!(String::from_utf8_lossy(&out).ends_with("hello"));
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_stop_waits_for_a_request_in_flight() {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let (entered_tx, mut entered) = tokio::sync::mpsc::channel::<()>(1);
        let release = Arc::new(tokio::sync::Notify::new());
        let r = Arc::clone(&release);
        let router = Router::new().route(
            "/slow",
            get(move || {
                let entered_tx = entered_tx.clone();
                let r = Arc::clone(&r);
                async move {
                    let _ = entered_tx.send(()).await;
                    r.notified().await;
                    "finished"
                }
            }),
        );
        let stop = Arc::new(tokio::sync::Notify::new());
        let s = Arc::clone(&stop);
        let server = tokio::spawn(run(
            listener,
            router,
            ConnectionLimits::default(),
            async move { s.notified().await },
            Arc::new(|_| {}),
        ));
        let client = tokio::spawn(async move {
            let mut c = tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .unwrap();
            c.write_all(b"GET /slow HTTP/1.1\r\nHost: x\r\n\r\n")
                .await
                .unwrap();
            let mut out = Vec::new();
            c.read_to_end(&mut out).await.unwrap();
            String::from_utf8_lossy(&out).into_owned()
        });
        entered.recv().await.unwrap();
        stop.notify_one();
        // The server is stopping but the request is still in flight: let it end.
        release.notify_one();
        let answer = client.await.unwrap();
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
        assert!(answer.ends_with("finished"), "{answer}");
        server.await.unwrap();
    }
}
