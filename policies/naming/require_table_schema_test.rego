package schemagate.rules.require_table_schema_test

import data.schemagate.rules.require_table_schema as rule
import data.schemagate.test.fixtures as fx
import rego.v1

named(index, kind, schema) := fx.statement(index, {"kind": kind, "object": {"type": "table", "schema": schema, "name": "orders"}})

test_unqualified_tables_warn if {
	findings := rule.warn with input as fx.pg([named(0, "create_table", null), named(1, "alter_table", "app")])
	{[f.at, f.msg] | some f in findings} == {[0, `Table "orders" is named without a schema: where it is depends on the search_path of the session that runs the migration`]}
}
