//! Privileges and principals: `GRANT`, `REVOKE`, roles and users.

use serde_json::Value;
use sqlparser::ast::{
    Action, AlterDefaultPrivileges, AlterDefaultPrivilegesOperation, DefaultPrivilegesObjectType,
    DefaultPrivilegesOption, FunctionDesc, GrantObjects, Grantee, GranteeName, GranteesType,
    ObjectName, Privileges, Statement,
};

use super::{Facts, Object, names};

pub(super) fn from_dcl(ast: &Statement) -> Facts {
    match ast {
        Statement::Grant(grant) => privileges(
            Facts::of_kind("grant"),
            &grant.privileges,
            grant
                .objects
                .as_ref()
                .map(grant_objects)
                .unwrap_or_default(),
            &grant.grantees,
            grant.with_grant_option,
        ),
        Statement::Revoke(revoke) => {
            let mut f = privileges(
                Facts::of_kind("revoke"),
                &revoke.privileges,
                revoke
                    .objects
                    .as_ref()
                    .map(grant_objects)
                    .unwrap_or_default(),
                &revoke.grantees,
                revoke.grant_option_for,
            );
            f.cascade = matches!(revoke.cascade, Some(sqlparser::ast::CascadeOption::Cascade));
            f
        }
        // Role membership: the roles granted are the `objects`; no privileges.
        Statement::GrantRole(grant) => {
            let roles: Vec<String> = grant.roles.iter().map(|r| r.value.clone()).collect();
            let mut f = role_membership(Facts::of_kind("grant"), roles, &grant.grantees);
            // `WITH ADMIN OPTION` (`WITH ADMIN TRUE` on PostgreSQL 16+)
            let admin = grant.options.iter().any(|o| {
                o.name.value.eq_ignore_ascii_case("admin")
                    && !matches!(o.value, sqlparser::ast::RoleGrantOptionValue::False)
            });
            f.set("with_admin_option", admin);
            f
        }
        Statement::RevokeRole(revoke) => {
            let roles: Vec<String> = revoke.roles.iter().map(|r| r.value.clone()).collect();
            let mut f = role_membership(Facts::of_kind("revoke"), roles, &revoke.grantees);
            f.cascade = matches!(revoke.cascade, Some(sqlparser::ast::CascadeOption::Cascade));
            f
        }
        Statement::AlterDefaultPrivileges(alter) => default_privileges(alter),
        Statement::CreateRole(role) => {
            let objects: Vec<Object> = role
                .names
                .iter()
                .map(|n| names::object("role", n))
                .collect();
            let mut f = Facts::of_kind("create_role");
            f.if_not_exists = role.if_not_exists;
            f.set("password", sets_password(role.password.as_ref()));
            f.object = objects.first().cloned();
            if objects.len() > 1 {
                f.names = Some(objects);
            }
            f
        }
        Statement::CreateUser(user) => {
            let mut f =
                Facts::of_kind("create_user").with_object(names::object_ident("user", &user.name));
            f.if_not_exists = user.if_not_exists;
            f
        }
        Statement::AlterRole { name, operation } => {
            let mut f = Facts::of_kind("alter_role").with_object(names::object_ident("role", name));
            let password = match operation {
                sqlparser::ast::AlterRoleOperation::WithOptions { options } => {
                    options.iter().any(|o| match o {
                        sqlparser::ast::RoleOption::Password(p) => sets_password(Some(p)),
                        _ => false,
                    })
                }
                _ => false,
            };
            f.set("password", password);
            f
        }
        Statement::AlterUser(user) => {
            let mut f =
                Facts::of_kind("other").with_object(names::object_ident("user", &user.name));
            f.if_exists = user.if_exists;
            f
        }
        _ => Facts::of_kind("other"),
    }
}

/// `PASSWORD '…'` (not `PASSWORD NULL`, which removes one).
fn sets_password(password: Option<&sqlparser::ast::Password>) -> bool {
    matches!(password, Some(sqlparser::ast::Password::Password(_)))
}

