package schemagate.rules.column_charset_differs_from_table

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "column-charset-differs-from-table",
	"title": "Column character set different from its table's",
	"severity": "warning",
	"category": "integrity",
	"description": "A column declared with its own `CHARACTER SET` (or a `COLLATE` of another character set) than the one its `CREATE TABLE` declares: comparing or joining it with the table's other text columns, or with columns of tables that follow the table default, converts one side on every row — an index on it is then not used — or fails with \"Illegal mix of collations\", and changing it back later copies the table. A `COLLATE` of the same character set (`utf8mb4_bin` in a `utf8mb4` table, for case-sensitive tokens) is fine. Judged where the table's character set is written (`CHARSET`/`COLLATE` table options); `utf8` is read as `utf8mb3`. Bytebase's column.disallow-set-charset.",
	"help": "Leave the column's character set out so it follows the table's, and pick a collation of that character set where another comparison is needed: `token varchar(64) COLLATE utf8mb4_bin` in a `DEFAULT CHARSET=utf8mb4` table. If the whole table needs another character set, set it on the table.",
	"dialects": ["mysql", "mariadb"],
	"aliases": ["bytebase:column.disallow-set-charset"],
	"kinds": ["create_table"],
}

# the character set a charset or collation name belongs to
charset_of(name) := "utf8mb3" if name == "utf8"
else := name if not contains(name, "_")
else := charset_of(split(name, "_")[0])

# what a table or column declares: its charset, else its collation's
declared(obj) := charset_of(obj.charset) if is_string(obj.charset)
else := charset_of(obj.collation) if is_string(obj.collation)

warn contains f if {
	lib.is_mysql
	some stmt in lib.forward_statements
	stmt.kind == "create_table"
	table := declared(stmt)
	is_array(stmt.columns)
	some col in stmt.columns
	is_object(col)
	own := declared(col)
	own != table
	msg := sprintf(`Column "%s" of "%s" is %s, the table is %s: comparisons and joins with the table's other text columns convert every row (no index is used) or fail with "Illegal mix of collations"`, [col.name, lib.name_of(stmt.object), own, table])
	f := lib.finding(meta, stmt, msg)
}
