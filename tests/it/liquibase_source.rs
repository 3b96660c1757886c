//! Liquibase changelogs: fixtures for every format, attribute and bad
//! input (exact changesets, spans and problems), the same changes written
//! in XML, YAML, JSON and formatted SQL, and the real-world corpus.

use std::collections::BTreeMap;
use std::path::Path;

use schemagate::dialect::Dialect;
use schemagate::source::liquibase;
use schemagate::source::{
    ChangeBody, Changelog, ChangesetRole, LoadOptions, ParsedNode, RollbackKind, SplitOptions,
    TransactionMode,
};
use schemagate::span::SourceMap;

const FIXTURES: &str = "tests/fixtures/liquibase";

fn load_with(rel: &str, opts: &LoadOptions) -> (Changelog, SourceMap) {
    let mut sources = SourceMap::default();
    let cl = liquibase::load(&Path::new(FIXTURES).join(rel), opts, &mut sources);
    (cl, sources)
}

fn load(rel: &str) -> (Changelog, SourceMap) {
    load_with(rel, &LoadOptions::default())
}

fn ids(cl: &Changelog) -> Vec<String> {
    cl.changesets
        .iter()
        .map(|c| format!("{}:{}", c.author.as_deref().unwrap_or(""), c.id))
        .collect()
}

/// `file:line:column: message` of every problem.
fn problems(cl: &Changelog, sources: &SourceMap) -> Vec<String> {
    cl.problems
        .iter()
        .map(|p| {
            let (f, l, c) = p.position(sources);
            format!("{f}:{l}:{c}: {}", p.message)
        })
        .collect()
}

fn at(sources: &SourceMap, span: schemagate::span::Span) -> (usize, usize) {
    let l = sources.locate(span);
    (l.line, l.column)
}

fn sql_text(body: &ChangeBody) -> (&str, &SplitOptions) {
    match body {
        ChangeBody::Sql { text, split } => (text.text.as_str(), split),
        ChangeBody::Node(n) => panic!("expected SQL, got node {}", n.name),
    }
}

fn node(body: &ChangeBody) -> &ParsedNode {
    match body {
        ChangeBody::Node(n) => n,
        ChangeBody::Sql { .. } => panic!("expected a node, got SQL"),
    }
}

/// A node as comparable data: name, attributes, text, children.
fn shape(n: &ParsedNode) -> String {
    let attrs: Vec<String> = n
        .attrs
        .iter()
        .map(|(k, v)| format!("{k}={}", v.value))
        .collect();
    let kids: Vec<String> = n.children.iter().map(shape).collect();
    format!(
        "{}[{}]{{{}}}{}",
        n.name,
        attrs.join(","),
        kids.join(";"),
        n.text
            .as_ref()
            .map(|t| format!("'{}'", t.text))
            .unwrap_or_default()
    )
}

/// A changeset as comparable data, whatever format it was written in.
fn changeset_shape(cl: &Changelog) -> Vec<String> {
    cl.changesets
        .iter()
        .map(|cs| {
            let mut attrs = cs.attributes.clone();
            attrs.remove("filePath");
            let changes: Vec<String> = cs
                .changes
                .iter()
                .map(|c| match &c.body {
                    ChangeBody::Sql { text, split } => {
                        format!("{}:{}:{:?}", c.kind, text.text, split)
                    }
                    ChangeBody::Node(n) => format!("{}:{}", c.kind, shape(n)),
                })
                .collect();
            let rollback: Vec<String> = cs
                .rollback
                .changes
                .iter()
                .map(|c| match &c.body {
                    ChangeBody::Sql { text, .. } => format!("sql:{}", text.text),
                    ChangeBody::Node(n) => shape(n),
                })
                .collect();
            format!(
                "{}:{} {:?} {:?} {} | {} | {:?} {}",
                cs.author.as_deref().unwrap_or(""),
                cs.id,
                cs.role,
                cs.transaction,
                serde_json::to_string(&attrs).unwrap_or_default(),
                changes.join(" / "),
                cs.rollback.kind,
                rollback.join(" / ")
            )
        })
        .collect()
}

#[path = "liquibase_source/comments.rs"]
mod comments;
#[path = "liquibase_source/corpus.rs"]
mod corpus;
#[path = "liquibase_source/gzip.rs"]
mod gzip;
#[path = "liquibase_source/preconditions.rs"]
mod preconditions;
#[path = "liquibase_source/yaml_columns.rs"]
mod yaml_columns;

