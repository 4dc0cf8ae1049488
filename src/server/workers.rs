//! The threads connections are served on: [`THREADS_PER_CORE`] for each core the
//! server may use, each running a single-threaded runtime of its own, and each
//! connection served on one of them from its first request to its last (as
//! actix-web serves).
//!
//! On tokio's shared runtime a connection's work could move between the cores
//! from one request to the next. Here nothing is handed over once a connection
//! has its thread. On Linux, when the server may use every
//! core it sees, each thread is also pinned to a core, and a new connection
//! goes to the least busy thread of the core its packets arrive on
//! (`SO_INCOMING_CPU`): a request is then read, answered and sent on the core
//! that received it. The count of connections each thread serves keeps that
//! from loading one thread with more than its share.
//!
//! Measured on the 10,000-page corpus of `scripts/bench` (new queries, wrk at
//! 32 connections on the same two cores): see docs/performance.md, "5 December,
//! later: a thread for each core" and "6 December: four threads for each
//! core".

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::net::TcpStream;
use tokio::runtime::Handle;
use tokio::sync::watch;

use crate::events::{Event, Reporter};

/// How many serving threads each core has. With one, the thread always had a
/// request to answer, and a client on the same cores (wrk in the load test; a
/// proxy on the same machine, as in `deploy/nginx.conf`, would be another,
/// though that was not measured) was woken by each answer, took the core from
/// it, read that one answer and waited again: two switches a request. With
/// four, each serves a quarter of the core's connections and waits when they
/// have nothing for it, and the client reads several answers each time it is
/// woken. In eleven pairs of fresh servers under the load test, wrk's switches
/// fell from 0.68-0.84 a request to 0.24-0.29 and its CPU from 19-23 µs a
/// request to 14-17 µs; the server's own CPU a request varies from one fresh
/// server to the next by more than that (docs/performance.md, "6 December:
/// four threads for each core"). A slow search also holds up only its own
/// thread's quarter of the connections.
const THREADS_PER_CORE: usize = 4;

/// The thread of a connection's own core is given it if it then serves at most
/// twice as many connections as the least busy thread, plus this. (A client
/// can open its connections one after another from one core: a bound of one
/// more than the least busy would send about half of them to other cores.)
const SLACK: usize = 2;

/// The serving threads (see the module's documentation).
pub(super) struct Workers {
    workers: Vec<Worker>,
    /// Set when the threads may end.
    done: watch::Sender<bool>,
    threads: Vec<std::thread::JoinHandle<()>>,
}

/// One serving thread.
struct Worker {
    runtime: Handle,
    /// The core it is pinned to, if it is.
    cpu: Option<usize>,
    /// How many connections it serves now.
    open: Arc<AtomicUsize>,
}

impl Workers {
    /// Starts [`THREADS_PER_CORE`] threads for each core. If none can be
    /// started, connections are served on the runtime this is called on.
    pub(super) fn start(report: &Reporter) -> Workers {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let usable = cpus::usable();
        // Pinned only when the server may use every core it sees: under a
        // quota of fewer cores, pinning would choose which cores for the system.
        let pinned = cores > 1 && usable.len() == cores;
        let threads = cores * THREADS_PER_CORE;
        let (done, _) = watch::channel(false);
        let mut workers = Workers {
            workers: Vec::with_capacity(threads),
            done,
            threads: Vec::with_capacity(threads),
        };
        for n in 0..threads {
            let cpu = usable.get(n % cores).copied().filter(|_| pinned);
            if let Err(e) = workers.add(n, cpu) {
                let serving = match n {
                    0 => "the main threads".to_owned(),
                    n => format!("{n} of them"),
                };
                report(Event::Warning(format!(
                    "could not start server thread {} of {threads}: {e}; serving on {serving}",
                    n + 1
                )));
                break;
            }
        }
        if workers.workers.is_empty() {
            workers.workers.push(Worker {
                runtime: Handle::current(),
                cpu: None,
                open: Arc::default(),
            });
        }
        workers
    }

