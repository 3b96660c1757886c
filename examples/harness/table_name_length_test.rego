package db_sql

test_long_table_name_denied_on_oracle {
	deny["Table name customer_order_line_items_archive is 33 characters long: jdbc:oracle:thin allows at most 30."] with input as {
		"dbInstance": {"type": "jdbc:oracle:thin", "name": "ora", "tags": {}},
		"dbSchema": {"name": "sales"},
		"sqlStatements": ["CREATE TABLE customer_order_line_items_archive (id number)"],
	}
}

test_same_name_fits_postgres {
	count(deny) == 0 with input as {
		"dbInstance": {"type": "jdbc:postgresql", "name": "pg", "tags": {}},
		"dbSchema": {"name": "sales"},
		"sqlStatements": ["CREATE TABLE IF NOT EXISTS sales.customer_order_line_items_archive (id int)"],
	}
}
