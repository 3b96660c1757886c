//! The native `locking` rules (`policies/locking/`).

use crate::policy::native::Native;

mod add_constraint_without_using_index;
mod adding_field_with_default;
mod adding_not_nullable_field;
mod adding_required_field;
mod backfill_in_ddl_transaction;
mod ban_alter_domain_with_add_constraint;
mod ban_concurrently_in_transaction;
mod ban_create_domain_with_constraint;
mod changing_column_type;
mod constraint_missing_not_valid;
mod enum_change_copies_table;
mod foreign_key_without_index;
#[cfg(test)]
mod helps;
mod large_table_rewrite;
mod lock_duration;
#[cfg(test)]
mod oracle;
mod prefer_repack;
mod prefer_single_alter_table;
mod require_concurrent_index_creation;
mod require_concurrent_index_deletion;
mod require_concurrent_partition_detach;
mod require_concurrent_reindex;
mod require_lock_timeout;
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
    Native {
        package: "schemagate.rules.require_lock_timeout",
        entry: "warn",
        eval: require_lock_timeout::warn,
    },
    Native {
        package: "schemagate.rules.foreign_key_without_index",
        entry: "proposal_warn",
        eval: foreign_key_without_index::proposal_warn,
    },
    Native {
        package: "schemagate.rules.lock_duration",
        entry: "deny",
        eval: lock_duration::deny,
    },
    Native {
        package: "schemagate.rules.lock_duration",
        entry: "proposal_warn",
        eval: lock_duration::proposal_warn,
    },
    Native {
        package: "schemagate.rules.require_concurrent_index_creation",
        entry: "deny",
        eval: require_concurrent_index_creation::deny,
    },
    Native {
        package: "schemagate.rules.require_concurrent_index_deletion",
        entry: "warn",
        eval: require_concurrent_index_deletion::warn,
    },
    Native {
        package: "schemagate.rules.add_constraint_without_using_index",
        entry: "warn",
        eval: add_constraint_without_using_index::warn,
    },
    Native {
        package: "schemagate.rules.backfill_in_ddl_transaction",
        entry: "warn",
        eval: backfill_in_ddl_transaction::warn,
    },
    Native {
        package: "schemagate.rules.enum_change_copies_table",
        entry: "warn",
        eval: enum_change_copies_table::warn,
    },
    Native {
        package: "schemagate.rules.adding_not_nullable_field",
        entry: "warn",
        eval: adding_not_nullable_field::warn,
    },
    Native {
        package: "schemagate.rules.adding_required_field",
        entry: "deny",
        eval: adding_required_field::deny,
    },
    Native {
        package: "schemagate.rules.adding_field_with_default",
        entry: "deny",
        eval: adding_field_with_default::deny,
    },
];
