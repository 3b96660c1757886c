package schemagate.rules.prefer_bigint_over_int

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "prefer-bigint-over-int",
	"title": "32-bit integer column",
	"severity": "warning",
	"category": "types",
	"description": "A 32-bit `integer` key or counter that runs out (2,147,483,647) stops every insert, and `ALTER COLUMN … TYPE bigint` then rewrites the table and its indexes under an ACCESS EXCLUSIVE lock. `bigint` costs 4 more bytes a row. Off by default: most integer columns never come near the limit; turn it on to require `bigint` everywhere, as squawk does.",
	"help": "Use `bigint` (`bigserial`, `bigint GENERATED ALWAYS AS IDENTITY`): `CREATE TABLE events (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, …);`. Turn the rule on with `rules: {prefer-bigint-over-int: {enabled: true}}`.",
	"dialects": ["postgres"],
	"aliases": ["squawk:prefer-bigint-over-int"],
	"kinds": ["create_table", "alter_table"],
	"enabled": false,
}

matches(type_name) if {
	is_string(type_name)
	regex.match(`^(int|integer|int4|serial|serial4)$`, lower(trim_space(type_name)))
}

message(column, type_name) := sprintf(`Column "%s" is %s (32 bits): it overflows at 2,147,483,647, and widening it later rewrites the table under an ACCESS EXCLUSIVE lock`, [column, type_name])

warn contains f if {
	lib.is_postgres
	some [stmt, col] in lib.new_columns
	matches(col.type)
	f := lib.finding(meta, stmt, message(col.name, col.type))
}

warn contains f if {
	lib.is_postgres
	some [stmt, op] in lib.alter_ops
	op.op == "alter_column_type"
	matches(op.type)
	f := lib.finding(meta, stmt, message(op.column, op.type))
}
