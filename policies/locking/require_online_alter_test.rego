package schemagate.rules.require_online_alter_test

import data.schemagate.rules.require_online_alter as rule
import data.schemagate.test.fixtures as fx
import rego.v1

alter(table, algorithm, lock, rewrite) := object.union(
	fx.alter_table(0, table, [{"op": "modify_column", "column": "total", "new_name": null, "type": "decimal(12,2)", "not_null": true, "has_default": false}]),
	{
		"algorithm": algorithm,
		"lock": lock,
		"impact": object.union(fx.no_impact, {"lock": "metadata_exclusive", "blocks_writes": true, "rewrite": rewrite}),
	},
)

test_table_copy_warns if {
	findings := rule.warn with input as fx.document("mysql", "8.0", [alter(fx.existing_table("orders"), null, null, true)])
	count(findings) == 1
	some f in findings
	f.rule == "require-online-alter"
	f.severity == "warning"
	f.at == 0
	f.msg == `ALTER TABLE on "orders" copies the whole table (the change cannot be made in place): writes to "orders" are blocked until it finishes`
}

test_explicit_copy_and_lock_warn if {
	copy := rule.warn with input as fx.document("mariadb", null, [alter(fx.existing_table("orders"), "copy", null, false)])
	[f.msg | some f in copy] == [`ALTER TABLE on "orders" asks for ALGORITHM=COPY, which copies the whole table: writes to "orders" are blocked until it finishes`]
	locked := rule.warn with input as fx.document("mysql", "8.0", [alter(fx.existing_table("orders"), "INPLACE", "EXCLUSIVE", false)])
	[f.msg | some f in locked] == [`ALTER TABLE on "orders" asks for LOCK=EXCLUSIVE: writes to "orders" are blocked until it finishes`]
}

test_online_new_table_and_postgres_pass if {
	count(rule.warn) == 0 with input as fx.document("mysql", "8.0", [alter(fx.existing_table("orders"), "INSTANT", null, false)])
	count(rule.warn) == 0 with input as fx.document("mysql", "8.0", [alter(fx.new_table("orders"), null, null, true)])
	count(rule.warn) == 0 with input as fx.pg([alter(fx.existing_table("orders"), null, null, true)])
}
