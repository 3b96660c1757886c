//! One `changeSet`: its attributes, filters, changes, rollback and
//! preconditions.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{Value, json};

use super::Loader;
use super::change_types;
use super::changelog::FileCtx;
use super::filters;
use super::properties::Pieces;
use super::tree::{self, Attr, Node};
use crate::error::Problem;
use crate::source::{
    Change, ChangeBody, Changeset, ChangesetRole, Rollback, RollbackKind, SplitOptions,
    TransactionMode,
};

/// changeSet attributes passed through to policies (as Liquibase spells them).
const PASSED_ATTRIBUTES: &[&str] = &[
    "runAlways",
    "runOnChange",
    "runInTransaction",
    "failOnError",
    "dbms",
    "context",
    "contextFilter",
    "labels",
    "ignore",
    "created",
    "logicalFilePath",
    "objectQuotingStrategy",
    "runOrder",
    "runWith",
    "onValidationFail",
];

impl Loader<'_> {
    /// One `changeSet`: kept when the filters let it run, with its
    /// attributes, changes, checksum and rollback; its preconditions are
    /// decided once the whole changelog is read.
    pub(super) fn changeset(&mut self, node: &Node, ctx: &FileCtx<'_>) {
        let path = ctx.path;
        let Some((id, author)) = self.identity(node, path) else {
            return;
        };
        let Some(labels) = self.selected(node, ctx) else {
            return;
        };
        let pc_node = node
            .children
            .iter()
            .find(|c| c.name == "preConditions" || c.name == "preconditions");
        let (mut attributes, logical, comment) = self.attributes(node, ctx, &labels);
        if let Some(pc) = pc_node {
            attributes.insert("preconditions".into(), self.preconditions_json(pc, path));
        }
        if let Some(pc) = &ctx.preconditions {
            attributes.insert("changelogPreconditions".into(), pc.clone());
        }
        let (modify_sql, modify_json) = self.modify_sql(node, path);
        if modify_json.as_array().is_some_and(|a| !a.is_empty()) {
            attributes.insert("modifySql".into(), modify_json);
        }
        let (changes, change_sums) = self.changes(node, ctx, &id);
        let checksum = Some(self.changeset_checksum(node, path, &change_sums));
        let rollback = self.rollback(node, path, &logical, ctx.strict);
        let cs = Changeset {
            id,
            author,
            version: None,
            description: comment.map(|c| c.trim().to_string()),
            role: self.role(node, path),
            transaction: if self.flag(node, "runInTransaction", path, true) {
                TransactionMode::Implicit
            } else {
                TransactionMode::None
            },
            span: node.span,
            changes,
            rollback,
            attributes,
            checksum,
            modify_sql,
            mark_ran_when_invalid: self
                .value(node, "onValidationFail", path)
                .is_some_and(|v| v.trim().eq_ignore_ascii_case("MARK_RAN")),
            marked_ran: false,
        };
        let what = format!("changeSet `{}`", cs.id);
        let before = self.changesets.len();
        self.push_changeset(cs);
        if let Some(pc) = pc_node
            && self.changesets.len() > before
        {
            self.defer_preconditions(Some(before), pc, path, what);
        }
    }

    /// `id` and `author`; a changeSet without an id is reported and left
    /// out, one without an author reported.
    fn identity(&mut self, node: &Node, path: &Path) -> Option<(String, Option<String>)> {
        let id = self.value(node, "id", path);
        let author = self.value(node, "author", path);
        let Some(id) = id.filter(|i| !i.trim().is_empty()) else {
            self.problems
                .push(Problem::at_span(node.name_span, "changeSet has no `id`"));
            return None;
        };
        if author.as_deref().is_none_or(|a| a.trim().is_empty()) {
            self.problems.push(Problem::at_span(
                node.name_span,
                format!("changeSet `{id}` has no `author`"),
            ));
        }
        Some((id, author))
    }

    /// The filters `liquibase update` applies (`ignore`, contexts, labels,
    /// `dbms`): its labels with the inherited ones when it runs, `None`
    /// when it does not.
    fn selected(&mut self, node: &Node, ctx: &FileCtx<'_>) -> Option<String> {
        let path = ctx.path;
        self.check_filters(node, path);
        let context = self
            .value(node, "contextFilter", path)
            .or_else(|| self.value(node, "context", path));
        let mut labels = self.value(node, "labels", path).unwrap_or_default();
        for l in &ctx.inh.labels {
            if !labels.trim().is_empty() {
                labels.push(',');
            }
            labels.push_str(l);
        }
        let dbms = self.value(node, "dbms", path);
        let runs = !ctx.inh.ignore
            && !self.flag(node, "ignore", path, false)
            && ctx
                .inh
                .contexts
                .iter()
                .chain(context.iter())
                .all(|c| filters::context_matches(c, self.run.contexts.as_deref()))
            && filters::labels_match(&labels, self.run.labels.as_deref())
            && dbms
                .as_deref()
                .is_none_or(|d| filters::dbms_matches(d, self.run.dbms));
        runs.then_some(labels)
    }

    /// The attributes passed to policies as written (`runAlways`,
    /// `context`, …, inherited labels and contexts, `filePath`, `comment`,
    /// `validCheckSum`), with the changeset's `filePath` and comment.
    fn attributes(
        &self,
        node: &Node,
        ctx: &FileCtx<'_>,
        labels: &str,
    ) -> (BTreeMap<String, Value>, String, Option<String>) {
        let path = ctx.path;
        let mut attributes: BTreeMap<String, Value> = BTreeMap::new();
        for &name in PASSED_ATTRIBUTES {
            if let Some(v) = self.value(node, name, path) {
                let v = match v.trim().to_ascii_lowercase().as_str() {
                    "true" => Value::Bool(true),
                    "false" => Value::Bool(false),
                    _ => Value::String(v),
                };
                attributes.insert(name.to_string(), v);
            }
        }
        if !ctx.inh.labels.is_empty() {
            attributes.insert("labels".into(), json!(labels));
        }
        if !ctx.inh.contexts.is_empty() {
            attributes.insert("inheritedContexts".into(), json!(ctx.inh.contexts));
        }
        if !attributes.contains_key("objectQuotingStrategy")
            && let Some(q) = &ctx.quoting
        {
            attributes.insert("objectQuotingStrategy".into(), json!(q));
        }
        let logical = self
            .value(node, "logicalFilePath", path)
            .unwrap_or_else(|| ctx.logical.clone());
        attributes.insert("filePath".into(), json!(logical));
        attributes.remove("logicalFilePath");
        if logical != ctx.logical || node.attr("logicalFilePath").is_some() {
            attributes.insert("logicalFilePath".into(), json!(logical));
        }

        let comment = self.value(node, "comment", path).or_else(|| {
            node.children_named("comment")
                .next()
                .and_then(|c| c.text.as_ref())
                .map(|t| self.props.expand(t, self.scope(path), &self.run).text)
        });
        if let Some(c) = &comment {
            attributes.insert("comment".into(), json!(c.trim()));
        }
        let checksums: Vec<String> = node
            .children_named("validCheckSum")
            .chain(node.children_named("validCheckSums"))
            .filter_map(|c| {
                c.text
                    .as_ref()
                    .map(Pieces::text)
                    .or_else(|| c.attrs.first().map(|a| a.value.text()))
            })
            .chain(node.raw("validCheckSum"))
            .map(|s| s.trim().to_string())
            .collect();
        if !checksums.is_empty() {
            attributes.insert("validCheckSum".into(), json!(checksums));
        }
        (attributes, logical, comment)
    }

    /// Its changes (unknown elements reported), with each one's checksum.
    fn changes(&mut self, node: &Node, ctx: &FileCtx<'_>, id: &str) -> (Vec<Change>, Vec<String>) {
        let path = ctx.path;
        let mut changes = Vec::new();
        let mut change_sums = Vec::new();
        for child in &node.children {
            if change_types::is_changeset_child(&child.name) {
                continue;
            }
            if let Some(msg) = unknown_change(child, ctx.strict) {
                self.problems.push(Problem::at_span(
                    child.name_span,
                    format!("{msg} in changeSet `{id}`"),
                ));
                continue;
            }
            if let Some(mut c) = self.change(child, path) {
                change_sums.push(self.change_checksum(child, &self.parsed(child, path), path));
                remove_properties(&mut c, &ctx.removed_properties);
                changes.push(c);
            }
        }
        (changes, change_sums)
    }

    /// `runAlways` or `runOnChange`: repeatable; otherwise versioned.
    fn role(&self, node: &Node, path: &Path) -> ChangesetRole {
        let run_always = self.flag(node, "runAlways", path, false);
        let run_on_change = self.flag(node, "runOnChange", path, false);
        if run_always || run_on_change {
            ChangesetRole::Repeatable
        } else {
            ChangesetRole::Versioned
        }
    }

    /// The changeSet's checksum from its kept changes' and its `modifySql`
    /// visitors' (those whose `dbms` matches the target, as Liquibase
    /// builds them).
    fn changeset_checksum(&self, node: &Node, path: &Path, change_sums: &[String]) -> String {
        let mut visitors = Vec::new();
        let dbms_ok = |m: &Node| {
            self.value(m, "dbms", path)
                .is_none_or(|d| filters::dbms_matches(&d, self.run.dbms))
        };
        for m in node.children_named("modifySql").filter(|m| dbms_ok(m)) {
            let to_rollback = self.flag(m, "applyToRollback", path, false);
            for v in &m.children {
                let parsed = self.parsed(v, path);
                visitors.push(super::checksum::of_string(
                    &super::checksum::serialize_visitor(&parsed, to_rollback),
                ));
            }
        }
        super::checksum::of_changeset(change_sums, &visitors)
    }

    /// Does an element's own `dbms`/`context`/`labels` let it run?
    pub(super) fn element_runs(&self, node: &Node, path: &Path) -> bool {
        self.value(node, "dbms", path)
            .is_none_or(|d| filters::dbms_matches(&d, self.run.dbms))
            && self
                .value(node, "context", path)
                .is_none_or(|c| filters::context_matches(&c, self.run.contexts.as_deref()))
            && self
                .value(node, "labels", path)
                .is_none_or(|l| filters::labels_match(&l, self.run.labels.as_deref()))
    }

    /// One change element; `None` when its `dbms` excludes the target or it
    /// could not be read (a problem is recorded).
    pub(super) fn change(&mut self, node: &Node, path: &Path) -> Option<Change> {
        // only change types with a `dbms` parameter (sql, sqlFile, insert,
        // createProcedure, …: DbmsTargetedChange) are filtered by it;
        // Liquibase ignores it on any other, and runs the change everywhere
        let targeted =
            node.foreign || super::checksum::has_parameter(&node.name, "dbms").unwrap_or(true);
        if targeted
            && !self
                .value(node, "dbms", path)
                .is_none_or(|d| filters::dbms_matches(&d, self.run.dbms))
        {
            return None;
        }
        let kind = node.name.clone();
        let body = match kind.as_str() {
            "sql" if !node.foreign => {
                let text = node
                    .text
                    .clone()
                    .or_else(|| node.attr("sql").map(|a| a.value.clone()))
                    .unwrap_or_else(|| Pieces::new(node.span.file));
                // formatted SQL strips comments unless told not to
                let formatted = super::extension(path) == "sql";
                sql_body(
                    self.props.expand(&text, self.scope(path), &self.run),
                    self.split_options(node, path, formatted),
                )
            }
            "sqlFile" if !node.foreign => {
                if node.attr("path").is_none() {
                    self.problems.push(Problem::at_span(
                        node.name_span,
                        "sqlFile needs a `path` attribute",
                    ));
                    return None;
                }
                let (text, _) = self.referenced_file(node, "path", path)?;
                sql_body(text, self.split_options(node, path, false))
            }
            "loadData" | "loadUpdateData" if !node.foreign => {
                let mut parsed = self.parsed(node, path);
                if let Some((text, _)) = self.referenced_file(node, "file", path) {
                    parsed.text = Some(text);
                }
                ChangeBody::Node(parsed)
            }
            "createProcedure" if !node.foreign && node.attr("path").is_some() => {
                // Liquibase reads the body only when it runs the change, so a
                // missing file is left to the SQL stage
                // (one outside the project is refused like any other)
                let mut parsed = self.parsed(node, path);
                let written = self.value(node, "path", path).unwrap_or_default();
                let relative = self.flag(node, "relativeToChangelogFile", path, false);
                let missing = matches!(
                    self.locate(&written, relative, path),
                    Err(super::include::Refused::NotFound { .. })
                );
                if !missing && let Some((text, _)) = self.referenced_file(node, "path", path) {
                    parsed.text = Some(text);
                }
                ChangeBody::Node(parsed)
            }
            _ => ChangeBody::Node(self.parsed(node, path)),
        };
        Some(Change {
            kind,
            span: node.span,
            body,
        })
    }

    /// The public node, with XML text-only child elements (`<where>`,
    /// `<comment>`) folded into attributes as YAML writes them.
    fn parsed(&self, node: &Node, path: &Path) -> crate::source::ParsedNode {
        tree::to_parsed(
            &fold_text_children(node),
            &self.props,
            self.scope(path),
            &self.run,
        )
    }

    /// `strip_default`: `stripComments` when not written (true in formatted
    /// SQL, false elsewhere: `AbstractSQLChange`'s default).
    fn split_options(&self, node: &Node, path: &Path, strip_default: bool) -> SplitOptions {
        SplitOptions {
            end_delimiter: self
                .value(node, "endDelimiter", path)
                .filter(|d| !d.is_empty()),
            split_statements: self.flag(node, "splitStatements", path, true),
            strip_comments: self.flag(node, "stripComments", path, strip_default),
        }
    }

    /// Reads the file an attribute names (`sqlFile path`, `loadData file`),
    /// registers it and returns its text with properties substituted. A
    /// missing file is a problem at the attribute.
    fn referenced_file(
        &mut self,
        node: &Node,
        attr: &str,
        path: &Path,
    ) -> Option<(crate::span::MappedText, std::path::PathBuf)> {
        // a missing attribute is a validation error Liquibase reports when it
        // runs the change; the SQL stage sees the node without text
        let written = self.value(node, attr, path)?;
        let at = node.attr(attr).map_or(node.span, |a| a.span);
        let found = self.locate_attr(node, attr, path)?;
        let file = match self.register(&found) {
            Ok(f) => f,
            Err(e) => {
                self.problems.push(Problem::at_span(
                    at,
                    format!("cannot read `{written}`: {e}"),
                ));
                return None;
            }
        };
        let text = self.sources.get(file).text.clone();
        let raw = Pieces::verbatim(file, &text, 0);
        // loadData contents are data, not SQL: no substitution
        let mapped = if node.name.starts_with("load") {
            crate::span::MappedText::verbatim(file, text, 0)
        } else {
            self.props.expand(&raw, self.scope(path), &self.run)
        };
        Some((mapped, found))
    }

    fn rollback(&mut self, node: &Node, path: &Path, logical: &str, strict: bool) -> Rollback {
        let blocks: Vec<&Node> = node.children_named("rollback").collect();
        let scalar = node.attr("rollback");
        if blocks.is_empty() && scalar.is_none() {
            return Rollback::default();
        }
        let mut changes = Vec::new();
        if let Some(a) = scalar {
            changes.push(self.sql_change_from(a, path));
        }
        for block in blocks {
            if let Some(text) = block.text.as_ref().or(block.attr("sql").map(|a| &a.value)) {
                changes.push(Change {
                    kind: "sql".into(),
                    span: block.span,
                    body: sql_body(
                        self.props.expand(text, self.scope(path), &self.run),
                        self.split_options(block, path, false),
                    ),
                });
            }
            if let Some(id) = self.value(block, "changeSetId", path) {
                let author = self
                    .value(block, "changeSetAuthor", path)
                    .unwrap_or_default();
                let file = self
                    .value(block, "changeSetPath", path)
                    .unwrap_or_else(|| logical.to_string());
                let found = self.changesets.iter().rev().find(|c| {
                    c.id == id
                        && c.author.as_deref().unwrap_or("") == author
                        && c.attributes.get("filePath").and_then(Value::as_str) == Some(&file)
                });
                match found {
                    Some(c) => changes.extend(c.changes.clone()),
                    None => self.problems.push(Problem::at_span(
                        block.attr("changeSetId").map_or(block.span, |a| a.span),
                        format!("rollback refers to changeset {file}::{id}::{author}, which is not declared before it"),
                    )),
                }
            }
            for child in &block.children {
                if let Some(msg) = unknown_change(child, strict) {
                    self.problems.push(Problem::at_span(
                        child.name_span,
                        format!("{msg} in rollback"),
                    ));
                    continue;
                }
                if let Some(c) = self.change(child, path) {
                    changes.push(c);
                }
            }
        }
        Rollback {
            kind: RollbackKind::Explicit,
            changes,
        }
    }

    fn sql_change_from(&self, a: &Attr, path: &Path) -> Change {
        Change {
            kind: "sql".into(),
            span: a.span,
            body: ChangeBody::Sql {
                text: self.props.expand(&a.value, self.scope(path), &self.run),
                split: SplitOptions::standard(),
            },
        }
    }

    /// `{onFail, onError, …, conditions: [{type, …attrs, sql?, conditions?}]}`
    /// The element's attributes, `${…}` expanded, as a JSON object.
    pub(super) fn expanded_attrs(
        &self,
        node: &Node,
        path: &Path,
    ) -> serde_json::Map<String, Value> {
        node.attrs
            .iter()
            .map(|a| {
                let v = self
                    .props
                    .expand(&a.value, self.scope(path), &self.run)
                    .text;
                (a.name.clone(), json!(v))
            })
            .collect()
    }

    pub(super) fn preconditions_json(&self, node: &Node, path: &Path) -> Value {
        let mut obj = self.expanded_attrs(node, path);
        let conditions: Vec<Value> = node
            .children
            .iter()
            .map(|c| self.condition_json(c, path))
            .collect();
        obj.insert("conditions".into(), Value::Array(conditions));
        Value::Object(obj)
    }

    fn condition_json(&self, node: &Node, path: &Path) -> Value {
        let mut obj = serde_json::Map::new();
        obj.insert("type".into(), json!(node.name));
        for a in &node.attrs {
            let v = self
                .props
                .expand(&a.value, self.scope(path), &self.run)
                .text;
            obj.insert(a.name.clone(), json!(v));
        }
        if let Some(t) = &node.text {
            let v = self.props.expand(t, self.scope(path), &self.run).text;
            obj.insert("sql".into(), json!(v.trim()));
        }
        if !node.children.is_empty() {
            let nested: Vec<Value> = node
                .children
                .iter()
                .map(|c| self.condition_json(c, path))
                .collect();
            obj.insert("conditions".into(), Value::Array(nested));
        }
        Value::Object(obj)
    }
}

