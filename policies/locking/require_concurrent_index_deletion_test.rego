package schemagate.rules.require_concurrent_index_deletion_test

import data.schemagate.rules.require_concurrent_index_deletion as rule
import data.schemagate.test.fixtures as fx
import rego.v1

drop_index(index, name, table, concurrently) := fx.statement(index, {
	"kind": "drop_index",
	"sql": sprintf("DROP INDEX %s", [name]),
	"object": {"type": "index", "schema": null, "name": name},
	"names": [{"type": "index", "schema": null, "name": name}],
	"table": table,
	"concurrently": concurrently,
})

test_plain_drop_index_warns if {
	findings := rule.warn with input as fx.pg([drop_index(0, "idx_orders_customer", fx.existing_table("orders"), false)])
	count(findings) == 1
	some f in findings
	f.rule == "require-concurrent-index-deletion"
	f.severity == "warning"
	f.at == 0
	f.msg == `Dropping index "idx_orders_customer" without CONCURRENTLY locks table "orders" against reads and writes until the drop finishes`
}

test_unknown_table_is_still_flagged if {
	findings := rule.warn with input as fx.pg([drop_index(0, "idx_x", null, false)])
	[f.msg | some f in findings] == [`Dropping index "idx_x" without CONCURRENTLY locks its table against reads and writes until the drop finishes`]
}

test_concurrent_drop_passes if {
	count(rule.warn) == 0 with input as fx.pg([drop_index(0, "idx_x", fx.existing_table("orders"), true)])
}
