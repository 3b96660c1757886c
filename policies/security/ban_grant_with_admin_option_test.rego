package schemagate.rules.ban_grant_with_admin_option_test

import data.schemagate.rules.ban_grant_with_admin_option as rule
import data.schemagate.test.fixtures as fx
import rego.v1

role_grant(index, admin) := fx.statement(index, {"kind": "grant", "privileges": [], "all_privileges": false, "grantees": ["alice"], "objects": [{"type": "role", "schema": null, "name": "reporting"}], "with_grant_option": false, "with_admin_option": admin})

test_admin_option_warns if {
	findings := rule.warn with input as fx.pg([role_grant(0, true), role_grant(1, false)])
	{[f.at, f.msg] | some f in findings} == {[0, `GRANT "reporting" … WITH ADMIN OPTION lets "alice" grant and revoke the role outside the migrations' control`]}
}

test_privilege_grants_are_not_judged if {
	grant := fx.statement(0, {"kind": "grant", "privileges": ["SELECT"], "all_privileges": false, "grantees": ["alice"], "objects": [fx.table_object("orders")], "with_grant_option": true, "with_admin_option": false})
	count(rule.warn) == 0 with input as fx.pg([grant])
}
