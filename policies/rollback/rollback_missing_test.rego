package schemagate.rules.rollback_missing_test

import data.schemagate.rules.rollback_missing as rule
import data.schemagate.test.fixtures as fx
import rego.v1

add_note := fx.alter_table(0, fx.existing_table("orders"), [{"op": "add_column", "column": fx.column("note", "text", {})}])

doc(format, rollback) := object.union(
	fx.document_in("postgres", "16", format, [add_note]),
	{"changeset": {"rollback": rollback}},
)

test_a_liquibase_changeset_without_rollback_is_warned if {
	findings := rule.warn with input as doc("liquibase", "none")
	count(findings) == 1
	some f in findings
	f.rule == "rollback-missing"
	f.severity == "warning"
	f.at == {"changeset": 0}
	f.msg == `Changeset "2" has no rollback, and none can be derived from its changes`
}

test_a_golang_migrate_up_without_down_is_warned if {
	some f in rule.warn with input as doc("golang-migrate", "none")
	f.msg == "Migration 2 has no rollback, and none can be derived from its changes"
}

test_an_explicit_or_derived_rollback_passes if {
	count(rule.warn) == 0 with input as doc("liquibase", "explicit")
	count(rule.warn) == 0 with input as doc("liquibase", "automatic")
}

test_flyway_is_left_alone_by_default if {
	count(rule.warn) == 0 with input as doc("flyway", "none")
}

test_flyway_can_be_asked_for if {
	count(rule.warn) == 1 with input as doc("flyway", "none")
		with data.schemagate.config as {"params": {"rollback-missing": {"formats": ["flyway"]}}}
}

test_a_changeset_without_statements_passes if {
	d := object.union(doc("liquibase", "none"), {"changeset": {"statements": []}})
	count(rule.warn) == 0 with input as d
}
