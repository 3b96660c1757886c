//! Which Rego syntax a policy file is read as.
//!
//! OPA 1.0 reads Rego v1 (`deny contains msg if { … }`); older policies,
//! Harness's among them, are written in v0 (`deny[msg] { … }`), which OPA
//! reads only with `--v0-compatible`. schemagate reads **every file as v1
//! first**, exactly as before, so nothing that loaded before changes
//! meaning; a file that is not valid v1 and does not `import rego.v1` is
//! then read as v0 (regorus's `set_rego_v0`, where `import
//! future.keywords…` works as in OPA 0.x). A file that is neither is
//! reported with the v0 error when v1 stopped only at v0-style syntax
//! (`if`/`contains` missing), else with the error that got further.

use regorus::Engine;

use super::builtin::PolicyFile;
use super::engine::problem_from_rego;
use crate::error::{Problem, ProblemAt};

/// The syntax a file was read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    V1,
    V0,
}

impl Syntax {
    pub fn name(self) -> &'static str {
        match self {
            Syntax::V1 => "v1",
            Syntax::V0 => "v0",
        }
    }
}

/// Adds `file` to `engine` (v1, else v0). Returns its package path
/// (`data.x.y`) and the syntax it was read as.
pub fn add(engine: &mut Engine, file: &PolicyFile) -> Result<(String, Syntax), Problem> {
    let v1 = match engine.add_policy(file.path.clone(), file.text.clone()) {
        Ok(package) => return Ok((package, Syntax::V1)),
        Err(e) => problem_from_rego(&format!("{e:#}"), &file.path),
    };
    if imports_rego_v1(&file.text) {
        return Err(v1);
    }
    engine.set_rego_v0(true);
    let v0 = engine.add_policy(file.path.clone(), file.text.clone());
    engine.set_rego_v0(false);
    match v0 {
        Ok(package) => Ok((package, Syntax::V0)),
        Err(e) => {
            let v0 = problem_from_rego(&format!("{e:#}"), &file.path);
            // v1 stopped only at v0-style syntax, or v0 got further
            let v0_style = v1.message.contains("keyword is required");
            Err(if v0_style || place(&v0) > place(&v1) {
                v0
            } else {
                v1
            })
        }
    }
}

/// The syntax `file` reads as, on a scratch engine (for `schemagate rules`
/// and tests); `None` when it reads as neither.
pub fn of(file: &PolicyFile) -> Option<Syntax> {
    add(&mut Engine::new(), file).ok().map(|(_, s)| s)
}

/// Does the text hold `import rego.v1` (the file asks for v1)?
fn imports_rego_v1(text: &str) -> bool {
    text.lines().any(|l| {
        let mut words = l.split_whitespace();
        words.next() == Some("import") && words.next() == Some("rego.v1")
    })
}

fn place(p: &Problem) -> (usize, usize) {
    match &p.at {
        ProblemAt::Path { line, column, .. } => (*line, *column),
        _ => (0, 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> PolicyFile {
        PolicyFile {
            path: "p.rego".into(),
            text: text.into(),
        }
    }

    #[test]
    fn v1_files_read_as_v1() {
        let f = file("package a\n\ndeny contains msg if {\n\tmsg := \"x\"\n}\n");
        assert_eq!(of(&f), Some(Syntax::V1));
        let f = file("package a\nimport rego.v1\ndeny contains \"x\" if true\n");
        assert_eq!(of(&f), Some(Syntax::V1));
    }

    #[test]
    fn old_style_files_read_as_v0() {
        let f = file("package db_sql\n\ndeny[msg] {\n  msg := \"x\"\n}\n");
        assert_eq!(of(&f), Some(Syntax::V0));
        let f = file("package a\nimport future.keywords.in\nallow { 1 in [1] }\n");
        assert_eq!(of(&f), Some(Syntax::V0));
    }

    #[test]
    fn rego_v1_import_is_never_read_as_v0() {
        let f = file("package a\nimport rego.v1\ndeny[msg] {\n  msg := \"x\"\n}\n");
        assert_eq!(of(&f), None);
    }

    #[test]
    fn v0_rules_evaluate() {
        let mut e = Engine::new();
        let f = file(
            "package db_sql\ndeny[msg] {\n  s := input.sqlStatements[_]\n  contains(lower(s), \"drop\")\n  msg := s\n}\n",
        );
        assert!(add(&mut e, &f).is_ok());
        e.set_input(regorus::Value::from(
            serde_json::json!({"sqlStatements": ["DROP TABLE t", "SELECT 1"]}),
        ));
        let v = e
            .eval_rule("data.db_sql.deny".into())
            .map(|v| v.to_string());
        assert_eq!(v.ok().as_deref(), Some("[\"DROP TABLE t\"]"));
    }

    #[test]
    fn neither_reports_the_further_error() {
        let f = file("package a\n\ndeny[msg] {\n  msg := \n}\n");
        let Err(p) = add(&mut Engine::new(), &f) else {
            panic!("should not load");
        };
        // v1 stops at the missing `if`: the v0 reading's error is the one
        assert!(!p.message.contains("keyword is required"), "{}", p.message);
        let f = file("package a\nimport rego.v1\ndeny contains msg if {\n  msg := \n}\n");
        let Err(p) = add(&mut Engine::new(), &f) else {
            panic!("should not load");
        };
        assert_eq!(place(&p).0, 4, "{}", p.message);
    }
}
