//! Statements of our own kinds: what a target database accepts and
//! sqlparser 0.64 has no node for. Built from sqlparser's own pieces
//! (names, identifiers, expressions, data types), serialized the way
//! sqlparser serializes its statements (`{"AlterSequence": {…}}`), and
//! displayed back as SQL.

use std::fmt;

use serde::Serialize;
use sqlparser::ast::{DataType, Expr, Ident, ObjectName};

/// A statement sqlparser has no node for.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum ExtStatement {
    /// T-SQL `ALTER TABLE t [WITH CHECK | WITH NOCHECK] { CHECK | NOCHECK }
    /// CONSTRAINT { ALL | c, … }`.
    CheckConstraints(CheckConstraints),
    /// T-SQL `BULK INSERT t FROM 'file' [WITH (…)]`.
    BulkInsert(BulkInsert),
    /// T-SQL `CHECKPOINT [duration]`.
    Checkpoint { duration: Option<u64> },
    /// T-SQL `UPDATE STATISTICS t [(s, …)] [WITH …]`.
    UpdateStatistics(UpdateStatistics),
    /// PostgreSQL `ALTER SEQUENCE`.
    AlterSequence(AlterSequence),
    /// T-SQL `ALTER TABLE t ADD [CONSTRAINT name] DEFAULT expr FOR c`.
    AddDefaultConstraint(AddDefaultConstraint),
    /// A command of the client tool (sqlcmd `EXIT`, `:setvar`; SQL*Plus
    /// `PROMPT`, `SET DEFINE OFF`; psql `\set`), never sent to the
    /// server. Only commands that run no SQL of their own are read as one:
    /// `@file`, `:r file`, `\i file`, `\connect` stay unknown.
    ClientCommand(ClientCommand),
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AddDefaultConstraint {
    pub table: ObjectName,
    pub name: Option<Ident>,
    pub default: Expr,
    pub column: Ident,
    /// `WITH VALUES`: existing rows get the default too.
    pub with_values: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClientCommand {
    /// `sqlcmd`, `SQL*Plus` or `psql`.
    pub tool: String,
    /// The command, upper case (`EXIT`, `:SETVAR`, `PROMPT`, `\set`).
    pub command: String,
    /// The whole line as written.
    pub text: String,
}

/// `ALTER TABLE t … CHECK | NOCHECK CONSTRAINT …`: enables (`CHECK`) or
/// disables (`NOCHECK`) constraints; `WITH CHECK` also checks the rows
/// already there (a scan), `WITH NOCHECK` does not.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckConstraints {
    pub table: ObjectName,
    /// `WITH CHECK` (`Some(true)`) or `WITH NOCHECK` (`Some(false)`).
    pub with_check: Option<bool>,
    pub enable: bool,
    /// The constraints named; `None` for `ALL`.
    pub constraints: Option<Vec<Ident>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BulkInsert {
    pub table: ObjectName,
    pub from: String,
    pub options: Vec<Expr>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UpdateStatistics {
    pub table: ObjectName,
    pub statistics: Vec<Ident>,
    pub options: Vec<Expr>,
}

/// `ALTER SEQUENCE [IF EXISTS] name …`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AlterSequence {
    pub if_exists: bool,
    pub name: ObjectName,
    pub actions: Vec<SequenceAction>,
}

/// One thing an `ALTER SEQUENCE` changes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum SequenceAction {
    /// `AS type`
    As(DataType),
    /// `INCREMENT [BY] n`
    IncrementBy(Expr),
    /// `MINVALUE n` / `NO MINVALUE` (`None`)
    MinValue(Option<Expr>),
    /// `MAXVALUE n` / `NO MAXVALUE` (`None`)
    MaxValue(Option<Expr>),
    /// `START [WITH] n`
    StartWith(Expr),
    /// `RESTART [[WITH] n]`
    Restart(Option<Expr>),
    /// `CACHE n`
    Cache(Expr),
    /// `[NO] CYCLE`
    Cycle(bool),
    /// `OWNED BY table.column` / `OWNED BY NONE` (`None`)
    OwnedBy(Option<ObjectName>),
    /// `SET LOGGED` (`true`) / `SET UNLOGGED`
    SetLogged(bool),
    /// `OWNER TO role`
    OwnerTo(Ident),
    /// `RENAME TO name`
    RenameTo(ObjectName),
    /// `SET SCHEMA schema`
    SetSchema(Ident),
}

