package schemagate.rules.ban_update_without_where

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "ban-update-without-where",
	"title": "UPDATE without WHERE",
	"severity": "error",
	"category": "dml",
	"description": "An UPDATE with no WHERE clause changes every row of the table: usually a mistake, and on a large table one long transaction that locks every row it touches until commit (PostgreSQL also writes a new version of every row, doubling the table until VACUUM; MySQL locks every row it scans). Tables created earlier in the same changeset are not flagged.",
	"help": "Add the WHERE clause that selects the rows you mean. For a deliberate backfill of an existing table, update in batches by key range and commit between batches: `UPDATE orders SET status = 'new' WHERE status IS NULL AND id BETWEEN 1 AND 10000;`.",
	"dialects": [],
	"aliases": ["bytebase:statement.where.require.update-delete"],
	"kinds": ["update"],
}

deny contains f if {
	some stmt in lib.forward_statements
	stmt.kind == "update"
	stmt.where == false
	not lib.is_new_table(stmt)
	msg := sprintf("UPDATE of %s has no WHERE clause: it changes every row of the table in one transaction", [lib.table_label(stmt)])
	f := lib.finding(meta, stmt, msg)
}
