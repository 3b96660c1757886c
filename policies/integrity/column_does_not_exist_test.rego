package schemagate.rules.column_does_not_exist_test

import data.schemagate.rules.column_does_not_exist as rule
import data.schemagate.test.fixtures as fx
import rego.v1

create_index(index, refusals) := fx.statement(index, {
	"kind": "create_index",
	"object": {"type": "index", "schema": null, "name": "orders_note_idx"},
	"table": fx.existing_table("orders"),
	"refusals": refusals,
})

missing := fx.refusal("column_does_not_exist", "column", "note", `column "note" does not exist in table "orders" (created by changeset "1"), whose columns are: id, total`)

test_an_index_on_a_missing_column_is_denied if {
	findings := rule.deny with input as fx.pg([create_index(0, [missing])])
	[f.msg | some f in findings] == [`CREATE INDEX would be refused by the database: column "note" does not exist in table "orders" (created by changeset "1"), whose columns are: id, total`]
	[f.rule | some f in findings] == ["column-does-not-exist"]
}

test_other_refusals_pass if {
	other := fx.refusal("already_exists", "index", "orders_note_idx", `index "orders_note_idx" already exists`)
	count(rule.deny) == 0 with input as fx.pg([create_index(0, [other])])
}
