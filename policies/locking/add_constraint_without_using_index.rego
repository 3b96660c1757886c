package schemagate.rules.add_constraint_without_using_index

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "add-constraint-without-using-index",
	"title": "PRIMARY KEY or UNIQUE constraint that builds its index under lock",
	"severity": "warning",
	"category": "locking",
	"description": "On PostgreSQL, ADD PRIMARY KEY or ADD UNIQUE builds the backing unique index while holding an ACCESS EXCLUSIVE lock on the table: no reads or writes for the whole build. A PRIMARY KEY also scans for nulls. Tables created earlier in the same changeset are not flagged.",
	"help": "Build the unique index concurrently first, then attach it: `CREATE UNIQUE INDEX CONCURRENTLY orders_number_key ON orders (number);` then `ALTER TABLE orders ADD CONSTRAINT orders_number_key UNIQUE USING INDEX orders_number_key;` (or `PRIMARY KEY USING INDEX …`), which is instant.",
	"dialects": ["postgres"],
	"kinds": ["alter_table"],
}

warn contains f if {
	lib.is_postgres
	some [stmt, op] in lib.alter_ops
	op.op == "add_constraint"
	c := op.constraint
	c.type in {"primary_key", "unique"}
	object.get(c, "using_index", null) == null
	not lib.is_new_table(stmt)
	kind := {"primary_key": "PRIMARY KEY", "unique": "UNIQUE"}[c.type]
	table := lib.table_label(stmt)
	msg := sprintf("Adding %s constraint%s on existing table %s builds its index under an ACCESS EXCLUSIVE lock: reads and writes of %s wait for the whole build", [kind, label(c), table, table])
	f := lib.finding(meta, stmt, msg)
}

label(c) := sprintf(` "%s"`, [c.name]) if is_string(c.name)
else := ""
