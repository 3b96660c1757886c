package schemagate.rules.table_column_limit_test

import data.schemagate.rules.table_column_limit as rule
import data.schemagate.test.fixtures as fx
import rego.v1

table(index, n) := fx.statement(index, {"kind": "create_table", "object": fx.table_object("wide"), "table": fx.new_table("wide"), "columns": [fx.column(sprintf("c%d", [i]), "text", {}) | some i in numbers.range(1, n)], "constraints": []})

test_wide_tables_warn if {
	findings := rule.warn with input as fx.pg([table(0, 51), table(1, 50)])
	{[f.at, f.msg] | some f in findings} == {[0, `Table "wide" is created with 51 columns, more than 50`]}
}

test_the_limit_is_a_parameter if {
	findings := rule.warn with input as fx.pg([table(0, 4)]) with data.schemagate.config as {"params": {"table-column-limit": {"max_columns": 3}}}
	[f.at | some f in findings] == [0]
}
