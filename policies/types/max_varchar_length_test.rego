package schemagate.rules.max_varchar_length_test

import data.schemagate.rules.max_varchar_length as rule
import data.schemagate.test.fixtures as fx
import rego.v1

add(col) := {"op": "add_column", "column": col, "if_not_exists": false}

test_long_varchars_warn if {
	stmt := fx.alter_table(0, fx.existing_table("users"), [add(fx.column("bio", "VARCHAR(4000)", {})), add(fx.column("name", "varchar(100)", {})), add(fx.column("note", "text", {}))])
	findings := rule.warn with input as fx.pg([stmt]) with data.schemagate.config as {"params": {"max-varchar-length": {"max_length": 1024}}}
	{f.msg | some f in findings} == {`Column "bio" is VARCHAR(4000), longer than 1024 (params.max-varchar-length.max_length)`}
}

test_nothing_until_configured if {
	stmt := fx.alter_table(0, fx.existing_table("users"), [add(fx.column("bio", "varchar(4000)", {}))])
	count(rule.warn) == 0 with input as fx.pg([stmt])
}
