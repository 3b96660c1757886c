//! Reads Liquibase's own generated-SQL golden files
//! (`<changeType>/<database>.sql`): the header comments record the change's
//! parameters, the body is the SQL Liquibase generated. Used by the golden
//! test to rebuild the change as a [`ParsedNode`] and compare our SQL.
//!
//! ```text
//! -- Database: postgresql
//! -- Change Parameter: columns=[column:[
//! --     name="id"
//! --     type="int"
//! -- ], ]
//! -- Change Parameter: tableName=person
//! ALTER TABLE person ADD id INTEGER;
//! ```

use crate::source::ParsedNode;
use crate::source::node::SpannedValue;
use crate::span::Span;

/// One golden file.
#[derive(Debug, Clone)]
pub struct Golden {
    /// The `-- Database:` line (`postgresql`, `mssql`, …).
    pub database: String,
    /// The change rebuilt from the `-- Change Parameter:` lines.
    pub node: ParsedNode,
    /// The generated SQL, as written (statements end with `;`).
    pub body: String,
}

/// Parses a golden file of change type `change_type`.
pub fn parse(change_type: &str, text: &str) -> Result<Golden, String> {
    let mut database = String::new();
    let mut params: Vec<(String, String)> = Vec::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.peek() {
        if !line.starts_with("--") {
            break;
        }
        let line = lines.next().unwrap_or_default();
        if let Some(db) = line.strip_prefix("-- Database:") {
            database = db.trim().to_string();
        } else if let Some(p) = line.strip_prefix("-- Change Parameter:") {
            let p = p.trim_start();
            let (k, v) = p
                .split_once('=')
                .ok_or_else(|| format!("parameter without `=`: {line}"))?;
            params.push((k.to_string(), v.to_string()));
        } else if let Some((_, v)) = params.last_mut() {
            // A continuation of a multi-line value: `-- ` then the line.
            let cont = line
                .strip_prefix("-- ")
                .unwrap_or(line.trim_start_matches('-'));
            v.push('\n');
            v.push_str(cont);
        }
    }
    let body = lines.collect::<Vec<_>>().join("\n");
    let mut node = ParsedNode {
        name: change_type.to_string(),
        ..ParsedNode::default()
    };
    for (k, v) in params {
        if v.trim_start().starts_with('[') {
            node.children.extend(parse_structure(&v)?);
        } else {
            node.attrs.push((k, spanned(&v)));
        }
    }
    Ok(Golden {
        database,
        node,
        body,
    })
}

fn spanned(v: &str) -> SpannedValue {
    SpannedValue {
        value: v.to_string(),
        span: Span::default(),
    }
}

/// `[column:[ name="id" type="int" constraints:[ nullable="false" ] ], ]`
/// into `column` nodes (with `constraints` children).
fn parse_structure(v: &str) -> Result<Vec<ParsedNode>, String> {
    let chars: Vec<char> = v.chars().collect();
    let mut stack: Vec<ParsedNode> = vec![ParsedNode::default()];
    let mut i = 0;
    let mut depth = 0usize;
    let word_char = |c: char| c.is_alphanumeric() || c == '_' || c == '.';
    while let Some(&c) = chars.get(i) {
        if c.is_whitespace() || c == ',' {
            i += 1;
        } else if c == '[' {
            depth += 1;
            i += 1;
        } else if c == ']' {
            depth = depth.checked_sub(1).ok_or("unbalanced `]`")?;
            i += 1;
            if stack.len() > 1 {
                let done = stack.pop().ok_or("unbalanced `]`")?;
                stack
                    .last_mut()
                    .ok_or("unbalanced `]`")?
                    .children
                    .push(done);
            }
        } else if word_char(c) {
            let start = i;
            while chars.get(i).is_some_and(|&c| word_char(c)) {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            match chars.get(i) {
                Some(':') => {
                    i += 1;
                    if chars.get(i) == Some(&'[') {
                        depth += 1;
                        i += 1;
                    }
                    stack.push(ParsedNode {
                        name: word,
                        ..ParsedNode::default()
                    });
                }
                Some('=') => {
                    i += 1;
                    let value: String = if chars.get(i) == Some(&'"') {
                        i += 1;
                        let s = i;
                        while chars.get(i).is_some_and(|&c| c != '"') {
                            i += 1;
                        }
                        let out = chars[s..i.min(chars.len())].iter().collect();
                        i += 1;
                        out
                    } else {
                        let s = i;
                        while chars
                            .get(i)
                            .is_some_and(|&c| !c.is_whitespace() && c != ',' && c != ']')
                        {
                            i += 1;
                        }
                        chars[s..i].iter().collect()
                    };
                    let top = stack.last_mut().ok_or("no open element")?;
                    top.attrs.push((word, spanned(&value)));
                }
                _ => return Err(format!("unexpected `{word}` in `{v}`")),
            }
        } else {
            return Err(format!("unexpected `{c}` in `{v}`"));
        }
    }
    if stack.len() != 1 || depth != 0 {
        return Err(format!("unbalanced brackets in `{v}`"));
    }
    Ok(stack.pop().map(|root| root.children).unwrap_or_default())
}

/// Our statements written the way the golden body is: each followed by `;`.
pub fn render(statements: &[String]) -> String {
    statements
        .iter()
        .map(|s| format!("{s};"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_becomes_a_node() {
        let g = parse(
            "addColumn",
            "-- Database: postgresql\n-- Change Parameter: columns=[column:[\n--     name=\"id\"\n--     type=\"int\"\n--     constraints:[\n--         nullable=\"false\"\n--     ]\n-- ], ]\n-- Change Parameter: tableName=person\nALTER TABLE person ADD id INTEGER;",
        )
        .unwrap();
        assert_eq!(g.database, "postgresql");
        assert_eq!(g.node.name, "addColumn");
        assert_eq!(g.node.attr("tableName"), Some("person"));
        assert_eq!(g.node.children.len(), 1);
        let col = &g.node.children[0];
        assert_eq!(
            (col.name.as_str(), col.attr("name"), col.attr("type")),
            ("column", Some("id"), Some("int"))
        );
        assert_eq!(
            col.child("constraints").and_then(|c| c.attr("nullable")),
            Some("false")
        );
        assert_eq!(g.body, "ALTER TABLE person ADD id INTEGER;");
    }

    #[test]
    fn multi_line_values_keep_their_lines() {
        let g = parse(
            "createProcedure",
            "-- Database: h2\n-- Change Parameter: procedureBody=CREATE PROCEDURE p\n--     IS\n--     END;\nCREATE PROCEDURE p\n    IS\n    END;",
        )
        .unwrap();
        assert_eq!(
            g.node.attr("procedureBody"),
            Some("CREATE PROCEDURE p\n    IS\n    END;")
        );
        assert!(parse_structure("[column:[ name=\"a\" ]").is_err());
    }
}
