//! The native `hygiene` rules (`policies/hygiene/`).

use crate::policy::native::Native;

mod common;
mod statement_not_analyzed;

/// The rules of the category ported so far.
pub(super) const RULES: &[Native] = &[Native {
    package: "schemagate.rules.statement_not_analyzed",
    entry: "deny",
    eval: statement_not_analyzed::deny,
}];
