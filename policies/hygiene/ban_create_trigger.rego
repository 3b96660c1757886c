package schemagate.rules.ban_create_trigger

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "ban-create-trigger",
	"title": "CREATE TRIGGER",
	"severity": "warning",
	"category": "hygiene",
	"description": "A trigger runs hidden logic inside every write of its table: the application's code no longer says what a write does, bulk loads and backfills slow down row by row, and on MySQL the online schema-change tools cannot work on the table (gh-ost refuses tables with triggers; pt-online-schema-change needs its own triggers, and before MySQL 5.7 a table may hold only one per event). Off by default: a convention of teams that keep logic in the application (Bytebase's table.disallow-trigger); turn it on with `rules: {ban-create-trigger: {enabled: true}}`.",
	"help": "Do the work in the application (or a job reading a change stream), next to the write it belongs to. Where a trigger is the design (an audit table the database must fill), waive it with the reason: `-- schemagate:ignore ban-create-trigger -- audit rows must not depend on the application`.",
	"dialects": [],
	"aliases": ["bytebase:table.disallow-trigger"],
	"kinds": ["create_trigger"],
	"enabled": false,
}

on_what(stmt) := sprintf(" on %s", [label]) if {
	label := lib.table_label(stmt)
} else := ""

warn contains f if {
	some stmt in lib.forward_statements
	stmt.kind == "create_trigger"
	is_object(stmt.object)
	is_string(stmt.object.name)
	what := replace(stmt.object.type, "_", " ")
	msg := sprintf(`CREATE %s "%s"%s: its logic runs inside every write, out of the application's sight`, [upper(what), lib.name_of(stmt.object), on_what(stmt)])
	f := lib.finding(meta, stmt, msg)
}
