//! SQL Server (T-SQL) constructs sqlparser 0.64's `MsSqlDialect` lacks.
//!
//! Into sqlparser's nodes:
//! - `CREATE [UNIQUE] [CLUSTERED | NONCLUSTERED] INDEX … [WITH (…)] [ON
//!   filegroup]` and `CREATE [CLUSTERED | NONCLUSTERED] COLUMNSTORE INDEX`:
//!   a `CreateIndex` whose index type (`using`) is `CLUSTERED`,
//!   `NONCLUSTERED`, … as written, its `WITH (…)` options in `with`.
//! - `CREATE TABLE … ON filegroup [TEXTIMAGE_ON filegroup]`: the table.
//! - `ALTER TABLE t [WITH CHECK | WITH NOCHECK] ADD …`: T-SQL lists what it
//!   adds after one `ADD` (`ADD a int, b int, CONSTRAINT …`); each becomes
//!   an `AddColumn` / `AddConstraint`, `WITH NOCHECK` marking a constraint
//!   `not_valid` (existing rows are not checked, as PostgreSQL's `NOT
//!   VALID`). Index options and a filegroup after a key are read and left.
//! - `ALTER TABLE t ALTER COLUMN c type [NULL | NOT NULL]` redefines the
//!   column: a `ModifyColumn`, as MySQL's `MODIFY`.
//! - `ALTER TABLE t DROP [CONSTRAINT | COLUMN] [IF EXISTS] a, [COLUMN] b`.
//!
//! Our own kinds (see `ext`): `ALTER TABLE t [WITH CHECK | WITH NOCHECK]
//! CHECK | NOCHECK CONSTRAINT ALL | c, …`, `BULK INSERT`, `CHECKPOINT`,
//! `UPDATE STATISTICS`.
//!
//! The filegroup or partition scheme a table or index is stored on (`ON
//! [PRIMARY]`, `ON ps(col)`) has no place in the tree and changes nothing a
//! policy judges: it is read and left out.

use sqlparser::ast::helpers::attached_token::AttachedToken;
use sqlparser::ast::helpers::stmt_create_table::CreateTableBuilder;
use sqlparser::ast::{
    AlterTable, AlterTableOperation, ArgMode, ColumnDef, ColumnOption, ColumnOptionDef,
    ConditionalStatements, CreateIndex, CreateProcedureBody, CreateTableOptions, DataType, Declare,
    DeclareSeparator, DeclareType, Delete, Expr, FromTable, Function, FunctionArg, FunctionArgExpr,
    FunctionArgumentList, FunctionArguments, GeneratedAs, GeneratedExpressionMode, Ident,
    IndexConstraint, IndexType, KeyOrIndexDisplay, NullsDistinctOption, ObjectName,
    PrimaryKeyConstraint, ProcedureParam, ReturnStatement, SqlOption, Statement, TableConstraint,
    TransactionModifier, TypeModifier, UniqueConstraint,
};
use sqlparser::keywords::Keyword;
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::Token;

use super::ext::{
    AddDefaultConstraint, BulkInsert, CheckConstraints, ClientCommand, ExtStatement,
    UpdateStatistics,
};
use super::{expected, parse_one_word, parse_words, peek_words};
use crate::sql::split::parse::starts_tsql_statement;

/// sqlparser nodes for T-SQL statements its grammar does not read.
pub(super) fn parse_statement(p: &mut Parser) -> Option<Result<Statement, ParserError>> {
    if let Some(index_type) = create_index_start(p) {
        return Some(create_index(p, index_type));
    }
    if peek_words(p, &["CREATE", "TABLE"]) {
        return Some(create_table(p));
    }
    if is_block(p) {
        return Some(block(p));
    }
    if peek_words(p, &["RETURN"]) && ends_here(p, 1) {
        p.advance_token();
        return Some(Ok(Statement::Return(ReturnStatement { value: None })));
    }
    if is_delete_without_from(p) {
        return Some(delete_without_from(p));
    }
    if peek_words(p, &["DECLARE"])
        && matches!(&p.peek_nth_token_ref(1).token, Token::Word(w) if !w.value.starts_with('@'))
        && super::is_word(&p.peek_nth_token_ref(2).token, "CURSOR")
    {
        return Some(declare_cursor(p));
    }
    if let Some(words) = create_procedure_start(p) {
        return Some(create_procedure(p, words));
    }
    if peek_words(p, &["ALTER", "TABLE"]) && !is_check_constraints(p) {
        return Some(alter_table(p));
    }
    None
}

/// Statements of our own kinds.
pub(super) fn parse_ext(p: &mut Parser) -> Option<Result<ExtStatement, ParserError>> {
    if peek_words(p, &["ALTER", "TABLE"]) && is_check_constraints(p) {
        return Some(check_constraints(p));
    }
    if let Some(client) = client_command(p) {
        return Some(client);
    }
    if is_add_default(p) {
        return Some(add_default(p));
    }
    if peek_words(p, &["BULK", "INSERT"]) {
        return Some(bulk_insert(p));
    }
    if peek_words(p, &["CHECKPOINT"]) {
        return Some(checkpoint(p));
    }
    if peek_words(p, &["UPDATE", "STATISTICS"]) {
        return Some(update_statistics(p));
    }
    None
}

/// What a `CREATE … INDEX` says between `CREATE` and `INDEX`.
struct IndexStart {
    unique: bool,
    /// `CLUSTERED`, `NONCLUSTERED`, `CLUSTERED COLUMNSTORE`, … as written.
    kind: Option<String>,
    columnstore: bool,
    /// Words between `CREATE` and `INDEX`.
    words: usize,
}