/// SQL text as Liquibase sends it: comments blanked when `stripComments`.
fn sql_body(mut text: crate::span::MappedText, split: SplitOptions) -> ChangeBody {
    if split.strip_comments {
        text.text = super::strip_comments::blank_comments(&text.text);
    }
    ChangeBody::Sql { text, split }
}

/// XML writes some change parameters as text-only child elements
/// (`<where>…</where>`); YAML as scalars. Fold them into attributes so both
/// give the same node.
fn fold_text_children(node: &Node) -> Node {
    let mut out = node.clone();
    out.children.clear();
    for c in &node.children {
        let text_only = c.attrs.is_empty() && c.children.is_empty() && !c.foreign;
        match (&c.text, text_only, c.name.as_str()) {
            (Some(t), true, "where" | "comment" | "selectQuery" | "procedureText") => {
                let span = t
                    .file_range()
                    .map_or(c.span, |r| crate::span::Span::new(c.span.file, r));
                out.attrs.push(Attr {
                    name: c.name.clone(),
                    value: t.clone(),
                    span,
                    name_span: c.name_span,
                });
            }
            // `<column name="x">text</column>` is YAML's `value: text`
            (Some(t), false, "column") if c.attr("value").is_none() && c.children.is_empty() => {
                let mut col = c.clone();
                let span = t
                    .file_range()
                    .map_or(c.span, |r| crate::span::Span::new(c.span.file, r));
                col.attrs.push(Attr {
                    name: "value".into(),
                    value: t.clone(),
                    span,
                    name_span: c.name_span,
                });
                col.text = None;
                out.children.push(col);
            }
            _ => out.children.push(fold_text_children(c)),
        }
    }
    out
}

/// Why a change element's name is not accepted, if it is not.
fn unknown_change(node: &Node, strict: bool) -> Option<String> {
    if node.foreign || change_types::is_change_type(&node.name) {
        return None;
    }
    match change_types::likely_typo_of(&node.name) {
        Some(known) => Some(format!(
            "unknown change type `{}` (did you mean `{known}`?)",
            node.name
        )),
        None if strict => Some(format!("unknown change type `{}`", node.name)),
        None => None,
    }
}

/// `removeChangeSetProperty`: the named property taken off the columns of
/// a change of the named type (addColumn's `afterColumn` on a database
/// that cannot place columns, in Spinnaker orca and clouddriver).
fn remove_properties(change: &mut Change, removed: &[(String, String)]) {
    fn strip(node: &mut crate::source::ParsedNode, property: &str) {
        for col in &mut node.children {
            if col.name == "column" {
                col.attrs.retain(|(k, _)| k != property);
            }
            strip(col, property);
        }
    }
    let ChangeBody::Node(node) = &mut change.body else {
        return;
    };
    for (kind, property) in removed {
        if node.name == *kind {
            strip(node, property);
        }
    }
}
