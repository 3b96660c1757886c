//! Column values (`value`, `valueNumeric`, `valueBoolean`, `valueDate`,
//! `valueComputed`, `valueSequenceNext`) and default values
//! (`defaultValue…`) rendered as SQL literals, as Liquibase's data types'
//! `objectToSql` do.

use super::functions::{current_date_time, database_function};
use super::types::Family;
use super::{Db, Gen, LowerError, string_literal};
use crate::source::ParsedNode;

/// Does this database store booleans as numbers (Liquibase's
/// `isNumericBoolean`)?
fn numeric_boolean(g: &Gen) -> bool {
    matches!(g.db, Db::Mssql | Db::Mysql | Db::Oracle | Db::Sqlite)
}

/// `TRUE`/`FALSE` or `1`/`0` for a boolean written as text.
pub(crate) fn boolean(g: &Gen, attr: &str, v: &str) -> Result<String, LowerError> {
    let lower = v.trim().trim_matches('\'').to_ascii_lowercase();
    let truth = match lower.as_str() {
        "true" | "1" | "t" | "b'1'" | "y" | "yes" => true,
        "false" | "0" | "f" | "b'0'" | "n" | "no" => false,
        "null" => return Ok("NULL".to_string()),
        _ => {
            return Err(LowerError::invalid(
                attr,
                format!("`{attr}` must be a boolean, not `{v}`"),
            ));
        }
    };
    Ok(match (numeric_boolean(g), truth) {
        (true, true) => "1".to_string(),
        (true, false) => "0".to_string(),
        (false, true) => "TRUE".to_string(),
        (false, false) => "FALSE".to_string(),
    })
}

/// A `valueBoolean` / `defaultValueBoolean` attribute as Liquibase 4.28
/// reads it: `ColumnConfig.load` (and `AbstractChange.load` for
/// addDefaultValue) converts the written text with `ParsedNode`'s
/// `Boolean.valueOf`, so `true` in any case is true and every other text
/// (`1`, `yes`, `null`, a typo such as `falsee`) is false.
pub(crate) fn written_boolean(g: &Gen, v: &str) -> String {
    let truth = v.eq_ignore_ascii_case("true");
    match (numeric_boolean(g), truth) {
        (true, true) => "1",
        (true, false) => "0",
        (false, true) => "TRUE",
        (false, false) => "FALSE",
    }
    .to_string()
}

fn is_number(v: &str) -> bool {
    let v = v.trim();
    !v.is_empty() && v.parse::<f64>().is_ok() && !v.contains(['e', 'E', 'i', 'I', 'n', 'N'])
}

/// A date/time function Liquibase passes through unquoted.
fn is_function(v: &str) -> bool {
    let upper = v.trim().to_ascii_uppercase();
    upper.ends_with(')')
        || matches!(
            upper.as_str(),
            "CURRENT_TIMESTAMP"
                | "CURRENT_DATE"
                | "CURRENT_TIME"
                | "SYSDATE"
                | "SYSTIMESTAMP"
                | "LOCALTIMESTAMP"
                | "CURRENT TIMESTAMP"
        )
}

/// A `valueDate`/`defaultValueDate` as Liquibase 4.28 writes it: an ISO
/// date, time or date-time (`ISODateFormat`) is the database's literal of
/// it; any other text is a `DatabaseFunction`, written as is (so
/// `"RESOURCE"` stays a double-quoted name, `now()` a call).
fn date_value(g: &Gen, v: &str) -> String {
    let Some((date, time)) = iso_date_time(v) else {
        return database_function(g, v);
    };
    let time = time.map(without_zero_fraction);
    let time = time.as_deref();
    let joined = |sep: &str| match (date, time) {
        (Some(d), Some(t)) => format!("{d}{sep}{t}"),
        (Some(d), None) => d.to_string(),
        (None, Some(t)) => t.to_string(),
        (None, None) => String::new(),
    };
    match g.db {
        Db::Mssql => string_literal(g, &joined("T")),
        Db::Oracle => {
            let text = joined(" ");
            let format = match (date, time) {
                (_, Some(t)) if t.contains('.') => "YYYY-MM-DD HH24:MI:SS.FF",
                (Some(_), Some(_)) => "YYYY-MM-DD HH24:MI:SS",
                (None, Some(_)) => "HH24:MI:SS",
                _ => "YYYY-MM-DD",
            };
            let function = if format.ends_with("FF") {
                "TO_TIMESTAMP"
            } else {
                "TO_DATE"
            };
            format!("{function}('{text}', '{format}')")
        }
        _ => string_literal(g, &joined(" ")),
    }
}

