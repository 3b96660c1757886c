package schemagate.rules.require_column_comment_test

import data.schemagate.rules.require_column_comment as rule
import data.schemagate.test.fixtures as fx
import rego.v1

create(columns) := fx.statement(0, {"kind": "create_table", "object": fx.table_object("orders"), "table": fx.new_table("orders"), "columns": columns, "constraints": [], "as_select": false, "temporary": false, "primary_key": false})

comment_on(index, table, column) := fx.statement(index, {"kind": "comment", "object": {"type": "column", "schema": null, "name": column}, "table": fx.existing_table(table)})

test_postgres_reads_comment_on_column if {
	findings := rule.warn with input as fx.pg([create([fx.column("id", "bigint", {}), fx.column("total", "bigint", {})]), comment_on(1, "Orders", "ID")])
	[[f.at, f.msg] | some f in findings] == [[0, `Column "total" of "orders" is created without a comment`]]
}

test_mysql_reads_the_inline_comment if {
	cols := [fx.column("id", "bigint", {"comment": "key"}), fx.column("total", "bigint", {"comment": " "}), fx.column("note", "text", {})]
	add := fx.alter_table(1, fx.existing_table("orders"), [{"op": "add_column", "column": fx.column("paid", "bool", {"comment": "paid in full"}), "if_not_exists": false}])
	findings := rule.warn with input as fx.document("mysql", "8.0.36", [create(cols), add])
	{f.msg | some f in findings} == {`Column "total" of "orders" is created without a comment`, `Column "note" of "orders" is created without a comment`}
}

test_add_column_on_postgres if {
	add := fx.alter_table(0, fx.existing_table("orders"), [{"op": "add_column", "column": fx.column("paid", "bool", {}), "if_not_exists": false}])
	[f.msg | some f in rule.warn] == [`Column "paid" of "orders" is created without a comment`] with input as fx.pg([add])
	count(rule.warn) == 0 with input as fx.pg([add, comment_on(1, "orders", "paid")])
}
