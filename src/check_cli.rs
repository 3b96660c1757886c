//! `schemagate check`: runs the gate and writes each report `--format`
//! asks for, to standard output or to its file.

use std::path::{Path, PathBuf};

use schemagate::check::check_with;
use schemagate::report::human::{self, ColorChoice, Style};
use schemagate::report::{self, Context, Format, Outcome, Output, Paths};

use crate::cli_options::Target;
use crate::spinner::{self, Spinner};
use crate::{color, emit, warn};

/// `schemagate check`: runs the gate and writes every report asked for
/// (`quiet`: only the summary line of a human report on standard output).
pub(crate) fn run(
    target: Target,
    mut outputs: Vec<Output>,
    root: Option<PathBuf>,
    (quiet, rule_docs): (bool, Option<String>),
) -> i32 {
    if let Err(e) = report::check_outputs(&outputs) {
        warn(&format!("error: {e}\n"));
        return 2;
    }
    if let Some(dir) = root.as_deref().filter(|d| !d.is_dir()) {
        warn(&format!(
            "error: --root `{}` is not a folder; give the repository's root folder\n",
            dir.display()
        ));
        return 2;
    }
    if outputs.is_empty() {
        outputs.push(Output {
            format: default_format(),
            path: None,
        });
    }
    let outcome = match target.options() {
        Ok(mut opts) => {
            // the Markdown report (and GitHub's job summary) shows it
            opts.impact_table = outputs
                .iter()
                .any(|o| matches!(o.format, Format::Markdown | Format::Github));
            // after the options: `check -` may wait on standard input first
            let spinner = Spinner::start(spinner::wanted(quiet));
            let outcome = check_with(&opts, &spinner);
            spinner.finish();
            outcome
        }
        Err(p) => Outcome {
            problems: vec![p],
            ..Outcome::default()
        },
    };
    let paths = root.as_deref().map_or_else(Paths::repository, Paths::new);
    let code = report::exit_code(&outcome);
    let mut worst = code;
    for output in &outputs {
        let context = Context {
            style: style(output),
            paths: paths.clone(),
            rule_docs: rule_docs.clone().or_else(report::sarif::default_rule_docs),
        };
        let text = match (output.format, &output.path) {
            (Format::Human, None) if quiet => format!("{}\n", human::summary(&outcome)),
            _ => report::render(&outcome, output.format, &context),
        };
        worst = worst.max(match &output.path {
            None => emit(&text, code),
            Some(path) => write_report(path, output.format, &text, code),
        });
    }
    if outputs.iter().any(|o| o.format == Format::Github) {
        worst = worst.max(step_summary(&outcome, &paths, code));
    }
    // The process ends with this call: its memory goes back with it,
    // without freeing every file, statement and finding of the run first.
    std::mem::forget(outcome);
    worst
}

/// `--rule-docs-url`: an absolute http(s) URL (SARIF wants `helpUri` to be
/// one), kept as given without a trailing `/`.
pub(crate) fn rule_docs_url(s: &str) -> Result<String, String> {
    match url::Url::parse(s) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => {
            Ok(s.trim_end_matches('/').to_string())
        }
        _ => Err(format!(
            "`{s}` is not an absolute http(s) URL; give the base the rule files are under, e.g. https://github.com/schemagate/schemagate/blob/v{}",
            env!("CARGO_PKG_VERSION")
        )),
    }
}

/// How a human report draws: in colour as `--color` says for standard
/// output; a file in colour only with `--color always`.
fn style(output: &Output) -> Style {
    use std::io::IsTerminal;
    match (&output.path, color()) {
        (None, choice) => Style::choose(choice, std::io::stdout().is_terminal()),
        (Some(_), ColorChoice::Always) => Style::choose(ColorChoice::Always, false),
        (Some(_), _) => Style::plain(),
    }
}

/// The format when no `--format` is given: annotations on GitHub Actions
/// (`GITHUB_ACTIONS=true`), else human.
fn default_format() -> Format {
    if std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true") {
        Format::Github
    } else {
        Format::Human
    }
}

/// With the `github` format, the Markdown report is appended to the job
/// summary, `$GITHUB_STEP_SUMMARY`, when that is set.
fn step_summary(outcome: &Outcome, paths: &Paths, code: i32) -> i32 {
    let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) else {
        return code;
    };
    let text = report::github::step_summary(outcome, paths);
    let written = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes()));
    match written {
        Ok(()) => code,
        Err(e) => {
            warn(&format!(
                "error: cannot append the summary to $GITHUB_STEP_SUMMARY (`{}`): {e}\n",
                Path::new(&path).display()
            ));
            2
        }
    }
}

/// Writes a report to `path` (its folder created when missing) and returns
/// `code`, or 2 with a message when it cannot be written.
fn write_report(path: &Path, format: Format, text: &str, code: i32) -> i32 {
    let written = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => std::fs::create_dir_all(dir),
        _ => Ok(()),
    }
    .and_then(|()| std::fs::write(path, text));
    match written {
        Ok(()) => code,
        Err(e) => {
            warn(&format!(
                "error: cannot write the {} report to `{}`: {e}\n",
                format.name(),
                path.display()
            ));
            2
        }
    }
}
