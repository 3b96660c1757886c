//! The native rules, one file per rule beside the category's list, as
//! under `policies/`.

use super::Native;

mod compatibility;
mod destructive;
mod dml;
mod history;
mod hygiene;
mod integrity;
mod locking;
mod naming;
mod rollback;
mod security;
mod types;

/// Every native rule, by category.
pub(super) const ALL: &[&[Native]] = &[
    compatibility::RULES,
    destructive::RULES,
    dml::RULES,
    history::RULES,
    hygiene::RULES,
    integrity::RULES,
    locking::RULES,
    naming::RULES,
    rollback::RULES,
    security::RULES,
    types::RULES,
];
