package db_sql

six := ["SELECT 1", "SELECT 2", "SELECT 3", "SELECT 4", "SELECT 5", "SELECT 6"]

test_six_statements_too_many_on_prod {
	deny["Large transaction: 6 statements for orders-db, at most 5 allowed."] with input as {
		"dbInstance": {"type": "jdbc:postgresql", "name": "orders-db", "tags": {"env": "prod"}},
		"dbSchema": {"name": "app"},
		"sqlStatements": six,
	}
}

test_six_statements_fine_on_dev {
	count(deny) == 0 with input as {
		"dbInstance": {"type": "jdbc:postgresql", "name": "orders-db", "tags": {"env": "dev"}},
		"dbSchema": {"name": "app"},
		"sqlStatements": six,
	}
}