/// `CREATE [UNIQUE] [CLUSTERED | NONCLUSTERED] [COLUMNSTORE] INDEX`, looked
/// at without moving.
fn create_index_start(p: &Parser) -> Option<IndexStart> {
    if !peek_words(p, &["CREATE"]) {
        return None;
    }
    let word = |i: usize| match &p.peek_nth_token_ref(i).token {
        Token::Word(w) if w.quote_style.is_none() => Some(w.value.to_ascii_uppercase()),
        _ => None,
    };
    let mut i = 1;
    let unique = word(i).as_deref() == Some("UNIQUE");
    if unique {
        i += 1;
    }
    let mut kind = Vec::new();
    if let Some(w) = word(i).filter(|w| w == "CLUSTERED" || w == "NONCLUSTERED") {
        kind.push(w);
        i += 1;
    }
    let columnstore = word(i).as_deref() == Some("COLUMNSTORE");
    if columnstore {
        kind.push("COLUMNSTORE".to_string());
        i += 1;
    }
    (word(i).as_deref() == Some("INDEX")).then(|| IndexStart {
        unique,
        kind: (!kind.is_empty()).then(|| kind.join(" ")),
        columnstore,
        words: i,
    })
}

fn create_index(p: &mut Parser, start: IndexStart) -> Result<Statement, ParserError> {
    for _ in 0..=start.words {
        p.advance_token();
    }
    let mut index = if start.columnstore {
        columnstore_index(p)?
    } else {
        p.parse_create_index(start.unique)?
    };
    index.unique = start.unique;
    if let Some(kind) = start.kind {
        index.using = Some(IndexType::Custom(Ident::new(kind)));
    }
    if index.predicate.is_none() && p.parse_keyword(Keyword::WHERE) {
        index.predicate = Some(p.parse_expr()?);
    }
    if let Some(with) = with_options(p)? {
        index.with = with;
    }
    storage(p)?;
    Ok(Statement::CreateIndex(index))
}

/// `name ON table [(columns)]` of a columnstore index (a clustered one
/// covers every column and lists none).
fn columnstore_index(p: &mut Parser) -> Result<CreateIndex, ParserError> {
    let name = p.parse_object_name(false)?;
    p.expect_keyword_is(Keyword::ON)?;
    let table_name = p.parse_object_name(false)?;
    let columns = if p.consume_token(&Token::LParen) {
        let columns = p.parse_comma_separated(Parser::parse_create_index_expr)?;
        p.expect_token(&Token::RParen)?;
        columns
    } else {
        Vec::new()
    };
    Ok(CreateIndex {
        name: Some(name),
        table_name,
        using: None,
        columns,
        unique: false,
        concurrently: false,
        r#async: false,
        if_not_exists: false,
        include: Vec::new(),
        nulls_distinct: None,
        with: Vec::new(),
        predicate: None,
        index_options: Vec::new(),
        alter_options: Vec::new(),
    })
}

/// `WITH (PAD_INDEX = OFF, ONLINE = ON, …)` of an index or key: each option
/// as the expression `name = value` (or a bare name).
fn with_options(p: &mut Parser) -> Result<Option<Vec<Expr>>, ParserError> {
    if !(peek_words(p, &["WITH"]) && p.peek_nth_token_ref(1).token == Token::LParen) {
        return Ok(None);
    }
    p.advance_token();
    p.expect_token(&Token::LParen)?;
    let options = p.parse_comma_separated(Parser::parse_expr)?;
    p.expect_token(&Token::RParen)?;
    Ok(Some(options))
}

/// Where a table, index or key is stored: `ON filegroup`, `ON
/// scheme(column)`, `ON "default"`, `TEXTIMAGE_ON filegroup`,
/// `FILESTREAM_ON filegroup`, in any number. Read and left out.
fn storage(p: &mut Parser) -> Result<(), ParserError> {
    loop {
        if parse_one_word(p, &["ON", "TEXTIMAGE_ON", "FILESTREAM_ON"]).is_none() {
            return Ok(());
        }
        p.parse_identifier()?;
        if p.consume_token(&Token::LParen) {
            p.parse_identifier()?;
            p.expect_token(&Token::RParen)?;
        }
    }
}

/// `CREATE TABLE name ( elements ) [ON filegroup] [TEXTIMAGE_ON filegroup]
/// [WITH (…)]`: T-SQL keys carry index options and a filegroup, and
/// computed columns (`c AS expr [PERSISTED]`) have no type, so the element
/// list is read here; other forms are sqlparser's.
fn create_table(p: &mut Parser) -> Result<Statement, ParserError> {
    let (name, columns, constraints) = match table_elements(p)? {
        Some(elements) => elements,
        None => {
            p.advance_token(); // CREATE
            let mut stmt = p.parse_create()?;
            table_trailer(p, &mut stmt)?;
            return Ok(stmt);
        }
    };
    let mut stmt = Statement::CreateTable(
        CreateTableBuilder::new(name)
            .columns(columns)
            .constraints(constraints)
            .build(),
    );
    table_trailer(p, &mut stmt)?;
    Ok(stmt)
}

/// `CREATE TABLE name (` … `)`: its name, columns and constraints; `None`
/// (nothing read) for another shape.
#[allow(clippy::type_complexity)]
fn table_elements(
    p: &mut Parser,
) -> Result<Option<(ObjectName, Vec<ColumnDef>, Vec<TableConstraint>)>, ParserError> {
    let start = p.index();
    p.advance_token(); // CREATE
    p.advance_token(); // TABLE
    let name = p.maybe_parse(|p| {
        let name = p.parse_object_name(false)?;
        p.expect_token(&Token::LParen)?;
        Ok(name)
    })?;
    let Some(name) = name else {
        super::rewind(p, start);
        return Ok(None);
    };
    let mut columns = Vec::new();
    let mut constraints = Vec::new();
    loop {
        if let Some(mut constraint) = p.parse_optional_table_constraint()? {
            clustered_key(&mut constraint);
            key_trailer(p, &constraint)?;
            constraints.push(constraint);
        } else if parse_words(p, &["PERIOD", "FOR", "SYSTEM_TIME"]) {
            // the columns a system-versioned table's rows are valid between
            p.expect_token(&Token::LParen)?;
            p.parse_comma_separated(Parser::parse_identifier)?;
            p.expect_token(&Token::RParen)?;
        } else if peek_words(p, &["INDEX"]) {
            constraints.push(inline_index(p)?);
        } else if is_word_then(p, "AS") {
            columns.push(computed_column(p)?);
        } else {
            columns.push(p.parse_column_def()?);
        }
        // SQL Server takes a comma after the last element
        if p.consume_token(&Token::Comma) && p.peek_token_ref().token != Token::RParen {
            continue;
        }
        p.expect_token(&Token::RParen)?;
        return Ok(Some((name, columns, constraints)));
    }
}

