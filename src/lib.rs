//! localoffer: a static site generator and search server for a council's SEND Local
//! Offer. See ARCHITECTURE.md for a map of the code.
//!
//! The pipeline: `site.toml` + `content/` -> [`content::Site`] -> `public/` and
//! `search-index/`.

pub mod build;
pub mod check;
pub mod cli;
pub mod clock;
pub mod config;
pub mod content;
pub mod coverage;
pub mod diagnostics;
pub mod error;
pub mod events;
pub mod markdown;
pub mod openreferral;
pub mod output;
pub mod rebuild;
pub mod render;
pub mod sanitise;
pub mod scaffold;
pub mod schedule;
pub mod search;
pub mod server;
pub mod util;
pub mod watch;
