package schemagate.rules.prefer_robust_stmts

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "prefer-robust-stmts",
	"title": "DDL that fails when run again",
	"severity": "warning",
	"category": "hygiene",
	"description": "A statement that runs outside a transaction (autocommit, or `CREATE INDEX CONCURRENTLY` in a migration with its transaction turned off) is not undone when a later statement of the migration fails: the migration is then run again, and a `CREATE` without `IF NOT EXISTS` or a `DROP` without `IF EXISTS` fails on the object the first attempt left. Off by default: inside a transaction (most migration tools) the statements are undone together; turn it on for scripts that run in autocommit, as squawk does when it does not assume a transaction.",
	"help": "Make the statement safe to repeat: `CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_status_idx ON orders (status);`, `DROP INDEX CONCURRENTLY IF EXISTS …`, `ALTER TABLE … ADD COLUMN IF NOT EXISTS …`. Turn the rule on with `rules: {prefer-robust-stmts: {enabled: true}}`.",
	"dialects": ["postgres"],
	"aliases": ["squawk:prefer-robust-stmts"],
	"kinds": ["create_table", "create_index", "drop_table", "drop_index", "alter_table"],
	"enabled": false,
}

creates := {"create_table", "create_index"}

drops := {"drop_table", "drop_index"}

outside(stmt) if stmt.transaction == "none"

warn contains f if {
	lib.is_postgres
	some stmt in lib.forward_statements
	outside(stmt)
	stmt.kind in creates
	stmt.if_not_exists == false
	msg := sprintf("%s without IF NOT EXISTS outside a transaction: if the migration fails after it and runs again, it fails here", [lib.kind_words(stmt.kind)])
	f := lib.finding(meta, stmt, msg)
}

warn contains f if {
	lib.is_postgres
	some stmt in lib.forward_statements
	outside(stmt)
	stmt.kind in drops
	stmt.if_exists == false
	msg := sprintf("%s without IF EXISTS outside a transaction: if the migration fails after it and runs again, it fails here", [lib.kind_words(stmt.kind)])
	f := lib.finding(meta, stmt, msg)
}

warn contains f if {
	lib.is_postgres
	some [stmt, op] in lib.alter_ops
	outside(stmt)
	guard := {"add_column": "IF NOT EXISTS", "drop_column": "IF EXISTS", "drop_constraint": "IF EXISTS"}[op.op]
	not guarded(op)
	msg := sprintf("ALTER TABLE … %s without %s outside a transaction: if the migration fails after it and runs again, it fails here", [upper(replace(op.op, "_", " ")), guard])
	f := lib.finding(meta, stmt, msg)
}

guarded(op) if op.if_not_exists == true

guarded(op) if op.if_exists == true
