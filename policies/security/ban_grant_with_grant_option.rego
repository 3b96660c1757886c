package schemagate.rules.ban_grant_with_grant_option

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "ban-grant-with-grant-option",
	"title": "GRANT … WITH GRANT OPTION",
	"severity": "warning",
	"category": "security",
	"description": "`WITH GRANT OPTION` lets the grantee grant the same privileges to anyone else: who can read or change the data is then decided outside the migrations, and revoking it later needs `CASCADE` to reach everyone it was passed on to.",
	"help": "Grant the privileges without the option, to each role that needs them: `GRANT SELECT ON orders TO reporting;`.",
	"dialects": [],
	"aliases": ["liquibase:SqlGrantOptionWarn"],
	"kinds": ["grant"],
}

warn contains f if {
	some stmt in lib.forward_statements
	stmt.kind == "grant"
	stmt.with_grant_option == true
	is_array(stmt.grantees)
	msg := sprintf("GRANT … WITH GRANT OPTION lets %s pass the privileges on to anyone, outside the migrations' control", [concat(", ", [sprintf(`"%s"`, [g]) | some g in stmt.grantees])])
	f := lib.finding(meta, stmt, msg)
}
