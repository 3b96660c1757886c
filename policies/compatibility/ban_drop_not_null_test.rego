package schemagate.rules.ban_drop_not_null_test

import data.schemagate.rules.ban_drop_not_null as rule
import data.schemagate.test.fixtures as fx
import rego.v1

test_drop_not_null_warns if {
	findings := rule.warn with input as fx.pg([fx.alter_table(0, fx.existing_table("users"), [{"op": "drop_not_null", "column": "email"}])])
	count(findings) == 1
	some f in findings
	f.rule == "ban-drop-not-null"
	f.severity == "warning"
	f.at == 0
	f.msg == `Dropping NOT NULL from column "email" of table "users" lets NULLs reach code that assumes the column always has a value`
}

test_set_not_null_and_new_tables_pass if {
	set := fx.alter_table(0, fx.existing_table("users"), [{"op": "set_not_null", "column": "email"}])
	fresh := fx.alter_table(1, fx.new_table("invites"), [{"op": "drop_not_null", "column": "email"}])
	count(rule.warn) == 0 with input as fx.pg([set, fresh])
}
