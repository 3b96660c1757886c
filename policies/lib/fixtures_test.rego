# Input documents for the built-in rules' tests, shaped exactly as
# docs/input-document.md describes them. Loaded only by `schemagate test`.
package schemagate.test.fixtures

import rego.v1

no_impact := {
	"lock": null,
	"blocks_reads": false,
	"blocks_writes": false,
	"rewrite": false,
	"scan": false,
	"destructive": false,
	"backward_incompatible": false,
	"reasons": [],
	"size": null,
	"rows": null,
	"rows_method": null,
	"bytes": null,
	"est_seconds": null,
	"risk": "low",
}

# A forward statement of changeset 0 with every common field; `fields` adds
# kind-specific fields or replaces common ones.
statement(index, fields) := object.union(
	{
		"index": index,
		"changeset": 0,
		"change_type": "sql",
		"phase": "forward",
		"file": "db/migration/V2__change.sql",
		"line": index + 1,
		"column": 1,
		"end_line": index + 1,
		"end_column": 60,
		"sql": "",
		"parsed": true,
		"analyzed": true,
		"parse_error": null,
		"proposed": true,
		"kind": "other",
		"object": null,
		"table": null,
		"if_exists": false,
		"if_not_exists": false,
		"concurrently": false,
		"cascade": false,
		"transaction": "implicit",
		"in_transaction": true,
		"impact": no_impact,
		"refusals": [],
	},
	fields,
)

# What the replay says the database would refuse (`refusals` of a statement).
refusal(kind, type, name, reason) := {
	"kind": kind,
	"object": {"type": type, "schema": null, "name": name},
	"table": null,
	"reason": reason,
}

# A table that existed before the proposal.
existing_table(name) := {"schema": null, "name": name, "new": false, "known": false, "created_in": null}

# A table created by the proposal.
new_table(name) := {"schema": null, "name": name, "new": true, "known": true, "created_in": "2"}

table_object(name) := {"type": "table", "schema": null, "name": name}

column(name, type, fields) := object.union(
	{
		"name": name,
		"type": type,
		"not_null": false,
		"primary_key": false,
		"unique": false,
		"has_default": false,
		"default": null,
		"default_volatile": false,
		"generated": null,
		"references": null,
	},
	fields,
)

constraint(type, name, fields) := object.union(
	{
		"type": type,
		"name": name,
		"columns": [],
		"references": null,
		"not_valid": false,
		"using_index": null,
	},
	fields,
)

# ALTER TABLE <table> with the given ops.
alter_table(index, table, ops) := statement(index, {
	"kind": "alter_table",
	"object": table_object(table.name),
	"table": table,
	"ops": ops,
	"impact": object.union(no_impact, {"lock": "access_exclusive", "blocks_reads": true, "blocks_writes": true}),
})

# A whole document in `format`: one proposed changeset holding the
# statements, as the rules' `deny`/`warn` see it (schema_version 2).
document_in(dialect, version, format, statements) := {
	"schema_version": 2,
	"tool": {"name": "schemagate", "version": "0.1.0"},
	"target": {"dialect": dialect, "version": version},
	"source": {"format": format, "path": "db/migration"},
	"changeset": {
		"index": 0,
		"id": "2",
		"author": null,
		"version": "2",
		"description": "change",
		"role": "versioned",
		"file": "db/migration/V2__change.sql",
		"line": 1,
		"column": 1,
		"transaction": "implicit",
		"rollback": "none",
		"statements": [s.index | some s in statements; s.phase == "forward"],
		"rollback_statements": [s.index | some s in statements; s.phase == "rollback"],
		"marked_ran": false,
		"checksum": null,
		"proposed": true,
		"edited": null,
		"out_of_order": null,
		"attributes": {},
	},
	"statements": statements,
}

document(dialect, version, statements) := document_in(dialect, version, "flyway", statements)

# PostgreSQL 16, the usual target of the tests.
pg(statements) := document("postgres", "16", statements)
