package schemagate.rules.prefer_single_alter_table

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "prefer-single-alter-table",
	"title": "Several ALTER TABLEs that each rebuild one table",
	"severity": "warning",
	"category": "locking",
	"description": "On MySQL and MariaDB an `ALTER TABLE` that rebuilds the table (a table copy, or an in-place rebuild) reads and writes the whole table, however many changes it carries: two such statements on the same table in one migration rebuild it twice, doubling the time, the disk and the replica lag. One `ALTER TABLE` with every change rebuilds it once. Judged on existing tables, from each statement's `impact.rewrite`. Bytebase's statement.merge-alter-table.",
	"help": "Merge the changes into one statement: `ALTER TABLE orders ADD COLUMN note text, MODIFY total decimal(12,2) NOT NULL, ALGORITHM=INPLACE, LOCK=NONE;`.",
	"dialects": ["mysql", "mariadb"],
	"aliases": ["bytebase:statement.merge-alter-table"],
	"kinds": ["alter_table"],
}

# [table key, stmt] of every ALTER TABLE that rebuilds an existing table
rebuilds := [[lower(lib.name_of(stmt.table)), stmt] |
	some stmt in lib.forward_statements
	stmt.kind == "alter_table"
	stmt.impact.rewrite == true
	is_object(stmt.table)
	is_string(stmt.table.name)
	not lib.is_new_table(stmt)
]

# the first rebuild of each table
first := {key: min([s.index | some [k, s] in rebuilds; k == key]) | some [key, _] in rebuilds}

first_line := {key: s.line | some [key, s] in rebuilds; s.index == first[key]}

warn contains f if {
	lib.is_mysql
	some [key, stmt] in rebuilds
	stmt.index != first[key]
	msg := sprintf(`ALTER TABLE %s rebuilds the table again (an ALTER TABLE at line %d already rebuilds it in this migration): merge them into one statement`, [lib.table_label(stmt), first_line[key]])
	f := lib.finding(meta, stmt, msg)
}
