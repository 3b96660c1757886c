# A team policy: some tables may never be dropped or truncated, whatever
# the built-in rules say. The list comes from configuration
# (data.schemagate.config.protected_tables), so it can differ per environment.
package team.protected_tables

import rego.v1

schema_version := 2

protected := object.get(data, ["schemagate", "config", "protected_tables"], ["customers", "orders"])

deny contains finding if {
	some stmt in input.statements
	stmt.phase == "forward"
	stmt.kind in {"drop_table", "truncate"}
	some obj in stmt.names
	lower(obj.name) in protected
	finding := {
		"msg": sprintf("%s on protected table %q", [upper(replace(stmt.kind, "_", " ")), obj.name]),
		"rule": "team-protected-table",
		"at": stmt.index,
		"help": "Protected tables are changed only through the data team's runbook.",
	}
}
