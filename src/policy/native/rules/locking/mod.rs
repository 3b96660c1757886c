//! The native `locking` rules (`policies/locking/`).

use crate::policy::native::Native;

mod require_lock_timeout;

/// The rules of the category ported so far.
pub(super) const RULES: &[Native] = &[Native {
    package: "schemagate.rules.require_lock_timeout",
    entry: "warn",
    eval: require_lock_timeout::warn,
}];
