package schemagate.rules.ban_grant_with_grant_option_test

import data.schemagate.rules.ban_grant_with_grant_option as rule
import data.schemagate.test.fixtures as fx
import rego.v1

grant(index, option) := fx.statement(index, {"kind": "grant", "privileges": ["SELECT"], "all_privileges": false, "grantees": ["reporting"], "objects": [fx.table_object("orders")], "with_grant_option": option})

test_grant_option_warns if {
	findings := rule.warn with input as fx.pg([grant(0, true), grant(1, false)])
	{[f.at, f.msg] | some f in findings} == {[0, `GRANT … WITH GRANT OPTION lets "reporting" pass the privileges on to anyone, outside the migrations' control`]}
}
