package schemagate.rules.ban_drop_database

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "ban-drop-database",
	"title": "Dropping a database",
	"severity": "error",
	"category": "destructive",
	"description": "DROP DATABASE deletes a whole database, every table and all data, with no undo short of a restore from backup. A migration changelog should never do this; it usually means a script meant for a local or test environment reached the pipeline.",
	"help": "Remove the statement from the changelog. Create and drop scratch databases in test setup scripts, outside the migrations; decommission a production database through an operations change with a verified backup.",
	"dialects": [],
	"aliases": ["squawk:ban-drop-database", "bytebase:database.drop-empty-database", "bytebase:schema.backward-compatibility"],
	"kinds": ["drop_database"],
}

deny contains f if {
	some stmt in lib.forward_statements
	stmt.kind == "drop_database"
	names := lib.names_of(stmt)
	msg := sprintf("Dropping database %s deletes every table and all data in it", [lib.quoted_names(names)])
	f := lib.finding(meta, stmt, msg)
}
