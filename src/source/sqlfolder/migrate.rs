//! Version-prefixed migration files: golang-migrate (`NNN_name.up.sql` +
//! `.down.sql`, also the `_up.sql` / bare `NNN.up.sql` / `V0001.Name.up.sql`
//! spellings of runners with the same shape), sqlx (`NNN_name.sql` simple and
//! `.up.sql`/`.down.sql` reversible) and diesel (`<version>_<name>/up.sql` +
//! `down.sql`).
//!
//! Each folder is its own migration set (these tools read one folder, not
//! subfolders): sets follow each other in natural path order, and inside a
//! set migrations are ordered by version. Down scripts are the explicit
//! rollback of their up script, never forward changes.
//!
//! Transactions, per tool:
//! - golang-migrate wraps nothing itself: its postgres driver sends the whole
//!   file as one multi-statement simple query, which PostgreSQL runs as one
//!   implicit transaction (that is why `CREATE INDEX CONCURRENTLY` fails
//!   there next to other statements, golang-migrate/migrate#284), and the
//!   MySQL driver's statements auto-commit DDL anyway. `Implicit` is the
//!   faithful mode for the multi-statement case policies care about; a
//!   one-statement file is effectively autocommit, which policies can tell
//!   from the statement count.
//! - sqlx runs each migration in a transaction unless the file starts with
//!   `-- no-transaction`.
//! - diesel runs each migration in a transaction unless its
//!   `metadata.toml` says `run_in_transaction = false`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::flyway_conf::{parse_bool, parse_properties};
use super::natural_order::{cmp_digits, natural_cmp, natural_path_cmp};
use super::{Ctx, SqlFile, explicit_rollback, file_changeset, gotemplate};
use crate::error::Problem;
use crate::source::{Changeset, SourceFormat, TransactionMode};
use crate::span::MappedText;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Up,
    Down,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationName {
    pub version: String,
    /// The rest of the name (`create_users`), possibly empty.
    pub name: String,
    pub direction: Direction,
}

fn strip_sql(name: &str) -> Option<&str> {
    let cut = name.len().checked_sub(4)?;
    let (stem, ext) = (name.get(..cut)?, name.get(cut..)?);
    ext.eq_ignore_ascii_case(".sql").then_some(stem)
}

/// `<version>[<sep><name>]` with `sep` one of `_ . -` and an optional `V`
/// before the version (Authelia's `V0001.Initial_Schema`).
fn version_and_name(stem: &str) -> Option<(String, String)> {
    let s = match stem.strip_prefix(['V', 'v']) {
        Some(r) if r.starts_with(|c: char| c.is_ascii_digit()) => r,
        _ => stem,
    };
    let digits = s.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    let (version, rest) = s.split_at(digits);
    let name = if rest.is_empty() {
        ""
    } else {
        rest.strip_prefix(['_', '.', '-'])?
    };
    Some((version.to_string(), name.to_string()))
}

/// `NNN_name.up.sql`, `NNN_name.down.sql`, `NNN_name_up.sql`, `NNN.up.sql`.
pub fn parse_updown(file_name: &str) -> Option<MigrationName> {
    let stem = strip_sql(file_name)?;
    let (rest, direction) = [
        (".up", Direction::Up),
        ("_up", Direction::Up),
        (".down", Direction::Down),
        ("_down", Direction::Down),
    ]
    .into_iter()
    .find_map(|(suffix, d)| stem.strip_suffix(suffix).map(|r| (r, d)))?;
    let (version, name) = version_and_name(rest)?;
    Some(MigrationName {
        version,
        name,
        direction,
    })
}

/// sqlx's simple migration `<version>_<description>.sql`.
pub fn parse_sqlx_simple(file_name: &str) -> Option<MigrationName> {
    let stem = strip_sql(file_name)?;
    let (version, name) = stem.split_once('_')?;
    let numeric = !version.is_empty() && version.chars().all(|c| c.is_ascii_digit());
    numeric.then(|| MigrationName {
        version: version.to_string(),
        name: name.to_string(),
        direction: Direction::Up,
    })
}

/// Diesel's migration folder `<version>_<name>` (version digits and dashes,
/// `2017-09-26-151545`): the version without dashes and the name.
fn diesel_dir(dir: &str) -> Option<(String, String)> {
    let (version, name) = dir.split_once('_')?;
    let ok = version.chars().all(|c| c.is_ascii_digit() || c == '-')
        && version.chars().any(|c| c.is_ascii_digit());
    ok.then(|| (version.replace('-', ""), name.to_string()))
}

pub fn is_diesel_file(f: &SqlFile) -> bool {
    matches!(f.name().as_str(), "up.sql" | "down.sql") && diesel_dir(&f.parent_name()).is_some()
}

