package schemagate.rules.lock_duration_test

import data.schemagate.rules.lock_duration as rule
import data.schemagate.test.fixtures as fx
import rego.v1

index_build(index, table, impact) := fx.statement(index, {
	"kind": "create_index",
	"sql": "CREATE INDEX i ON t (c)",
	"table": table,
	"impact": object.union(fx.no_impact, impact),
})

big := {"lock": "share", "blocks_writes": true, "scan": true, "rows": 5000000, "est_seconds": 60, "size": {"rows": 5000000, "bytes": 1, "indexes_bytes": 0}}

small := {"lock": "share", "blocks_writes": true, "scan": true, "rows": 40, "est_seconds": 0.1, "size": {"rows": 40, "bytes": 1, "indexes_bytes": 0}}

test_a_long_block_on_a_large_table_is_denied if {
	findings := rule.deny with input as fx.pg([index_build(0, fx.existing_table("orders"), big)])
	count(findings) == 1
	some f in findings
	f.msg == `This create_index blocks writes on "orders" while it works through the table (5000000 rows, more than 1000000)`
}

test_small_tables_and_new_tables_pass if {
	count(rule.deny) == 0 with input as fx.pg([index_build(0, fx.existing_table("settings"), small), index_build(1, fx.new_table("orders"), big)])
}

test_limits_are_parameters if {
	findings := rule.deny with input as fx.pg([index_build(0, fx.existing_table("settings"), small)])
		with data.schemagate.config as {"params": {"lock-duration": {"max_rows": 10}}}
	count(findings) == 1
}

test_unknown_sizes_are_said_once_as_info_with_a_snapshot if {
	unknown := {"lock": "share", "blocks_writes": true, "scan": true}
	findings := rule.proposal_warn with input as fx.pg([index_build(0, fx.existing_table("a"), unknown), index_build(1, fx.existing_table("b"), unknown)])
		with input.target.stats as "stats.yaml"
	count(findings) == 1
	some f in findings
	f.severity == "info"
	f.at == 0
	contains(f.msg, `2 statement(s) block writes on tables of unknown size ("a", "b")`)
}

test_without_a_snapshot_nothing_is_said if {
	unknown := {"lock": "share", "blocks_writes": true, "scan": true}
	count(rule.proposal_warn) == 0 with input as fx.pg([index_build(0, fx.existing_table("a"), unknown)])
}
