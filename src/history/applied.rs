//! `--applied FILE`: an export of Liquibase's DATABASECHANGELOG or Flyway's
//! flyway_schema_history, read into typed rows. Which table it is is told
//! from its columns (names compared case-insensitively: Oracle and H2
//! upper-case them). What the rows say about a changelog: `classify`
//! (in `applied/classify.rs`).

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::export::{self, Cell, Table};
use crate::error::Problem;

mod classify;

pub use classify::classify;

/// An export of the migration tool's history table.
#[derive(Debug, Clone, Serialize)]
pub struct AppliedTable {
    /// The file it was read from.
    pub file: PathBuf,
    pub rows: AppliedRows,
}

/// The rows, by the tool whose table they are.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "snake_case", tag = "tool", content = "rows")]
pub enum AppliedRows {
    Liquibase(Vec<LiquibaseRow>),
    Flyway(Vec<FlywayRow>),
    /// A JSON export of no rows (`json_agg` gives `null`): nothing ran,
    /// and which tool it was cannot be told.
    Empty,
}

/// One row of DATABASECHANGELOG.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LiquibaseRow {
    pub id: String,
    pub author: String,
    /// The changelog path as Liquibase recorded it.
    pub filename: String,
    pub order_executed: Option<i64>,
    /// `EXECUTED`, `MARK_RAN`, `RERAN`, …
    pub exectype: Option<String>,
    /// `9:<md5>` (or an older version's, or NULL after `clear-checksums`).
    pub md5sum: Option<String>,
    /// 1-based line of the row in the export.
    pub line: usize,
}

/// One row of flyway_schema_history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FlywayRow {
    pub installed_rank: Option<i64>,
    /// `None` for repeatable migrations.
    pub version: Option<String>,
    pub description: String,
    /// `SQL`, `JDBC`, `BASELINE`, `SCHEMA`, `DELETE`, `UNDO_SQL`, …
    pub kind: String,
    pub script: String,
    pub checksum: Option<i32>,
    pub success: bool,
    pub line: usize,
}

const LIQUIBASE_COLUMNS: &[&str] = &[
    "id",
    "author",
    "filename",
    "dateexecuted",
    "orderexecuted",
    "exectype",
    "md5sum",
    "description",
    "comments",
    "tag",
    "liquibase",
    "contexts",
    "labels",
    "deployment_id",
];
const LIQUIBASE_REQUIRED: &[&str] = &["id", "author", "filename"];
const FLYWAY_COLUMNS: &[&str] = &[
    "installed_rank",
    "version",
    "description",
    "type",
    "script",
    "checksum",
    "installed_by",
    "installed_on",
    "execution_time",
    "success",
];
const FLYWAY_REQUIRED: &[&str] = &[
    "version",
    "description",
    "type",
    "script",
    "checksum",
    "success",
];

/// Reads an export of DATABASECHANGELOG or flyway_schema_history: CSV with
/// a header (`psql --csv -c 'select * from databasechangelog'`), TSV with
/// a header and `NULL` (`mysql --batch -e 'select …'`), or a JSON array of
/// row objects (`psql -At -c 'select json_agg(t) from databasechangelog t'`).
/// Bad input is a problem at its file, line and column.
pub fn read(path: &Path) -> Result<AppliedTable, Problem> {
    read_within(path, crate::limits::DEFAULT_MAX_FILE_BYTES)
}

/// [`read`], refusing an export larger than `max` bytes.
pub fn read_within(path: &Path, max: u64) -> Result<AppliedTable, Problem> {
    let bytes = crate::limits::read_limited(path, max)
        .map_err(|e| Problem::at_path(path, 0, 0, format!("cannot read the export: {e}")))?;
    let text = String::from_utf8(bytes)
        .map_err(|e| Problem::at_path(path, 0, 0, format!("the export is not UTF-8: {e}")))?;
    parse(path, &text)
}

