package schemagate.rules.ban_on_delete_cascade_test

import data.schemagate.rules.ban_on_delete_cascade as rule
import data.schemagate.test.fixtures as fx
import rego.v1

orders := {"schema": null, "name": "orders"}

create_lines(index, on_delete) := fx.statement(index, {
	"kind": "create_table",
	"object": fx.table_object("order_lines"),
	"table": fx.new_table("order_lines"),
	"columns": [fx.column("order_id", "bigint", {})],
	"constraints": [fx.constraint("foreign_key", null, {"columns": ["order_id"], "references": orders, "on_delete": on_delete})],
	"as_select": false, "temporary": false, "primary_key": false,
})

test_cascade_in_create_table_warns if {
	findings := rule.warn with input as fx.pg([create_lines(0, "cascade")])
	[[f.at, f.msg] | some f in findings] == [[0, `Foreign key (order_id) of "order_lines" is ON DELETE CASCADE: deleting a "orders" row silently deletes the "order_lines" rows that reference it`]]
}

test_other_actions_and_none_are_fine if {
	count(rule.warn) == 0 with input as fx.pg([create_lines(0, "restrict"), create_lines(1, "set_null")])
	plain := object.union(create_lines(2, null), {"constraints": [fx.constraint("foreign_key", null, {"columns": ["order_id"], "references": orders})]})
	count(rule.warn) == 0 with input as fx.pg([plain])
}

test_inline_references_and_alter_table if {
	col := fx.column("customer_id", "bigint", {"references": {"schema": "sales", "name": "customers"}, "on_delete": "cascade"})
	add_col := fx.alter_table(0, fx.existing_table("orders"), [{"op": "add_column", "column": col, "if_not_exists": false}])
	add_fk := fx.alter_table(1, fx.existing_table("notes"), [{"op": "add_constraint", "constraint": fx.constraint("foreign_key", "notes_order_fk", {"columns": ["order_id"], "references": orders, "on_delete": "cascade"})}])
	findings := rule.warn with input as fx.pg([add_col, add_fk])
	{[f.at, f.msg] | some f in findings} == {
		[0, `Foreign key (customer_id) of "orders" is ON DELETE CASCADE: deleting a "sales.customers" row silently deletes the "orders" rows that reference it`],
		[1, `Foreign key (order_id) of "notes" is ON DELETE CASCADE: deleting a "orders" row silently deletes the "notes" rows that reference it`],
	}
}
