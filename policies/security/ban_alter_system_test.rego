package schemagate.rules.ban_alter_system_test

import data.schemagate.rules.ban_alter_system as rule
import data.schemagate.test.fixtures as fx
import rego.v1

test_alter_system_is_denied if {
	stmt := fx.statement(0, {"kind": "alter_system", "variable": "work_mem", "parsed": false})
	findings := rule.deny with input as fx.pg([stmt])
	{[f.at, f.msg] | some f in findings} == {[0, `ALTER SYSTEM changes the server's configuration ("work_mem") for every database of the cluster, from a migration`]}
}

test_set_passes if {
	count(rule.deny) == 0 with input as fx.pg([fx.statement(0, {"kind": "set", "variable": "work_mem", "value": "'64MB'", "local": false})])
}
