//! The native `locking` rules (`policies/locking/`).

use crate::policy::native::Native;

mod changing_column_type;
mod constraint_missing_not_valid;
mod large_table_rewrite;
#[cfg(test)]
mod oracle;
mod prefer_repack;
mod prefer_single_alter_table;
mod require_online_alter;

/// The rules of the category ported so far.
pub(super) const RULES: &[Native] = &[
    Native {
        package: "schemagate.rules.large_table_rewrite",
        entry: "warn",
        eval: large_table_rewrite::warn,
    },
    Native {
        package: "schemagate.rules.changing_column_type",
        entry: "deny",
        eval: changing_column_type::deny,
    },
    Native {
        package: "schemagate.rules.constraint_missing_not_valid",
        entry: "deny",
        eval: constraint_missing_not_valid::deny,
    },
    Native {
        package: "schemagate.rules.prefer_repack",
        entry: "warn",
        eval: prefer_repack::warn,
    },
    Native {
        package: "schemagate.rules.prefer_single_alter_table",
        entry: "warn",
        eval: prefer_single_alter_table::warn,
    },
    Native {
        package: "schemagate.rules.require_online_alter",
        entry: "warn",
        eval: require_online_alter::warn,
    },
];
