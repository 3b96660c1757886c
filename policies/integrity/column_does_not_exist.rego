package schemagate.rules.column_does_not_exist

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "column-does-not-exist",
	"title": "Naming a column the table does not have",
	"severity": "error",
	"category": "integrity",
	"description": "An index, a key, a foreign key (its own columns or the referenced table's) or an `ALTER`/`DROP`/`RENAME COLUMN` names a column the table does not have when the statement runs, so the database refuses it. Measured: PostgreSQL 15 `column \"nope\" does not exist`, `column \"kid\" named in key does not exist`, `column \"nid\" referenced in foreign key constraint does not exist`; MariaDB 10.11 `Key column 'nope' doesn't exist in table`; SQLite 3.40 `no such column: nope`. Only tables whose every column the replay knows are judged: created by a parsed `CREATE TABLE` with a column list, untouched since by anything it cannot follow (unparsed statements, `AS SELECT`, `LIKE`, `INHERITS`, partitions, `DO`, Liquibase preconditions). Columns compare without case, so a refusal that differs only in the case of a quoted name is not reported.",
	"help": "Check the column name against the table's definition (the message lists its columns), and the order of the migrations: the column may be added, or renamed, only later.",
	"dialects": [],
	"facts": ["refusals"],
}

deny contains f if {
	some stmt in lib.forward_statements
	is_array(stmt.refusals)
	some refusal in stmt.refusals
	refusal.kind == "column_does_not_exist"
	msg := sprintf("%s would be refused by the database: %s", [lib.kind_words(stmt.kind), refusal.reason])
	f := lib.finding(meta, stmt, msg)
}
