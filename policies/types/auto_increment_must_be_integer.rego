package schemagate.rules.auto_increment_must_be_integer

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "auto-increment-must-be-integer",
	"title": "AUTO_INCREMENT column of a non-integer type",
	"severity": "warning",
	"category": "types",
	"description": "MySQL accepts `AUTO_INCREMENT` on `FLOAT` and `DOUBLE` columns (deprecated since 8.0.17): a float holds consecutive integers exactly only up to 2^24 (16,777,216), after which new keys round onto existing ones and inserts fail with duplicate-key errors; a double's keys also compare and join badly with the integer columns that reference them. Bytebase's column.auto-increment-must-integer.",
	"help": "Use an integer type: `id bigint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY`.",
	"dialects": ["mysql", "mariadb"],
	"aliases": ["bytebase:column.auto-increment-must-integer"],
	"kinds": ["create_table", "alter_table"],
}

integer_type(type_name) if regex.match(`^(tiny|small|medium|big)?int(eger)?\b`, lower(trim_space(type_name)))

integer_type(type_name) if lower(trim_space(type_name)) == "serial"

warn contains f if {
	lib.is_mysql
	some [stmt, col] in lib.new_columns
	col.generated == "identity"
	is_string(col.type)
	not integer_type(col.type)
	msg := sprintf(`AUTO_INCREMENT column "%s" is %s: past 2^24 (float) new keys round onto existing ones`, [col.name, col.type])
	f := lib.finding(meta, stmt, msg)
}
