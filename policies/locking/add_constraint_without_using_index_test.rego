package schemagate.rules.add_constraint_without_using_index_test

import data.schemagate.rules.add_constraint_without_using_index as rule
import data.schemagate.test.fixtures as fx
import rego.v1

add(c) := {"op": "add_constraint", "constraint": c}

test_unique_without_using_index_warns if {
	c := fx.constraint("unique", "orders_number_key", {"columns": ["number"]})
	findings := rule.warn with input as fx.pg([fx.alter_table(0, fx.existing_table("orders"), [add(c)])])
	count(findings) == 1
	some f in findings
	f.rule == "add-constraint-without-using-index"
	f.severity == "warning"
	f.at == 0
	f.msg == `Adding UNIQUE constraint "orders_number_key" on existing table "orders" builds its index under an ACCESS EXCLUSIVE lock: reads and writes of "orders" wait for the whole build`
}

test_using_index_passes if {
	c := fx.constraint("primary_key", "orders_pkey", {"columns": ["id"], "using_index": "orders_id_idx"})
	count(rule.warn) == 0 with input as fx.pg([fx.alter_table(0, fx.existing_table("orders"), [add(c)])])
}