/// A time's fraction of a second as Liquibase writes a timestamp's nanos:
/// without trailing zeros, and left out when zero (`14:00:00.0` is
/// `14:00:00`, `14:00:00.500` is `14:00:00.5`).
fn without_zero_fraction(time: &str) -> String {
    match time.split_once('.') {
        Some((whole, fraction)) => match fraction.trim_end_matches('0') {
            "" => whole.to_string(),
            kept => format!("{whole}.{kept}"),
        },
        None => time.to_string(),
    }
}

/// `yyyy-MM-dd`, `HH:mm:ss` or a date and a time (`HH:mm:ss[.f…]`) joined
/// by `T` or a space: its date and time parts. A time alone with a
/// fraction (`14:00:00.250`) is none: Liquibase writes it as is.
fn iso_date_time(v: &str) -> Option<(Option<&str>, Option<&str>)> {
    let shaped = |s: &str, shape: &str| {
        s.len() == shape.len()
            && s.bytes().zip(shape.bytes()).all(|(c, p)| {
                if p == b'9' {
                    c.is_ascii_digit()
                } else {
                    c == p
                }
            })
    };
    let is_date = |s: &str| shaped(s, "9999-99-99");
    let is_time = |s: &str| {
        let (whole, fraction) = s.split_once('.').unwrap_or((s, "1"));
        shaped(whole, "99:99:99")
            && !fraction.is_empty()
            && fraction.bytes().all(|b| b.is_ascii_digit())
    };
    if is_date(v) {
        return Some((Some(v), None));
    }
    if is_time(v) && !v.contains('.') {
        return Some((None, Some(v)));
    }
    let (date, time) = v.split_at_checked(10)?;
    let time = time.strip_prefix(['T', ' '])?;
    (is_date(date) && is_time(time)).then_some((Some(date), Some(time)))
}

/// A `value="…"` of insert, update or addColumn as Liquibase's
/// `convertToString` writes it: a string literal whatever the column's
/// type (`'1'`, `'true'`), unless it looks like a function call
/// (`looksLikeFunctionCall`: the database's current date-time function in
/// any case, `to_date(…)`, `"SYSIBM".…`), which is written as is.
fn value_literal(g: &Gen, v: &str) -> String {
    if v.trim().eq_ignore_ascii_case("null") {
        return "NULL".to_string();
    }
    let call = v.starts_with("\"SYSIBM\".")
        || v.starts_with("to_date(")
        || current_date_time(g).is_some_and(|now| v.eq_ignore_ascii_case(now));
    match call {
        true => v.to_string(),
        false => string_literal(g, v),
    }
}

/// A plain `value="…"` rendered for a column of `family` (unknown family:
/// a string).
pub(crate) fn plain(
    g: &Gen,
    attr: &str,
    v: &str,
    family: Option<Family>,
) -> Result<String, LowerError> {
    if v.trim().eq_ignore_ascii_case("null") {
        return Ok("NULL".to_string());
    }
    match family {
        Some(Family::Integer | Family::Decimal) if is_number(v) => Ok(v.trim().to_string()),
        Some(Family::Boolean) => boolean(g, attr, v),
        Some(Family::DateTime) if is_function(v) => Ok(v.trim().to_string()),
        _ => Ok(string_literal(g, v)),
    }
}

