//! `require-lock-timeout` (`policies/locking/require_lock_timeout.rego`, `warn`).

use std::sync::LazyLock;

use regex::Regex;

use crate::policy::engine::RawFinding;
use crate::policy::native::lib::{finding, kind_words, names_of, quoted_names, table_label};
use crate::policy::native::value::{Value, get, holds, int, is, is_object, is_true, text};
use crate::policy::native::{Doc, Meta};

/// `blocking_locks`.
const BLOCKING_LOCKS: [&str; 4] = [
    "access_exclusive",
    "exclusive",
    "share_row_exclusive",
    "share",
];

/// `blocking_kinds`.
const BLOCKING_KINDS: [&str; 9] = [
    "alter_table",
    "drop_table",
    "truncate",
    "rename_table",
    "drop_index",
    "create_index",
    "reindex",
    "cluster",
    "lock_table",
];

static ZERO: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^\s*'?\s*0+(\.0*)?\s*(us|ms|s|min|h|d)?\s*'?\s*$").ok());

/// Which of `needs`'s two sets a statement is in.
#[derive(Clone, Copy, PartialEq)]
enum Need {
    OwnTable,
    ReferencedTable,
}

pub(super) fn warn(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    if !doc.is_postgres() {
        return Vec::new();
    }
    let forward = doc.forward();
    // first_timeout
    let first_timeout = forward
        .iter()
        .filter(|s| {
            is(get!(s, "kind"), "set")
                && is(get!(s, "variable"), "lock_timeout")
                && !disables(get!(s, "value"))
        })
        .filter_map(|s| int(get!(s, "index")))
        .min();
    // needs, in the order of the forward statements
    let needs: Vec<(i64, &Value, Need)> = forward
        .iter()
        .filter(|s| is_true(get!(s, "analyzed")))
        .filter_map(|s| {
            let index = int(get!(s, "index"))?;
            if first_timeout.is_some_and(|t| t < index) {
                return None;
            }
            let need = need(s)?;
            Some((index, *s, need))
        })
        .collect();
    let Some(&(first, stmt, need)) = needs.iter().min_by_key(|(index, _, _)| *index) else {
        return Vec::new();
    };
    let Some((what, queue)) = lock_story(stmt, need) else {
        return Vec::new();
    };
    let others = others(first, &needs);
    let msg = format!(
        "{what} with no lock_timeout set earlier in its migration: if another session holds a conflicting lock it waits indefinitely, and {queue} queues behind it{others}"
    );
    finding(meta, stmt, msg).into_iter().collect()
}

/// `disables(value)`; `None` when the call is undefined (no value).
fn disables(value: &Value) -> bool {
    match value {
        Value::Undefined => false,
        Value::String(s) => {
            ZERO.as_ref().is_some_and(|re| re.is_match(s)) || {
                let trimmed = s.trim_matches(|c| c == '\'' || c == ' ').to_lowercase();
                trimmed.is_empty() || trimmed == "default"
            }
        }
        _ => true,
    }
}

/// Is the statement in `locks_own_table` or `locks_referenced_table`
/// (once it is unprotected)?
fn need(stmt: &Value) -> Option<Need> {
    let kind = get!(stmt, "kind");
    let create_table = is(kind, "create_table");
    let new = is_true(get!(stmt, "table", "new"));
    if !new && !create_table {
        let lock_blocks =
            text(get!(stmt, "impact", "lock")).is_some_and(|l| BLOCKING_LOCKS.contains(&l));
        let kind_blocks = text(kind).is_some_and(|k| BLOCKING_KINDS.contains(&k))
            && !holds(get!(stmt, "concurrently"));
        if (lock_blocks || kind_blocks) && has_subject(stmt) {
            return Some(Need::OwnTable);
        }
        return None;
    }
    if (create_table || new) && other_locks(stmt).next().is_some() && has_subject(stmt) {
        return Some(Need::ReferencedTable);
    }
    None
}

/// `other_locks(stmt)`: the objects of `stmt.impact.other_locks`.
fn other_locks(stmt: &Value) -> impl Iterator<Item = &Value> {
    let locks = get!(stmt, "impact", "other_locks");
    let all: Box<dyn Iterator<Item = &Value>> = match locks {
        Value::Array(a) => Box::new(a.iter()),
        Value::Object(o) => Box::new(o.values()),
        _ => Box::new(std::iter::empty()),
    };
    all.filter(|l| is_object(l))
}

/// Is `subject(stmt)` defined? (Without building it.)
fn has_subject(stmt: &Value) -> bool {
    let table = get!(stmt, "table");
    let object = get!(stmt, "object");
    (is_object(table) && text(get!(table, "name")).is_some())
        || (is_object(object)
            && is(get!(object, "type"), "table")
            && text(get!(object, "name")).is_some())
        || !names_of(stmt).is_empty()
}

/// `subject(stmt)`.
fn subject(stmt: &Value) -> Option<String> {
    if let Some(label) = table_label(stmt) {
        return Some(format!("on {label}"));
    }
    let names = names_of(stmt);
    if names.is_empty() {
        return None;
    }
    Some(format!("of {}", quoted_names(names)))
}

/// `lock_story(stmt)`: `[what, queue]`.
fn lock_story(stmt: &Value, need: Need) -> Option<(String, String)> {
    let kind = kind_words(text(get!(stmt, "kind"))?);
    let subject = subject(stmt)?;
    match need {
        Need::OwnTable => {
            let what = format!("{kind} {subject} takes {}", lock_words(stmt));
            let queue = match table_label(stmt) {
                Some(label) => format!("every query on {label}"),
                None => "every query on its table".to_string(),
            };
            Some((what, queue))
        }
        Need::ReferencedTable => {
            let locks: Vec<&Value> = other_locks(stmt).collect();
            let tables = quoted_names(locks);
            let what = format!(
                "{kind} {subject} takes a SHARE ROW EXCLUSIVE lock on the referenced table {tables}"
            );
            Some((what, format!("every write to {tables}")))
        }
    }
}

