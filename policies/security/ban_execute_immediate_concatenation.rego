package schemagate.rules.ban_execute_immediate_concatenation

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "ban-execute-immediate-concatenation",
	"title": "EXECUTE IMMEDIATE of a statement built by concatenation",
	"severity": "warning",
	"category": "security",
	"description": "In an Oracle PL/SQL block or procedure, `EXECUTE IMMEDIATE 'DROP TABLE ' || name` runs whatever the concatenation produces: a value from a table, a parameter or the data dictionary becomes SQL (injection), and the statement the migration really runs cannot be reviewed, so nothing else of the gate can judge it. Read from the block's tokens (schemagate does not parse PL/SQL): every `EXECUTE IMMEDIATE` whose statement is built with `||`.",
	"help": "Write the statement out when it is fixed; pass values as bind variables (`EXECUTE IMMEDIATE 'DELETE FROM t WHERE id = :1' USING v_id`); where an identifier must vary, check it first with `DBMS_ASSERT.SIMPLE_SQL_NAME` / `DBMS_ASSERT.ENQUOTE_NAME` and waive the finding with the reason: `-- schemagate:ignore ban-execute-immediate-concatenation -- names come from DBMS_ASSERT`.",
	"dialects": ["oracle"],
	"aliases": [],
	"kinds": ["do", "create_procedure", "create_function"],
}

warn contains f if {
	lib.dialect == "oracle"
	some stmt in lib.forward_statements
	stmt.kind in {"do", "create_procedure", "create_function"}
	is_array(stmt.dynamic_sql)
	built := [d.sql | some d in stmt.dynamic_sql; d.concatenated == true]
	count(built) > 0
	msg := sprintf("EXECUTE IMMEDIATE runs a statement built by concatenation (%s)%s: what runs is decided at run time and cannot be reviewed", [built[0], more(count(built))])
	f := lib.finding(meta, stmt, msg)
}

more(1) := ""

more(n) := sprintf(", and %d more in this block", [n - 1]) if n > 1
