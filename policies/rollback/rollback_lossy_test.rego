package schemagate.rules.rollback_lossy_test

import data.schemagate.rules.rollback_lossy as rule
import data.schemagate.test.fixtures as fx
import rego.v1

drop_note := fx.alter_table(0, fx.existing_table("orders"), [{"op": "drop_column", "column": "note"}])

add_note := object.union(
	fx.alter_table(1, fx.existing_table("orders"), [{"op": "add_column", "column": fx.column("note", "text", {})}]),
	{"phase": "rollback"},
)

with_check(check) := object.union(
	fx.document_in("postgres", "16", "golang-migrate", [drop_note, add_note]),
	{"changeset": {"rollback": "explicit", "rollback_check": check}},
)

test_a_dropped_column_makes_the_rollback_lossy if {
	reason := `column "orders"."note" is dropped with its data: the rollback can add the column back, not its values`
	findings := rule.warn with input as with_check({"proven": true, "differences": [], "lossy": [{"statement": 0, "reason": reason}], "unproven": null})
	count(findings) == 1
	some f in findings
	f.rule == "rollback-lossy"
	f.severity == "warning"
	f.at == 0
	f.msg == sprintf("The rollback cannot restore data: %s", [reason])
}

test_nothing_lost_passes if {
	count(rule.warn) == 0 with input as with_check({"proven": true, "differences": [], "lossy": [], "unproven": null})
}

test_no_rollback_is_not_judged if {
	count(rule.warn) == 0 with input as fx.pg([drop_note])
}
