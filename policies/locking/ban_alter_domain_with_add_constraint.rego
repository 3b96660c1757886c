package schemagate.rules.ban_alter_domain_with_add_constraint

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "ban-alter-domain-with-add-constraint",
	"title": "ALTER DOMAIN … ADD CONSTRAINT",
	"severity": "warning",
	"category": "locking",
	"description": "`ALTER DOMAIN … ADD CONSTRAINT` checks the new constraint against every column of the domain, in every table that uses it, while holding locks on them: a scan of possibly many large tables that blocks writes, and no table-level online alternative applies.",
	"help": "Put the CHECK constraint on each table instead: `ALTER TABLE orders ADD CONSTRAINT amount_positive CHECK (amount > 0) NOT VALID;` then `ALTER TABLE orders VALIDATE CONSTRAINT amount_positive;` in a later transaction. (`ALTER DOMAIN … ADD CONSTRAINT … NOT VALID` skips the check of existing rows, but the domain's uses cannot be validated one by one.)",
	"dialects": ["postgres"],
	"aliases": ["squawk:ban-alter-domain-with-add-constraint"],
	"kinds": ["alter_domain"],
}

warn contains f if {
	lib.is_postgres
	some stmt in lib.forward_statements
	stmt.kind == "alter_domain"
	stmt.op == "add_constraint"
	msg := sprintf(`ALTER DOMAIN "%s" ADD CONSTRAINT checks every column of the domain, in every table that uses it, under lock`, [lib.name_of(stmt.object)])
	f := lib.finding(meta, stmt, msg)
}
