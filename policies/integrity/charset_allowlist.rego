package schemagate.rules.charset_allowlist

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "charset-allowlist",
	"title": "Character set or collation outside the allowlist",
	"severity": "warning",
	"category": "integrity",
	"description": "A MySQL/MariaDB table whose `CHARSET` or `COLLATE` is not one the team allows (`utf8mb3` where `utf8mb4` is meant, a case-sensitive collation in a case-insensitive schema): joins between tables of different collations fail (`Illegal mix of collations`) or stop using indexes, and 3-byte `utf8` cannot store emoji. Finds nothing until `params.charset-allowlist.charsets` or `.collations` is set. Bytebase's system.charset.allowlist / system.collation.allowlist.",
	"help": "Use an allowed character set and collation (`DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci`), or leave them out to take the database's. Configure: `params: {charset-allowlist: {charsets: [utf8mb4], collations: [utf8mb4_0900_ai_ci]}}`.",
	"dialects": ["mysql", "mariadb"],
	"aliases": ["bytebase:system.charset.allowlist", "bytebase:system.collation.allowlist"],
	"kinds": ["create_table"],
	"params": {"charsets": "array", "collations": "array"},
}

allowed(key) := {lower(v) | some v in configured; is_string(v)} if {
	configured := lib.param(meta, key, null)
	is_array(configured)
}

checks := {"charset": "charsets", "collation": "collations"}

warn contains f if {
	lib.is_mysql
	some field, key in checks
	list := allowed(key) # unset: nothing to look at
	some stmt in lib.forward_statements
	stmt.kind == "create_table"
	value := object.get(stmt, field, null)
	is_string(value)
	not value in list
	msg := sprintf(`Table "%s" is created with %s %s, which params.charset-allowlist.%s does not allow`, [lib.name_of(stmt.object), upper(field), value, key])
	f := lib.finding(meta, stmt, msg)
}
