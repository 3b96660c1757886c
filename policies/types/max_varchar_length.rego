package schemagate.rules.max_varchar_length

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "max-varchar-length",
	"title": "varchar longer than allowed",
	"severity": "warning",
	"category": "types",
	"description": "A `varchar(n)`/`char(n)` column longer than `params.max-varchar-length.max_length`: long bounded strings are usually text in disguise, and on MySQL a long `varchar` counts against the 65,535-byte row limit and the index key limit. Finds nothing until the limit is set. Bytebase's column.maximum-varchar-length / maximum-character-length.",
	"help": "Use `text` for long values, or a shorter limit. Configure: `params: {max-varchar-length: {max_length: 1024}}`.",
	"dialects": [],
	"aliases": ["bytebase:column.maximum-varchar-length", "bytebase:column.maximum-character-length"],
	"kinds": ["create_table", "alter_table"],
	"params": {"max_length": "integer"},
}

max_length := n if {
	n := lib.param(meta, "max_length", null)
	is_number(n)
}

# n of "varchar(n)", "character varying (n)", "char(n)", "nvarchar(n)"
length(type_name) := to_number(m[0][2]) if {
	is_string(type_name)
	m := regex.find_all_string_submatch_n(`^(n?varchar|varchar2|nvarchar2|character varying|n?char|character)\s*\(\s*([0-9]+)`, lower(trim_space(type_name)), 1)
	count(m) == 1
}

warn contains f if {
	is_number(max_length) # unset: nothing to look at
	some [stmt, col] in lib.new_columns
	n := length(col.type)
	n > max_length
	f := lib.finding(meta, stmt, sprintf(`Column "%s" is %s, longer than %d (params.max-varchar-length.max_length)`, [col.name, col.type, max_length]))
}

warn contains f if {
	is_number(max_length)
	some [stmt, op] in lib.alter_ops
	op.op in {"alter_column_type", "modify_column"}
	n := length(op.type)
	n > max_length
	f := lib.finding(meta, stmt, sprintf(`Column "%s" becomes %s, longer than %d (params.max-varchar-length.max_length)`, [op.column, op.type, max_length]))
}
