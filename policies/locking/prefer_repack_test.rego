package schemagate.rules.prefer_repack_test

import data.schemagate.rules.prefer_repack as rule
import data.schemagate.test.fixtures as fx
import rego.v1

vacuum(index, full) := fx.statement(index, {"kind": "vacuum", "object": fx.table_object("orders"), "table": fx.existing_table("orders"), "full": full})

test_vacuum_full_and_cluster_warn if {
	cluster := fx.statement(1, {"kind": "cluster", "object": fx.table_object("orders"), "table": fx.existing_table("orders")})
	everything := fx.statement(2, {"kind": "vacuum", "full": true})
	findings := rule.warn with input as fx.pg([vacuum(0, true), cluster, everything])
	{[f.at, f.msg] | some f in findings} == {
		[0, `VACUUM FULL on "orders" rewrites it under an ACCESS EXCLUSIVE lock: nothing reads or writes it until the rewrite ends`],
		[1, `CLUSTER on "orders" rewrites it under an ACCESS EXCLUSIVE lock: nothing reads or writes it until the rewrite ends`],
		[2, `VACUUM FULL on every table of the database rewrites it under an ACCESS EXCLUSIVE lock: nothing reads or writes it until the rewrite ends`],
	}
}

test_plain_vacuum_passes if {
	count(rule.warn) == 0 with input as fx.pg([vacuum(0, false)])
}
