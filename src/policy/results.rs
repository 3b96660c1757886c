//! Turning the value of an entry point into findings: a message string or
//! an object `{msg, rule?, severity?, at?, help?}` per element, checked
//! strictly so a malformed result is an error naming the rule, never a
//! silently dropped finding.

use regorus::Value;
use serde_json::Value as Json;

use super::engine::{EntryPoint, RawFinding, to_json};
use super::{At, Severity};
use crate::error::Problem;

/// Sizes of the input, to check `at` indexes.
#[derive(Clone, Copy)]
pub(crate) struct Counts {
    pub(crate) statements: usize,
    pub(crate) changesets: usize,
}

/// Turns the value of one entry point into findings.
pub(crate) fn collect(
    entry: &EntryPoint,
    value: &Value,
    counts: Counts,
    out: &mut Vec<RawFinding>,
) -> Result<(), Problem> {
    // the rule's own definition is where a bad value comes from
    let bad = |what: String| {
        let (file, line) = &entry.declared;
        Problem::at_path(file, *line, 1, format!("{}: {what}", entry.path))
    };
    let json = to_json(value).map_err(bad)?;
    let items = match json {
        Json::Null => return Ok(()),
        Json::Array(items) => items,
        Json::String(_) | Json::Object(_) => vec![json],
        // `deny := false` / `deny := true` carry no message
        Json::Bool(false) => return Ok(()),
        other => {
            return Err(bad(format!(
                "expected a set of messages or objects, found {other}"
            )));
        }
    };
    for item in items {
        out.push(finding(entry, item, counts).map_err(bad)?);
    }
    Ok(())
}

fn finding(entry: &EntryPoint, item: Json, counts: Counts) -> Result<RawFinding, String> {
    let default_rule = || {
        entry
            .rule_id
            .clone()
            .unwrap_or_else(|| format!("{}.{}", entry.package, entry.name))
    };
    let Json::Object(obj) = item else {
        return match item {
            Json::String(msg) => Ok(RawFinding {
                rule: default_rule(),
                severity: entry.severity,
                message: msg,
                help: None,
                at: At::Nothing,
            }),
            other => Err(format!(
                "each result must be a message string or an object with `msg`, found {other}"
            )),
        };
    };
    let string = |key: &str| -> Result<Option<String>, String> {
        match obj.get(key) {
            None | Some(Json::Null) => Ok(None),
            Some(Json::String(s)) => Ok(Some(s.clone())),
            Some(other) => Err(format!("`{key}` must be a string, found {other}")),
        }
    };
    let message = string("msg")?.ok_or_else(|| {
        format!(
            "result object has no `msg` string: {}",
            Json::Object(obj.clone())
        )
    })?;
    let severity = match string("severity")? {
        None => entry.severity,
        Some(s) => Severity::parse(&s).ok_or_else(|| {
            format!("`severity` must be \"error\", \"warning\" or \"info\", found \"{s}\"")
        })?,
    };
    Ok(RawFinding {
        rule: string("rule")?.unwrap_or_else(default_rule),
        severity,
        message,
        help: string("help")?.filter(|h| !h.is_empty()),
        at: parse_at(obj.get("at"), counts)?,
    })
}

/// `at`: a statement index, `{"statement": i}`, `{"changeset": i}` or absent.
fn parse_at(value: Option<&Json>, counts: Counts) -> Result<At, String> {
    let index = |v: &Json, what: &str, len: usize| -> Result<usize, String> {
        let i = v
            .as_u64()
            .and_then(|i| usize::try_from(i).ok())
            .ok_or_else(|| {
                format!("`at` {what} index must be a non-negative integer, found {v}")
            })?;
        if i >= len {
            return Err(format!(
                "`at` names {what} {i}, but the input has {len} {what}s"
            ));
        }
        Ok(i)
    };
    match value {
        None | Some(Json::Null) => Ok(At::Nothing),
        Some(v @ Json::Number(_)) => Ok(At::Statement(index(v, "statement", counts.statements)?)),
        Some(Json::Object(o)) => {
            if let Some(v) = o.get("statement") {
                Ok(At::Statement(index(v, "statement", counts.statements)?))
            } else if let Some(v) = o.get("changeset") {
                Ok(At::Changeset(index(v, "changeset", counts.changesets)?))
            } else {
                Err(format!(
                    "`at` must be a statement index, {{\"statement\": i}} or {{\"changeset\": i}}, found {}",
                    Json::Object(o.clone())
                ))
            }
        }
        Some(other) => Err(format!(
            "`at` must be a statement index, {{\"statement\": i}} or {{\"changeset\": i}}, found {other}"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_must_name_an_existing_statement() {
        let counts = Counts {
            statements: 2,
            changesets: 1,
        };
        assert_eq!(
            parse_at(Some(&serde_json::json!(1)), counts),
            Ok(At::Statement(1))
        );
        assert_eq!(
            parse_at(Some(&serde_json::json!({"changeset": 0})), counts),
            Ok(At::Changeset(0))
        );
        assert!(parse_at(Some(&serde_json::json!(2)), counts).is_err());
        assert!(parse_at(Some(&serde_json::json!(-1)), counts).is_err());
        assert!(parse_at(Some(&serde_json::json!("x")), counts).is_err());
    }
}
