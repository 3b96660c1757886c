package schemagate.rules.object_already_exists

import data.schemagate.lib
import rego.v1

meta := {
	"id": "object-already-exists",
	"title": "Creating an object that already exists",
	"severity": "error",
	"category": "integrity",
	"description": "The replayed schema already holds an object of that name, so the database refuses the statement and the deployment stops half way. Every database refuses a second table, view, sequence, column or constraint of one name. PostgreSQL keeps tables, views, sequences and indexes in one namespace per schema (`relation \"t3_name_idx\" already exists`), and a PRIMARY KEY or UNIQUE constraint builds an index of its own name; MySQL, MariaDB and SQL Server keep index names per table; SQLite shares one namespace for tables, views and indexes. Names compare as the database folds them (PostgreSQL lower-cases unquoted names, Oracle upper-cases them; MySQL, SQL Server and SQLite ignore case). Only objects the replay certainly has are claimed: created by a parsed statement and touched since by nothing it cannot follow (an unparsed statement, `DO`, `CASCADE`, a Liquibase precondition).",
	"help": "Pick another name, or drop the old object first in the same migration. To make the statement idempotent, write `IF NOT EXISTS` (`CREATE INDEX IF NOT EXISTS …`, `ADD COLUMN IF NOT EXISTS …` on PostgreSQL) or `CREATE OR REPLACE VIEW`.",
	"dialects": [],
}

deny contains f if {
	some stmt in lib.forward_statements
	is_array(stmt.refusals)
	some refusal in stmt.refusals
	refusal.kind == "already_exists"
	msg := sprintf("%s would be refused by the database: %s", [lib.kind_words(stmt.kind), refusal.reason])
	f := lib.finding(meta, stmt, msg)
}
