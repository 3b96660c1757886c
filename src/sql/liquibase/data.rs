//! Data changes: insert, update, delete, loadData, loadUpdateData.
//!
//! loadData on PostgreSQL, MySQL/MariaDB and SQL Server becomes ONE
//! multi-row INSERT (Liquibase's `InsertSetStatement` for those databases);
//! elsewhere one INSERT per row, as Liquibase runs it. loadUpdateData is an
//! upsert per row in each database's own form (PostgreSQL `DO` block, MySQL
//! `ON DUPLICATE KEY UPDATE`, SQL Server and Oracle check-then-act blocks,
//! H2 `MERGE … KEY`), or a plain INSERT where Liquibase has none (SQLite).

use super::types::{Family, map};
use super::value::{boolean, column_value, plain, sequence_next};
use super::{Db, Gen, LowerError, Lowered, attr_nonempty, flag, req, split_list};
use crate::source::ParsedNode;

/// The `where` of update/delete: a `<where>` child's text or a `where`
/// attribute, with `whereParams` placeholders filled in.
fn where_clause(g: &Gen, node: &ParsedNode) -> Result<Option<String>, LowerError> {
    let text = node
        .child("where")
        .and_then(|w| w.text.as_ref().map(|t| t.text.clone()))
        .or_else(|| attr_nonempty(node, "where").map(str::to_string));
    let Some(mut text) = text.map(|t| t.trim().to_string()).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    // Liquibase fills `:name` and `:value` in order, one param each.
    if let Some(params) = node.child("whereParams") {
        for p in params.children_named("param") {
            if let Some(name) = attr_nonempty(p, "name")
                && let Some(at) = text.find(":name")
            {
                text.replace_range(at..at + ":name".len(), &g.name(name));
            }
            if let Some(v) = column_value(g, p, None)?
                && let Some(at) = text.find(":value")
            {
                text.replace_range(at..at + ":value".len(), &v);
            }
        }
    }
    Ok(Some(text))
}

/// Column name and the value it is set to (NULL when the column has none).
fn assignments(g: &Gen, node: &ParsedNode) -> Result<Vec<(String, String)>, LowerError> {
    let mut out = Vec::new();
    for c in super::columns(node) {
        let name = g.name(req(c, "name")?);
        let family = attr_nonempty(c, "type").map(|t| map(g, t).family);
        let value = column_value(g, c, family)?.unwrap_or_else(|| "NULL".to_string());
        out.push((name, value));
    }
    if out.is_empty() {
        return Err(LowerError::invalid(
            "columns",
            format!("`{}` requires at least one `column`", node.name),
        ));
    }
    Ok(out)
}

pub(crate) fn insert(g: &Gen, node: &ParsedNode) -> Lowered {
    let table = g.table(node)?;
    let cols = assignments(g, node)?;
    let names: Vec<&str> = cols.iter().map(|(n, _)| n.as_str()).collect();
    let values: Vec<&str> = cols.iter().map(|(_, v)| v.as_str()).collect();
    Ok(vec![format!(
        "INSERT INTO {table} ({}) VALUES ({})",
        names.join(", "),
        values.join(", ")
    )])
}

pub(crate) fn update(g: &Gen, node: &ParsedNode) -> Lowered {
    let table = g.table(node)?;
    // UpdateStatement keeps its columns in a SortedMap: by name
    let written: Vec<&str> = super::columns(node)
        .map(|c| c.attr("name").unwrap_or_default())
        .collect();
    let mut pairs: Vec<(&str, (String, String))> =
        written.into_iter().zip(assignments(g, node)?).collect();
    pairs.sort_by(|a, b| a.0.cmp(b.0));
    let sets: Vec<String> = pairs
        .into_iter()
        .map(|(_, (n, v))| format!("{n} = {v}"))
        .collect();
    let mut s = format!("UPDATE {table} SET {}", sets.join(", "));
    if let Some(w) = where_clause(g, node)? {
        s.push_str(&format!(" WHERE {w}"));
    }
    Ok(vec![s])
}

pub(crate) fn delete(g: &Gen, node: &ParsedNode) -> Lowered {
    let table = g.table(node)?;
    let mut s = format!("DELETE FROM {table}");
    if let Some(w) = where_clause(g, node)? {
        s.push_str(&format!(" WHERE {w}"));
    }
    Ok(vec![s])
}

