package schemagate.rules.ban_session_replication_role_test

import data.schemagate.rules.ban_session_replication_role as rule
import data.schemagate.test.fixtures as fx
import rego.v1

set(index, value) := fx.statement(index, {"kind": "set", "variable": "session_replication_role", "value": value, "local": false})

test_replica_is_denied if {
	findings := rule.deny with input as fx.pg([set(0, "'replica'"), set(1, "origin"), set(2, "DEFAULT")])
	{[f.at, f.msg] | some f in findings} == {[0, "SET session_replication_role = replica turns off every ordinary trigger of the session, foreign-key checks included: the migration's writes skip them"]}
}
