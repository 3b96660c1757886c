package schemagate.rules.ban_disable_trigger_test

import data.schemagate.rules.ban_disable_trigger as rule
import data.schemagate.test.fixtures as fx
import rego.v1

trig(index, op, name) := fx.alter_table(index, fx.existing_table("orders"), [{"op": op, "name": name}])

test_left_disabled_warns if {
	findings := rule.warn with input as fx.pg([trig(0, "disable_trigger", "audit"), trig(1, "disable_trigger", "ALL"), trig(2, "enable_trigger", "all")])
	{[f.at, f.msg] | some f in findings} == {[0, `Trigger "audit" of table "orders" is disabled and not enabled again in the migration: it stays off for every session`]}
}

test_new_tables_pass if {
	count(rule.warn) == 0 with input as fx.pg([fx.alter_table(0, fx.new_table("t"), [{"op": "disable_trigger", "name": "x"}])])
}