/// How a CSV column's values are written: loadData's `type` (STRING,
/// NUMERIC, BOOLEAN, DATE, COMPUTED, SEQUENCE, SKIP, …) or a Liquibase type.
#[derive(Debug, Clone)]
enum LoadType {
    String,
    Numeric,
    Boolean,
    Date,
    Computed,
    Sequence,
    Skip,
    File,
    Typed(Family),
}

fn load_type(g: &Gen, raw: Option<&str>) -> LoadType {
    let Some(raw) = raw else {
        return LoadType::String;
    };
    match raw.trim().to_ascii_uppercase().as_str() {
        "STRING" | "UUID" | "OTHER" | "UNKNOWN" => LoadType::String,
        "NUMERIC" => LoadType::Numeric,
        "BOOLEAN" => LoadType::Boolean,
        "DATE" | "DATETIME" => LoadType::Date,
        "COMPUTED" => LoadType::Computed,
        "SEQUENCE" => LoadType::Sequence,
        "SKIP" => LoadType::Skip,
        "BLOB" | "CLOB" => LoadType::File,
        _ => LoadType::Typed(map(g, raw).family),
    }
}

/// One CSV column: its name in the table and how to write its values.
struct CsvColumn {
    name: String,
    ty: LoadType,
    default: Option<String>,
}

/// The table columns and the rows (already SQL literals) of a CSV.
struct CsvData {
    columns: Vec<String>,
    rows: Vec<Vec<String>>,
}

fn single_byte(node: &ParsedNode, attr: &str, default: u8) -> Result<u8, LowerError> {
    let Some(raw) = node.attr(attr) else {
        return Ok(default);
    };
    let v = match raw {
        "\\t" | "TAB" | "tab" => "\t",
        other => other,
    };
    match v.as_bytes() {
        [b] => Ok(*b),
        _ => Err(LowerError::invalid(
            attr,
            format!("`{attr}` must be a single character, not `{raw}`"),
        )),
    }
}

fn read_csv(g: &Gen, node: &ParsedNode) -> Result<CsvData, LowerError> {
    // LoadDataChange requires `file` on every database.
    req(node, "file")?;
    let text = node.text.as_ref().map(|t| t.text.as_str()).ok_or_else(|| {
        LowerError::invalid(
            "file",
            format!("the contents of `{}`'s CSV file were not read", node.name),
        )
    })?;
    // A byte-order mark would otherwise stick to the first header.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let comment = node.attr("commentLineStartsWith").unwrap_or("#");
    // Liquibase drops comment lines before parsing.
    let text: String = text
        .lines()
        .filter(|l| comment.is_empty() || !l.starts_with(comment))
        .collect::<Vec<_>>()
        .join("\n");
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(single_byte(node, "separator", b',')?)
        .quote(single_byte(node, "quotchar", b'"')?)
        .has_headers(true)
        .flexible(false)
        .trim(csv::Trim::None)
        .from_reader(text.as_bytes());
    let csv_err = |e: csv::Error| {
        LowerError::invalid(
            "file",
            format!(
                "CSV of `{}` is malformed{}: {e}",
                node.name,
                e.position()
                    .map_or_else(String::new, |p| format!(" at line {}", p.line()))
            ),
        )
    };
    let headers: Vec<String> = reader
        .headers()
        .map_err(csv_err)?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let configs: Vec<&ParsedNode> = super::columns(node).collect();
    let mut columns = Vec::new();
    for (i, header) in headers.iter().enumerate() {
        let config = configs.iter().find(|c| {
            attr_nonempty(c, "header").map(str::trim) == Some(header.as_str())
                || attr_nonempty(c, "index").and_then(|x| x.trim().parse::<usize>().ok())
                    == Some(i + 1)
                || (attr_nonempty(c, "header").is_none()
                    && attr_nonempty(c, "index").is_none()
                    && attr_nonempty(c, "name").map(str::trim) == Some(header.as_str()))
        });
        columns.push(CsvColumn {
            name: config
                .and_then(|c| attr_nonempty(c, "name"))
                .unwrap_or(header)
                .trim()
                .to_string(),
            ty: load_type(g, config.and_then(|c| attr_nonempty(c, "type"))),
            default: config
                .and_then(|c| attr_nonempty(c, "defaultValue"))
                .map(str::to_string),
        });
    }
    let mut rows = Vec::new();
    for (n, record) in reader.records().enumerate() {
        let record = record.map_err(csv_err)?;
        let line = n + 2;
        let mut row = Vec::new();
        for (col, raw) in columns.iter().zip(record.iter()) {
            if matches!(col.ty, LoadType::Skip) {
                continue;
            }
            row.push(csv_value(g, col, raw, line)?);
        }
        rows.push(row);
    }
    Ok(CsvData {
        columns: columns
            .iter()
            .filter(|c| !matches!(c.ty, LoadType::Skip))
            .map(|c| g.name(&c.name))
            .collect(),
        rows,
    })
}

