package schemagate.rules.changing_column_type

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "changing-column-type",
	"title": "Changing a column's type",
	"severity": "error",
	"category": "locking",
	"description": "ALTER COLUMN … TYPE usually rewrites the table and rebuilds its indexes. PostgreSQL holds an ACCESS EXCLUSIVE lock throughout (no reads or writes); only a few changes skip the rewrite (varchar(n) to a longer varchar or to text, numeric precision increases). SQL Server checks or rewrites every row under a schema-modification lock; MySQL/MariaDB copy the table. Code that reads the old type may also break. Tables created by the proposal are not flagged, nor, on PostgreSQL, a change the replay can see is metadata-only (it knows the column's type before: `from_type`, and the statement's impact has no rewrite).",
	"help": "Expand and contract: add a new column of the new type, write both columns (application or trigger), backfill in batches, switch reads, then drop the old column in a later release. A metadata-only change (`varchar(50)` to `varchar(100)` or `text` on PostgreSQL) on a column the replay does not know (a table no changeset or `--baseline` created) is still flagged: waive it, or give the schema with `--baseline`.",
	"dialects": [],
	"aliases": ["squawk:changing-column-type", "atlas:PG301", "liquibase:ModifyDataTypeWarn", "bytebase:column.disallow-change-type", "bytebase:schema.backward-compatibility"],
	"kinds": ["alter_table"],
}

deny contains f if {
	some [stmt, op] in lib.alter_ops
	op.op == "alter_column_type"
	not lib.is_new_table(stmt)
	not metadata_only(stmt, op)
	table := lib.table_label(stmt)
	msg := sprintf(`Changing the type of column "%s" of table %s to %s %s`, [op.column, table, op.type, consequence(table)])
	f := lib.finding(meta, stmt, msg)
}

consequence(table) := sprintf("rewrites %s and all its indexes under an ACCESS EXCLUSIVE lock: reads and writes wait until it finishes", [table]) if lib.is_postgres
else := sprintf("rebuilds or rechecks every row of %s while blocking writes to it", [table])

# PostgreSQL: the replay knows the column's type before, and the impact
# model says the change only touches the catalog (a longer varchar,
# varchar to text, more numeric precision at the same scale).
metadata_only(stmt, op) if {
	lib.is_postgres
	is_string(op.from_type)
	stmt.impact.rewrite == false
}
