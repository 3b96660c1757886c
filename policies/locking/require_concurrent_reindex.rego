package schemagate.rules.require_concurrent_reindex

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "require-concurrent-reindex",
	"title": "REINDEX without CONCURRENTLY",
	"severity": "warning",
	"category": "locking",
	"description": "PostgreSQL's plain REINDEX locks out writes to the table while it rebuilds (SHARE lock on the table) and takes an ACCESS EXCLUSIVE lock on each index, so queries that would use the index wait too. Since PostgreSQL 12, REINDEX … CONCURRENTLY rebuilds without blocking.",
	"help": "PostgreSQL 12+: `REINDEX INDEX CONCURRENTLY idx_orders_customer;` outside a transaction (see ban-concurrently-in-transaction). Before 12: `CREATE INDEX CONCURRENTLY idx_orders_customer_new ON orders (customer_id);`, then `DROP INDEX CONCURRENTLY idx_orders_customer;` and rename the new index.",
	"dialects": ["postgres"],
	"aliases": ["squawk:require-concurrent-reindex"],
	"kinds": ["reindex"],
}

warn contains f if {
	lib.is_postgres
	some stmt in lib.forward_statements
	stmt.kind == "reindex"
	not stmt.concurrently
	not lib.is_new_table(stmt)
	msg := sprintf("REINDEX of %s without CONCURRENTLY blocks writes to the table, and queries that use the index, until the rebuild finishes", [target(stmt)])
	f := lib.finding(meta, stmt, msg)
}

target(stmt) := sprintf(`%s "%s"`, [stmt.object.type, lib.name_of(stmt.object)]) if stmt.object.name
else := lib.table_label(stmt)