/// `defaultValueNumeric` as Liquibase 4.28 writes it: the number as
/// `ColumnConfig.setDefaultValueNumeric` reads it (one pair of parentheses
/// dropped, `0.000000` read as `0`), through the column type's
/// `objectToSql`: a boolean column's `FALSE`/`TRUE` (or `0`/`1`), a text
/// column's string literal. Text that is not a number is an expression,
/// written as is.
fn numeric_default(g: &Gen, v: &str, family: Option<Family>) -> String {
    let t = v.trim();
    let bare = t.strip_prefix('(').unwrap_or(t);
    let bare = bare.strip_suffix(')').unwrap_or(bare).trim();
    let Some(n) = java_number(bare) else {
        return t.to_string();
    };
    match family {
        Some(Family::Boolean) => {
            let zero = n.parse::<f64>().is_ok_and(|f| f.trunc() == 0.0);
            written_boolean(g, if zero { "false" } else { "true" })
        }
        Some(Family::Text) => string_literal(g, &n),
        _ => n,
    }
}

/// A number as Java's `NumberFormat` hands it back, printed: a whole
/// number as a `long` (`0.000000` is `0`, `+7` is `7`), else a `double`.
fn java_number(t: &str) -> Option<String> {
    if !is_number(t) {
        return None;
    }
    if let Ok(i) = t.parse::<i64>() {
        return Some(i.to_string());
    }
    let f: f64 = t.parse().ok()?;
    if f.fract() == 0.0 && f.abs() < 9.0e18 {
        // a whole number that fits a long: NumberFormat returns a Long
        return Some(format!("{}", f as i64));
    }
    Some(format!("{f}"))
}

/// `nextval` of a sequence in the database's own syntax.
pub(crate) fn sequence_next(g: &Gen, seq: &str) -> String {
    match g.db {
        Db::Postgres => format!("nextval('{}')", seq.replace('\'', "''")),
        Db::Oracle => format!("{}.nextval", g.name(seq)),
        _ => format!("NEXT VALUE FOR {}", g.name(seq)),
    }
}

fn sequence_current(g: &Gen, seq: &str) -> String {
    match g.db {
        Db::Postgres => format!("currval('{}')", seq.replace('\'', "''")),
        Db::Oracle => format!("{}.currval", g.name(seq)),
        _ => format!("CURRENT VALUE FOR {}", g.name(seq)),
    }
}

/// The value a `<column>` carries (insert/update), `None` when it has none.
pub(crate) fn column_value(
    g: &Gen,
    col: &ParsedNode,
    family: Option<Family>,
) -> Result<Option<String>, LowerError> {
    typed(g, col, "value", family)
}

/// The default value a `<column>` (or an addDefaultValue change) carries.
pub(crate) fn default_value(
    g: &Gen,
    node: &ParsedNode,
    family: Option<Family>,
) -> Result<Option<String>, LowerError> {
    typed(g, node, "defaultValue", family)
}

