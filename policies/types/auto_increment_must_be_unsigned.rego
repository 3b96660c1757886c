package schemagate.rules.auto_increment_must_be_unsigned

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "auto-increment-must-be-unsigned",
	"title": "Signed AUTO_INCREMENT column",
	"severity": "warning",
	"category": "types",
	"description": "`AUTO_INCREMENT` counts up from 1, so a signed integer column never uses its negative half: a signed `int` runs out at 2,147,483,647 instead of 4,294,967,295, and widening it later copies the table. Off by default: a convention of MySQL shops (Bytebase's column.auto-increment-must-unsigned); turn it on with `rules: {auto-increment-must-be-unsigned: {enabled: true}}`.",
	"help": "Declare the key unsigned: `id bigint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY` (and the columns that reference it alike).",
	"dialects": ["mysql", "mariadb"],
	"aliases": ["bytebase:column.auto-increment-must-unsigned"],
	"kinds": ["create_table", "alter_table"],
	"enabled": false,
}

# SERIAL is BIGINT UNSIGNED NOT NULL AUTO_INCREMENT UNIQUE
unsigned(type_name) if contains(lower(type_name), "unsigned")

unsigned(type_name) if lower(trim_space(type_name)) == "serial"

warn contains f if {
	lib.is_mysql
	some [stmt, col] in lib.new_columns
	col.generated == "identity"
	is_string(col.type)
	regex.match(`^(tiny|small|medium|big)?int(eger)?\b`, lower(trim_space(col.type)))
	not unsigned(col.type)
	msg := sprintf(`AUTO_INCREMENT column "%s" is a signed %s: the negative half of its range is never used`, [col.name, col.type])
	f := lib.finding(meta, stmt, msg)
}
