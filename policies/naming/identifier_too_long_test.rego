package schemagate.rules.identifier_too_long_test

import data.schemagate.rules.identifier_too_long as rule
import data.schemagate.test.fixtures as fx
import rego.v1

long_name := "idx_orders_customer_id_created_at_status_shipping_country_region1"

create_index(name) := fx.statement(0, {
	"kind": "create_index",
	"object": {"type": "index", "schema": null, "name": name},
	"table": fx.existing_table("orders"),
	"concurrently": true,
	"unique": false,
	"columns": ["customer_id"],
	"using": null,
	"where": false,
	"transaction": "none",
	"in_transaction": false,
})

test_long_index_name_is_denied if {
	count(long_name) == 65
	findings := rule.deny with input as fx.pg([create_index(long_name)])
	count(findings) == 1
	some f in findings
	f.rule == "identifier-too-long"
	f.at == 0
	f.msg == sprintf(`The index name "%s" is 65 characters long; PostgreSQL silently truncates it to 63 bytes`, [long_name])
}

test_long_column_in_create_table_and_add_column if {
	col := fx.column("customer_preferred_delivery_window_start_time_in_local_timezone_x", "time", {})
	create := fx.statement(0, {"kind": "create_table", "object": fx.table_object("prefs"), "table": fx.new_table("prefs"), "columns": [col], "constraints": [], "as_select": false, "temporary": false, "primary_key": false})
	add := fx.alter_table(1, fx.existing_table("orders"), [{"op": "add_column", "column": col, "if_not_exists": false}])
	findings := rule.deny with input as fx.pg([create, add])
	[f.at | some f in findings] == [0, 1]
}

test_short_names_and_configured_limit if {
	count(rule.deny) == 0 with input as fx.pg([create_index("idx_orders_customer")])
	findings := rule.deny with input as fx.pg([create_index("idx_orders_customer")])
		with data.schemagate.config as {"params": {"identifier-too-long": {"max_length": 10}}}
	[f.msg | some f in findings] == [`The index name "idx_orders_customer" is 19 characters long; PostgreSQL silently truncates it to 10 bytes`]
}

test_other_dialects_have_no_default_limit if {
	count(rule.deny) == 0 with input as fx.document("sqlserver", null, [create_index(long_name)])
}
