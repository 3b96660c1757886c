//! Finding what the loaded policies declare: packages, entry points, their
//! scope (`schema_version`), `meta`, `exception` and `kinds`, each
//! evaluated once on an empty document to surface errors at load.

use std::collections::BTreeMap;

use regorus::{Engine, Value};
use serde_json::Value as Json;

use super::{ENTRY_POINTS, EntryPoint, PROPOSAL_PREFIX, PolicyFile, Scope, to_json};
use crate::error::Problem;
use crate::policy::Severity;
use crate::policy::meta::RuleMeta;

/// An input document with no changes, shaped like a real one of `scope`,
/// for the validation run.
pub(crate) fn empty_input(scope: Scope) -> Json {
    let mut doc = serde_json::json!({
        "schema_version": crate::policy::input::SCHEMA_VERSION,
        "tool": {"name": "schemagate", "version": env!("CARGO_PKG_VERSION")},
        "target": {"dialect": "postgres", "version": null},
        "source": {"format": "sql-file", "path": ""},
        "statements": []
    });
    match scope {
        Scope::Changeset => {
            doc["changeset"] = serde_json::json!({
                "index": 0, "id": "", "author": null, "version": null, "description": null,
                "role": "versioned", "file": "", "line": 1, "column": 1,
                "transaction": "implicit", "rollback": "none", "statements": [],
                "rollback_statements": [], "marked_ran": false, "checksum": null, "proposed": true,
                "edited": null, "out_of_order": null, "attributes": {}
            });
        }
        Scope::Proposal => {
            doc["changesets"] = serde_json::json!([]);
            doc["history"] =
                serde_json::json!({"basis": "everything", "changesets": 0, "removed": []});
        }
        Scope::V1 => {
            doc["schema_version"] = serde_json::json!(1);
            doc["changesets"] = serde_json::json!([]);
        }
    }
    doc
}

/// Query path of a package: `data.a.b`, with bracket notation for
/// components that are not identifiers.
pub(crate) fn package_path(components: &[String]) -> String {
    let mut path = String::from("data");
    for c in components {
        let ident = c
            .chars()
            .next()
            .is_some_and(|ch| ch.is_ascii_alphabetic() || ch == '_')
            && c.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_');
        if ident {
            path.push('.');
            path.push_str(c);
        } else {
            path.push('[');
            path.push_str(&Json::String(c.clone()).to_string());
            path.push(']');
        }
    }
    path
}

pub(super) type Discovered = (Vec<EntryPoint>, Vec<RuleMeta>, Vec<Problem>);

/// What one package declares.
#[derive(Debug, Default, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub(super) struct PackageInfo {
    components: Vec<String>,
    /// Its entry points' names, with the file and line of their first
    /// definition.
    entries: Vec<(String, String, usize)>,
    /// The file that declares `meta`.
    meta_file: Option<String>,
    /// conftest's `exception` rule: the file and line of its first
    /// definition.
    exception_at: Option<(String, usize)>,
    /// Some module of the package is not an embedded built-in file (a
    /// team's file adding to it, or an edited copy): its rules are then
    /// evaluated by regorus, never natively.
    extended: bool,
    declares_version: bool,
    /// The value of its `schema_version` and of its `meta`, once evaluated
    /// ([`evaluate_declarations`]).
    version: Option<Json>,
    meta: Option<Json>,
}

/// The severity of an entry point's results: `deny`, `violation` and `warn`,
/// and conftest's suffixed forms (`deny_public_grant`); `None` for any other
/// rule.
fn entry_severity(name: &str) -> Option<Severity> {
    ENTRY_POINTS.iter().find_map(|(prefix, severity)| {
        let rest = name.strip_prefix(prefix)?;
        (rest.is_empty() || (rest.len() > 1 && rest.starts_with('_'))).then_some(*severity)
    })
}

/// Finds entry points and `meta` in every package and evaluates each once on
/// an empty input. `Err` is the text of the first regorus error.
pub(super) fn discover(engine: &mut Engine, files: &[PolicyFile]) -> Result<Discovered, String> {
    let packages = survey(engine, files)?;
    declare(packages, files, Some(engine))
}

