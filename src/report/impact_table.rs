//! `schemagate impact`: per proposed changeset, what each statement does to
//! the running database — lock, what it blocks, rows, estimated time, risk —
//! and whether the changeset can be rolled back. Read from the same
//! per-changeset input documents the policies receive, so the table and the
//! policies never disagree.

use std::fmt::Write as _;

use serde_json::{Value, json};

/// What one statement does: a row of the table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Row {
    /// The file, as the input document names it (relative to the working
    /// directory), and the 1-based line.
    pub file: String,
    pub line: String,
    pub kind: String,
    pub lock: String,
    pub blocks: String,
    pub rows: String,
    pub time: String,
    pub risk: String,
}

/// One proposed changeset: where it is, how it is undone, and a row per
/// forward statement.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChangesetImpact {
    pub id: String,
    pub file: String,
    pub line: String,
    /// `explicit, proven`, `none`, … (see [`reversible`]).
    pub rollback: String,
    pub rows: Vec<Row>,
}

/// The table's data for `docs` (per-changeset input documents, in order):
/// what `schemagate impact` prints and the Markdown report shows.
pub fn of(docs: &[Value]) -> Vec<ChangesetImpact> {
    docs.iter()
        .map(|doc| {
            let changeset = &doc["changeset"];
            ChangesetImpact {
                id: text(&changeset["id"]),
                file: text(&changeset["file"]),
                line: text(&changeset["line"]),
                rollback: reversible(changeset),
                rows: doc["statements"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter(|s| s["phase"] == "forward")
                    .map(row)
                    .collect(),
            }
        })
        .collect()
}

/// The table for `docs` (per-changeset input documents, in order).
pub fn render(docs: &[Value]) -> String {
    render_impact(&of(docs))
}

/// The table of [`of`]'s data.
pub fn render_impact(changesets: &[ChangesetImpact]) -> String {
    let mut out = String::new();
    if changesets.is_empty() {
        out.push_str("no proposed changesets\n");
        return out;
    }
    for c in changesets {
        let _ = writeln!(
            out,
            "changeset {} ({}:{}) — rollback: {}",
            c.id, c.file, c.line, c.rollback
        );
        table(&mut out, &c.rows);
        out.push('\n');
    }
    out
}

/// The same as JSON: `[{changeset, file, line, rollback, rollback_check,
/// statements: [{file, line, kind, impact}]}]`.
pub fn to_json(docs: &[Value]) -> Value {
    docs.iter()
        .map(|doc| {
            let c = &doc["changeset"];
            let statements: Vec<Value> = doc["statements"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|s| s["phase"] == "forward")
                .map(|s| {
                    json!({"file": s["file"], "line": s["line"], "kind": s["kind"],
                           "sql": s["sql"], "impact": s["impact"]})
                })
                .collect();
            json!({"changeset": c["id"], "file": c["file"], "line": c["line"],
                   "rollback": c["rollback"], "rollback_check": c["rollback_check"],
                   "statements": statements})
        })
        .collect()
}

/// How the changeset is undone and what the replay proved about it:
/// `explicit, proven`, `derived, does not restore (2 differences)`,
/// `explicit, not proven (…why)`, with `, lossy` when data cannot come back.
pub fn reversible(changeset: &Value) -> String {
    let kind = match changeset["rollback"].as_str() {
        Some("none") | None => return "none".into(),
        Some(kind) => kind,
    };
    let check = &changeset["rollback_check"];
    if check.is_null() {
        return kind.to_string();
    }
    let verdict = match check["proven"].as_bool() {
        Some(true) => "proven".to_string(),
        Some(false) => {
            let n = check["differences"].as_array().map_or(0, Vec::len);
            let s = if n == 1 { "" } else { "s" };
            format!("does not restore ({n} difference{s})")
        }
        None => match check["unproven"].as_str() {
            Some(why) => format!("not proven ({why})"),
            None => "not proven".to_string(),
        },
    };
    let lossy = match check["lossy"].as_array() {
        Some(l) if !l.is_empty() => ", lossy",
        _ => "",
    };
    format!("{kind}, {verdict}{lossy}")
}

fn row(s: &Value) -> Row {
    let impact = &s["impact"];
    let blocks = match (
        impact["blocks_reads"].as_bool(),
        impact["blocks_writes"].as_bool(),
    ) {
        (Some(true), _) => "reads, writes",
        (_, Some(true)) => "writes",
        _ => "-",
    };
    let rows = match (impact["rows"].as_u64(), impact["rows_method"].as_str()) {
        (Some(n), Some("table") | Some("new_table")) => n.to_string(),
        (Some(n), Some(method)) => format!("~{n} ({method})"),
        (Some(n), None) => n.to_string(),
        (None, _) if s["table"].is_null() => "-".into(),
        (None, _) if impact["size"].is_null() => "size unknown".into(),
        (None, _) => "-".into(),
    };
    let time = match impact["est_seconds"].as_f64() {
        Some(s) => seconds(s),
        None => "unknown".into(),
    };
    Row {
        file: text(&s["file"]),
        line: text(&s["line"]),
        kind: text(&s["kind"]),
        lock: impact["lock"].as_str().unwrap_or("-").to_string(),
        blocks: blocks.into(),
        rows,
        time,
        risk: impact["risk"].as_str().unwrap_or("-").to_string(),
    }
}

fn seconds(s: f64) -> String {
    if s < 1.0 {
        "< 1 s".into()
    } else if s < 120.0 {
        format!("{s:.0} s")
    } else if s < 7200.0 {
        format!("{:.0} min", s / 60.0)
    } else {
        format!("{:.1} h", s / 3600.0)
    }
}

fn table(out: &mut String, rows: &[Row]) {
    let header = Row {
        file: "statement".into(),
        kind: "kind".into(),
        lock: "lock".into(),
        blocks: "blocks".into(),
        rows: "rows".into(),
        time: "est. time".into(),
        risk: "risk".into(),
        line: String::new(),
    };
    let cells = |r: &Row| {
        let at = match r.line.as_str() {
            "" => r.file.clone(),
            line => format!("{}:{line}", r.file),
        };
        [
            at,
            r.kind.clone(),
            r.lock.clone(),
            r.blocks.clone(),
            r.rows.clone(),
            r.time.clone(),
            r.risk.clone(),
        ]
    };
    let all: Vec<[String; 7]> = std::iter::once(&header).chain(rows).map(cells).collect();
    let widths: Vec<usize> = (0..7)
        .map(|i| all.iter().map(|r| r[i].chars().count()).max().unwrap_or(0))
        .collect();
    for r in &all {
        let line: Vec<String> = r
            .iter()
            .zip(&widths)
            .map(|(cell, w)| format!("{cell:<w$}"))
            .collect();
        let _ = writeln!(out, "  {}", line.join("  ").trim_end());
    }
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "-".into(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn changeset(rollback: &str, check: Value) -> Value {
        json!({"rollback": rollback, "rollback_check": check})
    }

    #[test]
    fn the_rollback_column_says_what_the_replay_proved() {
        let cases = [
            (changeset("none", Value::Null), "none"),
            (changeset("explicit", Value::Null), "explicit"),
            (
                changeset(
                    "explicit",
                    json!({"proven": true, "differences": [], "lossy": []}),
                ),
                "explicit, proven",
            ),
            (
                changeset(
                    "derived",
                    json!({"proven": false, "differences": ["a", "b"], "lossy": []}),
                ),
                "derived, does not restore (2 differences)",
            ),
            (
                changeset(
                    "explicit",
                    json!({"proven": null, "unproven": "a DO may change anything",
                           "lossy": [{"statement": 3, "reason": "column dropped"}]}),
                ),
                "explicit, not proven (a DO may change anything), lossy",
            ),
        ];
        for (c, expected) in cases {
            assert_eq!(reversible(&c), expected, "{c}");
        }
    }
}