/// A name, then the word `word`.
fn is_word_then(p: &Parser, word: &str) -> bool {
    matches!(p.peek_nth_token_ref(0).token, Token::Word(_))
        && super::is_word(&p.peek_nth_token_ref(1).token, word)
}

/// `c AS expr [PERSISTED [NOT NULL]]`: a generated column, stored when
/// `PERSISTED`.
fn computed_column(p: &mut Parser) -> Result<ColumnDef, ParserError> {
    let name = p.parse_identifier()?;
    p.expect_keyword_is(Keyword::AS)?;
    let expr = p.parse_expr()?;
    let persisted = parse_words(p, &["PERSISTED"]);
    let mut options = vec![ColumnOptionDef {
        name: None,
        option: ColumnOption::Generated {
            generated_as: GeneratedAs::Always,
            sequence_options: None,
            generation_expr: Some(expr),
            generation_expr_mode: Some(if persisted {
                GeneratedExpressionMode::Stored
            } else {
                GeneratedExpressionMode::Virtual
            }),
            generated_keyword: false,
        },
    }];
    while let Some(option) = p.parse_optional_column_option()? {
        options.push(ColumnOptionDef { name: None, option });
    }
    Ok(ColumnDef {
        name,
        data_type: DataType::Unspecified,
        options,
    })
}

/// `INDEX name [UNIQUE] [CLUSTERED | NONCLUSTERED] (columns) [INCLUDE (…)]
/// [WHERE …] [WITH (…)] [ON filegroup]` inside `CREATE TABLE`.
fn inline_index(p: &mut Parser) -> Result<TableConstraint, ParserError> {
    p.advance_token(); // INDEX
    let name = p.parse_identifier()?;
    let unique = p.parse_keyword(Keyword::UNIQUE);
    let mut kind: Vec<&str> = Vec::new();
    if let Some(w) = parse_one_word(p, &["CLUSTERED", "NONCLUSTERED"]) {
        kind.push(w);
    }
    if parse_words(p, &["COLUMNSTORE"]) {
        kind.push("COLUMNSTORE");
    }
    let columns = if p.consume_token(&Token::LParen) {
        let columns = p.parse_comma_separated(Parser::parse_create_index_expr)?;
        p.expect_token(&Token::RParen)?;
        columns
    } else {
        Vec::new()
    };
    let include = p.parse_optional_include_columns()?;
    if p.parse_keyword(Keyword::WHERE) {
        p.parse_expr()?;
    }
    with_options(p)?;
    storage(p)?;
    let index_type = (!kind.is_empty()).then(|| IndexType::Custom(Ident::new(kind.join(" "))));
    Ok(if unique {
        UniqueConstraint {
            name: None,
            index_name: Some(name),
            index_type_display: KeyOrIndexDisplay::Index,
            index_type,
            columns,
            include,
            index_options: Vec::new(),
            characteristics: None,
            nulls_distinct: NullsDistinctOption::None,
        }
        .into()
    } else {
        IndexConstraint {
            display_as_key: false,
            name: Some(name),
            index_type,
            columns,
            index_options: Vec::new(),
        }
        .into()
    })
}

/// sqlparser reads the `CLUSTERED` of `PRIMARY KEY CLUSTERED (id)` as an
/// index name (MySQL's `PRIMARY KEY name (id)`): it is the index type.
fn clustered_key(constraint: &mut TableConstraint) {
    let (index_name, index_type) = match constraint {
        TableConstraint::PrimaryKey(k) => (&mut k.index_name, &mut k.index_type),
        TableConstraint::Unique(k) => (&mut k.index_name, &mut k.index_type),
        _ => return,
    };
    if let Some(n) = index_name.as_ref().filter(|n| {
        n.quote_style.is_none()
            && (n.value.eq_ignore_ascii_case("CLUSTERED")
                || n.value.eq_ignore_ascii_case("NONCLUSTERED"))
    }) {
        *index_type = Some(IndexType::Custom(Ident::new(n.value.to_ascii_uppercase())));
        *index_name = None;
    }
}

/// What may follow a table's element list: storage and `WITH (…)`.
fn table_trailer(p: &mut Parser, stmt: &mut Statement) -> Result<(), ParserError> {
    storage(p)?;
    if peek_words(p, &["WITH"]) && p.peek_nth_token_ref(1).token == Token::LParen {
        p.advance_token();
        p.expect_token(&Token::LParen)?;
        let options = p.parse_comma_separated(table_option)?;
        p.expect_token(&Token::RParen)?;
        if let Statement::CreateTable(t) = stmt {
            t.table_options = CreateTableOptions::With(options);
        }
    }
    Ok(())
}

