//! `schemagate init [DIR]`: the files a team starts from — a commented
//! `schemagate.yaml` for the layout found, an example team policy with its
//! unit tests and a fixture case, and the CI step for the CI in use. An
//! existing file is left alone (and said so) unless `force` is set.

pub mod ci;
mod config_text;
pub mod layout;
mod team_policy;

use std::path::{Path, PathBuf};

use crate::config::FILE_NAMES;
use crate::error::Problem;
use crate::source::guess::Guess;

/// What `schemagate init` was asked to do.
#[derive(Debug, Clone)]
pub struct InitOptions {
    /// The repository (or folder) to write into.
    pub root: PathBuf,
    /// Overwrite files that exist.
    pub force: bool,
}

/// What `schemagate init` found and did.
#[derive(Debug, Default)]
pub struct Outcome {
    pub found: Option<layout::Found>,
    pub guess: Option<Guess>,
    /// Files written, relative to the root.
    pub written: Vec<String>,
    /// Files that existed and were left alone.
    pub kept: Vec<String>,
    /// CI snippets to paste by hand.
    pub printed: Vec<ci::Snippet>,
    /// No CI configuration was found.
    pub no_ci: bool,
}

/// Looks at the repository at `opts.root` and writes the starting files.
/// A file that cannot be written is an error naming it.
pub fn run(opts: &InitOptions) -> Result<Outcome, Problem> {
    let root = &opts.root;
    if !root.is_dir() {
        return Err(Problem::at_path(
            root,
            0,
            0,
            format!("{} is not a folder", root.display()),
        ));
    }
    let mut outcome = Outcome {
        found: layout::find_changelog(root),
        ..Outcome::default()
    };
    outcome.guess = layout::guess_dialect(root, outcome.found.as_ref());
    let dialect = outcome
        .guess
        .as_ref()
        .map_or(crate::dialect::Dialect::Postgres, |g| g.dialect);
    let mut files = vec![(
        FILE_NAMES[0].to_string(),
        config_text::render(outcome.found.as_ref(), outcome.guess.as_ref()),
    )];
    files.extend(team_policy::files(dialect));
    for (rel, text) in &files {
        place(opts, rel, text, &mut outcome)?;
    }
    ci_step(opts, &mut outcome)?;
    Ok(outcome)
}

/// Writes `text` at `rel` unless a file is there (any of the configuration
/// file's names, for the configuration) and `force` is not set.
fn place(opts: &InitOptions, rel: &str, text: &str, outcome: &mut Outcome) -> Result<(), Problem> {
    let existing = if rel == FILE_NAMES[0] {
        FILE_NAMES
            .iter()
            .find(|n| opts.root.join(n).exists())
            .map(|n| n.to_string())
    } else {
        opts.root.join(rel).exists().then(|| rel.to_string())
    };
    match existing {
        Some(name) if !opts.force => outcome.kept.push(name),
        _ => {
            write(&opts.root.join(rel), text)?;
            outcome.written.push(rel.to_string());
        }
    }
    Ok(())
}

fn write(path: &Path, text: &str) -> Result<(), Problem> {
    let fail = |e: std::io::Error| {
        Problem::at_path(path, 0, 0, format!("cannot write {}: {e}", path.display()))
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(fail)?;
    }
    std::fs::write(path, text).map_err(fail)
}

/// Writes the snippet of each CI found that reads a file of its own;
/// the others are printed.
fn ci_step(opts: &InitOptions, outcome: &mut Outcome) -> Result<(), Problem> {
    let cis = ci::detect(&opts.root);
    outcome.no_ci = cis.is_empty();
    let folder = outcome
        .found
        .as_ref()
        .map_or_else(|| ".".to_string(), layout::Found::folder);
    for c in cis {
        let snippet = ci::snippet(c, &folder);
        match &snippet.file {
            Some(file) if opts.force || !opts.root.join(file).exists() => {
                place(opts, file, &snippet.text, outcome)?;
            }
            _ => outcome.printed.push(snippet),
        }
    }
    Ok(())
}

/// What `schemagate init` prints: what it found, wrote and left alone, the
/// snippets to paste, and the commands to run next.
pub fn render(outcome: &Outcome) -> String {
    let mut out = String::new();
    match &outcome.found {
        Some(f) => out.push_str(&format!("found {} at {}\n", f.described(), f.path)),
        None => out.push_str(
            "found no changelog (a Liquibase changelog or a migration folder): set `changelog:` in schemagate.yaml\n",
        ),
    }
    match &outcome.guess {
        Some(g) => out.push_str(&format!(
            "dialect: {}, guessed from {}\n",
            g.dialect.name(),
            g.evidence
        )),
        None => out.push_str(
            "dialect: postgres (the files show none; set `dialect:` in schemagate.yaml)\n",
        ),
    }
    for w in &outcome.written {
        out.push_str(&format!("  wrote       {w}\n"));
    }
    for k in &outcome.kept {
        out.push_str(&format!(
            "  left alone  {k} (it exists; --force overwrites)\n"
        ));
    }
    for s in &outcome.printed {
        out.push_str(&format!(
            "\n{}: add this to {}:\n\n{}",
            s.ci.name(),
            s.paste_into,
            indent(&s.text)
        ));
    }
    if outcome.no_ci {
        out.push_str(&format!("\n{}\n", ci::NONE_FOUND));
    }
    out.push_str(&format!(
        "\nnext:\n  schemagate check                  # the gate, as schemagate.yaml says\n  \
         schemagate test {}     # the team policy's tests and fixture case\n",
        team_policy::DIR
    ));
    out
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| {
            if l.is_empty() {
                "\n".to_string()
            } else {
                format!("    {l}\n")
            }
        })
        .collect()
}
