package schemagate.rules.ban_create_trigger_test

import data.schemagate.rules.ban_create_trigger as rule
import data.schemagate.test.fixtures as fx
import rego.v1

test_table_and_event_triggers_warn if {
	table_trigger := fx.statement(0, {"kind": "create_trigger", "object": {"type": "trigger", "schema": null, "name": "orders_audit"}, "table": fx.existing_table("orders"), "or_replace": false})
	event_trigger := fx.statement(1, {"kind": "create_trigger", "object": {"type": "event_trigger", "schema": null, "name": "ddl_log"}, "table": null, "event": "ddl_command_end"})
	findings := rule.warn with input as fx.pg([table_trigger, event_trigger])
	{[f.at, f.msg] | some f in findings} == {
		[0, `CREATE TRIGGER "orders_audit" on "orders": its logic runs inside every write, out of the application's sight`],
		[1, `CREATE EVENT TRIGGER "ddl_log": its logic runs inside every write, out of the application's sight`],
	}
}

test_other_statements_pass if {
	drop := fx.statement(0, {"kind": "drop_trigger", "object": {"type": "trigger", "schema": null, "name": "orders_audit"}, "table": fx.existing_table("orders")})
	count(rule.warn) == 0 with input as fx.pg([drop])
}
