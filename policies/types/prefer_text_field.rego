package schemagate.rules.prefer_text_field

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "prefer-text-field",
	"title": "varchar(n) column",
	"severity": "warning",
	"category": "types",
	"description": "A length limit written into the type (`varchar(n)`) can only be changed with `ALTER COLUMN … TYPE`, under an ACCESS EXCLUSIVE lock (a rewrite when it shrinks). `text` performs the same, and a limit kept in a `CHECK (length(col) <= n)` constraint can be replaced without blocking (`NOT VALID`, then `VALIDATE`). Off by default (a style choice); turn it on to require `text`, as squawk does.",
	"help": "Use `text` with a CHECK constraint: `ALTER TABLE users ADD COLUMN nickname text CONSTRAINT nickname_length CHECK (length(nickname) <= 50);`. Turn the rule on with `rules: {prefer-text-field: {enabled: true}}`.",
	"dialects": ["postgres"],
	"aliases": ["squawk:prefer-text-field"],
	"kinds": ["create_table", "alter_table"],
	"enabled": false,
}

matches(type_name) if {
	is_string(type_name)
	regex.match(`^(varchar|character\s+varying)\s*\(\s*[0-9]+\s*\)$`, lower(trim_space(type_name)))
}

message(column, type_name) := sprintf(`Column "%s" is %s: raising the limit later takes an ACCESS EXCLUSIVE lock on the table; text with a CHECK constraint can be changed with NOT VALID and VALIDATE instead`, [column, type_name])

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
