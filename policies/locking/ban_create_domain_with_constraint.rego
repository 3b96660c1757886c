package schemagate.rules.ban_create_domain_with_constraint

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "ban-create-domain-with-constraint",
	"title": "CREATE DOMAIN with a CHECK constraint",
	"severity": "warning",
	"category": "locking",
	"description": "A CHECK constraint on a domain applies to every column of that domain in every table. Changing it later (`ALTER DOMAIN … ADD CONSTRAINT`, a new domain to loosen it) checks all those columns under locks, and the columns cannot be moved off the domain without a rewrite: domains with constraints have poor support for online migrations.",
	"help": "Put the CHECK constraint on the table (`ALTER TABLE … ADD CONSTRAINT … CHECK (…) NOT VALID`, then `VALIDATE`), where it can be changed without blocking; keep the domain without constraints, or use the base type.",
	"dialects": ["postgres"],
	"aliases": ["squawk:ban-create-domain-with-constraint"],
	"kinds": ["create_domain"],
}

warn contains f if {
	lib.is_postgres
	some stmt in lib.forward_statements
	stmt.kind == "create_domain"
	stmt.check == true
	msg := sprintf(`Domain "%s" is created with a CHECK constraint: changing it later checks every column of the domain in every table, under lock`, [lib.name_of(stmt.object)])
	f := lib.finding(meta, stmt, msg)
}
