package schemagate.rules.require_table_comment

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "require-table-comment",
	"title": "Table without a comment",
	"severity": "warning",
	"category": "hygiene",
	"description": "A new table should say what it holds: a `COMMENT ON TABLE` in the same migration (Liquibase `remarks`). Off by default; turn it on where the schema is the documentation. Liquibase's TableCommentCheck, Bytebase's table.comment. PostgreSQL and Oracle, where comments are statements of their own.",
	"help": "Add `COMMENT ON TABLE orders IS 'One row per customer order';` after the CREATE TABLE (Liquibase: `remarks` on createTable). Turn the rule on with `rules: {require-table-comment: {enabled: true}}`.",
	"dialects": ["postgres", "oracle"],
	"aliases": ["liquibase:TableCommentCheck", "bytebase:table.comment"],
	"kinds": ["create_table"],
	"enabled": false,
}

commented contains name if {
	some stmt in lib.forward_statements
	stmt.kind == "comment"
	is_object(stmt.object)
	stmt.object.type == "table"
	is_string(stmt.object.name)
	name := lower(lib.name_of(stmt.object))
}

warn contains f if {
	lib.dialect in {"postgres", "oracle"}
	some stmt in lib.forward_statements
	stmt.kind == "create_table"
	object.get(stmt, "temporary", false) == false
	is_string(stmt.object.name)
	not lower(lib.name_of(stmt.object)) in commented
	msg := sprintf(`Table "%s" is created without a COMMENT ON TABLE in the migration`, [lib.name_of(stmt.object)])
	f := lib.finding(meta, stmt, msg)
}