/// One `WITH (…)` table option; `SYSTEM_VERSIONING = ON (HISTORY_TABLE =
/// …)` keeps its `ON` (the history table is another statement's business).
fn table_option(p: &mut Parser) -> Result<SqlOption, ParserError> {
    if !peek_words(p, &["SYSTEM_VERSIONING"]) {
        return p.parse_sql_option();
    }
    let key = ObjectName::from(vec![p.parse_identifier()?]);
    p.expect_token(&Token::Eq)?;
    let value = Expr::Identifier(p.parse_identifier()?);
    if p.consume_token(&Token::LParen) {
        p.parse_comma_separated(Parser::parse_sql_option)?;
        p.expect_token(&Token::RParen)?;
    }
    Ok(SqlOption::KeyValue { key, value })
}

/// `ALTER TABLE t [WITH CHECK | WITH NOCHECK] CHECK | NOCHECK CONSTRAINT`,
/// looked at without moving.
fn is_check_constraints(p: &Parser) -> bool {
    // ALTER TABLE name[.name…]
    let Some(mut i) = super::after_name(p, 2) else {
        return false;
    };
    let word = |i: usize| &p.peek_nth_token_ref(i).token;
    if super::is_word(word(i), "WITH")
        && (super::is_word(word(i + 1), "CHECK") || super::is_word(word(i + 1), "NOCHECK"))
    {
        i += 2;
    }
    (super::is_word(word(i), "CHECK") || super::is_word(word(i), "NOCHECK"))
        && super::is_word(word(i + 1), "CONSTRAINT")
}

/// `ALTER TABLE t [WITH CHECK | WITH NOCHECK] { CHECK | NOCHECK }
/// CONSTRAINT { ALL | c [, …] }`.
fn check_constraints(p: &mut Parser) -> Result<ExtStatement, ParserError> {
    p.advance_token(); // ALTER
    p.advance_token(); // TABLE
    let table = p.parse_object_name(false)?;
    let with_check = if p.parse_keyword(Keyword::WITH) {
        Some(parse_one_word(p, &["CHECK", "NOCHECK"]) == Some("CHECK"))
    } else {
        None
    };
    let enable = match parse_one_word(p, &["CHECK", "NOCHECK"]) {
        Some(w) => w == "CHECK",
        None => return expected(p, "CHECK or NOCHECK"),
    };
    p.expect_keyword_is(Keyword::CONSTRAINT)?;
    let constraints = if p.parse_keyword(Keyword::ALL) {
        None
    } else {
        Some(p.parse_comma_separated(Parser::parse_identifier)?)
    };
    Ok(ExtStatement::CheckConstraints(CheckConstraints {
        table,
        with_check,
        enable,
        constraints,
    }))
}

/// T-SQL `ALTER TABLE`: its `ADD`, `ALTER COLUMN` and `DROP` forms, the
/// rest as sqlparser reads it.
fn alter_table(p: &mut Parser) -> Result<Statement, ParserError> {
    p.advance_token(); // ALTER
    p.advance_token(); // TABLE
    let if_exists = p.parse_keywords(&[Keyword::IF, Keyword::EXISTS]);
    let name = p.parse_object_name(false)?;
    // `WITH CHECK` is the default for a new constraint; `WITH NOCHECK`
    // leaves existing rows unchecked.
    let nocheck = if p.parse_keyword(Keyword::WITH) {
        match parse_one_word(p, &["CHECK", "NOCHECK"]) {
            Some(w) => w == "NOCHECK",
            None => return expected(p, "CHECK or NOCHECK after WITH"),
        }
    } else {
        false
    };
    let operations = if p.parse_keyword(Keyword::ADD) {
        add_list(p, nocheck)?
    } else if peek_words(p, &["ALTER", "COLUMN"]) {
        vec![alter_column(p)?]
    } else if peek_words(p, &["DROP"]) && !peek_words(p, &["DROP", "PERIOD"]) {
        drop_list(p)?
    } else {
        p.parse_comma_separated(Parser::parse_alter_table_operation)?
    };
    let end_token = p.get_current_token().clone();
    Ok(AlterTable {
        name,
        if_exists,
        only: false,
        operations,
        location: None,
        on_cluster: None,
        table_type: None,
        end_token: AttachedToken(end_token),
    }
    .into())
}

/// What one `ADD` adds: columns and constraints, comma-separated.
fn add_list(p: &mut Parser, nocheck: bool) -> Result<Vec<AlterTableOperation>, ParserError> {
    let mut ops = Vec::new();
    loop {
        if let Some(mut constraint) = p.parse_optional_table_constraint()? {
            clustered_key(&mut constraint);
            key_trailer(p, &constraint)?;
            ops.push(AlterTableOperation::AddConstraint {
                constraint,
                not_valid: nocheck,
            });
        } else {
            let column_def = p.parse_column_def()?;
            ops.push(AlterTableOperation::AddColumn {
                column_keyword: false,
                if_not_exists: false,
                column_def,
                column_position: None,
            });
        }
        if !p.consume_token(&Token::Comma) {
            return Ok(ops);
        }
    }
}

/// Index options and storage after a primary key or unique constraint
/// (`PRIMARY KEY CLUSTERED (id) WITH (PAD_INDEX = OFF) ON [PRIMARY]`).
fn key_trailer(p: &mut Parser, constraint: &TableConstraint) -> Result<(), ParserError> {
    if matches!(
        constraint,
        TableConstraint::PrimaryKey(_) | TableConstraint::Unique(_)
    ) {
        with_options(p)?;
        storage(p)?;
    }
    Ok(())
}

/// `ALTER COLUMN c type [COLLATE x] [NULL | NOT NULL]`: the whole column
/// redefined (a column left without `NOT NULL` becomes nullable).
fn alter_column(p: &mut Parser) -> Result<AlterTableOperation, ParserError> {
    p.advance_token(); // ALTER
    p.advance_token(); // COLUMN
    let col_name = p.parse_identifier()?;
    let data_type = p.parse_data_type()?;
    let mut options = Vec::new();
    if p.parse_keyword(Keyword::COLLATE) {
        options.push(ColumnOption::Collation(p.parse_object_name(false)?));
    }
    if p.parse_keywords(&[Keyword::NOT, Keyword::NULL]) {
        options.push(ColumnOption::NotNull);
    } else if p.parse_keyword(Keyword::NULL) {
        options.push(ColumnOption::Null);
    }
    with_options(p)?; // WITH (ONLINE = ON)
    Ok(AlterTableOperation::ModifyColumn {
        col_name,
        data_type,
        options,
        column_position: None,
    })
}

