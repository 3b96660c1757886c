package schemagate.rules.table_column_limit

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "table-column-limit",
	"title": "Table with too many columns",
	"severity": "warning",
	"category": "hygiene",
	"description": "A table created with more columns than `max_columns` (50, Liquibase's default) usually mixes several entities or stores repeated groups in columns; every row carries all of them and every change to one touches the whole table. Liquibase's TableColumnLimit.",
	"help": "Split the table (a 1:1 table for rarely used columns, a child table for repeated groups), or raise the limit: `params: {table-column-limit: {max_columns: 80}}`.",
	"dialects": [],
	"aliases": ["liquibase:TableColumnLimit"],
	"kinds": ["create_table"],
	"params": {"max_columns": "integer"},
}

max_columns := lib.param(meta, "max_columns", 50)

warn contains f if {
	some stmt in lib.forward_statements
	stmt.kind == "create_table"
	is_array(stmt.columns)
	count(stmt.columns) > max_columns
	msg := sprintf(`Table "%s" is created with %d columns, more than %d`, [lib.name_of(stmt.object), count(stmt.columns), max_columns])
	f := lib.finding(meta, stmt, msg)
}
