package schemagate.rules.enum_change_copies_table

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "enum-change-copies-table",
	"title": "ENUM/SET change that copies the table",
	"severity": "warning",
	"category": "locking",
	"description": "InnoDB stores an `ENUM` value as its position in the list (a `SET` as a bit per value). Values appended at the end of the list leave every stored number valid, and MySQL 8.0 makes that change instantly (in place before 8.0 and on MariaDB); removing a value, inserting one before existing ones, reordering them, or growing the storage size (an `ENUM` past 255 values, a `SET` past 8, 16, 24 or 32) renumbers the values, so the whole table is copied with writes blocked. A removed value is also lost: rows holding it become `''` (or the statement fails in strict mode). Judged for `MODIFY`/`CHANGE COLUMN` of an existing table's column whose previous type the replay knows (from the changelog's history or a `--baseline` dump). Atlas's MY110–MY113 and MY120–MY123.",
	"help": "Only append values at the end of the list, in a `MODIFY` that restates the column otherwise unchanged: `ALTER TABLE orders MODIFY status ENUM('new', 'paid', 'shipped', 'refunded') NOT NULL, ALGORITHM=INSTANT;` (MySQL 8.0). To remove or reorder values, first move the rows off the values going away (`UPDATE … SET status = 'cancelled' WHERE status = 'void'` in batches), then run the change with an online schema-change tool (gh-ost, pt-online-schema-change), or keep the values in a lookup table referenced by a foreign key.",
	"dialects": ["mysql", "mariadb"],
	"aliases": ["atlas:MY110", "atlas:MY111", "atlas:MY112", "atlas:MY113", "atlas:MY120", "atlas:MY121", "atlas:MY122", "atlas:MY123"],
	"kinds": ["alter_table"],
}

quoted(values) := concat(", ", [sprintf("'%s'", [v]) | some v in values; is_string(v)])

# what the change does that renumbers the stored values, one phrase each
changes(e) := [phrase |
	some [cond, phrase] in [
		[count(e.removed) > 0, sprintf("removes %s (rows holding it lose their value)", [quoted(e.removed)])],
		[count(e.inserted) > 0, sprintf("inserts %s before existing values", [quoted(e.inserted)])],
		[e.reordered, "reorders the existing values"],
		[e.storage_grows, "grows the stored size"],
	]
	cond
]

server := "MariaDB" if lib.dialect == "mariadb"
else := "MySQL"

lock_words(stmt) := sprintf("%s copies the table, and writes wait until it is done", [server]) if stmt.impact.blocks_writes == true
else := "the table is rebuilt"

warn contains f if {
	lib.is_mysql
	some [stmt, op] in lib.alter_ops
	op.op == "modify_column"
	not lib.is_new_table(stmt)
	is_object(op.enum_change)
	e := op.enum_change
	said := changes(e)
	count(said) > 0
	msg := sprintf(`Changing %s column "%s" of %s %s: %s`, [upper(e.kind), op.column, lib.table_label(stmt), concat(", ", said), lock_words(stmt)])
	f := lib.finding(meta, stmt, msg)
}