fn csv_value(g: &Gen, col: &CsvColumn, raw: &str, line: usize) -> Result<String, LowerError> {
    let value = if raw.is_empty() {
        match &col.default {
            Some(d) => d.as_str(),
            None => return Ok("NULL".to_string()),
        }
    } else {
        raw
    };
    if value.trim().eq_ignore_ascii_case("null") {
        return Ok("NULL".to_string());
    }
    let bad = |what: &str| {
        LowerError::invalid(
            "file",
            format!(
                "CSV line {line}, column `{}`: `{value}` is not {what}",
                col.name
            ),
        )
    };
    Ok(match &col.ty {
        LoadType::String => super::string_literal(g, value),
        LoadType::Numeric => {
            let v = value.trim();
            if v.parse::<f64>().is_err() {
                return Err(bad("a number"));
            }
            v.to_string()
        }
        LoadType::Boolean => boolean(g, "file", value).map_err(|_| bad("a boolean"))?,
        LoadType::Date => plain(g, "file", value, Some(Family::DateTime))?,
        LoadType::Computed => value.to_string(),
        LoadType::Sequence => sequence_next(g, value.trim()),
        LoadType::File => {
            return Err(LowerError::invalid(
                "file",
                format!(
                    "CSV line {line}, column `{}` loads the file `{value}`; its contents are not known here",
                    col.name
                ),
            ));
        }
        LoadType::Typed(f) => plain(g, "file", value, Some(*f))?,
        LoadType::Skip => String::new(),
    })
}

fn insert_rows(table: &str, cols: &[String], rows: &[&Vec<String>]) -> String {
    let values: Vec<String> = rows.iter().map(|r| format!("({})", r.join(", "))).collect();
    format!(
        "INSERT INTO {table} ({}) VALUES {}",
        cols.join(", "),
        values.join(", ")
    )
}

pub(crate) fn load_data(g: &Gen, node: &ParsedNode) -> Lowered {
    let table = g.table(node)?;
    let data = read_csv(g, node)?;
    if data.rows.is_empty() {
        return Ok(vec![]);
    }
    let rows: Vec<&Vec<String>> = data.rows.iter().collect();
    Ok(match g.db {
        Db::Postgres | Db::Mysql | Db::Mssql => vec![insert_rows(&table, &data.columns, &rows)],
        _ => rows
            .iter()
            .map(|r| insert_rows(&table, &data.columns, std::slice::from_ref(r)))
            .collect(),
    })
}

