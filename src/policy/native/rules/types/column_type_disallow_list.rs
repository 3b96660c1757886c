//! `column-type-disallow-list` (`policies/types/column_type_disallow_list.rego`, `warn`).

use std::collections::BTreeSet;

use super::common::column_type_findings;
use crate::policy::engine::RawFinding;
use crate::policy::native::value::{is_array, items, text};
use crate::policy::native::{Doc, Meta};

/// `base(type_name)`: the type's name without its arguments,
/// `"VARCHAR(255)"` → `"varchar"`.
fn base(type_name: &str) -> String {
    type_name
        .split('(')
        .next()
        .unwrap_or_default()
        .trim()
        .to_lowercase()
}

pub(super) fn warn(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    let Some(configured) = doc.param(meta, "types").filter(|c| is_array(c)) else {
        return Vec::new();
    };
    let banned: BTreeSet<String> = items(configured)
        .iter()
        .filter_map(text)
        .map(str::to_lowercase)
        .collect();
    if banned.is_empty() {
        return Vec::new();
    }
    column_type_findings(
        doc,
        meta,
        &["alter_column_type", "modify_column"],
        |type_name| banned.contains(&base(type_name)),
        |column, type_name| {
            format!(
                "Column \"{column}\" is {type_name}, a type params.column-type-disallow-list.types bans"
            )
        },
        |column, type_name| {
            format!(
                "Column \"{column}\" becomes {type_name}, a type params.column-type-disallow-list.types bans"
            )
        },
    )
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect;
    use crate::policy::native::testing::same_findings;

    fn findings(dialect: Dialect, sql: &str, config: serde_json::Value) -> Vec<String> {
        same_findings(dialect, sql, config)
            .into_iter()
            .filter(|f| f.starts_with("column-type-disallow-list "))
            .collect()
    }

    fn banning(types: serde_json::Value) -> serde_json::Value {
        serde_json::json!({"params": {"column-type-disallow-list": {"types": types}}})
    }

    #[test]
    fn banned_types_on_postgres() {
        let found = findings(
            Dialect::Postgres,
            "SET lock_timeout = '1s';\n\
             CREATE TABLE t (a MONEY, b jsonb, c json, d numeric(10, 2), e text);\n\
             ALTER TABLE orders ADD COLUMN total money, ADD COLUMN data jsonb;\n\
             ALTER TABLE orders ALTER COLUMN meta TYPE json;\n\
             ALTER TABLE orders ALTER COLUMN other TYPE jsonb;\n",
            banning(serde_json::json!(["money", "JSON", "Numeric"])),
        );
        let expected: Vec<String> = [
            "2 Column \"a\" is MONEY,",
            "2 Column \"c\" is JSON,",
            "2 Column \"d\" is NUMERIC(10,2),",
            "3 Column \"total\" is money,",
            "4 Column \"meta\" becomes JSON,",
        ]
        .iter()
        .map(|f| {
            format!(
                "column-type-disallow-list warning {f} a type params.column-type-disallow-list.types bans"
            )
        })
        .collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn mysql_modify() {
        let found = findings(
            Dialect::Mysql,
            "CREATE TABLE t (a float, b int);\n\
             ALTER TABLE t MODIFY b FLOAT;\n\
             ALTER TABLE t CHANGE b c double;\n",
            banning(serde_json::json!(["float", 3, null])),
        );
        assert_eq!(
            found,
            [
                "column-type-disallow-list warning 1 Column \"a\" is FLOAT, a type params.column-type-disallow-list.types bans",
                "column-type-disallow-list warning 2 Column \"b\" becomes FLOAT, a type params.column-type-disallow-list.types bans",
            ]
        );
    }

    #[test]
    fn nothing_until_configured() {
        let sql = "CREATE TABLE t (a money);\n";
        assert!(findings(Dialect::Postgres, sql, serde_json::json!({})).is_empty());
        assert!(findings(Dialect::Postgres, sql, banning(serde_json::json!("money"))).is_empty());
    }
}
