package schemagate.rules.ban_drop_schema

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "ban-drop-schema",
	"title": "Dropping a schema",
	"severity": "error",
	"category": "destructive",
	"description": "DROP SCHEMA removes a namespace; with CASCADE (PostgreSQL) it silently drops every table, view, function and sequence in it, with all their data. In MySQL and MariaDB, SCHEMA is a synonym of DATABASE: the whole database is gone.",
	"help": "Drop the objects one by one in reviewed changesets, so each loss is visible, then drop the empty schema without CASCADE: `DROP SCHEMA reporting RESTRICT;` fails if anything is left. Waive the finding when the drop is intended.",
	"dialects": [],
	"aliases": ["squawk:ban-drop-schema", "atlas:DS101"],
	"kinds": ["drop_schema"],
}

deny contains f if {
	some stmt in lib.forward_statements
	stmt.kind == "drop_schema"
	names := lib.names_of(stmt)
	msg := sprintf("Dropping schema %s %s", [lib.quoted_names(names), consequence(stmt)])
	f := lib.finding(meta, stmt, msg)
}

consequence(stmt) := "drops the whole database with all its tables and data (in MySQL a schema is a database)" if lib.is_mysql
else := "with CASCADE drops every table, view and function in it, with all their data" if stmt.cascade == true
else := "removes a namespace that code and grants refer to by name"
