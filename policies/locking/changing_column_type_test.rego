package schemagate.rules.changing_column_type_test

import data.schemagate.rules.changing_column_type as rule
import data.schemagate.test.fixtures as fx
import rego.v1

retype(column, type) := {"op": "alter_column_type", "column": column, "type": type, "using": false}

test_type_change_on_existing_table_is_denied if {
	findings := rule.deny with input as fx.pg([fx.alter_table(0, fx.existing_table("orders"), [retype("id", "bigint")])])
	count(findings) == 1
	some f in findings
	f.rule == "changing-column-type"
	f.at == 0
	f.msg == `Changing the type of column "id" of table "orders" to bigint rewrites "orders" and all its indexes under an ACCESS EXCLUSIVE lock: reads and writes wait until it finishes`
}

test_other_dialects_get_a_generic_message if {
	findings := rule.deny with input as fx.document("sqlserver", null, [fx.alter_table(0, fx.existing_table("orders"), [retype("id", "bigint")])])
	[f.msg | some f in findings] == [`Changing the type of column "id" of table "orders" to bigint rebuilds or rechecks every row of "orders" while blocking writes to it`]
}

test_new_table_passes if {
	count(rule.deny) == 0 with input as fx.pg([fx.alter_table(0, fx.new_table("orders"), [retype("id", "bigint")])])
}

test_metadata_only_changes_the_replay_can_see_pass if {
	widen := {"op": "alter_column_type", "column": "name", "type": "varchar(100)", "using": false, "from_type": "varchar(50)"}
	catalog_only := object.union(fx.alter_table(0, fx.existing_table("orders"), [widen]), {"impact": object.union(fx.no_impact, {"lock": "access_exclusive", "rewrite": false})})
	count(rule.deny) == 0 with input as fx.pg([catalog_only])
	# the same change on MySQL copies the table
	rewrite := object.union(catalog_only, {"impact": object.union(fx.no_impact, {"rewrite": true})})
	count(rule.deny) == 1 with input as fx.document("mysql", "8.0", [rewrite])
}
