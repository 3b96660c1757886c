package schemagate.rules.ban_xp_cmdshell_test

import data.schemagate.rules.ban_xp_cmdshell as rule
import data.schemagate.test.fixtures as fx
import rego.v1

exec(index, name) := fx.statement(index, {"kind": "execute", "object": {"type": "procedure", "schema": null, "name": name}})

test_host_procedures_are_denied if {
	findings := rule.deny with input as fx.document("sqlserver", "2019", [exec(0, "xp_cmdshell"), exec(1, "sp_rename"), exec(2, "SP_CONFIGURE")])
	{[f.at, f.msg] | some f in findings} == {
		[0, "EXEC xp_cmdshell from a migration: it runs on the host or changes the instance, outside the schema"],
		[2, "EXEC SP_CONFIGURE from a migration: it runs on the host or changes the instance, outside the schema"],
	}
}
