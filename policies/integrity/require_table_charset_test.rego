package schemagate.rules.require_table_charset_test

import data.schemagate.rules.require_table_charset as rule
import data.schemagate.test.fixtures as fx
import rego.v1

create(index, name, options) := fx.statement(index, object.union({"kind": "create_table", "object": fx.table_object(name), "table": fx.new_table(name), "columns": [], "constraints": [], "as_select": false, "temporary": false, "primary_key": false}, options))

mysql(statements) := fx.document("mysql", "8.0.36", statements)

test_missing_charset_warns if {
	findings := rule.warn with input as mysql([
		create(0, "a", {}),
		create(1, "b", {"engine": "innodb", "charset": null, "collation": null}),
		create(2, "c", {"engine": null, "charset": "utf8mb4", "collation": null}),
		create(3, "d", {"engine": null, "charset": null, "collation": "utf8mb4_bin"}),
		create(4, "e", {"temporary": true}),
	])
	{[f.at, f.msg] | some f in findings} == {
		[0, `Table "a" is created without a character set: it takes the server's default, which differs between servers and versions`],
		[1, `Table "b" is created without a character set: it takes the server's default, which differs between servers and versions`],
	}
}

test_collation_when_asked if {
	findings := rule.warn with input as mysql([create(0, "c", {"charset": "utf8mb4", "collation": null}), create(1, "d", {"charset": "utf8mb4", "collation": "utf8mb4_bin"})])
		with data.schemagate.config as {"params": {"require-table-charset": {"require_collation": true}}}
	[[f.at, f.msg] | some f in findings] == [[0, `Table "c" is created without a collation: it takes the server's default, which differs between servers and versions`]]
}

test_postgres_is_not_judged if {
	count(rule.warn) == 0 with input as fx.pg([create(0, "a", {})])
}
