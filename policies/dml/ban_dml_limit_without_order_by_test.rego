package schemagate.rules.ban_dml_limit_without_order_by_test

import data.schemagate.rules.ban_dml_limit_without_order_by as rule
import data.schemagate.test.fixtures as fx
import rego.v1

dml(index, kind, limit, order_by) := fx.statement(index, {"kind": kind, "object": fx.table_object("sessions"), "table": fx.existing_table("sessions"), "where": true, "limit": limit, "order_by": order_by, "from": false})

mysql(statements) := fx.document("mysql", "8.0.36", statements)

test_limit_without_order_warns if {
	findings := rule.warn with input as mysql([dml(0, "delete", true, false), dml(1, "update", true, false), dml(2, "delete", true, true), dml(3, "update", false, false)])
	{[f.at, f.msg] | some f in findings} == {
		[0, `DELETE on "sessions" has a LIMIT without ORDER BY: which rows it changes depends on the server's plan, and can differ between environments and on statement-based replicas`],
		[1, `UPDATE on "sessions" has a LIMIT without ORDER BY: which rows it changes depends on the server's plan, and can differ between environments and on statement-based replicas`],
	}
}

test_other_dialects_are_not_judged if {
	count(rule.warn) == 0 with input as fx.pg([dml(0, "delete", true, false)])
}