#[test]
fn same_changes_in_xml_yaml_json_give_the_same_changesets() {
    let (xml, xs) = load("equivalent/changelog.xml");
    let (yaml, ys) = load("equivalent/changelog.yaml");
    let (json, js) = load("equivalent/changelog.json");
    for (cl, s) in [(&xml, &xs), (&yaml, &ys), (&json, &js)] {
        assert!(cl.problems.is_empty(), "{:?}", problems(cl, s));
    }
    assert_eq!(ids(&xml), ["alice:1", "alice:2", "bob:3"]);
    let x = changeset_shape(&xml);
    assert_eq!(x, changeset_shape(&yaml));
    assert_eq!(x, changeset_shape(&json));
    // the shape itself, so a change that breaks all formats alike is caught
    assert_eq!(
        x[0],
        "alice:1 Versioned Implicit {} | createTable:createTable[tableName=person]{\
         column[name=id,type=int]{constraints[primaryKey=true,nullable=false]{}};\
         column[name=name,type=varchar(255)]{}} | None "
    );
    assert_eq!(
        x[1],
        "alice:2 Versioned Implicit {} | addColumn:addColumn[tableName=person]{\
         column[name=email,type=varchar(100)]{}} / update:update[tableName=person,where=email IS NULL]{\
         column[name=email,value=none]{}} | None "
    );
    assert_eq!(
        x[2],
        "bob:3 Repeatable Implicit {\"context\":\"dev\",\"labels\":\"v1\",\"runOnChange\":true} | \
         sql:insert into person (id, name) values (1, 'a');:SplitOptions { end_delimiter: None, \
         split_statements: true, strip_comments: true } | Explicit sql:delete from person where id = 1;"
    );
}

#[test]
fn formatted_sql_gives_the_same_sql_changeset() {
    let (xml, _) = load("equivalent/changelog.xml");
    let (sql, s) = load("equivalent/changelog.sql");
    assert!(sql.problems.is_empty(), "{:?}", problems(&sql, &s));
    assert_eq!(changeset_shape(&sql), changeset_shape(&xml)[2..]);
}

#[test]
fn change_spans_point_at_the_elements_in_each_format() {
    let (xml, xs) = load("equivalent/changelog.xml");
    let (yaml, ys) = load("equivalent/changelog.yaml");
    let (json, js) = load("equivalent/changelog.json");
    let (sql, ss) = load("equivalent/changelog.sql");
    assert_eq!(at(&xs, xml.changesets[1].span), (14, 5));
    assert_eq!(at(&xs, xml.changesets[1].changes[1].span), (18, 9));
    assert_eq!(at(&ys, yaml.changesets[1].changes[1].span), (28, 11));
    assert_eq!(at(&js, json.changesets[1].changes[1].span), (28, 13));
    assert_eq!(at(&ss, sql.changesets[0].span), (3, 1));
    // the `where` attribute of the update, in each file
    let where_at = |cl: &Changelog, s: &SourceMap| {
        let n = node(&cl.changesets[1].changes[1].body);
        n.attr_spanned("where").map(|v| at(s, v.span))
    };
    assert_eq!(where_at(&xml, &xs), Some((20, 20)));
    assert_eq!(where_at(&yaml, &ys), Some((34, 20)));
    assert_eq!(where_at(&json, &js), Some((30, 34)));
    // SQL text maps back byte for byte
    for (cl, s, line, col) in [(&xml, &xs, 24, 35), (&yaml, &ys, 44, 18), (&sql, &ss, 4, 1)] {
        let cs = cl.changesets.last().map(|c| &c.changes[0].body);
        let Some(ChangeBody::Sql { text, .. }) = cs else {
            panic!("no sql")
        };
        let values = text.text.find("values").unwrap_or(0);
        let span = text.span(values..values + 6);
        let src = &s.get(span.file).text[span.range()];
        assert_eq!(src, "values");
        assert_eq!(at(s, text.span(0..1)), (line, col));
    }
}

