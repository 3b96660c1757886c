package schemagate.rules.object_does_not_exist

import data.schemagate.lib
import rego.v1

meta := {
	"id": "object-does-not-exist",
	"title": "Altering or dropping an object that does not exist",
	"severity": "error",
	"category": "integrity",
	"description": "The table, view, sequence, index or constraint the statement alters, drops or builds on is not there when it runs, so the database refuses it (PostgreSQL `relation \"t\" does not exist` / `index \"i\" does not exist` / `constraint \"c\" of relation \"t\" does not exist`; MySQL `Table 'db.t' doesn't exist` / `Can't DROP 'i'; check that column/key exists`; SQL Server `Cannot drop the table 't', because it does not exist`). This is only said when the schema model really knows: the replay saw the object dropped or renamed away earlier in the changelog, or the statement names an index or constraint of a table whose every column, index and constraint name the replay knows, or the model holds the whole schema (a baseline dump). A table the replay never saw is unknown and never flagged.",
	"help": "Check the name and the order of the migrations: the object was dropped or renamed earlier (the message says where). To make the statement idempotent, write `IF EXISTS` (`DROP TABLE IF EXISTS …`, `DROP INDEX IF EXISTS …`, `ALTER TABLE … DROP CONSTRAINT IF EXISTS …`).",
	"dialects": [],
}

deny contains f if {
	some stmt in lib.forward_statements
	is_array(stmt.refusals)
	some refusal in stmt.refusals
	refusal.kind == "does_not_exist"
	msg := sprintf("%s would be refused by the database: %s", [lib.kind_words(stmt.kind), refusal.reason])
	f := lib.finding(meta, stmt, msg)
}
