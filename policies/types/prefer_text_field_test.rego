package schemagate.rules.prefer_text_field_test

import data.schemagate.rules.prefer_text_field as rule
import data.schemagate.test.fixtures as fx
import rego.v1

add(col) := {"op": "add_column", "column": col, "if_not_exists": false}

create(index, name, cols) := fx.statement(index, {"kind": "create_table", "object": fx.table_object(name), "table": fx.new_table(name), "columns": cols, "constraints": []})

test_new_and_retyped_columns_warn if {
	made := create(0, "t", [fx.column("a", "varchar(255)", {}), fx.column("ok", "text", {})])
	retype := fx.alter_table(1, fx.existing_table("orders"), [{"op": "alter_column_type", "column": "b", "type": "CHARACTER VARYING(10)", "using": false}])
	findings := rule.warn with input as fx.pg([made, retype])
	{[f.at, f.msg] | some f in findings} == {[0, rule.message("a", "varchar(255)")], [1, rule.message("b", "CHARACTER VARYING(10)")]}
	{f.rule | some f in findings} == {"prefer-text-field"}
}

test_other_types_and_dialects_pass if {
	cols := [add(fx.column(sprintf("c%d", [i]), t, {})) | some i, t in ["text", "varchar", "character varying"]]
	count(rule.warn) == 0 with input as fx.pg([fx.alter_table(0, fx.existing_table("orders"), cols)])
	mysql := fx.alter_table(0, fx.existing_table("orders"), [add(fx.column("a", "varchar(255)", {}))])
	count(rule.warn) == 0 with input as fx.document("mysql", "8.0", [mysql])
}
