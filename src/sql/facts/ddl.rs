//! `CREATE`, `DROP`, `RENAME`, `COMMENT` and the small `ALTER`s (everything
//! but `ALTER TABLE`, see `alter.rs`).

use serde_json::Value;
use sqlparser::ast::{
    AlterTypeAddValuePosition, AlterTypeOperation, CommentObject, DropBehavior, FunctionDesc,
    IndexType, ObjectName, ObjectType, ReferentialAction, SchemaName, Statement,
};

use super::columns::{column, constraint, index_column, index_column_name};
use super::{Columns, Facts, Object, names};
use crate::dialect::Dialect;

/// The document's name for an object type of `DROP`, and whether the
/// document has a `drop_<type>` kind for it.
fn object_type(t: &ObjectType) -> (&'static str, Option<&'static str>) {
    match t {
        ObjectType::Table => ("table", Some("drop_table")),
        ObjectType::ForeignTable => ("foreign_table", Some("drop_table")),
        ObjectType::View => ("view", Some("drop_view")),
        ObjectType::MaterializedView => ("materialized_view", Some("drop_view")),
        ObjectType::Index => ("index", Some("drop_index")),
        ObjectType::Schema => ("schema", Some("drop_schema")),
        ObjectType::Database => ("database", Some("drop_database")),
        ObjectType::Role => ("role", Some("drop_role")),
        ObjectType::Group => ("role", Some("drop_role")),
        ObjectType::User => ("user", Some("drop_user")),
        ObjectType::Sequence => ("sequence", Some("drop_sequence")),
        ObjectType::Type => ("type", Some("drop_type")),
        ObjectType::Collation => ("collation", None),
        ObjectType::Stage => ("stage", None),
        ObjectType::Stream => ("stream", None),
        ObjectType::Warehouse => ("warehouse", None),
    }
}

/// Fills `names`, `object` (the first) and `table` for a drop statement.
fn dropped(mut facts: Facts, objects: Vec<Object>) -> Facts {
    if let Some(first) = objects.first().cloned() {
        facts = facts.with_object(first);
    }
    facts.names = Some(objects);
    facts
}

/// `ONLINE = ON` among T-SQL index options.
fn is_online_on(option: &sqlparser::ast::Expr) -> bool {
    use sqlparser::ast::{BinaryOperator, Expr};
    matches!(option, Expr::BinaryOp { left, op: BinaryOperator::Eq, right }
        if matches!(&**left, Expr::Identifier(i) if i.value.eq_ignore_ascii_case("ONLINE"))
            && matches!(&**right, Expr::Identifier(i) if i.value.eq_ignore_ascii_case("ON")))
}

fn cascades(behavior: &Option<DropBehavior>) -> bool {
    matches!(behavior, Some(DropBehavior::Cascade))
}

fn functions(kind: &str, descs: &[FunctionDesc]) -> Vec<Object> {
    descs.iter().map(|d| names::object(kind, &d.name)).collect()
}

