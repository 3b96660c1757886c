//! The native `hygiene` rules (`policies/hygiene/`).

use crate::policy::native::Native;

mod ban_create_trigger;
mod ban_uncommitted_transaction;
mod ban_use_database;
mod common;
mod index_column_limit;
mod prefer_robust_stmts;
mod require_column_comment;
mod require_enum_value_ordering;
mod require_table_comment;
mod statement_not_analyzed;
mod table_column_limit;
mod transaction_nesting;

/// The rules of the category ported so far.
pub(super) const RULES: &[Native] = &[
    Native {
        package: "schemagate.rules.statement_not_analyzed",
        entry: "deny",
        eval: statement_not_analyzed::deny,
    },
    Native {
        package: "schemagate.rules.prefer_robust_stmts",
        entry: "warn",
        eval: prefer_robust_stmts::warn,
    },
    Native {
        package: "schemagate.rules.transaction_nesting",
        entry: "warn",
        eval: transaction_nesting::warn,
    },
    Native {
        package: "schemagate.rules.ban_uncommitted_transaction",
        entry: "warn",
        eval: ban_uncommitted_transaction::warn,
    },
    Native {
        package: "schemagate.rules.require_column_comment",
        entry: "warn",
        eval: require_column_comment::warn,
    },
    Native {
        package: "schemagate.rules.require_table_comment",
        entry: "warn",
        eval: require_table_comment::warn,
    },
    Native {
        package: "schemagate.rules.index_column_limit",
        entry: "warn",
        eval: index_column_limit::warn,
    },
    Native {
        package: "schemagate.rules.table_column_limit",
        entry: "warn",
        eval: table_column_limit::warn,
    },
    Native {
        package: "schemagate.rules.require_enum_value_ordering",
        entry: "warn",
        eval: require_enum_value_ordering::warn,
    },
    Native {
        package: "schemagate.rules.ban_create_trigger",
        entry: "warn",
        eval: ban_create_trigger::warn,
    },
    Native {
        package: "schemagate.rules.ban_use_database",
        entry: "warn",
        eval: ban_use_database::warn,
    },
];
