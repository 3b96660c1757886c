//! `--baseline`: a schema dump seeds the schema model as history. Its
//! tables are known (and not new) to the proposal, and nothing in it is
//! judged.

use schemagate::check::{CheckOptions, analyze, check};
use schemagate::dialect::Dialect;
use schemagate::policy::input::Needs;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/baseline");

fn options() -> CheckOptions {
    let mut opts = CheckOptions::new(vec![format!("{DIR}/db").into()], Dialect::Postgres);
    opts.baselines = vec![format!("{DIR}/prod-schema.sql").into()];
    opts
}

#[test]
fn the_dump_is_history_and_its_tables_are_known() {
    let mut sources = Default::default();
    let mut problems = Vec::new();
    let needs = Needs {
        changesets: true,
        ..Needs::default()
    };
    let analyzed = analyze(&options(), needs, &mut sources, &mut problems);
    assert!(problems.is_empty(), "{problems:?}");
    let doc = &analyzed[0].inputs.changesets[0].1;
    let tables: Vec<(String, bool, bool, serde_json::Value)> = doc["statements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let t = &s["table"];
            (
                t["name"].as_str().unwrap_or_default().to_string(),
                t["known"].as_bool().unwrap_or_default(),
                t["new"].as_bool().unwrap_or_default(),
                t["created_in"].clone(),
            )
        })
        .collect();
    assert_eq!(
        tables,
        [
            // CREATE TABLE app.refunds: not there before
            ("refunds".into(), false, false, serde_json::Value::Null),
            // its index: created by the proposal
            ("refunds".into(), true, true, "10".into()),
            // app.orders: the dump's, so known, not new
            ("orders".into(), true, false, serde_json::Value::Null),
        ]
    );
}

#[test]
fn only_the_proposal_is_judged() {
    let outcome = check(&options());
    assert!(outcome.problems.is_empty(), "{:?}", outcome.problems);
    let got: Vec<(String, String, usize)> = outcome
        .findings
        .iter()
        .map(|f| {
            let loc = outcome.sources.locate(f.span.unwrap());
            let file = loc.file.rsplit('/').next().unwrap_or_default().to_string();
            (f.rule.clone(), file, loc.line)
        })
        .collect();
    // the dump's own `CREATE INDEX` without CONCURRENTLY is not judged
    assert_eq!(
        got,
        [
            (
                "require-concurrent-index-creation".into(),
                "V10__orders_status.sql".into(),
                3
            ),
            (
                "require-lock-timeout".into(),
                "V10__orders_status.sql".into(),
                3
            ),
        ]
    );
}

#[test]
fn a_missing_baseline_is_an_input_error() {
    let mut opts = options();
    opts.baselines = vec![format!("{DIR}/no-such-dump.sql").into()];
    let outcome = check(&opts);
    assert_eq!(outcome.problems.len(), 1, "{:?}", outcome.problems);
    assert_eq!(schemagate::report::exit_code(&outcome), 2);
}

/// `mysqldump --no-data`: executable comments, `DROP TABLE IF EXISTS` before
/// each `CREATE TABLE`, backquoted names.
#[test]
fn a_mysqldump_is_a_baseline_too() {
    let mut opts = CheckOptions::new(vec![format!("{DIR}/mysql").into()], Dialect::Mysql);
    opts.baselines = vec![format!("{DIR}/mysqldump.sql").into()];
    let mut problems = Vec::new();
    let needs = Needs {
        changesets: true,
        ..Needs::default()
    };
    let analyzed = analyze(&opts, needs, &mut Default::default(), &mut problems);
    assert!(problems.is_empty(), "{problems:?}");
    let table = &analyzed[0].inputs.changesets[0].1["statements"][0]["table"];
    assert_eq!(table["name"], "orders");
    assert_eq!(table["known"], true);
    assert_eq!(table["new"], false);
}

