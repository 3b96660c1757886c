//! Stage 2: turn every change into parsed statements.
//!
//! SQL text is split into statements (respecting dollar quotes, `DELIMITER`,
//! `GO`, Oracle `/`), each parsed with sqlparser and described by [`Facts`]
//! taken from its syntax tree. Liquibase change types are first lowered to
//! the SQL Liquibase would generate for the target dialect.

use crate::dialect::Dialect;
use crate::error::Problem;
use crate::source::{Change, ChangeBody, Changelog, RollbackKind, SplitOptions, SqlEdit};
use crate::span::{MappedText, OffsetMap, Span};
use liquibase::LowerErrorKind;

pub mod facts;
pub mod grammar;
pub mod liquibase;
mod modify;
pub mod split;

pub use facts::Facts;

/// Whether a statement is part of the forward change or of its rollback.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    Forward,
    Rollback,
}

/// One SQL statement, where it came from and what it does.
#[derive(Debug, Clone)]
pub struct Statement {
    /// Position in [`Lowered::statements`].
    pub index: usize,
    /// Index of its changeset in the changelog.
    pub changeset: usize,
    /// `sql`, or the Liquibase change type it was generated from.
    pub change_type: String,
    pub phase: Phase,
    /// Where it is written: the statement text, or the change element it was
    /// generated from.
    pub span: Span,
    /// The SQL text (generated SQL for change types).
    pub sql: String,
    /// The syntax tree (kept only when asked: see [`LowerOptions`]), or why
    /// our grammar could not build one.
    pub ast: Result<Tree, String>,
    /// Shared by the statements around it whose facts are the same (a
    /// thousand `INSERT INTO t (a, b) VALUES …` have one), see [`Lowered`].
    pub facts: std::sync::Arc<Facts>,
    /// Not SQL at all (reported as an input error): rules need not report
    /// it again.
    pub syntax_error: bool,
    /// Its text is complete, well-formed tokens (no tokenizer error): only
    /// then can its leading tokens tell what it does.
    pub well_formed: bool,
    /// A statement inside another: one of the statements of a plain `DO`
    /// body, run by that `DO` (the index of which this is). Judged like
    /// any other, not counted as one of the file's statements.
    pub within: Option<usize>,
}

/// A statement's syntax tree, when it is kept. Facts are taken from it as
/// soon as it is parsed; keeping it costs about 10 KB even for a `SELECT
/// 1` (13 KB in all per statement, against 1 KB without), so it is kept
/// only when a policy reads `stmt.ast`.
pub type Tree = Option<Box<grammar::Ast>>;

/// How statements are lowered.
#[derive(Debug, Clone, Copy, Default)]
pub struct LowerOptions {
    /// Keep each statement's syntax tree ([`Statement::ast`]).
    pub keep_ast: bool,
    /// Keep the trees of `UPDATE` and `DELETE` statements: the impact
    /// numbers read their `WHERE` against table statistics.
    pub keep_dml_ast: bool,
    /// What one statement may cost (its size in bytes).
    pub limits: crate::limits::Limits,
    /// The database version (`--db-version`): Liquibase writes some types
    /// by version. Without one, the versions `liquibase::types` assumes.
    pub db_version: Option<liquibase::Version>,
}

/// Kinds whose every fact a policy needs can be read from the leading
/// tokens, so a statement of this kind is fully analyzed even when sqlparser
/// cannot parse it (`REINDEX`, `VACUUM` in 0.64). (`DROP INDEX` is not one:
/// the grammar reads every form the databases accept, `CONCURRENTLY`
/// included, so one it refuses — PostgreSQL refuses MySQL's `DROP INDEX i
/// ON t` — is refused here too.)
const ANALYZED_FROM_TOKENS: &[&str] = &[
    "reindex",
    "vacuum",
    "cluster",
    "analyze",
    "refresh_materialized_view",
];

impl Statement {
    pub fn parsed(&self) -> bool {
        self.ast.is_ok()
    }

    /// Parsed (and not a `DO` whose body stays procedural code), or of a
    /// kind whose facts are complete from its tokens alone and made of
    /// well-formed tokens. Anything else could hide what it does and is
    /// reported as such.
    pub fn analyzed(&self) -> bool {
        let opaque = self.facts.kind == "do" && !self.facts.flag("body_parsed", true);
        (self.parsed() && !opaque)
            || (self.well_formed && !self.syntax_error && self.complete_from_tokens())
    }

