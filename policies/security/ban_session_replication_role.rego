package schemagate.rules.ban_session_replication_role

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "ban-session-replication-role",
	"title": "SET session_replication_role = replica",
	"severity": "error",
	"category": "security",
	"description": "`SET session_replication_role = replica` turns off, for the session, every ordinary trigger — including the internal triggers that enforce foreign keys — so the migration's writes skip referential checks and audit or sync triggers, and nothing records it. It needs superuser.",
	"help": "Keep the triggers on and make the data consistent instead (load in dependency order, or add the foreign key `NOT VALID` and `VALIDATE` it after the load); when a trigger must be bypassed, change it explicitly and have the DBA review it.",
	"dialects": ["postgres"],
	"aliases": [],
	"kinds": ["set"],
}

deny contains f if {
	lib.is_postgres
	some stmt in lib.forward_statements
	stmt.kind == "set"
	stmt.variable == "session_replication_role"
	is_string(stmt.value)
	lower(trim(stmt.value, `'" `)) == "replica"
	f := lib.finding(meta, stmt, "SET session_replication_role = replica turns off every ordinary trigger of the session, foreign-key checks included: the migration's writes skip them")
}
