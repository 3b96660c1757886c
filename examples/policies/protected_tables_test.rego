package team.protected_tables_test

import rego.v1

import data.team.protected_tables

test_drop_of_protected_table_is_denied if {
	result := protected_tables.deny with input as {"statements": [{
		"index": 0, "phase": "forward", "kind": "drop_table",
		"names": [{"type": "table", "schema": null, "name": "Orders"}],
	}]}
	count(result) == 1
	some f in result
	f.rule == "team-protected-table"
	f.at == 0
}

test_other_tables_pass if {
	result := protected_tables.deny with input as {"statements": [{
		"index": 0, "phase": "forward", "kind": "drop_table",
		"names": [{"type": "table", "schema": null, "name": "scratch"}],
	}]}
	count(result) == 0
}