/// `DROP [CONSTRAINT | COLUMN] [IF EXISTS] a [, [CONSTRAINT | COLUMN] b …]`:
/// a name without a keyword is of the kind named before it, a constraint
/// at first.
fn drop_list(p: &mut Parser) -> Result<Vec<AlterTableOperation>, ParserError> {
    p.advance_token(); // DROP
    let mut column = false;
    let mut ops = Vec::new();
    loop {
        match parse_one_word(p, &["CONSTRAINT", "COLUMN"]) {
            Some("COLUMN") => column = true,
            Some(_) => column = false,
            None => {}
        }
        let if_exists = p.parse_keywords(&[Keyword::IF, Keyword::EXISTS]);
        let names = vec![p.parse_identifier()?];
        // `DROP CONSTRAINT pk WITH (ONLINE = ON)`
        with_options(p)?;
        ops.push(if column {
            AlterTableOperation::DropColumn {
                has_column_keyword: true,
                column_names: names,
                if_exists,
                drop_behavior: None,
            }
        } else {
            AlterTableOperation::DropConstraint {
                if_exists,
                name: names.into_iter().next().unwrap_or_else(|| Ident::new("")),
                drop_behavior: None,
            }
        });
        if !p.consume_token(&Token::Comma) {
            return Ok(ops);
        }
    }
}

/// `BULK INSERT t FROM 'file' [WITH (option [= value], …)]`.
fn bulk_insert(p: &mut Parser) -> Result<ExtStatement, ParserError> {
    p.advance_token(); // BULK
    p.advance_token(); // INSERT
    let table = p.parse_object_name(false)?;
    p.expect_keyword_is(Keyword::FROM)?;
    let from = p.parse_literal_string()?;
    let options = with_options(p)?.unwrap_or_default();
    Ok(ExtStatement::BulkInsert(BulkInsert {
        table,
        from,
        options,
    }))
}

/// `CHECKPOINT [duration]`.
fn checkpoint(p: &mut Parser) -> Result<ExtStatement, ParserError> {
    p.advance_token();
    let duration = match p.peek_token_ref().token {
        Token::Number(..) => Some(p.parse_literal_uint()?),
        _ => None,
    };
    Ok(ExtStatement::Checkpoint { duration })
}

/// `UPDATE STATISTICS t [index | (index, …)] [WITH option, …]`.
fn update_statistics(p: &mut Parser) -> Result<ExtStatement, ParserError> {
    p.advance_token(); // UPDATE
    p.advance_token(); // STATISTICS
    let table = p.parse_object_name(false)?;
    let statistics = if p.consume_token(&Token::LParen) {
        let names = p.parse_comma_separated(Parser::parse_identifier)?;
        p.expect_token(&Token::RParen)?;
        names
    } else if let Token::Word(_) = p.peek_token_ref().token
        && !peek_words(p, &["WITH"])
        && !starts_tsql_statement(&p.peek_token_ref().token)
    {
        vec![p.parse_identifier()?]
    } else {
        Vec::new()
    };
    let mut options = Vec::new();
    if p.parse_keyword(Keyword::WITH) {
        options = p.parse_comma_separated(Parser::parse_expr)?;
    }
    Ok(ExtStatement::UpdateStatistics(UpdateStatistics {
        table,
        statistics,
        options,
    }))
}

/// T-SQL column options sqlparser lacks: `ROWGUIDCOL`, `SPARSE`,
/// `FILESTREAM`, `NOT FOR REPLICATION` (after `IDENTITY`), `GENERATED
/// ALWAYS AS ROW START | END [HIDDEN]` (as written: they change nothing a
/// policy judges), and keys with an index type, options and a filegroup
/// (`PRIMARY KEY CLUSTERED WITH (…) ON [PRIMARY]`).
pub(super) fn parse_column_option(
    p: &mut Parser,
) -> Option<Result<Option<ColumnOption>, ParserError>> {
    let as_written = |p: &mut Parser, n: usize| {
        let tokens = (0..n).map(|_| p.next_token().token).collect();
        Some(Ok(Some(ColumnOption::DialectSpecific(tokens))))
    };
    if peek_words(p, &["ROWGUIDCOL"])
        || peek_words(p, &["SPARSE"])
        || peek_words(p, &["FILESTREAM"])
    {
        return as_written(p, 1);
    }
    if peek_words(p, &["NOT", "FOR", "REPLICATION"]) {
        return as_written(p, 3);
    }
    if peek_words(p, &["GENERATED", "ALWAYS", "AS", "ROW"]) {
        let hidden = super::is_word(&p.peek_nth_token_ref(5).token, "HIDDEN");
        return as_written(p, if hidden { 6 } else { 5 });
    }
    let key = |k: &str| peek_words(p, &[k, "CLUSTERED"]) || peek_words(p, &[k, "NONCLUSTERED"]);
    if key("UNIQUE")
        || (peek_words(p, &["PRIMARY", "KEY"]) && {
            let third = &p.peek_nth_token_ref(2).token;
            super::is_word(third, "CLUSTERED") || super::is_word(third, "NONCLUSTERED")
        })
    {
        return Some(column_key(p));
    }
    None
}

