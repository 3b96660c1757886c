package schemagate.rules.require_enum_value_ordering_test

import data.schemagate.rules.require_enum_value_ordering as rule
import data.schemagate.test.fixtures as fx
import rego.v1

add_value(index, before_after) := fx.statement(index, {"kind": "alter_type", "object": {"type": "type", "schema": null, "name": "mood"}, "op": "add_value", "before_after": before_after})

test_without_position_warns if {
	findings := rule.warn with input as fx.pg([add_value(0, false), add_value(1, true)])
	{[f.at, f.msg] | some f in findings} == {[0, `ALTER TYPE "mood" ADD VALUE without BEFORE or AFTER puts the value last in the enum's sort order`]}
}
