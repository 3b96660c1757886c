package schemagate.rules.prefer_single_alter_table_test

import data.schemagate.rules.prefer_single_alter_table as rule
import data.schemagate.test.fixtures as fx
import rego.v1

alter(index, table, rewrite) := object.union(
	fx.alter_table(index, table, [{"op": "add_column", "column": fx.column("c", "int", {}), "if_not_exists": false}]),
	{"impact": object.union(fx.no_impact, {"lock": "metadata_shared", "rewrite": rewrite})},
)

mysql(statements) := fx.document("mysql", "8.0.36", statements)

test_second_rebuild_of_a_table_warns if {
	findings := rule.warn with input as mysql([
		alter(0, fx.existing_table("orders"), true),
		alter(1, fx.existing_table("users"), true),
		alter(2, fx.existing_table("orders"), false),
		alter(3, fx.existing_table("orders"), true),
		alter(4, fx.existing_table("ORDERS"), true),
	])
	{[f.at, f.msg] | some f in findings} == {
		[3, `ALTER TABLE "orders" rebuilds the table again (an ALTER TABLE at line 1 already rebuilds it in this migration): merge them into one statement`],
		[4, `ALTER TABLE "ORDERS" rebuilds the table again (an ALTER TABLE at line 1 already rebuilds it in this migration): merge them into one statement`],
	}
}

test_new_tables_and_postgres_are_not_judged if {
	count(rule.warn) == 0 with input as mysql([alter(0, fx.new_table("orders"), true), alter(1, fx.new_table("orders"), true)])
	count(rule.warn) == 0 with input as fx.pg([alter(0, fx.existing_table("orders"), true), alter(1, fx.existing_table("orders"), true)])
}
