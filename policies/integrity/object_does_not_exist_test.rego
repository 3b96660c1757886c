package schemagate.rules.object_does_not_exist_test

import data.schemagate.rules.object_does_not_exist as rule
import data.schemagate.test.fixtures as fx
import rego.v1

drop_table(index, refusals) := fx.statement(index, {
	"kind": "drop_table",
	"object": fx.table_object("orders"),
	"names": [fx.table_object("orders")],
	"refusals": refusals,
})

missing := fx.refusal("does_not_exist", "table", "orders", `table "orders" does not exist: created by changeset "1", dropped by changeset "2"`)

test_an_object_the_replay_saw_dropped_is_denied if {
	findings := rule.deny with input as fx.pg([drop_table(0, [missing])])
	[f.msg | some f in findings] == [`DROP TABLE would be refused by the database: table "orders" does not exist: created by changeset "1", dropped by changeset "2"`]
	[f.at | some f in findings] == [0]
}

test_other_refusals_pass if {
	other := fx.refusal("column_does_not_exist", "column", "x", `column "x" does not exist`)
	count(rule.deny) == 0 with input as fx.pg([drop_table(0, [other]), drop_table(1, [])])
}
