//! Liquibase `modifySql`: a changeset's edits applied to every statement it
//! sends, as Liquibase applies its `SqlVisitor`s to each generated SQL
//! string (`AbstractJdbcDatabase.applyVisitors`) before the database sees
//! it. The edits are Liquibase's own semantics on text (append, prepend,
//! replace, `replaceAll`); what the edited statement does is then read from
//! its syntax tree like any other.

use crate::source::{SplitOptions, SqlEdit};
use crate::span::{MappedText, OffsetMap};

use super::{Lowered, Place, push_sql, split};

/// `sql` after every edit, in order.
pub(super) fn edit(sql: String, edits: &[&SqlEdit]) -> String {
    edits.iter().fold(sql, |s, e| e.apply(&s))
}

/// Raw SQL text with edits: each statement Liquibase sends (the whole text
/// with `splitStatements: false`) is edited, then split and parsed as it
/// reads, pointing at the statement it came from.
pub(super) fn push_edited_sql(
    text: &MappedText,
    split_opts: &SplitOptions,
    at: &Place<'_>,
    out: &mut Lowered,
) {
    let max = at.opts.limits.max_statement_bytes;
    let mut ranges = Vec::new();
    split::split_each(&text.text, at.dialect, split_opts, max, &mut |raw| {
        ranges.push(raw.range)
    });
    if !split_opts.split_statements
        && let (Some(first), Some(last)) = (ranges.first(), ranges.last())
    {
        let whole = first.start..last.end;
        ranges.clear();
        ranges.push(whole);
    }
    for range in ranges {
        let Some(stmt) = text.text.get(range.clone()) else {
            continue;
        };
        let sql = edit(stmt.to_string(), at.edits);
        let span = text.span(range);
        let mapped = MappedText {
            file: span.file,
            map: OffsetMap::whole(sql.len(), span.range()),
            text: sql,
        };
        push_sql(&mapped, split_opts, at, out);
    }
}
