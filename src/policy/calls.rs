//! Static facts from parsed policy modules: the rules each module declares,
//! and a check that every function a policy calls exists.
//!
//! regorus resolves a call only when it evaluates it, so a misspelt function
//! in a branch that the load-time dry run does not reach (almost every rule
//! body, on an empty changelog) would otherwise fail only on the first real
//! changelog that reaches it. This walks the parsed modules and resolves each
//! call the way the interpreter does: import alias, then a function of the
//! package or of `data.…`, then a builtin.

use std::collections::{BTreeMap, BTreeSet};

use regorus::unstable::{BUILTINS, Expr, Literal, Module, Query, Rule, RuleHead};
use regorus::utils::get_path_string;

use crate::error::Problem;

/// The non-function rules a module declares, by name (the first component
/// of the head: `deny` for `deny contains …`), with the line of their first
/// definition, in source order.
pub(crate) fn declared_rules(module: &Module) -> Vec<(String, usize)> {
    let mut out: Vec<(String, usize)> = Vec::new();
    for rule in &module.policy {
        let (refr, span) = match rule.as_ref() {
            Rule::Spec {
                head: RuleHead::Func { .. },
                ..
            } => continue,
            Rule::Spec {
                head: RuleHead::Compr { refr, .. } | RuleHead::Set { refr, .. },
                span,
                ..
            } => (refr, span),
            Rule::Default { args, .. } if !args.is_empty() => continue,
            Rule::Default { refr, span, .. } => (refr, span),
        };
        let Expr::Var { span: name, .. } = leftmost(refr) else {
            continue;
        };
        let name = name.text().to_string();
        if !out.iter().any(|(n, _)| *n == name) {
            out.push((name, span.line as usize));
        }
    }
    out
}

/// One call to a function that no module defines and no builtin provides.
pub(crate) fn unknown_calls(modules: &[regorus::unstable::Ref<Module>]) -> Vec<Problem> {
    let mut functions = BTreeSet::new();
    let mut packages = Vec::with_capacity(modules.len());
    for module in modules {
        let Ok(package) = get_path_string(&module.package.refr, Some("data")) else {
            packages.push(None);
            continue;
        };
        for rule in &module.policy {
            let head = match rule.as_ref() {
                Rule::Spec {
                    head: RuleHead::Func { refr, .. },
                    ..
                } => refr,
                Rule::Default { refr, args, .. } if !args.is_empty() => refr,
                _ => continue,
            };
            if let Ok(path) = get_path_string(head, Some(&package)) {
                functions.insert(path);
            }
        }
        packages.push(Some(package));
    }

    let mut problems = Vec::new();
    for (module, package) in modules.iter().zip(packages) {
        let Some(package) = package else { continue };
        let imports: BTreeMap<String, String> = module
            .imports
            .iter()
            .filter_map(|i| {
                let target = get_path_string(&i.refr, None).ok()?;
                let alias = match &i.r#as {
                    Some(span) => span.text().to_string(),
                    None => target.rsplit('.').next()?.to_string(),
                };
                Some((alias, target))
            })
            .collect();
        for (span, name) in calls(module) {
            let resolved = resolve_alias(&name, &imports);
            let known = if resolved.starts_with("data.") {
                functions.contains(&resolved)
            } else {
                functions.contains(&format!("{package}.{resolved}"))
                    || resolved == "print"
                    || BUILTINS.contains_key(resolved.as_str())
            };
            if !known {
                problems.push(Problem::at_path(
                    span.source.get_path().as_str(),
                    span.line as usize,
                    span.col as usize,
                    format!(
                        "unknown function `{name}`: no policy defines it and it is not a builtin"
                    ),
                ));
            }
        }
    }
    problems
}

/// `b.f` → `data.a.b.f` after `import data.a.b`.
fn resolve_alias(name: &str, imports: &BTreeMap<String, String>) -> String {
    let (head, rest) = name.split_once('.').unwrap_or((name, ""));
    match imports.get(head) {
        Some(target) if rest.is_empty() => target.clone(),
        Some(target) => format!("{target}.{rest}"),
        None => name.to_string(),
    }
}

/// The innermost expression of a reference chain (`a` of `a.b.c`): where
/// the name starts; regorus spans a `RefDot` from its dot.
fn leftmost(mut e: &Expr) -> &Expr {
    while let Expr::RefDot { refr, .. } | Expr::RefBrack { refr, .. } = e {
        e = refr;
    }
    e
}

