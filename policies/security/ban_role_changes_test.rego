package schemagate.rules.ban_role_changes_test

import data.schemagate.rules.ban_role_changes as rule
import data.schemagate.test.fixtures as fx
import rego.v1

role(index, kind, name) := fx.statement(index, {"kind": kind, "object": {"type": "role", "schema": null, "name": name}})

test_role_changes_warn_unless_allowed if {
	stmts := [role(0, "create_role", "intern"), role(1, "alter_role", "App_Reader"), role(2, "drop_user", "bob")]
	findings := rule.warn with input as fx.pg(stmts) with data.schemagate.config as {"params": {"ban-role-changes": {"allowed_roles": ["app_reader"]}}}
	{[f.at, f.msg] | some f in findings} == {
		[0, `CREATE ROLE "intern": roles and users are server-wide, and changing them is the DBA's to review`],
		[2, `DROP USER "bob": roles and users are server-wide, and changing them is the DBA's to review`],
	}
}
