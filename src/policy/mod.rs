//! Stage 5: build the input document, evaluate Rego policies (built-in and
//! the user's own) and turn their results into findings.

use crate::span::Span;

pub mod aliases;
pub mod builtin;
mod calls;
pub mod compat;
pub mod engine;
pub mod facts;
mod head_calls;
pub mod input;
pub mod meta;
mod native;
mod results;
pub mod syntax;
pub mod testing;
pub mod waivers;

/// How serious a finding is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
    pub fn parse(s: &str) -> Option<Severity> {
        match s.to_ascii_lowercase().as_str() {
            "info" | "note" => Some(Severity::Info),
            "warning" | "warn" => Some(Severity::Warning),
            "error" | "deny" | "violation" => Some(Severity::Error),
            _ => None,
        }
    }
}

/// What a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum At {
    Statement(usize),
    Changeset(usize),
    Nothing,
}

/// One result of one rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: String,
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
    pub at: At,
    /// Where to point: the statement's or changeset's span.
    pub span: Option<Span>,
    /// Id of the changeset the finding is about.
    pub changeset: Option<String>,
    /// The waiver that suppressed it: kept in reports, never failing.
    pub waived: Option<waivers::Waived>,
}
