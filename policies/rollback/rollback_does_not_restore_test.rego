package schemagate.rules.rollback_does_not_restore_test

import data.schemagate.rules.rollback_does_not_restore as rule
import data.schemagate.test.fixtures as fx
import rego.v1

add_note := fx.alter_table(0, fx.existing_table("orders"), [{"op": "add_column", "column": fx.column("note", "text", {})}])

drop_other := object.union(
	fx.alter_table(1, fx.existing_table("orders"), [{"op": "drop_column", "column": "status"}]),
	{"phase": "rollback"},
)

with_check(format, check) := object.union(
	fx.document_in("postgres", "16", format, [add_note, drop_other]),
	{"changeset": {"rollback": "explicit", "rollback_check": check}},
)

test_a_rollback_that_leaves_a_difference_is_denied if {
	check := {
		"proven": false,
		"differences": [`column "orders"."note" exists after the rollback, but not before the changeset`, `column "orders"."status" is missing after the rollback`],
		"lossy": [],
		"unproven": null,
	}
	findings := rule.deny with input as with_check("flyway", check)
	count(findings) == 1
	some f in findings
	f.rule == "rollback-does-not-restore"
	f.severity == "error"
	f.at == 1
	f.msg == `The rollback of migration 2 does not restore the schema: column "orders"."note" exists after the rollback, but not before the changeset; column "orders"."status" is missing after the rollback`
}

test_a_liquibase_changeset_is_named_by_its_id if {
	check := {"proven": false, "differences": [`table "t" is missing after the rollback`], "lossy": [], "unproven": null}
	some f in rule.deny with input as with_check("liquibase", check)
	startswith(f.msg, `The rollback of changeset "2" does not restore`)
}

test_a_proven_rollback_passes if {
	check := {"proven": true, "differences": [], "lossy": [], "unproven": null}
	count(rule.deny) == 0 with input as with_check("flyway", check)
}

test_an_unproven_rollback_is_not_judged if {
	check := {"proven": null, "differences": [], "lossy": [], "unproven": "statement 0 could not be analyzed"}
	count(rule.deny) == 0 with input as with_check("flyway", check)
}

test_no_rollback_is_not_judged if {
	count(rule.deny) == 0 with input as fx.pg([add_note])
}
