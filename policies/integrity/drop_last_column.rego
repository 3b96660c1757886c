package schemagate.rules.drop_last_column

import data.schemagate.lib
import rego.v1

meta := {
	"id": "drop-last-column",
	"title": "Dropping the last column of a table",
	"severity": "error",
	"category": "integrity",
	"description": "`ALTER TABLE … DROP COLUMN` that leaves the table with no column at all. MySQL and MariaDB refuse it (`ERROR 1090: You can't delete all columns with ALTER TABLE; use DROP TABLE instead`), SQL Server refuses it (a table must keep at least one column, error 4923), and SQLite refuses it (`cannot drop column: no other columns exist`). PostgreSQL allows a table with zero columns, so it is not flagged there. Only tables whose every column the replay knows are judged.",
	"help": "Drop the table instead (`DROP TABLE …`), or add the new column before dropping the old one.",
	"dialects": ["mysql", "mariadb", "sqlserver", "sqlite"],
}

deny contains f if {
	some stmt in lib.forward_statements
	is_array(stmt.refusals)
	some refusal in stmt.refusals
	refusal.kind == "drops_last_column"
	msg := sprintf("%s would be refused by the database: %s", [lib.kind_words(stmt.kind), refusal.reason])
	f := lib.finding(meta, stmt, msg)
}
