package schemagate.rules.max_affected_rows_test

import data.schemagate.rules.max_affected_rows as rule
import data.schemagate.test.fixtures as fx
import rego.v1

update(index, rows, method) := fx.statement(index, {
	"kind": "update",
	"sql": "UPDATE orders SET status = 'new'",
	"table": fx.existing_table("orders"),
	"impact": object.union(fx.no_impact, {"rows": rows, "rows_method": method}),
})

test_a_whole_table_update_over_the_limit_is_denied if {
	findings := rule.warn with input as fx.pg([update(0, 2000000, "table")])
	some f in findings
	f.msg == `This UPDATE touches 2000000 rows of "orders" (the whole table), more than 100000`
}

test_estimates_say_how if {
	findings := rule.warn with input as fx.pg([update(0, 500000, "null_fraction")])
	some f in findings
	f.msg == `This UPDATE touches about 500000 rows of "orders" (estimated by null_fraction), more than 100000`
}

test_under_the_limit_passes if {
	count(rule.warn) == 0 with input as fx.pg([update(0, 2000, "distinct")])
}

test_unknown_sizes_are_said_once_as_info_with_a_snapshot if {
	findings := rule.proposal_warn with input as fx.pg([update(0, null, null), update(1, null, null)])
		with input.target.stats as "stats.yaml"
	count(findings) == 1
	some f in findings
	f.severity == "info"
}