fn folder(f: &SqlFile) -> PathBuf {
    f.rel.parent().map(Path::to_path_buf).unwrap_or_default()
}

/// One migration: its up file and, when present, its down file.
struct Pair {
    key: MigrationName,
    up: Option<SqlFile>,
    down: Option<SqlFile>,
}

/// Pairs up and down files per folder, keyed by version and name, and
/// orders folders naturally and migrations by version, then name.
fn pair_up(
    files: Vec<(MigrationName, SqlFile)>,
    group: impl Fn(&SqlFile) -> PathBuf,
) -> Vec<Vec<Pair>> {
    let mut sets: BTreeMap<PathBuf, Vec<Pair>> = BTreeMap::new();
    for (name, file) in files {
        let set = sets.entry(group(&file)).or_default();
        let idx = match set
            .iter()
            .position(|p| p.key.version == name.version && p.key.name == name.name)
        {
            Some(i) => i,
            None => {
                set.push(Pair {
                    key: MigrationName {
                        direction: Direction::Up,
                        ..name.clone()
                    },
                    up: None,
                    down: None,
                });
                set.len() - 1
            }
        };
        if let Some(pair) = set.get_mut(idx) {
            match name.direction {
                Direction::Up => pair.up = Some(file),
                Direction::Down => pair.down = Some(file),
            }
        }
    }
    let mut sets: Vec<(PathBuf, Vec<Pair>)> = sets.into_iter().collect();
    sets.sort_by(|a, b| natural_path_cmp(&a.0, &b.0));
    sets.into_iter()
        .map(|(_, pairs)| pair_by_version(pairs))
        .map(|mut pairs| {
            pairs.sort_by(|a, b| {
                cmp_digits(&a.key.version, &b.key.version)
                    .then_with(|| natural_cmp(&a.key.name, &b.key.name))
            });
            pairs
        })
        .collect()
}

/// golang-migrate pairs an up and a down script by version alone (the name
/// is informational), so a down script whose name differs from its up
/// script's (`0026_drop_job_id.up.sql` / `0026_drop_join_id.down.sql`) still
/// belongs to it when exactly one unpaired up script has that version.
fn pair_by_version(mut pairs: Vec<Pair>) -> Vec<Pair> {
    let mut i = 0;
    while i < pairs.len() {
        let orphan = pairs
            .get(i)
            .is_some_and(|p| p.up.is_none() && p.down.is_some());
        if orphan {
            let version = pairs
                .get(i)
                .map(|p| p.key.version.clone())
                .unwrap_or_default();
            let candidates: Vec<usize> = pairs
                .iter()
                .enumerate()
                .filter(|(_, p)| p.up.is_some() && p.down.is_none() && p.key.version == version)
                .map(|(j, _)| j)
                .collect();
            if let [j] = candidates[..] {
                let down = pairs.get_mut(i).and_then(|p| p.down.take());
                if let Some(target) = pairs.get_mut(j) {
                    target.down = down;
                }
                pairs.remove(i);
                continue;
            }
        }
        i += 1;
    }
    pairs
}

/// The SQL of a migration file: pop-style `{{ index .Options "X" }}`
/// actions rendered (golang-migrate-shaped folders are often pop's), the
/// file verbatim otherwise.
fn render(ctx: &mut Ctx, file: &SqlFile) -> MappedText {
    if file.body().contains("{{") {
        gotemplate::render(file, &ctx.opts.placeholders, &mut ctx.problems)
    } else {
        file.verbatim()
    }
}

/// Turns paired migrations into changesets; a down script without its up
/// script is a problem (nothing would ever run it forward).
fn changesets(
    ctx: &mut Ctx,
    sets: Vec<Vec<Pair>>,
    transaction: impl Fn(&mut Ctx, &SqlFile) -> TransactionMode,
) -> Vec<Changeset> {
    let mut out = Vec::new();
    for set in sets {
        for (i, pair) in set.iter().enumerate() {
            let Some(up) = &pair.up else {
                if let Some(down) = &pair.down {
                    ctx.problems.push(Problem::at_span(
                        down.whole_span(),
                        format!("down migration {} has no up migration", down.rel_str()),
                    ));
                }
                continue;
            };
            // the version is the id unless the folder reuses it
            let reused = set.iter().enumerate().any(|(j, p)| {
                j != i && p.up.is_some() && cmp_digits(&p.key.version, &pair.key.version).is_eq()
            });
            let id = if reused && !pair.key.name.is_empty() {
                format!("{}_{}", pair.key.version, pair.key.name)
            } else {
                pair.key.version.clone()
            };
            let mode = transaction(ctx, up);
            let mut cs = file_changeset(up, id, mode, render(ctx, up), up.body_span());
            cs.version = Some(pair.key.version.clone());
            if !pair.key.name.is_empty() {
                cs.description = Some(pair.key.name.replace('_', " "));
            }
            if let Some(down) = &pair.down {
                cs.rollback = explicit_rollback(down.body_span(), render(ctx, down));
                cs.attributes
                    .insert("down_file".into(), down.rel_str().into());
            }
            out.push(cs);
        }
    }
    out
}

