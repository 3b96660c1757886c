package schemagate.rules.renaming_table

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "renaming-table",
	"title": "Renaming a table",
	"severity": "error",
	"category": "compatibility",
	"description": "Renaming a table is instant, but every query, view, foreign-key-aware ORM mapping and application version that uses the old name fails from that moment: during a rolling deploy the old version is still running. Tables created earlier in the same changeset are not flagged.",
	"help": "Expand and contract: create the new table, write to both (or keep the old name as an updatable view: `ALTER TABLE customers RENAME TO clients; CREATE VIEW customers AS SELECT * FROM clients;` in one transaction), move all code to the new name, then drop the old name in a later release.",
	"dialects": [],
	"aliases": ["squawk:renaming-table", "atlas:BC101", "bytebase:schema.backward-compatibility"],
	"kinds": ["rename_table", "alter_table"],
}

deny contains f if {
	some stmt in lib.forward_statements
	stmt.kind == "rename_table"
	not lib.is_new_table(stmt)
	f := lib.finding(meta, stmt, message(stmt, stmt.new_name))
}

deny contains f if {
	some [stmt, op] in lib.alter_ops
	op.op == "rename_table"
	not lib.is_new_table(stmt)
	f := lib.finding(meta, stmt, message(stmt, op.new_name))
}

message(stmt, new_name) := sprintf(`Renaming table %s to "%s" breaks every query and running application version that still uses the old name`, [lib.table_label(stmt), new_name])