/// What every package declares, by package name (its `schema_version` and
/// `meta` not evaluated yet).
pub(super) fn survey(
    engine: &mut Engine,
    files: &[PolicyFile],
) -> Result<BTreeMap<String, PackageInfo>, String> {
    engine.set_input(Value::from(empty_input(Scope::V1)));
    let modules = engine
        .get_policy_package_components()
        .map_err(|e| format!("{e:#}"))?;
    let declared: Vec<Vec<(String, usize)>> = engine
        .get_modules()
        .iter()
        .map(|m| crate::policy::calls::declared_rules(m))
        .collect();
    let mut packages: BTreeMap<String, PackageInfo> = BTreeMap::new();
    let is_builtin = |path: &str| {
        files
            .iter()
            .find(|f| f.path == path)
            .is_some_and(crate::policy::builtin::is_embedded)
    };
    // modules and their package components come in the same (load) order
    for (m, names) in modules.iter().zip(&declared) {
        let slot = packages
            .entry(m.components.join("."))
            .or_insert_with(|| PackageInfo {
                components: m.components.clone(),
                ..PackageInfo::default()
            });
        slot.extended |= !is_builtin(&m.source_file);
        // Only rules a module declares are evaluated: regorus answers a
        // missing rule with an error ("not a valid rule path"), not with
        // Undefined; a declared rule whose bodies all fail is Undefined or,
        // for `contains` rules, an empty set.
        for (name, line) in names {
            if (entry_severity(name).is_some()
                || name
                    .strip_prefix(PROPOSAL_PREFIX)
                    .is_some_and(|n| entry_severity(n).is_some()))
                && !slot.entries.iter().any(|(n, _, _)| n == name)
            {
                slot.entries
                    .push((name.clone(), m.source_file.clone(), *line));
            }
        }
        let declares = |wanted: &str| names.iter().any(|(n, _)| n == wanted);
        slot.declares_version |= declares("schema_version");
        if slot.exception_at.is_none()
            && let Some((_, line)) = names.iter().find(|(n, _)| n == "exception")
        {
            slot.exception_at = Some((m.source_file.clone(), *line));
        }
        if slot.meta_file.is_none() && declares("meta") {
            slot.meta_file = Some(m.source_file.clone());
        }
    }
    Ok(packages)
}

/// Evaluates the package's `schema_version` and `meta`, when it declares
/// them. `Err` is the text of regorus's error.
pub(super) fn evaluate_declarations(
    engine: &mut Engine,
    package: &str,
    info: &mut PackageInfo,
) -> Result<(), String> {
    let base = package_path(&info.components);
    if info.declares_version {
        let value = engine
            .eval_rule(format!("{base}.schema_version"))
            .map_err(|e| format!("{e:#}"))?;
        // a value that is not JSON is not a version either
        info.version = Some(to_json(&value).unwrap_or(Json::Null));
    }
    if info.meta_file.is_some() {
        let value = engine
            .eval_rule(format!("{base}.meta"))
            .map_err(|e| format!("{e:#}"))?;
        info.meta = Some(to_json(&value).map_err(|e| format!("meta of {package}: {e}"))?);
    }
    Ok(())
}

