package schemagate.rules.require_primary_key

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "require-primary-key",
	"title": "Table without a primary key",
	"severity": "warning",
	"category": "integrity",
	"description": "A table without a primary key cannot be replicated row by row: PostgreSQL logical replication cannot publish its UPDATEs and DELETEs (unless REPLICA IDENTITY FULL, which scans), MySQL group replication and many CDC tools refuse it, and InnoDB falls back to a hidden row id. Duplicate rows cannot be told apart or fixed. Temporary tables are not flagged, nor tables that get a primary key later in the same proposal (the rule looks at the whole proposal at once).",
	"help": "Declare a key when creating the table: `CREATE TABLE events (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, …);` (MySQL: `id bigint AUTO_INCREMENT PRIMARY KEY`), or a natural key: `PRIMARY KEY (tenant_id, event_id)`.",
	"dialects": [],
	"aliases": ["liquibase:PrimaryKeyOnCreateTable", "bytebase:table.require-pk"],
	"kinds": ["create_table"],
}

# Tables that get a primary key from a later ALTER TABLE, in any proposed
# changeset: this rule reads the whole proposal.
keyed_later contains name if {
	some [stmt, op] in lib.alter_ops
	op.op == "add_constraint"
	op.constraint.type == "primary_key"
	is_string(stmt.table.name)
	name := lib.name_of(stmt.table)
}

proposal_warn contains f if {
	some stmt in lib.forward_statements
	stmt.kind == "create_table"
	stmt.primary_key == false
	not stmt.temporary == true
	not lib.name_of(stmt.object) in keyed_later
	msg := sprintf("Table %s has no primary key: its rows cannot be replicated or fixed one by one", [lib.table_label(stmt)])
	f := lib.finding(meta, stmt, msg)
}
