package schemagate.rules.index_column_limit

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "index-column-limit",
	"title": "Index with more columns than allowed",
	"severity": "warning",
	"category": "hygiene",
	"description": "An index, primary key or unique key over more columns than `params.index-column-limit.max_columns`: every write maintains the whole wide key, the index is rarely usable beyond its first columns, and on MySQL a wide key also widens every secondary index (they carry the primary key). Finds nothing until the limit is set (Bytebase's index.key-number-limit suggests 5).",
	"help": "Index the columns queries filter on first, and leave the rest out (PostgreSQL: `INCLUDE (…)` for covering columns). Configure: `params: {index-column-limit: {max_columns: 5}}`.",
	"dialects": [],
	"aliases": ["bytebase:index.key-number-limit"],
	"kinds": ["create_index", "create_table", "alter_table"],
	"params": {"max_columns": "integer"},
}

max_columns := n if {
	n := lib.param(meta, "max_columns", null)
	is_number(n)
}

# [stmt, what, columns] of every index or key the proposal builds
# (labels are bound in the bodies: a call in a set rule's head that is
# undefined once would drop every value of the rule in regorus)
keys contains [stmt, label, stmt.columns] if {
	some stmt in lib.forward_statements
	stmt.kind == "create_index"
	is_string(stmt.object.name)
	is_array(stmt.columns)
	label := sprintf(`Index "%s"`, [stmt.object.name])
}

keys contains [stmt, label, k.columns] if {
	some stmt in lib.forward_statements
	stmt.kind == "create_table"
	is_array(stmt.constraints)
	some k in stmt.constraints
	is_object(k)
	k.type in {"primary_key", "unique", "index"}
	is_array(k.columns)
	label := what(k)
}

keys contains [stmt, label, op.constraint.columns] if {
	some [stmt, op] in lib.alter_ops
	op.op == "add_constraint"
	op.constraint.type in {"primary_key", "unique", "index"}
	is_array(op.constraint.columns)
	label := what(op.constraint)
}

what(k) := sprintf(`%s "%s"`, [kind_words[k.type], k.name]) if is_string(k.name)
else := sprintf("%s", [kind_words[k.type]])

kind_words := {"primary_key": "Primary key", "unique": "Unique key", "index": "Index"}

warn contains f if {
	is_number(max_columns) # unset: nothing to look at
	some [stmt, label, columns] in keys
	count(columns) > max_columns
	msg := sprintf(`%s has %d columns, more than %d (params.index-column-limit.max_columns)`, [label, count(columns), max_columns])
	f := lib.finding(meta, stmt, msg)
}