pub(super) fn from_ddl(ast: &Statement, dialect: Dialect) -> Facts {
    match ast {
        Statement::CreateTable(ct) => {
            let columns: Vec<_> = ct.columns.iter().map(|c| column(c, dialect)).collect();
            let constraints: Vec<_> = ct.constraints.iter().map(constraint).collect();
            let primary_key = columns.iter().any(|c| c.primary_key)
                || constraints.iter().any(|c| c.kind == "primary_key")
                || ct.primary_key.is_some();
            let mut f =
                Facts::of_kind("create_table").with_object(names::object("table", &ct.name));
            f.if_not_exists = ct.if_not_exists;
            f.columns = Some(Columns::Definitions(columns));
            f.constraints = Some(constraints);
            f.set("as_select", ct.query.is_some());
            f.set(
                "select_star",
                ct.query
                    .as_ref()
                    .is_some_and(|q| super::dml::selects_star(q)),
            );
            f.or_replace = ct.or_replace;
            f.columns_from_elsewhere = ct.query.is_some()
                || ct.like.is_some()
                || ct.clone.is_some()
                || ct.inherits.as_ref().is_some_and(|i| !i.is_empty())
                || ct.partition_of.is_some();
            f.set("temporary", ct.temporary);
            f.set("primary_key", primary_key);
            let (engine, charset, collation) = table_options(&ct.table_options);
            if engine.is_some() || charset.is_some() || collation.is_some() {
                f.set("engine", engine.map(Value::from).unwrap_or(Value::Null));
                f.set("charset", charset.map(Value::from).unwrap_or(Value::Null));
                f.set(
                    "collation",
                    collation.map(Value::from).unwrap_or(Value::Null),
                );
            }
            f
        }
        Statement::CreateVirtualTable {
            name,
            if_not_exists,
            ..
        } => {
            let mut f = Facts::of_kind("create_table").with_object(names::object("table", name));
            f.if_not_exists = *if_not_exists;
            f
        }
        Statement::CreateIndex(ci) => {
            let table = names::table(&ci.table_name);
            // An index lives in its table's schema (postgres forbids a schema
            // on the index name), so inherit it when the name has none.
            let object = ci.name.as_ref().map(|n| {
                let mut o = names::object("index", n);
                if o.schema.is_none() {
                    o.schema = table.schema.clone();
                }
                o
            });
            let mut f = Facts::of_kind("create_index");
            f.object = object;
            f.table = Some(table);
            f.if_not_exists = ci.if_not_exists;
            f.concurrently = ci.concurrently;
            let cols: Vec<String> = ci.columns.iter().map(index_column).collect();
            f.columns = Some(Columns::Names(cols));
            f.index_columns = ci.columns.iter().filter_map(index_column_name).collect();
            f.set("unique", ci.unique);
            f.set(
                "using",
                ci.using
                    .as_ref()
                    .map(|u| Value::from(u.to_string().to_ascii_lowercase()))
                    .unwrap_or(Value::Null),
            );
            f.set("where", ci.predicate.is_some());
            // a partial index's predicate, rendered from the tree
            f.set(
                "predicate",
                ci.predicate
                    .as_ref()
                    .map(|p| Value::from(p.to_string()))
                    .unwrap_or(Value::Null),
            );
            if dialect == Dialect::Sqlserver {
                // `CREATE [NON]CLUSTERED INDEX` (nonclustered unless said)
                let clustered = matches!(&ci.using, Some(IndexType::Custom(t))
                    if t.value.split(' ').next() == Some("CLUSTERED"));
                f.set("clustered", clustered);
                // `WITH (ONLINE = ON)`: built without blocking writes
                f.set("online", ci.with.iter().any(is_online_on));
            }
            super::alter::algorithm_and_lock(&mut f, &ci.alter_options, dialect);
            f
        }
        Statement::Drop {
            object_type: t,
            if_exists,
            names: dropped_names,
            cascade,
            table,
            ..
        } => {
            let (type_name, kind) = object_type(t);
            let mut f = Facts::of_kind(kind.unwrap_or("other"));
            f.if_exists = *if_exists;
            f.cascade = *cascade;
            // MySQL / SQL Server `DROP INDEX i ON t`.
            f.table = table.as_ref().map(names::table);
            let objects = dropped_names
                .iter()
                .map(|n| names::object(type_name, n))
                .collect();
            dropped(f, objects)
        }
        Statement::DropFunction(df) => {
            let mut f = Facts::of_kind("drop_function");
            f.if_exists = df.if_exists;
            f.cascade = cascades(&df.drop_behavior);
            dropped(f, functions("function", &df.func_desc))
        }
        Statement::DropProcedure {
            if_exists,
            proc_desc,
            drop_behavior,
        } => {
            let mut f = Facts::of_kind("drop_procedure");
            f.if_exists = *if_exists;
            f.cascade = cascades(drop_behavior);
            dropped(f, functions("procedure", proc_desc))
        }
        Statement::DropDomain(dd) => {
            let mut f = Facts::of_kind("drop_domain");
            f.if_exists = dd.if_exists;
            f.cascade = cascades(&dd.drop_behavior);
            dropped(f, vec![names::object("domain", &dd.name)])
        }
        Statement::DropExtension(de) => {
            let mut f = Facts::of_kind("drop_extension");
            f.if_exists = de.if_exists;
            f.cascade = matches!(de.cascade_or_restrict, Some(ReferentialAction::Cascade));
            let objects = de
                .names
                .iter()
                .map(|n| names::object_ident("extension", n))
                .collect();
            dropped(f, objects)
        }
        Statement::DropTrigger(dt) => {
            let mut f = Facts::of_kind("drop_trigger");
            f.if_exists = dt.if_exists;
            f.cascade = matches!(dt.option, Some(ReferentialAction::Cascade));
            f.table = dt.table_name.as_ref().map(names::table);
            dropped(f, vec![names::object("trigger", &dt.trigger_name)])
        }
        Statement::DropPolicy(dp) => {
            let mut f = Facts::of_kind("drop_policy");
            f.if_exists = dp.if_exists;
            f.cascade = cascades(&dp.drop_behavior);
            f.table = Some(names::table(&dp.table_name));
            dropped(f, vec![names::object_ident("policy", &dp.name)])
        }
        Statement::CreateView(cv) => {
            let (kind, type_name) = if cv.materialized {
                ("create_materialized_view", "materialized_view")
            } else {
                ("create_view", "view")
            };
            let mut f = Facts::of_kind(kind).with_object(names::object(type_name, &cv.name));
            f.if_not_exists = cv.if_not_exists;
            f.or_replace = cv.or_replace || cv.or_alter;
            f.set("or_replace", cv.or_replace || cv.or_alter);
            f.set("select_star", super::dml::selects_star(&cv.query));
            f
        }
        Statement::AlterView(av) => {
            let type_name = if av.materialized {
                "materialized_view"
            } else {
                "view"
            };
            let mut f =
                Facts::of_kind("alter_view").with_object(names::object(type_name, &av.name));
            f.if_exists = av.if_exists;
            f
        }
        Statement::AlterIndex { name, .. } => {
            Facts::of_kind("alter_index").with_object(names::object("index", name))
        }
        Statement::RefreshMaterializedView(r) => {
            let mut f = Facts::of_kind("refresh_materialized_view")
                .with_object(names::object("materialized_view", &r.name));
            f.concurrently = r.concurrently;
            f
        }
        Statement::CreateSequence {
            if_not_exists,
            name,
            ..
        } => {
            let mut f =
                Facts::of_kind("create_sequence").with_object(names::object("sequence", name));
            f.if_not_exists = *if_not_exists;
            f
        }
        Statement::CreateSchema {
            schema_name,
            if_not_exists,
            ..
        } => {
            let object = match schema_name {
                SchemaName::Simple(n) | SchemaName::NamedAuthorization(n, _) => {
                    names::object("schema", n)
                }
                SchemaName::UnnamedAuthorization(owner) => names::object_ident("schema", owner),
            };
            let mut f = Facts::of_kind("create_schema").with_object(object);
            f.if_not_exists = *if_not_exists;
            f
        }
        Statement::CreateDatabase {
            db_name,
            if_not_exists,
            ..
        } => {
            let mut f =
                Facts::of_kind("create_database").with_object(names::object("database", db_name));
            f.if_not_exists = *if_not_exists;
            f
        }
        Statement::CreateFunction(cf) => {
            let mut f =
                Facts::of_kind("create_function").with_object(names::object("function", &cf.name));
            f.if_not_exists = cf.if_not_exists;
            f.set("or_replace", cf.or_replace || cf.or_alter);
            let language = cf.language.as_ref().map(|l| l.value.to_ascii_lowercase());
            f.set("language", language.map(Value::from).unwrap_or(Value::Null));
            f.set(
                "security_definer",
                matches!(cf.security, Some(sqlparser::ast::FunctionSecurity::Definer)),
            );
            // `SET search_path = …` among the function's own settings
            let search_path = cf
                .set_params
                .iter()
                .any(|p| names::last(&p.name).eq_ignore_ascii_case("search_path"));
            f.set("sets_search_path", search_path);
            f
        }
        Statement::CreateProcedure {
            or_alter,
            name,
            language,
            ..
        } => {
            let mut f =
                Facts::of_kind("create_procedure").with_object(names::object("procedure", name));
            f.set("or_replace", *or_alter);
            let language = language.as_ref().map(|l| l.value.to_ascii_lowercase());
            f.set("language", language.map(Value::from).unwrap_or(Value::Null));
            f
        }
        Statement::CreateTrigger(ct) => {
            let mut f =
                Facts::of_kind("create_trigger").with_object(names::object("trigger", &ct.name));
            f.table = Some(names::table(&ct.table_name));
            f.set("or_replace", ct.or_replace || ct.or_alter);
            f
        }
        Statement::CreateType { name, .. } => {
            Facts::of_kind("create_type").with_object(names::object("type", name))
        }
        Statement::AlterType(at) => {
            let mut f = Facts::of_kind("alter_type").with_object(names::object("type", &at.name));
            let (op, before_after) = match &at.operation {
                AlterTypeOperation::AddValue(add) => {
                    f.if_not_exists = add.if_not_exists;
                    (
                        "add_value",
                        matches!(
                            add.position,
                            Some(
                                AlterTypeAddValuePosition::Before(_)
                                    | AlterTypeAddValuePosition::After(_)
                            )
                        ),
                    )
                }
                AlterTypeOperation::RenameValue(_) => ("rename_value", false),
                AlterTypeOperation::Rename(_) => ("rename", false),
            };
            f.set("op", op);
            f.set("before_after", before_after);
            f
        }
        Statement::CreateExtension(ce) => {
            let mut f = Facts::of_kind("create_extension")
                .with_object(names::object_ident("extension", &ce.name));
            f.if_not_exists = ce.if_not_exists;
            f.cascade = ce.cascade;
            f
        }
        Statement::CreateDomain(cd) => {
            let mut f =
                Facts::of_kind("create_domain").with_object(names::object("domain", &cd.name));
            f.set(
                "check",
                cd.constraints
                    .iter()
                    .any(|c| matches!(c, sqlparser::ast::TableConstraint::Check(_))),
            );
            f
        }
        Statement::CreatePolicy(cp) => {
            let mut f = Facts::of_kind("create_policy")
                .with_object(names::object_ident("policy", &cp.name));
            f.table = Some(names::table(&cp.table_name));
            f
        }
        Statement::RenameTable(renames) => {
            let mut f = Facts::of_kind("rename_table");
            let objects: Vec<Object> = renames
                .iter()
                .map(|r| names::object("table", &r.old_name))
                .collect();
            if let Some(first) = renames.first() {
                f.set("new_name", names::last(&first.new_name));
            }
            dropped(f, objects)
        }
        Statement::Comment {
            object_type,
            object_name,
            if_exists,
            ..
        } => {
            let mut f = Facts::of_kind("comment");
            f.if_exists = *if_exists;
            commented(f, object_type, object_name)
        }
        Statement::AlterSchema(a) => {
            Facts::of_kind("other").with_object(names::object("schema", &a.name))
        }
        Statement::AlterFunction(a) => {
            Facts::of_kind("other").with_object(names::object("function", &a.function.name))
        }
        Statement::AlterTrigger(a) => {
            let mut f =
                Facts::of_kind("other").with_object(names::object_ident("trigger", &a.name));
            f.table = Some(names::table(&a.table_name));
            f
        }
        Statement::AlterPolicy(a) => {
            let mut f = Facts::of_kind("other").with_object(names::object_ident("policy", &a.name));
            f.table = Some(names::table(&a.table_name));
            f
        }
        _ => Facts::of_kind("other"),
    }
}

