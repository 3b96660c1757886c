//! Following statements the model may not fully understand: what it
//! applies, and what it forgets so that no refusal rests on a guess (a `DO`
//! block or `CASCADE` may have changed anything; an unparsed statement, a
//! guarded Liquibase changeset or a T-SQL `IF` may or may not have changed
//! what it names).

use crate::sql::facts::{Facts, TableRef};

use super::model::{Schema, TableInfo, same};
use super::names::{maybe_same, maybe_same_schema};
use super::refusals::{Label, Refusal};

/// Statements that may run any DDL the model cannot see.
const OPAQUE: &[&str] = &[
    "do",
    "call",
    "execute",
    "execute_command",
    "custom_change",
    "unknown",
    "use",
    "drop_schema",
    "drop_database",
    "drop_all_foreign_key_constraints",
];

/// A statement that may run any DDL the model cannot see, or that the
/// model cannot tell what it names: after it, nothing is certain.
pub(crate) fn opaque(facts: &Facts, analyzed: bool) -> bool {
    OPAQUE.contains(&facts.kind.as_str())
        || facts.cascade
        || (facts.kind == "set"
            && facts
                .extra
                .get("variable")
                .and_then(|v| v.as_str())
                .is_some_and(|v| {
                    v.eq_ignore_ascii_case("search_path") || v.eq_ignore_ascii_case("schema")
                }))
        // (a psql meta-command the grammar reads, `\set`, `\restrict`, runs
        // no SQL; any other, `\i file`, is not analyzed and lands here)
        || (!analyzed && facts.object.is_none() && facts.table.is_none())
        // `ALTER SCHEMA … RENAME` and the like move whole schemas.
        || (facts.kind == "other" && facts.object.as_ref().is_some_and(|o| o.kind == "schema"))
        // MySQL `RENAME TABLE a TO b, c TO d`: only the first is followed.
        || (facts.kind == "rename_table" && facts.names.as_ref().is_some_and(|n| n.len() > 1))
}

impl Schema {
    /// One forward statement: what the database would refuse in it, judged
    /// before it runs, then the model after it. A refused statement is not
    /// applied (the deployment stops there); what it was refused about is
    /// forgotten, in case it ran after all. A statement that may not run
    /// (`guarded`) or is not analyzed is never judged.
    pub fn step(
        &mut self,
        facts: &Facts,
        analyzed: bool,
        changeset: Option<usize>,
        guarded: bool,
        label: Label<'_>,
    ) -> Vec<Refusal> {
        let refused = self.judge(facts, analyzed, guarded, label);
        if refused.is_empty() {
            self.follow(facts, analyzed, changeset, guarded);
        } else {
            self.forget_refused(facts, &refused);
        }
        refused
    }

    /// [`Schema::step`] for a history statement replayed over a schema dump
    /// (`--baseline`): the dump is what the database has, history included,
    /// so a statement it refuses is one the dump already shows (the `CREATE`
    /// of a table it has, the `DROP` of one it lacks). The model keeps what
    /// the dump says instead of forgetting it; otherwise a proposal would
    /// not be told that prod already has the index it creates.
    pub fn step_over_dump(
        &mut self,
        facts: &Facts,
        analyzed: bool,
        changeset: Option<usize>,
        guarded: bool,
        label: Label<'_>,
    ) -> Vec<Refusal> {
        let refused = self.judge(facts, analyzed, guarded, label);
        if refused.is_empty() {
            self.follow(facts, analyzed, changeset, guarded);
        }
        refused
    }

    fn judge(
        &self,
        facts: &Facts,
        analyzed: bool,
        guarded: bool,
        label: Label<'_>,
    ) -> Vec<Refusal> {
        if analyzed && !guarded {
            self.refusals(facts, label)
        } else {
            Vec::new()
        }
    }

    /// Follows one statement: applies what it does when the model can
    /// follow it, and forgets what it cannot be sure of otherwise.
    /// `analyzed`: its facts are complete (parsed, or a kind whose facts
    /// its leading words give); `guarded`: it may not run (Liquibase
    /// preconditions, a T-SQL `IF`).
    pub fn follow(
        &mut self,
        facts: &Facts,
        analyzed: bool,
        changeset: Option<usize>,
        guarded: bool,
    ) {
        if opaque(facts, analyzed) {
            self.forget_all();
            return;
        }
        if analyzed {
            self.apply(facts, changeset);
        }
        self.follow_not_null_checks(facts, analyzed && !guarded);
        if guarded || !analyzed {
            self.forget_named(facts);
        }
    }

