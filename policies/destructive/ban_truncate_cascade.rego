package schemagate.rules.ban_truncate_cascade

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "ban-truncate-cascade",
	"title": "TRUNCATE … CASCADE",
	"severity": "error",
	"category": "destructive",
	"description": "`TRUNCATE … CASCADE` also empties every table that has a foreign key to the truncated ones, and the tables referencing those, recursively: tables the statement does not name lose all their rows. Which tables that is depends on the foreign keys present in each environment.",
	"help": "Name every table to empty in the statement, without CASCADE, so it fails if another table still references them: `TRUNCATE order_lines, orders;`. Tables created by the proposal are not flagged.",
	"dialects": [],
	"aliases": ["squawk:ban-truncate-cascade"],
	"kinds": ["truncate"],
}

deny contains f if {
	some stmt in lib.forward_statements
	stmt.kind == "truncate"
	stmt.cascade == true
	not lib.is_new_table(stmt)
	msg := sprintf(`TRUNCATE %s CASCADE also empties every table with a foreign key to it, and the tables referencing those, whether the statement names them or not`, [lib.quoted_names(lib.names_of(stmt))])
	f := lib.finding(meta, stmt, msg)
}
