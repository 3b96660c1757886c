//! dbmate migrations: `<version>_<name>.sql` files holding a
//! `-- migrate:up` section and an optional `-- migrate:down` section. Options
//! follow the marker (`-- migrate:up transaction:false`). dbmate wraps each
//! section in a transaction unless told `transaction:false`, and applies
//! migrations from all its folders in version order.

use std::ops::Range;

use super::natural_order::{cmp_digits, natural_path_cmp};
use super::{Ctx, SqlFile, explicit_rollback, file_changeset};
use crate::error::Problem;
use crate::source::{Changeset, TransactionMode};
use crate::span::{MappedText, Span};

/// A `-- migrate:<dir>` marker line.
struct Marker {
    /// Byte range of the marker line (without its line break), in the body.
    line: Range<usize>,
    /// Where the section's text starts: after the line break.
    content_start: usize,
    options: Vec<String>,
}

/// The marker on `line` for `direction` (`up` or `down`), with its options.
fn marker_options(line: &str, direction: &str) -> Option<Vec<String>> {
    let rest = line.strip_prefix("--")?.trim_start();
    let rest = rest.strip_prefix("migrate:")?.strip_prefix(direction)?;
    // `-- migrate:upgrade` is not a marker
    if !(rest.is_empty() || rest.starts_with(char::is_whitespace)) {
        return None;
    }
    Some(rest.split_whitespace().map(str::to_string).collect())
}

fn find_markers(body: &str, direction: &str) -> Vec<Marker> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        if let Some(options) = marker_options(content, direction) {
            out.push(Marker {
                line: start..start + content.len(),
                content_start: offset,
                options,
            });
        }
    }
    out
}

pub fn has_markers(body: &str) -> bool {
    !find_markers(body, "up").is_empty()
}

/// The leading digits of the file name: dbmate's version.
fn version(name: &str) -> Option<String> {
    let digits: String = name.chars().take_while(char::is_ascii_digit).collect();
    (!digits.is_empty()).then_some(digits)
}

fn section(file: &SqlFile, range: Range<usize>) -> (Span, MappedText) {
    let base = file.body_start;
    let text = file.body().get(range.clone()).unwrap_or("").to_string();
    let span = Span::new(file.id, base + range.start..base + range.end);
    (
        span,
        MappedText::verbatim(file.id, text, base + range.start),
    )
}

fn no_transaction(options: &[String]) -> bool {
    options.iter().any(|o| o == "transaction:false")
}

/// The changeset for one dbmate file, or a problem where dbmate would fail.
fn changeset(ctx: &mut Ctx, file: &SqlFile, version: String) -> Option<Changeset> {
    let body = file.body();
    let ups = find_markers(body, "up");
    let downs = find_markers(body, "down");
    let bad = |ctx: &mut Ctx, range: Range<usize>, msg: String| {
        let base = file.body_start;
        ctx.problems.push(Problem::at_span(
            Span::new(file.id, base + range.start..base + range.end),
            msg,
        ));
    };
    let Some(up) = ups.first() else {
        bad(
            ctx,
            0..0,
            format!(
                "{} has no `-- migrate:up` section (dbmate requires one)",
                file.rel_str()
            ),
        );
        return None;
    };
    for extra in ups.iter().skip(1).chain(downs.iter().skip(1)) {
        bad(
            ctx,
            extra.line.clone(),
            "a second dbmate marker of the same direction".into(),
        );
    }
    let down = downs.first();
    if let Some(d) = down.filter(|d| d.line.start < up.line.start) {
        bad(
            ctx,
            d.line.clone(),
            "`-- migrate:down` comes before `-- migrate:up` (dbmate requires up first)".into(),
        );
        return None;
    }
    let up_end = down.map_or(body.len(), |d| d.line.start);
    let (up_span, up_text) = section(file, up.content_start.min(up_end)..up_end);
    let transaction = if no_transaction(&up.options) {
        TransactionMode::None
    } else {
        TransactionMode::Implicit
    };
    let mut cs = file_changeset(file, version.clone(), transaction, up_text, up_span);
    cs.version = Some(version);
    if let Some(d) = down {
        let (span, text) = section(file, d.content_start.min(body.len())..body.len());
        cs.rollback = explicit_rollback(span, text);
        if no_transaction(&d.options) {
            cs.attributes
                .insert("rollback_transaction".into(), "none".into());
        }
    }
    Some(cs)
}

pub fn build(ctx: &mut Ctx, files: Vec<SqlFile>) -> Vec<Changeset> {
    // dbmate ignores files whose names do not start with a version
    let mut versioned: Vec<(String, SqlFile)> = files
        .into_iter()
        .filter_map(|f| version(&f.name()).map(|v| (v, f)))
        .collect();
    versioned
        .sort_by(|a, b| cmp_digits(&a.0, &b.0).then_with(|| natural_path_cmp(&a.1.rel, &b.1.rel)));
    let mut out = Vec::new();
    for (i, (version, file)) in versioned.iter().enumerate() {
        if let Some((_, other)) = versioned
            .get(..i)
            .and_then(|prev| prev.iter().find(|(v, _)| cmp_digits(v, version).is_eq()))
        {
            ctx.problems.push(Problem::at_span(
                file.whole_span(),
                format!(
                    "dbmate version {version} is used twice: {} and {}",
                    other.rel_str(),
                    file.rel_str()
                ),
            ));
        }
        out.extend(changeset(ctx, file, version.clone()));
    }
    out
}
