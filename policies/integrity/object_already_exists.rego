package schemagate.rules.object_already_exists

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "object-already-exists",
	"title": "Creating an object that already exists",
	"severity": "error",
	"category": "integrity",
	"description": "The replayed schema already holds an object of that name, so the database refuses the statement and the deployment stops half way. Measured: PostgreSQL 15 `relation \"t3_name_idx\" already exists` (tables, views, sequences and indexes share one namespace per schema; PRIMARY KEY/UNIQUE build an index of their name), `column \"name\" of relation \"t3\" already exists`; MariaDB 10.11 `Duplicate key name` (index names are per table), `Duplicate column name`, `Duplicate CHECK constraint name`; SQLite 3.40 `there is already an index named u_a` (tables, views, indexes share one namespace). Names compare as the database folds them; MySQL table names only when identical (their case depends on the file system). Only objects the replay certainly has count: created by a parsed statement, untouched since by anything it cannot follow (unparsed statements, `DO`, `CASCADE`, Liquibase preconditions).",
	"help": "Pick another name, or drop the old object first in the same migration. To make the statement idempotent, write `IF NOT EXISTS` (`CREATE INDEX IF NOT EXISTS …`, `ADD COLUMN IF NOT EXISTS …` on PostgreSQL) or `CREATE OR REPLACE VIEW`.",
	"dialects": [],
	"facts": ["refusals"],
}

deny contains f if {
	some stmt in lib.forward_statements
	is_array(stmt.refusals)
	some refusal in stmt.refusals
	refusal.kind == "already_exists"
	msg := sprintf("%s would be refused by the database: %s", [lib.kind_words(stmt.kind), refusal.reason])
	f := lib.finding(meta, stmt, msg)
}
