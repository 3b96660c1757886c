package schemagate.rules.enum_change_copies_table_test

import data.schemagate.rules.enum_change_copies_table as rule
import data.schemagate.test.fixtures as fx
import rego.v1

change(fields) := object.union({"kind": "enum", "removed": [], "inserted": [], "appended": [], "reordered": false, "storage_grows": false, "append_only": false}, fields)

modify(index, enum_change) := fx.alter_table(index, fx.existing_table("orders"), [{
	"op": "modify_column", "column": "status", "new_name": null,
	"type": "ENUM('new', 'paid')", "from_type": "ENUM('new', 'void', 'paid')",
	"not_null": true, "has_default": false, "enum_change": enum_change,
}])

mysql(statements) := fx.document("mysql", "8.0.36", statements)

test_removal_reorder_and_insertion_are_named if {
	findings := rule.warn with input as mysql([
		modify(0, change({"removed": ["void"]})),
		modify(1, change({"kind": "set", "inserted": ["a", "b"], "reordered": true})),
	])
	{[f.at, f.msg] | some f in findings} == {
		[0, `Changing ENUM column "status" of "orders" removes 'void' (rows holding it lose their value): MySQL copies the table, and writes wait until it is done`],
		[1, `Changing SET column "status" of "orders" inserts 'a', 'b' before existing values, reorders the existing values: MySQL copies the table, and writes wait until it is done`],
	}
}

test_appending_at_the_end_is_fine if {
	count(rule.warn) == 0 with input as mysql([modify(0, change({"appended": ["refunded"], "append_only": true}))])
}

test_storage_growth_and_no_known_previous_type if {
	findings := rule.warn with input as mysql([modify(0, change({"appended": ["x"], "storage_grows": true}))])
	[f.msg | some f in findings] == [`Changing ENUM column "status" of "orders" grows the stored size: MySQL copies the table, and writes wait until it is done`]
	unknown := fx.alter_table(1, fx.existing_table("orders"), [{"op": "modify_column", "column": "status", "new_name": null, "type": "ENUM('a')", "not_null": false, "has_default": false}])
	count(rule.warn) == 0 with input as mysql([unknown])
}

test_mariadb_is_named if {
	findings := rule.warn with input as fx.document("mariadb", "10.11", [modify(0, change({"reordered": true}))])
	[f.msg | some f in findings] == [`Changing ENUM column "status" of "orders" reorders the existing values: MariaDB copies the table, and writes wait until it is done`]
}

test_postgres_and_new_tables_are_not_judged if {
	count(rule.warn) == 0 with input as fx.pg([modify(0, change({"removed": ["void"]}))])
	new := object.union(modify(0, change({"removed": ["void"]})), {"table": fx.new_table("orders")})
	count(rule.warn) == 0 with input as mysql([new])
}
