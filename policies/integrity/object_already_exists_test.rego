package schemagate.rules.object_already_exists_test

import data.schemagate.rules.object_already_exists as rule
import data.schemagate.test.fixtures as fx
import rego.v1

create_index(index, refusals) := fx.statement(index, {
	"kind": "create_index",
	"object": {"type": "index", "schema": null, "name": "t3_name_idx"},
	"table": fx.existing_table("t3"),
	"refusals": refusals,
})

taken := fx.refusal("already_exists", "index", "t3_name_idx", `index "t3_name_idx" already exists (on "t3", created by changeset "3")`)

test_a_name_the_replay_holds_is_denied if {
	findings := rule.deny with input as fx.pg([create_index(0, [taken])])
	findings == {{
		"msg": `CREATE INDEX would be refused by the database: index "t3_name_idx" already exists (on "t3", created by changeset "3")`,
		"rule": "object-already-exists",
		"severity": "error",
		"help": rule.meta.help,
		"at": 0,
	}}
}

test_other_refusals_and_rollback_statements_pass if {
	other := fx.refusal("does_not_exist", "table", "t3", `table "t3" does not exist: dropped by changeset "4"`)
	rollback := object.union(create_index(1, [taken]), {"phase": "rollback"})
	count(rule.deny) == 0 with input as fx.pg([create_index(0, [other]), rollback])
}

test_a_statement_without_refusals_passes if {
	stmt := object.remove(create_index(0, []), ["refusals"])
	count(rule.deny) == 0 with input as fx.pg([stmt])
}
