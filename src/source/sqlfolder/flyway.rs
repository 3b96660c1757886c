//! Flyway folders: `V<version>__<desc>.sql` versioned scripts ordered by
//! version, `R__<desc>.sql` repeatables after them ordered by description,
//! `U<version>__<desc>.sql` undo scripts attached as rollbacks, per-script
//! `.sql.conf` files and `${placeholder}` substitution.
//!
//! Names follow Flyway's defaults exactly: the prefixes are case-sensitive
//! (Flyway's `ResourceNameParser` uses `startsWith`), the separator is `__`
//! and the suffix `.sql`. Other `.sql` files (callbacks such as
//! `afterMigrate.sql`, misnamed scripts) are not migrations and are skipped,
//! as Flyway skips them.

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::flyway_conf::{self, FlywayConfig};
use super::natural_order::{natural_cmp, natural_path_cmp, version_cmp};
use super::placeholders::{Delimiters, Resolved, substitute};
use super::{Ctx, SqlFile, explicit_rollback, file_changeset};
use crate::error::Problem;
use crate::source::{Changeset, ChangesetRole, TransactionMode};
use crate::span::{MappedText, Span};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prefix {
    Versioned,
    Undo,
    Repeatable,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlywayName {
    pub prefix: Prefix,
    /// Dotted (`1_2` is written `1.2`, as Flyway shows it); `None` for `R__`.
    pub version: Option<String>,
    /// Underscores read as spaces.
    pub description: String,
}

/// Parses a Flyway script name; `None` when Flyway would not run it.
pub fn parse_name(name: &str) -> Option<FlywayName> {
    let stem = name.strip_suffix(".sql")?;
    let (prefix, rest) = if let Some(r) = stem.strip_prefix('V') {
        (Prefix::Versioned, r)
    } else if let Some(r) = stem.strip_prefix('U') {
        (Prefix::Undo, r)
    } else if let Some(r) = stem.strip_prefix('R') {
        (Prefix::Repeatable, r)
    } else {
        return None;
    };
    let (version, desc) = rest.split_once("__")?;
    let description = desc.replace('_', " ");
    if prefix == Prefix::Repeatable {
        return version.is_empty().then_some(FlywayName {
            prefix,
            version: None,
            description,
        });
    }
    let valid = !version.is_empty()
        && version
            .split(['.', '_'])
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()));
    valid.then(|| FlywayName {
        prefix,
        version: Some(version.replace('_', ".")),
        description,
    })
}

/// A script with everything read for it.
struct Script {
    file: SqlFile,
    name: FlywayName,
    conf: BTreeMap<String, String>,
    text: MappedText,
    transaction: TransactionMode,
    /// What Flyway records: repeatables with placeholders replaced,
    /// versioned scripts as written.
    checksum: i32,
}

/// The folder holding `flyway.conf` / `flyway.toml`: the folder given, or
/// the folder of the single file given.
fn config_dir(root: &Path) -> PathBuf {
    if root.is_dir() {
        root.to_path_buf()
    } else {
        root.parent().map(Path::to_path_buf).unwrap_or_default()
    }
}

fn read_config(ctx: &mut Ctx) -> FlywayConfig {
    let dir = config_dir(&ctx.root);
    let mut cfg = FlywayConfig::default();
    for (name, toml) in [("flyway.conf", false), ("flyway.toml", true)] {
        let path = dir.join(name);
        if !path.is_file() {
            continue;
        }
        let Some((id, _)) = ctx.read(&path) else {
            continue;
        };
        let file = ctx.sources.get(id);
        let (parsed, problems) = if toml {
            flyway_conf::parse_toml(file, id)
        } else {
            flyway_conf::parse_conf(file, id)
        };
        ctx.problems.extend(problems);
        cfg.merge(parsed);
    }
    cfg
}

/// Reads `<script>.sql.conf` when present.
fn read_script_conf(ctx: &mut Ctx, script: &Path) -> BTreeMap<String, String> {
    let mut path = script.as_os_str().to_owned();
    path.push(".conf");
    let path = PathBuf::from(path);
    let mut conf = BTreeMap::new();
    if !path.is_file() {
        return conf;
    }
    let Some((id, _)) = ctx.read(&path) else {
        return conf;
    };
    let (props, problems) = flyway_conf::parse_properties(ctx.sources.get(id), id);
    ctx.problems.extend(problems);
    for p in props {
        if matches!(
            p.key.as_str(),
            "executeInTransaction" | "placeholderReplacement"
        ) && flyway_conf::parse_bool(&p.value).is_none()
        {
            ctx.problems.push(Problem::at_span(
                p.span,
                format!("`{}` must be true or false, not `{}`", p.key, p.value),
            ));
        }
        conf.insert(p.key, p.value);
    }
    conf
}