/// `PRIMARY KEY | UNIQUE  CLUSTERED | NONCLUSTERED [WITH (…)] [ON fg]` on
/// a column.
fn column_key(p: &mut Parser) -> Result<Option<ColumnOption>, ParserError> {
    let primary = p.parse_keywords(&[Keyword::PRIMARY, Keyword::KEY]);
    if !primary {
        p.expect_keyword_is(Keyword::UNIQUE)?;
    }
    let kind = parse_one_word(p, &["CLUSTERED", "NONCLUSTERED"]).unwrap_or_default();
    let index_type = Some(IndexType::Custom(Ident::new(kind)));
    with_options(p)?;
    storage(p)?;
    Ok(Some(if primary {
        ColumnOption::PrimaryKey(PrimaryKeyConstraint {
            name: None,
            index_name: None,
            index_type,
            columns: Vec::new(),
            include: Vec::new(),
            index_options: Vec::new(),
            characteristics: None,
        })
    } else {
        ColumnOption::Unique(UniqueConstraint {
            name: None,
            index_name: None,
            index_type_display: KeyOrIndexDisplay::None,
            index_type,
            columns: Vec::new(),
            include: Vec::new(),
            index_options: Vec::new(),
            characteristics: None,
            nulls_distinct: NullsDistinctOption::None,
        })
    }))
}

/// `NEXT VALUE FOR sequence`: a call of the function of that name on the
/// sequence (volatile, as every unknown function is).
pub(super) fn parse_prefix(p: &mut Parser) -> Option<Result<Expr, ParserError>> {
    if !peek_words(p, &["NEXT", "VALUE", "FOR"]) {
        return None;
    }
    for _ in 0..3 {
        p.advance_token();
    }
    Some(p.parse_object_name(false).map(|sequence| {
        Expr::Function(Function {
            name: ObjectName::from(vec![Ident::new("NEXT VALUE FOR")]),
            uses_odbc_syntax: false,
            parameters: FunctionArguments::None,
            args: FunctionArguments::List(FunctionArgumentList {
                duplicate_treatment: None,
                args: vec![FunctionArg::Unnamed(FunctionArgExpr::Expr(
                    Expr::CompoundIdentifier(
                        sequence
                            .0
                            .into_iter()
                            .filter_map(|part| part.as_ident().cloned())
                            .collect(),
                    ),
                ))],
                clauses: Vec::new(),
            }),
            filter: None,
            null_treatment: None,
            over: None,
            within_group: Vec::new(),
        })
    }))
}

/// `xml(CONTENT | DOCUMENT schema_collection)`: a typed `xml` column.
pub(super) fn parse_data_type(p: &mut Parser) -> Option<Result<DataType, ParserError>> {
    let xml =
        matches!(&p.peek_token_ref().token, Token::Word(w) if w.value.eq_ignore_ascii_case("xml"));
    if !(xml && p.peek_nth_token_ref(1).token == Token::LParen) {
        return None;
    }
    let name = p.next_token().to_string();
    Some((|| {
        p.expect_token(&Token::LParen)?;
        let mut modifiers = Vec::new();
        if let Some(w) = parse_one_word(p, &["CONTENT", "DOCUMENT"]) {
            modifiers.push(TypeModifier::Identifier(Ident::new(w)));
        }
        let collection = p.parse_object_name(false)?.to_string();
        modifiers.push(TypeModifier::Identifier(Ident::new(collection)));
        p.expect_token(&Token::RParen)?;
        Ok(DataType::Custom(
            ObjectName::from(vec![Ident::new(name)]),
            modifiers,
        ))
    })())
}

/// `CREATE [OR ALTER] PROC[EDURE]` followed by parameters without
/// parentheses or options sqlparser lacks (`WITH EXECUTE AS OWNER`):
/// how many words lead up to the name, looked at without moving.
fn create_procedure_start(p: &Parser) -> Option<usize> {
    let words = if peek_words(p, &["CREATE", "OR", "ALTER"]) {
        3
    } else if peek_words(p, &["CREATE"]) || peek_words(p, &["ALTER"]) {
        1
    } else {
        return None;
    };
    let t = &p.peek_nth_token_ref(words).token;
    (super::is_word(t, "PROCEDURE") || super::is_word(t, "PROC")).then_some(words + 1)
}

/// `CREATE [OR ALTER] PROC[EDURE] name [; n] [(]@p [AS] type [VARYING]
/// [NULL] [= default] [OUT | OUTPUT | READONLY], …[)] [WITH option, …]
/// [FOR REPLICATION] AS statements`. The body runs to the end of its batch
/// (the splitter gives the procedure its batch); each of its statements is
/// parsed.
fn create_procedure(p: &mut Parser, words: usize) -> Result<Statement, ParserError> {
    let or_alter = words == 4 || peek_words(p, &["ALTER"]);
    for _ in 0..words {
        p.advance_token();
    }
    let name = p.parse_object_name(false)?;
    if p.consume_token(&Token::SemiColon) {
        p.parse_literal_uint()?; // a numbered procedure
    }
    let parens = p.peek_token_ref().token == Token::LParen
        && matches!(&p.peek_nth_token_ref(1).token, Token::Word(w) if w.value.starts_with('@'));
    if parens {
        p.advance_token();
    }
    let mut params = Vec::new();
    while matches!(&p.peek_token_ref().token, Token::Word(w) if w.value.starts_with('@')) {
        params.push(procedure_param(p)?);
        if !p.consume_token(&Token::Comma) {
            break;
        }
    }
    if parens {
        p.expect_token(&Token::RParen)?;
    }
    if p.parse_keyword(Keyword::WITH) {
        p.parse_comma_separated(procedure_option)?;
    }
    let _ = parse_words(p, &["FOR", "REPLICATION"]);
    p.expect_keyword_is(Keyword::AS)?;
    let mut statements = Vec::new();
    loop {
        while p.consume_token(&Token::SemiColon) {}
        if p.peek_token_ref().token == Token::EOF {
            break;
        }
        statements.push(p.parse_statement()?);
    }
    Ok(Statement::CreateProcedure {
        or_alter,
        name,
        params: Some(params),
        language: None,
        body: CreateProcedureBody::As(ConditionalStatements::Sequence { statements }),
    })
}