    /// Do the facts read from the tokens say all a policy needs? The kinds
    /// of [`ANALYZED_FROM_TOKENS`]; `ALTER SYSTEM SET | RESET name` (it
    /// changes one server setting, named); `ALTER DOMAIN … ADD | DROP |
    /// VALIDATE CONSTRAINT` (what it does to the columns of the domain is
    /// the constraint's, named by `op`). Other `ALTER DOMAIN` forms stay
    /// not analyzed (`SET NOT NULL` checks every column, unread).
    fn complete_from_tokens(&self) -> bool {
        let facts = &self.facts;
        match facts.kind.as_str() {
            "alter_system" => facts.extra.get("variable").is_some_and(|v| v.is_string()),
            "alter_domain" => facts
                .extra
                .get("op")
                .and_then(|v| v.as_str())
                .is_some_and(|op| {
                    ["add_constraint", "drop_constraint", "validate_constraint"].contains(&op)
                }),
            kind => ANALYZED_FROM_TOKENS.contains(&kind),
        }
    }
}

/// The statements of a changelog, in the order the tool would run them.
#[derive(Debug, Default)]
pub struct Lowered {
    pub statements: Vec<Statement>,
    /// How each changeset (by index) can be undone: as the source says, or
    /// `automatic` when every change has an inverse Liquibase derives.
    pub rollback: Vec<RollbackKind>,
    /// Per changeset: a change failed Liquibase's validation and the
    /// changeset says `onValidationFail: MARK_RAN`, so Liquibase records it
    /// as run without running it (its statements are dropped).
    pub marked_ran: Vec<bool>,
    pub problems: Vec<Problem>,
    /// Changes Liquibase would refuse (invalid or unsupported here).
    validation_failures: usize,
    /// The last distinct facts met, to share (320 bytes a statement
    /// otherwise: a third of what a statement costs once parsed).
    recent_facts: Vec<std::sync::Arc<Facts>>,
}

impl Lowered {
    /// `facts`, shared with a recent statement's when they are the same.
    fn share(&mut self, facts: Facts) -> std::sync::Arc<Facts> {
        const RECENT: usize = 8;
        if let Some(same) = self.recent_facts.iter().find(|f| ***f == facts) {
            return same.clone();
        }
        let facts = std::sync::Arc::new(facts);
        if self.recent_facts.len() == RECENT {
            self.recent_facts.remove(0);
        }
        self.recent_facts.push(facts.clone());
        facts
    }
}

/// Splits, parses and describes every change of every changeset.
pub fn lower(changelog: &Changelog, dialect: Dialect, opts: LowerOptions) -> Lowered {
    let mut out = Lowered::default();
    for (cs_index, cs) in changelog.changesets.iter().enumerate() {
        // preconditions mark it ran: Liquibase runs none of it
        if cs.marked_ran {
            out.marked_ran.push(true);
            out.rollback.push(cs.rollback.kind);
            continue;
        }
        let (statements_before, problems_before) = (out.statements.len(), out.problems.len());
        let failures_before = out.validation_failures;
        let forward: Vec<&SqlEdit> = cs.modify_sql.iter().map(|v| &v.edit).collect();
        let backward: Vec<&SqlEdit> = (cs.modify_sql.iter())
            .filter(|v| v.apply_to_rollback)
            .map(|v| &v.edit)
            .collect();
        let target = (dialect, opts);
        for change in &cs.changes {
            let at = (cs_index, Phase::Forward, forward.as_slice());
            lower_change(change, at, target, &mut out);
        }
        let mut kind = cs.rollback.kind;
        let at = (cs_index, Phase::Rollback, backward.as_slice());
        if kind == RollbackKind::None
            && let Some(inverses) = automatic_rollback(&cs.changes)
        {
            kind = RollbackKind::Automatic;
            for change in &inverses {
                lower_change(change, at, target, &mut out);
            }
        }
        for change in &cs.rollback.changes {
            lower_change(change, at, target, &mut out);
        }
        let mark_ran = out.validation_failures > failures_before && cs.mark_ran_when_invalid;
        if mark_ran {
            out.statements.truncate(statements_before);
            out.problems.truncate(problems_before);
        }
        out.marked_ran.push(mark_ran);
        out.rollback.push(kind);
    }
    // no room kept for more statements
    out.statements.shrink_to_fit();
    out.recent_facts = Vec::new();
    out
}

