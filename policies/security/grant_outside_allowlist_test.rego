package schemagate.rules.grant_outside_allowlist_test

import data.schemagate.rules.grant_outside_allowlist as rule
import data.schemagate.test.fixtures as fx
import rego.v1

grant(index, kind, grantees) := fx.statement(index, {"kind": kind, "privileges": ["SELECT"], "all_privileges": false, "grantees": grantees, "objects": [fx.table_object("orders")], "with_grant_option": false})

test_grantees_outside_the_list_are_denied if {
	stmts := [grant(0, "grant", ["App_Reader", "intern"]), grant(1, "revoke", ["auditor"])]
	findings := rule.deny with input as fx.pg(stmts) with data.schemagate.config as {"params": {"grant-outside-allowlist": {"allowed_grantees": ["app_reader"]}}}
	{[f.at, f.msg] | some f in findings} == {
		[0, `GRANT to "intern", a role the allowlist (params.grant-outside-allowlist.allowed_grantees) does not hold`],
		[1, `REVOKE to "auditor", a role the allowlist (params.grant-outside-allowlist.allowed_grantees) does not hold`],
	}
}

test_nothing_until_configured if {
	count(rule.deny) == 0 with input as fx.pg([grant(0, "grant", ["intern"])])
}
