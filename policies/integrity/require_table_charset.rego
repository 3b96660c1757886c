package schemagate.rules.require_table_charset

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "require-table-charset",
	"title": "CREATE TABLE without an explicit character set",
	"severity": "warning",
	"category": "integrity",
	"description": "A MySQL/MariaDB table created without `CHARSET` (nor a `COLLATE` naming one) takes the database's default, which differs between servers and versions (`latin1` before MySQL 8.0, `utf8mb4` after; MariaDB's `character_set_server`): the same migration then builds tables that store and compare text differently in each environment, and fixing one later copies it. With `params.require-table-charset.require_collation: true`, a table must also name its collation (a character set's default collation differs too: `utf8mb4_0900_ai_ci` on MySQL 8.0, `utf8mb4_general_ci` on MariaDB). Off by default: turn it on where environments are not all configured alike. Bytebase's table.require-charset and table.require-collation.",
	"help": "Name them on the table: `CREATE TABLE orders (…) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci;`. Turn the rule on with `rules: {require-table-charset: {enabled: true, params: {require_collation: true}}}`.",
	"dialects": ["mysql", "mariadb"],
	"aliases": ["bytebase:table.require-charset", "bytebase:table.require-collation"],
	"kinds": ["create_table"],
	"params": {"require_collation": "boolean"},
	"enabled": false,
}

require_collation := lib.param(meta, "require_collation", false)

option(stmt, name) := v if {
	v := object.get(stmt, name, null)
	is_string(v)
}

missing(stmt) := "a character set" if {
	not option(stmt, "charset")
	not option(stmt, "collation")
} else := "a collation" if {
	require_collation == true
	not option(stmt, "collation")
}

warn contains f if {
	lib.is_mysql
	some stmt in lib.forward_statements
	stmt.kind == "create_table"
	object.get(stmt, "temporary", false) == false
	is_string(stmt.object.name)
	what := missing(stmt)
	msg := sprintf(`Table "%s" is created without %s: it takes the server's default, which differs between servers and versions`, [lib.name_of(stmt.object), what])
	f := lib.finding(meta, stmt, msg)
}
