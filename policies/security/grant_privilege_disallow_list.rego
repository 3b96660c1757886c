package schemagate.rules.grant_privilege_disallow_list

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "grant-privilege-disallow-list",
	"title": "GRANT of a privilege the team keeps out of migrations",
	"severity": "warning",
	"category": "security",
	"description": "Some privileges change more than data access — `DELETE`, `TRUNCATE`, `REFERENCES`, `TRIGGER`, `SUPER`, `FILE` — and a team may want each grant of them reviewed by the DBAs. Finds nothing until `params.grant-privilege-disallow-list.privileges` lists them; then a GRANT of a listed privilege, or of `ALL` (which includes every one), is a finding. Liquibase's SqlGrantSpecificPrivsWarn.",
	"help": "Grant only the privileges the role uses (`GRANT SELECT, INSERT ON orders TO app_writer;`) and ask the DBA for the others. Configure: `params: {grant-privilege-disallow-list: {privileges: [DELETE, TRUNCATE]}}` (names compare without regard to case).",
	"dialects": [],
	"aliases": ["liquibase:SqlGrantSpecificPrivsWarn"],
	"kinds": ["grant"],
	"params": {"privileges": "array"},
}

configured := lib.param(meta, "privileges", null)

listed := {upper(p) | some p in configured; is_string(p)} if is_array(configured)

# the listed privileges a grant gives
given(stmt) := listed if stmt.all_privileges == true
else := {upper(p) | some p in stmt.privileges; is_string(p)} & listed

warn contains f if {
	is_array(configured)
	some stmt in lib.forward_statements
	stmt.kind == "grant"
	is_array(stmt.privileges)
	hits := given(stmt)
	count(hits) > 0
	msg := sprintf(`GRANT of %s on %s, a privilege the list (params.grant-privilege-disallow-list.privileges) keeps out of migrations`, [concat(", ", sort(hits)), lib.quoted_names(stmt.objects)])
	f := lib.finding(meta, stmt, msg)
}