/// The changes that undo `changes`, last first, when Liquibase can derive
/// every one of them (only change types can be inverted, never raw SQL).
fn automatic_rollback(changes: &[Change]) -> Option<Vec<Change>> {
    if changes.is_empty() {
        return None;
    }
    let mut out = Vec::new();
    for change in changes.iter().rev() {
        let ChangeBody::Node(node) = &change.body else {
            return None;
        };
        for inverse in liquibase::inverse(node)? {
            out.push(Change {
                kind: inverse.name.clone(),
                span: change.span,
                body: ChangeBody::Node(inverse),
            });
        }
    }
    Some(out)
}

/// `(changeset, phase, modifySql edits)`: where a change's statements go.
type ChangeAt<'a> = (usize, Phase, &'a [&'a SqlEdit]);

fn lower_change(
    change: &Change,
    (changeset, phase, edits): ChangeAt<'_>,
    (dialect, opts): (Dialect, LowerOptions),
    out: &mut Lowered,
) {
    let at = Place {
        change_type: &change.kind,
        changeset,
        phase,
        dialect,
        opts,
        edits,
    };
    match &change.body {
        ChangeBody::Sql { text, split } if edits.is_empty() => push_sql(text, split, &at, out),
        ChangeBody::Sql { text, split } => modify::push_edited_sql(text, split, &at, out),
        ChangeBody::Node(node) => match liquibase::lower_at(node, dialect, opts.db_version) {
            Ok(statements) => {
                for sql in statements {
                    let sql = modify::edit(sql, edits);
                    // Generated SQL has no place of its own: every statement
                    // points at the change element it came from.
                    let map = OffsetMap::whole(sql.len(), change.span.range());
                    let text = MappedText {
                        file: change.span.file,
                        text: sql,
                        map,
                    };
                    push_sql(&text, &SplitOptions::standard(), &at, out);
                }
            }
            Err(e) => match e.kind {
                // The source stage already rejected unknown elements of the
                // Liquibase namespace: an unknown change type here is an
                // extension (`ext:…`), which runs code the gate cannot see.
                LowerErrorKind::NotSql
                | LowerErrorKind::NeedsDatabase
                | LowerErrorKind::UnknownChange => {
                    // Nothing to parse, but the change still does something:
                    // keep it as a statement nobody could analyze.
                    let facts = out.share(Facts {
                        kind: facts::change_kind(&change.kind),
                        ..Facts::default()
                    });
                    out.statements.push(Statement {
                        index: out.statements.len(),
                        changeset,
                        change_type: change.kind.clone(),
                        phase,
                        span: change.span,
                        sql: String::new(),
                        ast: Err(e.message),
                        facts,
                        syntax_error: false,
                        well_formed: true,
                        within: None,
                    });
                }
                LowerErrorKind::Invalid | LowerErrorKind::Unsupported => {
                    out.validation_failures += 1;
                    let at = e
                        .attr
                        .as_deref()
                        .and_then(|a| attr_within(node, a))
                        .map_or(change.span, |v| v.span);
                    out.problems.push(
                        Problem::at_span(at, format!("{}: {}", change.kind, e.message))
                            .with_code("invalid-change"),
                    );
                }
            },
        },
    }
}

/// The attribute `name` of `node`, else of the first of its descendants
/// that has it (a `<column afterColumn>` of an addColumn).
fn attr_within<'a>(
    node: &'a crate::source::ParsedNode,
    name: &str,
) -> Option<&'a crate::source::node::SpannedValue> {
    node.attr_spanned(name)
        .or_else(|| node.children.iter().find_map(|c| attr_within(c, name)))
}

/// The largest char boundary of `s` at or below `at`.
fn floor_char_boundary(s: &str, at: usize) -> usize {
    (0..=at.min(s.len()))
        .rev()
        .find(|&i| s.is_char_boundary(i))
        .unwrap_or(0)
}

/// Where lowered statements go: their change, changeset and phase, and
/// how they are parsed.
struct Place<'a> {
    change_type: &'a str,
    changeset: usize,
    phase: Phase,
    dialect: Dialect,
    opts: LowerOptions,
    /// The changeset's `modifySql` edits that apply to this phase.
    edits: &'a [&'a SqlEdit],
}

