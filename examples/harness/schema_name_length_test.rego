package db_sql

test_long_created_schema_denied {
	deny["Schema name reporting_and_analytics_warehouse is longer than 30 characters."] with input as {
		"dbInstance": {"type": "jdbc:postgresql", "name": "pg", "tags": {}},
		"dbSchema": {"name": "app"},
		"sqlStatements": ["CREATE SCHEMA reporting_and_analytics_warehouse"],
	}
}

test_long_db_schema_denied {
	deny["DB schema name customer_relationship_management_core is longer than 30 characters."] with input as {
		"dbInstance": {"type": "jdbc:postgresql", "name": "pg", "tags": {}},
		"dbSchema": {"name": "customer_relationship_management_core"},
		"sqlStatements": [],
	}
}

test_short_schema_allowed {
	count(deny) == 0 with input as {
		"dbInstance": {"type": "jdbc:postgresql", "name": "pg", "tags": {}},
		"dbSchema": {"name": "app"},
		"sqlStatements": ["CREATE SCHEMA IF NOT EXISTS audit"],
	}
}
