package schemagate.rules.drop_table_name_pattern

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "drop-table-name-pattern",
	"title": "DROP TABLE of a table not renamed for deletion first",
	"severity": "warning",
	"category": "destructive",
	"description": "Teams that drop tables in two steps — rename the table to a marked name (`orders_deprecated`, `_del_orders`), wait a release for anything that still uses it to fail loudly and be put back with one rename, then drop it — allow `DROP TABLE` only on names that carry the mark. Finds nothing until `params.drop-table-name-pattern.pattern` (a regular expression, RE2 syntax, matched against the table name without its schema) is set; then a `DROP TABLE` of any other name is a finding. Tables the proposal creates are exempt. Bytebase's table.drop-naming-convention.",
	"help": "Rename the table first, in an earlier release (`ALTER TABLE orders RENAME TO orders_deprecated;`), then drop the renamed table. Configure: `params: {drop-table-name-pattern: {pattern: \"_deprecated$\"}}`.",
	"dialects": [],
	"aliases": ["bytebase:table.drop-naming-convention"],
	"kinds": ["drop_table"],
	"params": {"pattern": "regex"},
}

pattern := p if {
	p := lib.param(meta, "pattern", null)
	is_string(p)
}

warn contains f if {
	is_string(pattern) # unset: nothing to look at
	some stmt in lib.forward_statements
	stmt.kind == "drop_table"
	not lib.is_new_table(stmt)
	some obj in lib.names_of(stmt)
	is_string(obj.name)
	not regex.match(pattern, obj.name)
	msg := sprintf(`DROP TABLE "%s": the name does not match %s (params.drop-table-name-pattern.pattern), so it was not renamed for deletion first`, [lib.name_of(obj), pattern])
	f := lib.finding(meta, stmt, msg)
}