fn push_sql(text: &MappedText, split: &SplitOptions, at: &Place<'_>, out: &mut Lowered) {
    let dialect = at.dialect;
    let max = at.opts.limits.max_statement_bytes;
    split::split_each(&text.text, dialect, split, max, &mut |raw| {
        let sql = text.text[raw.range.clone()].to_string();
        // a statement refused for a limit is read from its first words only
        let refused = split::refused(&raw);
        let head = match refused {
            true => sql.get(..floor_char_boundary(&sql, 4096)).unwrap_or(""),
            false => sql.as_str(),
        };
        let facts = match raw.ast.as_deref() {
            Ok(grammar::Ast::Sql(ast)) => facts::from_ast(ast, dialect),
            Ok(grammar::Ast::Ext(ext)) => facts::from_ext(ext, dialect),
            // the database refuses it, so it does nothing a rule could judge
            Err(_) if raw.syntax_error => Facts::of_kind("unknown"),
            Err(_) => facts::from_tokens(head, dialect),
        };
        let span = text.span(raw.range.clone());
        // A statement that does not even start with a command word, or that
        // the splitter knows is broken (an unterminated string, a construct
        // the target database refuses), is not a gap in the parser but a
        // broken file: stop the gate. (Valid SQL the parser lacks is
        // reported by a rule instead.)
        let syntax_error = raw.ast.is_err()
            && (raw.syntax_error
                || (facts.kind == "unknown" && !facts::starts_with_command(head, dialect)));
        if let (true, Err(message)) = (syntax_error || refused, &raw.ast) {
            let at = raw.error_at.map_or(span, |at| text.span(at..at));
            let (message, code) = match refused {
                true => (message.clone(), "over-limit"),
                false => (format!("syntax error: {message}"), "syntax-error"),
            };
            out.problems
                .push(Problem::at_span(at, message).with_code(code));
        }
        let inner = match raw.ast.as_deref() {
            Ok(grammar::Ast::Ext(grammar::ExtStatement::Do(d))) => do_statements(d, &sql),
            _ => Vec::new(),
        };
        let keep = at.opts.keep_ast
            || (at.opts.keep_dml_ast && matches!(facts.kind.as_str(), "update" | "delete"));
        let facts = out.share(facts);
        let outer = out.statements.len();
        out.statements.push(Statement {
            index: outer,
            changeset: at.changeset,
            change_type: at.change_type.to_string(),
            phase: at.phase,
            span,
            sql,
            ast: raw.ast.map(|tree| keep.then_some(tree)),
            facts,
            syntax_error: syntax_error || refused,
            well_formed: raw.well_formed,
            within: None,
        });
        for (range, sql, ast, conditional) in inner {
            let span = range.map_or(span, |r| {
                text.span(raw.range.start + r.start..raw.range.start + r.end)
            });
            let mut facts = match &ast {
                grammar::Ast::Sql(ast) => facts::from_ast(ast, dialect),
                grammar::Ast::Ext(ext) => facts::from_ext(ext, dialect),
            };
            // under `IF … THEN`: may not run, and is never refused
            facts.conditional |= conditional;
            let keep = at.opts.keep_ast
                || (at.opts.keep_dml_ast && matches!(facts.kind.as_str(), "update" | "delete"));
            let facts = out.share(facts);
            out.statements.push(Statement {
                index: out.statements.len(),
                changeset: at.changeset,
                change_type: at.change_type.to_string(),
                phase: at.phase,
                span,
                sql,
                ast: Ok(keep.then(|| Box::new(ast))),
                facts,
                syntax_error: false,
                well_formed: true,
                within: Some(outer),
            });
        }
    });
}

/// The statements of a plain `DO` body, each with its place in the `DO`
/// statement's text `sql` (when the body is found there verbatim: always
/// for a dollar-quoted body), its own text, and whether it runs only under
/// a condition.
#[allow(clippy::type_complexity)]
fn do_statements(
    d: &grammar::ext::Do,
    sql: &str,
) -> Vec<(Option<std::ops::Range<usize>>, String, grammar::Ast, bool)> {
    let Some(statements) = &d.statements else {
        return Vec::new();
    };
    let tag = d.tag.as_deref().unwrap_or_default();
    let quoted = format!("${tag}${}${tag}$", d.body);
    let body_at = sql.find(&quoted).map(|at| at + tag.len() + 2);
    statements
        .iter()
        .zip(&d.places)
        .map(|(ast, place)| {
            let r = &place.range;
            let text = d.body.get(r.clone()).unwrap_or_default().to_string();
            let range = body_at.map(|at| at + r.start..at + r.end);
            (range, text, ast.clone(), place.conditional)
        })
        .collect()
}