#[test]
fn changeset_attributes_preconditions_and_properties() {
    let (cl, s) = load("features/changelog.xml");
    assert_eq!(
        ids(&cl),
        [
            "carol:create-orders",
            "carol:pg-only",
            "carol:not-h2",
            "dave:prod-eu",
            "dave:undo-by-reference",
            "dave:missing-csv"
        ]
    );
    let cs = &cl.changesets[0];
    assert_eq!(cs.transaction, TransactionMode::None);
    assert_eq!(cs.description.as_deref(), Some("Orders table in app"));
    let a = serde_json::to_value(&cs.attributes).unwrap_or_default();
    assert_eq!(a["failOnError"], false);
    assert_eq!(a["runInTransaction"], false);
    assert_eq!(a["created"], "2024-01-02");
    assert_eq!(a["filePath"], "logical/orders.xml");
    assert_eq!(a["objectQuotingStrategy"], "QUOTE_ONLY_RESERVED_WORDS");
    assert_eq!(
        a["validCheckSum"],
        serde_json::json!(["8:0123456789abcdef", "ANY"])
    );
    assert_eq!(
        a["preconditions"],
        serde_json::json!({
            "onFail": "MARK_RAN", "onError": "HALT",
            "conditions": [
                {"type": "not", "conditions": [{"type": "tableExists", "tableName": "orders", "schemaName": "app"}]},
                {"type": "sqlCheck", "expectedResult": "0", "sql": "select count(*) from app.orders_legacy"}
            ]
        })
    );
    // no target database: both modifySql blocks apply
    assert_eq!(a["modifySql"].as_array().map(Vec::len), Some(2));
    // first definition wins; dbms-scoped one applies with no target; unknown stays
    let n = node(&cs.changes[0].body);
    assert_eq!(n.attr("schemaName"), Some("app"));
    assert_eq!(n.children[0].attr("type"), Some("bigint"));
    assert_eq!(
        n.children[1].attr("type"),
        Some("varchar(${undefined_len})")
    );
    // the attribute span is the value as written (with the placeholder)
    let schema = n
        .attr_spanned("schemaName")
        .map(|v| &s.get(v.span.file).text[v.span.range()]);
    assert_eq!(schema, Some("${schema}"));

    let not_h2 = &cl.changesets[2];
    assert_eq!(not_h2.role, ChangesetRole::Repeatable);
    let (text, split) = sql_text(&not_h2.changes[0].body);
    assert_eq!(text, "select 1 // select 2");
    assert_eq!(
        split,
        &SplitOptions {
            end_delimiter: Some("//".into()),
            split_statements: false,
            strip_comments: true
        }
    );
    // entities decoded, local property substituted, offsets still in the file
    let ChangeBody::Sql { text, .. } = &not_h2.changes[1].body else {
        panic!("sql")
    };
    assert_eq!(text.text, "select 'here' && 'x'");
    let amp = text.text.find('&').unwrap_or(0);
    assert_eq!(
        &s.get(text.file).text[text.span(amp..amp + 1).range()],
        "&amp;"
    );
    let here = text.text.find("here").unwrap_or(0);
    assert_eq!(
        &s.get(text.file).text[text.span(here..here + 4).range()],
        "${local_only}"
    );
    // an extension change (foreign namespace) is kept, not an error
    assert_eq!(not_h2.changes[2].kind, "createSynonym");

    let prod = &cl.changesets[3];
    let (seed, split) = sql_text(&prod.changes[0].body);
    assert_eq!(
        seed,
        "insert into app.orders (id) values (1);\ninsert into app.orders (id) values (2);\n"
    );
    assert_eq!(split.end_delimiter.as_deref(), Some(";"));
    let ChangeBody::Sql { text, .. } = &prod.changes[0].body else {
        panic!("sql")
    };
    assert!(s.get(text.file).name.ends_with("features/sql/seed.sql"));
    assert_eq!(at(&s, text.span(12..15)), (1, 13));
    let load = node(&prod.changes[1].body);
    assert_eq!(
        load.text.as_ref().map(|t| t.text.as_str()),
        Some("id,note\n1,first\n2,second\n")
    );
    assert_eq!(prod.rollback.kind, RollbackKind::Explicit);
    assert_eq!(prod.rollback.changes[0].kind, "delete");
    // rollback by reference copies the referenced changeset's changes
    let undo = &cl.changesets[4];
    assert_eq!(undo.rollback.changes.len(), 1);
    assert_eq!(
        sql_text(&undo.rollback.changes[0].body).0,
        "create extension if not exists pgcrypto;"
    );
    assert_eq!(cl.changesets[1].rollback.kind, RollbackKind::None);
    assert_eq!(
        problems(&cl, &s),
        [
            "tests/fixtures/liquibase/features/changelog.xml:60:44: file `data/nope.csv` referenced by loadData not found next to the changelog"
        ]
    );
}

