package schemagate.rules.renaming_column

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "renaming-column",
	"title": "Renaming a column",
	"severity": "error",
	"category": "compatibility",
	"description": "Renaming a column is instant, but every query, view, ORM mapping and application version that uses the old name fails from that moment: during a rolling deploy the old version is still running, and a rollback of the code breaks too. Columns of tables created earlier in the same changeset are not flagged.",
	"help": "Expand and contract over several releases: add the new column (`ALTER TABLE users ADD COLUMN email_address text;`), write both (application or trigger), backfill in batches, move reads to the new column, and drop the old one in a later release. Alternatively keep the old name visible through a view during the transition.",
	"dialects": [],
	"aliases": ["squawk:renaming-column", "atlas:BC102", "bytebase:schema.backward-compatibility"],
	"kinds": ["alter_table"],
}

deny contains f if {
	some [stmt, op] in lib.alter_ops
	renamed(op)
	not lib.is_new_table(stmt)
	msg := sprintf(`Renaming column "%s" of table %s to "%s" breaks every query and running application version that still uses "%s"`, [op.column, lib.table_label(stmt), op.new_name, op.column])
	f := lib.finding(meta, stmt, msg)
}

renamed(op) if op.op == "rename_column"

# MySQL CHANGE old new type: a rename when the names differ.
renamed(op) if {
	op.op == "modify_column"
	is_string(op.new_name)
	op.new_name != op.column
}
