//! The native `security` rules (`policies/security/`).

use crate::policy::native::Native;

mod ban_alter_system;
mod ban_catalog_dml;
mod ban_disable_trigger;
mod ban_execute_immediate_concatenation;
mod ban_grant_all;
mod ban_grant_to_public;
mod ban_grant_with_admin_option;
mod ban_grant_with_grant_option;
mod ban_password_in_migration;
mod ban_role_changes;
mod ban_session_replication_role;
mod ban_xp_cmdshell;
mod common;
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
    Native {
        package: "schemagate.rules.ban_disable_trigger",
        entry: "warn",
        eval: ban_disable_trigger::warn,
    },
    Native {
        package: "schemagate.rules.ban_role_changes",
        entry: "warn",
        eval: ban_role_changes::warn,
    },
    Native {
        package: "schemagate.rules.ban_execute_immediate_concatenation",
        entry: "warn",
        eval: ban_execute_immediate_concatenation::warn,
    },
    Native {
        package: "schemagate.rules.ban_grant_all",
        entry: "warn",
        eval: ban_grant_all::warn,
    },
    Native {
        package: "schemagate.rules.ban_grant_to_public",
        entry: "deny",
        eval: ban_grant_to_public::deny,
    },
    Native {
        package: "schemagate.rules.ban_grant_with_admin_option",
        entry: "warn",
        eval: ban_grant_with_admin_option::warn,
    },
    Native {
        package: "schemagate.rules.ban_grant_with_grant_option",
        entry: "warn",
        eval: ban_grant_with_grant_option::warn,
    },
    Native {
        package: "schemagate.rules.ban_password_in_migration",
        entry: "deny",
        eval: ban_password_in_migration::deny,
    },
    Native {
        package: "schemagate.rules.ban_session_replication_role",
        entry: "deny",
        eval: ban_session_replication_role::deny,
    },
    Native {
        package: "schemagate.rules.ban_alter_system",
        entry: "deny",
        eval: ban_alter_system::deny,
    },
    Native {
        package: "schemagate.rules.ban_xp_cmdshell",
        entry: "deny",
        eval: ban_xp_cmdshell::deny,
    },
];
