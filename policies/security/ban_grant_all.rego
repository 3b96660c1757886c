package schemagate.rules.ban_grant_all

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "ban-grant-all",
	"title": "GRANT ALL PRIVILEGES",
	"severity": "warning",
	"category": "security",
	"description": "GRANT ALL gives every privilege on the object, including DELETE, TRUNCATE, REFERENCES and TRIGGER (and, on a schema or database, CREATE): far more than an application role needs, and it silently includes privileges added by future server versions.",
	"help": "Grant only what the role uses: `GRANT SELECT, INSERT, UPDATE ON orders TO app;`.",
	"dialects": [],
	"kinds": ["grant"],
}

warn contains f if {
	some stmt in lib.forward_statements
	stmt.kind == "grant"
	stmt.all_privileges == true
	msg := sprintf("GRANT ALL%s TO %s gives every privilege, including DELETE and TRUNCATE, where an application role needs a few", [on_objects(stmt), grantee_list(stmt)])
	f := lib.finding(meta, stmt, msg)
}

on_objects(stmt) := sprintf(" ON %s", [lib.quoted_names(stmt.objects)]) if count(stmt.objects) > 0
else := ""

grantee_list(stmt) := concat(", ", [g | some name in stmt.grantees; g := quote(name)])

quote(name) := name if name == "PUBLIC"
else := sprintf(`"%s"`, [name])
