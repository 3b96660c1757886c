package schemagate.rules.ban_select_star_in_view

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "ban-select-star-in-view",
	"title": "View defined with SELECT *",
	"severity": "warning",
	"category": "compatibility",
	"description": "A view's `*` is expanded when the view is created: the view keeps the columns the tables had then. A column added later is not in it, and one dropped or renamed breaks it (PostgreSQL refuses to drop a column a view uses; MySQL leaves the view invalid), so the view silently differs from what `SELECT *` suggests.",
	"help": "List the columns the view exposes: `CREATE VIEW active_orders AS SELECT id, customer_id, status FROM orders WHERE status = 'active';`.",
	"dialects": [],
	"aliases": ["liquibase:SqlSelectStarWarn", "bytebase:statement.select.no-select-all"],
	"kinds": ["create_view", "create_materialized_view"],
}

warn contains f if {
	some stmt in lib.forward_statements
	stmt.kind in {"create_view", "create_materialized_view"}
	stmt.select_star == true
	msg := sprintf(`View "%s" is defined with SELECT *: its columns are fixed now, so columns added later are missing from it and dropped ones break it`, [lib.name_of(stmt.object)])
	f := lib.finding(meta, stmt, msg)
}
