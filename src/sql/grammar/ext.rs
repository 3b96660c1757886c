//! Statements of our own kinds: what a target database accepts and
//! sqlparser 0.64 has no node for. Built from sqlparser's own pieces
//! (names, identifiers, expressions, data types), serialized the way
//! sqlparser serializes its statements (`{"AlterSequence": {…}}`), and
//! displayed back as SQL.

use std::fmt;

use serde::Serialize;
use sqlparser::ast::{
    AlterTableOperation, CreateRole, DataType, Expr, Ident, ObjectName, ProcedureParam, SqlOption,
};

/// A statement sqlparser has no node for.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[allow(clippy::large_enum_variant)] // one per statement, as sqlparser's own
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
    /// PostgreSQL `DO`.
    Do(Do),
    /// PostgreSQL `CREATE EVENT TRIGGER`.
    CreateEventTrigger(CreateEventTrigger),
    /// PostgreSQL `DROP EVENT TRIGGER`.
    DropEventTrigger(DropEventTrigger),
    /// PostgreSQL `CREATE PUBLICATION`.
    CreatePublication(CreatePublication),
    /// PostgreSQL `CREATE USER`: `CREATE ROLE` that logs in by default,
    /// read as sqlparser reads `CREATE ROLE`.
    CreateUser(CreateRole),
    /// PostgreSQL `ALTER ROLE | USER … SET name TO a, b`.
    AlterRoleSet(AlterRoleSet),
    /// PostgreSQL `ALTER TABLE … ALTER COLUMN c SET STATISTICS | STORAGE |
    /// COMPRESSION …`.
    AlterColumnSetting(AlterColumnSetting),
    /// PostgreSQL `DROP INDEX CONCURRENTLY`.
    DropIndexConcurrently(DropIndexConcurrently),
    /// An `ALTER TABLE` with operations sqlparser has no node for.
    AlterTable(AlterTableExt),
    /// MySQL or Oracle `CREATE PROCEDURE | FUNCTION` with a procedural
    /// body.
    CreateRoutine(CreateRoutine),
    /// An anonymous PL/SQL block (`[DECLARE …] BEGIN … END;`), Oracle's
    /// `DO`: its body, as written, is procedural code the gate does not
    /// read.
    AnonymousBlock { body: String },
}

/// `ALTER TABLE` whose operations are sqlparser's and ours.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AlterTableExt {
    pub name: ObjectName,
    pub if_exists: bool,
    pub operations: Vec<AlterOp>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[allow(clippy::large_enum_variant)] // most operations are sqlparser's
pub enum AlterOp {
    Sql(AlterTableOperation),
    /// MySQL table options: `ENGINE = InnoDB`, `DEFAULT CHARACTER SET =
    /// utf8mb4`, `COLLATE = …`, `COMMENT = '…'`.
    TableOptions(Vec<SqlOption>),
    /// MySQL `CONVERT TO CHARACTER SET x [COLLATE y]`: every text column
    /// re-encoded.
    ConvertCharset {
        charset: Ident,
        collate: Option<Ident>,
    },
    /// MySQL `ENABLE KEYS` / `DISABLE KEYS`.
    Keys {
        enable: bool,
    },
}

/// MySQL `CREATE [DEFINER = …] PROCEDURE | FUNCTION` and Oracle `CREATE
/// [OR REPLACE] PROCEDURE | FUNCTION`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CreateRoutine {
    pub function: bool,
    pub or_replace: bool,
    pub if_not_exists: bool,
    pub definer: Option<String>,
    pub name: ObjectName,
    pub params: Vec<ProcedureParam>,
    pub returns: Option<DataType>,
    /// `DETERMINISTIC`, `SQL SECURITY INVOKER`, `COMMENT '…'`, … as written.
    pub characteristics: Vec<String>,
    /// The body as written (MySQL's or Oracle's procedural language, run at
    /// each call; Oracle's starts with `IS` / `AS`).
    pub body: String,
}

