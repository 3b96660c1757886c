//! Table sizes from a snapshot (`--stats FILE`, or `stats:` in
//! schemagate.yaml), so that impact can say on how many rows a lock or a
//! rewrite falls.
//!
//! The file is YAML or JSON:
//!
//! ```yaml
//! server_version: "16.2"
//! tables:
//!   public.orders: {rows: 1200000, bytes: 524288000, indexes_bytes: 104857600,
//!                   columns: {status: {null_fraction: 0.02, distinct: 5}}}
//! ```
//!
//! Keys are `schema.table` or `table`, as the database stores the names
//! (PostgreSQL's lower case for unquoted names). A table the snapshot does
//! not list has an unknown size — never zero.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::catalog::TableState;
use crate::dialect::{DbVersion, Dialect};
use crate::error::Problem;

/// The file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StatsFile {
    server_version: Option<String>,
    #[serde(default)]
    tables: BTreeMap<String, TableStats>,
}

/// What the snapshot says of one table.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct TableStats {
    pub rows: Option<u64>,
    pub bytes: Option<u64>,
    pub indexes_bytes: Option<u64>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub columns: BTreeMap<String, ColumnStats>,
}

/// What the snapshot says of one column (PostgreSQL's `pg_stats`).
#[derive(Debug, Clone, Default, PartialEq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnStats {
    /// Share of rows where the column is null, 0 to 1.
    pub null_fraction: Option<f64>,
    /// Distinct values: a count, or (as `pg_stats.n_distinct`) minus the
    /// share of rows when negative.
    pub distinct: Option<f64>,
}

/// A loaded snapshot.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    pub file: PathBuf,
    pub server_version: Option<DbVersion>,
    tables: Vec<(Option<String>, String, TableStats)>,
}

impl Stats {
    /// Reads `path`. Problems name the file, line and column.
    pub fn load(path: &Path) -> Result<Stats, Problem> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            Problem::at_path(
                path,
                0,
                0,
                format!("cannot read stats file `{}`: {e}", path.display()),
            )
        })?;
        let file: StatsFile = serde_saphyr::from_str(&text).map_err(|e| {
            let (line, column) = e
                .location()
                .map_or((0, 0), |l| (l.line() as usize, l.column() as usize));
            let msg = e.without_snippet().to_string();
            let first = msg.lines().next().unwrap_or_default();
            let first = first.split(" at line ").next().unwrap_or(first);
            Problem::at_path(path, line, column, format!("invalid stats file: {first}"))
        })?;
        let server_version = match &file.server_version {
            Some(text) => Some(leading_version(text).ok_or_else(|| {
                Problem::at_path(
                    path,
                    0,
                    0,
                    format!(
                        "invalid stats file: server_version `{text}` is not a version such as 16.2 or 8.0.32"
                    ),
                )
            })?),
            None => None,
        };
        for (key, table) in &file.tables {
            for (column, c) in &table.columns {
                if c.null_fraction.is_some_and(|f| !(0.0..=1.0).contains(&f)) {
                    return Err(Problem::at_path(
                        path,
                        0,
                        0,
                        format!(
                            "invalid stats file: tables.{key}.columns.{column}.null_fraction must be between 0 and 1"
                        ),
                    ));
                }
            }
        }
        let tables = file
            .tables
            .into_iter()
            .map(|(key, table)| match key.split_once('.') {
                Some((schema, name)) => (Some(schema.to_string()), name.to_string(), table),
                None => (None, key, table),
            })
            .collect();
        Ok(Stats {
            file: path.to_path_buf(),
            server_version,
            tables,
        })
    }

    /// The size of `table` as `dialect` names it, or `None` when the
    /// snapshot does not know it (or knows several tables it could be).
    pub fn table(&self, table: &TableState, dialect: Dialect) -> Option<&TableStats> {
        let same = |stored: &str, written: &str| same_name(stored, written, dialect);
        let named: Vec<_> = self
            .tables
            .iter()
            .filter(|(_, name, _)| same(name, &table.name))
            .collect();
        let found: Vec<_> = match &table.schema {
            Some(schema) => named
                .into_iter()
                .filter(|(s, _, _)| s.as_deref().is_none_or(|s| same(s, schema)))
                .collect(),
            None => {
                // Unqualified: the key without a schema, else the default
                // schema's, else the only table of that name.
                let default = default_schema(dialect);
                let bare: Vec<_> = named.iter().filter(|(s, _, _)| s.is_none()).collect();
                let in_default: Vec<_> = named
                    .iter()
                    .filter(|(s, _, _)| default.is_some() && s.as_deref() == default)
                    .collect();
                if !bare.is_empty() {
                    bare.into_iter().copied().collect()
                } else if !in_default.is_empty() {
                    in_default.into_iter().copied().collect()
                } else {
                    named
                }
            }
        };
        match found.as_slice() {
            [(_, _, stats)] => Some(stats),
            _ => None,
        }
    }
}

