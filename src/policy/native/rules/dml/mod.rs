//! The native `dml` rules (`policies/dml/`).

use crate::policy::native::Native;

mod ban_delete_without_where;
mod ban_dml_limit_without_order_by;
mod ban_update_without_where;
mod max_affected_rows;

/// The rules of the category ported so far.
pub(super) const RULES: &[Native] = &[
    Native {
        package: "schemagate.rules.ban_delete_without_where",
        entry: "deny",
        eval: ban_delete_without_where::deny,
    },
    Native {
        package: "schemagate.rules.ban_update_without_where",
        entry: "deny",
        eval: ban_update_without_where::deny,
    },
    Native {
        package: "schemagate.rules.ban_dml_limit_without_order_by",
        entry: "warn",
        eval: ban_dml_limit_without_order_by::warn,
    },
    Native {
        package: "schemagate.rules.max_affected_rows",
        entry: "warn",
        eval: max_affected_rows::warn,
    },
    Native {
        package: "schemagate.rules.max_affected_rows",
        entry: "proposal_warn",
        eval: max_affected_rows::proposal_warn,
    },
];
