package schemagate.rules.ban_grant_with_admin_option

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "ban-grant-with-admin-option",
	"title": "GRANT role … WITH ADMIN OPTION",
	"severity": "warning",
	"category": "security",
	"description": "`GRANT role TO member WITH ADMIN OPTION` (PostgreSQL, MySQL 8, Oracle; `WITH ADMIN TRUE` on PostgreSQL 16+) lets the member grant the role to anyone and revoke it from anyone, itself included: who holds the role's privileges is then decided outside the migrations, and on PostgreSQL it also lets the member drop the role's other members. Liquibase's SqlGrantAdminWarn.",
	"help": "Grant the role without the option (`GRANT reporting TO alice;`) and keep role administration with the DBA account (or PostgreSQL's `CREATEROLE` role that owns it).",
	"dialects": [],
	"aliases": ["liquibase:SqlGrantAdminWarn"],
	"kinds": ["grant"],
}

warn contains f if {
	some stmt in lib.forward_statements
	stmt.kind == "grant"
	stmt.with_admin_option == true
	is_array(stmt.grantees)
	msg := sprintf("GRANT %s … WITH ADMIN OPTION lets %s grant and revoke the role outside the migrations' control", [lib.quoted_names(stmt.objects), concat(", ", [sprintf(`"%s"`, [g]) | some g in stmt.grantees; is_string(g)])])
	f := lib.finding(meta, stmt, msg)
}
