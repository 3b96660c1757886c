package schemagate.rules.drop_last_column

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "drop-last-column",
	"title": "Dropping the last column of a table",
	"severity": "error",
	"category": "integrity",
	"description": "`ALTER TABLE … DROP COLUMN` that leaves the table with no column. Measured: MariaDB 10.11 refuses it (`ERROR 1090: You can't delete all columns with ALTER TABLE; use DROP TABLE instead`, as MySQL does), SQLite 3.40 refuses it (`cannot drop column \"a\": no other columns exist`), and PostgreSQL 15 allows a table with zero columns, so it is not flagged there. SQL Server refuses it too (a table must keep at least one data column; documented, not measured here). Only tables whose every column the replay knows are judged.",
	"help": "Drop the table instead (`DROP TABLE …`), or add the new column before dropping the old one.",
	"dialects": ["mysql", "mariadb", "sqlserver", "sqlite"],
	"facts": ["refusals"],
}

deny contains f if {
	some stmt in lib.forward_statements
	is_array(stmt.refusals)
	some refusal in stmt.refusals
	refusal.kind == "drops_last_column"
	msg := sprintf("%s would be refused by the database: %s", [lib.kind_words(stmt.kind), refusal.reason])
	f := lib.finding(meta, stmt, msg)
}