/// `COMMENT ON <type> name`: a column's object is the column, named by its
/// last part, and `table` is its table.
fn commented(mut f: Facts, object_type: &CommentObject, name: &ObjectName) -> Facts {
    let type_name = match object_type {
        CommentObject::Collation => "collation",
        CommentObject::Column => "column",
        CommentObject::Database => "database",
        CommentObject::Domain => "domain",
        CommentObject::Extension => "extension",
        CommentObject::ForeignTable => "foreign_table",
        CommentObject::Function => "function",
        CommentObject::Index => "index",
        CommentObject::MaterializedView => "materialized_view",
        CommentObject::Procedure => "procedure",
        CommentObject::Role => "role",
        CommentObject::Schema => "schema",
        CommentObject::Sequence => "sequence",
        CommentObject::Table => "table",
        CommentObject::Type => "type",
        CommentObject::User => "user",
        CommentObject::View => "view",
    };
    if let CommentObject::Column = object_type {
        let parts = &name.0;
        let table_parts = parts.len().saturating_sub(1);
        let table = ObjectName(parts.iter().take(table_parts).cloned().collect());
        let table_ref = names::table(&table);
        f.object = Some(Object {
            kind: "column".into(),
            schema: table_ref.schema.clone(),
            name: names::last(name),
            quoted: names::last_quoted(name),
        });
        if !table_ref.name.is_empty() {
            f.table = Some(table_ref);
        }
        return f;
    }
    f.with_object(names::object(type_name, name))
}

