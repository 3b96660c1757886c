//! The native `destructive` rules (`policies/destructive/`).

use crate::policy::native::Native;

mod ban_drop_cascade;
mod ban_drop_column;
mod ban_drop_database;
mod ban_drop_schema;
mod ban_drop_table;
mod ban_truncate;
mod ban_truncate_cascade;
mod drop_table_name_pattern;

/// The rules of the category ported so far.
pub(super) const RULES: &[Native] = &[
    Native {
        package: "schemagate.rules.ban_drop_table",
        entry: "deny",
        eval: ban_drop_table::deny,
    },
    Native {
        package: "schemagate.rules.ban_drop_column",
        entry: "deny",
        eval: ban_drop_column::deny,
    },
    Native {
        package: "schemagate.rules.ban_drop_cascade",
        entry: "warn",
        eval: ban_drop_cascade::warn,
    },
    Native {
        package: "schemagate.rules.ban_drop_database",
        entry: "deny",
        eval: ban_drop_database::deny,
    },
    Native {
        package: "schemagate.rules.ban_drop_schema",
        entry: "deny",
        eval: ban_drop_schema::deny,
    },
    Native {
        package: "schemagate.rules.ban_truncate",
        entry: "deny",
        eval: ban_truncate::deny,
    },
    Native {
        package: "schemagate.rules.ban_truncate_cascade",
        entry: "deny",
        eval: ban_truncate_cascade::deny,
    },
    Native {
        package: "schemagate.rules.drop_table_name_pattern",
        entry: "warn",
        eval: drop_table_name_pattern::warn,
    },
];
