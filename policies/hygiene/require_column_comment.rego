package schemagate.rules.require_column_comment

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "require-column-comment",
	"title": "Column without a comment",
	"severity": "warning",
	"category": "hygiene",
	"description": "A new column should say what it holds, its unit and its allowed values where the name cannot: a `COMMENT ON COLUMN` in the same migration (PostgreSQL, Oracle), or the column's own `COMMENT '…'` (MySQL, MariaDB). Off by default; turn it on where the schema is the documentation. Bytebase's column.comment.",
	"help": "PostgreSQL/Oracle: `COMMENT ON COLUMN orders.total IS 'Order total in cents, taxes included';` after the CREATE TABLE or ADD COLUMN. MySQL: `total bigint NOT NULL COMMENT 'Order total in cents, taxes included'`. Liquibase: `remarks` on the column. Turn the rule on with `rules: {require-column-comment: {enabled: true}}`.",
	"dialects": ["postgres", "oracle", "mysql", "mariadb"],
	"aliases": ["bytebase:column.comment"],
	"kinds": ["create_table", "alter_table"],
	"enabled": false,
}

# "table.column" of every COMMENT ON COLUMN of the document
commented contains key if {
	some stmt in lib.forward_statements
	stmt.kind == "comment"
	stmt.object.type == "column"
	is_string(stmt.object.name)
	is_string(stmt.table.name)
	key := lower(sprintf("%s.%s", [stmt.table.name, stmt.object.name]))
}

table_name(stmt) := stmt.object.name if stmt.kind == "create_table"
else := stmt.table.name

has_comment(stmt, col) if {
	lib.is_mysql
	is_string(col.comment)
	trim_space(col.comment) != ""
}

has_comment(stmt, col) if {
	not lib.is_mysql
	lower(sprintf("%s.%s", [table_name(stmt), col.name])) in commented
}

warn contains f if {
	lib.dialect in {"postgres", "oracle", "mysql", "mariadb"}
	some [stmt, col] in lib.new_columns
	object.get(stmt, "temporary", false) == false
	is_string(col.name)
	is_string(table_name(stmt))
	not has_comment(stmt, col)
	msg := sprintf(`Column "%s" of "%s" is created without a comment`, [col.name, table_name(stmt)])
	f := lib.finding(meta, stmt, msg)
}
