package schemagate.rules.renaming_column_test

import data.schemagate.rules.renaming_column as rule
import data.schemagate.test.fixtures as fx
import rego.v1

test_rename_column_is_denied if {
	stmt := fx.alter_table(0, fx.existing_table("users"), [{"op": "rename_column", "column": "email", "new_name": "email_address"}])
	findings := rule.deny with input as fx.pg([stmt])
	count(findings) == 1
	some f in findings
	f.rule == "renaming-column"
	f.at == 0
	f.msg == `Renaming column "email" of table "users" to "email_address" breaks every query and running application version that still uses "email"`
}

test_mysql_change_column_with_new_name_is_denied if {
	change := {"op": "modify_column", "column": "email", "new_name": "mail", "type": "varchar(255)", "not_null": false, "has_default": false}
	same := {"op": "modify_column", "column": "nick", "new_name": "nick", "type": "varchar(64)", "not_null": false, "has_default": false}
	findings := rule.deny with input as fx.document("mysql", "8.0", [fx.alter_table(0, fx.existing_table("users"), [change, same])])
	[f.msg | some f in findings] == [`Renaming column "email" of table "users" to "mail" breaks every query and running application version that still uses "email"`]
}

test_rename_on_new_table_passes if {
	stmt := fx.alter_table(0, fx.new_table("users"), [{"op": "rename_column", "column": "email", "new_name": "email_address"}])
	count(rule.deny) == 0 with input as fx.pg([stmt])
}
