package schemagate.rules.schema_outside_allowlist

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "schema-outside-allowlist",
	"title": "Change to a schema outside the allowlist",
	"severity": "error",
	"category": "security",
	"description": "A migration that writes to or changes objects in another schema than the application's own (another team's schema, `public` where the app has its own, a reporting schema) reaches outside what its owners review. Finds nothing until `params.schema-outside-allowlist.allowed_schemas` lists the schemas migrations may touch; then every table, index, view or DML target named with another schema is a finding (unqualified names are left to the search_path: see `require-table-schema`).",
	"help": "Change only the allowed schemas, and ask the owners of the others. Configure: `params: {schema-outside-allowlist: {allowed_schemas: [app, app_audit]}}` (names compare without regard to case).",
	"dialects": [],
	"aliases": [],
	"kinds": ["create_table", "alter_table", "drop_table", "rename_table", "truncate", "create_index", "drop_index", "create_view", "drop_view", "insert", "update", "delete", "merge"],
	"params": {"allowed_schemas": "array"},
}

configured := lib.param(meta, "allowed_schemas", null)

allowed := {lower(s) | some s in configured; is_string(s)} if is_array(configured)

# the schema a statement changes: its table's, else its object's
target_schema(stmt) := stmt.table.schema if {
	is_object(stmt.table)
	is_string(stmt.table.schema)
} else := stmt.object.schema if {
	is_object(stmt.object)
	is_string(stmt.object.schema)
}

deny contains f if {
	is_array(configured)
	some stmt in lib.forward_statements
	stmt.kind in meta.kinds
	schema := target_schema(stmt)
	not lower(schema) in allowed
	msg := sprintf(`%s in schema "%s", which params.schema-outside-allowlist.allowed_schemas does not hold`, [lib.kind_words(stmt.kind), schema])
	f := lib.finding(meta, stmt, msg)
}
