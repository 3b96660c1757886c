package schemagate.rules.ban_drop_column

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "ban-drop-column",
	"title": "Dropping a column",
	"severity": "error",
	"category": "destructive",
	"description": "ALTER TABLE … DROP COLUMN deletes the column's data and breaks every query, view and application version that still reads or writes it; during a rolling deploy the old version keeps running against the new schema. PostgreSQL only marks the column dropped (fast, but under an ACCESS EXCLUSIVE lock); MySQL rebuilds the table unless ALGORITHM=INSTANT applies (8.0.29+). Columns of tables created earlier in the same changeset are not flagged.",
	"help": "Contract in two releases: deploy code that no longer uses the column (with an ORM, mark it ignored first), then drop it in a later changeset. Keep the data if it may be needed: `CREATE TABLE archive.orders_note AS SELECT id, note FROM orders;` before `ALTER TABLE orders DROP COLUMN note;`.",
	"dialects": [],
	"aliases": ["squawk:ban-drop-column", "atlas:DS103", "liquibase:ChangeDropColumnWarn", "bytebase:column.disallow-drop", "bytebase:schema.backward-compatibility"],
	"kinds": ["alter_table"],
}

deny contains f if {
	some [stmt, op] in lib.alter_ops
	op.op == "drop_column"
	not lib.is_new_table(stmt)
	msg := sprintf(`Dropping column "%s" of table %s deletes its data and breaks every query and application version that still uses it%s`, [op.column, lib.table_label(stmt), cascade_note(op)])
	f := lib.finding(meta, stmt, msg)
}

cascade_note(op) := "; CASCADE also drops the views and constraints that depend on it" if op.cascade == true
else := ""
