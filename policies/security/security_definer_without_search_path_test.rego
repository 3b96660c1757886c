package schemagate.rules.security_definer_without_search_path_test

import data.schemagate.rules.security_definer_without_search_path as rule
import data.schemagate.test.fixtures as fx
import rego.v1

fn(index, definer, path) := fx.statement(index, {"kind": "create_function", "object": {"type": "function", "schema": "app", "name": "touch"}, "security_definer": definer, "sets_search_path": path, "or_replace": false, "language": "plpgsql"})

test_definer_without_search_path_is_denied if {
	findings := rule.deny with input as fx.pg([fn(0, true, false), fn(1, true, true), fn(2, false, false)])
	{[f.at, f.msg] | some f in findings} == {[0, `Function "app.touch" is SECURITY DEFINER without SET search_path: a caller who can create objects earlier in its search_path runs them with the owner's privileges`]}
}
