package schemagate.rules.ban_use_database

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "ban-use-database",
	"title": "USE in a migration",
	"severity": "warning",
	"category": "hygiene",
	"description": "`USE other_db` switches the connection's database in the middle of a migration: the statements after it run against another database than the one the tool targets (and records the migration in), so the same migration does different things depending on where it runs.",
	"help": "Connect the migration tool to the right database instead (its URL or `defaultSchemaName`), or qualify names (`other_db.orders`) where a migration must reach another database.",
	"dialects": ["mysql", "mariadb", "sqlserver"],
	"aliases": ["liquibase:WarnOnUseDatabase"],
	"kinds": ["use"],
}

warn contains f if {
	some stmt in lib.forward_statements
	stmt.kind == "use"
	msg := sprintf("USE %s switches the database in the middle of the migration: what follows runs against another database than the tool's", [target(stmt)])
	f := lib.finding(meta, stmt, msg)
}

target(stmt) := sprintf(`"%s"`, [stmt.object.name]) if {
	is_object(stmt.object)
	is_string(stmt.object.name)
} else := "(a database)"
