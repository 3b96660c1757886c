//! A flood stays readable: when one kind of problem repeats (299 "no value
//! for placeholder" errors, a rule firing on every statement), the human
//! report shows the first few of each kind in full and one line with the
//! count of the rest. The machine-read reports keep every one.

use std::collections::HashMap;

use crate::policy::Severity;

/// Entries of one kind shown in full.
pub const SHOWN_PER_KIND: usize = 5;

/// Counts the entries of each kind as the report draws them.
#[derive(Debug, Default)]
pub struct Flood {
    /// Per kind: how many were seen so far.
    seen: HashMap<String, usize>,
    /// The kinds with entries left out, in the order they first were, with
    /// the number left out by severity (errors, warnings, infos).
    hidden: Vec<(String, [usize; 3])>,
}

impl Flood {
    /// Whether the next entry of `kind` is drawn in full; `None` (no kind:
    /// a problem without a code) always is.
    pub fn admit(&mut self, kind: Option<&str>, severity: Severity) -> bool {
        let Some(kind) = kind else { return true };
        let seen = self.seen.entry(kind.to_string()).or_default();
        *seen += 1;
        if *seen <= SHOWN_PER_KIND {
            return true;
        }
        let slot = match self.hidden.iter().position(|(k, _)| k == kind) {
            Some(i) => i,
            None => {
                self.hidden.push((kind.to_string(), [0; 3]));
                self.hidden.len() - 1
            }
        };
        let i = match severity {
            Severity::Error => 0,
            Severity::Warning => 1,
            Severity::Info => 2,
        };
        if let Some((_, counts)) = self.hidden.get_mut(slot) {
            counts[i] += 1;
        }
        false
    }

    /// One line per kind with entries left out: `… 295 more
    /// missing-placeholder errors not shown (5 above; --format json lists
    /// them all)`.
    pub fn lines(&self) -> String {
        let mut out = String::new();
        for (kind, [errors, warnings, infos]) in &self.hidden {
            let n = errors + warnings + infos;
            let word = match (errors, warnings, infos) {
                (_, 0, 0) if n == 1 => "error",
                (_, 0, 0) => "errors",
                (0, _, 0) if n == 1 => "warning",
                (0, _, 0) => "warnings",
                (0, 0, _) => "info",
                _ if n == 1 => "finding",
                _ => "findings",
            };
            out.push_str(&format!(
                "… {n} more {kind} {word} not shown ({SHOWN_PER_KIND} above; --format json lists them all)\n"
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_few_of_a_kind_are_shown_and_the_rest_counted() {
        let mut flood = Flood::default();
        let shown: Vec<bool> = (0..8)
            .map(|i| {
                let sev = if i == 7 {
                    Severity::Warning
                } else {
                    Severity::Error
                };
                flood.admit(Some("ban-drop-table"), sev)
            })
            .collect();
        assert_eq!(shown, [true, true, true, true, true, false, false, false]);
        // other kinds and problems without a code are counted apart
        assert!(flood.admit(Some("syntax-error"), Severity::Error));
        assert!((0..20).all(|_| flood.admit(None, Severity::Error)));
        for _ in 0..6 {
            flood.admit(Some("missing-placeholder"), Severity::Error);
        }
        assert_eq!(
            flood.lines(),
            "… 3 more ban-drop-table findings not shown (5 above; --format json lists them all)\n\
             … 1 more missing-placeholder error not shown (5 above; --format json lists them all)\n"
        );
    }
}
