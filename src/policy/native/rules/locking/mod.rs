//! The native `locking` rules (`policies/locking/`).

use crate::policy::native::Native;

mod ban_alter_domain_with_add_constraint;
mod ban_concurrently_in_transaction;
mod ban_create_domain_with_constraint;
mod changing_column_type;
mod constraint_missing_not_valid;
mod large_table_rewrite;
#[cfg(test)]
mod oracle;
mod prefer_repack;
mod prefer_single_alter_table;
mod require_concurrent_partition_detach;
mod require_concurrent_reindex;
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
    Native {
        package: "schemagate.rules.ban_concurrently_in_transaction",
        entry: "deny",
        eval: ban_concurrently_in_transaction::deny,
    },
    Native {
        package: "schemagate.rules.ban_alter_domain_with_add_constraint",
        entry: "warn",
        eval: ban_alter_domain_with_add_constraint::warn,
    },
    Native {
        package: "schemagate.rules.ban_create_domain_with_constraint",
        entry: "warn",
        eval: ban_create_domain_with_constraint::warn,
    },
    Native {
        package: "schemagate.rules.require_concurrent_partition_detach",
        entry: "warn",
        eval: require_concurrent_partition_detach::warn,
    },
    Native {
        package: "schemagate.rules.require_concurrent_reindex",
        entry: "warn",
        eval: require_concurrent_reindex::warn,
    },
];