/// `DO [LANGUAGE l] body`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Do {
    pub language: Option<Ident>,
    pub body: String,
    /// The dollar-quote tag (`$fn$` → `fn`); `None` for `$$` or a quoted
    /// string.
    pub tag: Option<String>,
    /// The statements of a plain body (see `postgres::plain_body`);
    /// `None` when the body is procedural code the gate does not read.
    pub statements: Option<Vec<super::Ast>>,
    /// Where each statement is in `body`, and whether it runs only under a
    /// condition.
    #[serde(skip)]
    pub places: Vec<super::postgres::Inner>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CreateEventTrigger {
    pub name: Ident,
    pub event: Ident,
    /// `WHEN TAG IN ('…')`: each filter variable and its values.
    pub when: Vec<(Ident, Vec<String>)>,
    pub function: ObjectName,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DropEventTrigger {
    pub if_exists: bool,
    pub name: Ident,
    pub cascade: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CreatePublication {
    pub name: Ident,
    pub all_tables: bool,
    pub tables: Vec<ObjectName>,
    pub schemas: Vec<Ident>,
    pub options: Vec<SqlOption>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AlterRoleSet {
    /// Written `ALTER USER`.
    pub user: bool,
    pub name: Ident,
    pub in_database: Option<Ident>,
    pub config: ObjectName,
    pub values: Vec<Expr>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AlterColumnSetting {
    pub table: ObjectName,
    pub if_exists: bool,
    pub only: bool,
    pub column: Ident,
    /// `STATISTICS`, `STORAGE` or `COMPRESSION`.
    pub setting: String,
    pub value: Expr,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DropIndexConcurrently {
    pub if_exists: bool,
    pub names: Vec<ObjectName>,
    pub cascade: bool,
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
            ExtStatement::Do(d) => {
                write!(f, "DO ")?;
                if let Some(l) = &d.language {
                    write!(f, "LANGUAGE {l} ")?;
                }
                let tag = d.tag.as_deref().unwrap_or_default();
                write!(f, "${tag}${}${tag}$", d.body)
            }
            ExtStatement::CreateEventTrigger(t) => {
                write!(f, "CREATE EVENT TRIGGER {} ON {}", t.name, t.event)?;
                for (i, (variable, values)) in t.when.iter().enumerate() {
                    let quoted: Vec<String> = values
                        .iter()
                        .map(|v| format!("'{}'", v.replace('\'', "''")))
                        .collect();
                    let lead = if i == 0 { " WHEN" } else { " AND" };
                    write!(f, "{lead} {variable} IN ({})", quoted.join(", "))?;
                }
                write!(f, " EXECUTE FUNCTION {}()", t.function)
            }
            ExtStatement::DropEventTrigger(t) => {
                write!(f, "DROP EVENT TRIGGER ")?;
                if t.if_exists {
                    write!(f, "IF EXISTS ")?;
                }
                write!(f, "{}", t.name)?;
                if t.cascade {
                    write!(f, " CASCADE")?;
                }
                Ok(())
            }
            ExtStatement::CreatePublication(c) => {
                write!(f, "CREATE PUBLICATION {}", c.name)?;
                if c.all_tables {
                    write!(f, " FOR ALL TABLES")?;
                } else if !c.tables.is_empty() {
                    write!(f, " FOR TABLE {}", comma(&c.tables))?;
                } else if !c.schemas.is_empty() {
                    write!(f, " FOR TABLES IN SCHEMA {}", comma(&c.schemas))?;
                }
                if !c.options.is_empty() {
                    write!(f, " WITH ({})", comma(&c.options))?;
                }
                Ok(())
            }
            ExtStatement::CreateUser(r) => {
                let role = r.to_string();
                write!(
                    f,
                    "CREATE USER{}",
                    role.strip_prefix("CREATE ROLE").unwrap_or(&role)
                )
            }
            ExtStatement::AlterRoleSet(a) => {
                let keyword = if a.user { "USER" } else { "ROLE" };
                write!(f, "ALTER {keyword} {}", a.name)?;
                if let Some(db) = &a.in_database {
                    write!(f, " IN DATABASE {db}")?;
                }
                write!(f, " SET {} TO {}", a.config, comma(&a.values))
            }
            ExtStatement::AlterColumnSetting(a) => {
                write!(f, "ALTER TABLE ")?;
                if a.if_exists {
                    write!(f, "IF EXISTS ")?;
                }
                if a.only {
                    write!(f, "ONLY ")?;
                }
                write!(
                    f,
                    "{} ALTER COLUMN {} SET {} {}",
                    a.table, a.column, a.setting, a.value
                )
            }
            ExtStatement::AlterTable(a) => {
                write!(f, "ALTER TABLE ")?;
                if a.if_exists {
                    write!(f, "IF EXISTS ")?;
                }
                write!(f, "{} {}", a.name, comma(&a.operations))
            }
            ExtStatement::CreateRoutine(r) => {
                write!(f, "CREATE ")?;
                if r.or_replace {
                    write!(f, "OR REPLACE ")?;
                }
                if let Some(d) = &r.definer {
                    write!(f, "DEFINER = {d} ")?;
                }
                let what = if r.function { "FUNCTION" } else { "PROCEDURE" };
                write!(f, "{what} {}({})", r.name, comma(&r.params))?;
                if let Some(t) = &r.returns {
                    write!(f, " RETURNS {t}")?;
                }
                for c in &r.characteristics {
                    write!(f, " {c}")?;
                }
                write!(f, " {}", r.body)
            }
            ExtStatement::AnonymousBlock { body } => f.write_str(body),
            ExtStatement::DropIndexConcurrently(d) => {
                write!(f, "DROP INDEX CONCURRENTLY ")?;
                if d.if_exists {
                    write!(f, "IF EXISTS ")?;
                }
                write!(f, "{}", comma(&d.names))?;
                if d.cascade {
                    write!(f, " CASCADE")?;
                }
                Ok(())
            }
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

impl fmt::Display for AlterOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AlterOp::Sql(op) => op.fmt(f),
            AlterOp::TableOptions(options) => {
                let parts: Vec<String> = options
                    .iter()
                    .map(|o| match o {
                        SqlOption::KeyValue { key, value } => format!("{key} = {value}"),
                        other => other.to_string(),
                    })
                    .collect();
                f.write_str(&parts.join(" "))
            }
            AlterOp::ConvertCharset { charset, collate } => {
                write!(f, "CONVERT TO CHARACTER SET {charset}")?;
                if let Some(c) = collate {
                    write!(f, " COLLATE {c}")?;
                }
                Ok(())
            }
            AlterOp::Keys { enable } => f.write_str(if *enable {
                "ENABLE KEYS"
            } else {
                "DISABLE KEYS"
            }),
        }
    }
}
