package schemagate.rules.require_concurrent_index_creation_test

import data.schemagate.rules.require_concurrent_index_creation as rule
import data.schemagate.test.fixtures as fx
import rego.v1

create_index(index, name, table, concurrently) := fx.statement(index, {
	"kind": "create_index",
	"sql": sprintf("CREATE INDEX %s ON %s (customer_id)", [name, table.name]),
	"object": {"type": "index", "schema": null, "name": name},
	"table": table,
	"concurrently": concurrently,
	"unique": false,
	"columns": ["customer_id"],
	"using": null,
	"where": false,
})

test_plain_index_on_existing_table_is_denied if {
	findings := rule.deny with input as fx.pg([create_index(0, "idx_orders_customer", fx.existing_table("orders"), false)])
	count(findings) == 1
	some f in findings
	f.rule == "require-concurrent-index-creation"
	f.at == 0
	f.msg == `Creating index "idx_orders_customer" on existing table "orders" without CONCURRENTLY blocks writes to "orders" for the whole build`
}

test_concurrent_index_and_new_table_pass if {
	ok := create_index(0, "idx_orders_customer", fx.existing_table("orders"), true)
	fresh := create_index(1, "idx_new_customer", fx.new_table("invoices"), false)
	count(rule.deny) == 0 with input as fx.pg([ok, fresh])
}

test_only_postgres if {
	count(rule.deny) == 0 with input as fx.document("mysql", "8.0", [create_index(0, "idx", fx.existing_table("orders"), false)])
}
