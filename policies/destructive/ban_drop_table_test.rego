package schemagate.rules.ban_drop_table_test

import data.schemagate.rules.ban_drop_table as rule
import data.schemagate.test.fixtures as fx
import rego.v1

drop(index, table, fields) := fx.statement(index, object.union(
	{
		"kind": "drop_table",
		"sql": sprintf("DROP TABLE %s", [table.name]),
		"object": fx.table_object(table.name),
		"table": table,
		"names": [fx.table_object(table.name)],
	},
	fields,
))

test_drop_of_existing_table_is_denied if {
	findings := rule.deny with input as fx.pg([drop(0, fx.existing_table("orders"), {})])
	count(findings) == 1
	some f in findings
	f.rule == "ban-drop-table"
	f.at == 0
	f.severity == "error"
	f.msg == `Dropping table "orders" deletes all its rows and breaks every query and application version that still uses it`
}

test_cascade_and_several_tables_are_named if {
	stmt := drop(1, fx.existing_table("a"), {"cascade": true, "names": [fx.table_object("a"), {"type": "table", "schema": "sales", "name": "b"}]})
	findings := rule.deny with input as fx.pg([fx.statement(0, {"kind": "set"}), stmt])
	count(findings) == 1
	some f in findings
	f.at == 1
	f.msg == `Dropping tables "a", "sales.b" deletes all their rows and breaks every query and application version that still uses them; CASCADE also drops the views and foreign keys that depend on it`
}

test_drop_of_table_created_in_same_changeset_passes if {
	count(rule.deny) == 0 with input as fx.pg([drop(0, fx.new_table("tmp_import"), {})])
}

test_rollback_drop_is_not_judged if {
	count(rule.deny) == 0 with input as fx.pg([drop(0, fx.existing_table("orders"), {"phase": "rollback"})])
}
