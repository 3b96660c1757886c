//! The native `locking` rules (`policies/locking/`).

use crate::policy::native::Native;

mod large_table_rewrite;

/// The rules of the category ported so far.
pub(super) const RULES: &[Native] = &[Native {
    package: "schemagate.rules.large_table_rewrite",
    entry: "warn",
    eval: large_table_rewrite::warn,
}];
