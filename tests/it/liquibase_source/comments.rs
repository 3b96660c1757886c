//! `stripComments`: comments are blanked (byte for byte, so positions hold)
//! before the SQL leaves the source stage, as Liquibase strips them before
//! it sends the SQL; formatted SQL strips by default.

use super::{load, sql_text};

/// `n` spaces.
fn sp(n: usize) -> String {
    " ".repeat(n)
}

#[test]
fn formatted_sql_strips_comments_unless_told_not_to() {
    let (cl, _) = load("comments/formatted.sql");
    assert!(cl.problems.is_empty(), "{:?}", cl.problems);
    // `--rollback` without text is not a rollback directive (Liquibase's
    // pattern wants `--rollback <sql>`): it is a comment in the change
    let (text, split) = sql_text(&cl.changesets[0].changes[0].body);
    assert!(split.strip_comments);
    assert_eq!(
        text,
        format!(
            "create table t1 (id int);\n\n{}\ndelete from t1; {}",
            sp(10),
            sp(15)
        )
    );
    assert!(cl.changesets[0].rollback.changes.is_empty());
    let (text, split) = sql_text(&cl.changesets[1].changes[0].body);
    assert!(!split.strip_comments);
    assert_eq!(text, "insert into t1 values (1); -- kept");
}

#[test]
fn sql_file_and_sql_strip_only_when_asked() {
    let (cl, sources) = load("comments/changelog.xml");
    assert!(cl.problems.is_empty(), "{:?}", cl.problems);
    let (text, split) = sql_text(&cl.changesets[0].changes[0].body);
    assert!(split.strip_comments);
    assert_eq!(
        text,
        format!(
            "{}\n{}\n{}\ninsert into t1 values (2);\n{}\ninsert into t1 values (4, '-- not a comment');\n",
            sp(2),
            sp(12),
            sp(2),
            sp(28)
        )
    );
    // every byte keeps its source position
    let ChangeBodyText { start, .. } = locate_insert(&cl.changesets[0].changes[0].body, &sources);
    assert_eq!(start, (4, 1));

    let (text, split) = sql_text(&cl.changesets[1].changes[0].body);
    assert!(!split.strip_comments);
    assert!(text.starts_with("--\n-- seed data\n"));
    let (text, _) = sql_text(&cl.changesets[1].changes[1].body);
    assert_eq!(text, format!("{} select 1; {}", sp(9), sp(6)));
}

struct ChangeBodyText {
    start: (usize, usize),
}

/// Line and column of the first `insert` of a SQL body.
fn locate_insert(
    body: &schemagate::source::ChangeBody,
    sources: &schemagate::span::SourceMap,
) -> ChangeBodyText {
    let schemagate::source::ChangeBody::Sql { text, .. } = body else {
        panic!("expected SQL");
    };
    let at = text.text.find("insert").unwrap_or(0);
    let l = sources.locate(text.span(at..at + 6));
    ChangeBodyText {
        start: (l.line, l.column),
    }
}