/// A place in a module's syntax tree that can hold a call.
pub(crate) enum Node<'a> {
    Expr(&'a Expr),
    Query(&'a Query),
}

/// Gives `to` what `e` holds directly, in source order: its operands, and
/// the term and query of a comprehension. A call holds its arguments (its
/// name is no expression to walk).
pub(crate) fn children<'a>(e: &'a Expr, mut to: impl FnMut(Node<'a>)) {
    let mut exprs = |items: &'a [regorus::unstable::Ref<Expr>]| {
        items.iter().for_each(|i| to(Node::Expr(i)));
    };
    match e {
        Expr::String { .. }
        | Expr::RawString { .. }
        | Expr::Number { .. }
        | Expr::Bool { .. }
        | Expr::Null { .. }
        | Expr::Var { .. } => {}
        Expr::Array { items, .. } | Expr::Set { items, .. } => exprs(items),
        Expr::Call { params, .. } => exprs(params),
        Expr::Object { fields, .. } => {
            for (_, k, v) in fields {
                to(Node::Expr(k));
                to(Node::Expr(v));
            }
        }
        Expr::ArrayCompr { term, query, .. } | Expr::SetCompr { term, query, .. } => {
            to(Node::Expr(term));
            to(Node::Query(query));
        }
        Expr::ObjectCompr {
            key, value, query, ..
        } => {
            to(Node::Expr(key));
            to(Node::Expr(value));
            to(Node::Query(query));
        }
        Expr::UnaryExpr { expr, .. } => to(Node::Expr(expr)),
        Expr::RefDot { refr, .. } => to(Node::Expr(refr)),
        Expr::RefBrack { refr, index, .. } => {
            to(Node::Expr(refr));
            to(Node::Expr(index));
        }
        Expr::BinExpr { lhs, rhs, .. }
        | Expr::BoolExpr { lhs, rhs, .. }
        | Expr::ArithExpr { lhs, rhs, .. }
        | Expr::AssignExpr { lhs, rhs, .. } => {
            to(Node::Expr(lhs));
            to(Node::Expr(rhs));
        }
        Expr::Membership {
            key,
            value,
            collection,
            ..
        } => {
            if let Some(k) = key {
                to(Node::Expr(k));
            }
            to(Node::Expr(value));
            to(Node::Expr(collection));
        }
    }
}

/// Every call in a module with its span and the called name as written.
/// Walks with an explicit stack: deeply nested expressions cannot overflow.
fn calls(module: &Module) -> Vec<(regorus::unstable::Span, String)> {
    let mut stack: Vec<Node<'_>> = Vec::new();
    for rule in &module.policy {
        match rule.as_ref() {
            Rule::Spec { head, bodies, .. } => {
                match head {
                    RuleHead::Compr { refr, assign, .. } => {
                        stack.push(Node::Expr(refr));
                        if let Some(a) = assign {
                            stack.push(Node::Expr(&a.value));
                        }
                    }
                    RuleHead::Set { refr, key, .. } => {
                        stack.push(Node::Expr(refr));
                        if let Some(k) = key {
                            stack.push(Node::Expr(k));
                        }
                    }
                    RuleHead::Func { args, assign, .. } => {
                        stack.extend(args.iter().map(|a| Node::Expr(a)));
                        if let Some(a) = assign {
                            stack.push(Node::Expr(&a.value));
                        }
                    }
                }
                for body in bodies {
                    if let Some(a) = &body.assign {
                        stack.push(Node::Expr(&a.value));
                    }
                    stack.push(Node::Query(&body.query));
                }
            }
            Rule::Default { value, .. } => stack.push(Node::Expr(value)),
        }
    }

    let mut out = Vec::new();
    while let Some(node) = stack.pop() {
        match node {
            Node::Query(q) => {
                for stmt in &q.stmts {
                    for w in &stmt.with_mods {
                        stack.push(Node::Expr(&w.r#as));
                    }
                    match &stmt.literal {
                        Literal::SomeVars { .. } => {}
                        Literal::SomeIn {
                            key,
                            value,
                            collection,
                            ..
                        } => {
                            stack.extend(key.iter().map(|k| Node::Expr(k)));
                            stack.push(Node::Expr(value));
                            stack.push(Node::Expr(collection));
                        }
                        Literal::Expr { expr, .. } | Literal::NotExpr { expr, .. } => {
                            stack.push(Node::Expr(expr));
                        }
                        Literal::Every { domain, query, .. } => {
                            stack.push(Node::Expr(domain));
                            stack.push(Node::Query(query));
                        }
                    }
                }
            }
            Node::Expr(e) => {
                if let Expr::Call { fcn, .. } = e
                    // the name's span: the call's own starts at its `(`
                    && let Ok(name) = get_path_string(fcn, None)
                {
                    out.push((leftmost(fcn).span().clone(), name));
                }
                children(e, |n| stack.push(n));
            }
        }
    }
    out.sort_by_key(|(span, _)| (span.line, span.col));
    out
}
