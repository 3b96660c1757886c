package schemagate.rules.large_table_rewrite

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "large-table-rewrite",
	"title": "Rewrite of a large table",
	"severity": "warning",
	"category": "locking",
	"description": "A table rewrite (a column type change, a volatile default before PostgreSQL 11, ALTER TABLE … SET TABLESPACE, a MySQL COPY algorithm) writes a new copy of the table and rebuilds every index while it holds its lock: it needs the table's size again in free disk, writes as much WAL or binlog (replicas fall behind), and takes as long as the copy. Sizes come from the `--stats` snapshot; a table it does not list is left to lock-duration's unknown-size note.",
	"help": "Add a new column, backfill it in batches and swap names, or use an online schema-change tool (pg_repack, gh-ost, pt-online-schema-change). Limit: `{\"params\": {\"large-table-rewrite\": {\"max_bytes\": 1073741824}}}`.",
	"dialects": [],
	"facts": ["rewrite"],
	"params": {"max_bytes": "integer"},
}

max_bytes := lib.param(meta, "max_bytes", 1073741824)

warn contains f if {
	some stmt in lib.forward_statements
	stmt.impact.rewrite == true
	not lib.is_new_table(stmt)
	is_number(stmt.impact.size.bytes)
	total := stmt.impact.size.bytes + indexes(stmt.impact.size)
	total > max_bytes
	msg := sprintf("This %s rewrites %s: %d MB of table and indexes, more than %d MB", [stmt.kind, lib.table_label(stmt), round(total / 1048576), round(max_bytes / 1048576)])
	f := lib.finding(meta, stmt, msg)
}

indexes(size) := size.indexes_bytes if is_number(size.indexes_bytes)

else := 0
