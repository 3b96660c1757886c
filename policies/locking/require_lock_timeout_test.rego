package schemagate.rules.require_lock_timeout_test

import data.schemagate.rules.require_lock_timeout as rule
import data.schemagate.test.fixtures as fx
import rego.v1

set_timeout(index, value) := fx.statement(index, {"kind": "set", "sql": sprintf("SET lock_timeout = %s", [value]), "variable": "lock_timeout", "value": value, "local": false})

add_note(index, table) := fx.alter_table(index, table, [{"op": "add_column", "column": fx.column("note", "text", {}), "if_not_exists": false}])

test_alter_without_timeout_warns if {
	findings := rule.warn with input as fx.pg([add_note(0, fx.existing_table("orders"))])
	count(findings) == 1
	some f in findings
	f.rule == "require-lock-timeout"
	f.severity == "warning"
	f.at == 0
	f.msg == `ALTER TABLE on "orders" takes an ACCESS EXCLUSIVE lock with no lock_timeout set earlier in its migration: if another session holds a conflicting lock it waits indefinitely, and every query on "orders" queues behind it`
}

test_timeout_before_passes_but_after_or_zero_does_not if {
	count(rule.warn) == 0 with input as fx.pg([set_timeout(0, "'5s'"), add_note(1, fx.existing_table("orders"))])
	late := rule.warn with input as fx.pg([add_note(0, fx.existing_table("orders")), set_timeout(1, "'5s'")])
	[f.at | some f in late] == [0]
	zero := rule.warn with input as fx.pg([set_timeout(0, "0"), add_note(1, fx.existing_table("orders"))])
	[f.at | some f in zero] == [1]
	zero_ms := rule.warn with input as fx.pg([set_timeout(0, "0ms"), add_note(1, fx.existing_table("orders"))])
	[f.at | some f in zero_ms] == [1]
	count(rule.warn) == 0 with input as fx.pg([set_timeout(0, "10s"), add_note(1, fx.existing_table("orders"))])
}

# Each changeset is its own document: a timeout set by an earlier
# changeset (its own session, for most tools) is not in it.
test_timeout_in_another_changeset_does_not_count if {
	second := object.union(add_note(1, fx.existing_table("orders")), {"changeset": 1})
	doc := object.union(fx.pg([second]), {"changeset": object.union(fx.pg([second]).changeset, {"index": 1, "id": "3", "statements": [1]})})
	findings := rule.warn with input as doc
	[f.at | some f in findings] == [1]
	count(rule.warn) == 0 with input as fx.pg([set_timeout(0, "'5s'"), add_note(1, fx.existing_table("orders"))])
}

test_concurrent_index_and_new_table_pass if {
	idx := fx.statement(0, {"kind": "create_index", "concurrently": true, "table": fx.existing_table("orders"), "impact": object.union(fx.no_impact, {"lock": "share_update_exclusive"})})
	count(rule.warn) == 0 with input as fx.pg([idx, add_note(1, fx.new_table("invoices"))])
}

# One finding per migration, at the first statement that needs the timeout,
# naming the others (squawk reports one per file; one per statement was
# 1,985 findings on the corpus).
test_one_finding_per_changeset_naming_the_others if {
	first := object.union(add_note(0, fx.existing_table("orders")), {"line": 1})
	second := object.union(add_note(1, fx.existing_table("customers")), {"line": 2})
	third := object.union(add_note(2, fx.existing_table("invoices")), {"line": 5})
	findings := rule.warn with input as fx.pg([first, second, third])
	[f.at | some f in findings] == [0]
	some f in findings
	endswith(f.msg, `every query on "orders" queues behind it; 2 later statements of this migration (lines 2, 5) also wait for blocking locks without one`)
}
