//! Problems that stop analysis of part of the input: bad files, bad
//! configuration, broken policies. Each one is reported with its location and
//! makes the run exit 2, but never hides the rest of the report.

use std::path::PathBuf;

use crate::span::{SourceMap, Span};

/// Where a problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProblemAt {
    /// Inside a file the run has read.
    Span(Span),
    /// A file we could not read or that is not registered (policy files,
    /// config), with a 1-based line and column when known.
    Path {
        path: PathBuf,
        line: usize,
        column: usize,
    },
    /// Not tied to a file (a command-line value).
    Nowhere,
}

/// What a problem is in: what is checked, or the policies checking it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    /// A changelog, migration, configuration or command-line value.
    #[default]
    Input,
    /// A policy that does not load or fails while it runs.
    Policy,
}

/// One problem: a message and its location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub message: String,
    pub at: ProblemAt,
    pub kind: ProblemKind,
    /// What kind of problem it is, for problems that come in numbers
    /// (`missing-placeholder`, `syntax-error`): the human report shows the
    /// code and only the first few of each.
    pub code: Option<&'static str>,
}

impl Problem {
    pub fn at_span(span: Span, message: impl Into<String>) -> Self {
        Problem {
            message: message.into(),
            at: ProblemAt::Span(span),
            kind: ProblemKind::Input,
            code: None,
        }
    }
    pub fn at_path(
        path: impl Into<PathBuf>,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        Problem {
            message: message.into(),
            at: ProblemAt::Path {
                path: path.into(),
                line,
                column,
            },
            kind: ProblemKind::Input,
            code: None,
        }
    }
    pub fn general(message: impl Into<String>) -> Self {
        Problem {
            message: message.into(),
            at: ProblemAt::Nowhere,
            kind: ProblemKind::Input,
            code: None,
        }
    }

    /// The same problem, with the code of its kind.
    pub fn with_code(mut self, code: &'static str) -> Self {
        self.code = Some(code);
        self
    }

    /// The same problem, as one of a policy.
    pub fn in_policy(mut self) -> Self {
        self.kind = ProblemKind::Policy;
        self
    }

    /// File, line and column as reports print them (1-based; empty file name
    /// when the problem has no place).
    pub fn position(&self, sources: &SourceMap) -> (String, usize, usize) {
        match &self.at {
            ProblemAt::Span(span) => {
                let loc = sources.locate(*span);
                (loc.file, loc.line, loc.column)
            }
            ProblemAt::Path { path, line, column } => {
                (crate::span::display_name(path), *line, *column)
            }
            ProblemAt::Nowhere => (String::new(), 0, 0),
        }
    }
}
