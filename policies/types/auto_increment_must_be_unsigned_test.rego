package schemagate.rules.auto_increment_must_be_unsigned_test

import data.schemagate.rules.auto_increment_must_be_unsigned as rule
import data.schemagate.test.fixtures as fx
import rego.v1

create(columns) := fx.statement(0, {"kind": "create_table", "object": fx.table_object("events"), "table": fx.new_table("events"), "columns": columns, "constraints": [], "as_select": false, "temporary": false, "primary_key": true})

mysql(statements) := fx.document("mysql", "8.0.36", statements)

test_signed_key_warns if {
	cols := [fx.column("id", "INT(11)", {"generated": "identity"}), fx.column("n", "INT", {})]
	findings := rule.warn with input as mysql([create(cols)])
	[f.msg | some f in findings] == [`AUTO_INCREMENT column "id" is a signed INT(11): the negative half of its range is never used`]
}

test_unsigned_serial_and_float_pass if {
	cols := [
		fx.column("a", "BIGINT(20) UNSIGNED", {"generated": "identity"}),
		fx.column("b", "SERIAL", {"generated": "identity"}),
		fx.column("c", "FLOAT", {"generated": "identity"}),
	]
	count(rule.warn) == 0 with input as mysql([create(cols)])
}
