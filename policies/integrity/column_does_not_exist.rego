package schemagate.rules.column_does_not_exist

import data.schemagate.lib
import rego.v1

meta := {
	"id": "column-does-not-exist",
	"title": "Naming a column the table does not have",
	"severity": "error",
	"category": "integrity",
	"description": "An index, a primary key, a unique or foreign key constraint (its own columns or the referenced table's), or an `ALTER COLUMN` / `DROP COLUMN` / `RENAME COLUMN` names a column the table does not have when the statement runs, so the database refuses it (PostgreSQL `column \"c\" does not exist` / `column \"c\" named in key does not exist`; MySQL `Key column 'c' doesn't exist in table` / `Unknown column 'c'`). Only tables whose every column the replay knows are judged: created by a parsed `CREATE TABLE` with a column list, and touched since by nothing the replay cannot follow (an unparsed statement, `AS SELECT`, `LIKE`, `INHERITS`, partitions, a `DO` block, a Liquibase changeset with preconditions). Column names are compared without case, so a refusal that differs only in the case of a quoted name is not reported.",
	"help": "Check the column name against the table's definition (the message lists its columns), and the order of the migrations: the column may be added, or renamed, only later.",
	"dialects": [],
}

deny contains f if {
	some stmt in lib.forward_statements
	is_array(stmt.refusals)
	some refusal in stmt.refusals
	refusal.kind == "column_does_not_exist"
	msg := sprintf("%s would be refused by the database: %s", [lib.kind_words(stmt.kind), refusal.reason])
	f := lib.finding(meta, stmt, msg)
}
