//! What a failing test saw. regorus returns only a rule's value, not the
//! values its body compared (`opa test --var-values`), so the runner asks
//! again: on a copy of the engine it adds, in the test's package and with
//! its imports, one rule per prefix of the test's body (`stmt1`, `stmt1;
//! stmt2`, …); the first that is undefined names the statement that failed.
//! When that statement is a comparison (`count(result) == 2`), two more
//! rules give the values of its sides, with its `with` modifiers. Best
//! effort: a test with several bodies, or a body the probe cannot copy, is
//! shown without it.

use regorus::unstable::{Expr, Literal, LiteralStmt, Module, Rule, RuleHead};
use regorus::{Engine, Value};

/// Lines for `-v`: `failed: <statement>`, then `left: …` and `right: …`
/// when the statement compared two values.
pub(super) fn explain(engine: &Engine, file: &str, name: &str) -> Vec<String> {
    let mut probe = engine.clone();
    let Some(plan) = plan(probe.get_modules(), file, name) else {
        return Vec::new();
    };
    let path = format!("{file}#probe");
    let Ok(package) = probe.add_policy(path, plan.module.clone()) else {
        return Vec::new();
    };
    let failed = (0..plan.statements.len()).find(|k| {
        !matches!(
            probe.eval_rule(format!("{package}.__schemagate_probe_{k}")),
            Ok(Value::Bool(true))
        )
    });
    let Some(k) = failed else {
        return Vec::new();
    };
    let mut out = vec![format!("failed: {}", plan.statements[k])];
    if plan.comparisons.contains(&k) {
        for side in ["left", "right"] {
            let value = probe.eval_rule(format!("{package}.__schemagate_{side}_{k}"));
            let shown = match value {
                Ok(Value::Undefined) => "undefined".to_string(),
                Ok(v) => v.to_json_str().unwrap_or_else(|_| format!("{v:?}")),
                Err(_) => continue,
            };
            out.push(format!("{side}: {shown}"));
        }
    }
    out
}

/// The probe module for one test.
struct Plan {
    module: String,
    /// The body's statements, as written.
    statements: Vec<String>,
    /// Indices of the statements that compare two values.
    comparisons: Vec<usize>,
}

fn plan(modules: &[regorus::unstable::Ref<Module>], file: &str, name: &str) -> Option<Plan> {
    let module = modules
        .iter()
        .find(|m| m.package.span.source.file() == file)?;
    if !module.rego_v1 {
        return None;
    }
    let mut bodies = module.policy.iter().filter_map(|r| match r.as_ref() {
        Rule::Spec {
            head: RuleHead::Compr { refr, .. },
            bodies,
            ..
        } if refr.span().text() == name => Some(bodies),
        _ => None,
    });
    let bodies = bodies.next()?;
    // several definitions each failed: one statement does not tell
    let several = defined_more_than_once(module, name);
    if several || bodies.len() != 1 || bodies[0].assign.is_some() {
        return None;
    }
    let stmts = &bodies[0].query.stmts;
    let mut text = format!("package {}\n", module.package.refr.span().text());
    for import in &module.imports {
        text.push_str(&format!("import {}", import.refr.span().text()));
        if let Some(alias) = &import.r#as {
            text.push_str(&format!(" as {}", alias.text()));
        }
        text.push('\n');
    }
    let statements: Vec<String> = stmts.iter().map(|s| s.span.text().to_string()).collect();
    let mut comparisons = Vec::new();
    for k in 0..stmts.len() {
        let prefix = statements[..=k].join("\n\t");
        text.push_str(&format!("__schemagate_probe_{k} if {{\n\t{prefix}\n}}\n"));
        if let Some((lhs, rhs)) = sides(&stmts[k]) {
            let before = statements[..k].join("\n\t");
            let withs = with_text(&stmts[k]);
            for (side, expr) in [("left", lhs), ("right", rhs)] {
                text.push_str(&format!(
                    "__schemagate_{side}_{k} := __schemagate_v if {{\n\t{before}\n\t__schemagate_v := {expr}{withs}\n}}\n"
                ));
            }
            comparisons.push(k);
        }
    }
    Some(Plan {
        module: text,
        statements,
        comparisons,
    })
}

/// Is `name` defined more than once in the module?
fn defined_more_than_once(module: &Module, name: &str) -> bool {
    module
        .policy
        .iter()
        .filter(|r| match r.as_ref() {
            Rule::Spec {
                head: RuleHead::Compr { refr, .. },
                ..
            } => refr.span().text() == name,
            _ => false,
        })
        .count()
        > 1
}

/// The two sides of a comparison statement (`a == b`, `a != b`, `a < b`…).
fn sides(stmt: &LiteralStmt) -> Option<(String, String)> {
    let Literal::Expr { expr, .. } = &stmt.literal else {
        return None;
    };
    match expr.as_ref() {
        Expr::BoolExpr { lhs, rhs, .. } => {
            Some((lhs.span().text().to_string(), rhs.span().text().to_string()))
        }
        _ => None,
    }
}

/// ` with input as x with data.y as z`.
fn with_text(stmt: &LiteralStmt) -> String {
    stmt.with_mods
        .iter()
        .map(|w| format!(" with {} as {}", w.refr.span().text(), w.r#as.span().text()))
        .collect()
}
