//! The native `rollback` rules (`policies/rollback/`).

use crate::policy::native::Native;

mod rollback_does_not_restore;
mod rollback_lossy;
mod rollback_missing;

/// The rules of the category ported so far.
pub(super) const RULES: &[Native] = &[
    Native {
        package: "schemagate.rules.rollback_missing",
        entry: "warn",
        eval: rollback_missing::warn,
    },
    Native {
        package: "schemagate.rules.rollback_lossy",
        entry: "warn",
        eval: rollback_lossy::warn,
    },
    Native {
        package: "schemagate.rules.rollback_does_not_restore",
        entry: "deny",
        eval: rollback_does_not_restore::deny,
    },
];
