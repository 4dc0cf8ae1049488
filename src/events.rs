//! What long-running work has to tell the person running it: watch mode's
//! rebuilds and index updates, and scheduled rebuilds. The library hands each
//! [`Event`] to a [`Reporter`]; the command line decides how to show it
//! (`cli::print::event`), and tests can collect them instead.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use crate::build::{BuildError, BuildReport};
use crate::content::site::Scheduled;

/// Something that happened while the site was being watched, rebuilt on time or
/// served.
#[derive(Debug)]
pub enum Event<'a> {
    /// Watch mode rebuilt the pages in place.
    Rebuilt {
        /// How long it took.
        elapsed: Duration,
        /// Files written or removed.
        changed: usize,
    },
    /// Watch mode could not rebuild: the last good pages stay.
    NotRebuilt(&'a BuildError),
    /// Watch mode brought the search index up to date.
    IndexUpdated {
        /// How long it took.
        elapsed: Duration,
        /// Entries written or removed.
        changed: usize,
        /// Entries in the index.
        documents: usize,
    },
    /// A newly opened search index was read into memory and worked out what
    /// its most used words need before answering anyone (see
    /// `SearchIndex::open_in_memory` and `SearchIndex::warm`).
    IndexWarmed {
        /// How long reading and warming took.
        elapsed: Duration,
        /// Words warmed.
        words: usize,
        /// Words it would have warmed given the time.
        of: usize,
        /// Documents whose results' text was read beforehand.
        documents: usize,
    },
    /// A scheduled change is due and the site is being built for it.
    ScheduledRebuild(&'a Scheduled),
    /// A scheduled rebuild finished.
    Built(&'a BuildReport),
    /// A scheduled rebuild failed; the site stays as it was and it is tried again
    /// in five minutes.
    ScheduledRebuildFailed(&'a BuildError),
    /// The server is listening.
    Serving {
        /// The folder it serves.
        public: &'a Path,
        /// Where it listens.
        addr: SocketAddr,
    },
    /// The server was asked to stop and is finishing the requests in flight.
    Stopping,
    /// Connections were still open when the time to finish them ran out, and were
    /// closed.
    StoppedLate(Duration),
    /// A request failed on the server's side (the visitor got a 500).
    RequestFailed(String),
    /// Something went wrong that does not stop the work.
    Warning(String),
    /// Timings and file events, with `LOCALOFFER_DEBUG_WATCH` set.
    Debug(String),
}

/// Where events go.
pub type Reporter = Arc<dyn Fn(Event<'_>) + Send + Sync>;

/// Whether `LOCALOFFER_DEBUG_WATCH` asks for [`Event::Debug`] events.
pub fn debugging() -> bool {
    std::env::var_os("LOCALOFFER_DEBUG_WATCH").is_some()
}
