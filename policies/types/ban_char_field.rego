package schemagate.rules.ban_char_field

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "ban-char-field",
	"title": "char(n) column",
	"severity": "warning",
	"category": "types",
	"description": "PostgreSQL's `char(n)` (`character(n)`, `bpchar`) pads values with spaces to the declared length. The padding is significant in some operations and ignored in others (comparison ignores it, `||` and casts to text drop it, `LIKE` sees it), which surprises applications; it is also no faster than `text` or `varchar`. The PostgreSQL wiki's \"Don't Do This\" lists it.",
	"help": "Use `text` (with a `CHECK (length(code) = 3)` when the length matters) or `varchar(n)`: `ALTER TABLE countries ADD COLUMN code text CHECK (length(code) = 2);`.",
	"dialects": ["postgres"],
	"aliases": ["squawk:ban-char-field"],
	"kinds": ["create_table", "alter_table"],
}

matches(type_name) if {
	is_string(type_name)
	regex.match(`^(char|character|bpchar|nchar|national\s+char(acter)?)(\s*\(\s*[0-9]+\s*\))?$`, lower(trim_space(type_name)))
}

message(column, type_name) := sprintf(`Column "%s" is %s: char(n) pads every value with spaces to its length, and comparisons, casts and concatenation keep or drop the padding inconsistently`, [column, type_name])

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
