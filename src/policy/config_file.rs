//! `--config FILE`: the policy configuration (`data.schemagate.config`) read
//! from a YAML or JSON file, so users tune rules without editing them:
//!
//! ```yaml
//! rules:
//!   statement-not-analyzed: {severity: warning}
//!   require-lock-timeout: {enabled: false}
//! params:
//!   identifier-too-long: {max_length: 50}
//! protected_tables: [customers, orders]
//! ```

use std::path::Path;

use serde_json::Value;

use crate::error::Problem;

/// Reads the file; YAML is a superset of JSON, so one parser reads both.
pub fn read_config(path: &Path) -> Result<Value, Problem> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        Problem::at_path(
            path,
            0,
            0,
            format!("cannot read config file `{}`: {e}", path.display()),
        )
    })?;
    let value: Value = serde_saphyr::from_str(&text).map_err(|e| {
        let (line, column) = e
            .location()
            .map_or((0, 0), |l| (l.line() as usize, l.column() as usize));
        let msg = e.without_snippet().to_string();
        let first = msg.lines().next().unwrap_or_default().to_string();
        Problem::at_path(path, line, column, format!("invalid config file: {first}"))
    })?;
    match value {
        Value::Object(_) => Ok(value),
        Value::Null => Ok(Value::Object(Default::default())),
        _ => Err(Problem::at_path(
            path,
            1,
            1,
            "invalid config file: expected a mapping of settings",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_and_json_configs_read_alike() {
        let dir = tempfile::tempdir().unwrap();
        let yaml = dir.path().join("c.yaml");
        std::fs::write(&yaml, "rules:\n  ban-drop-table: {severity: warning}\n").unwrap();
        let json = dir.path().join("c.json");
        std::fs::write(
            &json,
            r#"{"rules": {"ban-drop-table": {"severity": "warning"}}}"#,
        )
        .unwrap();
        assert_eq!(read_config(&yaml).unwrap(), read_config(&json).unwrap());
    }

    #[test]
    fn a_broken_config_names_its_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.yaml");
        std::fs::write(&path, "rules:\n  x: [unclosed\n").unwrap();
        let p = read_config(&path).unwrap_err();
        match p.at {
            crate::error::ProblemAt::Path { line, .. } => assert!(line >= 2, "{p:?}"),
            other => panic!("{other:?}"),
        }
        assert!(
            read_config(&dir.path().join("missing.yaml"))
                .unwrap_err()
                .message
                .contains("cannot read")
        );
    }
}
