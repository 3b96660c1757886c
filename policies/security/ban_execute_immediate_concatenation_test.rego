package schemagate.rules.ban_execute_immediate_concatenation_test

import data.schemagate.rules.ban_execute_immediate_concatenation as rule
import data.schemagate.test.fixtures as fx
import rego.v1

block(index, dynamic) := fx.statement(index, {"kind": "do", "language": "plsql", "body_parsed": false, "dynamic_sql": dynamic})

concat_drop := {"sql": "'DROP TABLE ' || t", "concatenated": true, "literal": false}

concat_grant := {"sql": "'GRANT SELECT ON ' || t || ' TO app'", "concatenated": true, "literal": false}

fixed := {"sql": "'ALTER SESSION SET ddl_lock_timeout = 5'", "concatenated": false, "literal": true}

bound := {"sql": "'DELETE FROM t WHERE id = :1'", "concatenated": false, "literal": true}

test_concatenation_warns_once_per_block if {
	findings := rule.warn with input as fx.document("oracle", "19", [block(0, [fixed, concat_drop, concat_grant]), block(1, [bound])])
	[[f.at, f.msg] | some f in findings] == [[0, "EXECUTE IMMEDIATE runs a statement built by concatenation ('DROP TABLE ' || t), and 1 more in this block: what runs is decided at run time and cannot be reviewed"]]
}

test_literals_variables_and_other_dialects_are_fine if {
	count(rule.warn) == 0 with input as fx.document("oracle", "19", [block(0, [fixed, bound, {"sql": "v_sql", "concatenated": false, "literal": false}])])
	count(rule.warn) == 0 with input as fx.document("postgres", "16", [block(0, [concat_drop])])
}
