package schemagate.rules.ban_drop_table

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "ban-drop-table",
	"title": "Dropping a table",
	"severity": "error",
	"category": "destructive",
	"description": "DROP TABLE deletes the table and all its rows; there is no undo short of a restore from backup. Application versions still running (or rolled back to) that use the table fail. PostgreSQL also takes an ACCESS EXCLUSIVE lock on it; with CASCADE it silently drops views and foreign keys that depend on it. Dropping a table created earlier in the same changeset is not flagged.",
	"help": "Retire the table in two releases: first deploy code that no longer reads or writes it (optionally `ALTER TABLE orders RENAME TO orders_retired` to catch stragglers), then drop it in a later changeset once a backup or archive (`CREATE TABLE archive.orders AS TABLE orders`) exists. Waive the finding when the drop is intended.",
	"dialects": [],
	"aliases": ["squawk:ban-drop-table", "atlas:DS102", "liquibase:ChangeDropTableWarn", "bytebase:schema.backward-compatibility"],
	"kinds": ["drop_table"],
}

deny contains f if {
	some stmt in lib.forward_statements
	stmt.kind == "drop_table"
	not lib.is_new_table(stmt)
	names := lib.names_of(stmt)
	f := lib.finding(meta, stmt, message(stmt, names))
}

message(stmt, names) := sprintf("Dropping table %s deletes all its rows and breaks every query and application version that still uses it%s", [lib.quoted_names(names), cascade_note(stmt)]) if count(names) == 1
else := sprintf("Dropping tables %s deletes all their rows and breaks every query and application version that still uses them%s", [lib.quoted_names(names), cascade_note(stmt)])

cascade_note(stmt) := "; CASCADE also drops the views and foreign keys that depend on it" if stmt.cascade
else := ""
