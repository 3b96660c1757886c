//! Line coverage of the policies under test (`schemagate test --coverage`),
//! from regorus's coverage report.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use crate::policy::builtin::PolicyFile;

/// One policy file's line coverage.
#[derive(Debug, Clone, PartialEq)]
pub struct FileCoverage {
    pub path: String,
    /// 1-based lines some test evaluated.
    pub covered: BTreeSet<u32>,
    /// 1-based lines that hold a rule body or head no test evaluated.
    pub not_covered: BTreeSet<u32>,
}

impl FileCoverage {
    /// Percent of the coverable lines covered (100 when nothing is).
    pub fn percent(&self) -> f64 {
        percent(self.covered.len(), self.not_covered.len())
    }
}

/// Coverage of every non-test file under test, in load order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Coverage {
    pub files: Vec<FileCoverage>,
}

impl Coverage {
    /// Percent of all coverable lines covered.
    pub fn percent(&self) -> f64 {
        let covered = self.files.iter().map(|f| f.covered.len()).sum();
        let not = self.files.iter().map(|f| f.not_covered.len()).sum();
        percent(covered, not)
    }

    /// `coverage: 85.0% (17/20 lines)` per file, then the total.
    pub fn render(&self) -> String {
        let mut out = String::from("COVERAGE:\n");
        for f in &self.files {
            let total = f.covered.len() + f.not_covered.len();
            let _ = write!(
                out,
                "  {}: {:.1}% ({}/{total} lines)",
                f.path,
                f.percent(),
                f.covered.len()
            );
            if !f.not_covered.is_empty() {
                let _ = write!(out, ", not covered: {}", ranges(&f.not_covered));
            }
            out.push('\n');
        }
        let _ = writeln!(out, "  total: {:.1}%", self.percent());
        out
    }

    pub fn to_json(&self) -> serde_json::Value {
        let files: Vec<serde_json::Value> = self
            .files
            .iter()
            .map(|f| {
                serde_json::json!({
                    "file": f.path,
                    "percent": round(f.percent()),
                    "covered": f.covered,
                    "not_covered": f.not_covered,
                })
            })
            .collect();
        serde_json::json!({"percent": round(self.percent()), "files": files})
    }
}

fn percent(covered: usize, not_covered: usize) -> f64 {
    let total = covered + not_covered;
    if total == 0 {
        100.0
    } else {
        covered as f64 * 100.0 / total as f64
    }
}

fn round(p: f64) -> f64 {
    (p * 10.0).round() / 10.0
}

/// `3-5, 9`.
fn ranges(lines: &BTreeSet<u32>) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut run: Option<(u32, u32)> = None;
    for &l in lines {
        run = match run {
            Some((a, b)) if l == b + 1 => Some((a, l)),
            Some(r) => {
                parts.push(range(r));
                Some((l, l))
            }
            None => Some((l, l)),
        };
    }
    parts.extend(run.map(range));
    parts.join(", ")
}

fn range((a, b): (u32, u32)) -> String {
    if a == b {
        a.to_string()
    } else {
        format!("{a}-{b}")
    }
}

/// The coverage of `files` whose path is in `only` (all when `only` is
/// empty). regorus reports nothing for a file no test reached: its lines
/// of rules (not blank, not comments, not `package`/`import`) count as not
/// covered.
pub(super) fn summarize(
    raw: &regorus::coverage::Report,
    files: &[PolicyFile],
    only: &[String],
) -> Coverage {
    let files = files
        .iter()
        .filter(|f| !f.is_test() && (only.is_empty() || only.contains(&f.path)))
        .map(|f| match raw.files.iter().find(|r| r.path == f.path) {
            Some(r) => FileCoverage {
                path: f.path.clone(),
                covered: r.covered.clone(),
                not_covered: r.not_covered.clone(),
            },
            None => FileCoverage {
                path: f.path.clone(),
                covered: BTreeSet::new(),
                not_covered: rule_lines(&f.text),
            },
        })
        .collect();
    Coverage { files }
}

fn rule_lines(text: &str) -> BTreeSet<u32> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| {
            let l = l.trim();
            !(l.is_empty()
                || l.starts_with('#')
                || l.starts_with("package ")
                || l.starts_with("import ")
                || l == "}")
        })
        .filter_map(|(i, _)| u32::try_from(i + 1).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_compact() {
        let lines: BTreeSet<u32> = [3, 4, 5, 9, 11, 12].into_iter().collect();
        assert_eq!(ranges(&lines), "3-5, 9, 11-12");
    }

    #[test]
    fn a_file_no_test_reaches_counts_its_rule_lines() {
        let text = "package a\n\nimport rego.v1\n# note\nx := 1\ny if {\n\tx == 1\n}\n";
        let lines: Vec<u32> = rule_lines(text).into_iter().collect();
        assert_eq!(lines, [5, 6, 7]);
    }
}
