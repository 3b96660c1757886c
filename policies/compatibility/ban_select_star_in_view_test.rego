package schemagate.rules.ban_select_star_in_view_test

import data.schemagate.rules.ban_select_star_in_view as rule
import data.schemagate.test.fixtures as fx
import rego.v1

view(index, star) := fx.statement(index, {"kind": "create_view", "object": {"type": "view", "schema": null, "name": "active_orders"}, "or_replace": false, "select_star": star})

test_star_views_warn if {
	insert := fx.statement(2, {"kind": "insert", "select": true, "select_star": true})
	findings := rule.warn with input as fx.pg([view(0, true), view(1, false), insert])
	{[f.at, f.msg] | some f in findings} == {[0, `View "active_orders" is defined with SELECT *: its columns are fixed now, so columns added later are missing from it and dropped ones break it`]}
}
