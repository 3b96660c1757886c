//! The native `security` rules (`policies/security/`).

use crate::policy::native::Native;

mod ban_catalog_dml;
mod grant_outside_allowlist;
mod grant_privilege_disallow_list;
mod schema_outside_allowlist;
mod security_definer_without_search_path;

/// The rules of the category ported so far.
pub(super) const RULES: &[Native] = &[
    Native {
        package: "schemagate.rules.ban_catalog_dml",
        entry: "deny",
        eval: ban_catalog_dml::deny,
    },
    Native {
        package: "schemagate.rules.grant_privilege_disallow_list",
        entry: "warn",
        eval: grant_privilege_disallow_list::warn,
    },
    Native {
        package: "schemagate.rules.grant_outside_allowlist",
        entry: "deny",
        eval: grant_outside_allowlist::deny,
    },
    Native {
        package: "schemagate.rules.schema_outside_allowlist",
        entry: "deny",
        eval: schema_outside_allowlist::deny,
    },
    Native {
        package: "schemagate.rules.security_definer_without_search_path",
        entry: "deny",
        eval: security_definer_without_search_path::deny,
    },
];
