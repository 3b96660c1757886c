package schemagate.rules.ban_xp_cmdshell

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "ban-xp-cmdshell",
	"title": "xp_cmdshell, sp_configure or OLE automation",
	"severity": "error",
	"category": "security",
	"description": "`xp_cmdshell` runs an operating-system command as the SQL Server service account, `sp_configure` changes the instance's configuration (often to turn `xp_cmdshell` on), and `sp_OACreate` runs COM objects: none belongs in a schema migration, and each is a classic path from SQL to the host.",
	"help": "Do the work outside the database (the deployment pipeline, an agent job reviewed by the DBA); change instance settings through the DBA's configuration management.",
	"dialects": ["sqlserver"],
	"aliases": [],
	"kinds": ["execute", "call"],
}

banned := {"xp_cmdshell", "sp_configure", "sp_oacreate", "sp_oamethod"}

deny contains f if {
	some stmt in lib.forward_statements
	stmt.kind in {"execute", "call"}
	is_object(stmt.object)
	is_string(stmt.object.name)
	lower(stmt.object.name) in banned
	msg := sprintf("EXEC %s from a migration: it runs on the host or changes the instance, outside the schema", [stmt.object.name])
	f := lib.finding(meta, stmt, msg)
}
