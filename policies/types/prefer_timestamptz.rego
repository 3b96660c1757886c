package schemagate.rules.prefer_timestamptz

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "prefer-timestamptz",
	"title": "timestamp without time zone",
	"severity": "warning",
	"category": "types",
	"description": "PostgreSQL's `timestamp` (without time zone) stores a wall-clock reading with no zone: the same instant written by servers or sessions in different time zones gets different values, and daylight-saving transitions make some values ambiguous. `timestamptz` stores an instant and converts on display.",
	"help": "Use `timestamptz` (`timestamp with time zone`): `ALTER TABLE orders ADD COLUMN shipped_at timestamptz;`. Keep `timestamp` only for deliberate local wall-clock values (an opening hour), and waive the finding there.",
	"dialects": ["postgres"],
	"aliases": ["squawk:prefer-timestamp-tz", "squawk:prefer-timestamptz"],
	"kinds": ["create_table", "alter_table"],
}

without_zone(type_name) if {
	is_string(type_name)
	regex.match(`^timestamp\s*(\(\s*[0-9]+\s*\))?(\s+without\s+time\s+zone)?$`, lower(trim_space(type_name)))
}

warn contains f if {
	lib.is_postgres
	some [stmt, col] in lib.new_columns
	without_zone(col.type)
	f := lib.finding(meta, stmt, sprintf(`Column "%s" is a timestamp without time zone: the same instant gets different values in different time zones`, [col.name]))
}

warn contains f if {
	lib.is_postgres
	some [stmt, op] in lib.alter_ops
	op.op == "alter_column_type"
	without_zone(op.type)
	f := lib.finding(meta, stmt, sprintf(`Column "%s" becomes a timestamp without time zone: the same instant gets different values in different time zones`, [op.column]))
}
