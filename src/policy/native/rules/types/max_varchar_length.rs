//! `max-varchar-length` (`policies/types/max_varchar_length.rego`, `warn`).

use std::sync::LazyLock;

use regex::Regex;

use super::common::{column_type_findings, folded};
use crate::policy::engine::RawFinding;
use crate::policy::native::value::{decimal, number};
use crate::policy::native::{Doc, Meta};

static LENGTH: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"^(n?varchar|varchar2|nvarchar2|character varying|n?char|character)\s*\(\s*([0-9]+)",
    )
    .ok()
});

/// `length(type_name)`: n of `varchar(n)`, `character varying (n)`,
/// `char(n)`, `nvarchar(n)`. `to_number` reads the digits as JSON: a
/// number written with a leading zero is none (an error in Rego).
fn length(type_name: &str) -> Option<f64> {
    let folded = folded(type_name);
    let digits = LENGTH.as_ref()?.captures(&folded)?.get(2)?.as_str();
    if digits.len() > 1 && digits.starts_with('0') {
        return None;
    }
    digits.parse::<f64>().ok()
}

pub(super) fn warn(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    // `max_length`: undefined unless a number is configured
    let Some(max_length) = doc.param(meta, "max_length") else {
        return Vec::new();
    };
    let Some(max) = number(max_length) else {
        return Vec::new();
    };
    // `%d` of a number that is no integer is an error in Rego: the schema
    // of the rule's params (`integer`) keeps it from being configured
    let Some(shown) = decimal(max_length) else {
        return Vec::new();
    };
    let longer = |type_name: &str| length(type_name).is_some_and(|n| n > max);
    column_type_findings(
        doc,
        meta,
        &["alter_column_type", "modify_column"],
        longer,
        |column, type_name| {
            format!(
                "Column \"{column}\" is {type_name}, longer than {shown} (params.max-varchar-length.max_length)"
            )
        },
        |column, type_name| {
            format!(
                "Column \"{column}\" becomes {type_name}, longer than {shown} (params.max-varchar-length.max_length)"
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
            .filter(|f| f.starts_with("max-varchar-length "))
            .collect()
    }

    fn limit(n: serde_json::Value) -> serde_json::Value {
        serde_json::json!({"params": {"max-varchar-length": {"max_length": n}}})
    }

    const SQL: &str = "SET lock_timeout = '1s';\n\
        CREATE TABLE t (a varchar(4000), b VARCHAR (100), c character varying(2000), d char(3000), e nvarchar(5000), f text, g varchar);\n\
        ALTER TABLE orders ADD COLUMN note varchar(2048), ADD COLUMN code varchar(10);\n\
        ALTER TABLE orders ALTER COLUMN n TYPE varchar(9999);\n\
        ALTER TABLE orders ALTER COLUMN m TYPE varchar(20);\n";

    #[test]
    fn longer_than_the_limit_on_postgres() {
        let found = findings(Dialect::Postgres, SQL, limit(serde_json::json!(1024)));
        let expected: Vec<String> = [
            "2 Column \"a\" is VARCHAR(4000), longer than 1024",
            "2 Column \"c\" is CHARACTER VARYING(2000), longer than 1024",
            "2 Column \"d\" is CHAR(3000), longer than 1024",
            "2 Column \"e\" is NVARCHAR(5000), longer than 1024",
            "3 Column \"note\" is VARCHAR(2048), longer than 1024",
            "4 Column \"n\" becomes VARCHAR(9999), longer than 1024",
        ]
        .iter()
        .map(|f| format!("max-varchar-length warning {f} (params.max-varchar-length.max_length)"))
        .collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn mysql_modify_and_change() {
        let found = findings(
            Dialect::Mysql,
            "CREATE TABLE t (a varchar(300), b varchar(10));\n\
             ALTER TABLE t MODIFY b varchar(500);\n\
             ALTER TABLE t CHANGE b c varchar(600);\n\
             ALTER TABLE t MODIFY a varchar(20);\n",
            limit(serde_json::json!(255)),
        );
        let expected: Vec<String> = [
            "1 Column \"a\" is VARCHAR(300), longer than 255",
            "2 Column \"b\" becomes VARCHAR(500), longer than 255",
            "3 Column \"b\" becomes VARCHAR(600), longer than 255",
        ]
        .iter()
        .map(|f| format!("max-varchar-length warning {f} (params.max-varchar-length.max_length)"))
        .collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn a_negative_limit_is_shown_as_regorus_shows_it() {
        let found = findings(
            Dialect::Postgres,
            "CREATE TABLE t (a varchar(0), b text);\n",
            limit(serde_json::json!(-1)),
        );
        assert_eq!(
            found,
            [
                "max-varchar-length warning 1 Column \"a\" is VARCHAR(0), longer than --1 (params.max-varchar-length.max_length)"
            ]
        );
    }

    #[test]
    fn nothing_until_configured() {
        assert!(findings(Dialect::Postgres, SQL, serde_json::json!({})).is_empty());
    }
}
