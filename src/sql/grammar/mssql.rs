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
use sqlparser::ast::{
    AlterTable, AlterTableOperation, ColumnOption, CreateIndex, CreateTableOptions, Expr, Ident,
    IndexType, ObjectName, SqlOption, Statement, TableConstraint,
};
use sqlparser::keywords::Keyword;
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::Token;

use super::ext::{BulkInsert, CheckConstraints, ExtStatement, UpdateStatistics};
use super::{at_end, expected, parse_one_word, peek_words};

/// sqlparser nodes for T-SQL statements its grammar does not read.
pub(super) fn parse_statement(p: &mut Parser) -> Option<Result<Statement, ParserError>> {
    if let Some(index_type) = create_index_start(p) {
        return Some(create_index(p, index_type));
    }
    if peek_words(p, &["CREATE", "TABLE"]) {
        return Some(create_table(p));
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

/// `CREATE TABLE … [ON filegroup] [TEXTIMAGE_ON filegroup] [WITH (…)]`.
fn create_table(p: &mut Parser) -> Result<Statement, ParserError> {
    p.advance_token(); // CREATE
    let mut stmt = p.parse_create()?;
    storage(p)?;
    if peek_words(p, &["WITH"]) && p.peek_nth_token_ref(1).token == Token::LParen {
        p.advance_token();
        p.expect_token(&Token::LParen)?;
        let options = p.parse_comma_separated(table_option)?;
        p.expect_token(&Token::RParen)?;
        if let Statement::CreateTable(t) = &mut stmt {
            t.table_options = CreateTableOptions::With(options);
        }
    }
    Ok(stmt)
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
    let mut i = 2;
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
        if let Some(constraint) = p.parse_optional_table_constraint()? {
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
    let duration = if at_end(p) {
        None
    } else {
        Some(p.parse_literal_uint()?)
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
