//! `ban-drop-schema` (`policies/destructive/ban_drop_schema.rego`, `deny`).

use crate::policy::engine::RawFinding;
use crate::policy::native::lib::{finding, names_of, quoted_names};
use crate::policy::native::value::{get, is, is_true};
use crate::policy::native::{Doc, Meta};

pub(super) fn deny(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    doc.forward()
        .iter()
        .filter(|stmt| is(get!(stmt, "kind"), "drop_schema"))
        .filter_map(|stmt| {
            let consequence = if doc.is_mysql() {
                "drops the whole database with all its tables and data (in MySQL a schema is a database)"
            } else if is_true(get!(stmt, "cascade")) {
                "with CASCADE drops every table, view and function in it, with all their data"
            } else {
                "removes a namespace that code and grants refer to by name"
            };
            let msg = format!(
                "Dropping schema {} {consequence}",
                quoted_names(names_of(stmt))
            );
            finding(meta, stmt, msg)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect;
    use crate::policy::native::testing::same_findings;

    fn found(dialect: Dialect, sql: &str) -> Vec<String> {
        same_findings(dialect, sql, serde_json::json!({}))
            .into_iter()
            .filter(|f| f.starts_with("ban-drop-schema "))
            .collect()
    }

    #[test]
    fn postgres_with_and_without_cascade() {
        assert_eq!(
            found(
                Dialect::Postgres,
                "DROP SCHEMA a;\nDROP SCHEMA b, c CASCADE;\n"
            ),
            [
                "ban-drop-schema error 1 Dropping schema \"a\" removes a namespace that code and grants refer to by name",
                "ban-drop-schema error 2 Dropping schema \"b\", \"c\" with CASCADE drops every table, view and function in it, with all their data",
            ]
        );
    }

    #[test]
    fn mysql_schema_is_a_database() {
        assert_eq!(
            found(Dialect::Mysql, "DROP SCHEMA shop;\n"),
            [
                "ban-drop-schema error 1 Dropping schema \"shop\" drops the whole database with all its tables and data (in MySQL a schema is a database)"
            ]
        );
    }
}
