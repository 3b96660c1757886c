# Harness Database DevOps's "restrict DROP TABLE" policy, written as Harness
# users write it (Rego v0, package db_sql, deny[msg]): one entry per
# policy, each rule a list of JDBC types and the regexes they forbid.
package db_sql

drop_table_policies := [
	{
		"error_message": "Dropping of table is not allowed.",
		"rules": [
			{
				"types": ["jdbc:sqlserver", "jdbc:mysql", "jdbc:postgresql", "jdbc:oracle:thin"],
				"regex": [`drop\s+table`],
			},
		],
	},
]

deny[msg] {
	some i, j, k, l
	policy := drop_table_policies[i]
	type := input.dbInstance.type
	rule := policy.rules[j]
	type = rule.types[_]
	regex.match(lower(concat("", [".*", rule.regex[k], ".*"])), lower(input.sqlStatements[l]))
	msg := concat("", [policy.error_message, " Statement: ", input.sqlStatements[l], " matches: ", rule.regex[k]])
}
