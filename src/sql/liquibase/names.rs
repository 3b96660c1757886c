//! When Liquibase quotes an object name (its default LEGACY strategy): a
//! reserved word, a name that is not a plain identifier, and on PostgreSQL a
//! name with upper-case letters (which PostgreSQL would otherwise fold).

use super::Db;

/// Words every family reserves (the SQL-92 core Liquibase's lists share).
const RESERVED: &[&str] = &[
    "add",
    "all",
    "alter",
    "and",
    "any",
    "as",
    "asc",
    "between",
    "by",
    "case",
    "check",
    "column",
    "constraint",
    "create",
    "cross",
    "current_date",
    "current_time",
    "current_timestamp",
    "current_user",
    "default",
    "delete",
    "desc",
    "distinct",
    "drop",
    "else",
    "end",
    "except",
    "exists",
    "false",
    "fetch",
    "for",
    "foreign",
    "from",
    "full",
    "grant",
    "group",
    "having",
    "in",
    "inner",
    "insert",
    "intersect",
    "into",
    "is",
    "join",
    "left",
    "like",
    "natural",
    "not",
    "null",
    "on",
    "or",
    "order",
    "outer",
    "primary",
    "references",
    "right",
    "select",
    "session_user",
    "set",
    "some",
    "table",
    "then",
    "to",
    "true",
    "union",
    "unique",
    "update",
    "user",
    "using",
    "values",
    "when",
    "where",
    "with",
];

/// Extra words each family reserves that users commonly pick as names.
fn reserved_extra(db: Db) -> &'static [&'static str] {
    match db {
        // PostgreSQL's "reserved" and "reserved (can be function or type)"
        // keywords, the list PostgresDatabase quotes.
        Db::Postgres => &[
            "analyse",
            "analyze",
            "array",
            "asymmetric",
            "authorization",
            "binary",
            "both",
            "cast",
            "collate",
            "collation",
            "concurrently",
            "current_catalog",
            "current_role",
            "current_schema",
            "deferrable",
            "do",
            "freeze",
            "ilike",
            "initially",
            "isnull",
            "lateral",
            "leading",
            "limit",
            "localtime",
            "localtimestamp",
            "notnull",
            "offset",
            "only",
            "overlaps",
            "placing",
            "returning",
            "similar",
            "symmetric",
            "tablesample",
            "trailing",
            "variadic",
            "verbose",
            "window",
        ],
        Db::Mysql => &[
            "key",
            "keys",
            "index",
            "interval",
            "limit",
            "range",
            "rank",
            "read",
            "condition",
            "div",
            "usage",
        ],
        Db::Mssql => &[
            "index", "key", "identity", "percent", "plan", "rule", "top", "view",
        ],
        Db::Oracle => &[
            "index", "level", "number", "size", "start", "uid", "rowid", "comment",
        ],
        Db::Sqlite | Db::H2 | Db::Other => &["index", "limit", "offset"],
    }
}

/// Words of the shared list PostgreSQL does not reserve (it lets them be
/// names unquoted, and Liquibase's PostgreSQL list leaves them out).
const NOT_RESERVED_IN_POSTGRES: &[&str] = &[
    "add", "alter", "between", "by", "delete", "drop", "exists", "insert", "set", "update",
    "values",
];

fn is_reserved(db: Db, name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let lower = lower.as_str();
    if db == Db::Postgres && NOT_RESERVED_IN_POSTGRES.contains(&lower) {
        return false;
    }
    RESERVED.contains(&lower) || reserved_extra(db).contains(&lower)
}

/// The words Liquibase's MariaDBDatabase reserves on top of MySQL's
/// (4.28: `PERIOD`, of system-versioned tables).
pub(crate) fn reserved_by_mariadb(name: &str) -> bool {
    name.eq_ignore_ascii_case("period")
}

fn is_plain(name: &str) -> bool {
    let mut chars = name.chars();
    match chars.next() {
        Some(c) if c.is_ascii_alphabetic() || c == '_' => {}
        _ => return false,
    }
    chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
}

/// The name as Liquibase writes it into SQL for `db`.
pub(crate) fn escape(db: Db, name: &str) -> String {
    let has_upper = name.chars().any(|c| c.is_ascii_uppercase());
    let has_lower = name.chars().any(|c| c.is_ascii_lowercase());
    let must =
        !is_plain(name) || is_reserved(db, name) || (db == Db::Postgres && has_upper && has_lower);
    if !must {
        return name.to_string();
    }
    match db {
        Db::Mysql => format!("`{}`", name.replace('`', "``")),
        Db::Mssql => format!("[{}]", name.replace(']', "]]")),
        _ => format!("\"{}\"", name.replace('"', "\"\"")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_only_what_the_database_would_misread() {
        assert_eq!(escape(Db::Postgres, "person"), "person");
        assert_eq!(escape(Db::Postgres, "fileName"), "\"fileName\"");
        assert_eq!(escape(Db::Postgres, "PERSON_PKEY"), "PERSON_PKEY");
        assert_eq!(escape(Db::Mysql, "fileName"), "fileName");
        assert_eq!(escape(Db::Mysql, "key"), "`key`");
        assert_eq!(escape(Db::Postgres, "key"), "key");
        assert_eq!(escape(Db::Postgres, "values"), "values");
        assert_eq!(escape(Db::Mysql, "values"), "`values`");
        assert_eq!(escape(Db::Postgres, "window"), "\"window\"");
        assert_eq!(escape(Db::Mssql, "my table"), "[my table]");
        assert_eq!(escape(Db::Oracle, "user"), "\"user\"");
        assert_eq!(escape(Db::H2, "1st"), "\"1st\"");
    }
}
