//! Open Referral UK 3.0, the standard English councils exchange service directories
//! in: the directory written out as its JSON ([`export`]), read in from it
//! ([`import`]), and the read API `serve` answers from the exported files
//! (`server/openreferral.rs`).
//!
//! The mapping, both ways (`docs/directory.md` has it for staff):
//!
//! | front matter | Open Referral |
//! |---|---|
//! | `id`, `title`, `status`, body (Markdown) | `id`, `name`, `status`, `description` |
//! | `organisation` (a file in `content/organisations/`) | `organization` and `organization_id` |
//! | `website`, `email` | `url`, `email` |
//! | `minimum_age`, `maximum_age`, `alert` | the same |
//! | `free`, `costs` | `cost_options` (`amount`, `amount_description`; free is one option of amount 0, `option: Free`) |
//! | `contacts` | `contacts` (`name`, `title`, `email`, `phones[].number`) |
//! | `locations` | `service_at_locations[].location` (`name`, `latitude`, `longitude`, `addresses`, `accessibility`) |
//! | `schedules` | `schedules` (`freq: WEEKLY`, `byday`, `opens_at`, `closes_at`, `description`) |
//! | `languages` | `languages[].name` |
//! | `how_to_access`, `eligibility` | HSDS 3.0's `application_process`, `eligibility_description` |
//! | `categories`, `needs`, `access` | `attributes[].taxonomy_term` in the taxonomies `localoffer-category`, `send-area-of-need` and `localoffer-access` |
//! | `checked`, `checked_by` | `assured_date`, `assurer_email` (`checked_by` when it is an email address) |
//! | `summary`, a `checked_by` that is a name | `localoffer.summary`, `localoffer.checked_by` (an extension object; other systems ignore it) |
//!
//! The parts of a service that front matter does not give ids (contacts, phones,
//! locations, schedules, cost options, terms) get ids made from the service's id
//! and their place ([`stable_id`]), so the same content always exports the same.

pub mod export;
pub mod import;

use crate::util::hash::hash_of;

/// The taxonomy of `[directory] categories`.
pub const CATEGORY_TAXONOMY: &str = "localoffer-category";
/// The taxonomy of the SEND Code of Practice's broad areas of need.
pub const NEED_TAXONOMY: &str = "send-area-of-need";
/// The taxonomy of how a service is got (referral, self-referral).
pub const ACCESS_TAXONOMY: &str = "localoffer-access";

/// A UUID made from `parts`, the same in every run: the ids Open Referral wants
/// for the parts of a service (contacts, locations, schedules) that front matter
/// does not name.
pub fn stable_id(parts: &(impl std::hash::Hash + ?Sized)) -> String {
    let a = hash_of(&(parts, 1u8)).to_le_bytes();
    let b = hash_of(&(parts, 2u8)).to_le_bytes();
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&a);
    bytes[8..].copy_from_slice(&b);
    uuid::Builder::from_random_bytes(bytes)
        .into_uuid()
        .to_string()
}
