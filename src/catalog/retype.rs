//! The type a column has before `ALTER COLUMN … TYPE` (or MySQL's
//! `MODIFY`/`CHANGE COLUMN`) changes it, when the replay knows the column:
//! the impact stage tells a metadata-only change (`varchar(50)` →
//! `varchar(100)` or `text` on PostgreSQL, an `ENUM` value appended on
//! MySQL) from a rewrite or a table copy.

use crate::sql::facts::{Facts, OpColumn};

use super::model::Schema;
use super::names::maybe_same;

/// A column an `ALTER COLUMN … TYPE` or `MODIFY`/`CHANGE COLUMN` of the
/// statement changes, and its type before.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Retyped {
    pub column: String,
    /// The type as the statement that gave it wrote it.
    pub from: String,
    /// Both types are `ENUM` (or both `SET`): how the list of values
    /// changes.
    pub enum_change: Option<EnumChange>,
}

/// How a MySQL `ENUM`/`SET` column's list of values changes. InnoDB keeps
/// each value as its position in the list: only values appended at the end
/// without a larger storage size leave the stored numbers valid (instant on
/// MySQL 8.0, in place before); anything else copies the table.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct EnumChange {
    /// `enum` or `set`.
    pub kind: String,
    /// Values of the old list the new one lacks (rows holding them lose
    /// their value).
    pub removed: Vec<String>,
    /// Values the new list adds before values it keeps.
    pub inserted: Vec<String>,
    /// Values the new list adds after every value it keeps.
    pub appended: Vec<String>,
    /// The values kept are in another order.
    pub reordered: bool,
    /// The stored size grows (`ENUM` past 255 values, `SET` past 8, 16, 24
    /// or 32).
    pub storage_grows: bool,
    /// Only appended values, the same storage size, and the same
    /// nullability and default presence: no copy needed.
    pub append_only: bool,
}

/// The values of an `ENUM(…)`/`SET(…)` type, parsed with the MySQL grammar.
fn enum_values(text: &str) -> Option<(&'static str, Vec<String>)> {
    use sqlparser::ast::{DataType, EnumMember};
    let dialect = sqlparser::dialect::MySqlDialect {};
    let mut parser = sqlparser::parser::Parser::new(&dialect)
        .try_with_sql(text)
        .ok()?;
    match parser.parse_data_type().ok()? {
        DataType::Enum(members, _) => Some((
            "enum",
            members
                .into_iter()
                .map(|m| match m {
                    EnumMember::Name(n) | EnumMember::NamedValue(n, _) => n,
                })
                .collect(),
        )),
        DataType::Set(values) => Some(("set", values)),
        _ => None,
    }
}

/// Bytes a value takes: `ENUM` 1 up to 255 values, else 2; `SET` 1, 2, 3,
/// 4 or 8 (MySQL manual, "Data Type Storage Requirements").
fn storage(kind: &str, n: usize) -> u8 {
    match kind {
        "enum" if n <= 255 => 1,
        "enum" => 2,
        _ => match n.div_ceil(8) {
            0 | 1 => 1,
            2 => 2,
            3 => 3,
            4 => 4,
            _ => 8,
        },
    }
}

/// How the values change from `from` to `to`, when both are `ENUM` or
/// both `SET`. Values compare as written (MySQL compares them by the
/// column's collation, usually without case: a change of case only is
/// still a change of definition).
pub(crate) fn enum_change(from: &str, to: &str) -> Option<EnumChange> {
    let (kind, old) = enum_values(from)?;
    let (new_kind, new) = enum_values(to)?;
    if kind != new_kind {
        return None;
    }
    let removed: Vec<String> = old.iter().filter(|v| !new.contains(v)).cloned().collect();
    let kept_new: Vec<&String> = new.iter().filter(|v| old.contains(v)).collect();
    let kept_old: Vec<&String> = old.iter().filter(|v| new.contains(v)).collect();
    let reordered = kept_new != kept_old;
    // the position after the last kept value: new values from there on are
    // appended
    let last_kept = new
        .iter()
        .rposition(|v| old.contains(v))
        .map_or(0, |i| i + 1);
    let (mut inserted, mut appended) = (Vec::new(), Vec::new());
    for (i, v) in new.iter().enumerate() {
        if !old.contains(v) {
            if i < last_kept {
                inserted.push(v.clone());
            } else {
                appended.push(v.clone());
            }
        }
    }
    let storage_grows = storage(kind, new.len()) > storage(kind, old.len());
    Some(EnumChange {
        kind: kind.to_string(),
        append_only: removed.is_empty() && inserted.is_empty() && !reordered && !storage_grows,
        removed,
        inserted,
        appended,
        reordered,
        storage_grows,
    })
}

impl Schema {
    /// The `ALTER COLUMN … TYPE` operations of the statement whose column
    /// the model certainly holds, with the column's type before it.
    pub fn retyped(&self, facts: &Facts) -> Vec<Retyped> {
        let Some(info) = facts.table.as_ref().and_then(|t| self.certain_table(t)) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for op in facts
            .ops
            .iter()
            .flatten()
            .filter(|o| o.op == "alter_column_type" || o.op == "modify_column")
        {
            let Some(OpColumn::Name(column)) = &op.column else {
                continue;
            };
            if let Some(c) = info.columns.iter().find(|c| maybe_same(&c.name, column)) {
                let mut enum_change = op
                    .data_type
                    .as_deref()
                    .and_then(|to| enum_change(&c.data_type, to));
                // MODIFY restates the whole column: a change of nullability
                // or default is a change of its own
                if let Some(e) = enum_change.as_mut()
                    && (op.not_null.is_some_and(|n| n != c.not_null)
                        || op.has_default.is_some_and(|d| d != c.has_default))
                {
                    e.append_only = false;
                }
                out.push(Retyped {
                    column: column.clone(),
                    from: c.data_type.clone(),
                    enum_change,
                });
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::enum_change;

    #[test]
    fn appending_at_the_end_is_the_only_change_that_keeps_the_numbers() {
        let e = enum_change("ENUM('a', 'b')", "ENUM('a', 'b', 'c')").unwrap();
        assert_eq!((e.appended, e.append_only), (vec!["c".to_string()], true));
        let e = enum_change("ENUM('a', 'b')", "ENUM('a', 'c', 'b')").unwrap();
        assert_eq!((e.inserted, e.append_only), (vec!["c".to_string()], false));
        let e = enum_change("ENUM('a', 'b', 'c')", "ENUM('a', 'c')").unwrap();
        assert_eq!((e.removed, e.reordered), (vec!["b".to_string()], false));
        let e = enum_change("ENUM('a', 'b')", "ENUM('b', 'a')").unwrap();
        assert!(e.reordered && !e.append_only);
        let e = enum_change(
            "SET('a','b','c','d','e','f','g','h')",
            "SET('a','b','c','d','e','f','g','h','i')",
        )
        .unwrap();
        assert!(e.storage_grows && !e.append_only);
        assert_eq!(enum_change("ENUM('a')", "SET('a')"), None);
        assert_eq!(enum_change("varchar(10)", "ENUM('a')"), None);
    }
}
