package schemagate.rules.ban_password_in_migration_test

import data.schemagate.rules.ban_password_in_migration as rule
import data.schemagate.test.fixtures as fx
import rego.v1

role(index, kind, password) := fx.statement(index, {"kind": kind, "object": {"type": "role", "schema": null, "name": "app"}, "password": password})

test_passwords_are_denied if {
	findings := rule.deny with input as fx.pg([role(0, "create_role", true), role(1, "alter_role", true), role(2, "create_role", false)])
	{[f.at, f.msg] | some f in findings} == {
		[0, `CREATE ROLE "app" writes a password into the migration: it stays in the repository's history and the tool's logs`],
		[1, `ALTER ROLE "app" writes a password into the migration: it stays in the repository's history and the tool's logs`],
	}
}
