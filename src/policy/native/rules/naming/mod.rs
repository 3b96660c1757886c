//! The native `naming` rules (`policies/naming/`).

use crate::policy::native::Native;

mod identifier_too_long;

/// The rules of the category ported so far.
pub(super) const RULES: &[Native] = &[Native {
    package: "schemagate.rules.identifier_too_long",
    entry: "deny",
    eval: identifier_too_long::deny,
}];