/// [`read`] over text already in memory.
pub fn parse(path: &Path, text: &str) -> Result<AppliedTable, Problem> {
    let table = export::read(path, text)?;
    let rows = if table.columns.is_empty() {
        AppliedRows::Empty
    } else {
        let names: Vec<String> = table
            .columns
            .iter()
            .map(|c| c.value.clone().unwrap_or_default().to_ascii_lowercase())
            .collect();
        if names.iter().any(|n| n == "md5sum" || n == "orderexecuted")
            || names.first().is_some_and(|n| n == "id")
        {
            AppliedRows::Liquibase(liquibase_rows(path, &table, &names)?)
        } else if names.iter().any(|n| n == "installed_rank" || n == "script") {
            AppliedRows::Flyway(flyway_rows(path, &table, &names)?)
        } else {
            let at = &table.columns[0];
            return Err(Problem::at_path(
                path,
                at.line,
                at.column,
                "not an export of DATABASECHANGELOG (ID, AUTHOR, FILENAME, MD5SUM, …) or flyway_schema_history (installed_rank, version, script, checksum, success, …)",
            ));
        }
    };
    Ok(AppliedTable {
        file: path.to_path_buf(),
        rows,
    })
}

/// Checks the header against the table's columns; the index of each known
/// column.
fn columns(
    path: &Path,
    table: &Table,
    names: &[String],
    known: &[&str],
    required: &[&str],
    what: &str,
) -> Result<Vec<Option<usize>>, Problem> {
    for (cell, name) in table.columns.iter().zip(names) {
        if !known.contains(&name.as_str()) {
            return Err(Problem::at_path(
                path,
                cell.line,
                cell.column,
                format!(
                    "unknown column `{}` in an export of {what}",
                    cell.value.as_deref().unwrap_or("")
                ),
            ));
        }
    }
    for r in required {
        if !names.iter().any(|n| n == r) {
            let at = &table.columns[0];
            return Err(Problem::at_path(
                path,
                at.line,
                at.column,
                format!("the export of {what} has no `{r}` column"),
            ));
        }
    }
    Ok(known
        .iter()
        .map(|k| names.iter().position(|n| n == k))
        .collect())
}

fn cell<'r>(
    row: &'r [Cell],
    idx: &[Option<usize>],
    known: &[&str],
    name: &str,
) -> Option<&'r Cell> {
    let k = known.iter().position(|k| *k == name)?;
    idx[k].and_then(|i| row.get(i))
}

fn text(c: Option<&Cell>) -> Option<String> {
    c.and_then(|c| c.value.clone()).filter(|v| !v.is_empty())
}

fn number<T: std::str::FromStr>(
    path: &Path,
    c: Option<&Cell>,
    what: &str,
) -> Result<Option<T>, Problem> {
    let Some(c) = c else { return Ok(None) };
    match c.value.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => v.parse().map(Some).map_err(|_| {
            Problem::at_path(
                path,
                c.line,
                c.column,
                format!("bad {what} `{v}`: expected an integer"),
            )
        }),
    }
}

fn liquibase_rows(
    path: &Path,
    table: &Table,
    names: &[String],
) -> Result<Vec<LiquibaseRow>, Problem> {
    let k = LIQUIBASE_COLUMNS;
    let idx = columns(
        path,
        table,
        names,
        k,
        LIQUIBASE_REQUIRED,
        "DATABASECHANGELOG",
    )?;
    let mut out = Vec::new();
    for row in &table.rows {
        let get = |n: &str| cell(row, &idx, k, n);
        let line = row.first().map_or(0, |c| c.line);
        let id = text(get("id"));
        let Some(id) = id else {
            let at = get("id").map_or((line, 1), |c| (c.line, c.column));
            return Err(Problem::at_path(path, at.0, at.1, "a row has no ID"));
        };
        out.push(LiquibaseRow {
            id,
            author: get("author")
                .and_then(|c| c.value.clone())
                .unwrap_or_default(),
            filename: get("filename")
                .and_then(|c| c.value.clone())
                .unwrap_or_default(),
            order_executed: number(path, get("orderexecuted"), "ORDEREXECUTED")?,
            exectype: text(get("exectype")),
            md5sum: text(get("md5sum")),
            line,
        });
    }
    Ok(out)
}

