package schemagate.rules.auto_increment_must_be_integer_test

import data.schemagate.rules.auto_increment_must_be_integer as rule
import data.schemagate.test.fixtures as fx
import rego.v1

create(columns) := fx.statement(0, {"kind": "create_table", "object": fx.table_object("events"), "table": fx.new_table("events"), "columns": columns, "constraints": [], "as_select": false, "temporary": false, "primary_key": true})

mysql(statements) := fx.document("mysql", "8.0.36", statements)

test_float_key_warns if {
	findings := rule.warn with input as mysql([create([fx.column("id", "FLOAT", {"generated": "identity"}), fx.column("x", "DOUBLE", {})])])
	[f.msg | some f in findings] == [`AUTO_INCREMENT column "id" is FLOAT: past 2^24 (float) new keys round onto existing ones`]
}

test_integer_keys_pass if {
	cols := [
		fx.column("a", "BIGINT UNSIGNED", {"generated": "identity"}),
		fx.column("b", "INT(11)", {"generated": "identity"}),
		fx.column("c", "SERIAL", {"generated": "identity"}),
		fx.column("d", "tinyint", {"generated": "identity"}),
	]
	count(rule.warn) == 0 with input as mysql([create(cols)])
}

test_add_column_is_judged_and_postgres_is_not if {
	add := fx.alter_table(0, fx.existing_table("events"), [{"op": "add_column", "column": fx.column("n", "DOUBLE", {"generated": "identity"}), "if_not_exists": false}])
	count(rule.warn) == 1 with input as mysql([add])
	count(rule.warn) == 0 with input as fx.pg([add])
}
