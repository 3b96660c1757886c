//! Reads a database table export into header + rows, keeping where every
//! value is written: CSV with a header (`psql --csv`), TSV with a header
//! and `NULL` (`mysql --batch`), or a JSON array of row objects
//! (`psql -At -c 'select json_agg(t) from …'`).

use std::path::Path;

use crate::error::Problem;

/// One value and where it starts (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Cell {
    /// `None`: SQL NULL (`NULL` in TSV, `null` in JSON). CSV cannot tell
    /// NULL from an empty string; both read as empty.
    pub value: Option<String>,
    pub line: usize,
    pub column: usize,
}

/// A table: column names (as written) and rows of cells in that order.
#[derive(Debug, Clone, Default)]
pub(crate) struct Table {
    pub columns: Vec<Cell>,
    pub rows: Vec<Vec<Cell>>,
}

/// Reads `text` (the contents of `path`), telling the form by its first
/// character (`[` or `n`ull: JSON) and its header (a tab: TSV).
pub(crate) fn read(path: &Path, text: &str) -> Result<Table, Problem> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let head = text.trim_start();
    let json_name = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    // `psql -At -c 'select json_agg(t) …'` prints an empty line for no
    // rows; an empty CSV or TSV has lost its header
    if head.starts_with('[')
        || head.starts_with('{')
        || head == "null"
        || (head.is_empty() && json_name)
    {
        return json(path, text);
    }
    let first = text.lines().next().unwrap_or("");
    let tsv = first.contains('\t');
    let mut records = if tsv {
        tsv_records(text)
    } else {
        csv_records(path, text)?
    };
    if records.is_empty() {
        return Err(Problem::at_path(path, 1, 1, "empty export: no header"));
    }
    let columns = records.remove(0);
    for (i, row) in records.iter().enumerate() {
        if row.len() != columns.len() {
            let at = row.first().map_or((0, 0), |c| (c.line, c.column));
            return Err(Problem::at_path(
                path,
                at.0,
                at.1,
                format!(
                    "row {} has {} fields, the header has {}",
                    i + 1,
                    row.len(),
                    columns.len()
                ),
            ));
        }
    }
    Ok(Table {
        columns,
        rows: records,
    })
}

/// RFC 4180 CSV as `psql --csv` writes it: `"` quotes, `""` inside quotes.
fn csv_records(path: &Path, text: &str) -> Result<Vec<Vec<Cell>>, Problem> {
    let mut records = Vec::new();
    let mut row: Vec<Cell> = Vec::new();
    let (mut line, mut column) = (1, 1);
    let mut chars = text.chars().peekable();
    loop {
        // one field
        let (start_line, start_col) = (line, column);
        let mut value = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            column += 1;
            loop {
                match chars.next() {
                    None => {
                        return Err(Problem::at_path(
                            path,
                            start_line,
                            start_col,
                            "unclosed quote",
                        ));
                    }
                    Some('"') if chars.peek() == Some(&'"') => {
                        chars.next();
                        column += 2;
                        value.push('"');
                    }
                    Some('"') => {
                        column += 1;
                        break;
                    }
                    Some('\n') => {
                        line += 1;
                        column = 1;
                        value.push('\n');
                    }
                    Some(c) => {
                        column += 1;
                        value.push(c);
                    }
                }
            }
        }
        while let Some(&c) = chars.peek() {
            if c == ',' || c == '\n' || c == '\r' {
                break;
            }
            value.push(c);
            column += 1;
            chars.next();
        }
        row.push(Cell {
            value: Some(value),
            line: start_line,
            column: start_col,
        });
        // the field loop stops only at `,`, CR, LF or the end
        match chars.next() {
            Some(',') => column += 1,
            _ => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                let blank = row.len() == 1 && row[0].value.as_deref() == Some("");
                if !blank {
                    records.push(std::mem::take(&mut row));
                } else {
                    row.clear();
                }
                line += 1;
                column = 1;
                if chars.peek().is_none() {
                    break;
                }
            }
        }
    }
    Ok(records)
}

/// `mysql --batch`: tab-separated, `NULL` for NULL, `\t` `\n` `\\` `\0`
/// escaped.
fn tsv_records(text: &str) -> Vec<Vec<Cell>> {
    let mut records = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        if raw.is_empty() {
            continue;
        }
        let mut column = 1;
        let mut row = Vec::new();
        for field in raw.split('\t') {
            let value = if field == "NULL" {
                None
            } else {
                Some(unescape_tsv(field))
            };
            row.push(Cell {
                value,
                line: i + 1,
                column,
            });
            column += field.chars().count() + 1;
        }
        records.push(row);
    }
    records
}

