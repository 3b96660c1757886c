package schemagate.rules.prefer_bigint_over_smallint

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "prefer-bigint-over-smallint",
	"title": "16-bit integer column",
	"severity": "warning",
	"category": "types",
	"description": "A `smallint` column overflows at 32,767, and widening it later rewrites the table and its indexes under an ACCESS EXCLUSIVE lock; the 6 bytes it saves a row are often lost to alignment anyway. Off by default; turn it on to require wider integers, as squawk does.",
	"help": "Use `bigint` (or `integer`): `ALTER TABLE orders ADD COLUMN priority bigint;`. Turn the rule on with `rules: {prefer-bigint-over-smallint: {enabled: true}}`.",
	"dialects": ["postgres"],
	"aliases": ["squawk:prefer-bigint-over-smallint"],
	"kinds": ["create_table", "alter_table"],
	"enabled": false,
}

matches(type_name) if {
	is_string(type_name)
	regex.match(`^(smallint|int2|smallserial|serial2)$`, lower(trim_space(type_name)))
}

message(column, type_name) := sprintf(`Column "%s" is %s (16 bits): it overflows at 32,767, and widening it later rewrites the table under an ACCESS EXCLUSIVE lock`, [column, type_name])

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
