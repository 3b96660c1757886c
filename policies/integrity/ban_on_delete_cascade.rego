package schemagate.rules.ban_on_delete_cascade

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "ban-on-delete-cascade",
	"title": "Foreign key with ON DELETE CASCADE",
	"severity": "warning",
	"category": "integrity",
	"description": "`ON DELETE CASCADE` makes one `DELETE` of a parent row delete every referencing row, and theirs in turn, in the same statement: a mistaken or over-broad delete then empties child tables nobody named, under row locks on all of them, and nothing in the application's code says it happens. Added to an existing table, it also changes what deletes that used to fail now do. Judged on foreign keys written in `CREATE TABLE`, `ADD CONSTRAINT` and `ADD COLUMN … REFERENCES`. Bytebase's statement.disallow-on-del-cascade.",
	"help": "Leave the default (`NO ACTION`) or write `ON DELETE RESTRICT`, and delete the children explicitly where the application deletes the parent (`DELETE FROM order_lines WHERE order_id = $1; DELETE FROM orders WHERE id = $1;`), or mark rows deleted instead (soft delete). The rule is off until turned on (`rules: {ban-on-delete-cascade: {enabled: true}}`): most schemas cascade on purpose somewhere, so it is for teams that ban it. Where the cascade is the design (a child that cannot outlive its parent), waive it with the reason: `-- schemagate:ignore ban-on-delete-cascade -- lines live and die with their order`.",
	"dialects": [],
	"aliases": ["bytebase:statement.disallow-on-del-cascade"],
	"kinds": ["create_table", "alter_table"],
	"enabled": false,
}

# [stmt, table, columns, referenced table] of every cascading foreign key
# (each part bound in the body: a head that is undefined once would drop
# every value of the rule in regorus)
cascades contains [stmt, table, columns, parent] if {
	some stmt in lib.forward_statements
	stmt.kind == "create_table"
	is_array(stmt.constraints)
	some k in stmt.constraints
	is_object(k)
	k.on_delete == "cascade"
	table := stmt.object
	columns := object.get(k, "columns", [])
	parent := k.references
}

cascades contains [stmt, table, [col.name], parent] if {
	some stmt in lib.forward_statements
	stmt.kind == "create_table"
	is_array(stmt.columns)
	some col in stmt.columns
	is_object(col)
	col.on_delete == "cascade"
	table := stmt.object
	parent := col.references
}

cascades contains [stmt, table, columns, parent] if {
	some [stmt, op] in lib.alter_ops
	op.op == "add_constraint"
	op.constraint.on_delete == "cascade"
	table := stmt.table
	columns := object.get(op.constraint, "columns", [])
	parent := op.constraint.references
}

cascades contains [stmt, table, [op.column.name], parent] if {
	some [stmt, op] in lib.alter_ops
	op.op == "add_column"
	op.column.on_delete == "cascade"
	table := stmt.table
	parent := op.column.references
}

warn contains f if {
	some [stmt, table, columns, parent] in cascades
	is_object(table)
	is_string(table.name)
	is_object(parent)
	is_string(parent.name)
	msg := sprintf(`Foreign key (%s) of "%s" is ON DELETE CASCADE: deleting a "%s" row silently deletes the "%s" rows that reference it`, [concat(", ", [c | some c in columns; is_string(c)]), lib.name_of(table), lib.name_of(parent), lib.name_of(table)])
	f := lib.finding(meta, stmt, msg)
}
