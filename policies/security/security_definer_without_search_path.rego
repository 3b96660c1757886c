package schemagate.rules.security_definer_without_search_path

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "security-definer-without-search-path",
	"title": "SECURITY DEFINER function without a fixed search_path",
	"severity": "error",
	"category": "security",
	"description": "A `SECURITY DEFINER` function runs with its owner's privileges. Without `SET search_path` on the function, the names in its body are looked up in the caller's search_path: a caller who can create objects in a schema that comes earlier (or in `pg_temp`) makes the function call their own operator, function or table, with the owner's rights. The PostgreSQL manual's \"Writing SECURITY DEFINER Functions Safely\" asks for a fixed search_path.",
	"help": "Fix the search_path on the function, trusted schemas only and `pg_temp` last: `CREATE FUNCTION app.touch() … SECURITY DEFINER SET search_path = app, pg_temp AS $$ … $$;` (or schema-qualify every name and `SET search_path = ''`).",
	"dialects": ["postgres"],
	"aliases": [],
	"kinds": ["create_function"],
}

deny contains f if {
	lib.is_postgres
	some stmt in lib.forward_statements
	stmt.kind == "create_function"
	stmt.security_definer == true
	stmt.sets_search_path == false
	msg := sprintf(`Function "%s" is SECURITY DEFINER without SET search_path: a caller who can create objects earlier in its search_path runs them with the owner's privileges`, [lib.name_of(stmt.object)])
	f := lib.finding(meta, stmt, msg)
}
