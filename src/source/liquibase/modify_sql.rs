//! A changeSet's `modifySql` blocks: their edits (`append`, `prepend`,
//! `replace`, `regExpReplace`) as typed [`SqlVisitor`]s the SQL stage
//! applies to every statement, and as JSON for policies.
//!
//! As Liquibase 4.28 reads them (`ChangeSet.handleChildNode`): the block's
//! `dbms`, `context` and `labels` filter all of its edits, `applyToRollback`
//! sends them to the rollback too, and an element that is not one of the
//! four edits is ignored.

use std::path::Path;

use serde_json::{Value, json};

use super::Loader;
use super::tree::Node;
use crate::error::Problem;
use crate::source::{SqlEdit, SqlVisitor};

impl Loader<'_> {
    /// The edits of `node`'s `modifySql` blocks that run on the target, and
    /// the same blocks as JSON (`attributes.modifySql`), if any.
    pub(super) fn modify_sql(&mut self, node: &Node, path: &Path) -> (Vec<SqlVisitor>, Value) {
        let blocks: Vec<&Node> = node.children_named("modifySql").collect();
        for m in &blocks {
            self.check_filters(m, path);
        }
        let kept: Vec<&Node> = blocks
            .into_iter()
            .filter(|m| self.element_runs(m, path))
            .collect();
        let json = Value::Array(kept.iter().map(|m| self.node_json(m, path)).collect());
        let mut visitors = Vec::new();
        for m in kept {
            let apply_to_rollback = self.flag(m, "applyToRollback", path, false);
            for v in &m.children {
                if let Some(edit) = self.sql_edit(v, path) {
                    visitors.push(SqlVisitor {
                        edit,
                        apply_to_rollback,
                        span: v.span,
                    });
                }
            }
        }
        (visitors, json)
    }

    /// One edit; `None` for an element Liquibase ignores, or a pattern that
    /// cannot be used (a problem is recorded).
    fn sql_edit(&mut self, v: &Node, path: &Path) -> Option<SqlEdit> {
        let value = |name: &str| self.value(v, name, path).unwrap_or_default();
        match v.name.as_str() {
            "append" => Some(SqlEdit::Append(value("value"))),
            "prepend" => Some(SqlEdit::Prepend(value("value"))),
            "replace" => Some(SqlEdit::Replace {
                from: value("replace"),
                to: value("with"),
            }),
            "regExpReplace" => {
                let (pattern, with) = (value("replace"), value("with"));
                let at = v.attr("replace").map_or(v.span, |a| a.span);
                let compiled = regex::Regex::new(&pattern).map_err(|e| e.to_string());
                let edit = compiled.and_then(|re| {
                    let to = java_replacement(&with, re.captures_len() - 1)?;
                    Ok(SqlEdit::RegExpReplace { pattern: re, to })
                });
                match edit {
                    Ok(edit) => Some(edit),
                    Err(e) => {
                        self.problems.push(Problem::at_span(
                            at,
                            format!("regExpReplace `{pattern}` → `{with}` cannot be applied: {e}"),
                        ));
                        None
                    }
                }
            }
            _ => None,
        }
    }

    /// A generic element as JSON (`modifySql`).
    fn node_json(&self, node: &Node, path: &Path) -> Value {
        let mut obj = self.expanded_attrs(node, path);
        if !node.children.is_empty() {
            let nested: Vec<Value> = node
                .children
                .iter()
                .map(|c| {
                    let mut v = self.node_json(c, path);
                    if let Value::Object(o) = &mut v {
                        o.insert("type".into(), json!(c.name));
                    }
                    v
                })
                .collect();
            obj.insert("changes".into(), Value::Array(nested));
        }
        Value::Object(obj)
    }
}

/// A `java.util.regex` replacement (`$1`, `${name}`, `\$`) in the `regex`
/// crate's syntax (`${1}`, `${name}`, `$$`), for a pattern with `groups`
/// groups; an error where Java's `Matcher.appendReplacement` throws.
fn java_replacement(with: &str, groups: usize) -> Result<String, String> {
    let mut out = String::new();
    let mut chars = with.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('$') => out.push_str("$$"),
                Some(x) => out.push(x),
                None => return Err("character to be escaped is missing".into()),
            },
            '$' => match chars.next() {
                Some('{') => {
                    let name: String = chars.by_ref().take_while(|&c| c != '}').collect();
                    out.push_str(&format!("${{{name}}}"));
                }
                Some(d) if d.is_ascii_digit() => {
                    let mut n = d.to_digit(10).unwrap_or(0) as usize;
                    if n > groups {
                        return Err(format!("no group {n}"));
                    }
                    // Java takes more digits while they still name a group
                    while let Some(next) = chars.peek().and_then(|c| c.to_digit(10)) {
                        let longer = n * 10 + next as usize;
                        if longer > groups {
                            break;
                        }
                        n = longer;
                        chars.next();
                    }
                    out.push_str(&format!("${{{n}}}"));
                }
                _ => return Err("illegal group reference".into()),
            },
            _ => out.push(c),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::java_replacement;

    #[test]
    fn java_replacements_become_the_regex_crates() {
        assert_eq!(java_replacement("$1x", 1).as_deref(), Ok("${1}x"));
        assert_eq!(java_replacement("$12", 1).as_deref(), Ok("${1}2"));
        assert_eq!(java_replacement("$12", 12).as_deref(), Ok("${12}"));
        assert_eq!(java_replacement(r"\$5 \\", 0).as_deref(), Ok(r"$$5 \"));
        assert_eq!(java_replacement("${v}", 1).as_deref(), Ok("${v}"));
        assert!(java_replacement("$2", 1).is_err());
        assert!(java_replacement("cost $", 0).is_err());
    }
}
