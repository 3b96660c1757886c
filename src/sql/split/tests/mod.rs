//! Exact ranges on realistic migration files: every test asserts the sliced
//! statement texts and which of them parsed.

mod batches;
mod fixtures;
mod robustness;
mod text;

use super::*;
pub(super) use sqlparser::ast::Statement;

/// (statement text, parsed?)
pub(super) fn run_with(text: &str, dialect: Dialect, opts: &SplitOptions) -> Vec<(String, bool)> {
    split(text, dialect, opts)
        .into_iter()
        .map(|s| {
            assert!(s.range.start <= s.range.end && s.range.end <= text.len());
            (text[s.range.clone()].to_string(), s.ast.is_ok())
        })
        .collect()
}

pub(super) fn run(text: &str, dialect: Dialect) -> Vec<(String, bool)> {
    run_with(text, dialect, &SplitOptions::standard())
}

pub(super) fn ok(s: &str) -> (String, bool) {
    (s.to_string(), true)
}

pub(super) fn bad(s: &str) -> (String, bool) {
    (s.to_string(), false)
}