    /// Nothing seen so far is certain any more.
    pub(crate) fn forget_all(&mut self) {
        self.complete = false;
        self.unfollowed = true;
        self.gone.clear();
        self.not_null_checks.clear();
        for t in &mut self.tables {
            let sure = |t: &TableInfo| {
                t.certain || t.complete || t.indexes.iter().chain(&t.constraints).any(|n| n.certain)
            };
            // a table already unsure stays shared
            if !sure(t) {
                continue;
            }
            let t = std::sync::Arc::make_mut(t);
            t.certain = false;
            t.complete = false;
            for n in t.indexes.iter_mut().chain(t.constraints.iter_mut()) {
                n.certain = false;
            }
        }
        for r in &mut self.relations {
            r.certain = false;
        }
    }

    /// The objects a statement names may or may not exist afterwards.
    pub(crate) fn forget_named(&mut self, facts: &Facts) {
        let mut named: Vec<(Option<String>, String)> = Vec::new();
        for o in facts.names.iter().flatten().chain(facts.object.iter()) {
            named.push((o.schema.clone(), o.name.clone()));
        }
        if let Some(t) = &facts.table {
            named.push((t.schema.clone(), t.name.clone()));
        }
        if let Some(n) = facts.extra.get("new_name").and_then(|v| v.as_str()) {
            named.push((None, n.to_string()));
        }
        for op in facts.ops.iter().flatten() {
            if op.op == "rename_table"
                && let Some(n) = &op.new_name
            {
                named.push((None, n.clone()));
            }
        }
        for (schema, name) in named {
            self.forget_name(schema, name);
        }
    }

    /// An object of this name may or may not exist now.
    fn forget_name(&mut self, schema: Option<String>, name: String) {
        let s = schema.as_deref();
        self.gone
            .retain(|g| !(maybe_same(&g.name, &name) && maybe_same_schema(g.schema.as_deref(), s)));
        for t in &mut self.tables {
            let whole = same(t.schema.as_deref(), &t.name, s, &name);
            let changes = (whole && (t.certain || t.complete))
                || t.indexes
                    .iter()
                    .chain(&t.constraints)
                    .any(|n| n.certain && (whole || maybe_same(&n.name, &name)));
            // a table it does not change stays shared
            if !changes {
                continue;
            }
            let t = std::sync::Arc::make_mut(t);
            if whole {
                t.certain = false;
                t.complete = false;
            }
            for n in t.indexes.iter_mut().chain(t.constraints.iter_mut()) {
                if whole || maybe_same(&n.name, &name) {
                    n.certain = false;
                }
            }
        }
        for r in &mut self.relations {
            if same(r.schema.as_deref(), &r.name, s, &name) {
                r.certain = false;
            }
        }
        self.maybe.push((schema, name));
    }

    /// After a statement the model says the database refuses: the
    /// deployment would stop there, so the statement is not applied; but if
    /// it ran all the same (it is history, and the model was wrong), what it
    /// was refused about is not known any more.
    fn forget_refused(&mut self, facts: &Facts, refusals: &[Refusal]) {
        for r in refusals {
            match (r.object.kind.as_str(), &r.table) {
                // A column (or the last one): the table's columns.
                ("column", Some(t)) => self.loosen_table(t),
                ("column", None) => {}
                _ => self.forget_name(r.object.schema.clone(), r.object.name.clone()),
            }
        }
        // Its other operations may or may not have happened.
        if facts.kind == "alter_table"
            && let Some(t) = &facts.table
        {
            self.loosen_table(t);
        }
    }

    /// The table still exists, but its columns and names are not all known.
    fn loosen_table(&mut self, t: &TableRef) {
        for x in &mut self.tables {
            if same(x.schema.as_deref(), &x.name, t.schema.as_deref(), &t.name) {
                let x = std::sync::Arc::make_mut(x);
                x.complete = false;
                x.implicit_names = true;
            }
        }
    }
}
