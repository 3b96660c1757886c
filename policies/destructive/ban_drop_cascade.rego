package schemagate.rules.ban_drop_cascade

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "ban-drop-cascade",
	"title": "DROP … CASCADE",
	"severity": "warning",
	"category": "destructive",
	"description": "`DROP … CASCADE` also drops every object that depends on the dropped one — views, foreign keys of other tables, column defaults using a sequence or function, functions of a type — none of which the statement names. What it removes depends on what each environment holds. (`DROP TABLE` and `DROP SCHEMA` are `ban-drop-table`'s and `ban-drop-schema`'s, which say what CASCADE adds.)",
	"help": "Drop the dependent objects first, by name, then drop without CASCADE, so the statement fails instead of removing something unexpected: `DROP VIEW order_summary; DROP VIEW order_totals;`.",
	"dialects": [],
	"aliases": ["bytebase:statement.disallow-rm-tbl-cascade"],
	"kinds": ["drop_view", "drop_type", "drop_function", "drop_procedure", "drop_domain", "drop_sequence", "drop_extension"],
}

dropping := {"drop_view", "drop_type", "drop_function", "drop_procedure", "drop_domain", "drop_sequence", "drop_extension"}

warn contains f if {
	some stmt in lib.forward_statements
	stmt.kind in dropping
	stmt.cascade == true
	msg := sprintf(`%s %s CASCADE also drops every object that depends on it (views, other tables' foreign keys, defaults), which the statement does not name`, [lib.kind_words(stmt.kind), lib.quoted_names(lib.names_of(stmt))])
	f := lib.finding(meta, stmt, msg)
}
