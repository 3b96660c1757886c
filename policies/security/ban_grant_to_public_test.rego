package schemagate.rules.ban_grant_to_public_test

import data.schemagate.rules.ban_grant_to_public as rule
import data.schemagate.test.fixtures as fx
import rego.v1

grant(index, privileges, grantees) := fx.statement(index, {
	"kind": "grant",
	"sql": "GRANT SELECT ON orders TO PUBLIC",
	"privileges": privileges,
	"all_privileges": privileges == ["ALL"],
	"grantees": grantees,
	"objects": [fx.table_object("orders")],
	"with_grant_option": false,
})

test_grant_to_public_is_denied if {
	findings := rule.deny with input as fx.pg([grant(0, ["SELECT", "INSERT"], ["app", "PUBLIC"])])
	count(findings) == 1
	some f in findings
	f.rule == "ban-grant-to-public"
	f.at == 0
	f.msg == `GRANT SELECT, INSERT ON "orders" TO PUBLIC gives these privileges to every role, present and future`
}

test_grant_to_named_role_passes if {
	count(rule.deny) == 0 with input as fx.pg([grant(0, ["SELECT"], ["reporting_reader"])])
}