fn comma<T: fmt::Display>(items: &[T]) -> String {
    items
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

impl fmt::Display for ExtStatement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExtStatement::CheckConstraints(c) => {
                write!(f, "ALTER TABLE {}", c.table)?;
                match c.with_check {
                    Some(true) => write!(f, " WITH CHECK")?,
                    Some(false) => write!(f, " WITH NOCHECK")?,
                    None => {}
                }
                let verb = if c.enable { "CHECK" } else { "NOCHECK" };
                match &c.constraints {
                    Some(names) => write!(f, " {verb} CONSTRAINT {}", comma(names)),
                    None => write!(f, " {verb} CONSTRAINT ALL"),
                }
            }
            ExtStatement::BulkInsert(b) => {
                write!(
                    f,
                    "BULK INSERT {} FROM '{}'",
                    b.table,
                    b.from.replace('\'', "''")
                )?;
                if !b.options.is_empty() {
                    write!(f, " WITH ({})", comma(&b.options))?;
                }
                Ok(())
            }
            ExtStatement::Checkpoint { duration } => match duration {
                Some(d) => write!(f, "CHECKPOINT {d}"),
                None => write!(f, "CHECKPOINT"),
            },
            ExtStatement::UpdateStatistics(u) => {
                write!(f, "UPDATE STATISTICS {}", u.table)?;
                if !u.statistics.is_empty() {
                    write!(f, " ({})", comma(&u.statistics))?;
                }
                if !u.options.is_empty() {
                    write!(f, " WITH {}", comma(&u.options))?;
                }
                Ok(())
            }
            ExtStatement::AddDefaultConstraint(d) => {
                write!(f, "ALTER TABLE {} ADD ", d.table)?;
                if let Some(n) = &d.name {
                    write!(f, "CONSTRAINT {n} ")?;
                }
                write!(f, "DEFAULT {} FOR {}", d.default, d.column)?;
                if d.with_values {
                    write!(f, " WITH VALUES")?;
                }
                Ok(())
            }
            ExtStatement::ClientCommand(c) => f.write_str(&c.text),
            ExtStatement::AlterSequence(s) => {
                write!(f, "ALTER SEQUENCE ")?;
                if s.if_exists {
                    write!(f, "IF EXISTS ")?;
                }
                write!(f, "{}", s.name)?;
                for a in &s.actions {
                    write!(f, " {a}")?;
                }
                Ok(())
            }
        }
    }
}

impl fmt::Display for SequenceAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SequenceAction::As(t) => write!(f, "AS {t}"),
            SequenceAction::IncrementBy(e) => write!(f, "INCREMENT BY {e}"),
            SequenceAction::MinValue(Some(e)) => write!(f, "MINVALUE {e}"),
            SequenceAction::MinValue(None) => write!(f, "NO MINVALUE"),
            SequenceAction::MaxValue(Some(e)) => write!(f, "MAXVALUE {e}"),
            SequenceAction::MaxValue(None) => write!(f, "NO MAXVALUE"),
            SequenceAction::StartWith(e) => write!(f, "START WITH {e}"),
            SequenceAction::Restart(Some(e)) => write!(f, "RESTART WITH {e}"),
            SequenceAction::Restart(None) => write!(f, "RESTART"),
            SequenceAction::Cache(e) => write!(f, "CACHE {e}"),
            SequenceAction::Cycle(true) => write!(f, "CYCLE"),
            SequenceAction::Cycle(false) => write!(f, "NO CYCLE"),
            SequenceAction::OwnedBy(Some(c)) => write!(f, "OWNED BY {c}"),
            SequenceAction::OwnedBy(None) => write!(f, "OWNED BY NONE"),
            SequenceAction::SetLogged(true) => write!(f, "SET LOGGED"),
            SequenceAction::SetLogged(false) => write!(f, "SET UNLOGGED"),
            SequenceAction::OwnerTo(r) => write!(f, "OWNER TO {r}"),
            SequenceAction::RenameTo(n) => write!(f, "RENAME TO {n}"),
            SequenceAction::SetSchema(s) => write!(f, "SET SCHEMA {s}"),
        }
    }
}
