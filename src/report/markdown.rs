//! `--format markdown`: the body of a pull-request comment (and of the
//! GitHub job summary): the verdict, the errors that stopped the analysis,
//! a table of findings per changeset, the impact of the proposed changes
//! (the `schemagate impact` table), and the waivers used.
//!
//! Readable for 1 finding and for 500: past [`DETAILS_LIMIT`] findings a
//! count per rule comes first and each changeset's table folds into a
//! `<details>`; past [`MAX_ROWS`] rows the rest is only counted (the JSON
//! and SARIF reports keep them all).

use std::collections::BTreeMap;
use std::fmt::Write;

use super::impact_table::ChangesetImpact;
use super::place::{Located, Paths, located, problem_place};
use super::{Outcome, exit_code, human};
use crate::policy::Severity;

/// More findings than this: counts per rule first, tables folded.
pub const DETAILS_LIMIT: usize = 20;
/// Rows of findings (and of waivers) shown at most.
pub const MAX_ROWS: usize = 100;
/// Statements of the impact table shown at most (`schemagate impact`
/// lists them all).
pub const MAX_IMPACT_ROWS: usize = 50;
/// Characters of a message shown in a table cell.
const MAX_CELL: usize = 300;

/// Text for a table cell: no `|` or line break to end the row, no HTML.
fn cell(s: &str) -> String {
    let short: String = if s.chars().count() > MAX_CELL {
        let cut: String = s.chars().take(MAX_CELL).collect();
        format!("{cut}…")
    } else {
        s.to_string()
    };
    short
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('|', "\\|")
        .replace("\r\n", "<br>")
        .replace(['\n', '\r'], "<br>")
}

fn icon(s: Severity) -> &'static str {
    match s {
        Severity::Error => "🔴 error",
        Severity::Warning => "🟡 warning",
        Severity::Info => "🔵 info",
    }
}

fn at(l: &Located<'_>) -> String {
    l.place
        .as_ref()
        .map_or_else(|| "—".to_string(), |p| format!("`{}:{}`", p.file, p.line))
}

