package schemagate.rules.grant_outside_allowlist

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "grant-outside-allowlist",
	"title": "GRANT/REVOKE to a role outside the allowlist",
	"severity": "error",
	"category": "security",
	"description": "Teams whose DBAs own access control allow migrations to grant only to the application's own roles. Finds nothing until `params.grant-outside-allowlist.allowed_grantees` lists those roles; then every GRANT or REVOKE (privileges or role membership) naming another grantee is a finding. (`ban-grant-to-public` covers PUBLIC on its own.)",
	"help": "Grant only to the roles the list allows, and ask the DBA for the others. Configure: `params: {grant-outside-allowlist: {allowed_grantees: [app_reader, app_writer]}}` in schemagate.yaml (names compare without regard to case).",
	"dialects": [],
	"aliases": ["liquibase:SqlGrantWarn", "liquibase:SqlRevokeWarn"],
	"kinds": ["grant", "revoke"],
	"params": {"allowed_grantees": "array"},
}

configured := lib.param(meta, "allowed_grantees", null)

allowed := {lower(g) | some g in configured; is_string(g)} if is_array(configured)

deny contains f if {
	is_array(configured)
	some stmt in lib.forward_statements
	stmt.kind in {"grant", "revoke"}
	is_array(stmt.grantees)
	some grantee in stmt.grantees
	is_string(grantee)
	not lower(grantee) in allowed
	msg := sprintf(`%s to "%s", a role the allowlist (params.grant-outside-allowlist.allowed_grantees) does not hold`, [upper(stmt.kind), grantee])
	f := lib.finding(meta, stmt, msg)
}
