package schemagate.rules.ban_catalog_dml_test

import data.schemagate.rules.ban_catalog_dml as rule
import data.schemagate.test.fixtures as fx
import rego.v1

dml(index, kind, schema, name) := fx.statement(index, {"kind": kind, "table": {"schema": schema, "name": name, "new": false, "known": false, "created_in": null}, "where": true})

test_catalog_writes_are_denied if {
	stmts := [dml(0, "update", "pg_catalog", "pg_class"), dml(1, "delete", null, "pg_attribute"), dml(2, "update", "app", "pg_class"), dml(3, "insert", null, "orders")]
	findings := rule.deny with input as fx.pg(stmts)
	{[f.at, f.msg] | some f in findings} == {
		[0, `UPDATE on the system catalog "pg_catalog.pg_class" bypasses the server's own checks: a wrong value corrupts the catalog`],
		[1, `DELETE on the system catalog "pg_attribute" bypasses the server's own checks: a wrong value corrupts the catalog`],
	}
}

test_mysql_schema if {
	findings := rule.deny with input as fx.document("mysql", "8.0", [dml(0, "update", "mysql", "user"), dml(1, "update", null, "pg_class")])
	[f.at | some f in findings] == [0]
}
