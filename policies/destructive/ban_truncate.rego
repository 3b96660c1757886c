package schemagate.rules.ban_truncate

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "ban-truncate",
	"title": "Truncating a table",
	"severity": "error",
	"category": "destructive",
	"description": "TRUNCATE deletes every row at once, cannot be filtered, fires no DELETE triggers and (in MySQL, and in PostgreSQL outside a transaction) cannot be rolled back. PostgreSQL takes an ACCESS EXCLUSIVE lock; with CASCADE it also empties every table that references it through a foreign key. Tables created earlier in the same changeset are not flagged.",
	"help": "Delete exactly the rows you mean, in batches: `DELETE FROM audit_log WHERE created_at < now() - interval '90 days';`. If emptying the table is intended, archive it first and waive the finding.",
	"dialects": [],
	"aliases": ["liquibase:ChangeTruncateTableWarn"],
	"kinds": ["truncate"],
}

deny contains f if {
	some stmt in lib.forward_statements
	stmt.kind == "truncate"
	not lib.is_new_table(stmt)
	names := lib.names_of(stmt)
	msg := sprintf("Truncating %s deletes every row%s", [lib.quoted_names(names), cascade_note(stmt)])
	f := lib.finding(meta, stmt, msg)
}

cascade_note(stmt) := ", and CASCADE also empties every table that references it" if stmt.cascade == true
else := ""
