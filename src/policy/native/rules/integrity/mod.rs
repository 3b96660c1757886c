//! The native `integrity` rules (`policies/integrity/`).

use crate::policy::native::Native;

mod ban_enum_value_in_transaction;
mod ban_on_delete_cascade;
mod charset_allowlist;
mod column_charset_differs_from_table;
mod column_does_not_exist;
mod common;
mod drop_last_column;
mod mysql_inline_references_ignored;
mod object_already_exists;
mod object_does_not_exist;
mod require_innodb;
mod require_primary_key;
mod require_table_charset;

/// The rules of the category ported so far.
pub(super) const RULES: &[Native] = &[
    Native {
        package: "schemagate.rules.ban_on_delete_cascade",
        entry: "warn",
        eval: ban_on_delete_cascade::warn,
    },
    Native {
        package: "schemagate.rules.require_primary_key",
        entry: "proposal_warn",
        eval: require_primary_key::proposal_warn,
    },
    Native {
        package: "schemagate.rules.object_already_exists",
        entry: "deny",
        eval: object_already_exists::deny,
    },
    Native {
        package: "schemagate.rules.object_does_not_exist",
        entry: "deny",
        eval: object_does_not_exist::deny,
    },
    Native {
        package: "schemagate.rules.column_does_not_exist",
        entry: "deny",
        eval: column_does_not_exist::deny,
    },
    Native {
        package: "schemagate.rules.drop_last_column",
        entry: "deny",
        eval: drop_last_column::deny,
    },
    Native {
        package: "schemagate.rules.ban_enum_value_in_transaction",
        entry: "deny",
        eval: ban_enum_value_in_transaction::deny,
    },
    Native {
        package: "schemagate.rules.mysql_inline_references_ignored",
        entry: "deny",
        eval: mysql_inline_references_ignored::deny,
    },
    Native {
        package: "schemagate.rules.require_innodb",
        entry: "warn",
        eval: require_innodb::warn,
    },
    Native {
        package: "schemagate.rules.require_table_charset",
        entry: "warn",
        eval: require_table_charset::warn,
    },
    Native {
        package: "schemagate.rules.charset_allowlist",
        entry: "warn",
        eval: charset_allowlist::warn,
    },
    Native {
        package: "schemagate.rules.column_charset_differs_from_table",
        entry: "warn",
        eval: column_charset_differs_from_table::warn,
    },
];
