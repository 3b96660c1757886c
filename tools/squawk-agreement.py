#!/usr/bin/env python3
"""Per-rule agreement between squawk and schemagate on the corpus's PostgreSQL
migrations, per statement.

    tools/squawk-agreement.py [--corpus ../shared/corpus] [--squawk squawk]
                              [--schemagate target/release/schemagate] [--json]

For every PostgreSQL SQL folder of the corpus manifest (Liquibase changelogs
left out: squawk reads SQL files only), schemagate checks the folder as a
whole (its history is the context of each migration; down migrations and
undo scripts, which schemagate reads as rollbacks and never judges, are
and files the folder's layout does not read as its migrations are left out) with the opt-in rules
that squawk has on by default turned on, and squawk lints each `.sql` file,
with `--assume-in-transaction` where the folder's migration tool runs each
migration in a transaction (as schemagate models it) and `--pg-version 14`
(the major schemagate assumes when none is given). squawk's names are mapped
to ours with `schemagate rules --compat squawk --format json` (the rules'
`meta.aliases`). A finding is placed at the statement holding its line
(`schemagate input` gives every statement's lines), so a column-level squawk
finding and a statement-level one of ours meet. For each of our rules:
statements both flag, only squawk, only schemagate, and agreement =
both / (both + only squawk + only schemagate).

Needs squawk 2.70 (`../shared/tools/install-peers.sh`, or PyPI squawk-cli).
"""

import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile

# Migration tools that run each migration in a transaction (schemagate's
# `changeset.transaction: implicit`); golang-migrate's multi-statement
# query is an implicit transaction too.
IN_TRANSACTION = {"flyway", "dbmate", "sqlx", "diesel", "golang-migrate", "pop-sql"}

# schemagate rules that are off by default and squawk has on by default:
# turned on so like is compared with like.
OPT_IN = [
    "prefer-bigint-over-int",
    "prefer-bigint-over-smallint",
    "prefer-identity",
    "prefer-text-field",
    "prefer-robust-stmts",
    "require-enum-value-ordering",
]


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def statements_of(schemagate, folder, new, rollback):
    """{file: [(first line, last line)]} of every statement schemagate reads;
    adds to `new` the (file, line) of those whose table an earlier migration
    of the folder created (`table.new`)."""
    out = run([schemagate, "input", folder, "--dialect", "postgres", "--no-config"])
    spans = collections.defaultdict(list)
    try:
        docs = json.loads(out.stdout)
    except json.JSONDecodeError:
        return spans
    for doc in docs:
        for s in doc.get("statements", []):
            if s.get("phase") == "rollback":
                rollback.add(os.path.normpath(s["file"]))
            if s.get("phase") == "forward" and s.get("within") is None:
                file = os.path.normpath(s["file"])
                spans[file].append((s["line"], s["end_line"]))
                if (s.get("table") or {}).get("new"):
                    new.add((file, s["line"]))
    return spans