/// Upper-case privilege names without column lists (`UPDATE (a, b)` is
/// `UPDATE`).
fn action_name(action: &Action) -> String {
    let text = action.to_string();
    let head = text.split('(').next().unwrap_or(&text).trim();
    head.to_ascii_uppercase()
}

fn grantee_name(grantee: &Grantee) -> String {
    let name = match &grantee.name {
        Some(GranteeName::ObjectName(n)) => names::dotted(n),
        Some(GranteeName::UserHost { user, host }) => format!("{}@{}", user.value, host.value),
        None => String::new(),
    };
    if matches!(grantee.grantee_type, GranteesType::Public) || name.eq_ignore_ascii_case("public") {
        "PUBLIC".to_string()
    } else {
        name
    }
}

fn objects_of(kind: &str, list: &[ObjectName]) -> Vec<Object> {
    list.iter().map(|n| names::object(kind, n)).collect()
}

fn routines(kind: &str, list: &[FunctionDesc]) -> Vec<Object> {
    list.iter().map(|d| names::object(kind, &d.name)).collect()
}

/// The objects a privilege is granted on. `ON ALL TABLES IN SCHEMA s` is an
/// object of type `all_tables_in_schema` named `s` (likewise for sequences,
/// views, functions, …), so rules can tell it from `ON SCHEMA s`.
fn grant_objects(objects: &GrantObjects) -> Vec<Object> {
    use GrantObjects as G;
    match objects {
        G::AllSequencesInSchema { schemas } => objects_of("all_sequences_in_schema", schemas),
        G::AllTablesInSchema { schemas } => objects_of("all_tables_in_schema", schemas),
        G::AllViewsInSchema { schemas } => objects_of("all_views_in_schema", schemas),
        G::AllMaterializedViewsInSchema { schemas } => {
            objects_of("all_materialized_views_in_schema", schemas)
        }
        G::AllExternalTablesInSchema { schemas } => {
            objects_of("all_external_tables_in_schema", schemas)
        }
        G::AllFunctionsInSchema { schemas } => objects_of("all_functions_in_schema", schemas),
        G::AllProceduresInSchema { schemas } => objects_of("all_procedures_in_schema", schemas),
        G::AllRoutinesInSchema { schemas } => objects_of("all_routines_in_schema", schemas),
        G::FutureSchemasInDatabase { databases } => {
            objects_of("future_schemas_in_database", databases)
        }
        G::FutureTablesInSchema { schemas } => objects_of("future_tables_in_schema", schemas),
        G::FutureViewsInSchema { schemas } => objects_of("future_views_in_schema", schemas),
        G::FutureExternalTablesInSchema { schemas } => {
            objects_of("future_external_tables_in_schema", schemas)
        }
        G::FutureMaterializedViewsInSchema { schemas } => {
            objects_of("future_materialized_views_in_schema", schemas)
        }
        G::FutureSequencesInSchema { schemas } => objects_of("future_sequences_in_schema", schemas),
        G::Databases(list) => objects_of("database", list),
        G::Schemas(list) => objects_of("schema", list),
        G::Sequences(list) => objects_of("sequence", list),
        G::Tables(list) => objects_of("table", list),
        G::Views(list) => objects_of("view", list),
        G::Warehouses(list) => objects_of("warehouse", list),
        G::Integrations(list) => objects_of("integration", list),
        G::ResourceMonitors(list) => objects_of("resource_monitor", list),
        G::Users(list) => objects_of("user", list),
        G::ComputePools(list) => objects_of("compute_pool", list),
        G::Connections(list) => objects_of("connection", list),
        G::FailoverGroup(list) => objects_of("failover_group", list),
        G::ReplicationGroup(list) => objects_of("replication_group", list),
        G::ExternalVolumes(list) => objects_of("external_volume", list),
        G::Procedures(list) => routines("procedure", list),
        G::Functions(list) => routines("function", list),
        G::Routines(list) => routines("routine", list),
    }
}

