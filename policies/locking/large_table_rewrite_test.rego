package schemagate.rules.large_table_rewrite_test

import data.schemagate.rules.large_table_rewrite as rule
import data.schemagate.test.fixtures as fx
import rego.v1

type_change(index, table, size) := fx.statement(index, {
	"kind": "alter_table",
	"sql": "ALTER TABLE t ALTER COLUMN c TYPE bigint",
	"table": table,
	"impact": object.union(fx.no_impact, {"rewrite": true, "size": size}),
})

test_a_large_rewrite_is_denied if {
	size := {"rows": 1, "bytes": 2147483648, "indexes_bytes": 1073741824}
	findings := rule.warn with input as fx.pg([type_change(0, fx.existing_table("orders"), size)])
	some f in findings
	f.msg == `This alter_table rewrites "orders": 3072 MB of table and indexes, more than 1024 MB`
}

test_small_unknown_and_new_tables_pass if {
	small := {"rows": 1, "bytes": 8192, "indexes_bytes": null}
	big := {"rows": 1, "bytes": 2147483648, "indexes_bytes": null}
	count(rule.warn) == 0 with input as fx.pg([
		type_change(0, fx.existing_table("settings"), small),
		type_change(1, fx.existing_table("unknown"), null),
		type_change(2, fx.new_table("orders_v2"), big),
	])
}
