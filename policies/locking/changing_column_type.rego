package schemagate.rules.changing_column_type

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "changing-column-type",
	"title": "Changing a column's type",
	"severity": "error",
	"category": "locking",
	"description": "ALTER COLUMN … TYPE usually rewrites the table and rebuilds its indexes. PostgreSQL holds an ACCESS EXCLUSIVE lock throughout (no reads or writes); only a few changes skip the rewrite (varchar(n) to a longer varchar or to text, numeric precision increases). SQL Server checks or rewrites every row under a schema-modification lock; MySQL/MariaDB copy the table. Code that reads the old type may also break. Tables created earlier in the same changeset are not flagged.",
	"help": "Expand and contract: add a new column of the new type, write both columns (application or trigger), backfill in batches, switch reads, then drop the old column in a later release. If the change is a known metadata-only one (for example `varchar(50)` to `varchar(100)` or `text` on PostgreSQL), waive the finding.",
	"dialects": [],
	"aliases": ["squawk:changing-column-type", "atlas:PG301", "liquibase:ModifyDataTypeWarn", "bytebase:column.disallow-change-type", "bytebase:schema.backward-compatibility"],
	"kinds": ["alter_table"],
}

deny contains f if {
	some [stmt, op] in lib.alter_ops
	op.op == "alter_column_type"
	not lib.is_new_table(stmt)
	table := lib.table_label(stmt)
	msg := sprintf(`Changing the type of column "%s" of table %s to %s %s`, [op.column, table, op.type, consequence(table)])
	f := lib.finding(meta, stmt, msg)
}

consequence(table) := sprintf("rewrites %s and all its indexes under an ACCESS EXCLUSIVE lock: reads and writes wait until it finishes", [table]) if lib.is_postgres
else := sprintf("rebuilds or rechecks every row of %s while blocking writes to it", [table])
