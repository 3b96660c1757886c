//! Calls in rule heads that regorus would let wipe out a whole rule.
//!
//! In regorus 0.14, when the head of a rule that gathers values (`deny
//! contains sprintf(…)`, `o[lower(k)] := v`, or `x := f(s) if { some s … }`)
//! evaluates to undefined for one iteration, the interpreter resets the
//! rule's value: the values gathered so far are lost, and the next one is
//! an error ("not an object"). OPA skips only that iteration. Found on the
//! corpus: `foreign-key-without-index` failed on two SQL Server tables, and
//! with the tables in the other order it found nothing at all: a silent
//! pass. A value bound in the body (`msg := sprintf(…)`) is unaffected, so
//! a policy calling a function in such a head is refused at load time, at
//! the call, with that rewrite.

use regorus::unstable::{Expr, Literal, Module, Ref, Rule, RuleHead};
use regorus::utils::get_path_string;

use super::calls::{Node, children};
use crate::error::Problem;

/// Every rule of `modules` whose head calls a function where regorus would
/// lose the rule's other values, at the call.
pub(crate) fn calls_in_heads(modules: &[Ref<Module>]) -> Vec<Problem> {
    let mut problems = Vec::new();
    for module in modules {
        for rule in &module.policy {
            let Rule::Spec { head, bodies, .. } = rule.as_ref() else {
                continue;
            };
            let exprs: Vec<&Expr> = match head {
                RuleHead::Set { key: Some(k), .. } => vec![k],
                RuleHead::Compr { refr, assign, .. } => {
                    let value = assign.as_ref().map(|a| &*a.value);
                    match refr.as_ref() {
                        // a partial object: its key and its value
                        Expr::RefBrack { index, .. } => {
                            std::iter::once(&**index).chain(value).collect()
                        }
                        // a complete rule gathers only when its body iterates
                        _ if bodies.iter().any(|b| iterates(&b.query.stmts)) => {
                            value.into_iter().collect()
                        }
                        _ => Vec::new(),
                    }
                }
                _ => Vec::new(),
            };
            let Some((span, name)) = exprs.into_iter().find_map(first_call) else {
                continue;
            };
            let rule_name = rule_name(head).unwrap_or_else(|| "the rule".into());
            problems.push(Problem::at_path(
                span.source.get_path().as_str(),
                span.line as usize,
                span.col as usize,
                format!(
                    "`{rule_name}` calls `{name}` in its head: where the call is undefined for one \
                     value, the policy engine (regorus) drops every value of `{rule_name}`, \
                     which would pass silently. Bind the call in the body instead \
                     (`v := {name}(…)`) and put `v` in the head"
                ),
            ));
        }
    }
    problems
}

/// Does a body iterate (`some … in`, `some x`)? Then a complete rule's
/// head is evaluated once per iteration.
fn iterates(stmts: &[regorus::unstable::LiteralStmt]) -> bool {
    stmts
        .iter()
        .any(|s| matches!(s.literal, Literal::SomeIn { .. } | Literal::SomeVars { .. }))
}

/// The name a rule head declares (`deny` of `deny contains …`).
fn rule_name(head: &RuleHead) -> Option<String> {
    let refr = match head {
        RuleHead::Compr { refr, .. } | RuleHead::Set { refr, .. } | RuleHead::Func { refr, .. } => {
            refr
        }
    };
    let mut e: &Expr = refr;
    while let Expr::RefBrack { refr, .. } = e {
        e = refr;
    }
    get_path_string(e, None).ok()
}

/// The first call in `expr` outside comprehensions (a comprehension is
/// evaluated on its own: an undefined element is just left out), with the
/// span of its name.
fn first_call(expr: &Expr) -> Option<(regorus::unstable::Span, String)> {
    let mut stack = vec![expr];
    while let Some(e) = stack.pop() {
        match e {
            Expr::Call { fcn, .. } => {
                let name = get_path_string(fcn, None).unwrap_or_else(|_| "a function".into());
                return Some((fcn.span().clone(), name));
            }
            Expr::ArrayCompr { .. } | Expr::SetCompr { .. } | Expr::ObjectCompr { .. } => {}
            _ => {
                // in source order: the first pushed is popped last
                let at = stack.len();
                children(e, |n| {
                    if let Node::Expr(e) = n {
                        stack.push(e);
                    }
                });
                stack[at..].reverse();
            }
        }
    }
    None
}