#[test]
fn contexts_labels_and_dbms_filter_like_liquibase_update() {
    let run = |contexts: Option<&str>, labels: Option<&str>, dialect: Option<Dialect>| {
        let opts = LoadOptions {
            contexts: contexts.map(String::from),
            labels: labels.map(String::from),
            dialect,
            ..LoadOptions::default()
        };
        let (cl, _) = load_with("features/changelog.xml", &opts);
        ids(&cl)
            .into_iter()
            .map(|i| i.split(':').nth(1).unwrap_or("").to_string())
            .collect::<Vec<_>>()
    };
    let all = [
        "create-orders",
        "pg-only",
        "not-h2",
        "prod-eu",
        "undo-by-reference",
        "missing-csv",
    ];
    assert_eq!(run(None, None, None), all);
    assert_eq!(
        run(Some("dev"), None, None),
        [
            "create-orders",
            "pg-only",
            "not-h2",
            "undo-by-reference",
            "missing-csv"
        ]
    );
    assert_eq!(run(Some("prod,eu"), None, None), all);
    assert_eq!(run(Some("prod,asia"), None, None).len(), 5);
    assert_eq!(run(None, Some("jira-7 and !beta"), None), all);
    assert_eq!(run(None, Some("release-3"), None).len(), 5);
    assert_eq!(
        run(None, None, Some(Dialect::H2)),
        [
            "create-orders",
            "prod-eu",
            "undo-by-reference",
            "missing-csv"
        ]
    );
    // dbms on changes and modifySql too
    let opts = LoadOptions {
        dialect: Some(Dialect::Mysql),
        ..LoadOptions::default()
    };
    let (cl, _) = load_with("features/changelog.xml", &opts);
    let not_h2 = &cl.changesets[1];
    assert_eq!(not_h2.id, "not-h2");
    assert_eq!(
        not_h2
            .changes
            .iter()
            .map(|c| c.kind.as_str())
            .collect::<Vec<_>>(),
        ["sql", "createSynonym"]
    );
    let modify = &cl.changesets[0].attributes["modifySql"];
    assert_eq!(
        modify,
        &serde_json::json!([{"dbms": "mysql", "changes": [{"type": "append", "value": " engine innodb"}]}])
    );
    // the postgresql-only property definition is skipped for mysql
    assert_eq!(
        node(&cl.changesets[0].changes[0].body).children[0].attr("type"),
        Some("int")
    );
}

#[test]
fn command_line_and_properties_file_values_win() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let props = dir.path().join("liquibase.properties");
    std::fs::write(
        &props,
        "# comment\nparameter.idtype=uuid\nschema=from_file\n",
    )
    .unwrap_or_else(|e| panic!("write: {e}"));
    let opts = LoadOptions {
        placeholders: BTreeMap::from([("schema".to_string(), "cli".to_string())]),
        properties_file: Some(props),
        ..LoadOptions::default()
    };
    let (cl, _) = load_with("features/changelog.xml", &opts);
    let n = node(&cl.changesets[0].changes[0].body);
    assert_eq!(n.attr("schemaName"), Some("cli"));
    assert_eq!(n.children[0].attr("type"), Some("uuid"));
}

