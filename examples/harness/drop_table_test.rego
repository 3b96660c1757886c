package db_sql

test_drop_table_denied_on_postgres {
	count(deny) == 1 with input as {
		"dbInstance": {"type": "jdbc:postgresql", "name": "orders-db", "tags": {"env": "prod"}},
		"dbSchema": {"name": "orders"},
		"sqlStatements": ["CREATE TABLE a (id int)", "DROP TABLE old_orders"],
	}
}

test_drop_table_allowed_on_other_engines {
	count(deny) == 0 with input as {
		"dbInstance": {"type": "jdbc:sqlite", "name": "local", "tags": {}},
		"dbSchema": {"name": "orders"},
		"sqlStatements": ["DROP TABLE old_orders"],
	}
}

test_drop_column_is_not_drop_table {
	count(deny) == 0 with input as {
		"dbInstance": {"type": "jdbc:mysql", "name": "m", "tags": {}},
		"dbSchema": {"name": "s"},
		"sqlStatements": ["ALTER TABLE t DROP COLUMN c"],
	}
}