/// `@p [AS] type [VARYING] [NULL] [= default] [OUT | OUTPUT | READONLY]`.
fn procedure_param(p: &mut Parser) -> Result<ProcedureParam, ParserError> {
    let name = p.parse_identifier()?;
    let _ = p.parse_keyword(Keyword::AS);
    let data_type = p.parse_data_type()?;
    let _ = parse_words(p, &["VARYING"]);
    let _ = p.parse_keywords(&[Keyword::NOT, Keyword::NULL]) || p.parse_keyword(Keyword::NULL);
    let default = if p.consume_token(&Token::Eq) {
        Some(p.parse_expr()?)
    } else {
        None
    };
    let mode = match parse_one_word(p, &["OUT", "OUTPUT", "READONLY"]) {
        Some("READONLY") => Some(ArgMode::In),
        Some(_) => Some(ArgMode::Out),
        None => None,
    };
    Ok(ProcedureParam {
        name,
        data_type,
        mode,
        default,
    })
}

/// `ENCRYPTION`, `RECOMPILE`, `NATIVE_COMPILATION`, `SCHEMABINDING`,
/// `EXECUTE AS CALLER | SELF | OWNER | 'user'`.
fn procedure_option(p: &mut Parser) -> Result<(), ParserError> {
    if p.parse_keywords(&[Keyword::EXECUTE, Keyword::AS]) {
        if !matches!(
            p.next_token().token,
            Token::Word(_) | Token::SingleQuotedString(_)
        ) {
            p.prev_token();
            return expected(p, "CALLER, SELF, OWNER or a user name");
        }
        return Ok(());
    }
    p.parse_identifier().map(|_| ())
}

/// `BEGIN` opening a block (`BEGIN … END`, `BEGIN TRY … END TRY`, `BEGIN
/// CATCH … END CATCH`), not a transaction, looked at without moving.
fn is_block(p: &Parser) -> bool {
    if !peek_words(p, &["BEGIN"]) {
        return false;
    }
    let next = &p.peek_nth_token_ref(1).token;
    !(matches!(next, Token::SemiColon | Token::EOF)
        || [
            "TRAN",
            "TRANSACTION",
            "DISTRIBUTED",
            "WORK",
            "DIALOG",
            "CONVERSATION",
        ]
        .iter()
        .any(|w| super::is_word(next, w)))
}

/// A T-SQL block: its statements need no `;` between them (sqlparser's
/// block wants one after each).
fn block(p: &mut Parser) -> Result<Statement, ParserError> {
    p.advance_token(); // BEGIN
    let modifier = match parse_one_word(p, &["TRY", "CATCH"]) {
        Some("TRY") => Some(TransactionModifier::Try),
        Some(_) => Some(TransactionModifier::Catch),
        None => None,
    };
    let mut statements = Vec::new();
    loop {
        while p.consume_token(&Token::SemiColon) {}
        if peek_words(p, &["END"]) {
            break;
        }
        if p.peek_token_ref().token == Token::EOF {
            return expected(p, "END");
        }
        statements.push(p.parse_statement()?);
    }
    p.advance_token(); // END
    match modifier {
        Some(TransactionModifier::Try) => p.expect_keyword_is(Keyword::TRY)?,
        Some(_) => p.expect_keyword_is(Keyword::CATCH)?,
        None => {}
    }
    Ok(Statement::StartTransaction {
        modes: Vec::new(),
        begin: true,
        transaction: None,
        modifier,
        statements,
        exception: None,
        has_end_keyword: true,
    })
}

/// The statement ends after the next `n` tokens: a `;`, the end, `END`,
/// or a statement that starts its own line follows.
fn ends_here(p: &Parser, n: usize) -> bool {
    let next = p.peek_nth_token_ref(n);
    match &next.token {
        Token::SemiColon | Token::EOF => true,
        t if super::is_word(t, "END") || super::is_word(t, "ELSE") => true,
        t => {
            starts_tsql_statement(t)
                && next.span.start.line > p.peek_nth_token_ref(n - 1).span.end.line
        }
    }
}

/// `DELETE [FROM] t …` without `FROM`: `DELETE t WHERE …` (sqlparser wants
/// the `FROM` there), looked at without moving.
fn is_delete_without_from(p: &Parser) -> bool {
    if !peek_words(p, &["DELETE"]) {
        return false;
    }
    let mut i = 1;
    if super::is_word(&p.peek_nth_token_ref(i).token, "FROM")
        || super::is_word(&p.peek_nth_token_ref(i).token, "TOP")
    {
        return false;
    }
    loop {
        if !matches!(p.peek_nth_token_ref(i).token, Token::Word(_)) {
            return false;
        }
        i += 1;
        if p.peek_nth_token_ref(i).token != Token::Period {
            break;
        }
        i += 1;
    }
    let next = &p.peek_nth_token_ref(i).token;
    !(super::is_word(next, "FROM") || *next == Token::Comma)
}

fn delete_without_from(p: &mut Parser) -> Result<Statement, ParserError> {
    let delete_token = p.next_token();
    let from = FromTable::WithoutKeyword(vec![p.parse_table_and_joins()?]);
    let selection = if p.parse_keyword(Keyword::WHERE) {
        Some(p.parse_expr()?)
    } else {
        None
    };
    Ok(Statement::Delete(Delete {
        delete_token: AttachedToken(delete_token),
        optimizer_hints: Vec::new(),
        tables: Vec::new(),
        from,
        on_cluster: None,
        using: None,
        selection,
        returning: None,
        output: None,
        order_by: Vec::new(),
        limit: None,
        settings: None,
    }))
}

