package schemagate.rules.ban_delete_without_where

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "ban-delete-without-where",
	"title": "DELETE without WHERE",
	"severity": "error",
	"category": "dml",
	"description": "A DELETE with no WHERE clause removes every row of the table: almost always a mistake, and on a large table one long transaction that locks every row until commit (PostgreSQL leaves every row dead until VACUUM; MySQL locks every row it scans). Tables created earlier in the same changeset are not flagged.",
	"help": "Add the WHERE clause that selects the rows you mean, and for many rows delete in batches: `DELETE FROM sessions WHERE expires_at < now() AND id BETWEEN 1 AND 10000;`. If emptying the table is intended, say so with a waiver.",
	"dialects": [],
	"aliases": ["bytebase:statement.where.require.update-delete"],
	"kinds": ["delete"],
}

deny contains f if {
	some stmt in lib.forward_statements
	stmt.kind == "delete"
	stmt.where == false
	not lib.is_new_table(stmt)
	msg := sprintf("DELETE from %s has no WHERE clause: it removes every row of the table", [lib.table_label(stmt)])
	f := lib.finding(meta, stmt, msg)
}