/// A name stored by the database against one written in a statement: the
/// written name matches as it is (quoted) or as the dialect folds it
/// unquoted.
fn same_name(stored: &str, written: &str, dialect: Dialect) -> bool {
    use crate::catalog::Folding;
    let folding = Folding::of(dialect);
    stored == written
        || stored == folding.key(written, false)
        || (folding == Folding::Insensitive && stored.to_lowercase() == written.to_lowercase())
}

fn default_schema(dialect: Dialect) -> Option<&'static str> {
    match dialect {
        Dialect::Postgres | Dialect::Cockroachdb | Dialect::Redshift | Dialect::Duckdb => {
            Some("public")
        }
        Dialect::Sqlserver => Some("dbo"),
        _ => None,
    }
}

/// `16.2`, `8.0.32-log`, `PostgreSQL 16.2 on x86_64…`: the first run of
/// digits and dots.
fn leading_version(text: &str) -> Option<DbVersion> {
    let start = text.find(|c: char| c.is_ascii_digit())?;
    let rest = &text[start..];
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(rest.len());
    rest[..end].trim_end_matches('.').parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(schema: Option<&str>, name: &str) -> TableState {
        TableState {
            schema: schema.map(str::to_string),
            name: name.to_string(),
            ..TableState::default()
        }
    }

    fn stats(yaml: &str) -> Result<Stats, Problem> {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("stats.yaml");
        std::fs::write(&path, yaml).expect("write");
        Stats::load(&path)
    }

    #[test]
    fn names_match_as_the_dialect_folds_them() {
        let s = stats(
            "server_version: PostgreSQL 16.2 on x86_64\ntables:\n  public.orders: {rows: 10}\n  audit.orders: {rows: 20}\n  Mixed: {rows: 30}\n",
        )
        .expect("loads");
        assert_eq!(s.server_version, Some(DbVersion(vec![16, 2])));
        let pg = Dialect::Postgres;
        let rows = |t: TableState| s.table(&t, pg).and_then(|t| t.rows);
        assert_eq!(rows(table(None, "ORDERS")), Some(10), "unqualified: public");
        assert_eq!(rows(table(Some("audit"), "Orders")), Some(20));
        assert_eq!(rows(table(Some("sales"), "orders")), None);
        assert_eq!(rows(table(None, "Mixed")), Some(30), "quoted, exact");
        assert_eq!(rows(table(None, "customers")), None, "unknown, not zero");
    }

    #[test]
    fn several_candidates_are_unknown() {
        let s = stats("tables:\n  a.t: {rows: 1}\n  b.t: {rows: 2}\n").expect("loads");
        assert_eq!(s.table(&table(None, "t"), Dialect::Mysql), None);
        assert_eq!(
            s.table(&table(Some("B"), "T"), Dialect::Mysql)
                .and_then(|t| t.rows),
            Some(2)
        );
    }

    #[test]
    fn mistakes_are_errors_at_their_line() {
        let e = stats("tables:\n  orders: {rows: 10, byts: 3}\n").expect_err("unknown key");
        assert!(e.message.contains("byts"), "{}", e.message);
        let e = stats("tables:\n  orders: {rows: many}\n").expect_err("not a number");
        assert!(e.message.starts_with("invalid stats file"), "{}", e.message);
        let e = stats("tables:\n  t: {columns: {c: {null_fraction: 2}}}\n").expect_err("range");
        assert!(e.message.contains("null_fraction"), "{}", e.message);
        let e = stats("server_version: latest\n").expect_err("version");
        assert!(e.message.contains("server_version"), "{}", e.message);
    }
}
