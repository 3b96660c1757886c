//! oracle constructs sqlparser 0.64 lacks.

use sqlparser::ast::Statement;
use sqlparser::parser::{Parser, ParserError};

use super::ext::ExtStatement;

/// sqlparser nodes for statements its grammar does not read.
pub(super) fn parse_statement(_p: &mut Parser) -> Option<Result<Statement, ParserError>> {
    None
}

/// Statements of our own kinds.
pub(super) fn parse_ext(_p: &mut Parser) -> Option<Result<ExtStatement, ParserError>> {
    None
}
