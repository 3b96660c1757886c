package schemagate.rules.grant_privilege_disallow_list_test

import data.schemagate.rules.grant_privilege_disallow_list as rule
import data.schemagate.test.fixtures as fx
import rego.v1

config := {"params": {"grant-privilege-disallow-list": {"privileges": ["delete", "TRUNCATE"]}}}

grant(index, privileges, all) := fx.statement(index, {"kind": "grant", "privileges": privileges, "all_privileges": all, "grantees": ["app"], "objects": [fx.table_object("orders")], "with_grant_option": false, "with_admin_option": false})

test_listed_privileges_and_all_warn if {
	findings := rule.warn with input as fx.pg([grant(0, ["SELECT", "DELETE"], false), grant(1, ["ALL"], true), grant(2, ["SELECT", "INSERT"], false)])
		with data.schemagate.config as config
	{[f.at, f.msg] | some f in findings} == {
		[0, `GRANT of DELETE on "orders", a privilege the list (params.grant-privilege-disallow-list.privileges) keeps out of migrations`],
		[1, `GRANT of DELETE, TRUNCATE on "orders", a privilege the list (params.grant-privilege-disallow-list.privileges) keeps out of migrations`],
	}
}

test_nothing_until_configured if {
	count(rule.warn) == 0 with input as fx.pg([grant(0, ["DELETE"], false)])
}