/// `lock_words(stmt)`.
fn lock_words(stmt: &Value) -> String {
    match text(get!(stmt, "impact", "lock")) {
        Some(lock) if lock.starts_with('a') => format!("an {} lock", kind_words(lock)),
        Some(lock) => format!("a {} lock", kind_words(lock)),
        None => "a lock that blocks other sessions".to_string(),
    }
}

/// `others(first)`.
fn others(first: i64, needs: &[(i64, &Value, Need)]) -> String {
    let mut distinct: Vec<i64> = needs.iter().map(|(index, _, _)| *index).collect();
    distinct.sort_unstable();
    distinct.dedup();
    if distinct.len() == 1 {
        return String::new();
    }
    // later_lines(first)
    let lines: Vec<String> = needs
        .iter()
        .filter(|(index, _, _)| *index != first)
        .filter_map(|(_, stmt, _)| int(get!(stmt, "line")))
        .map(|line| line.to_string())
        .collect();
    if lines.len() == 1 {
        return format!(
            "; a later statement of this migration (line {}) also waits for a blocking lock without one",
            lines[0]
        );
    }
    let named = if lines.len() <= 10 {
        lines.join(", ")
    } else {
        format!("{} and {} more", lines[..10].join(", "), lines.len() - 10)
    };
    format!(
        "; {} later statements of this migration (lines {named}) also wait for blocking locks without one",
        lines.len()
    )
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect;
    use crate::policy::native::testing::same_findings;

    fn run(dialect: Dialect, sql: &str) -> Vec<String> {
        same_findings(dialect, sql, serde_json::json!({}))
            .into_iter()
            .filter(|f| f.starts_with("require-lock-timeout"))
            .collect()
    }

    #[test]
    fn one_finding_at_the_first_statement() {
        assert_eq!(
            run(
                Dialect::Postgres,
                "ALTER TABLE orders ADD COLUMN note text;\nDROP INDEX idx_a;\nTRUNCATE t;\n"
            ),
            [
                "require-lock-timeout warning 1 ALTER TABLE on \"orders\" takes an ACCESS EXCLUSIVE lock with no lock_timeout set earlier in its migration: if another session holds a conflicting lock it waits indefinitely, and every query on \"orders\" queues behind it; 2 later statements of this migration (lines 2, 3) also wait for blocking locks without one"
            ]
        );
    }

    #[test]
    fn one_later_statement_and_drop_index_subject() {
        let found = run(
            Dialect::Postgres,
            "DROP INDEX idx_a;\nALTER TABLE orders ADD COLUMN note text;\n",
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("(line 2) also waits"), "{found:?}");
    }

    #[test]
    fn many_later_statements() {
        let sql: String = (0..13)
            .map(|i| format!("ALTER TABLE t{i} ADD COLUMN note text;\n"))
            .collect();
        let found = run(Dialect::Postgres, &sql);
        assert_eq!(found.len(), 1);
        assert!(
            found[0].ends_with(
                "; 12 later statements of this migration (lines 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 and 2 more) also wait for blocking locks without one"
            ),
            "{found:?}"
        );
    }

    #[test]
    fn timeouts_that_count_and_that_do_not() {
        for ok in ["'5s'", "5000", "'1min'"] {
            let sql =
                format!("SET lock_timeout = {ok};\nALTER TABLE orders ADD COLUMN note text;\n");
            assert!(run(Dialect::Postgres, &sql).is_empty(), "{ok}");
        }
        for off in ["0", "'0ms'", "DEFAULT", "'0.0 s'", "''"] {
            let sql =
                format!("SET lock_timeout = {off};\nALTER TABLE orders ADD COLUMN note text;\n");
            assert_eq!(run(Dialect::Postgres, &sql).len(), 1, "{off}");
        }
        let late = run(
            Dialect::Postgres,
            "ALTER TABLE orders ADD COLUMN note text;\nSET lock_timeout = '5s';\nALTER TABLE b ADD COLUMN note text;\n",
        );
        assert_eq!(late.len(), 1);
        assert!(!late[0].contains("later statement"), "{late:?}");
    }

    #[test]
    fn new_tables_concurrent_indexes_references_and_other_dialects() {
        assert!(
            run(
                Dialect::Postgres,
                "CREATE TABLE a (id int);\nALTER TABLE a ADD COLUMN b int;\nCREATE INDEX CONCURRENTLY i ON orders (x);\n"
            )
            .is_empty()
        );
        assert_eq!(
            run(
                Dialect::Postgres,
                "CREATE TABLE n (id int, o bigint REFERENCES orders (id));\nCREATE TABLE m (id int);\nALTER TABLE m ADD FOREIGN KEY (id) REFERENCES customers (id);\n"
            ),
            [
                "require-lock-timeout warning 1 CREATE TABLE on \"n\" takes a SHARE ROW EXCLUSIVE lock on the referenced table \"orders\" with no lock_timeout set earlier in its migration: if another session holds a conflicting lock it waits indefinitely, and every write to \"orders\" queues behind it; a later statement of this migration (line 3) also waits for a blocking lock without one"
            ]
        );
        assert!(run(Dialect::Mysql, "ALTER TABLE orders ADD COLUMN note text;\n").is_empty());
        assert_eq!(
            run(
                Dialect::Postgres,
                "LOCK TABLE orders;\nCLUSTER orders;\nREINDEX TABLE orders;\n"
            )
            .len(),
            1
        );
    }
}
