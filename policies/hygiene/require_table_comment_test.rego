package schemagate.rules.require_table_comment_test

import data.schemagate.rules.require_table_comment as rule
import data.schemagate.test.fixtures as fx
import rego.v1

create(index, name) := fx.statement(index, {"kind": "create_table", "object": fx.table_object(name), "table": fx.new_table(name), "columns": [], "constraints": [], "temporary": false})

test_tables_without_comment_warn if {
	comment := fx.statement(2, {"kind": "comment", "object": fx.table_object("Orders")})
	findings := rule.warn with input as fx.pg([create(0, "orders"), create(1, "lines"), comment])
	{[f.at, f.msg] | some f in findings} == {[1, `Table "lines" is created without a COMMENT ON TABLE in the migration`]}
}