/// MySQL's `ENGINE=…`, `[DEFAULT] CHARSET|CHARACTER SET=…` and
/// `[DEFAULT] COLLATE=…` table options, lower-cased.
fn table_options(
    options: &sqlparser::ast::CreateTableOptions,
) -> (Option<String>, Option<String>, Option<String>) {
    use sqlparser::ast::{CreateTableOptions as O, Expr, SqlOption};
    let list = match options {
        O::Plain(l) | O::With(l) | O::Options(l) | O::TableProperties(l) => l.as_slice(),
        O::None => &[],
    };
    let (mut engine, mut charset, mut collation) = (None, None, None);
    for option in list {
        let (key, value) = match option {
            SqlOption::NamedParenthesizedList(l) => match &l.name {
                Some(name) => (l.key.value.to_ascii_uppercase(), name.value.clone()),
                None => continue,
            },
            SqlOption::KeyValue { key, value } => {
                let value = match value {
                    Expr::Identifier(i) => i.value.clone(),
                    Expr::Value(v) => v.to_string().trim_matches(['\'', '"']).to_string(),
                    other => other.to_string(),
                };
                (names::dotted(key).to_ascii_uppercase(), value)
            }
            _ => continue,
        };
        let key = key.strip_prefix("DEFAULT ").unwrap_or(&key);
        let value = Some(value.to_ascii_lowercase());
        match key {
            "ENGINE" => engine = value,
            "CHARSET" | "CHARACTER SET" => charset = value,
            "COLLATE" => collation = value,
            _ => {}
        }
    }
    (engine, charset, collation)
}