pub(crate) fn load_update_data(g: &Gen, node: &ParsedNode) -> Lowered {
    let table = g.table(node)?;
    let keys: Vec<String> = split_list(req(node, "primaryKey")?)
        .map(|k| g.name(k))
        .collect();
    let only_update = flag(node, "onlyUpdate")? == Some(true);
    let data = read_csv(g, node)?;
    let mut out = Vec::new();
    for row in &data.rows {
        let pairs: Vec<(&String, &String)> = data.columns.iter().zip(row.iter()).collect();
        let value_of = |k: &str| {
            pairs
                .iter()
                .find(|(c, _)| c.as_str() == k)
                .map_or("NULL", |(_, v)| v.as_str())
        };
        let where_ = keys
            .iter()
            .map(|k| format!("{k} = {}", value_of(k)))
            .collect::<Vec<_>>()
            .join(" AND ");
        // Key columns are matched on, not set; Liquibase sets the rest in name order.
        let mut set: Vec<(&String, &String)> = pairs
            .iter()
            .copied()
            .filter(|(c, _)| !keys.contains(c))
            .collect();
        set.sort_by(|a, b| a.0.cmp(b.0));
        let set_sql = set
            .iter()
            .map(|(c, v)| format!("{c} = {v}"))
            .collect::<Vec<_>>()
            .join(", ");
        let update = format!("UPDATE {table} SET {set_sql} WHERE {where_}");
        let insert = insert_rows(&table, &data.columns, &[row]);
        if only_update {
            out.push(update);
            continue;
        }
        out.push(match g.db {
            Db::Postgres => format!(
                "DO\n$$\nBEGIN\n{update};\nIF not found THEN\n{insert};\nEND IF;\nEND;\n$$\nLANGUAGE plpgsql"
            ),
            // Key columns are not updated; with nothing else to update the
            // row is inserted or skipped.
            Db::Mysql => {
                let updates: Vec<String> = pairs
                    .iter()
                    .filter(|(c, _)| !keys.contains(c))
                    .map(|(c, v)| format!("{c} = {v}"))
                    .collect();
                if updates.is_empty() {
                    insert.replacen("INSERT INTO", "INSERT IGNORE INTO", 1)
                } else {
                    format!("{insert}\nON DUPLICATE KEY UPDATE {}", updates.join(", "))
                }
            }
            Db::Mssql => format!(
                "DECLARE @reccount integer\nSELECT @reccount = count(*) FROM {table} WHERE {where_}\n\
                 IF @reccount = 0\nBEGIN\n{insert};\nEND\nELSE\nBEGIN\n{update};\nEND"
            ),
            Db::Oracle => format!(
                "DECLARE\n\tv_reccount NUMBER := 0;\nBEGIN\n\tSELECT COUNT(*) INTO v_reccount FROM {table} WHERE {where_};\n\
                 \tIF v_reccount = 0 THEN\n{insert};\n\tELSIF v_reccount = 1 THEN\n{update};\nEND IF;\nEND;"
            ),
            Db::H2 => format!(
                "MERGE INTO {table} ({}) KEY({}) VALUES ({})",
                data.columns.join(", "),
                keys.join(", "),
                row.join(", ")
            ),
            Db::Sqlite | Db::Other => insert,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{node, with_text};
    use super::super::{LowerErrorKind, lower};
    use crate::dialect::Dialect;

    #[test]
    fn insert_update_delete() {
        let cols = || {
            vec![
                node("column", &[("name", "id"), ("valueNumeric", "1")], vec![]),
                node("column", &[("name", "name"), ("value", "Bob")], vec![]),
                node(
                    "column",
                    &[("name", "active"), ("valueBoolean", "false")],
                    vec![],
                ),
            ]
        };
        let n = node("insert", &[("tableName", "person")], cols());
        assert_eq!(
            lower(&n, Dialect::Postgres).unwrap(),
            ["INSERT INTO person (id, name, active) VALUES (1, 'Bob', FALSE)"]
        );
        assert_eq!(
            lower(&n, Dialect::Mysql).unwrap(),
            ["INSERT INTO person (id, name, active) VALUES (1, 'Bob', 0)"]
        );
        assert_eq!(
            lower(&n, Dialect::Sqlserver).unwrap(),
            ["INSERT INTO person (id, name, active) VALUES (1, 'Bob', 0)"]
        );
        let mut n = node("update", &[("tableName", "person")], cols());
        n.children
            .push(with_text(node("where", &[], vec![]), ":name = :value"));
        n.children.push(node(
            "whereParams",
            &[],
            vec![node(
                "param",
                &[("name", "id"), ("valueNumeric", "7")],
                vec![],
            )],
        ));
        assert_eq!(
            lower(&n, Dialect::Postgres).unwrap(),
            ["UPDATE person SET active = FALSE, id = 1, name = 'Bob' WHERE id = 7"]
        );
        let n = node(
            "delete",
            &[("tableName", "person"), ("where", "id > 10")],
            vec![],
        );
        assert_eq!(
            lower(&n, Dialect::Sqlserver).unwrap(),
            ["DELETE FROM person WHERE id > 10"]
        );
    }

    fn users(name: &str, attrs: &[(&str, &str)]) -> crate::source::ParsedNode {
        let mut attrs = attrs.to_vec();
        attrs.push(("file", "users.csv"));
        with_text(
            node(
                name,
                &attrs,
                vec![
                    node(
                        "column",
                        &[("header", "id"), ("name", "user_id"), ("type", "NUMERIC")],
                        vec![],
                    ),
                    node(
                        "column",
                        &[("header", "active"), ("type", "BOOLEAN")],
                        vec![],
                    ),
                    node("column", &[("header", "note"), ("type", "SKIP")], vec![]),
                ],
            ),
            "\u{feff}# exported\nid;name;active;note\n1;\"Smith; John\";true;x\n2;O'Hara;false;\n3;;f;y\n",
        )
    }

    #[test]
    fn load_data_is_one_multi_row_insert_where_liquibase_batches() {
        let n = users("loadData", &[("tableName", "person"), ("separator", ";")]);
        assert_eq!(
            lower(&n, Dialect::Postgres).unwrap(),
            [
                "INSERT INTO person (user_id, name, active) VALUES (1, 'Smith; John', TRUE), (2, 'O''Hara', FALSE), (3, NULL, FALSE)"
            ]
        );
        assert_eq!(
            lower(&n, Dialect::Sqlserver).unwrap(),
            [
                "INSERT INTO person (user_id, name, active) VALUES (1, 'Smith; John', 1), (2, 'O''Hara', 0), (3, NULL, 0)"
            ]
        );
        assert_eq!(lower(&n, Dialect::Oracle).unwrap().len(), 3);
    }

    #[test]
    fn load_data_reports_bad_rows_at_the_file() {
        let n = with_text(
            node(
                "loadData",
                &[("tableName", "t"), ("file", "t.csv")],
                vec![node(
                    "column",
                    &[("name", "n"), ("type", "NUMERIC")],
                    vec![],
                )],
            ),
            "n\n12\nabc\n",
        );
        let e = lower(&n, Dialect::Postgres).unwrap_err();
        assert_eq!(e.attr.as_deref(), Some("file"));
        assert!(e.message.contains("line 3"), "{}", e.message);
        let n = with_text(
            node("loadData", &[("tableName", "t"), ("file", "t.csv")], vec![]),
            "a,b\n1,2,3\n",
        );
        assert_eq!(
            lower(&n, Dialect::Postgres).unwrap_err().kind,
            LowerErrorKind::Invalid
        );
        // A file that was not read, and no file at all (LoadDataChange
        // requires one).
        let n = node("loadData", &[("tableName", "t"), ("file", "t.csv")], vec![]);
        let e = lower(&n, Dialect::Postgres).unwrap_err();
        assert_eq!(e.attr.as_deref(), Some("file"));
        assert!(e.message.contains("were not read"), "{}", e.message);
        let n = node("loadData", &[("tableName", "new_table")], vec![]);
        let e = lower(&n, Dialect::Postgres).unwrap_err();
        assert_eq!(e.attr.as_deref(), Some("file"));
        assert_eq!(e.message, "`loadData` requires the attribute `file`");
    }

    #[test]
    fn load_update_data_upserts() {
        let n = users(
            "loadUpdateData",
            &[
                ("tableName", "person"),
                ("separator", ";"),
                ("primaryKey", "user_id"),
            ],
        );
        let my = lower(&n, Dialect::Mysql).unwrap();
        assert_eq!(
            my[0],
            "INSERT INTO person (user_id, name, active) VALUES (1, 'Smith; John', 1)\n\
             ON DUPLICATE KEY UPDATE name = 'Smith; John', active = 1"
        );
        let keys_only = with_text(
            node(
                "loadUpdateData",
                &[
                    ("tableName", "tag"),
                    ("primaryKey", "name"),
                    ("file", "tags.csv"),
                ],
                vec![],
            ),
            "name\nred\n",
        );
        assert_eq!(
            lower(&keys_only, Dialect::Mysql).unwrap(),
            ["INSERT IGNORE INTO tag (name) VALUES ('red')"]
        );
        assert_eq!(
            lower(&keys_only, Dialect::H2).unwrap(),
            ["MERGE INTO tag (name) KEY(name) VALUES ('red')"]
        );
        let pg = lower(&n, Dialect::Postgres).unwrap();
        assert_eq!(pg.len(), 3);
        assert!(
            pg[1].contains("UPDATE person SET active = FALSE, name = 'O''Hara' WHERE user_id = 2;")
        );
        let ms = lower(&n, Dialect::Sqlserver).unwrap();
        assert!(ms[0].starts_with(
            "DECLARE @reccount integer\nSELECT @reccount = count(*) FROM person WHERE user_id = 1"
        ));
    }
}
