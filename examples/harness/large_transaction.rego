# A deployment of many statements is a large transaction: at most 5 on
# instances tagged env=prod, 20 elsewhere.
package db_sql

default max_statements = 20

max_statements = 5 {
	input.dbInstance.tags.env == "prod"
}

deny[msg] {
	n := count(input.sqlStatements)
	n > max_statements
	msg := sprintf("Large transaction: %d statements for %s, at most %d allowed.", [n, input.dbInstance.name, max_statements])
}
