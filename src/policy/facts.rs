//! The document facts a rule may name in `meta.facts`. Beside the
//! statement kinds of `meta.kinds`, they are the other half of the index:
//! what a document must hold for the rule to have anything to say. The
//! engine evaluates a rule that declares kinds or facts only on the
//! documents holding one of them.
//!
//! Each fact is defined once, here, as the Rego bodies of the internal
//! module's `facts` set ([`rego`]): it is computed once per document, by
//! the same interpreter that evaluates the rules, from the same document
//! they read. A fact must hold on every document where a rule naming it
//! could fire: each reads the statements of every phase, a superset of
//! what the rules look at (`lib.forward_statements`).

/// A fact: its name in `meta.facts`, when it holds (for the docs and
/// errors), and its Rego bodies (any one holding makes the fact hold).
pub struct Fact {
    pub name: &'static str,
    pub holds_when: &'static str,
    bodies: &'static [&'static str],
}

/// Every fact `meta.facts` may name.
pub const FACTS: &[Fact] = &[
    Fact {
        name: "refusals",
        holds_when: "a statement has `refusals` (the database would refuse it)",
        bodies: &["some s in input.statements\n\tis_array(s.refusals)\n\tcount(s.refusals) > 0"],
    },
    Fact {
        name: "rewrite",
        holds_when: "a statement's `impact.rewrite` is true",
        bodies: &["some s in input.statements\n\ts.impact.rewrite == true"],
    },
    Fact {
        name: "not_analyzed",
        holds_when: "a statement's `analyzed` is false",
        bodies: &["some s in input.statements\n\ts.analyzed == false"],
    },
    Fact {
        name: "concurrently",
        holds_when: "a statement's `concurrently` is true",
        bodies: &["some s in input.statements\n\ts.concurrently == true"],
    },
    Fact {
        name: "stats",
        holds_when: "`target.stats` names a snapshot of the target's table sizes (`--stats`)",
        bodies: &["is_string(input.target.stats)"],
    },
    Fact {
        name: "rollback_check",
        holds_when: "`changeset.rollback_check` is an object",
        bodies: &["is_object(input.changeset.rollback_check)"],
    },
    Fact {
        name: "no_rollback",
        holds_when: "`changeset.rollback` is `\"none\"`",
        bodies: &["input.changeset.rollback == \"none\""],
    },
    Fact {
        name: "history",
        holds_when: "`changeset.edited` or `changeset.out_of_order` is an object, or `history.removed` holds an entry",
        bodies: &[
            "is_object(input.changeset.edited)",
            "is_object(input.changeset.out_of_order)",
            "some _ in input.history.removed",
        ],
    },
];

/// Is `name` a fact `meta.facts` may name?
pub fn known(name: &str) -> bool {
    FACTS.iter().any(|f| f.name == name)
}

/// The names of every fact, for an error message: `refusals, rewrite, …`.
pub fn names() -> String {
    FACTS.iter().map(|f| f.name).collect::<Vec<_>>().join(", ")
}

/// The Rego rules of the `facts` set, for a module importing `rego.v1`.
pub fn rego() -> String {
    let mut text = String::new();
    for fact in FACTS {
        for body in fact.bodies {
            text.push_str(&format!(
                "\nfacts contains \"{}\" if {{\n\t{body}\n}}\n",
                fact.name
            ));
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each fact holds on a document made to hold it, and on none of the
    /// others: the Rego bodies parse, and say what `holds_when` says.
    #[test]
    fn each_fact_holds_exactly_where_it_says() {
        let module = format!("package facts_test\n\nimport rego.v1\n{}", rego());
        let cases: [(&str, serde_json::Value); 10] = [
            (
                "stats",
                serde_json::json!({"target": {"stats": "prod/stats.yaml"}}),
            ),
            (
                "refusals",
                serde_json::json!({"statements": [{"refusals": [{"kind": "x"}]}]}),
            ),
            (
                "rewrite",
                serde_json::json!({"statements": [{"impact": {"rewrite": true}}]}),
            ),
            (
                "not_analyzed",
                serde_json::json!({"statements": [{"analyzed": false}]}),
            ),
            (
                "concurrently",
                serde_json::json!({"statements": [{"concurrently": true}]}),
            ),
            (
                "rollback_check",
                serde_json::json!({"changeset": {"rollback_check": {}}}),
            ),
            (
                "no_rollback",
                serde_json::json!({"changeset": {"rollback": "none"}}),
            ),
            ("history", serde_json::json!({"changeset": {"edited": {}}})),
            (
                "history",
                serde_json::json!({"changeset": {"out_of_order": {"latest": "2"}}}),
            ),
            (
                "history",
                serde_json::json!({"history": {"removed": [{"id": "1"}]}}),
            ),
        ];
        let quiet = serde_json::json!({
            "statements": [{"refusals": [], "impact": {"rewrite": false}, "analyzed": true,
                            "concurrently": false}, {"impact": null}],
            "changeset": {"rollback_check": null, "rollback": "automatic", "edited": null},
            "history": {"removed": []},
            "target": {"stats": null},
        });
        let facts_of = |input: &serde_json::Value| -> Vec<String> {
            let mut engine = regorus::Engine::new();
            engine
                .add_policy("facts.rego".into(), module.clone())
                .expect("the facts module parses");
            engine.set_input(regorus::Value::from_json_str(&input.to_string()).unwrap());
            let set = engine.eval_rule("data.facts_test.facts".into()).unwrap();
            match set {
                regorus::Value::Undefined => Vec::new(),
                v => v
                    .as_set()
                    .unwrap()
                    .iter()
                    .map(|f| f.as_string().unwrap().to_string())
                    .collect(),
            }
        };
        for (name, input) in &cases {
            assert_eq!(facts_of(input), [name.to_string()], "{input}");
        }
        assert!(facts_of(&quiet).is_empty());
        let named: std::collections::BTreeSet<_> = cases.iter().map(|(n, _)| *n).collect();
        assert_eq!(named.len(), FACTS.len(), "a fact without a case");
    }

    /// docs/policies.md lists every fact as it is defined here.
    #[test]
    fn the_docs_list_every_fact() {
        let docs = include_str!("../../docs/policies.md");
        for fact in FACTS {
            let row = format!("| `{}` | {} |", fact.name, fact.holds_when);
            assert!(docs.contains(&row), "docs/policies.md lacks the row {row}");
        }
    }
}