    fn add(&mut self, n: usize, cpu: Option<usize>) -> std::io::Result<()> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let handle = runtime.handle().clone();
        let mut done = self.done.subscribe();
        let thread = std::thread::Builder::new()
            .name(format!("localoffer-http-{n}"))
            .spawn(move || {
                if let Some(cpu) = cpu {
                    cpus::pin_to(cpu);
                }
                runtime.block_on(async move {
                    let _ = done.wait_for(|d| *d).await;
                });
                // Connections still open past the grace period end here.
                runtime.shutdown_background();
            })?;
        self.workers.push(Worker {
            runtime: handle,
            cpu,
            open: Arc::default(),
        });
        self.threads.push(thread);
        Ok(())
    }

    /// The thread to serve `tcp` on, counting it there until the returned
    /// [`Serving`] is dropped: the least busy of its own core's, unless that
    /// one would then serve more than twice as many as the least busy of all,
    /// plus [`SLACK`].
    pub(super) fn choose(&self, tcp: &TcpStream) -> (&Handle, Serving) {
        let count = |w: &Worker| w.open.load(Ordering::Relaxed);
        let least = self
            .workers
            .iter()
            .min_by_key(|w| count(w))
            .unwrap_or(&self.workers[0]);
        let own = cpus::incoming(tcp)
            .and_then(|cpu| {
                self.workers
                    .iter()
                    .filter(|w| w.cpu == Some(cpu))
                    .min_by_key(|w| count(w))
            })
            .filter(|w| count(w) < 2 * count(least) + SLACK);
        let worker = own.unwrap_or(least);
        worker.open.fetch_add(1, Ordering::Relaxed);
        (&worker.runtime, Serving(Arc::clone(&worker.open)))
    }

    /// Lets the threads end, and waits until they have.
    pub(super) async fn stop(self) {
        let _ = self.done.send(true);
        let threads = self.threads;
        let _ = tokio::task::spawn_blocking(move || {
            for thread in threads {
                let _ = thread.join();
            }
        })
        .await;
    }
}

/// A connection, counted against its thread while it lasts.
pub(super) struct Serving(Arc<AtomicUsize>);

impl Drop for Serving {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

/// The cores: which this process may use, pinning a thread to one, and which
/// one a connection's packets arrive on.
#[cfg(target_os = "linux")]
mod cpus {
    use std::os::fd::AsRawFd;

    /// The cores this process may run on, in order.
    pub fn usable() -> Vec<usize> {
        // SAFETY: an all-zero `cpu_set_t` is an empty set, which the call fills.
        let mut set: libc::cpu_set_t = unsafe { std::mem::zeroed() };
        // SAFETY: `set` is a valid `cpu_set_t` of the size passed.
        if unsafe { libc::sched_getaffinity(0, size_of::<libc::cpu_set_t>(), &mut set) } != 0 {
            return Vec::new();
        }
        (0..libc::CPU_SETSIZE as usize)
            // SAFETY: `c` is below CPU_SETSIZE, the set's size.
            .filter(|&c| unsafe { libc::CPU_ISSET(c, &set) })
            .collect()
    }

    /// Pins the calling thread to `cpu` (if the system lets it).
    pub fn pin_to(cpu: usize) {
        // SAFETY: as in `usable`; `cpu` comes from it, so is below CPU_SETSIZE.
        let mut set: libc::cpu_set_t = unsafe { std::mem::zeroed() };
        unsafe { libc::CPU_SET(cpu, &mut set) };
        // SAFETY: `set` is a valid `cpu_set_t` of the size passed.
        let _ = unsafe { libc::sched_setaffinity(0, size_of::<libc::cpu_set_t>(), &set) };
    }

    /// The core that received `tcp`'s latest packets.
    pub fn incoming(tcp: &tokio::net::TcpStream) -> Option<usize> {
        let mut cpu: libc::c_int = -1;
        let mut len = size_of::<libc::c_int>() as libc::socklen_t;
        // SAFETY: `cpu` and `len` are valid for the option's size, and the
        // socket is open for as long as `tcp` is borrowed.
        let read = unsafe {
            libc::getsockopt(
                tcp.as_raw_fd(),
                libc::SOL_SOCKET,
                libc::SO_INCOMING_CPU,
                (&raw mut cpu).cast(),
                &mut len,
            )
        };
        (read == 0)
            .then_some(cpu)
            .and_then(|c| usize::try_from(c).ok())
    }
}

/// Elsewhere threads are neither pinned nor chosen by core.
#[cfg(not(target_os = "linux"))]
mod cpus {
    pub fn usable() -> Vec<usize> {
        Vec::new()
    }

    pub fn pin_to(_cpu: usize) {}

    pub fn incoming(_tcp: &tokio::net::TcpStream) -> Option<usize> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn connections_are_shared_out_and_counted_until_they_end() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let report: Reporter = Arc::new(|_| {});
        let workers = Workers::start(&report);
        let mut clients = Vec::new();
        let mut serving = Vec::new();
        for _ in 0..24 {
            clients.push(std::net::TcpStream::connect(addr).unwrap());
            let (tcp, _) = listener.accept().await.unwrap();
            serving.push(workers.choose(&tcp).1);
        }
        let counts: Vec<usize> = workers
            .workers
            .iter()
            .map(|w| w.open.load(Ordering::Relaxed))
            .collect();
        assert_eq!(counts.iter().sum::<usize>(), 24, "{counts:?}");
        let least = counts.iter().min().copied().unwrap_or(0);
        assert!(
            counts.iter().all(|&n| n <= 2 * least + SLACK),
            "one thread was given more than its share: {counts:?}"
        );
        drop(serving);
        assert!(
            workers
                .workers
                .iter()
                .all(|w| w.open.load(Ordering::Relaxed) == 0)
        );
        workers.stop().await;
    }
}
