package schemagate.rules.ban_enum_value_in_transaction

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "ban-enum-value-in-transaction",
	"title": "ALTER TYPE … ADD VALUE in a transaction (PostgreSQL < 12)",
	"severity": "error",
	"category": "integrity",
	"description": "Before PostgreSQL 12, `ALTER TYPE … ADD VALUE` cannot run inside a transaction block: the statement fails (`ALTER TYPE ... ADD cannot run inside a transaction block`) and the migration stops there. Migration tools run each migration in a transaction by default. From 12 on it may, but the new value cannot be used until the transaction commits.",
	"help": "Run it outside a transaction, alone in its migration. ",
	"dialects": ["postgres"],
	"aliases": [],
	"kinds": ["alter_type"],
}

deny contains f if {
	lib.is_postgres
	not lib.pg_version_at_least(12)
	some stmt in lib.forward_statements
	stmt.kind == "alter_type"
	stmt.op == "add_value"
	stmt.in_transaction == true
	msg := sprintf(`ALTER TYPE "%s" ADD VALUE cannot run inside a transaction block before PostgreSQL 12 (target: %d): the migration fails here`, [lib.name_of(stmt.object), lib.pg_major])
	f := lib.finding_with_help(meta, stmt, msg, lib.no_transaction_help)
}
