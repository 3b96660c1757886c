package schemagate.rules.drop_last_column_test

import data.schemagate.rules.drop_last_column as rule
import data.schemagate.test.fixtures as fx
import rego.v1

drop(refusals) := object.union(
	fx.alter_table(0, fx.existing_table("tags"), [{"op": "drop_column", "column": "name", "if_exists": false, "cascade": false}]),
	{"refusals": refusals},
)

last := fx.refusal("drops_last_column", "column", "name", `"name" is the last column of table "tags" (created by changeset "1"): this database refuses a table without columns`)

test_dropping_the_last_column_is_denied_on_mysql if {
	findings := rule.deny with input as fx.document("mysql", "8.0", [drop([last])])
	[f.msg | some f in findings] == [`ALTER TABLE would be refused by the database: "name" is the last column of table "tags" (created by changeset "1"): this database refuses a table without columns`]
}

test_a_drop_that_leaves_columns_passes if {
	count(rule.deny) == 0 with input as fx.document("mysql", "8.0", [drop([])])
}
