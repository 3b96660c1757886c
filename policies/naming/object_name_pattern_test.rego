package schemagate.rules.object_name_pattern_test

import data.schemagate.rules.object_name_pattern as rule
import data.schemagate.test.fixtures as fx
import rego.v1

config := {"params": {"object-name-pattern": {"table": "^[a-z][a-z0-9_]*$", "index": "^idx_", "forbidden": "^tmp_"}}}

test_names_outside_the_patterns_warn if {
	create := fx.statement(0, {"kind": "create_table", "object": fx.table_object("OrderLines"), "table": fx.new_table("OrderLines"), "columns": [fx.column("Id", "bigint", {})], "constraints": []})
	index := fx.statement(1, {"kind": "create_index", "object": {"type": "index", "schema": null, "name": "orders_status"}, "table": fx.existing_table("orders")})
	scratch := fx.statement(2, {"kind": "create_table", "object": fx.table_object("tmp_orders"), "table": fx.new_table("tmp_orders"), "columns": [], "constraints": []})
	findings := rule.warn with input as fx.pg([create, index, scratch]) with data.schemagate.config as config
	{[f.at, f.msg] | some f in findings} == {
		[0, `table name "OrderLines" does not match params.object-name-pattern.table (^[a-z][a-z0-9_]*$)`],
		[1, `index name "orders_status" does not match params.object-name-pattern.index (^idx_)`],
		[2, `table name "tmp_orders" matches params.object-name-pattern.forbidden (^tmp_)`],
	}
}

test_nothing_until_configured if {
	create := fx.statement(0, {"kind": "create_table", "object": fx.table_object("OrderLines"), "table": fx.new_table("OrderLines"), "columns": [], "constraints": []})
	count(rule.warn) == 0 with input as fx.pg([create])
}