/// `DECLARE name CURSOR [LOCAL | GLOBAL] [FORWARD_ONLY | SCROLL] [STATIC |
/// KEYSET | DYNAMIC | FAST_FORWARD] [READ_ONLY | SCROLL_LOCKS | OPTIMISTIC]
/// [TYPE_WARNING] FOR query [FOR UPDATE [OF c, …] | FOR READ ONLY]`.
fn declare_cursor(p: &mut Parser) -> Result<Statement, ParserError> {
    p.advance_token(); // DECLARE
    let name = p.parse_identifier()?;
    p.advance_token(); // CURSOR
    let mut scroll = None;
    while let Some(w) = parse_one_word(
        p,
        &[
            "LOCAL",
            "GLOBAL",
            "FORWARD_ONLY",
            "SCROLL",
            "STATIC",
            "KEYSET",
            "DYNAMIC",
            "FAST_FORWARD",
            "READ_ONLY",
            "SCROLL_LOCKS",
            "OPTIMISTIC",
            "TYPE_WARNING",
        ],
    ) {
        match w {
            "SCROLL" => scroll = Some(true),
            "FORWARD_ONLY" | "FAST_FORWARD" => scroll = Some(false),
            _ => {}
        }
    }
    p.expect_keyword_is(Keyword::FOR)?;
    let query = p.parse_query()?;
    if p.parse_keywords(&[Keyword::FOR, Keyword::UPDATE]) {
        if p.parse_keyword(Keyword::OF) {
            p.parse_comma_separated(Parser::parse_identifier)?;
        }
    } else {
        let _ = p.parse_keywords(&[Keyword::FOR, Keyword::READ, Keyword::ONLY]);
    }
    Ok(Statement::Declare {
        stmts: vec![Declare {
            names: vec![name],
            data_type: None,
            assignment: None,
            declare_type: Some(DeclareType::Cursor),
            binary: None,
            sensitive: None,
            scroll,
            hold: None,
            for_query: Some(query),
        }],
        separator: DeclareSeparator::Comma,
    })
}

/// sqlcmd's own commands, run by the client and never sent to the server:
/// `EXIT`, `QUIT`, `:setvar name "value"`, `:on error exit | ignore`. Each
/// runs to the end of its line. `:r file` (which runs another script) and
/// `:connect` are not read: what they do stays unknown.
fn client_command(p: &mut Parser) -> Option<Result<ExtStatement, ParserError>> {
    let first = p.peek_token_ref().clone();
    let line = first.span.start.line;
    let on_line = |t: &sqlparser::tokenizer::TokenWithSpan| t.span.start.line == line;
    // alone at the start of its line
    let previous_line_done = (1..=p.index())
        .map(|back| p.token_at(p.index() - back))
        .find(|t| !matches!(t.token, Token::Whitespace(_)))
        .is_none_or(|t| t.span.end.line < line);
    if !previous_line_done {
        return None;
    }
    let command = if peek_words(p, &["EXIT"]) || peek_words(p, &["QUIT"]) {
        let second = p.peek_nth_token_ref(1);
        if on_line(second) && second.token != Token::LParen && second.token != Token::SemiColon {
            return None;
        }
        first.token.to_string().to_ascii_uppercase()
    } else if first.token == Token::Colon
        && (super::is_word(&p.peek_nth_token_ref(1).token, "setvar")
            || super::is_word(&p.peek_nth_token_ref(1).token, "on"))
        && on_line(p.peek_nth_token_ref(1))
    {
        format!(
            ":{}",
            p.peek_nth_token_ref(1)
                .token
                .to_string()
                .to_ascii_lowercase()
        )
    } else {
        return None;
    };
    let mut text = String::new();
    while p.peek_token_ref().token != Token::EOF && on_line(p.peek_token_ref()) {
        if !text.is_empty() && !text.ends_with(':') {
            text.push(' ');
        }
        text.push_str(&p.next_token().token.to_string());
    }
    Some(Ok(ExtStatement::ClientCommand(ClientCommand {
        tool: "sqlcmd".to_string(),
        command,
        text,
    })))
}

/// `ALTER TABLE t ADD [CONSTRAINT name] DEFAULT expr FOR column`, looked
/// at without moving.
fn is_add_default(p: &Parser) -> bool {
    if !peek_words(p, &["ALTER", "TABLE"]) {
        return false;
    }
    let Some(mut i) = super::after_name(p, 2) else {
        return false;
    };
    let word = |i: usize| &p.peek_nth_token_ref(i).token;
    if !super::is_word(word(i), "ADD") {
        return false;
    }
    if super::is_word(word(i + 1), "CONSTRAINT") {
        i += 2;
    }
    super::is_word(word(i + 1), "DEFAULT")
}

/// `ALTER TABLE t ADD [CONSTRAINT name] DEFAULT expr FOR column [WITH
/// VALUES]`: a default constraint, T-SQL's named column default.
fn add_default(p: &mut Parser) -> Result<ExtStatement, ParserError> {
    p.advance_token(); // ALTER
    p.advance_token(); // TABLE
    let table = p.parse_object_name(false)?;
    p.expect_keyword_is(Keyword::ADD)?;
    let name = if p.parse_keyword(Keyword::CONSTRAINT) {
        Some(p.parse_identifier()?)
    } else {
        None
    };
    p.expect_keyword_is(Keyword::DEFAULT)?;
    let default = p.parse_expr()?;
    p.expect_keyword_is(Keyword::FOR)?;
    let column = p.parse_identifier()?;
    let with_values = parse_words(p, &["WITH", "VALUES"]);
    Ok(ExtStatement::AddDefaultConstraint(AddDefaultConstraint {
        table,
        name,
        default,
        column,
        with_values,
    }))
}
