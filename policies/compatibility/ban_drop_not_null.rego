package schemagate.rules.ban_drop_not_null

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "ban-drop-not-null",
	"title": "Dropping NOT NULL",
	"severity": "warning",
	"category": "compatibility",
	"description": "ALTER COLUMN … DROP NOT NULL is instant, but it changes the contract readers rely on: code, reports and downstream consumers that assume the column always has a value start meeting NULLs. Columns of tables created earlier in the same changeset are not flagged.",
	"help": "Make sure every reader handles NULL before the change ships (or keep the column NOT NULL with a sentinel DEFAULT). When the column is being retired, prefer the expand/contract steps of ban-drop-column.",
	"dialects": [],
	"aliases": ["squawk:ban-drop-not-null"],
	"kinds": ["alter_table"],
}

warn contains f if {
	some [stmt, op] in lib.alter_ops
	op.op == "drop_not_null"
	not lib.is_new_table(stmt)
	msg := sprintf(`Dropping NOT NULL from column "%s" of table %s lets NULLs reach code that assumes the column always has a value`, [op.column, lib.table_label(stmt)])
	f := lib.finding(meta, stmt, msg)
}
