package schemagate.rules.renaming_table_test

import data.schemagate.rules.renaming_table as rule
import data.schemagate.test.fixtures as fx
import rego.v1

test_alter_table_rename_is_denied if {
	stmt := fx.alter_table(0, fx.existing_table("customers"), [{"op": "rename_table", "new_name": "clients"}])
	findings := rule.deny with input as fx.pg([stmt])
	count(findings) == 1
	some f in findings
	f.rule == "renaming-table"
	f.at == 0
	f.msg == `Renaming table "customers" to "clients" breaks every query and running application version that still uses the old name`
}

test_rename_table_statement_is_denied if {
	stmt := fx.statement(0, {"kind": "rename_table", "sql": "RENAME TABLE customers TO clients", "object": fx.table_object("customers"), "table": fx.existing_table("customers"), "new_name": "clients"})
	findings := rule.deny with input as fx.document("mysql", "8.0", [stmt])
	[f.at | some f in findings] == [0]
}

test_rename_of_new_table_passes if {
	stmt := fx.alter_table(0, fx.new_table("tmp"), [{"op": "rename_table", "new_name": "customers"}])
	count(rule.deny) == 0 with input as fx.pg([stmt])
}
