//! The native `naming` rules (`policies/naming/`).

use crate::policy::native::Native;

mod identifier_too_long;
mod object_name_pattern;
mod require_table_schema;

/// The rules of the category ported so far.
pub(super) const RULES: &[Native] = &[
    Native {
        package: "schemagate.rules.identifier_too_long",
        entry: "deny",
        eval: identifier_too_long::deny,
    },
    Native {
        package: "schemagate.rules.object_name_pattern",
        entry: "warn",
        eval: object_name_pattern::warn,
    },
    Native {
        package: "schemagate.rules.require_table_schema",
        entry: "warn",
        eval: require_table_schema::warn,
    },
];
