package schemagate.rules.require_concurrent_index_creation

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "require-concurrent-index-creation",
	"title": "CREATE INDEX without CONCURRENTLY",
	"severity": "error",
	"category": "locking",
	"description": "PostgreSQL's plain CREATE INDEX takes a SHARE lock on the table for the whole build: reads continue, but every INSERT, UPDATE and DELETE waits, for minutes on a large table. Indexes on tables created earlier in the same changeset are not flagged (nobody uses them yet).",
	"help": "Build the index with `CREATE INDEX CONCURRENTLY idx_orders_customer ON orders (customer_id);` outside a transaction (see ban-concurrently-in-transaction). It takes longer and does not block writes. If it fails it leaves an INVALID index: `DROP INDEX CONCURRENTLY idx_orders_customer;` and run it again.",
	"dialects": ["postgres"],
	"kinds": ["create_index"],
}

deny contains f if {
	lib.is_postgres
	some stmt in lib.forward_statements
	stmt.kind == "create_index"
	not stmt.concurrently
	not lib.is_new_table(stmt)
	table := lib.table_label(stmt)
	msg := sprintf("Creating %s on existing table %s without CONCURRENTLY blocks writes to %s for the whole build", [index_label(stmt), table, table])
	f := lib.finding(meta, stmt, msg)
}

index_label(stmt) := sprintf(`index "%s"`, [stmt.object.name]) if stmt.object.name
else := "an index"