/// Substitutes placeholders as Flyway would for `file`.
fn substitute_script(
    ctx: &mut Ctx,
    cfg: &FlywayConfig,
    file: &SqlFile,
    replace: bool,
) -> MappedText {
    if !replace {
        return file.verbatim();
    }
    let delims = Delimiters {
        prefix: cfg.placeholder_prefix.as_deref().unwrap_or("${"),
        suffix: cfg.placeholder_suffix.as_deref().unwrap_or("}"),
    };
    let file_name = file.name();
    let opts = ctx.opts;
    let result = substitute(file.id, file.body(), file.body_start, &delims, |name| {
        let known = |v: Option<String>| v.map_or(Resolved::Keep, Resolved::Value);
        match name {
            "flyway:defaultSchema" => known(cfg.effective_default_schema()),
            "flyway:user" => known(cfg.user.clone()),
            "flyway:database" => known(cfg.database()),
            // a run-time value: left as written
            "flyway:timestamp" => Resolved::Keep,
            "flyway:filename" => Resolved::Value(file_name.clone()),
            "flyway:workingDirectory" => known(
                std::env::current_dir()
                    .ok()
                    .map(|d| d.to_string_lossy().into_owned()),
            ),
            "flyway:table" => Resolved::Value(
                cfg.table
                    .clone()
                    .unwrap_or_else(|| "flyway_schema_history".into()),
            ),
            _ => opts
                .placeholders
                .get(name)
                .or_else(|| cfg.placeholders.get(name))
                .map_or(Resolved::Unknown, |v| Resolved::Value(v.clone())),
        }
    });
    for (range, name) in result.unknown {
        ctx.problems.push(Problem::at_span(
            Span::new(file.id, range),
            format!(
                "no value for placeholder `{name}` (Flyway fails on it): pass --placeholder {name}=VALUE or set flyway.placeholders.{name}"
            ),
        ).with_code("missing-placeholder"));
    }
    result.text
}

pub fn build(ctx: &mut Ctx, files: Vec<SqlFile>) -> Vec<Changeset> {
    let cfg = read_config(ctx);
    let mut scripts = Vec::new();
    for file in files {
        let Some(name) = parse_name(&file.name()) else {
            continue;
        };
        let conf = read_script_conf(ctx, &file.path);
        let conf_bool = |k: &str| conf.get(k).and_then(|v| flyway_conf::parse_bool(v));
        let replace = conf_bool("placeholderReplacement")
            .or(cfg.placeholder_replacement)
            .unwrap_or(true);
        let transaction = if conf_bool("executeInTransaction") == Some(false) {
            TransactionMode::None
        } else {
            TransactionMode::Implicit
        };
        let text = substitute_script(ctx, &cfg, &file, replace);
        let checksum = if name.prefix == Prefix::Repeatable && replace {
            super::flyway_checksum::flyway(&text.text)
        } else {
            super::flyway_checksum::flyway(&file.text)
        };
        scripts.push(Script {
            file,
            name,
            conf,
            text,
            transaction,
            checksum,
        });
    }
    let mut out = Vec::new();
    for location in split_locations(ctx, scripts) {
        out.extend(order_location(ctx, location));
    }
    out
}

