//! Privileges and principals.

use serde_json::json;

use super::*;

#[test]
fn grant_all_to_public() {
    assert_eq!(
        pg("GRANT ALL ON orders TO PUBLIC"),
        stmt(
            "grant",
            table("orders"),
            json!({
                "privileges": ["ALL"], "all_privileges": true, "grantees": ["PUBLIC"],
                "objects": [table("orders")], "with_grant_option": false,
                "with_admin_option": false,
            }),
        )
    );
}

#[test]
fn grant_actions_with_grant_option() {
    assert_eq!(
        pg(
            "GRANT select, UPDATE (status) ON TABLE app.orders, app.items TO reporting, \"Auditor\" WITH GRANT OPTION"
        ),
        stmt(
            "grant",
            json!({"type": "table", "schema": "app", "name": "orders"}),
            json!({
                "privileges": ["SELECT", "UPDATE"], "all_privileges": false,
                "grantees": ["reporting", "Auditor"],
                "objects": [
                    {"type": "table", "schema": "app", "name": "orders"},
                    {"type": "table", "schema": "app", "name": "items"},
                ],
                "with_grant_option": true, "with_admin_option": false,
            }),
        )
    );
    let f = pg("GRANT USAGE ON SCHEMA billing TO app");
    assert_eq!(
        f["objects"],
        json!([{"type": "schema", "schema": null, "name": "billing"}])
    );
    let f = pg("GRANT SELECT ON ALL TABLES IN SCHEMA public TO readonly");
    assert_eq!(
        f["objects"],
        json!([{"type": "all_tables_in_schema", "schema": null, "name": "public"}])
    );
    let f = mysql("GRANT SELECT, INSERT ON shop.* TO 'app'@'%'");
    assert_eq!(f["kind"], "grant");
    assert_eq!(f["privileges"], json!(["SELECT", "INSERT"]));
}

#[test]
fn revoke() {
    assert_eq!(
        pg("REVOKE ALL PRIVILEGES ON orders FROM public CASCADE"),
        stmt(
            "revoke",
            table("orders"),
            json!({
                "cascade": true,
                "privileges": ["ALL"], "all_privileges": true, "grantees": ["PUBLIC"],
                "objects": [table("orders")], "with_grant_option": false,
                "with_admin_option": false,
            }),
        )
    );
    let f = pg("REVOKE INSERT, DELETE ON orders FROM app_writer");
    assert_eq!(f["privileges"], json!(["INSERT", "DELETE"]));
    assert_eq!(f["cascade"], false);
}

#[test]
fn roles_and_users() {
    let f = pg("CREATE ROLE reporting WITH LOGIN PASSWORD 'secret'");
    assert_eq!(
        f,
        stmt(
            "create_role",
            json!({"type": "role", "schema": null, "name": "reporting"}),
            json!({"password": true})
        )
    );
    let f = pg("ALTER ROLE reporting WITH NOSUPERUSER");
    assert_eq!(f["kind"], "alter_role");
    let f = pg("GRANT reporting TO alice");
    assert_eq!(f["kind"], "grant");
    assert_eq!(
        f["objects"],
        json!([{"type": "role", "schema": null, "name": "reporting"}])
    );
    assert_eq!(f["grantees"], json!(["alice"]));
    assert_eq!(f["with_admin_option"], false);
    // a role grant's admin option: PostgreSQL's two spellings, MySQL's
    assert_eq!(
        pg("GRANT reporting TO alice WITH ADMIN OPTION")["with_admin_option"],
        true
    );
    assert_eq!(
        pg("GRANT reporting TO alice WITH ADMIN TRUE")["with_admin_option"],
        true
    );
    assert_eq!(
        pg("GRANT reporting TO alice WITH ADMIN FALSE")["with_admin_option"],
        false
    );
    assert_eq!(
        pg("GRANT reporting TO alice WITH INHERIT TRUE")["with_admin_option"],
        false
    );
    assert_eq!(
        facts(
            "GRANT 'reporting' TO 'alice'@'%' WITH ADMIN OPTION",
            Dialect::Mysql
        )["with_admin_option"],
        true
    );
    let f = facts("CREATE USER app_user PASSWORD = 'pw'", Dialect::Snowflake);
    assert_eq!(f["kind"], "create_user");
}

#[test]
fn default_privileges() {
    assert_eq!(
        pg("ALTER DEFAULT PRIVILEGES IN SCHEMA app GRANT SELECT ON TABLES TO PUBLIC"),
        stmt(
            "grant",
            json!({"type": "future_tables_in_schema", "schema": null, "name": "app"}),
            json!({
                "privileges": ["SELECT"], "all_privileges": false, "grantees": ["PUBLIC"],
                "objects": [{"type": "future_tables_in_schema", "schema": null, "name": "app"}],
                "with_grant_option": false, "with_admin_option": false,
            }),
        )
    );
    let f = pg("ALTER DEFAULT PRIVILEGES FOR ROLE owner REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC");
    assert_eq!(f["kind"], "revoke");
    assert_eq!(f["objects"], json!([]));
    assert_eq!(f["privileges"], json!(["EXECUTE"]));
}

#[test]
fn a_password_written_in_create_or_alter_role_is_a_fact() {
    assert_eq!(
        pg("CREATE ROLE r WITH LOGIN PASSWORD 'x'")["password"],
        true
    );
    assert_eq!(
        pg("CREATE ROLE r WITH LOGIN PASSWORD NULL")["password"],
        false
    );
    assert_eq!(pg("CREATE ROLE r WITH LOGIN")["password"], false);
    assert_eq!(pg("ALTER ROLE bob WITH PASSWORD 'x'")["password"], true);
    assert_eq!(pg("ALTER ROLE bob SUPERUSER")["password"], false);
}