/// golang-migrate and sqlx folders.
pub fn build(ctx: &mut Ctx, files: Vec<SqlFile>, format: SourceFormat) -> Vec<Changeset> {
    let sqlx = format == SourceFormat::Sqlx;
    // files that fit neither spelling are not migrations to these tools
    let named: Vec<(MigrationName, SqlFile)> = files
        .into_iter()
        .filter_map(|f| {
            let name = f.name();
            let parsed =
                parse_updown(&name).or_else(|| if sqlx { parse_sqlx_simple(&name) } else { None });
            parsed.map(|n| (n, f))
        })
        .collect();
    let sets = pair_up(named, folder);
    changesets(ctx, sets, |_, up| {
        if sqlx && up.body().starts_with("-- no-transaction") {
            TransactionMode::None
        } else {
            TransactionMode::Implicit
        }
    })
}

/// `run_in_transaction` from a diesel migration's `metadata.toml`.
fn diesel_transaction(ctx: &mut Ctx, up: &SqlFile) -> TransactionMode {
    let Some(dir) = up.path.parent() else {
        return TransactionMode::Implicit;
    };
    let meta = dir.join("metadata.toml");
    if !meta.is_file() {
        return TransactionMode::Implicit;
    }
    let Some((id, _)) = ctx.read(&meta) else {
        return TransactionMode::Implicit;
    };
    let (props, problems) = parse_properties(ctx.sources.get(id), id);
    ctx.problems.extend(problems);
    for p in props.iter().filter(|p| p.key == "run_in_transaction") {
        match parse_bool(&p.value) {
            Some(false) => return TransactionMode::None,
            Some(true) => {}
            None => ctx.problems.push(Problem::at_span(
                p.span,
                format!(
                    "`run_in_transaction` must be true or false, not `{}`",
                    p.value
                ),
            )),
        }
    }
    TransactionMode::Implicit
}

/// Diesel folders: one folder per migration holding `up.sql` and `down.sql`.
pub fn build_diesel(ctx: &mut Ctx, files: Vec<SqlFile>) -> Vec<Changeset> {
    let named: Vec<(MigrationName, SqlFile)> = files
        .into_iter()
        .filter_map(|f| {
            let direction = match f.name().as_str() {
                "up.sql" => Direction::Up,
                "down.sql" => Direction::Down,
                _ => return None,
            };
            let (version, name) = diesel_dir(&f.parent_name())?;
            Some((
                MigrationName {
                    version,
                    name,
                    direction,
                },
                f,
            ))
        })
        .collect();
    // a set is the folder holding the migration folders
    let sets = pair_up(named, |f| {
        folder(f)
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default()
    });
    changesets(ctx, sets, diesel_transaction)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(v: &str, name: &str, d: Direction) -> Option<MigrationName> {
        Some(MigrationName {
            version: v.into(),
            name: name.into(),
            direction: d,
        })
    }

    #[test]
    fn parses_up_down_spellings() {
        use Direction::*;
        assert_eq!(
            parse_updown("0001_create_users.up.sql"),
            n("0001", "create_users", Up)
        );
        assert_eq!(
            parse_updown("0001_create_users.down.sql"),
            n("0001", "create_users", Down)
        );
        assert_eq!(
            parse_updown("0058_alter_cde_up.sql"),
            n("0058", "alter_cde", Up)
        );
        assert_eq!(parse_updown("0188.up.sql"), n("0188", "", Up));
        assert_eq!(
            parse_updown("V0001.Initial_Schema.up.sql"),
            n("0001", "Initial_Schema", Up)
        );
        assert_eq!(parse_updown("create_users.up.sql"), None);
        assert_eq!(parse_updown("0001_create_users.sql"), None);
        assert_eq!(
            parse_sqlx_simple("20210422143411_create_history.sql"),
            n("20210422143411", "create_history", Up)
        );
        assert_eq!(parse_sqlx_simple("001-xa.sql"), None);
        assert_eq!(
            diesel_dir("2017-09-26-151545_fix_posts_tags"),
            Some(("20170926151545".into(), "fix_posts_tags".into()))
        );
        assert_eq!(diesel_dir("fm-cases"), None);
    }
}
