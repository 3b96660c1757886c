package schemagate.rules.require_enum_value_ordering

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "require-enum-value-ordering",
	"title": "ALTER TYPE … ADD VALUE without BEFORE/AFTER",
	"severity": "warning",
	"category": "hygiene",
	"description": "An enum's values sort in the order they were declared: `ADD VALUE` without `BEFORE` or `AFTER` puts the new one last, which decides how `ORDER BY` and comparisons treat it. Off by default (appending is usually what is meant); turn it on to make every addition say where it goes, as squawk does.",
	"help": "Say where the value goes: `ALTER TYPE order_status ADD VALUE 'packed' AFTER 'paid';`. Turn the rule on with `rules: {require-enum-value-ordering: {enabled: true}}`.",
	"dialects": ["postgres"],
	"aliases": ["squawk:require-enum-value-ordering"],
	"kinds": ["alter_type"],
	"enabled": false,
}

warn contains f if {
	lib.is_postgres
	some stmt in lib.forward_statements
	stmt.kind == "alter_type"
	stmt.op == "add_value"
	stmt.before_after == false
	msg := sprintf(`ALTER TYPE "%s" ADD VALUE without BEFORE or AFTER puts the value last in the enum's sort order`, [lib.name_of(stmt.object)])
	f := lib.finding(meta, stmt, msg)
}