fn parent(s: &Script) -> PathBuf {
    s.file
        .rel
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// Flyway scans a location recursively, so scripts in subfolders are one
/// sequence. A repository often holds several independent locations (one
/// per module or database): when two folders hold the same version (or
/// repeatable description) they cannot be one location, so each folder, in
/// natural order, joins the first group it does not clash with.
fn split_locations(ctx: &mut Ctx, scripts: Vec<Script>) -> Vec<Vec<Script>> {
    let mut by_dir: BTreeMap<PathBuf, Vec<Script>> = BTreeMap::new();
    for s in scripts {
        by_dir.entry(parent(&s)).or_default().push(s);
    }
    let mut dirs: Vec<(PathBuf, Vec<Script>)> = by_dir.into_iter().collect();
    dirs.sort_by(|a, b| natural_path_cmp(&a.0, &b.0));
    // what must be unique in a location: versions (per prefix) and
    // repeatable descriptions
    let clashes = |a: &[Script], b: &[Script]| {
        a.iter().any(|x| {
            b.iter()
                .any(|y| x.name.prefix == y.name.prefix && same_slot(x, y))
        })
    };
    let mut groups: Vec<Vec<Script>> = Vec::new();
    for (_, scripts) in dirs {
        report_duplicates(ctx, &scripts);
        match groups.iter_mut().find(|g| !clashes(g, &scripts)) {
            Some(g) => g.extend(scripts),
            None => groups.push(scripts),
        }
    }
    groups
}

/// Whether two scripts of one prefix claim the same version (or, for
/// repeatables, the same description).
fn same_slot(a: &Script, b: &Script) -> bool {
    match (&a.name.version, &b.name.version) {
        (Some(x), Some(y)) => version_cmp(x, y) == Ordering::Equal,
        (None, None) => a.name.description == b.name.description,
        _ => false,
    }
}

/// The same version, or two repeatables with one description, in one
/// folder is the error Flyway reports.
fn report_duplicates(ctx: &mut Ctx, scripts: &[Script]) {
    for (i, a) in scripts.iter().enumerate() {
        let dup = scripts
            .iter()
            .skip(i + 1)
            .find(|b| a.name.prefix == b.name.prefix && same_slot(a, b));
        if let Some(b) = dup {
            let what = match &a.name.version {
                Some(v) => format!("migration with version {v}"),
                None => format!(
                    "repeatable migration with description `{}`",
                    a.name.description
                ),
            };
            ctx.problems.push(Problem::at_span(
                b.file.whole_span(),
                format!(
                    "more than one Flyway {what}: {} and {}",
                    a.file.rel_str(),
                    b.file.rel_str()
                ),
            ));
        }
    }
}

/// Versioned scripts by version, then repeatables by description; undo
/// scripts become the rollback of the versioned script with their version.
fn order_location(ctx: &mut Ctx, scripts: Vec<Script>) -> Vec<Changeset> {
    let (mut undo, rest): (Vec<Script>, Vec<Script>) = scripts
        .into_iter()
        .partition(|s| s.name.prefix == Prefix::Undo);
    let (mut versioned, mut repeatable): (Vec<Script>, Vec<Script>) = rest
        .into_iter()
        .partition(|s| s.name.prefix == Prefix::Versioned);
    let ver = |s: &Script| s.name.version.clone().unwrap_or_default();
    versioned.sort_by(|a, b| {
        version_cmp(&ver(a), &ver(b)).then_with(|| natural_path_cmp(&a.file.rel, &b.file.rel))
    });
    repeatable.sort_by(|a, b| {
        natural_cmp(&a.name.description, &b.name.description)
            .then_with(|| natural_path_cmp(&a.file.rel, &b.file.rel))
    });
    let mut out = Vec::new();
    for s in versioned {
        let version = ver(&s);
        let undo_idx = undo
            .iter()
            .position(|u| version_cmp(&ver(u), &version) == Ordering::Equal);
        let mut cs = changeset(s, version.clone(), ChangesetRole::Versioned);
        if let Some(u) = undo_idx.map(|i| undo.remove(i)) {
            cs.rollback = explicit_rollback(u.file.body_span(), u.text);
            cs.attributes
                .insert("undo_file".into(), u.file.rel_str().into());
            if !u.conf.is_empty() {
                cs.attributes.insert("undo_conf".into(), conf_json(&u.conf));
            }
        }
        cs.version = Some(version);
        out.push(cs);
    }
    for u in undo {
        ctx.problems.push(Problem::at_span(
            u.file.whole_span(),
            format!(
                "undo script {} has no versioned migration with version {}",
                u.file.rel_str(),
                ver(&u)
            ),
        ));
    }
    for s in repeatable {
        let id = s.file.name();
        out.push(changeset(s, id, ChangesetRole::Repeatable));
    }
    out
}

fn conf_json(conf: &BTreeMap<String, String>) -> serde_json::Value {
    conf.iter()
        .map(|(k, v)| (k.clone(), serde_json::Value::from(v.as_str())))
        .collect::<serde_json::Map<_, _>>()
        .into()
}

fn changeset(s: Script, id: String, role: ChangesetRole) -> Changeset {
    let span = s.file.body_span();
    let mut cs = file_changeset(&s.file, id, s.transaction, s.text, span);
    cs.role = role;
    cs.description = Some(s.name.description);
    cs.checksum = Some(s.checksum.to_string());
    if !s.conf.is_empty() {
        cs.attributes.insert("conf".into(), conf_json(&s.conf));
    }
    cs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_flyway_names() {
        assert_eq!(
            parse_name("V1_2__add_orders_table.sql"),
            Some(FlywayName {
                prefix: Prefix::Versioned,
                version: Some("1.2".into()),
                description: "add orders table".into(),
            })
        );
        assert_eq!(
            parse_name("R__views.sql").map(|n| (n.prefix, n.version)),
            Some((Prefix::Repeatable, None))
        );
        assert_eq!(
            parse_name("U13.1__undo.sql").and_then(|n| n.version),
            Some("13.1".into())
        );
        // prefixes are case-sensitive, versions numeric, the separator required
        assert_eq!(parse_name("v1__lower.sql"), None);
        assert_eq!(parse_name("V1_x__bad.sql"), None);
        assert_eq!(parse_name("V1_only.sql"), None);
        assert_eq!(parse_name("R1__versioned_repeatable.sql"), None);
        assert_eq!(parse_name("afterMigrate.sql"), None);
        assert_eq!(parse_name("V1__x.SQL"), None);
    }
}
