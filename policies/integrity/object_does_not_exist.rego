package schemagate.rules.object_does_not_exist

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "object-does-not-exist",
	"title": "Altering or dropping an object that does not exist",
	"severity": "error",
	"category": "integrity",
	"description": "The table, view, sequence, index or constraint the statement alters, drops or builds on is gone when it runs, so the database refuses it. Measured: PostgreSQL 15 `table \"orders\" does not exist`, `constraint \"c1\" of relation \"t3\" does not exist`; MariaDB 10.11 `Unknown table`, `Can't DROP INDEX; check that it exists`. Only said when the replay really knows: it saw the object dropped or renamed away earlier in the changelog; or an index or constraint is missing from a table whose every index and constraint name it knows (none named by the database, like `t_pkey` or MySQL `PRIMARY`); or the schema model is complete (a baseline dump). A table the replay never saw is unknown and never flagged.",
	"help": "Check the name and the order of the migrations: the object was dropped or renamed earlier (the message says where). To make the statement idempotent, write `IF EXISTS` (`DROP TABLE IF EXISTS …`, `DROP INDEX IF EXISTS …`, `ALTER TABLE … DROP CONSTRAINT IF EXISTS …`).",
	"dialects": [],
	"facts": ["refusals"],
}

deny contains f if {
	some stmt in lib.forward_statements
	is_array(stmt.refusals)
	some refusal in stmt.refusals
	refusal.kind == "does_not_exist"
	msg := sprintf("%s would be refused by the database: %s", [lib.kind_words(stmt.kind), refusal.reason])
	f := lib.finding(meta, stmt, msg)
}
