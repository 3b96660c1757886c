package schemagate.rules.ban_alter_system

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "ban-alter-system",
	"title": "ALTER SYSTEM",
	"severity": "error",
	"category": "security",
	"description": "`ALTER SYSTEM` writes the server's own configuration (`postgresql.auto.conf`), for every database of the cluster, and it takes effect at the next reload or restart, long after the migration: a schema migration must not change how the server runs. It needs superuser (or an explicit grant), and it cannot run in a transaction.",
	"help": "Change server settings through the configuration management of the server (postgresql.conf, the cloud provider's parameter group), reviewed by whoever runs the database; per-database or per-role settings belong in `ALTER DATABASE … SET` / `ALTER ROLE … SET`.",
	"dialects": ["postgres"],
	"aliases": [],
	"kinds": ["alter_system"],
}

deny contains f if {
	lib.is_postgres
	some stmt in lib.forward_statements
	stmt.kind == "alter_system"
	msg := sprintf("ALTER SYSTEM changes the server's configuration%s for every database of the cluster, from a migration", [setting(stmt)])
	f := lib.finding(meta, stmt, msg)
}

setting(stmt) := sprintf(` ("%s")`, [stmt.variable]) if is_string(stmt.variable)

else := ""
