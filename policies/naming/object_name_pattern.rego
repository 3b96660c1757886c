package schemagate.rules.object_name_pattern

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "object-name-pattern",
	"title": "Name outside the team's naming pattern",
	"severity": "warning",
	"category": "naming",
	"description": "New tables, columns, indexes and named constraints must match the team's naming conventions (`params.object-name-pattern.table`, `.column`, `.index`, `.primary_key`, `.unique`, `.foreign_key`, `.check`: regular expressions over the name) and must not match `.forbidden` (a prefix such as `tmp_`, a reserved word list). Finds nothing until one is set. Liquibase's ObjectNameMustMatch / ObjectNameMustNotMatch, Bytebase's naming rules, Atlas's NM1xx.",
	"help": "Rename the object to match. Configure: `params: {object-name-pattern: {table: \"^[a-z][a-z0-9_]*$\", column: \"^[a-z][a-z0-9_]*$\", index: \"^(idx|uq)_[a-z0-9_]+$\", primary_key: \"^pk_\", unique: \"^uq_\", foreign_key: \"^fk_\", check: \"^ck_\", forbidden: \"^(tmp|temp)_\"}}` (constraint patterns apply to the names written in `CONSTRAINT name`; unnamed constraints get the database's names).",
	"dialects": [],
	"aliases": ["liquibase:ObjectNameMustMatch", "liquibase:ObjectNameMustNotMatch", "bytebase:naming.table", "bytebase:naming.column", "bytebase:naming.index.idx", "atlas:NM102", "atlas:NM103", "atlas:NM104", "atlas:NM105", "atlas:NM106", "bytebase:naming.index.pk", "bytebase:naming.index.uk", "bytebase:naming.index.fk"],
	"kinds": ["create_table", "alter_table", "create_index", "rename_table"],
	"params": {"table": "regex", "column": "regex", "index": "regex", "primary_key": "regex", "unique": "regex", "foreign_key": "regex", "check": "regex", "forbidden": "regex"},
}

pattern(kind) := p if {
	p := lib.param(meta, kind, null)
	is_string(p)
}

# Unset, the rule finds nothing: the names are not even gathered then
# (they would be, for every table statement of every changeset).
configured if {
	some kind in ["table", "column", "index", "primary_key", "unique", "foreign_key", "check", "forbidden"]
	pattern(kind)
}

# [statement, kind, name] of every name the proposal gives
named contains [stmt, "table", stmt.object.name] if {
	configured
	some stmt in lib.forward_statements
	stmt.kind == "create_table"
	is_string(stmt.object.name)
}

named contains [stmt, "table", op.new_name] if {
	configured
	some [stmt, op] in lib.alter_ops
	op.op == "rename_table"
	is_string(op.new_name)
}

named contains [stmt, "table", stmt.new_name] if {
	configured
	some stmt in lib.forward_statements
	stmt.kind == "rename_table"
	is_string(stmt.new_name)
}

named contains [stmt, "column", col.name] if {
	configured
	some [stmt, col] in lib.new_columns
	is_string(col.name)
}

named contains [stmt, "column", op.new_name] if {
	configured
	some [stmt, op] in lib.alter_ops
	op.op == "rename_column"
	is_string(op.new_name)
}

named contains [stmt, "index", stmt.object.name] if {
	configured
	some stmt in lib.forward_statements
	stmt.kind == "create_index"
	is_object(stmt.object)
	is_string(stmt.object.name)
}

# what a kind is called in messages
labels := {"primary_key": "primary key", "unique": "unique constraint", "foreign_key": "foreign key", "check": "check constraint"}

label(kind) := object.get(labels, kind, kind)

# named constraints, by type: each type is a parameter of its own
constraint_types := {"primary_key", "unique", "foreign_key", "check"}

named contains [stmt, k.type, k.name] if {
	configured
	some stmt in lib.forward_statements
	stmt.kind == "create_table"
	is_array(stmt.constraints)
	some k in stmt.constraints
	is_object(k)
	k.type in constraint_types
	is_string(k.name)
}

named contains [stmt, op.constraint.type, op.constraint.name] if {
	configured
	some [stmt, op] in lib.alter_ops
	op.op == "add_constraint"
	is_object(op.constraint)
	op.constraint.type in constraint_types
	is_string(op.constraint.name)
}

warn contains f if {
	some [stmt, kind, name] in named
	p := pattern(kind)
	not regex.match(p, name)
	msg := sprintf(`%s name "%s" does not match params.object-name-pattern.%s (%s)`, [label(kind), name, kind, p])
	f := lib.finding(meta, stmt, msg)
}

warn contains f if {
	some [stmt, kind, name] in named
	p := pattern("forbidden")
	regex.match(p, name)
	msg := sprintf(`%s name "%s" matches params.object-name-pattern.forbidden (%s)`, [label(kind), name, p])
	f := lib.finding(meta, stmt, msg)
}
