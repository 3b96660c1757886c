//! A `Statements` piece parsed a part at a time. sqlparser tokenizes all
//! the text it is given before parsing any of it, at about 50 bytes of
//! tokens per byte of SQL: a 200 MB file asked for 11.8 GB at once. The
//! piece is therefore cut at top-level `;`s into parts of about [`PART`]
//! bytes, each tokenized and parsed on its own, so what parsing holds at
//! once is bounded by the part, not the file. A statement longer than the
//! limit is refused unparsed.
//!
//! Parts are small because a part's syntax trees live until the part is
//! parsed, and a tree costs far more than its text: about 14 KB for the
//! 10 bytes of `SELECT 1;`, so 16 KB of them hold 22 MB at most.

use std::ops::Range;

use super::RawStatement;
use super::parse::{self, Ctx};
use super::unterminated::Unterminated;
use crate::limits::human;

/// The size parts are cut to (at the first top-level `;` past it).
const PART: usize = 16 * 1024;

/// The piece between `range` (ending in an `unterminated` construct, if
/// any), with its top-level `;` `cuts` and `COPY` data `payloads`, handing
/// each statement to `each` in order.
pub(super) fn statements(
    ctx: &Ctx,
    (range, unterminated): (Range<usize>, Option<Unterminated>),
    (cuts, payloads): (&[usize], &[Range<usize>]),
    max_statement: usize,
    each: &mut dyn FnMut(RawStatement),
) {
    // the piece's statements between consecutive cuts: `segments[i]`
    let mut bounds: Vec<usize> = Vec::with_capacity(cuts.len() + 2);
    bounds.push(range.start);
    bounds.extend(
        cuts.iter()
            .copied()
            .filter(|&c| c > range.start && c < range.end),
    );
    bounds.push(range.end);
    let sql_len = |seg: usize| {
        let (a, b) = (bounds[seg], bounds[seg + 1]);
        let data: usize = payloads
            .iter()
            .map(|p| p.end.min(b).saturating_sub(p.start.max(a)))
            .sum();
        (b - a).saturating_sub(data)
    };
    let segments = bounds.len() - 1;
    let mut seg = 0;
    while seg < segments {
        if sql_len(seg) > max_statement {
            each(too_long(ctx, bounds[seg]..bounds[seg + 1], max_statement));
            seg += 1;
            continue;
        }
        // the part: segments up to PART bytes (at least one), never one
        // that is too long
        let mut end = seg + 1;
        while end < segments && bounds[end] - bounds[seg] < PART && sql_len(end) <= max_statement {
            end += 1;
        }
        loop {
            let mut out = Vec::new();
            let part = bounds[seg]..bounds[end];
            // the construct never closed is in the part that ends the piece
            let open = unterminated.filter(|_| part.end == range.end);
            parse::statements(ctx, part, open, &mut out);
            // A statement cut short by the part's end (a trigger body with
            // `;`s inside `BEGIN … END`) fails at the end of its input:
            // parse again with the part twice as long.
            let cut_short = out
                .last()
                .is_some_and(|s| s.ast.is_err() && s.error_at.is_none());
            let longer = (end + 1..=segments)
                .take_while(|&e| sql_len(e - 1) <= max_statement)
                .take(end - seg)
                .last();
            match longer {
                Some(e) if cut_short && end < segments => end = e,
                _ => {
                    out.into_iter().for_each(&mut *each);
                    break;
                }
            }
        }
        seg = end;
    }
}

/// A statement not parsed for its size, from its first word to its end.
pub(super) fn too_long(ctx: &Ctx, range: Range<usize>, max: usize) -> RawStatement {
    let text = ctx.text.get(range.clone()).unwrap_or_default();
    let start = range.start + (text.len() - text.trim_start().len());
    let end = (range.start + text.trim_end().len()).max(start);
    // without its `;`
    let end = if ctx.text.get(..end).is_some_and(|t| t.ends_with(';')) {
        end - 1
    } else {
        end
    };
    RawStatement {
        range: start..end.max(start),
        ast: Err(format!(
            "{}it is {} of SQL without a `;` or batch separator, above the {} limit for one statement (--max-statement-size, `limits.max_statement_size`)",
            super::REFUSED,
            human((end - start) as u64),
            human(max as u64)
        )),
        error_at: Some(start),
        syntax_error: false,
        well_formed: false,
    }
}
