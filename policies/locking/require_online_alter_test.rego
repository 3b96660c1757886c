package schemagate.rules.require_online_alter_test

import data.schemagate.rules.require_online_alter as rule
import data.schemagate.test.fixtures as fx
import rego.v1

# `impact` as the MySQL model gives it: the rule reads what blocks from it.
alter(table, algorithm, lock, impact) := object.union(
	fx.alter_table(0, table, [{"op": "modify_column", "column": "total", "new_name": null, "type": "decimal(12,2)", "not_null": true, "has_default": false}]),
	{
		"algorithm": algorithm,
		"lock": lock,
		"impact": object.union(fx.no_impact, impact),
	},
)

copy_impact := {"lock": "metadata_exclusive", "blocks_writes": true, "rewrite": true}

test_table_copy_warns if {
	findings := rule.warn with input as fx.document("mysql", "8.0", [alter(fx.existing_table("orders"), null, null, copy_impact)])
	count(findings) == 1
	some f in findings
	f.rule == "require-online-alter"
	f.severity == "warning"
	f.at == 0
	f.msg == `ALTER TABLE on "orders" copies the whole table (the change cannot be made in place): writes to "orders" are blocked until it finishes`
}

test_explicit_copy_and_lock_warn if {
	copy := rule.warn with input as fx.document("mariadb", null, [alter(fx.existing_table("orders"), "copy", null, copy_impact)])
	[f.msg | some f in copy] == [`ALTER TABLE on "orders" asks for ALGORITHM=COPY, which copies the whole table: writes to "orders" are blocked until it finishes`]
	exclusive := {"lock": "metadata_exclusive", "blocks_reads": true, "blocks_writes": true}
	locked := rule.warn with input as fx.document("mysql", "8.0", [alter(fx.existing_table("orders"), "INPLACE", "EXCLUSIVE", exclusive)])
	[f.msg | some f in locked] == [`ALTER TABLE on "orders" asks for LOCK=EXCLUSIVE: reads and writes of "orders" are blocked until it finishes`]
}

# A rebuild in place rewrites the table while reads and writes continue:
# the rule never says otherwise than the statement's impact.
test_rebuild_in_place_passes if {
	in_place := {"lock": "metadata_shared", "rewrite": true, "scan": true}
	count(rule.warn) == 0 with input as fx.document("mysql", "8.0.30", [alter(fx.existing_table("orders"), null, null, in_place)])
}

test_online_new_table_and_postgres_pass if {
	count(rule.warn) == 0 with input as fx.document("mysql", "8.0", [alter(fx.existing_table("orders"), "INSTANT", null, {"lock": "metadata_exclusive"})])
	count(rule.warn) == 0 with input as fx.document("mysql", "8.0", [alter(fx.new_table("orders"), null, null, copy_impact)])
	count(rule.warn) == 0 with input as fx.pg([alter(fx.existing_table("orders"), null, null, copy_impact)])
}
