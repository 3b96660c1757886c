package schemagate.rules.require_table_schema

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "require-table-schema",
	"title": "Table named without a schema",
	"severity": "warning",
	"category": "naming",
	"description": "A table named without its schema lands in (or is looked up in) the first schema of the `search_path` of the session that runs the migration, which the migration tool, the role and the database settings decide and which can differ between environments. Off by default: most schemas use one schema; turn it on where several are in use, as squawk's opt-in rule does.",
	"help": "Name the schema: `CREATE TABLE app.orders (…);`, `ALTER TABLE app.orders …`. Turn the rule on with `rules: {require-table-schema: {enabled: true}}`.",
	"dialects": [],
	"aliases": ["squawk:require-table-schema", "bytebase:statement.create-specify-schema", "bytebase:naming.fully-qualified"],
	"kinds": ["create_table", "alter_table", "drop_table"],
	"enabled": false,
}

warn contains f if {
	some stmt in lib.forward_statements
	stmt.kind in {"create_table", "alter_table", "drop_table"}
	is_object(stmt.object)
	stmt.object.type == "table"
	stmt.object.schema == null
	is_string(stmt.object.name)
	msg := sprintf(`Table "%s" is named without a schema: where it is depends on the search_path of the session that runs the migration`, [stmt.object.name])
	f := lib.finding(meta, stmt, msg)
}
