package schemagate.rules.prefer_timestamptz_test

import data.schemagate.rules.prefer_timestamptz as rule
import data.schemagate.test.fixtures as fx
import rego.v1

add(col) := {"op": "add_column", "column": col, "if_not_exists": false}

test_timestamp_columns_warn if {
	ops := [add(fx.column("shipped_at", "timestamp", {})), add(fx.column("paid_at", "TIMESTAMP(3) WITHOUT TIME ZONE", {}))]
	retype := fx.alter_table(1, fx.existing_table("orders"), [{"op": "alter_column_type", "column": "created_at", "type": "timestamp", "using": false}])
	findings := rule.warn with input as fx.pg([fx.alter_table(0, fx.existing_table("orders"), ops), retype])
	count(findings) == 3
	{f.rule | some f in findings} == {"prefer-timestamptz"}
	[f.at | some f in findings] == [0, 0, 1]
	some f in findings
	f.msg == `Column "shipped_at" is a timestamp without time zone: the same instant gets different values in different time zones`
}

test_timestamptz_and_mysql_pass if {
	ops := [add(fx.column("shipped_at", "timestamptz", {})), add(fx.column("paid_at", "timestamp with time zone", {}))]
	count(rule.warn) == 0 with input as fx.pg([fx.alter_table(0, fx.existing_table("orders"), ops)])
	count(rule.warn) == 0 with input as fx.document("mysql", "8.0", [fx.alter_table(0, fx.existing_table("orders"), [add(fx.column("t", "timestamp", {}))])])
}
