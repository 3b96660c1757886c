package schemagate.rules.adding_not_nullable_field_test

import data.schemagate.rules.adding_not_nullable_field as rule
import data.schemagate.test.fixtures as fx
import rego.v1

set_not_null(column) := {"op": "set_not_null", "column": column}

test_set_not_null_warns_with_pg12_recipe if {
	findings := rule.warn with input as fx.pg([fx.alter_table(0, fx.existing_table("orders"), [set_not_null("status")])])
	count(findings) == 1
	some f in findings
	f.rule == "adding-not-nullable-field"
	f.severity == "warning"
	f.at == 0
	f.msg == `Setting column "status" of table "orders" NOT NULL scans all of "orders" under an ACCESS EXCLUSIVE lock: reads and writes wait for the scan`
	contains(f.help, "ALTER TABLE orders ADD CONSTRAINT orders_status_not_null CHECK (status IS NOT NULL) NOT VALID;")
	contains(f.help, "PostgreSQL 12+ uses the constraint")
}

test_pg11_help_keeps_the_check_constraint if {
	findings := rule.warn with input as fx.document("postgres", "11", [fx.alter_table(0, fx.existing_table("orders"), [set_not_null("status")])])
	some f in findings
	startswith(f.help, "Before PostgreSQL 12, SET NOT NULL always scans")
}

test_new_table_and_drop_not_null_pass if {
	fresh := fx.alter_table(0, fx.new_table("orders"), [set_not_null("status")])
	drop := fx.alter_table(1, fx.existing_table("orders"), [{"op": "drop_not_null", "column": "note"}])
	count(rule.warn) == 0 with input as fx.pg([fresh, drop])
}
