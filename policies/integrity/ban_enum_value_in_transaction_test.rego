package schemagate.rules.ban_enum_value_in_transaction_test

import data.schemagate.rules.ban_enum_value_in_transaction as rule
import data.schemagate.test.fixtures as fx
import rego.v1

add_value(index, in_transaction) := fx.statement(index, {"kind": "alter_type", "object": {"type": "type", "schema": null, "name": "mood"}, "op": "add_value", "before_after": false, "in_transaction": in_transaction})

test_in_a_transaction_before_12_is_denied if {
	findings := rule.deny with input as fx.document("postgres", "11.9", [add_value(0, true)])
	{[f.at, f.msg] | some f in findings} == {[0, `ALTER TYPE "mood" ADD VALUE cannot run inside a transaction block before PostgreSQL 12 (target: 11): the migration fails here`]}
}

test_12_or_outside_a_transaction_passes if {
	count(rule.deny) == 0 with input as fx.document("postgres", "12", [add_value(0, true)])
	count(rule.deny) == 0 with input as fx.document("postgres", "11", [add_value(0, false)])
}
