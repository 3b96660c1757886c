#!/usr/bin/env python3
"""Writes seed corpora for the fuzz targets from ../shared/corpus (and the
repository's own fixtures) into OUT/<target>/, in each target's input layout
(see src/lib.rs): `[dialect, flags] ++ text`, the bare YAML for `config`,
`[dialect, flags] ++ name \\0 content \\0 …` for `pipeline`.

    python3 fuzz/seed.py OUT [--corpus DIR] [--max-len N] [--per-target N]

Seeds are never committed: they are copies of the corpus. Files longer than
--max-len are cut at the last line break before it. Only the standard
library is used.
"""

import argparse
import hashlib
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)

# schemagate's Dialect::ALL, in order: the dialect byte is the index
DIALECTS = ["postgres", "mysql", "mariadb", "sqlserver", "sqlite", "oracle", "generic",
            "ansi", "snowflake", "bigquery", "redshift", "duckdb", "clickhouse", "hive",
            "databricks", "h2", "db2", "cockroachdb"]
# the corpus' names (sqlparser-style) to ours; others read as generic
CORPUS_NAMES = {"postgresql": "postgres", "mssql": "sqlserver", "cockroachdb": "cockroachdb",
                "mysql": "mysql", "mariadb": "mariadb", "sqlite": "sqlite", "oracle": "oracle",
                "h2": "h2", "db2": "db2", "snowflake": "snowflake"}

TARGETS = ["sql_split", "formatted_sql", "changelog_xml", "changelog_yaml", "changelog_json",
           "config", "pipeline"]


def dialect_byte(name):
    ours = CORPUS_NAMES.get(name or "", name if name in DIALECTS else "generic")
    return DIALECTS.index(ours) if ours in DIALECTS else DIALECTS.index("generic")


def cut(data, max_len):
    if len(data) <= max_len:
        return data
    head = data[:max_len]
    nl = head.rfind(b"\n")
    return head[: nl + 1] if nl > 0 else head


def dialect_of(entry, rel):
    for sub, name in (entry.get("dialect_by_path") or {}).items():
        if sub in rel:
            return name
    name = entry.get("dialect")
    if name in (None, "multi"):
        low = rel.lower()
        for key in ["postgres", "mysql", "mariadb", "mssql", "sqlserver", "oracle", "sqlite",
                    "db2", "h2"]:
            if key in low:
                return {"postgres": "postgresql", "sqlserver": "mssql"}.get(key, key)
        return "generic"
    return name


def kind(path, data):
    """Which single-file target a file seeds, if any."""
    ext = os.path.splitext(path)[1].lower()
    text = data[:4096].decode("utf-8", "replace")
    if ext == ".xml":
        return "changelog_xml" if "databaseChangeLog" in text else None
    if ext in (".yaml", ".yml"):
        return "changelog_yaml" if "databaseChangeLog" in text else None
    if ext == ".json":
        return "changelog_json" if "databaseChangeLog" in text else None
    if ext == ".sql":
        first = next((l for l in text.splitlines() if l.strip()), "")
        if re.match(r"\s*--\s*liquibase\s+formatted\s+sql", first, re.I):
            return "formatted_sql"
        return "sql_split"
    return None


class Writer:
    def __init__(self, out, per_target):
        self.out = out
        self.per_target = per_target
        self.count = {t: 0 for t in TARGETS}
        self.seen = set()
        for t in TARGETS:
            os.makedirs(os.path.join(out, t), exist_ok=True)

    def add(self, target, data):
        digest = hashlib.sha1(data).hexdigest()
        if (target, digest) in self.seen or self.count[target] >= self.per_target:
            return
        self.seen.add((target, digest))
        self.count[target] += 1
        with open(os.path.join(self.out, target, digest), "wb") as f:
            f.write(data)


def walk(root):
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            yield os.path.join(dirpath, name)


