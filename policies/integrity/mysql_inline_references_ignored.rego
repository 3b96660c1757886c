package schemagate.rules.mysql_inline_references_ignored

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "mysql-inline-references-ignored",
	"title": "Inline REFERENCES that MySQL ignores",
	"severity": "error",
	"category": "integrity",
	"description": "MySQL before 9.0 parses a column's inline `REFERENCES parent (id)` and ignores it: no foreign key is created, and nothing says so. Only a table-level `FOREIGN KEY (…) REFERENCES …` (or `ADD CONSTRAINT … FOREIGN KEY`) creates one. (MariaDB 10.5+ honours inline references.) Atlas's MY102.",
	"help": "Declare the foreign key at table level: `CREATE TABLE order_lines (order_id bigint NOT NULL, FOREIGN KEY (order_id) REFERENCES orders (id));`.",
	"dialects": ["mysql"],
	"aliases": ["atlas:MY102"],
	"kinds": ["create_table", "alter_table"],
}

# the target's major version, when given ("8.0.36" → 8)
major := to_number(m[0]) if {
	v := input.target.version
	is_string(v)
	m := regex.find_n(`^[0-9]+`, v, 1)
	count(m) == 1
}

ignored if not major

ignored if major < 9

deny contains f if {
	lib.dialect == "mysql"
	ignored
	some [stmt, col] in lib.new_columns
	is_object(col.references)
	msg := sprintf(`Column "%s" references "%s" inline: MySQL ignores inline REFERENCES, so no foreign key is created`, [col.name, lib.name_of(col.references)])
	f := lib.finding(meta, stmt, msg)
}
