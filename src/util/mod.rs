//! Small helpers more than one stage uses, one concern per file.

pub mod fingerprint;
pub mod hash;
pub mod html;
pub mod json;
pub mod memory;
pub mod names;
pub mod walk;
