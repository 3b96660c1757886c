//! The native `locking` rules (`policies/locking/`).

use crate::policy::native::Native;

mod add_constraint_without_using_index;
mod adding_field_with_default;
mod adding_not_nullable_field;
mod adding_required_field;
mod backfill_in_ddl_transaction;
mod enum_change_copies_table;
mod foreign_key_without_index;
#[cfg(test)]
mod helps;
mod lock_duration;
mod require_concurrent_index_creation;
mod require_concurrent_index_deletion;
mod require_lock_timeout;

/// The rules of the category ported so far.
pub(super) const RULES: &[Native] = &[
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
