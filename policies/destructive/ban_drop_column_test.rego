package schemagate.rules.ban_drop_column_test

import data.schemagate.rules.ban_drop_column as rule
import data.schemagate.test.fixtures as fx
import rego.v1

drop_op(name) := {"op": "drop_column", "column": name, "if_exists": false, "cascade": false}

test_drop_column_of_existing_table_is_denied if {
	stmt := fx.alter_table(0, fx.existing_table("orders"), [drop_op("note"), {"op": "drop_column", "column": "legacy", "if_exists": true, "cascade": true}])
	findings := rule.deny with input as fx.pg([stmt])
	count(findings) == 2
	msgs := {f.msg | some f in findings; f.rule == "ban-drop-column"; f.at == 0}
	msgs == {
		`Dropping column "note" of table "orders" deletes its data and breaks every query and application version that still uses it`,
		`Dropping column "legacy" of table "orders" deletes its data and breaks every query and application version that still uses it; CASCADE also drops the views and constraints that depend on it`,
	}
}

test_other_ops_and_new_tables_pass if {
	add := fx.alter_table(0, fx.existing_table("orders"), [{"op": "add_column", "column": fx.column("note", "text", {}), "if_not_exists": false}])
	fresh := fx.alter_table(1, fx.new_table("staging"), [drop_op("tmp")])
	count(rule.deny) == 0 with input as fx.pg([add, fresh])
}

test_applies_to_every_dialect if {
	findings := rule.deny with input as fx.document("mysql", "8.0", [fx.alter_table(0, fx.existing_table("users"), [drop_op("nick")])])
	[f.at | some f in findings] == [0]
}
