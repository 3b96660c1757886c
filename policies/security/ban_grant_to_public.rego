package schemagate.rules.ban_grant_to_public

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "ban-grant-to-public",
	"title": "GRANT to PUBLIC",
	"severity": "error",
	"category": "security",
	"description": "PUBLIC is every role, present and future: a GRANT … TO PUBLIC gives the privileges to every login on the server, including roles created later for unrelated applications. It is rarely intended and easy to miss in review.",
	"help": "Grant to a named role that only the intended users hold: `CREATE ROLE reporting_reader; GRANT SELECT ON orders TO reporting_reader; GRANT reporting_reader TO analyst;`.",
	"dialects": [],
	"kinds": ["grant"],
}

deny contains f if {
	some stmt in lib.forward_statements
	stmt.kind == "grant"
	"PUBLIC" in stmt.grantees
	msg := sprintf("GRANT %s%s TO PUBLIC gives these privileges to every role, present and future", [privileges(stmt), on_objects(stmt)])
	f := lib.finding(meta, stmt, msg)
}

privileges(stmt) := "ALL" if stmt.all_privileges == true
else := concat(", ", stmt.privileges) if is_array(stmt.privileges)
else := "privileges"

on_objects(stmt) := sprintf(" ON %s", [lib.quoted_names(stmt.objects)]) if count(stmt.objects) > 0
else := ""
