//! The native `compatibility` rules (`policies/compatibility/`).

use crate::policy::native::Native;

mod ban_drop_not_null;
mod ban_select_star_in_view;
mod renaming_column;
mod renaming_table;

/// The rules of the category ported so far.
pub(super) const RULES: &[Native] = &[
    Native {
        package: "schemagate.rules.renaming_column",
        entry: "deny",
        eval: renaming_column::deny,
    },
    Native {
        package: "schemagate.rules.renaming_table",
        entry: "deny",
        eval: renaming_table::deny,
    },
    Native {
        package: "schemagate.rules.ban_drop_not_null",
        entry: "warn",
        eval: ban_drop_not_null::warn,
    },
    Native {
        package: "schemagate.rules.ban_select_star_in_view",
        entry: "warn",
        eval: ban_select_star_in_view::warn,
    },
];