fn privileges(
    mut f: Facts,
    privileges: &Privileges,
    objects: Vec<Object>,
    grantees: &[Grantee],
    with_grant_option: bool,
) -> Facts {
    let (names_list, all) = match privileges {
        Privileges::All { .. } => (vec!["ALL".to_string()], true),
        Privileges::Actions(actions) => (actions.iter().map(action_name).collect(), false),
    };
    if let Some(first) = objects.first().cloned() {
        f = f.with_object(first);
    }
    set_grant(
        &mut f,
        names_list,
        all,
        grantees,
        &objects,
        with_grant_option,
    );
    f
}

/// The fields every `grant`/`revoke` carries (`docs/input-document.md`).
fn set_grant(
    f: &mut Facts,
    privileges: Vec<String>,
    all_privileges: bool,
    grantees: &[Grantee],
    objects: &[Object],
    with_grant_option: bool,
) {
    f.set("privileges", privileges);
    f.set("all_privileges", all_privileges);
    f.set(
        "grantees",
        grantees.iter().map(grantee_name).collect::<Vec<_>>(),
    );
    f.set(
        "objects",
        serde_json::to_value(objects).unwrap_or(Value::Array(Vec::new())),
    );
    f.set("with_grant_option", with_grant_option);
    // set again for a role grant that says it
    f.set("with_admin_option", false);
}

/// `ALTER DEFAULT PRIVILEGES [IN SCHEMA s] GRANT … ON TABLES TO r` is a
/// grant (or revoke) on objects not created yet: `future_tables_in_schema`
/// objects named after each schema (none when no schema is named).
fn default_privileges(alter: &AlterDefaultPrivileges) -> Facts {
    let schemas: Vec<&ObjectName> = alter
        .options
        .iter()
        .flat_map(|o| match o {
            DefaultPrivilegesOption::InSchema(list) => list.iter().collect(),
            DefaultPrivilegesOption::ForRole(_) => Vec::new(),
        })
        .collect();
    let objects = |object_type: &DefaultPrivilegesObjectType| {
        let type_name = match object_type {
            DefaultPrivilegesObjectType::Tables => "future_tables_in_schema",
            DefaultPrivilegesObjectType::Sequences => "future_sequences_in_schema",
            DefaultPrivilegesObjectType::Functions => "future_functions_in_schema",
            DefaultPrivilegesObjectType::Routines => "future_routines_in_schema",
            DefaultPrivilegesObjectType::Types => "future_types_in_schema",
            DefaultPrivilegesObjectType::Schemas => "future_schemas",
            DefaultPrivilegesObjectType::LargeObjects => "future_large_objects",
        };
        schemas
            .iter()
            .map(|s| names::object(type_name, s))
            .collect::<Vec<_>>()
    };
    match &alter.operation {
        AlterDefaultPrivilegesOperation::Grant {
            privileges: p,
            object_type,
            grantees,
            with_grant_option,
        } => privileges(
            Facts::of_kind("grant"),
            p,
            objects(object_type),
            grantees,
            *with_grant_option,
        ),
        AlterDefaultPrivilegesOperation::Revoke {
            grant_option_for,
            privileges: p,
            object_type,
            grantees,
            cascade,
        } => {
            let mut f = privileges(
                Facts::of_kind("revoke"),
                p,
                objects(object_type),
                grantees,
                *grant_option_for,
            );
            f.cascade = matches!(cascade, Some(sqlparser::ast::CascadeOption::Cascade));
            f
        }
    }
}

fn role_membership(mut f: Facts, roles: Vec<String>, grantees: &[Grantee]) -> Facts {
    let objects: Vec<Object> = roles
        .iter()
        .map(|r| Object {
            kind: "role".into(),
            schema: None,
            name: r.clone(),
            quoted: false,
        })
        .collect();
    f.object = objects.first().cloned();
    set_grant(&mut f, Vec::new(), false, grantees, &objects, false);
    f
}
