package schemagate.rules.charset_allowlist_test

import data.schemagate.rules.charset_allowlist as rule
import data.schemagate.test.fixtures as fx
import rego.v1

create(index, charset, collation) := fx.statement(index, {"kind": "create_table", "object": fx.table_object("events"), "table": fx.new_table("events"), "columns": [], "constraints": [], "temporary": false, "engine": null, "charset": charset, "collation": collation})

test_outside_the_lists_warns if {
	stmts := [create(0, "latin1", "latin1_swedish_ci"), create(1, "utf8mb4", null)]
	findings := rule.warn with input as fx.document("mysql", "8.0", stmts) with data.schemagate.config as {"params": {"charset-allowlist": {"charsets": ["UTF8MB4"], "collations": ["utf8mb4_0900_ai_ci"]}}}
	{[f.at, f.msg] | some f in findings} == {
		[0, `Table "events" is created with CHARSET latin1, which params.charset-allowlist.charsets does not allow`],
		[0, `Table "events" is created with COLLATION latin1_swedish_ci, which params.charset-allowlist.collations does not allow`],
	}
}

test_nothing_until_configured if {
	count(rule.warn) == 0 with input as fx.document("mysql", "8.0", [create(0, "latin1", null)])
}
