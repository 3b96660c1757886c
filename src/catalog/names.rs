//! Names compared the way each database compares them.
//!
//! PostgreSQL (and CockroachDB) lower-case unquoted names and keep quoted
//! ones exact; Oracle, Db2, H2 and Snowflake upper-case unquoted names.
//! MySQL/MariaDB compare column and index names without case, and table
//! names too on case-insensitive file systems or with
//! `lower_case_table_names` ≥ 1 (we assume that: it is the safe side for a
//! "does not exist" finding); SQL Server and SQLite compare without case
//! by default; Redshift folds even quoted names unless told otherwise. For
//! a target we know nothing of (generic), only identical text is the same.

use crate::dialect::Dialect;

/// How a dialect folds identifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Folding {
    /// Unquoted names lower-cased, quoted exact.
    Lower,
    /// Unquoted names upper-cased, quoted exact.
    Upper,
    /// Case never matters.
    Insensitive,
    /// Not known for this target: only the same text is the same name.
    #[default]
    Exact,
}

impl Folding {
    pub(crate) fn of(dialect: Dialect) -> Folding {
        match dialect {
            Dialect::Postgres | Dialect::Cockroachdb | Dialect::Duckdb => Folding::Lower,
            Dialect::Oracle | Dialect::Db2 | Dialect::H2 | Dialect::Snowflake => Folding::Upper,
            Dialect::Mysql
            | Dialect::Mariadb
            | Dialect::Sqlserver
            | Dialect::Sqlite
            | Dialect::Redshift
            | Dialect::Hive
            | Dialect::Databricks => Folding::Insensitive,
            // Generic, ANSI, BigQuery and ClickHouse (case-sensitive table
            // names): claim a clash only for the same text.
            _ => Folding::Exact,
        }
    }

    /// The name as the database stores it (for `Insensitive`, lower case).
    pub(crate) fn key(self, name: &str, quoted: bool) -> String {
        match (self, quoted) {
            (Folding::Lower, true) | (Folding::Upper, true) => name.to_string(),
            (Folding::Lower, false) => name.to_ascii_lowercase(),
            (Folding::Upper, false) => name.to_ascii_uppercase(),
            (Folding::Insensitive, _) => name.to_lowercase(),
            (Folding::Exact, _) => name.to_string(),
        }
    }

    /// Certainly the same name: the same [`Folding::key`], compared without
    /// building the keys (the replay compares names at every statement).
    pub(crate) fn same(self, a: &str, a_quoted: bool, b: &str, b_quoted: bool) -> bool {
        // ASCII case folding keeps every byte's place, and leaves the bytes
        // of other characters as they are
        let fold = |byte: u8, quoted: bool| match (self, quoted) {
            (Folding::Lower, false) => byte.to_ascii_lowercase(),
            (Folding::Upper, false) => byte.to_ascii_uppercase(),
            _ => byte,
        };
        match self {
            Folding::Exact => a == b,
            Folding::Insensitive => maybe_same(a, b),
            Folding::Lower | Folding::Upper => {
                a.len() == b.len()
                    && a.bytes()
                        .zip(b.bytes())
                        .all(|(x, y)| fold(x, a_quoted) == fold(y, b_quoted))
            }
        }
    }
}

/// Possibly the same name, whatever the quoting (used before saying that
/// something does not exist: a wider match means fewer claims).
pub(crate) fn maybe_same(a: &str, b: &str) -> bool {
    // for ASCII text, ignoring ASCII case is all of lower-casing: only other
    // text needs the lower-cased copies
    a.eq_ignore_ascii_case(b)
        || (!(a.is_ascii() && b.is_ascii()) && a.to_lowercase() == b.to_lowercase())
}

/// Certainly the same schema: both unqualified, or both qualified alike.
/// (An unqualified name resolves through the search path, so it is never
/// certainly the same as a qualified one.) Schema quoting is not recorded:
/// schemas compare without case.
pub(crate) fn same_schema(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(x), Some(y)) => maybe_same(x, y),
        _ => false,
    }
}

/// Possibly the same schema: either is unqualified, or they match.
pub(crate) fn maybe_same_schema(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (Some(x), Some(y)) => maybe_same(x, y),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postgres_folds_unquoted_names_to_lower_case_and_keeps_quoted_ones() {
        let f = Folding::of(Dialect::Postgres);
        assert!(f.same("Orders", false, "orders", false));
        assert!(f.same("Orders", false, "orders", true));
        assert!(!f.same("Orders", true, "orders", false));
    }

    #[test]
    fn oracle_folds_unquoted_names_to_upper_case() {
        let f = Folding::of(Dialect::Oracle);
        assert!(f.same("orders", false, "ORDERS", true));
        assert!(!f.same("orders", true, "orders", false));
    }

    #[test]
    fn mysql_ignores_case_even_when_quoted() {
        let f = Folding::of(Dialect::Mysql);
        assert!(f.same("Orders", true, "orders", false));
    }

    #[test]
    fn unqualified_and_qualified_names_are_only_maybe_the_same() {
        assert!(!same_schema(None, Some("public")));
        assert!(maybe_same_schema(None, Some("public")));
        assert!(same_schema(Some("Public"), Some("public")));
    }

    #[test]
    fn names_compare_as_their_keys_do() {
        let names = [
            "orders", "Orders", "ORDERS", "order", "ordersx", "Ärger", "ärger", "ÄRGER", "İd",
            "i̇d", "ID", "id", "ΣΑΣ", "σας", "Straße", "STRASSE", "", "a\u{0}", "café", "CAFÉ",
        ];
        let foldings = [
            Folding::Lower,
            Folding::Upper,
            Folding::Insensitive,
            Folding::Exact,
        ];
        for f in foldings {
            for a in names {
                for b in names {
                    for (aq, bq) in [(false, false), (false, true), (true, false), (true, true)] {
                        assert_eq!(
                            f.same(a, aq, b, bq),
                            f.key(a, aq) == f.key(b, bq),
                            "{f:?} {a:?} {aq} {b:?} {bq}"
                        );
                    }
                }
                assert!(maybe_same(a, a));
                for b in names {
                    assert_eq!(
                        maybe_same(a, b),
                        a.to_lowercase() == b.to_lowercase(),
                        "{a:?} {b:?}"
                    );
                }
            }
        }
    }
}
