package schemagate.rules.require_concurrent_reindex_test

import data.schemagate.rules.require_concurrent_reindex as rule
import data.schemagate.test.fixtures as fx
import rego.v1

reindex(concurrently) := fx.statement(0, {
	"kind": "reindex",
	"sql": "REINDEX INDEX idx_orders_customer",
	"object": {"type": "index", "schema": null, "name": "idx_orders_customer"},
	"table": fx.existing_table("orders"),
	"concurrently": concurrently,
	"transaction": "none",
	"in_transaction": false,
})

test_plain_reindex_warns if {
	findings := rule.warn with input as fx.pg([reindex(false)])
	count(findings) == 1
	some f in findings
	f.rule == "require-concurrent-reindex"
	f.at == 0
	f.msg == `REINDEX of index "idx_orders_customer" without CONCURRENTLY blocks writes to the table, and queries that use the index, until the rebuild finishes`
}

test_concurrent_reindex_passes if {
	count(rule.warn) == 0 with input as fx.pg([reindex(true)])
}