#[test]
fn formatted_sql_headers_rollbacks_and_directives() {
    let (cl, s) = load("formatted/changelog.sql");
    assert!(cl.problems.is_empty(), "{:?}", problems(&cl, &s));
    assert_eq!(
        ids(&cl),
        [
            "alice:1",
            "alice:2",
            "bob:3",
            "bob smith:id with spaces",
            "bob:5"
        ]
    );
    let one = &cl.changesets[0];
    let a = serde_json::to_value(&one.attributes).unwrap_or_default();
    assert_eq!(a["context"], "dev or test");
    assert_eq!(a["labels"], "v1,v2");
    assert_eq!(a["dbms"], "postgresql,h2");
    assert_eq!(a["runOnChange"], true);
    assert_eq!(a["created"], "2024-05-01");
    assert_eq!(a["filePath"], "db/formatted.sql");
    assert_eq!(a["validCheckSum"], serde_json::json!(["9:abc"]));
    assert_eq!(a["preconditions"]["onFail"], "MARK_RAN");
    assert_eq!(
        a["preconditions"]["conditions"],
        serde_json::json!([
            {"type": "sqlCheck", "expectedResult": "0",
             "sql": "SELECT count(*) FROM information_schema.tables WHERE table_name = 'accounts'"},
            {"type": "tableExists", "tableName": "users", "schemaName": "public"}
        ])
    );
    assert_eq!(
        one.description.as_deref(),
        Some("creates the accounts table")
    );
    assert_eq!(one.role, ChangesetRole::Repeatable);
    let (text, _) = sql_text(&one.changes[0].body);
    assert_eq!(text, "create table accounts (\n    id int primary key\n);");
    assert_eq!(at(&s, one.changes[0].span), (12, 1));
    assert_eq!(
        sql_text(&one.rollback.changes[0].body).0,
        "drop table accounts;"
    );

    let two = &cl.changesets[1];
    assert_eq!(two.transaction, TransactionMode::None);
    let (text, split) = sql_text(&two.changes[0].body);
    assert_eq!(text, "create procedure p() as begin select 1; end\nGO");
    assert_eq!(
        split,
        &SplitOptions {
            end_delimiter: Some("GO".into()),
            split_statements: false,
            // formatted SQL strips comments unless told not to
            strip_comments: true
        }
    );
    assert_eq!(
        sql_text(&two.rollback.changes[0].body).0,
        "drop procedure p;"
    );

    let three = &cl.changesets[2];
    assert_eq!(
        sql_text(&three.changes[0].body).0,
        "alter table accounts add column note text;"
    );
    let (rb, rb_split) = sql_text(&three.rollback.changes[0].body);
    assert_eq!(rb, "alter table accounts\n  drop column note;");
    assert_eq!(
        rb_split,
        &SplitOptions {
            end_delimiter: Some("$$".into()),
            split_statements: false,
            strip_comments: false
        }
    );

    // `--rollback not required`: an explicit, empty rollback
    let spaced = &cl.changesets[3];
    assert_eq!(spaced.rollback.kind, RollbackKind::Explicit);
    assert!(spaced.rollback.changes.is_empty());
    assert!(sql_text(&spaced.changes[0].body).1.strip_comments);
    // `--rollback changesetId:3 changesetAuthor:bob`: that changeset's changes
    assert_eq!(
        sql_text(&cl.changesets[4].rollback.changes[0].body).0,
        "alter table accounts add column note text;"
    );
}

#[test]
fn includes_in_order_with_cycles_and_missing_folders() {
    let (cl, s) = load("includes/master.xml");
    assert_eq!(
        ids(&cl),
        [
            "root:m1",
            "yaml:one",
            "xml:two",
            "xml:ctx",
            "all:a",
            "all:b",
            "includeAll:raw",
            "cycle:ca",
            "cycle:cb"
        ]
    );
    let paths: Vec<&str> = cl
        .changesets
        .iter()
        .filter_map(|c| c.attributes["filePath"].as_str())
        .collect();
    assert_eq!(
        paths,
        [
            "master.xml",
            "parts/one.yaml",
            "parts/two.xml",
            "parts/contexted.xml",
            "parts/all/a_first.xml",
            "parts/all/b_second.sql",
            "parts/all/sub/c_plain.sql",
            "cycle/a.xml",
            "cycle/b.xml"
        ]
    );
    assert_eq!(
        cl.changesets[3].attributes["inheritedContexts"],
        serde_json::json!(["never"])
    );
    assert_eq!(
        problems(&cl, &s),
        [
            "tests/fixtures/liquibase/includes/master.xml:11:23: includeAll folder `parts/absent/` not found next to the changelog",
            "tests/fixtures/liquibase/includes/cycle/b.xml:3:20: include cycle: tests/fixtures/liquibase/includes/master.xml -> tests/fixtures/liquibase/includes/cycle/a.xml -> tests/fixtures/liquibase/includes/cycle/b.xml -> tests/fixtures/liquibase/includes/cycle/a.xml",
        ]
    );
    // a context on the include filters everything in it
    let opts = LoadOptions {
        contexts: Some("prod".into()),
        ..LoadOptions::default()
    };
    let (cl, _) = load_with("includes/master.xml", &opts);
    assert!(!ids(&cl).contains(&"xml:ctx".to_string()));
    // maxDepth, endsWithFilter and labels on includeAll
    let (cl, _) = load("includes/depth.xml");
    assert_eq!(ids(&cl), ["all:b"]);
    assert_eq!(cl.changesets[0].attributes["labels"], "shallow");
}