/// A dump is the whole schema: the replay then knows what the database
/// would refuse. Without it, the same migration is not judged refusable.
#[test]
fn a_baseline_tells_what_the_database_would_refuse() {
    let refusals = |baselines: Vec<std::path::PathBuf>| -> Vec<(String, usize)> {
        let mut opts = CheckOptions::new(vec![format!("{DIR}/refused").into()], Dialect::Postgres);
        opts.baselines = baselines;
        let outcome = check(&opts);
        assert!(outcome.problems.is_empty(), "{:?}", outcome.problems);
        outcome
            .findings
            .iter()
            .filter(|f| f.rule.contains("exist"))
            .map(|f| (f.rule.clone(), outcome.sources.locate(f.span.unwrap()).line))
            .collect()
    };
    assert_eq!(
        refusals(vec![format!("{DIR}/prod-schema.sql").into()]),
        [
            ("column-does-not-exist".to_string(), 1),
            ("object-does-not-exist".to_string(), 2),
            ("object-already-exists".to_string(), 3),
        ]
    );
    assert_eq!(refusals(Vec::new()), []);
}

/// The PR gate against prod's real schema: history (`--applied`) replayed
/// over the dump keeps what the dump says (prod already has the index the
/// proposal creates), and the input documents carry how prod differs from
/// what history builds (`environment`), for a team's own rules.
#[test]
fn the_environment_of_a_baseline_reaches_the_policies() {
    const ENV: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/environment");
    let args = |extra: &[&'static str]| -> Vec<String> {
        let mut a: Vec<String> = [
            "--dialect",
            "postgres",
            "--no-config",
            "--applied",
            &format!("{ENV}/applied.csv"),
            "--baseline",
            &format!("{ENV}/prod-schema.sql"),
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        a.extend(extra.iter().map(|s| s.to_string()));
        a
    };
    let db = format!("{ENV}/db");
    let policy = format!("{ENV}/policy");
    let mut check: Vec<String> = vec!["check".into(), db.clone(), "--policy".into(), policy];
    check.extend(args(&["--format", "json"]));
    let check: Vec<&str> = check.iter().map(String::as_str).collect();
    let run = crate::common::run(&check);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    let got: Vec<String> = doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            let at = f["line"].as_u64().map_or("-".into(), |l| {
                let file = f["file"].as_str().unwrap_or_default();
                format!("{}:{l}", file.rsplit('/').next().unwrap_or_default())
            });
            let msg = f["message"].as_str().unwrap_or_default();
            format!(
                "{} {} {at} {}",
                f["rule"].as_str().unwrap_or_default(),
                f["severity"].as_str().unwrap_or_default(),
                msg.split(':').next().unwrap_or_default()
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            r#"team.prod_drift.proposal_warn warning - prod has 1 table(s) the changelog does not know"#,
            "team.prod_drift.warn warning - prod has column note on orders that the changelog does not know",
            "team.prod_drift.warn warning - prod has index orders_total_idx on orders that the changelog does not know",
            "object-already-exists error V2__orders_status.sql:3 CREATE INDEX would be refused by the database",
            "require-concurrent-index-creation error V2__orders_status.sql:3 Creating index \"orders_total_idx\" on existing table \"orders\" without CONCURRENTLY blocks writes to \"orders\" for the whole build",
        ]
    );

    // the documents themselves: the proposal gets every difference, a
    // changeset those of the tables it touches
    let mut input: Vec<String> = vec!["input".into(), db, "--proposal".into()];
    input.extend(args(&[]));
    let input: Vec<&str> = input.iter().map(String::as_str).collect();
    let run = crate::common::run(&input);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    let env = &doc["environment"];
    assert_eq!(
        env["baseline"][0]
            .as_str()
            .map(|b| b.ends_with("prod-schema.sql")),
        Some(true)
    );
    let drift: Vec<String> = env["drift"]
        .as_array()
        .expect("drift")
        .iter()
        .map(|d| {
            format!(
                "{} {} {} {}",
                d["kind"], d["name"], d["part"], d["change"]["what"]
            )
        })
        .collect();
    assert_eq!(
        drift,
        [
            r#""column" "orders" "note" "only_right""#,
            r#""index" "orders" "orders_total_idx" "only_right""#,
            r#""table" "scratch" null "only_right""#,
        ]
    );
}
