package schemagate.rules.add_constraint_without_using_index

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "add-constraint-without-using-index",
	"title": "PRIMARY KEY or UNIQUE constraint that builds its index under lock",
	"severity": "warning",
	"category": "locking",
	"description": "On PostgreSQL, ADD PRIMARY KEY or ADD UNIQUE (also inline: ADD COLUMN … UNIQUE) builds the backing unique index while holding an ACCESS EXCLUSIVE lock on the table: no reads or writes for the whole build. A PRIMARY KEY also scans for nulls. Tables created earlier in the same changeset are not flagged.",
	"help": "Build the unique index concurrently first, then attach it: `CREATE UNIQUE INDEX CONCURRENTLY orders_number_key ON orders (number);` then `ALTER TABLE orders ADD CONSTRAINT orders_number_key UNIQUE USING INDEX orders_number_key;` (or `PRIMARY KEY USING INDEX …`), which is instant.",
	"dialects": ["postgres"],
	"aliases": ["squawk:disallowed-unique-constraint", "squawk:adding-serial-primary-key-field", "atlas:PG104", "atlas:PG105", "atlas:PG304"],
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

# ADD COLUMN … UNIQUE / PRIMARY KEY builds the same index under the same lock.
warn contains f if {
	lib.is_postgres
	some [stmt, op] in lib.alter_ops
	op.op == "add_column"
	col := op.column
	kind := inline_key(col)
	not lib.is_new_table(stmt)
	table := lib.table_label(stmt)
	msg := sprintf(`Adding column "%s" with %s to existing table %s builds its index under an ACCESS EXCLUSIVE lock: reads and writes of %s wait for the whole build`, [col.name, kind, table, table])
	f := lib.finding_with_help(meta, stmt, msg, column_help(stmt, col, kind))
}

inline_key(col) := "PRIMARY KEY" if col.primary_key == true
else := "UNIQUE" if col.unique == true

column_help(stmt, col, kind) := sprintf("Add the column without %s, build the index concurrently, then attach it: `ALTER TABLE %s ADD COLUMN %s %s;` then `CREATE UNIQUE INDEX CONCURRENTLY %s ON %s (%s);` then `ALTER TABLE %s ADD CONSTRAINT %s %s USING INDEX %s;`, which is instant.", [kind, name, col.name, col.type, key, name, col.name, name, key, kind, key]) if {
	name := lib.name_of(stmt.table)
	key := sprintf("%s_%s_%s", [stmt.table.name, col.name, {"PRIMARY KEY": "pkey", "UNIQUE": "key"}[kind]])
}

label(c) := sprintf(` "%s"`, [c.name]) if is_string(c.name)
else := ""
