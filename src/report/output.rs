//! `--format NAME[=PATH]`: which reports a run writes, and where.

use std::path::PathBuf;

/// The output formats of `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    /// Annotated source with labels and help (default).
    Human,
    /// One JSON object: findings, errors and stats.
    Json,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// JUnit XML: a test suite per changelog file, a test case per changeset.
    Junit,
    /// A Markdown pull-request comment: verdict, findings per changeset, waivers.
    Markdown,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// GitLab Code Quality JSON.
    Gitlab,
}

impl Format {
    /// Every format, in the order `--help` lists them.
    pub const ALL: [Format; 7] = [
        Format::Human,
        Format::Json,
        Format::Sarif,
        Format::Junit,
        Format::Markdown,
        Format::Github,
        Format::Gitlab,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Format::Human => "human",
            Format::Json => "json",
            Format::Sarif => "sarif",
            Format::Junit => "junit",
            Format::Markdown => "markdown",
            Format::Github => "github",
            Format::Gitlab => "gitlab",
        }
    }

    pub fn parse(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// One `--format`: a format, to standard output or to a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    pub format: Format,
    /// `None`: standard output.
    pub path: Option<PathBuf>,
}

impl Output {
    /// Reads `NAME` or `NAME=PATH`.
    pub fn parse(s: &str) -> Result<Output, String> {
        let (name, path) = match s.split_once('=') {
            Some((name, path)) => (name, Some(path)),
            None => (s, None),
        };
        let format = Format::parse(name).ok_or_else(|| {
            let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
            format!(
                "unknown format `{name}`; expected one of {}, each alone (standard output) or as NAME=PATH (a file)",
                names.join(", ")
            )
        })?;
        let path = match path {
            None => None,
            Some("") => {
                return Err(format!(
                    "`{s}`: no file after `=`; write `{name}=PATH`, or `{name}` for standard output"
                ));
            }
            Some(p) => Some(PathBuf::from(p)),
        };
        Ok(Output { format, path })
    }
}

/// Checks what the command line asks as a whole: at most one report to
/// standard output, no two reports to one file, no report to a folder.
pub fn check_outputs(outputs: &[Output]) -> Result<(), String> {
    let to_stdout: Vec<&str> = outputs
        .iter()
        .filter(|o| o.path.is_none())
        .map(|o| o.format.name())
        .collect();
    if to_stdout.len() > 1 {
        return Err(format!(
            "--format: {} would all write to standard output; send all but one to a file (`--format NAME=PATH`)",
            to_stdout.join(", ")
        ));
    }
    let mut seen: Vec<&PathBuf> = Vec::new();
    for path in outputs.iter().filter_map(|o| o.path.as_ref()) {
        if seen.contains(&path) {
            return Err(format!(
                "--format: two reports would write to `{}`; give each its own file",
                path.display()
            ));
        }
        if path.is_dir() {
            return Err(format!(
                "--format: `{}` is a folder; name the report's file (e.g. `{}/schemagate.out`)",
                path.display(),
                path.display()
            ));
        }
        seen.push(path);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_paths_are_read() {
        assert_eq!(
            Output::parse("json=reports/a.json"),
            Ok(Output {
                format: Format::Json,
                path: Some(PathBuf::from("reports/a.json"))
            })
        );
        assert_eq!(
            Output::parse("human"),
            Ok(Output {
                format: Format::Human,
                path: None
            })
        );
        // only the first `=` separates: a path may hold one
        assert_eq!(
            Output::parse("json=a=b.json").map(|o| o.path),
            Ok(Some(PathBuf::from("a=b.json")))
        );
    }

    #[test]
    fn bad_names_and_empty_paths_are_refused_with_the_choices() {
        let e = Output::parse("xml").unwrap_err();
        assert!(e.contains("unknown format `xml`"), "{e}");
        assert!(e.contains("human, json"));
        let e = Output::parse("json=").unwrap_err();
        assert!(e.contains("no file after `=`"), "{e}");
    }

    #[test]
    fn one_report_at_most_goes_to_standard_output() {
        let parse = |s: &[&str]| -> Vec<Output> {
            s.iter().filter_map(|s| Output::parse(s).ok()).collect()
        };
        assert!(check_outputs(&parse(&["human", "json=a.json"])).is_ok());
        let e = check_outputs(&parse(&["human", "json"])).unwrap_err();
        assert!(
            e.contains("human, json would all write to standard output"),
            "{e}"
        );
        let e = check_outputs(&parse(&["json=a", "human=a"])).unwrap_err();
        assert!(e.contains("two reports would write to `a`"), "{e}");
    }
}