#[test]
fn bad_inputs_are_problems_with_locations_and_the_rest_loads() {
    let (cl, s) = load("bad/problems.xml");
    assert_eq!(ids(&cl), ["a:1", "a:2"]);
    assert_eq!(
        cl.changesets[0]
            .changes
            .iter()
            .map(|c| c.kind.as_str())
            .collect::<Vec<_>>(),
        ["createTable", "doSomething"]
    );
    assert_eq!(
        problems(&cl, &s),
        [
            "tests/fixtures/liquibase/bad/problems.xml:7:10: unknown change type `frobnicateTable` in changeSet `1`",
            "tests/fixtures/liquibase/bad/problems.xml:9:5: duplicate changeset problems.xml::1::a (first declared at tests/fixtures/liquibase/bad/problems.xml:4:5); Liquibase refuses it: changesets had duplicate identifiers",
            "tests/fixtures/liquibase/bad/problems.xml:12:6: changeSet has no `id`",
            "tests/fixtures/liquibase/bad/problems.xml:15:20: included file `does/not/exist.xml` not found next to the changelog",
        ]
    );
    let cases = [
        (
            "bad/malformed.xml",
            "tests/fixtures/liquibase/bad/malformed.xml:5:5: malformed XML: expected 'createTable' tag",
        ),
        (
            "bad/malformed.yaml",
            "tests/fixtures/liquibase/bad/malformed.yaml:5:18: malformed YAML/JSON: unclosed bracket",
        ),
        (
            "bad/empty.yaml",
            "tests/fixtures/liquibase/bad/empty.yaml:1:1: `databaseChangeLog` has no body",
        ),
    ];
    for (file, expected) in cases {
        let (cl, s) = load(file);
        let got = problems(&cl, &s);
        assert_eq!(got.len(), 1, "{file}: {got:?}");
        assert!(got[0].starts_with(expected), "{file}: {got:?}");
    }
    let (cl, s) = load("bad/typo.yaml");
    assert_eq!(ids(&cl), ["a:1"]);
    // an unknown YAML change that is no misspelling may be an extension's
    assert_eq!(cl.changesets[0].changes[0].kind, "myExtensionChange");
    assert_eq!(
        problems(&cl, &s),
        [
            "tests/fixtures/liquibase/bad/typo.yaml:6:11: unknown change type `createTabel` (did you mean `createTable`?) in changeSet `1`",
            "tests/fixtures/liquibase/bad/typo.yaml:10:5: unknown element `changeSety` in databaseChangeLog (expected changeSet, include, includeAll, property or preConditions)",
        ]
    );
    let (cl, s) = load("bad/bad_header.sql");
    assert_eq!(ids(&cl), ["ok:1", "ok:2"]);
    assert_eq!(
        problems(&cl, &s),
        [
            "tests/fixtures/liquibase/bad/bad_header.sql:3:1: invalid changeset header: expected `--changeset <author>:<id>`",
            "tests/fixtures/liquibase/bad/bad_header.sql:10:1: the 'row-count' precondition type is not supported",
        ]
    );
}

#[test]
fn includes_may_not_leave_the_project() {
    let bad = Path::new(FIXTURES).join("bad");
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let root = dir.path().join("project");
    std::fs::create_dir_all(&root).unwrap_or_else(|e| panic!("mkdir: {e}"));
    std::fs::copy(
        bad.join("../includes/parts/two.xml"),
        dir.path().join("outside.xml"),
    )
    .unwrap_or_else(|e| panic!("copy: {e}"));
    std::fs::write(
        root.join("master.xml"),
        "<databaseChangeLog xmlns=\"http://www.liquibase.org/xml/ns/dbchangelog\">\n  <include file=\"../outside.xml\" relativeToChangelogFile=\"true\"/>\n</databaseChangeLog>\n",
    )
    .unwrap_or_else(|e| panic!("write: {e}"));
    let opts = LoadOptions {
        search_paths: vec![root.clone()],
        ..LoadOptions::default()
    };
    let mut sources = SourceMap::default();
    let cl = liquibase::load(&root.join("master.xml"), &opts, &mut sources);
    assert!(cl.changesets.is_empty());
    let got = problems(&cl, &sources);
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(got[0].contains("master.xml:2:18: included file `../outside.xml` is outside the project root: it resolves to `"), "{got:?}");
}

