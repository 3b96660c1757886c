//! The native `destructive` rules (`policies/destructive/`).

use crate::policy::native::Native;

mod ban_drop_table;

/// The rules of the category ported so far.
pub(super) const RULES: &[Native] = &[Native {
    package: "schemagate.rules.ban_drop_table",
    entry: "deny",
    eval: ban_drop_table::deny,
}];
