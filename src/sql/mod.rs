//! Stage 2: turn every change into parsed statements.
//!
//! SQL text is split into statements (respecting dollar quotes, `DELIMITER`,
//! `GO`, Oracle `/`), each parsed with sqlparser and described by [`Facts`]
//! taken from its syntax tree. Liquibase change types are first lowered to
//! the SQL Liquibase would generate for the target dialect.

use crate::dialect::Dialect;
use crate::error::Problem;
use crate::source::{Change, ChangeBody, Changelog};
use crate::span::{MappedText, SourceMap, Span};

pub mod facts;
pub mod liquibase;
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
    /// The syntax tree, or why sqlparser could not build one.
    pub ast: Result<sqlparser::ast::Statement, String>,
    pub facts: Facts,
}

impl Statement {
    pub fn parsed(&self) -> bool {
        self.ast.is_ok()
    }
}

/// The statements of a changelog, in the order the tool would run them.
#[derive(Debug, Default)]
pub struct Lowered {
    pub statements: Vec<Statement>,
    pub problems: Vec<Problem>,
}

/// Splits, parses and describes every change of every changeset.
pub fn lower(changelog: &Changelog, dialect: Dialect, sources: &SourceMap) -> Lowered {
    let mut out = Lowered::default();
    for (cs_index, cs) in changelog.changesets.iter().enumerate() {
        for change in &cs.changes {
            lower_change(change, cs_index, Phase::Forward, dialect, sources, &mut out);
        }
        for change in &cs.rollback.changes {
            lower_change(
                change,
                cs_index,
                Phase::Rollback,
                dialect,
                sources,
                &mut out,
            );
        }
    }
    out
}

fn lower_change(
    change: &Change,
    changeset: usize,
    phase: Phase,
    dialect: Dialect,
    _sources: &SourceMap,
    out: &mut Lowered,
) {
    match &change.body {
        ChangeBody::Sql { text, split } => {
            push_sql(text, split, &change.kind, changeset, phase, dialect, out);
        }
        ChangeBody::Node(_) => {
            out.problems.push(Problem::at_span(
                change.span,
                format!("change type `{}` cannot be lowered to SQL yet", change.kind),
            ));
        }
    }
}

fn push_sql(
    text: &MappedText,
    split: &crate::source::SplitOptions,
    change_type: &str,
    changeset: usize,
    phase: Phase,
    dialect: Dialect,
    out: &mut Lowered,
) {
    for raw in split::split(&text.text, dialect, split) {
        let sql = text.text[raw.range.clone()].to_string();
        let facts = match &raw.ast {
            Ok(ast) => facts::from_ast(ast, dialect),
            Err(_) => facts::from_tokens(&sql, dialect),
        };
        out.statements.push(Statement {
            index: out.statements.len(),
            changeset,
            change_type: change_type.to_string(),
            phase,
            span: text.span(raw.range.clone()),
            sql,
            ast: raw.ast,
            facts,
        });
    }
}
