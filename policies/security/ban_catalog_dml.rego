package schemagate.rules.ban_catalog_dml

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "ban-catalog-dml",
	"title": "Writing to the system catalogs",
	"severity": "error",
	"category": "security",
	"description": "`INSERT`, `UPDATE`, `DELETE` or `MERGE` on the database's own catalogs (PostgreSQL's `pg_catalog`, MySQL's `mysql` schema, SQL Server's `sys`, Oracle's `SYS`) bypasses every check the server makes on DDL: a wrong value corrupts the catalog, the change is not what the server expects after an upgrade, and it needs superuser.",
	"help": "Use the DDL meant for the change (`ALTER TABLE`, `ALTER TYPE`, `GRANT`, `ALTER USER`) so the server keeps its catalogs consistent; if no DDL exists for it, do not do it in a migration.",
	"dialects": [],
	"aliases": [],
	"kinds": ["insert", "update", "delete", "merge"],
}

catalog_schemas := {
	"postgres": {"pg_catalog", "information_schema"},
	"mysql": {"mysql", "information_schema", "performance_schema", "sys"},
	"mariadb": {"mysql", "information_schema", "performance_schema", "sys"},
	"sqlserver": {"sys", "information_schema"},
	"oracle": {"sys", "system"},
}

# catalogs PostgreSQL finds first whatever the search_path says
pg_catalog_tables := {"pg_class", "pg_attribute", "pg_type", "pg_proc", "pg_namespace", "pg_constraint", "pg_index", "pg_database", "pg_authid", "pg_roles", "pg_trigger", "pg_depend", "pg_description", "pg_extension", "pg_enum", "pg_attrdef", "pg_statistic"}

in_catalog(table) if {
	is_string(table.schema)
	lower(table.schema) in object.get(catalog_schemas, lib.dialect, set())
}

in_catalog(table) if {
	lib.is_postgres
	table.schema == null
	lower(table.name) in pg_catalog_tables
}

deny contains f if {
	some stmt in lib.forward_statements
	stmt.kind in {"insert", "update", "delete", "merge"}
	is_object(stmt.table)
	is_string(stmt.table.name)
	in_catalog(stmt.table)
	msg := sprintf("%s on the system catalog %s bypasses the server's own checks: a wrong value corrupts the catalog", [upper(stmt.kind), lib.table_label(stmt)])
	f := lib.finding(meta, stmt, msg)
}
