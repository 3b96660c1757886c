package schemagate.rules.adding_field_with_default_test

import data.schemagate.rules.adding_field_with_default as rule
import data.schemagate.test.fixtures as fx
import rego.v1

add(col) := {"op": "add_column", "column": col, "if_not_exists": false}

uuid_col := fx.column("token", "uuid", {"has_default": true, "default": "gen_random_uuid()", "default_volatile": true})

const_col := fx.column("status", "text", {"has_default": true, "default": "'new'", "not_null": true})

test_volatile_default_is_denied if {
	findings := rule.deny with input as fx.pg([fx.alter_table(0, fx.existing_table("orders"), [add(uuid_col)])])
	count(findings) == 1
	some f in findings
	f.rule == "adding-field-with-default"
	f.at == 0
	f.msg == `Adding column "token" with the volatile default gen_random_uuid() rewrites table "orders" under an ACCESS EXCLUSIVE lock: reads and writes of "orders" wait until the rewrite finishes`
}

test_constant_default_before_11_is_denied if {
	findings := rule.deny with input as fx.document("postgres", "10.4", [fx.alter_table(0, fx.existing_table("orders"), [add(const_col)])])
	[f.msg | some f in findings] == [`Adding column "status" with a default ('new') on PostgreSQL 10, which has no fast defaults before 11 rewrites table "orders" under an ACCESS EXCLUSIVE lock: reads and writes of "orders" wait until the rewrite finishes`]
}

test_serial_and_stored_generated_are_denied if {
	ops := [add(fx.column("seq", "bigserial", {"not_null": true})), add(fx.column("total", "numeric", {"generated": "stored"}))]
	findings := rule.deny with input as fx.pg([fx.alter_table(0, fx.existing_table("orders"), ops)])
	count(findings) == 2
}

test_constant_default_on_current_or_unknown_version_passes if {
	stmt := fx.alter_table(0, fx.existing_table("orders"), [add(const_col)])
	count(rule.deny) == 0 with input as fx.pg([stmt])
	count(rule.deny) == 0 with input as fx.document("postgres", null, [stmt])
}

test_new_table_passes if {
	count(rule.deny) == 0 with input as fx.pg([fx.alter_table(0, fx.new_table("orders"), [add(uuid_col)])])
}
