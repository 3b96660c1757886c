package schemagate.rules.prefer_bigint_over_smallint_test

import data.schemagate.rules.prefer_bigint_over_smallint as rule
import data.schemagate.test.fixtures as fx
import rego.v1

add(col) := {"op": "add_column", "column": col, "if_not_exists": false}

create(index, name, cols) := fx.statement(index, {"kind": "create_table", "object": fx.table_object(name), "table": fx.new_table(name), "columns": cols, "constraints": []})

test_new_and_retyped_columns_warn if {
	made := create(0, "t", [fx.column("a", "smallint", {}), fx.column("ok", "text", {})])
	retype := fx.alter_table(1, fx.existing_table("orders"), [{"op": "alter_column_type", "column": "b", "type": "SMALLSERIAL", "using": false}])
	findings := rule.warn with input as fx.pg([made, retype])
	{[f.at, f.msg] | some f in findings} == {[0, rule.message("a", "smallint")], [1, rule.message("b", "SMALLSERIAL")]}
	{f.rule | some f in findings} == {"prefer-bigint-over-smallint"}
}

test_other_types_and_dialects_pass if {
	cols := [add(fx.column(sprintf("c%d", [i]), t, {})) | some i, t in ["bigint", "integer", "int"]]
	count(rule.warn) == 0 with input as fx.pg([fx.alter_table(0, fx.existing_table("orders"), cols)])
	mysql := fx.alter_table(0, fx.existing_table("orders"), [add(fx.column("a", "smallint", {}))])
	count(rule.warn) == 0 with input as fx.document("mysql", "8.0", [mysql])
}
