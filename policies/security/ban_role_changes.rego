package schemagate.rules.ban_role_changes

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "ban-role-changes",
	"title": "Role or user changed by a migration",
	"severity": "warning",
	"category": "security",
	"description": "`CREATE`, `ALTER` and `DROP` of roles and users change who can connect and what they may do, for the whole server (roles are not per database in PostgreSQL), and are usually the DBA's to review, not the application's. Roles listed in `params.ban-role-changes.allowed_roles` (the application's own) are not flagged.",
	"help": "Manage roles outside the application's migrations (provisioning, the DBA's change process); list the roles the migrations may manage: `params: {ban-role-changes: {allowed_roles: [app_reader]}}`.",
	"dialects": [],
	"aliases": [],
	"kinds": ["create_role", "alter_role", "drop_role", "create_user", "drop_user"],
	"params": {"allowed_roles": "array"},
}

role_kinds := {"create_role", "alter_role", "drop_role", "create_user", "drop_user"}

allowed := {lower(r) | some r in lib.param(meta, "allowed_roles", []); is_string(r)}

warn contains f if {
	some stmt in lib.forward_statements
	stmt.kind in role_kinds
	some obj in lib.names_of(stmt)
	is_string(obj.name)
	not lower(obj.name) in allowed
	msg := sprintf(`%s "%s": roles and users are server-wide, and changing them is the DBA's to review`, [lib.kind_words(stmt.kind), obj.name])
	f := lib.finding(meta, stmt, msg)
}