/// `3 errors, 1 warning`.
fn counts(findings: &[&Located<'_>]) -> String {
    let n = |s: Severity| findings.iter().filter(|l| l.finding.severity == s).count();
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    let mut parts = vec![
        plural(n(Severity::Error), "error"),
        plural(n(Severity::Warning), "warning"),
    ];
    if n(Severity::Info) > 0 {
        parts.push(format!("{} info", n(Severity::Info)));
    }
    parts.join(", ")
}

/// Findings grouped by the changeset (and file) they are about, in report
/// order.
fn groups<'a, 'b>(live: &'b [&'b Located<'a>]) -> Vec<(String, Vec<&'b Located<'a>>)> {
    let mut out: Vec<(String, Vec<&'b Located<'a>>)> = Vec::new();
    let mut index: std::collections::HashMap<String, usize> = Default::default();
    for l in live {
        let file = l.place.as_ref().map_or("", |p| p.file.as_str());
        let title = match (&l.finding.changeset, file) {
            (Some(id), "") => format!("changeset `{id}`"),
            (Some(id), file) => format!("`{file}` — changeset `{id}`"),
            (None, "") => "the whole proposal".to_string(),
            (None, file) => format!("`{file}`"),
        };
        match index.get(&title).and_then(|i| out.get_mut(*i)) {
            Some((_, v)) => v.push(l),
            None => {
                index.insert(title.clone(), out.len());
                out.push((title, vec![l]));
            }
        }
    }
    out
}

fn findings_section(out: &mut String, live: &[&Located<'_>]) {
    let fold = live.len() > DETAILS_LIMIT;
    if fold {
        let mut by_rule: BTreeMap<(&str, std::cmp::Reverse<Severity>), usize> = BTreeMap::new();
        for l in live {
            *by_rule
                .entry((
                    l.finding.rule.as_str(),
                    std::cmp::Reverse(l.finding.severity),
                ))
                .or_default() += 1;
        }
        out.push_str("| rule | severity | findings |\n|---|---|---:|\n");
        for ((rule, sev), n) in &by_rule {
            let _ = writeln!(out, "| `{rule}` | {} | {n} |", icon(sev.0));
        }
        out.push('\n');
    }
    let mut shown = 0;
    for (title, group) in groups(live) {
        if shown >= MAX_ROWS {
            break;
        }
        if fold {
            let _ = writeln!(
                out,
                "<details><summary>{} ({})</summary>\n",
                cell(&title.replace('`', "")),
                counts(&group)
            );
        } else {
            let _ = writeln!(out, "#### {title}\n");
        }
        out.push_str("| severity | rule | location | message |\n|---|---|---|---|\n");
        for l in group.iter().take(MAX_ROWS - shown) {
            let _ = writeln!(
                out,
                "| {} | `{}` | {} | {} |",
                icon(l.finding.severity),
                l.finding.rule,
                at(l),
                cell(&l.finding.message)
            );
            shown += 1;
        }
        out.push('\n');
        if fold {
            out.push_str("</details>\n\n");
        }
    }
    if live.len() > shown {
        let _ = writeln!(
            out,
            "… and {} more findings not shown here: the `json` and `sarif` reports list them all.\n",
            live.len() - shown
        );
    }
}

/// The impact table of the proposal: a row per statement, the changeset
/// and its rollback on its first row; folded past [`DETAILS_LIMIT`] rows,
/// cut at [`MAX_IMPACT_ROWS`].
fn impact_section(out: &mut String, impact: &[ChangesetImpact], paths: &Paths) {
    let total: usize = impact.iter().map(|c| c.rows.len()).sum();
    if total == 0 {
        return;
    }
    let _ = writeln!(out, "### Impact of the proposed changes\n");
    let fold = total > DETAILS_LIMIT;
    if fold {
        let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
        let _ = writeln!(
            out,
            "<details><summary>{} in {}</summary>\n",
            plural(total, "statement"),
            plural(impact.len(), "changeset")
        );
    }
    out.push_str(
        "| changeset | rollback | statement | kind | lock | blocks | rows | est. time | risk |\n",
    );
    out.push_str("|---|---|---|---|---|---|---|---|---|\n");
    let mut shown = 0;
    for c in impact {
        for (i, r) in c.rows.iter().enumerate() {
            if shown == MAX_IMPACT_ROWS {
                break;
            }
            let (id, rollback) = match i {
                0 => (format!("`{}`", cell(&c.id)), cell(&c.rollback)),
                _ => (String::new(), String::new()),
            };
            let file = paths.relative(std::path::Path::new(&r.file), &r.file);
            let _ = writeln!(
                out,
                "| {id} | {rollback} | `{}:{}` | {} | {} | {} | {} | {} | {} |",
                cell(&file),
                r.line,
                cell(&r.kind),
                cell(&r.lock),
                cell(&r.blocks),
                cell(&r.rows),
                cell(&r.time),
                cell(&r.risk)
            );
            shown += 1;
        }
    }
    if total > shown {
        let _ = writeln!(
            out,
            "\n… and {} more statements: `schemagate impact` lists them all.",
            total - shown
        );
    }
    out.push('\n');
    if fold {
        out.push_str("</details>\n\n");
    }
}

fn waivers_section(out: &mut String, waived: &[&Located<'_>], paths: &Paths) {
    let _ = writeln!(out, "### Waivers used ({})\n", waived.len());
    let fold = waived.len() > DETAILS_LIMIT;
    if fold {
        out.push_str("<details><summary>waived findings</summary>\n\n");
    }
    out.push_str("| rule | location | waiver | reason | owner | ticket | expires |\n|---|---|---|---|---|---|---|\n");
    for l in waived.iter().take(MAX_ROWS) {
        let Some(w) = &l.finding.waived else { continue };
        let by = match w.by {
            crate::policy::waivers::WaivedBy::Inline => "inline",
            crate::policy::waivers::WaivedBy::Config => "config",
        };
        let file = paths.relative(std::path::Path::new(&w.file), &w.file);
        let opt = |s: &Option<String>| s.as_deref().map_or_else(|| "—".to_string(), cell);
        let _ = writeln!(
            out,
            "| `{}` | {} | {by} at `{file}:{}` | {} | {} | {} | {} |",
            l.finding.rule,
            at(l),
            w.line,
            opt(&w.reason),
            opt(&w.owner),
            opt(&w.ticket),
            opt(&w.expires)
        );
    }
    if waived.len() > MAX_ROWS {
        let _ = writeln!(out, "\n… and {} more.", waived.len() - MAX_ROWS);
    }
    out.push('\n');
    if fold {
        out.push_str("</details>\n\n");
    }
}

pub fn render(outcome: &Outcome, paths: &Paths) -> String {
    let mut out = String::new();
    let verdict = match exit_code(outcome) {
        0 => "✅ schemagate passed",
        1 => "❌ schemagate failed",
        _ => "❌ schemagate could not analyze everything",
    };
    let _ = writeln!(out, "## {verdict}\n");
    // the summary line without its verdict, said above
    let summary = human::summary(outcome);
    let counted = summary
        .split_once(": ")
        .map_or(summary.as_str(), |(_, c)| c);
    let _ = writeln!(out, "{}\n", cell(counted));
    if !outcome.problems.is_empty() {
        let names = paths.names(&outcome.sources);
        let _ = writeln!(
            out,
            "### Errors ({}): not everything could be analyzed\n",
            outcome.problems.len()
        );
        out.push_str("| kind | location | message |\n|---|---|---|\n");
        for p in outcome.problems.iter().take(MAX_ROWS) {
            let place = problem_place(p, &outcome.sources, &names, paths)
                .map_or_else(|| "—".to_string(), |p| format!("`{}:{}`", p.file, p.line));
            let kind = match p.kind {
                crate::error::ProblemKind::Input => "input",
                crate::error::ProblemKind::Policy => "policy",
            };
            let _ = writeln!(out, "| {kind} | {place} | {} |", cell(&p.message));
        }
        if outcome.problems.len() > MAX_ROWS {
            let _ = writeln!(out, "\n… and {} more.", outcome.problems.len() - MAX_ROWS);
        }
        out.push('\n');
    }
    let located = located(outcome, paths);
    let (waived, live): (Vec<&Located<'_>>, Vec<&Located<'_>>) =
        located.iter().partition(|l| l.finding.waived.is_some());
    if !live.is_empty() {
        let _ = writeln!(out, "### Findings ({})\n", counts(&live));
        findings_section(&mut out, &live);
    }
    impact_section(&mut out, &outcome.impact, paths);
    if !waived.is_empty() {
        waivers_section(&mut out, &waived, paths);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn a_cell_cannot_end_its_row_or_hold_html() {
        assert_eq!(cell("a | b\nc <b>"), "a \\| b<br>c &lt;b&gt;");
        assert!(cell(&"x".repeat(400)).ends_with('…'));
    }
}
