package schemagate.rules.adding_required_field_test

import data.schemagate.rules.adding_required_field as rule
import data.schemagate.test.fixtures as fx
import rego.v1

add(col) := {"op": "add_column", "column": col, "if_not_exists": false}

test_not_null_without_default_is_denied if {
	stmt := fx.alter_table(0, fx.existing_table("orders"), [add(fx.column("status", "text", {"not_null": true}))])
	findings := rule.deny with input as fx.pg([stmt])
	count(findings) == 1
	some f in findings
	f.rule == "adding-required-field"
	f.at == 0
	f.msg == `Adding column "status" to table "orders" as NOT NULL without a default fails if the table has any rows, and breaks inserts from application versions that do not set it`
}

test_mysql_message_names_the_implicit_default if {
	stmt := fx.alter_table(0, fx.existing_table("orders"), [add(fx.column("status", "varchar(16)", {"not_null": true}))])
	findings := rule.deny with input as fx.document("mysql", "8.0", [stmt])
	[f.msg | some f in findings] == [`Adding column "status" to table "orders" as NOT NULL without a default: MySQL fills the existing rows with the type's implicit default instead of failing, silently inventing data, and inserts that omit the column fail`]
}

test_defaults_identity_serial_nullable_and_new_tables_pass if {
	ops := [
		add(fx.column("a", "text", {"not_null": true, "has_default": true, "default": "'x'"})),
		add(fx.column("b", "bigint", {"not_null": true, "generated": "identity"})),
		add(fx.column("c", "bigserial", {"not_null": true})),
		add(fx.column("d", "text", {})),
	]
	fresh := fx.alter_table(1, fx.new_table("invoices"), [add(fx.column("e", "text", {"not_null": true}))])
	count(rule.deny) == 0 with input as fx.pg([fx.alter_table(0, fx.existing_table("orders"), ops), fresh])
}
