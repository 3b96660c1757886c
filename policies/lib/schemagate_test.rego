package schemagate.lib_test

import data.schemagate.lib
import data.schemagate.test.fixtures as fx
import rego.v1

test_pg_major_reads_the_target_version if {
	lib.pg_major == 9 with input as fx.document("postgres", "9.6", [])
	lib.pg_major == 16 with input as fx.document("postgres", "16.2", [])
	lib.pg_version_at_least(12) with input as fx.document("postgres", "12", [])
	not lib.pg_version_at_least(12) with input as fx.document("postgres", "11.9", [])
}

test_unknown_version_assumes_a_supported_one if {
	lib.pg_major == 14 with input as fx.document("postgres", null, [])
	lib.pg_major == 14 with input as fx.document("postgres", "latest", [])
}

test_forward_statements_leave_out_rollback if {
	rollback := object.union(fx.statement(1, {"kind": "drop_table"}), {"phase": "rollback"})
	[s.index | some s in lib.forward_statements] == [0] with input as fx.pg([fx.statement(0, {"kind": "create_table"}), rollback])
}

test_table_label_never_names_an_index_as_the_table if {
	idx := fx.statement(0, {"kind": "create_index", "object": {"type": "index", "schema": null, "name": "idx"}})
	not lib.table_label(idx)
	lib.table_label(object.union(idx, {"table": {"schema": "sales", "name": "orders", "new": false, "known": false, "created_in": null}})) == `"sales.orders"`
}

test_param_reads_config_or_default if {
	meta := {"id": "my-rule"}
	lib.param(meta, "max", 10) == 10
	lib.param(meta, "max", 10) == 3 with data.schemagate.config as {"params": {"my-rule": {"max": 3}}}
}

test_no_transaction_help_follows_the_tool if {
	startswith(lib.no_transaction_help, "Flyway") with input as fx.document_in("postgres", "16", "flyway", [])
	startswith(lib.no_transaction_help, "dbmate") with input as fx.document_in("postgres", "16", "dbmate", [])
	startswith(lib.no_transaction_help, "Run the statement outside") with input as fx.document_in("postgres", "16", "plain-folder", [])
}
