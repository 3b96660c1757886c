package db_sql

test_pg_catalog_select_denied {
	count(deny) == 1 with input as {
		"dbInstance": {"type": "jdbc:postgresql", "name": "pg", "tags": {}},
		"dbSchema": {"name": "app"},
		"sqlStatements": ["SELECT relname FROM pg_catalog.pg_class", "SELECT 1"],
	}
}

test_sys_select_denied_on_sqlserver {
	count(deny) == 1 with input as {
		"dbInstance": {"type": "jdbc:sqlserver", "name": "mssql", "tags": {}},
		"dbSchema": {"name": "app"},
		"sqlStatements": ["select name from sys.tables"],
	}
}

test_user_tables_allowed {
	count(deny) == 0 with input as {
		"dbInstance": {"type": "jdbc:postgresql", "name": "pg", "tags": {}},
		"dbSchema": {"name": "app"},
		"sqlStatements": ["SELECT id FROM orders"],
	}
}