#[test]
fn recognises_changelogs() {
    for f in [
        "equivalent/changelog.xml",
        "equivalent/changelog.yaml",
        "equivalent/changelog.json",
        "equivalent/changelog.sql",
    ] {
        let p = Path::new(FIXTURES).join(f);
        let text = std::fs::read_to_string(&p).unwrap_or_default();
        assert!(liquibase::is_changelog(&p, &text), "{f}");
    }
    let plain = Path::new(FIXTURES).join("includes/parts/all/sub/c_plain.sql");
    assert!(!liquibase::is_changelog(
        &plain,
        "create table plain (id int);\n"
    ));
}

#[test]
fn yaml_properties_preconditions_rollbacks_and_sql_files() {
    let (cl, s) = load("features/changelog.yaml");
    assert!(cl.problems.is_empty(), "{:?}", problems(&cl, &s));
    assert_eq!(ids(&cl), ["erin:y1", "erin:y2"]);
    let y1 = &cl.changesets[0];
    let a = serde_json::to_value(&y1.attributes).unwrap_or_default();
    assert_eq!(a["comment"], "seeded from YAML");
    assert_eq!(a["validCheckSum"], serde_json::json!(["8:aaa", "8:bbb"]));
    assert_eq!(
        a["preconditions"],
        serde_json::json!({"onFail": "MARK_RAN", "conditions": [
            {"type": "not", "conditions": [{"type": "tableExists", "tableName": "yaml_orders"}]}
        ]})
    );
    assert_eq!(
        node(&y1.changes[0].body).attr("tableName"),
        Some("yaml_orders")
    );
    assert_eq!(
        node(&y1.changes[1].body).children[0].attr("valueNumeric"),
        Some("1")
    );
    assert_eq!(
        y1.rollback
            .changes
            .iter()
            .map(|c| c.kind.as_str())
            .collect::<Vec<_>>(),
        ["dropTable"]
    );
    assert_eq!(at(&s, y1.rollback.changes[0].span), (35, 11));
    let y2 = &cl.changesets[1];
    assert_eq!(y2.transaction, TransactionMode::None);
    let (text, split) = sql_text(&y2.changes[0].body);
    assert!(text.starts_with("insert into ${schema}.orders"), "{text}");
    assert!(!split.split_statements);
    assert_eq!(
        y2.rollback
            .changes
            .iter()
            .map(|c| c.kind.as_str())
            .collect::<Vec<_>>(),
        ["createTable", "insert"]
    );
    // `--contexts prod`: the dev-only property definition no longer applies
    let opts = LoadOptions {
        contexts: Some("prod".into()),
        ..LoadOptions::default()
    };
    let (cl, _) = load_with("features/changelog.yaml", &opts);
    assert_eq!(
        node(&cl.changesets[0].changes[0].body).attr("tableName"),
        Some("orders")
    );
}

#[test]
fn xml_column_text_is_its_value() {
    let (cl, s) = load("features/column_text.xml");
    let col = &node(&cl.changesets[0].changes[0].body).children[0];
    assert_eq!(col.attr("value"), Some("hello & bye"));
    assert!(col.text.is_none());
    assert_eq!(
        col.attr_spanned("value").map(|v| at(&s, v.span)),
        Some((4, 33))
    );
}

#[test]
fn liquibase_database_properties_come_first() {
    let text = |dialect: Option<Dialect>| {
        let opts = LoadOptions {
            dialect,
            ..LoadOptions::default()
        };
        let (cl, _) = load_with("features/builtins.xml", &opts);
        sql_text(&cl.changesets[0].changes[0].body).0.to_string()
    };
    assert_eq!(
        text(Some(Dialect::Postgres)),
        "select count(*) from public.DATABASECHANGELOG where dateexecuted < NOW()"
    );
    assert_eq!(
        text(Some(Dialect::Sqlserver)),
        "select count(*) from dbo.DATABASECHANGELOG where dateexecuted < GETDATE()"
    );
    // no target: only what does not depend on the database, then the changelog's own
    assert_eq!(
        text(None),
        "select count(*) from not_used.DATABASECHANGELOG where dateexecuted < ${database.currentDateTimeFunction}"
    );
}
