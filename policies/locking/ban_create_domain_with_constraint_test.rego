package schemagate.rules.ban_create_domain_with_constraint_test

import data.schemagate.rules.ban_create_domain_with_constraint as rule
import data.schemagate.test.fixtures as fx
import rego.v1

domain(index, check) := fx.statement(index, {"kind": "create_domain", "object": {"type": "domain", "schema": null, "name": "positive"}, "check": check})

test_domain_with_check_warns if {
	findings := rule.warn with input as fx.pg([domain(0, true), domain(1, false)])
	{[f.at, f.msg] | some f in findings} == {[0, `Domain "positive" is created with a CHECK constraint: changing it later checks every column of the domain in every table, under lock`]}
}