fn flyway_rows(path: &Path, table: &Table, names: &[String]) -> Result<Vec<FlywayRow>, Problem> {
    let k = FLYWAY_COLUMNS;
    let idx = columns(
        path,
        table,
        names,
        k,
        FLYWAY_REQUIRED,
        "flyway_schema_history",
    )?;
    let mut out = Vec::new();
    for row in &table.rows {
        let get = |n: &str| cell(row, &idx, k, n);
        let line = row.first().map_or(0, |c| c.line);
        out.push(FlywayRow {
            installed_rank: number(path, get("installed_rank"), "installed_rank")?,
            version: text(get("version")),
            description: text(get("description")).unwrap_or_default(),
            kind: text(get("type")).unwrap_or_default(),
            script: text(get("script")).unwrap_or_default(),
            checksum: number(path, get("checksum"), "checksum")?,
            success: boolean(path, get("success"))?,
            line,
        });
    }
    Ok(out)
}

/// `t`/`f` (psql), `1`/`0` (mysql), `true`/`false` (JSON).
fn boolean(path: &Path, c: Option<&Cell>) -> Result<bool, Problem> {
    let Some(c) = c else { return Ok(true) };
    match c
        .value
        .as_deref()
        .map(|v| v.trim().to_ascii_lowercase())
        .as_deref()
    {
        Some("t" | "true" | "1" | "y" | "yes") => Ok(true),
        Some("f" | "false" | "0" | "n" | "no") => Ok(false),
        other => Err(Problem::at_path(
            path,
            c.line,
            c.column,
            format!(
                "bad success `{}`: expected true or false",
                other.unwrap_or("NULL")
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ProblemAt;

    fn at(p: &Problem) -> (usize, usize) {
        match &p.at {
            ProblemAt::Path { line, column, .. } => (*line, *column),
            _ => (0, 0),
        }
    }

    #[test]
    fn tells_the_tables_apart_by_their_columns() {
        let lb = parse(
            Path::new("dbcl.csv"),
            "ID,AUTHOR,FILENAME,ORDEREXECUTED,EXECTYPE,MD5SUM\n1,a,db/x.xml,1,EXECUTED,9:abc\n",
        )
        .unwrap();
        let AppliedRows::Liquibase(rows) = lb.rows else {
            panic!("liquibase")
        };
        assert_eq!(rows[0].filename, "db/x.xml");
        assert_eq!(rows[0].line, 2);
        let fw = parse(
            Path::new("fsh.tsv"),
            "installed_rank\tversion\tdescription\ttype\tscript\tchecksum\tsuccess\n1\t1\tinit\tSQL\tV1__init.sql\t-123\t1\n2\tNULL\tviews\tSQL\tR__views.sql\tNULL\t0\n",
        )
        .unwrap();
        let AppliedRows::Flyway(rows) = fw.rows else {
            panic!("flyway")
        };
        assert_eq!(
            (
                rows[0].checksum,
                rows[1].version.as_deref(),
                rows[1].success
            ),
            (Some(-123), None, false)
        );
    }

    #[test]
    fn bad_exports_name_line_and_column() {
        let e = parse(Path::new("x.csv"), "ID,AUTHOR,FILENAME,COLOUR\n").unwrap_err();
        assert_eq!((at(&e), e.message.contains("COLOUR")), ((1, 20), true));
        let e = parse(
            Path::new("x.csv"),
            "installed_rank,version,description,type,script,checksum,success\n1,1,x,SQL,V1__x.sql,12a,t\n",
        )
        .unwrap_err();
        assert_eq!(at(&e), (2, 21), "{e:?}");
        let e = parse(Path::new("x.csv"), "1,alice,db.xml\n").unwrap_err();
        assert_eq!(at(&e), (1, 1));
        let e = parse(
            Path::new("x.csv"),
            "installed_rank,version,description,type,script,checksum,success\n1,1,x,SQL,V1__x.sql,12,maybe\n",
        )
        .unwrap_err();
        assert_eq!(at(&e), (2, 24));
    }
}
