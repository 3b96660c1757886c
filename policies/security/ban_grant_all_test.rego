package schemagate.rules.ban_grant_all_test

import data.schemagate.rules.ban_grant_all as rule
import data.schemagate.test.fixtures as fx
import rego.v1

grant(index, privileges, all) := fx.statement(index, {
	"kind": "grant",
	"sql": "GRANT ALL ON orders TO app",
	"privileges": privileges,
	"all_privileges": all,
	"grantees": ["app"],
	"objects": [fx.table_object("orders")],
	"with_grant_option": false,
})

test_grant_all_warns if {
	findings := rule.warn with input as fx.pg([grant(0, ["ALL"], true)])
	count(findings) == 1
	some f in findings
	f.rule == "ban-grant-all"
	f.severity == "warning"
	f.at == 0
	f.msg == `GRANT ALL ON "orders" TO "app" gives every privilege, including DELETE and TRUNCATE, where an application role needs a few`
}

test_specific_privileges_pass if {
	count(rule.warn) == 0 with input as fx.pg([grant(0, ["SELECT", "UPDATE"], false)])
}
