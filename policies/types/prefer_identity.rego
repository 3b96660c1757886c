package schemagate.rules.prefer_identity

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "prefer-identity",
	"title": "serial column",
	"severity": "warning",
	"category": "types",
	"description": "`serial` types create a sequence the table does not own in the SQL standard sense: it needs its own grants, survives as a separate object in dumps, and any INSERT may bypass it, so the sequence falls behind and later inserts fail on duplicates. PostgreSQL 10+'s identity columns are the standard replacement. Off by default (serial is everywhere in older schemas); turn it on to require identity columns, as squawk does.",
	"help": "Use an identity column: `CREATE TABLE events (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, …);` (`BY DEFAULT` to let inserts give values). Turn the rule on with `rules: {prefer-identity: {enabled: true}}`.",
	"dialects": ["postgres"],
	"aliases": ["squawk:prefer-identity"],
	"kinds": ["create_table", "alter_table"],
	"enabled": false,
}

matches(type_name) if {
	is_string(type_name)
	regex.match(`^(serial|serial2|serial4|serial8|smallserial|bigserial)$`, lower(trim_space(type_name)))
}

message(column, type_name) := sprintf(`Column "%s" is %s: its sequence is a separate object with its own owner and grants, and a plain INSERT can still write any value; an identity column is part of the table`, [column, type_name])

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