fn typed(
    g: &Gen,
    node: &ParsedNode,
    base: &str,
    family: Option<Family>,
) -> Result<Option<String>, LowerError> {
    for (suffix, _) in &node.attrs {
        let Some(kind) = suffix.strip_prefix(base) else {
            continue;
        };
        let attr = suffix.as_str();
        let Some(v) = node.attr(attr) else { continue };
        let out = match kind {
            "" if base == "value" => value_literal(g, v),
            "" => plain(g, attr, v, family)?,
            "Numeric" if v.trim().eq_ignore_ascii_case("null") => "NULL".to_string(),
            "Numeric" if base == "defaultValue" => numeric_default(g, v, family),
            // A number, or an expression Liquibase passes through as written.
            "Numeric" => v.trim().to_string(),
            "Boolean" => written_boolean(g, v),
            "Date" => date_value(g, v.trim()),
            "Computed" => database_function(g, v.trim()),
            "SequenceNext" => sequence_next(g, v.trim()),
            "SequenceCurrent" => sequence_current(g, v.trim()),
            "BlobFile" | "ClobFile" => {
                return Err(LowerError::invalid(
                    attr,
                    format!("`{attr}` loads a file at run time; its contents are not known here"),
                ));
            }
            // e.g. defaultValueConstraintName: not a value.
            _ => continue,
        };
        return Ok(Some(out));
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::super::test_support::node;
    use super::*;
    use crate::dialect::Dialect;

    #[test]
    fn values_follow_the_column_type_and_database() {
        let pg = Gen::new(Dialect::Postgres);
        let ms = Gen::new(Dialect::Sqlserver);
        let my = Gen::new(Dialect::Mysql);
        let c = node("column", &[("name", "a"), ("valueBoolean", "true")], vec![]);
        assert_eq!(
            column_value(&pg, &c, None).unwrap().as_deref(),
            Some("TRUE")
        );
        assert_eq!(column_value(&ms, &c, None).unwrap().as_deref(), Some("1"));
        let c = node("column", &[("name", "a"), ("value", "O'Hara\\")], vec![]);
        assert_eq!(
            column_value(&pg, &c, None).unwrap().as_deref(),
            Some("'O''Hara\\'")
        );
        assert_eq!(
            column_value(&my, &c, None).unwrap().as_deref(),
            Some("'O''Hara\\\\'")
        );
        // a value is a string whatever the column's type (convertToString)
        let c = node("column", &[("name", "a"), ("value", "42")], vec![]);
        assert_eq!(
            column_value(&pg, &c, Some(Family::Integer))
                .unwrap()
                .as_deref(),
            Some("'42'")
        );
        assert_eq!(
            column_value(&pg, &c, None).unwrap().as_deref(),
            Some("'42'")
        );
        let c = node(
            "column",
            &[("name", "a"), ("valueSequenceNext", "s")],
            vec![],
        );
        assert_eq!(
            column_value(&pg, &c, None).unwrap().as_deref(),
            Some("nextval('s')")
        );
        let c = node(
            "column",
            &[("name", "a"), ("defaultValueComputed", "now()")],
            vec![],
        );
        assert_eq!(
            default_value(&pg, &c, None).unwrap().as_deref(),
            Some("NOW()")
        );
        let c = node("column", &[("name", "a")], vec![]);
        assert_eq!(column_value(&pg, &c, None).unwrap(), None);
    }

    #[test]
    fn numbers_read_as_java_reads_them() {
        assert_eq!(java_number("0.000000").as_deref(), Some("0"));
        assert_eq!(java_number("+7").as_deref(), Some("7"));
        assert_eq!(java_number("2.50").as_deref(), Some("2.5"));
        assert_eq!(java_number("-1").as_deref(), Some("-1"));
        assert_eq!(java_number("nextval('s')"), None);
    }

    #[test]
    fn written_booleans_are_true_only_when_they_say_true() {
        let pg = Gen::new(Dialect::Postgres);
        let my = Gen::new(Dialect::Mysql);
        let value = |g: &Gen, attr: &str, v: &str| {
            let c = node("column", &[("name", "a"), (attr, v)], vec![]);
            match attr {
                "valueBoolean" => column_value(g, &c, None),
                _ => default_value(g, &c, None),
            }
            .unwrap()
            .unwrap()
        };
        assert_eq!(value(&pg, "valueBoolean", "TRUE"), "TRUE");
        assert_eq!(value(&my, "valueBoolean", "True"), "1");
        // Boolean.valueOf: a typo, 1, yes and null are all false.
        assert_eq!(value(&pg, "valueBoolean", "falsee"), "FALSE");
        assert_eq!(value(&my, "valueBoolean", "falsee"), "0");
        assert_eq!(value(&pg, "valueBoolean", "1"), "FALSE");
        assert_eq!(value(&pg, "valueBoolean", "yes"), "FALSE");
        assert_eq!(value(&pg, "valueBoolean", "null"), "FALSE");
        assert_eq!(value(&pg, "defaultValueBoolean", "${flag}"), "FALSE");
        assert_eq!(value(&my, "defaultValueBoolean", "true"), "1");
    }
}
