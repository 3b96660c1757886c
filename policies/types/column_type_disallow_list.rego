package schemagate.rules.column_type_disallow_list

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "column-type-disallow-list",
	"title": "Column of a disallowed type",
	"severity": "warning",
	"category": "types",
	"description": "Teams ban some types outright (`money`, `json` where `jsonb` is meant, MySQL `enum`, `float` for amounts). Finds nothing until `params.column-type-disallow-list.types` lists them (base names, any case; `varchar` matches `varchar(255)`). Bytebase's column.type-disallow-list.",
	"help": "Use the type the team agreed on. Configure: `params: {column-type-disallow-list: {types: [money, json, float]}}`.",
	"dialects": [],
	"aliases": ["bytebase:column.type-disallow-list"],
	"kinds": ["create_table", "alter_table"],
	"params": {"types": "array"},
}

configured := lib.param(meta, "types", null)

banned := {lower(t) | some t in configured; is_string(t)} if is_array(configured)

# the type's name without its arguments: "VARCHAR(255)" → "varchar"
base(type_name) := lower(trim_space(split(type_name, "(")[0]))

warn contains f if {
	is_array(configured)
	some [stmt, col] in lib.new_columns
	is_string(col.type)
	base(col.type) in banned
	f := lib.finding(meta, stmt, sprintf(`Column "%s" is %s, a type params.column-type-disallow-list.types bans`, [col.name, col.type]))
}

warn contains f if {
	is_array(configured)
	some [stmt, op] in lib.alter_ops
	op.op in {"alter_column_type", "modify_column"}
	is_string(op.type)
	base(op.type) in banned
	f := lib.finding(meta, stmt, sprintf(`Column "%s" becomes %s, a type params.column-type-disallow-list.types bans`, [op.column, op.type]))
}
