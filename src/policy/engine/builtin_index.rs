//! What the built-in rules declare (packages, entry points, `schema_version`
//! and `meta`), surveyed from their Rego once and kept in
//! `builtin_index.json`: a run of the built-in rules alone, all of them
//! evaluated natively, then needs no Rego parsed at all. Parsing and
//! surveying them took a 30 ms check of one migration 27 ms of CPU.
//!
//! The index records the digest of the rule files it was surveyed from
//! (`BUILTIN_RULES_DIGEST`, computed by `build.rs`): once a rule file
//! changes it is not used (loading surveys the Rego as it does for a
//! team's policies) until it is written again, and a test fails until then:
//!
//! ```text
//! SCHEMAGATE_WRITE_INDEX=1 cargo test --lib builtin_index
//! ```

use std::collections::BTreeMap;

use super::PolicyFile;
use super::discover::PackageInfo;

/// The index as kept in the repository.
const INDEX: &str = include_str!("builtin_index.json");

#[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
struct Index {
    /// `BUILTIN_RULES_DIGEST` of the files surveyed.
    digest: String,
    packages: BTreeMap<String, PackageInfo>,
}

/// What the packages of `files` declare, from the index: when `files` are
/// exactly the built-in rule files (no test file, none edited, none added,
/// none missing) and the index was surveyed from them.
pub(super) fn packages(files: &[PolicyFile]) -> Option<BTreeMap<String, PackageInfo>> {
    let embedded = crate::policy::builtin::BUILTIN_POLICIES
        .iter()
        .filter(|(path, _)| !path.ends_with("_test.rego"))
        .count();
    // paths are unique among the embedded files, and each file is one of
    // them: as many files are all of them
    if files.len() != embedded || !files.iter().all(crate::policy::builtin::is_embedded) {
        return None;
    }
    let index: Index = serde_json::from_str(INDEX).ok()?;
    (index.digest == crate::policy::builtin::BUILTIN_RULES_DIGEST).then_some(index.packages)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::engine::{PolicySet, base_engine, discover};

    /// The built-in rule files surveyed as a team's policies are, with
    /// `data` as the configuration.
    fn surveyed(data: serde_json::Value) -> Index {
        let files: Vec<PolicyFile> = crate::policy::builtin::builtin_policies()
            .into_iter()
            .filter(|f| !f.is_test())
            .collect();
        let mut engine = base_engine(data).expect("the engine");
        for f in &files {
            crate::policy::syntax::add(&mut engine, f).expect("a built-in file parses");
        }
        let mut packages = discover::survey(&mut engine, &files).expect("surveyed");
        for (package, info) in &mut packages {
            discover::evaluate_declarations(&mut engine, package, info).expect("evaluated");
        }
        Index {
            digest: crate::policy::builtin::BUILTIN_RULES_DIGEST.to_string(),
            packages,
        }
    }

    #[test]
    fn the_index_is_what_the_built_in_rules_declare() {
        let fresh = surveyed(serde_json::json!({}));
        let mut text = serde_json::to_string_pretty(&fresh).expect("serialized");
        text.push('\n');
        if std::env::var_os("SCHEMAGATE_WRITE_INDEX").is_some() {
            let path = concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/src/policy/engine/builtin_index.json"
            );
            std::fs::write(path, &text).expect("written");
            return;
        }
        assert!(
            text == INDEX,
            "src/policy/engine/builtin_index.json is not what the built-in rules declare: \
             write it again with `SCHEMAGATE_WRITE_INDEX=1 cargo test --lib builtin_index`"
        );
    }

    #[test]
    fn what_the_rules_declare_does_not_depend_on_the_configuration() {
        // the index is surveyed once, with no configuration, and used with
        // any: no `meta` may read `data.schemagate.config`
        let config = serde_json::json!({
            "rules": {"require-concurrent-index-creation": "off", "ban-drop-column": "warning"},
            "params": {"adding-field-with-default": {"max_rows": 3}},
            "aliases": {"atlas": {"DS103": "ban-drop-column"}},
        });
        assert_eq!(surveyed(config), surveyed(serde_json::json!({})));
    }

    #[test]
    fn the_built_in_rules_load_from_the_index_as_from_their_rego() {
        let files = crate::policy::builtin::builtin_policies();
        let rules: Vec<PolicyFile> = files.iter().filter(|f| !f.is_test()).cloned().collect();
        assert!(
            packages(&rules).is_some(),
            "the index serves the built-in rules alone"
        );
        let indexed = PolicySet::load(files.clone(), serde_json::json!({})).expect("loaded");
        assert!(indexed.engine.is_none(), "no Rego was parsed");
        // a file that is not embedded sends loading through the Rego
        let mut extra = files.clone();
        extra.push(PolicyFile {
            path: "team/x.rego".into(),
            text: "package team.x\n".into(),
        });
        let surveyed = PolicySet::load(extra, serde_json::json!({})).expect("loaded");
        assert!(surveyed.engine.is_some());
        // the team's package declares nothing: the rest is the same
        assert_eq!(format!("{indexed:?}"), format!("{surveyed:?}"));
    }

    #[test]
    fn an_edited_or_missing_built_in_file_is_not_read_from_the_index() {
        let files: Vec<PolicyFile> = crate::policy::builtin::builtin_policies()
            .into_iter()
            .filter(|f| !f.is_test())
            .collect();
        let mut edited = files.clone();
        if let Some(f) = edited
            .iter_mut()
            .find(|f| f.path.ends_with("/ban_drop_column.rego"))
        {
            f.text.push_str("\n# edited\n");
        }
        assert_ne!(edited, files);
        assert!(packages(&edited).is_none());
        assert!(packages(&files[1..]).is_none());
        let mut test_file = files.clone();
        test_file[0].path = "policies/other_test.rego".into();
        assert!(packages(&test_file).is_none());
    }
}
