package schemagate.rules.foreign_key_without_index

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "foreign-key-without-index",
	"title": "Foreign key without an index on its columns",
	"severity": "warning",
	"category": "locking",
	"description": "PostgreSQL, SQL Server and Oracle do not index a foreign key's referencing columns by themselves (MySQL does). Without an index, every `DELETE` of a parent row and every update of its key scans the whole child table to check the constraint, under the lock of that statement, and joins along the key scan too: harmless while the table is small, an outage once it is not. Judged for tables the proposal creates, whose every index the proposal holds: an index (or primary key or unique constraint) anywhere in the proposal whose leading columns are the foreign key's clears it. eugene finds this only by running the migration on a live server.",
	"help": "Index the referencing columns, in the same migration as the table: `CREATE INDEX order_lines_order_id_idx ON order_lines (order_id);` (on an existing table, `CREATE INDEX CONCURRENTLY`).",
	"dialects": ["postgres", "sqlserver", "oracle"],
	"aliases": [],
	"kinds": ["create_table", "alter_table"],
}

# by name only: one file may write "dbo.orders" where another writes
# "orders"
table_key(t) := lower(t.name) if is_string(t.name)

# [statement index, table key, columns] of every foreign key the proposal adds to
# a table it creates
# the lower-case names of a list of columns (undefined unless all are names)
names(columns) := [lower(c) | some c in columns] if {
	is_array(columns)
	count(columns) > 0
	every c in columns {
		is_string(c)
	}
}

# the items of a field that may be absent or null
items(stmt, field) := v if {
	v := object.get(stmt, field, [])
	is_array(v)
} else := []

foreign_keys contains [stmt.index, table, columns] if {
	some stmt in lib.forward_statements
	stmt.kind == "create_table"
	is_object(stmt.object)
	some k in items(stmt, "constraints")
	is_object(k)
	k.type == "foreign_key"
	table := table_key(stmt.object)
	columns := names(k.columns)
}

foreign_keys contains [stmt.index, table, columns] if {
	some stmt in lib.forward_statements
	stmt.kind == "create_table"
	is_object(stmt.object)
	some col in items(stmt, "columns")
	is_object(col)
	is_object(col.references)
	table := table_key(stmt.object)
	columns := names([col.name])
}

foreign_keys contains [stmt.index, table, columns] if {
	some [stmt, op] in lib.alter_ops
	lib.is_new_table(stmt)
	op.op == "add_constraint"
	is_object(op.constraint)
	op.constraint.type == "foreign_key"
	table := table_key(stmt.table)
	columns := names(op.constraint.columns)
}

foreign_keys contains [stmt.index, table, columns] if {
	some [stmt, op] in lib.alter_ops
	lib.is_new_table(stmt)
	op.op == "add_column"
	is_object(op.column)
	is_object(op.column.references)
	table := table_key(stmt.table)
	columns := names([op.column.name])
}

# [table key, leading columns] of every index the proposal builds
indexes contains [table, columns] if {
	some stmt in lib.forward_statements
	stmt.kind == "create_index"
	is_object(stmt.table)
	table := table_key(stmt.table)
	columns := names(stmt.columns)
}

indexes contains [table, columns] if {
	some stmt in lib.forward_statements
	stmt.kind == "create_table"
	is_object(stmt.object)
	some k in items(stmt, "constraints")
	is_object(k)
	k.type in {"primary_key", "unique", "index"}
	table := table_key(stmt.object)
	columns := names(k.columns)
}

indexes contains [table, columns] if {
	some stmt in lib.forward_statements
	stmt.kind == "create_table"
	is_object(stmt.object)
	some col in items(stmt, "columns")
	is_object(col)
	true in {col.primary_key, col.unique}
	table := table_key(stmt.object)
	columns := names([col.name])
}

indexes contains [table, columns] if {
	some [stmt, op] in lib.alter_ops
	op.op == "add_constraint"
	is_object(op.constraint)
	op.constraint.type in {"primary_key", "unique", "index"}
	table := table_key(stmt.table)
	columns := names(op.constraint.columns)
}

indexes contains [table, columns] if {
	some [stmt, op] in lib.alter_ops
	op.op == "add_column"
	is_object(op.column)
	true in {op.column.primary_key, op.column.unique}
	table := table_key(stmt.table)
	columns := names([op.column.name])
}

# [table key, the set of its first n columns] of every index, for each n:
# a foreign key is covered when its columns, in any order, are one of these
# (one set lookup per foreign key; comparing each with every index made the
# rule quadratic over a large proposal)
leading_columns contains [table, {cols[i] | some i in numbers.range(0, n - 1)}] if {
	some [table, cols] in indexes
	some n in numbers.range(1, count(cols))
}

covered(table, columns) if leading_columns[[table, {c | some c in columns}]]

proposal_warn contains f if {
	lib.dialect in {"postgres", "sqlserver", "oracle"}
	some [index, table, columns] in foreign_keys
	not covered(table, columns)
	msg := sprintf(`Foreign key (%s) of "%s" has no index on its columns: every DELETE or key update of the referenced table scans "%s" to check it`, [concat(", ", columns), table, table])
	f := lib.finding_with_help(meta, {"index": index}, msg, help(index, columns))
}

# The safe alternative for this foreign key: the index, on the table as the
# statement names it.
help(index, columns) := sprintf("Index the referencing columns, in the same migration as the table: `CREATE INDEX %s_%s_idx ON %s (%s);`%s", [lower(t.name), concat("_", columns), lib.name_of(t), concat(", ", columns), existing_table_note]) if {
	stmt := statement_at[index]
	t := written_table(stmt)
	is_string(t.name)
} else := meta.help

# The forward statements by index, built once: a lookup per finding
# instead of a walk over the proposal's statements.
statement_at := {stmt.index: stmt | some stmt in lib.forward_statements}

written_table(stmt) := stmt.object if stmt.kind == "create_table"
else := stmt.table

existing_table_note := " (on an existing table, `CREATE INDEX CONCURRENTLY`)." if lib.is_postgres
else := "."
