//! Hostile and broken SQL and changelogs that used to pass silently (issue
//! 9): each asserts the exit code, the exact file:line:column of the error,
//! and that the other findings of the run survive it.
//! Fixtures: `tests/fixtures/hostile/sql/`.

use serde_json::Value;

use crate::common;
use schemagate::dialect::Dialect;
use schemagate::source::SplitOptions;
use schemagate::sql::split::split;

const DIR: &str = "tests/fixtures/hostile/sql";

/// `schemagate check <fixture> --format json`: exit code, errors as
/// `(line, column, message)`, findings as `(rule, line, column)`.
struct Checked {
    code: i32,
    errors: Vec<(u64, u64, String)>,
    findings: Vec<(String, u64, u64)>,
    human: String,
}

fn check(fixture: &str) -> Checked {
    let path = format!("{DIR}/{fixture}");
    let json = common::run(&["check", &path, "--format", "json"]);
    let human = common::run(&["check", &path]);
    assert_eq!(json.code, human.code, "{path}: the formats disagree");
    let doc: Value = serde_json::from_str(&json.stdout)
        .unwrap_or_else(|e| panic!("{path}: not JSON ({e}): {}", json.stdout));
    let num = |v: &Value, k: &str| v[k].as_u64().unwrap_or(0);
    let errors = doc["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| {
            assert_eq!(e["file"].as_str(), Some(path.as_str()), "{e}");
            let msg = e["message"].as_str().unwrap_or_default().to_string();
            (num(e, "line"), num(e, "column"), msg)
        })
        .collect();
    let findings = doc["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| {
            let rule = f["rule"].as_str().unwrap_or_default().to_string();
            (rule, num(f, "line"), num(f, "column"))
        })
        .collect();
    Checked {
        code: json.code,
        errors,
        findings,
        human: human.stdout + &human.stderr,
    }
}

impl Checked {
    /// Exactly these errors, at these places, with these words; each also
    /// shown at its place in the human report.
    fn errors_are(&self, fixture: &str, expected: &[(u64, u64, &str)]) {
        assert_eq!(self.code, 2, "{fixture}: {:?}\n{}", self.errors, self.human);
        assert_eq!(
            self.errors.len(),
            expected.len(),
            "{fixture}: {:?}",
            self.errors
        );
        for ((line, col, msg), (l, c, words)) in self.errors.iter().zip(expected) {
            assert_eq!((line, col), (l, c), "{fixture}: {msg}");
            assert!(msg.contains(words), "{fixture}: `{msg}` lacks `{words}`");
            let at = format!("{DIR}/{fixture}:{l}:{c}");
            assert!(
                self.human.contains(&at),
                "{fixture}: no {at} in\n{}",
                self.human
            );
        }
    }

    /// The run's other findings survive.
    fn finds(&self, fixture: &str, rule: &str, line: u64) {
        assert!(
            self.findings
                .iter()
                .any(|(r, l, _)| r == rule && *l == line),
            "{fixture}: no {rule} at line {line}: {:?}",
            self.findings
        );
    }
}

#[test]
fn an_unterminated_identifier_is_an_error_at_its_opening_and_hides_nothing() {
    // DROP INDEX used to count as analyzed from its leading words, and the
    // open quote swallowed the rest of the file: exit 0
    let f = "unterminated_identifier.sql";
    let c = check(f);
    c.errors_are(f, &[(1, 12, "unterminated quoted identifier")]);
    c.finds(f, "ban-drop-table", 2);
    c.finds(f, "ban-truncate", 3);
    // the broken statement itself is judged by no rule
    assert!(
        c.findings.iter().all(|(_, l, _)| *l != 1),
        "{:?}",
        c.findings
    );
}

#[test]
fn every_unclosed_construct_is_an_error_at_its_opening() {
    let f = "unterminated_dollar_quote.sql";
    let c = check(f);
    c.errors_are(
        f,
        &[(1, 36, "unterminated dollar-quoted string: the `$body$`")],
    );
    c.finds(f, "ban-drop-table", 2);

    let f = "unterminated_comment.sql";
    let c = check(f);
    c.errors_are(f, &[(1, 23, "unterminated block comment")]);
    // the REINDEX before the comment is complete and still judged
    c.finds(f, "require-concurrent-reindex", 1);
    c.finds(f, "ban-drop-table", 2);

    let f = "unterminated_string.sql";
    let c = check(f);
    c.errors_are(f, &[(2, 26, "unterminated string literal")]);
    c.finds(f, "ban-truncate", 3);
}

#[test]
fn what_postgres_refuses_is_a_syntax_error_at_its_place() {
    let f = "postgres_refusals.sql";
    let c = check(f);
    c.errors_are(
        f,
        &[
            (1, 15, "CREATE TABLE needs a column list"),
            (2, 41, "`DEFAULT` is a reserved word"),
            (3, 30, "ADD COLUMN needs a column"),
        ],
    );
    c.finds(f, "ban-drop-table", 4);
}

