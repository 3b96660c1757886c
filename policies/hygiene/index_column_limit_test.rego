package schemagate.rules.index_column_limit_test

import data.schemagate.rules.index_column_limit as rule
import data.schemagate.test.fixtures as fx
import rego.v1

config := {"params": {"index-column-limit": {"max_columns": 2}}}

index(i, name, columns) := fx.statement(i, {"kind": "create_index", "object": {"type": "index", "schema": null, "name": name}, "table": fx.existing_table("orders"), "columns": columns, "unique": false, "using": null, "where": false})

test_wide_indexes_and_keys_warn if {
	create := fx.statement(1, {"kind": "create_table", "object": fx.table_object("t"), "table": fx.new_table("t"), "columns": [], "constraints": [fx.constraint("primary_key", null, {"columns": ["a", "b", "c"]}), fx.constraint("unique", "t_uq", {"columns": ["a", "b"]})], "as_select": false, "temporary": false, "primary_key": true})
	add := fx.alter_table(2, fx.existing_table("orders"), [{"op": "add_constraint", "constraint": fx.constraint("unique", "orders_uq", {"columns": ["a", "b", "c"]})}])
	findings := rule.warn with input as fx.pg([index(0, "orders_wide", ["a", "b", "c"]), create, add]) with data.schemagate.config as config
	{[f.at, f.msg] | some f in findings} == {
		[0, `Index "orders_wide" has 3 columns, more than 2 (params.index-column-limit.max_columns)`],
		[1, `Primary key has 3 columns, more than 2 (params.index-column-limit.max_columns)`],
		[2, `Unique key "orders_uq" has 3 columns, more than 2 (params.index-column-limit.max_columns)`],
	}
}

test_nothing_until_configured if {
	count(rule.warn) == 0 with input as fx.pg([index(0, "orders_wide", ["a", "b", "c", "d", "e", "f", "g"])])
	count(rule.warn) == 0 with input as fx.pg([index(0, "orders_ab", ["a", "b"])]) with data.schemagate.config as config
}