fn unescape_tsv(field: &str) -> String {
    let mut out = String::with_capacity(field.len());
    let mut chars = field.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('0') => out.push('\0'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// A JSON array of objects; every object's keys are columns (the first
/// object's keys, in order, make the header; the others must have the same).
fn json(path: &Path, text: &str) -> Result<Table, Problem> {
    let value: serde_json::Value = if text.trim().is_empty() {
        serde_json::Value::Null
    } else {
        serde_json::from_str(text)
            .map_err(|e| Problem::at_path(path, e.line(), e.column(), format!("bad JSON: {e}")))?
    };
    let items = match value {
        // `json_agg` over no rows
        serde_json::Value::Null => return Ok(Table::default()),
        serde_json::Value::Array(items) => items,
        _ => {
            return Err(Problem::at_path(
                path,
                1,
                1,
                "expected a JSON array of row objects",
            ));
        }
    };
    let starts = object_starts(text);
    let mut table = Table::default();
    for (i, item) in items.into_iter().enumerate() {
        let (line, column) = starts.get(i).copied().unwrap_or((1, 1));
        let serde_json::Value::Object(obj) = item else {
            return Err(Problem::at_path(
                path,
                line,
                column,
                "expected a row object",
            ));
        };
        if i == 0 {
            table.columns = obj
                .keys()
                .map(|k| Cell {
                    value: Some(k.clone()),
                    line,
                    column,
                })
                .collect();
        }
        let mut row = Vec::new();
        for col in &table.columns {
            let name = col.value.as_deref().unwrap_or("");
            let value = obj.get(name).ok_or_else(|| {
                Problem::at_path(path, line, column, format!("row has no `{name}`"))
            })?;
            row.push(Cell {
                value: json_text(value),
                line,
                column,
            });
        }
        if let Some(extra) = obj
            .keys()
            .find(|k| !table.columns.iter().any(|c| c.value.as_deref() == Some(k)))
        {
            return Err(Problem::at_path(
                path,
                line,
                column,
                format!("row has `{extra}`, which the first row has not"),
            ));
        }
        table.rows.push(row);
    }
    Ok(table)
}

fn json_text(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::Null => None,
        serde_json::Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

/// 1-based line and column of each object directly inside the top array.
fn object_starts(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    let (mut line, mut column) = (1, 1);
    for c in text.chars() {
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else {
            match c {
                '"' => in_string = true,
                '[' | '{' => {
                    if depth == 1 && c == '{' {
                        out.push((line, column));
                    }
                    depth += 1;
                }
                ']' | '}' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        if c == '\n' {
            line += 1;
            column = 1;
        } else {
            column += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(t: &Table) -> Vec<Vec<Option<String>>> {
        t.rows
            .iter()
            .map(|r| r.iter().map(|c| c.value.clone()).collect())
            .collect()
    }

    #[test]
    fn csv_quotes_commas_and_line_breaks() {
        let t = read(
            Path::new("x.csv"),
            "id,author,comments\n1,\"a,b\",\"two\nlines \"\"q\"\"\"\r\n2,c,\n",
        )
        .unwrap();
        assert_eq!(t.columns.len(), 3);
        assert_eq!(
            values(&t),
            [
                vec![
                    Some("1".into()),
                    Some("a,b".into()),
                    Some("two\nlines \"q\"".into())
                ],
                vec![Some("2".into()), Some("c".into()), Some(String::new())],
            ]
        );
        assert_eq!((t.rows[1][1].line, t.rows[1][1].column), (4, 3));
    }

    #[test]
    fn tsv_nulls_and_escapes() {
        let t = read(Path::new("x.tsv"), "ID\tMD5SUM\n1\tNULL\na\\tb\tx\n").unwrap();
        assert_eq!(
            values(&t),
            [
                vec![Some("1".into()), None],
                vec![Some("a\tb".into()), Some("x".into())]
            ]
        );
        assert_eq!((t.rows[1][1].line, t.rows[1][1].column), (3, 6));
    }

    #[test]
    fn json_rows_and_where_they_are() {
        let t = read(
            Path::new("x.json"),
            "[\n {\"id\": \"1\", \"n\": 2, \"ok\": true, \"x\": null},\n {\"id\": \"2\", \"n\": 3, \"ok\": false, \"x\": \"y\"}\n]",
        )
        .unwrap();
        assert_eq!(t.rows[1][1].value.as_deref(), Some("3"));
        assert_eq!(t.rows[0][3].value, None);
        assert_eq!((t.rows[1][0].line, t.rows[1][0].column), (3, 2));
        assert!(read(Path::new("x.json"), "null").unwrap().rows.is_empty());
        assert!(read(Path::new("x.json"), "\n").unwrap().columns.is_empty());
        assert!(read(Path::new("x.csv"), "\n").is_err());
    }

    #[test]
    fn bad_input_names_line_and_column() {
        let e = read(Path::new("x.csv"), "a,b\n1,2\n3\n").unwrap_err();
        assert_eq!(
            e.at,
            crate::error::ProblemAt::Path {
                path: "x.csv".into(),
                line: 3,
                column: 1
            }
        );
        let e = read(Path::new("x.json"), "[{\"a\": 1},\n {\"a\": }]").unwrap_err();
        assert!(
            matches!(e.at, crate::error::ProblemAt::Path { line: 2, .. }),
            "{e:?}"
        );
        let e = read(Path::new("x.csv"), "a,b\n\"1,2\n").unwrap_err();
        assert!(e.message.contains("unclosed"), "{e:?}");
    }
}
