//! createProcedure, dropProcedure.

use super::{Db, Gen, LowerError, Lowered, attr_nonempty, body_text, req};
use crate::source::ParsedNode;

pub(crate) fn create_procedure(g: &Gen, node: &ParsedNode) -> Lowered {
    let body = body_text(node, "procedureText")
        .or_else(|| body_text(node, "procedureBody"))
        .ok_or_else(|| missing_body(node))?
        .trim();
    // `dbms` limits the procedure to some databases; elsewhere it is skipped.
    if let Some(dbms) = attr_nonempty(node, "dbms") {
        let wanted = super::split_list(dbms).any(|d| dbms_matches(d, g));
        if !wanted {
            return Ok(vec![]);
        }
    }
    // PL/SQL needs its final `END;`; elsewhere the delimiter is the
    // statement's end, which Liquibase strips.
    let text = match g.db {
        Db::Oracle => body,
        _ => body.strip_suffix(';').unwrap_or(body).trim_end(),
    };
    Ok(vec![text.to_string()])
}

/// No text: CreateProcedureChange.validate accepts `path` instead, whose
/// file the source stage reads into the text when it exists (and is inside
/// the project: a file outside is refused there, with its own error). A
/// `path` without text names a file that was not found, which Liquibase
/// only discovers when it runs the change (and then fails), or was refused.
fn missing_body(node: &ParsedNode) -> LowerError {
    match attr_nonempty(node, "path") {
        Some(path) => LowerError::invalid(
            "path",
            format!(
                "the procedure file `{path}` was not read, so its statements are not analyzed: Liquibase fails when it runs this change if the file is missing"
            ),
        ),
        None => LowerError::invalid(
            "procedureText",
            "`createProcedure` needs its procedure text (the element's text) or a `path`",
        ),
    }
}

fn dbms_matches(dbms: &str, g: &Gen) -> bool {
    let d = dbms.trim().to_ascii_lowercase();
    if d == "all" {
        return true;
    }
    let (neg, d) = match d.strip_prefix('!') {
        Some(rest) => (true, rest.to_string()),
        None => (false, d),
    };
    let hit = match d.parse::<crate::dialect::Dialect>() {
        Ok(parsed) => parsed == g.dialect,
        Err(_) => false,
    };
    hit != neg
}

pub(crate) fn drop_procedure(g: &Gen, node: &ParsedNode) -> Lowered {
    let name = g.qualified(node, "", req(node, "procedureName")?);
    Ok(vec![format!("DROP PROCEDURE {name}")])
}

#[cfg(test)]
mod tests {
    use super::super::lower;
    use super::super::test_support::{node, with_text};
    use crate::dialect::Dialect;

    #[test]
    fn procedures_keep_their_body() {
        let n = with_text(
            node("createProcedure", &[], vec![]),
            "CREATE PROCEDURE p() BEGIN SELECT 1; END;",
        );
        assert_eq!(
            lower(&n, Dialect::Mysql).unwrap(),
            ["CREATE PROCEDURE p() BEGIN SELECT 1; END"]
        );
        assert_eq!(
            lower(&n, Dialect::Oracle).unwrap(),
            ["CREATE PROCEDURE p() BEGIN SELECT 1; END;"]
        );
        // The file named by `path`, read by the source stage.
        let n = with_text(
            node(
                "createProcedure",
                &[
                    ("path", "objects/storedprocedure/PROC_HELLO_WORLD.sql"),
                    ("procedureName", "PROC_HELLO_WORLD"),
                    ("relativeToChangelogFile", "true"),
                ],
                vec![],
            ),
            "CREATE OR REPLACE PROCEDURE PROC_HELLO_WORLD AS BEGIN NULL; END;\n",
        );
        assert_eq!(
            lower(&n, Dialect::Oracle).unwrap(),
            ["CREATE OR REPLACE PROCEDURE PROC_HELLO_WORLD AS BEGIN NULL; END;"]
        );
        let mut missing = n.clone();
        missing.text = None;
        let e = lower(&missing, Dialect::Oracle).unwrap_err();
        assert_eq!(e.attr.as_deref(), Some("path"));
        assert!(e.message.contains("PROC_HELLO_WORLD.sql` was not read"));
        let e = lower(&node("createProcedure", &[], vec![]), Dialect::Oracle).unwrap_err();
        assert_eq!(e.attr.as_deref(), Some("procedureText"));
        let n = with_text(node("createProcedure", &[("dbms", "oracle")], vec![]), "x");
        assert_eq!(lower(&n, Dialect::Postgres).unwrap(), Vec::<String>::new());
        let n = node(
            "dropProcedure",
            &[("procedureName", "p"), ("schemaName", "app")],
            vec![],
        );
        assert_eq!(
            lower(&n, Dialect::Sqlserver).unwrap(),
            ["DROP PROCEDURE app.p"]
        );
    }
}
