package schemagate.rules.column_type_disallow_list_test

import data.schemagate.rules.column_type_disallow_list as rule
import data.schemagate.test.fixtures as fx
import rego.v1

add(col) := {"op": "add_column", "column": col, "if_not_exists": false}

test_banned_types_warn if {
	stmt := fx.alter_table(0, fx.existing_table("orders"), [add(fx.column("total", "MONEY", {})), add(fx.column("data", "jsonb", {})), {"op": "alter_column_type", "column": "meta", "type": "json", "using": false}])
	findings := rule.warn with input as fx.pg([stmt]) with data.schemagate.config as {"params": {"column-type-disallow-list": {"types": ["money", "JSON"]}}}
	{f.msg | some f in findings} == {`Column "total" is MONEY, a type params.column-type-disallow-list.types bans`, `Column "meta" becomes json, a type params.column-type-disallow-list.types bans`}
}

test_nothing_until_configured if {
	stmt := fx.alter_table(0, fx.existing_table("orders"), [add(fx.column("total", "money", {}))])
	count(rule.warn) == 0 with input as fx.pg([stmt])
}
