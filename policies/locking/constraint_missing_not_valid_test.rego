package schemagate.rules.constraint_missing_not_valid_test

import data.schemagate.rules.constraint_missing_not_valid as rule
import data.schemagate.test.fixtures as fx
import rego.v1

add(c) := {"op": "add_constraint", "constraint": c}

fk(not_valid) := fx.constraint("foreign_key", "orders_customer_fk", {
	"columns": ["customer_id"],
	"references": {"schema": null, "name": "customers"},
	"not_valid": not_valid,
})

test_foreign_key_without_not_valid_is_denied if {
	findings := rule.deny with input as fx.pg([fx.alter_table(0, fx.existing_table("orders"), [add(fk(false))])])
	count(findings) == 1
	some f in findings
	f.rule == "constraint-missing-not-valid"
	f.at == 0
	f.msg == `Adding foreign key "orders_customer_fk" on existing table "orders" without NOT VALID checks every row while writes to "orders" and "customers" wait`
}

test_unnamed_check_is_denied if {
	check := fx.constraint("check", null, {"columns": ["total"]})
	findings := rule.deny with input as fx.pg([fx.alter_table(0, fx.existing_table("orders"), [add(check)])])
	[f.msg | some f in findings] == [`Adding CHECK constraint on existing table "orders" without NOT VALID scans every row under an ACCESS EXCLUSIVE lock: reads and writes wait`]
}

test_not_valid_unique_and_new_tables_pass if {
	ops := [add(fk(true)), add(fx.constraint("unique", "orders_number_key", {"columns": ["number"]}))]
	fresh := fx.alter_table(1, fx.new_table("invoices"), [add(fk(false))])
	count(rule.deny) == 0 with input as fx.pg([fx.alter_table(0, fx.existing_table("orders"), ops), fresh])
}
