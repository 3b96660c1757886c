//! The native `locking` rules (`policies/locking/`).

use crate::policy::native::Native;

mod foreign_key_without_index;
#[cfg(test)]
mod helps;
mod lock_duration;
mod require_lock_timeout;

/// The rules of the category ported so far.
pub(super) const RULES: &[Native] = &[
    Native {
        package: "schemagate.rules.require_lock_timeout",
        entry: "warn",
        eval: require_lock_timeout::warn,
    },
    Native {
        package: "schemagate.rules.foreign_key_without_index",
        entry: "proposal_warn",
        eval: foreign_key_without_index::proposal_warn,
    },
    Native {
        package: "schemagate.rules.lock_duration",
        entry: "deny",
        eval: lock_duration::deny,
    },
    Native {
        package: "schemagate.rules.lock_duration",
        entry: "proposal_warn",
        eval: lock_duration::proposal_warn,
    },
];
