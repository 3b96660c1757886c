package schemagate.rules.ban_alter_domain_with_add_constraint_test

import data.schemagate.rules.ban_alter_domain_with_add_constraint as rule
import data.schemagate.test.fixtures as fx
import rego.v1

alter_domain(index, op) := fx.statement(index, {"kind": "alter_domain", "object": {"type": "domain", "schema": null, "name": "positive"}, "op": op, "parsed": false, "analyzed": false})

test_add_constraint_warns if {
	findings := rule.warn with input as fx.pg([alter_domain(0, "add_constraint"), alter_domain(1, "drop_constraint")])
	{[f.at, f.msg] | some f in findings} == {[0, `ALTER DOMAIN "positive" ADD CONSTRAINT checks every column of the domain, in every table that uses it, under lock`]}
}
