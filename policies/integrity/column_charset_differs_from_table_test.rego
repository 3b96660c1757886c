package schemagate.rules.column_charset_differs_from_table_test

import data.schemagate.rules.column_charset_differs_from_table as rule
import data.schemagate.test.fixtures as fx
import rego.v1

create(index, table_options, columns) := fx.statement(index, object.union({
	"kind": "create_table",
	"object": fx.table_object("users"),
	"table": fx.new_table("users"),
	"columns": columns,
	"constraints": [],
	"as_select": false, "temporary": false, "primary_key": false,
}, table_options))

mysql(statements) := fx.document("mysql", "8.0.36", statements)

test_another_charset_warns if {
	cols := [
		fx.column("name", "varchar(100)", {"charset": "latin1"}),
		fx.column("code", "varchar(10)", {"collation": "ascii_bin"}),
		fx.column("token", "varchar(64)", {"collation": "utf8mb4_bin"}),
		fx.column("note", "text", {}),
	]
	findings := rule.warn with input as mysql([create(0, {"engine": null, "charset": "utf8mb4", "collation": null}, cols)])
	[f.msg | some f in findings] == [
		`Column "code" of "users" is ascii, the table is utf8mb4: comparisons and joins with the table's other text columns convert every row (no index is used) or fail with "Illegal mix of collations"`,
		`Column "name" of "users" is latin1, the table is utf8mb4: comparisons and joins with the table's other text columns convert every row (no index is used) or fail with "Illegal mix of collations"`,
	]
}

test_utf8_is_utf8mb3_and_collation_gives_the_table_charset if {
	cols := [fx.column("name", "varchar(100)", {"charset": "utf8mb3"})]
	count(rule.warn) == 0 with input as mysql([create(0, {"engine": null, "charset": null, "collation": "utf8_general_ci"}, cols)])
}

test_undeclared_table_charset_is_not_judged if {
	cols := [fx.column("name", "varchar(100)", {"charset": "latin1"})]
	count(rule.warn) == 0 with input as mysql([create(0, {}, cols)])
	count(rule.warn) == 0 with input as fx.pg([create(0, {"charset": "utf8mb4"}, cols)])
}