/// The entry points and rules the packages declare, with the problems of
/// their `meta` and `schema_version`. With an engine, each package's
/// declarations are evaluated on it ([`evaluate_declarations`]) and every
/// entry point that is not evaluated natively is evaluated once on an
/// empty document, to surface the errors regorus reports only then; `Err`
/// is the text of the first. Without one, the values already evaluated are
/// used (the index of the built-in rules).
pub(super) fn declare(
    packages: BTreeMap<String, PackageInfo>,
    files: &[PolicyFile],
    mut engine: Option<&mut Engine>,
) -> Result<Discovered, String> {
    // the library the native rules port must be the built-in one
    let lib_builtin = packages
        .get(crate::policy::native::LIB_PACKAGE)
        .is_some_and(|p| !p.extended);
    let mut entries = Vec::new();
    let mut rules = Vec::new();
    let mut problems = Vec::new();
    for (package, mut info) in packages {
        if let Some(engine) = engine.as_deref_mut() {
            evaluate_declarations(engine, &package, &mut info)?;
        }
        let PackageInfo {
            components,
            entries: names,
            meta_file,
            exception_at,
            extended,
            declares_version,
            version,
            meta,
        } = info;
        let base = package_path(&components);
        let exception = exception_at.map(|at| (format!("{base}.exception"), at));
        let version = match version.filter(|_| declares_version) {
            None => 1,
            Some(value) => match value.as_u64() {
                Some(v @ (1 | 2)) => v,
                _ => {
                    let file = meta_file.clone().unwrap_or_default();
                    problems.push(Problem::at_path(
                        &file,
                        declaration_line(files, &file, "schema_version"),
                        1,
                        format!(
                            "package `{package}`: `schema_version` must be 1 or 2 (the input document version its rules are written for)"
                        ),
                    ));
                    1
                }
            },
        };
        let mut rule_id = None;
        let mut kinds = None;
        let mut facts = None;
        let mut dialects = None;
        let mut native_meta = None;
        if let (Some(file), Some(json)) = (meta_file, meta) {
            match RuleMeta::from_json(&json, &package, &file) {
                Ok(meta) => {
                    rule_id = Some(meta.id.clone());
                    kinds = (!meta.kinds.is_empty()).then(|| meta.kinds.clone());
                    facts = (!meta.facts.is_empty()).then(|| meta.facts.clone());
                    dialects = (!meta.dialects.is_empty()).then(|| meta.dialects.clone());
                    // as `lib.finding` reads `meta`: a severity it does not
                    // give is the entry point's
                    native_meta = Some((
                        meta.id.clone(),
                        json["severity"].as_str().and_then(Severity::parse),
                        Some(meta.help.clone()).filter(|h| !h.is_empty()),
                    ));
                    rules.push(meta);
                }
                Err(msg) => {
                    let line = declaration_line(files, &file, "meta");
                    problems.push(Problem::at_path(&file, line, 1, msg));
                }
            }
        }
        for (name, file, line) in names {
            let (scope, severity) = match (version, name.strip_prefix(PROPOSAL_PREFIX)) {
                (2, Some(rest)) => match entry_severity(rest) {
                    Some(sev) => (Scope::Proposal, sev),
                    None => continue,
                },
                (2, None) => match entry_severity(&name) {
                    Some(sev) => (Scope::Changeset, sev),
                    None => continue,
                },
                (_, _) => match entry_severity(&name) {
                    Some(sev) => (Scope::V1, sev),
                    None => continue,
                },
            };
            let native = native_meta
                .as_ref()
                .filter(|_| lib_builtin && !extended && exception.is_none())
                .and_then(|(id, declared, help)| {
                    let eval = crate::policy::native::find(&package, &name)?;
                    let meta = crate::policy::native::Meta {
                        id: id.clone(),
                        severity: declared.unwrap_or(severity),
                        help: help.clone(),
                    };
                    Some((eval, meta))
                });
            let path = format!("{base}.{name}");
            // a native rule's Rego is the embedded file, tested as such:
            // evaluating it to find errors would only cost time
            if native.is_none()
                && let Some(engine) = engine.as_deref_mut()
            {
                engine.set_input(Value::from(empty_input(scope)));
                engine.eval_rule(path.clone()).map_err(|e| {
                    let text = format!("{e:#}");
                    // an error with no place of its own (a time limit) is the
                    // rule's, at its definition
                    if text.contains("--> ") {
                        text
                    } else {
                        format!("\n--> {file}:{line}:1\nerror: evaluating {path}: {text}")
                    }
                })?;
            }
            entries.push(EntryPoint {
                native,
                scope,
                package: package.clone(),
                path,
                severity,
                rule_id: rule_id.clone(),
                name,
                exception: exception.clone(),
                declared: (file, line),
                kinds: kinds.clone(),
                facts: facts.clone(),
                dialects: dialects.clone(),
            });
        }
    }
    let mut ids = BTreeMap::new();
    for r in &rules {
        if let Some(first) = ids.insert(r.id.clone(), r.package.clone()) {
            let line = declaration_line(files, &r.file, "meta");
            problems.push(Problem::at_path(
                &r.file,
                line,
                1,
                format!(
                    "rule id `{}` of package `{}` is already used by package `{first}`",
                    r.id, r.package
                ),
            ));
        }
    }
    rules.sort_by(|a, b| a.id.cmp(&b.id));
    Ok((entries, rules, problems))
}

/// 1-based line of the first line of `file` that starts with `name`.
pub(super) fn declaration_line(files: &[PolicyFile], file: &str, name: &str) -> usize {
    files
        .iter()
        .find(|f| f.path == file)
        .and_then(|f| {
            f.text.lines().position(|l| {
                l.strip_prefix(name).is_some_and(|rest| {
                    !rest.starts_with(|c: char| c.is_alphanumeric() || c == '_')
                })
            })
        })
        .map_or(1, |i| i + 1)
}