def statement_at(spans, file, line):
    for first, last in spans.get(file, []):
        if first <= line <= last:
            return first
    return line


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.dirname(here)
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--corpus", default=os.path.join(repo, "..", "shared", "corpus"))
    p.add_argument("--squawk", default="squawk")
    p.add_argument("--schemagate", default=os.path.join(repo, "target", "release", "schemagate"))
    p.add_argument("--json", action="store_true", help="print the table as JSON")
    p.add_argument("--examples", metavar="RULE", help="also print where only one tool flags RULE")
    a = p.parse_args()
    corpus = os.path.abspath(a.corpus)
    schemagate = os.path.abspath(a.schemagate)

    compat = json.loads(run([schemagate, "rules", "--compat", "squawk", "--format", "json"]).stdout)
    ours_of = {e["name"]: e["rules"][0] for e in compat["rules"] if e["rules"]}

    config = tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False)
    config.write("rules:\n" + "".join(f"  {r}: {{enabled: true}}\n" for r in OPT_IN))
    config.close()

    manifest = json.load(open(os.path.join(corpus, "manifest.json")))
    squawk_hits, our_hits, new, rollback = set(), set(), set(), set()
    files = 0
    for entry in manifest:
        fmt = entry.get("format") or ""
        if entry.get("dialect") != "postgresql" or fmt.startswith("liquibase") or entry.get("dialect_by_path"):
            continue
        folder = entry["dir"]
        os.chdir(corpus)
        spans = statements_of(schemagate, folder, new, rollback)
        report = run([schemagate, "check", folder, "--dialect", "postgres", "--config", config.name, "--format", "json"])
        try:
            findings = json.loads(report.stdout).get("findings", [])
        except json.JSONDecodeError:
            print(f"schemagate: {folder}: {report.stderr[:200]}", file=sys.stderr)
            continue
        for f in findings:
            if f.get("file") and f.get("line"):
                file = os.path.normpath(f["file"])
                our_hits.add((f["rule"], file, statement_at(spans, file, f["line"])))
        sql_files = sorted(
            os.path.normpath(os.path.join(root, n))
            for root, _, names in os.walk(folder)
            for n in names
            if n.endswith(".sql")
        )
        # down migrations and undo scripts are the rollback of a migration,
        # not a proposed change: schemagate never judges them
        sql_files = [f for f in sql_files if f not in rollback]
        # only the files schemagate reads as migrations of the folder (a
        # layout's other files — another dialect's, a set it does not
        # select — are not part of it)
        sql_files = [f for f in sql_files if f in spans]
        flags = ["--reporter", "json", "--pg-version", "14.0"]
        if fmt in IN_TRANSACTION:
            flags.append("--assume-in-transaction")
        for file in sql_files:
            files += 1
            out = run([a.squawk, *flags, file])
            try:
                violations = json.loads(out.stdout or "[]")
            except json.JSONDecodeError:
                continue
            for v in violations:
                rule = ours_of.get(v.get("rule_name"))
                if rule is None:
                    continue
                # squawk's lines are 0-based
                line = statement_at(spans, file, v["line"] + 1)
                squawk_hits.add((rule, file, line))

    rules = sorted({r for r, _, _ in squawk_hits | our_hits} & set(ours_of.values()))
    rows = []
    for rule in rules:
        s = {(f, l) for r, f, l in squawk_hits if r == rule}
        o = {(f, l) for r, f, l in our_hits if r == rule}
        both = len(s & o)
        total = len(s | o)
        # squawk's findings on tables the folder itself creates earlier:
        # schemagate leaves them out on purpose (nobody uses the table yet)
        on_new = len({x for x in s - o if x in new})
        rest = total - on_new
        rows.append({
            "rule": rule,
            "squawk": len(s),
            "schemagate": len(o),
            "both": both,
            "only_squawk": len(s - o),
            "only_squawk_new_table": on_new,
            "only_schemagate": len(o - s),
            "agreement": round(100 * both / total) if total else 100,
            "agreement_existing_tables": round(100 * both / rest) if rest else 100,
        })
    all_s = {(r, f, l) for r, f, l in squawk_hits if r in rules}
    all_o = {(r, f, l) for r, f, l in our_hits if r in rules}
    total = len(all_s | all_o)
    overall = round(100 * len(all_s & all_o) / total) if total else 100
    all_new = len({x for x in all_s - all_o if (x[1], x[2]) in new})
    rest = total - all_new
    existing = round(100 * len(all_s & all_o) / rest) if rest else 100
    if a.examples:
        s = {(f, l) for r, f, l in squawk_hits if r == a.examples}
        o = {(f, l) for r, f, l in our_hits if r == a.examples}
        for f, l in sorted(s - o):
            print(f"only squawk: {f}:{l}{' (table the folder creates)' if (f, l) in new else ''}")
        for f, l in sorted(o - s):
            print(f"only schemagate: {f}:{l}")
        return
    if a.json:
        print(json.dumps({"files": files, "rules": rows, "overall": overall, "overall_existing_tables": existing}, indent=2))
        return
    print(f"{files} PostgreSQL files; statements flagged per rule (squawk names mapped to ours)\n")
    print("| rule | squawk | schemagate | both | only squawk (of which on a table the folder creates) | only schemagate | agreement | agreement, tables the folder creates left out |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| `{r['rule']}` | {r['squawk']} | {r['schemagate']} | {r['both']} | {r['only_squawk']} ({r['only_squawk_new_table']}) | {r['only_schemagate']} | {r['agreement']}% | {r['agreement_existing_tables']}% |")
    print(f"| **all** | {len(all_s)} | {len(all_o)} | {len(all_s & all_o)} | {len(all_s - all_o)} ({all_new}) | {len(all_o - all_s)} | {overall}% | {existing}% |")


if __name__ == "__main__":
    main()
