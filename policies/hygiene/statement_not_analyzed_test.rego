package schemagate.rules.statement_not_analyzed_test

import data.schemagate.rules.statement_not_analyzed as rule
import data.schemagate.test.fixtures as fx
import rego.v1

unparsed(index, kind, sql, error) := fx.statement(index, {"kind": kind, "sql": sql, "parsed": false, "analyzed": false, "parse_error": error})

test_unparsed_statement_is_denied_with_kind_and_error if {
	stmt := unparsed(1, "create_index", "CREATE INDEX CONCURRENTLY idx ON t USING foo ((a ~~ b))", "Expected: ), found: ~~ at Line: 1, Column: 47")
	findings := rule.deny with input as fx.pg([fx.statement(0, {"kind": "set"}), stmt])
	count(findings) == 1
	some f in findings
	f.rule == "statement-not-analyzed"
	f.at == 1
	f.msg == "Could not analyze this CREATE INDEX statement, so no rule could check it: Expected: ), found: ~~ at Line: 1, Column: 47"
}

test_unknown_kind_uses_the_leading_word if {
	findings := rule.deny with input as fx.pg([unparsed(0, "unknown", "  frobnicate the table", null)])
	[f.msg | some f in findings] == ["Could not analyze this FROBNICATE statement, so no rule could check it: the parser gave no reason"]
}

test_parsed_and_rollback_statements_pass if {
	rollback := object.union(unparsed(1, "drop_table", "DROP TABLE x y z", "oops"), {"phase": "rollback"})
	count(rule.deny) == 0 with input as fx.pg([fx.statement(0, {"kind": "select"}), rollback])
}

test_statement_understood_from_its_words_passes if {
	stmt := fx.statement(0, {"kind": "reindex", "sql": "REINDEX INDEX CONCURRENTLY i", "parsed": false, "analyzed": true, "parse_error": "Expected: end of statement"})
	count(rule.deny) == 0 with input as fx.pg([stmt])
}

test_text_that_is_no_sql_is_left_to_the_input_error if {
	stmt := fx.statement(0, {"kind": "unknown", "sql": "CRATE TABLE t", "parsed": false, "analyzed": false, "syntax_error": true, "parse_error": "Expected: an SQL statement, found: CRATE"})
	count(rule.deny) == 0 with input as fx.pg([stmt])
}

test_opaque_do_block_names_its_body if {
	stmt := fx.statement(0, {"kind": "do", "sql": "DO $$ BEGIN IF x THEN DROP TABLE t; END IF; END $$", "parsed": true, "analyzed": false, "parse_error": null, "body_parsed": false})
	[f.msg | some f in rule.deny] == ["Could not analyze this DO statement, so no rule could check it: its body is procedural code (conditions, loops, variables) the gate does not read; a body of plain statements between BEGIN and END is checked statement by statement"] with input as fx.pg([stmt])
}
