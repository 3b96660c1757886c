package schemagate.rules.statement_not_analyzed

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "statement-not-analyzed",
	"title": "Statement that could not be analyzed",
	"severity": "error",
	"category": "hygiene",
	"description": "schemagate never passes what it could not analyze: when a statement cannot be parsed (and its leading words do not tell everything it does, as they do for `REINDEX`), or is a `DO` block whose body is procedural code, no rule can judge what it does, so a destructive or locking change could slip through. The finding names the statement kind (from its leading words) and the parser's message.",
	"help": "Check the statement for a syntax error or a dialect mismatch (`--dialect`). If it is valid SQL that the parser does not support yet and it has been reviewed by hand, lower the rule in a `--config` file: `rules: {statement-not-analyzed: {severity: warning}}`.",
	"dialects": [],
	"facts": ["not_analyzed"],
}

deny contains f if {
	some stmt in lib.forward_statements
	stmt.analyzed == false
	not stmt.syntax_error == true
	msg := sprintf("Could not analyze this %s statement, so no rule could check it: %s", [kind_label(stmt), reason(stmt)])
	f := lib.finding(meta, stmt, msg)
}

kind_label(stmt) := lib.kind_words(stmt.kind) if not stmt.kind in {"unknown", "other"}
else := upper(word) if {
	is_string(stmt.sql)
	words := regex.find_n(`[A-Za-z_]+`, stmt.sql, 1)
	count(words) == 1
	word := words[0]
} else := "unrecognised"

reason(stmt) := stmt.parse_error if is_string(stmt.parse_error)
else := "its body is procedural code (conditions, loops, variables) the gate does not read; a body of plain statements between BEGIN and END is checked statement by statement" if {
	stmt.kind == "do"
	stmt.body_parsed == false
} else := "the parser gave no reason"
