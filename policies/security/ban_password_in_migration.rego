package schemagate.rules.ban_password_in_migration

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "ban-password-in-migration",
	"title": "Password written in a migration",
	"severity": "error",
	"category": "security",
	"description": "`CREATE ROLE/USER … PASSWORD '…'` or `ALTER ROLE/USER … PASSWORD '…'` writes a credential into the migration: it stays in the repository's history, in the migration tool's logs and history table (Liquibase stores the SQL's checksum, Flyway's callbacks may log it), and it is the same in every environment.",
	"help": "Create the role without a password (`CREATE ROLE app_reader LOGIN;`) and set it outside the migration, from the secret store (`\\\\password`, `ALTER ROLE … PASSWORD` run by the provisioning tool), or use certificate/IAM authentication.",
	"dialects": [],
	"aliases": [],
	"kinds": ["create_role", "create_user", "alter_role"],
}

deny contains f if {
	some stmt in lib.forward_statements
	stmt.kind in {"create_role", "create_user", "alter_role"}
	stmt.password == true
	msg := sprintf(`%s "%s" writes a password into the migration: it stays in the repository's history and the tool's logs`, [lib.kind_words(stmt.kind), stmt.object.name])
	f := lib.finding(meta, stmt, msg)
}