def pipeline_input(dialect, files, max_len, first=None):
    """`[dialect, 0] ++ name\\0content\\0…` of up to 12 files under max_len."""
    out = bytearray([dialect, 0])
    ordered = sorted(files, key=lambda f: (f[0] != first, f[0]))
    for rel, data in ordered[:12]:
        piece = rel.encode() + b"\0" + data + b"\0"
        if len(out) + len(piece) > max_len:
            continue
        out += piece
    return bytes(out) if len(out) > 2 else None


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--corpus", default=os.path.join(REPO, "..", "shared", "corpus"))
    ap.add_argument("--max-len", type=int, default=16384)
    ap.add_argument("--per-target", type=int, default=1500)
    args = ap.parse_args()
    manifest_path = os.path.join(args.corpus, "manifest.json")
    if not os.path.exists(manifest_path):
        # also the layout of git worktrees beside the main checkout
        alt = os.path.join(REPO, "..", "..", "shared", "corpus")
        if os.path.exists(os.path.join(alt, "manifest.json")):
            args.corpus, manifest_path = alt, os.path.join(alt, "manifest.json")
        else:
            sys.exit(f"no corpus: {manifest_path} is missing (--corpus DIR)")
    manifest = json.load(open(manifest_path))
    w = Writer(args.out, args.per_target)
    body_len = args.max_len - 2

    # the repository's own fixtures first: small, and each one a case
    sources = [({"dir": "fixtures", "dialect": "postgresql"}, os.path.join(REPO, "tests", "fixtures"))]
    sources += [({"dir": "examples", "dialect": "postgresql"}, os.path.join(REPO, "examples"))]
    sources += [(e, os.path.join(args.corpus, e["dir"])) for e in manifest
                if e.get("format") != "reference-config"]

    # single files; round-robin over the sources so that every one is seeded
    per_source = []
    for entry, root in sources:
        files = []
        for path in walk(root):
            rel = os.path.relpath(path, root)
            try:
                data = open(path, "rb").read()
            except OSError:
                continue
            base = os.path.basename(path)
            if base in ("schemagate.yaml", ".schemagate.yaml", "schemagate.yml") or (
                    entry["dir"] == "fixtures" and "config" in rel and base.endswith((".yaml", ".yml"))):
                w.add("config", cut(data, args.max_len))
            t = kind(path, data)
            if t:
                d = dialect_byte(dialect_of(entry, rel))
                files.append((t, bytes([d, 0]) + cut(data, body_len)))
        per_source.append(files)
    while any(per_source):
        for files in per_source:
            if files:
                t, data = files.pop(0)
                w.add(t, data)

    # handwritten config seeds: each key the schema knows
    for text in [
        "dialect: postgres\ndb_version: 16\nfail_on: warning\n",
        "rules:\n  ban-drop-table: off\n  identifier-too-long: {severity: error, params: {max_length: 63}}\n",
        "environments:\n  prod:\n    fail_on: warning\n    rules: {require-lock-timeout: error}\n  dev: {}\n",
        "waivers:\n  - rule: ban-drop-table\n    changeset: '1'\n    reason: legacy\n    owner: dba\n    expires: 2030-01-01\n",
        "harness:\n  db_instance: {name: a, identifier: b, tags: [x], type: postgres}\n  db_schema: {name: s, identifier: t}\n",
        "properties: {schema: public}\nplaceholders: {x: 1}\ncontexts: prod\nlabels: a and b\nbaseline: [a.sql, b.sql]\n",
        "data:\n  protected_tables: [a, b]\nparams:\n  identifier-too-long: {max_length: 30}\n",
        '{"dialect": "mysql", "rules": {"ban-drop-table": "warning"}}\n',
    ]:
        w.add("config", text.encode())

    # pipeline: one input per folder (its files, the changelog first)
    for entry, root in sources:
        by_dir = {}
        for path in walk(root):
            rel = os.path.relpath(path, root)
            if os.path.splitext(path)[1].lower() not in (".sql", ".xml", ".yaml", ".yml", ".json", ".csv", ".conf", ".toml"):
                continue
            try:
                data = open(path, "rb").read()
            except OSError:
                continue
            if len(data) > body_len // 2:
                continue
            by_dir.setdefault(os.path.dirname(rel), []).append((os.path.basename(path), data))
        for folder, files in sorted(by_dir.items()):
            d = dialect_byte(dialect_of(entry, folder + "/"))
            changelogs = [n for n, data in files if kind(n, data) in
                          ("changelog_xml", "changelog_yaml", "changelog_json")]
            masters = [n for n in changelogs if "master" in n or "root" in n] or changelogs
            data = pipeline_input(d, files, args.max_len, masters[0] if masters else None)
            if data:
                w.add("pipeline", data)

    for t in TARGETS:
        print(f"{t}: {w.count[t]} seeds")


if __name__ == "__main__":
    main()
