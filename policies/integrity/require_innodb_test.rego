package schemagate.rules.require_innodb_test

import data.schemagate.rules.require_innodb as rule
import data.schemagate.test.fixtures as fx
import rego.v1

create(index, engine) := fx.statement(index, {"kind": "create_table", "object": fx.table_object("events"), "table": fx.new_table("events"), "columns": [], "constraints": [], "temporary": false, "engine": engine, "charset": null, "collation": null})

test_other_engines_warn if {
	findings := rule.warn with input as fx.document("mysql", "8.0", [create(0, "myisam"), create(1, "innodb"), create(2, null)])
	{[f.at, f.msg] | some f in findings} == {[0, `Table "events" is created with ENGINE=myisam: no transactions, crash recovery or foreign keys, and every write locks the whole table`]}
}