/// `postgres_verdicts.tsv`: what a real PostgreSQL 15 answered to each
/// statement (regenerate with `verify_postgres.sh`). We agree: what it
/// refuses is a syntax error, what it accepts parses.
#[test]
fn we_agree_with_the_real_postgres_on_its_verdicts() {
    let table = std::fs::read_to_string(format!("{DIR}/postgres_verdicts.tsv"))
        .expect("the verdict table is readable");
    let mut rows = 0;
    for line in table
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let (verdict, sql) = line.split_once('\t').expect("verdict<TAB>sql");
        let got = split(sql, Dialect::Postgres, &SplitOptions::standard());
        let refused = got.iter().any(|s| s.syntax_error);
        let parsed = got.iter().all(|s| s.ast.is_ok());
        match verdict {
            "accepted" => assert!(parsed && !refused, "PostgreSQL accepts `{sql}`: {got:?}"),
            "syntax_error" => assert!(refused, "PostgreSQL refuses `{sql}`: {got:?}"),
            other => panic!("unknown verdict `{other}`"),
        }
        rows += 1;
    }
    assert!(rows >= 20, "only {rows} verdicts");
}

#[test]
fn formatted_sql_before_the_first_changeset_is_an_error() {
    // Liquibase 4.28 neither runs nor refuses it: it drops it silently
    let f = "liquibase/before_first_changeset.sql";
    let c = check(f);
    c.errors_are(
        f,
        &[(4, 1, "SQL before the first `--changeset` is never run")],
    );
    c.finds(f, "ban-truncate", 7);
    // comments alone there are fine, and so is a file of comments only
    assert_eq!(check("liquibase/comments_only.sql").code, 0);
}

#[test]
fn xml_changelogs_liquibase_refuses_are_errors_and_their_changes_still_judged() {
    let f = "liquibase/namespace_typo.xml";
    let c = check(f);
    c.errors_are(
        f,
        &[(2, 2, "is in the namespace `https://www.liquibase.org")],
    );
    c.finds(f, "ban-drop-table", 4);

    // Liquibase 4.28: "cvc-elt.1.a: Cannot find the declaration of element
    // 'databaseChangeLog'", the same as for the typo
    let f = "liquibase/no_namespace.xml";
    let c = check(f);
    c.errors_are(f, &[(2, 2, "`databaseChangeLog` has no namespace")]);
    c.finds(f, "ban-drop-table", 4);

    let f = "liquibase/foreign_root_element.xml";
    let c = check(f);
    c.errors_are(f, &[(4, 4, "unknown element `group` in databaseChangeLog")]);
    c.finds(f, "ban-truncate", 10);

    let f = "liquibase/text_in_changeset.xml";
    let c = check(f);
    c.errors_are(f, &[(4, 5, "text directly inside <changeSet>")]);
    c.finds(f, "ban-truncate", 5);

    let f = "liquibase/unknown_child.xml";
    let c = check(f);
    c.errors_are(f, &[(4, 6, "unknown change type `wrapper`")]);
    c.finds(f, "ban-truncate", 7);

    // an explicitly empty changelog is fine (Liquibase runs it: nothing)
    assert_eq!(check("liquibase/empty.xml").code, 0);
}

#[test]
fn a_changelog_that_gives_nothing_says_so() {
    let f = "liquibase/nothing_read.yaml";
    let c = check(f);
    c.errors_are(f, &[(2, 5, "nothing_read.yaml` produced no changeset")]);

    let f = "liquibase/change_outside_changeset.yaml";
    let c = check(f);
    c.errors_are(f, &[(2, 5, "`sql` outside a changeSet is never run")]);
    c.finds(f, "ban-truncate", 7);
}

#[test]
fn cr_only_line_ends_give_the_same_places_in_human_and_json() {
    let f = "cr_only.sql";
    let c = check(f);
    assert_eq!(c.code, 1, "{}", c.human);
    let mut places: Vec<String> = c
        .findings
        .iter()
        .map(|(_, l, col)| format!("{DIR}/{f}:{l}:{col}"))
        .collect();
    places.dedup();
    assert_eq!(
        places,
        [format!("{DIR}/{f}:2:1"), format!("{DIR}/{f}:4:1")],
        "JSON"
    );
    let human: Vec<&str> = c
        .human
        .lines()
        .filter_map(|l| l.split_once("─[")?.1.strip_suffix(']'))
        .collect();
    let mut human: Vec<String> = human.into_iter().map(String::from).collect();
    human.dedup();
    assert_eq!(human, places, "human report:\n{}", c.human);
}

#[test]
fn cr_only_line_ends_end_comments_and_waivers_in_every_dialect() {
    // sqlparser ends a `--` comment at `\n` only outside PostgreSQL: the
    // first comment of a CR-only file used to hide the rest of it (exit 0)
    let path = format!("{DIR}/cr_only_waivers.sql");
    for dialect in ["postgres", "mysql", "sqlserver", "oracle", "sqlite"] {
        let out = common::run(&["check", &path, "--dialect", dialect, "--format", "json"]);
        let doc: Value = serde_json::from_str(&out.stdout)
            .unwrap_or_else(|e| panic!("{dialect}: not JSON ({e}): {}", out.stdout));
        let got: Vec<(String, u64, Option<String>)> = doc["findings"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|f| f["rule"] != "require-lock-timeout")
            .map(|f| {
                (
                    f["rule"].as_str().unwrap_or_default().to_string(),
                    f["line"].as_u64().unwrap_or(0),
                    f["waived"]["reason"].as_str().map(String::from),
                )
            })
            .collect();
        let waived = |r: &str| Some(r.to_string());
        assert_eq!(
            got,
            [
                ("ban-drop-column".into(), 2, waived("agreed in review")),
                ("ban-drop-table".into(), 4, waived("archived first")),
                ("ban-truncate".into(), 5, None),
            ],
            "{dialect}: {}",
            out.stdout
        );
        assert_eq!(out.code, 1, "{dialect}");
    }
}
