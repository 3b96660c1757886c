#!/usr/bin/env python3
"""Writes Liquibase 4.28's own SQL for the corpus' real changelogs as golden
files (tests/fixtures/liquibase/golden/<project>.<database>.sql.gz), which
`tests/it/liquibase_corpus_golden.rs` (`cargo test --features corpus`)
compares our lowering with, changeset by changeset.

    python3 tools/liquibase-golden.py [--corpus ../shared/corpus] [--only keycloak]

(`LB_GOLDEN_RAW=DIR` also keeps Liquibase's raw output of each run in DIR.)

Needs Java and Liquibase 4.28 (`liquibase` on PATH or in /opt/peers/bin, as
../shared/tools/install-peers.sh installs it). Every run is Liquibase's
offline `update-sql` (no database), with a fresh DATABASECHANGELOG, so every
changeset the filters keep is printed.

`customChange` classes (Keycloak, Fineract, OpenMRS) are Java code of the
project, which Liquibase must load to parse the changelog: offline it stops
at the first one ("ClassNotFoundException"). They run no SQL Liquibase
generates, so the script compiles a stub of each class (a CustomSqlChange
returning no statement, with a setter per `<param>`) and puts it on
Liquibase's classpath: the changelogs are read unchanged, and the changes
around a customChange are printed as Liquibase prints them.

Each golden file starts with a header line naming the run

    -- golden liquibase=4.28.0 folder=<corpus folder> changelog=<path> db=<database> [contexts=<list>] [property=<k>=<v>]...

and lists the changesets Liquibase printed, in order:

    -- changeset <file>::<id>::<author> <EXECUTED|MARK_RAN|...>
    <the SQL Liquibase printed for it, without its DATABASECHANGELOG rows>

Liquibase's banner, comments, lock and DATABASECHANGELOG statements are
dropped; the SQL is otherwise as printed.
"""
import argparse
import csv
import gzip
import os
import re
import shutil
import subprocess
import sys
import tempfile

# (project, corpus folder, changelog relative to it, databases, extra args)
# Fineract runs as its tenant databases do: contexts tenant_db and the
# database's name (its changesets pair context="mysql"/"postgresql").
RUNS = [
    ("keycloak", "keycloak-liquibase-xml", "META-INF/jpa-changelog-master.xml",
     ["postgresql", "mysql", "mariadb"], {}),
    ("fineract", "fineract-liquibase-xml", "db/changelog/db.changelog-master.xml",
     ["postgresql", "mysql", "mariadb"],
     {"contexts": {"postgresql": "tenant_db,postgresql", "mysql": "tenant_db,mysql",
                   "mariadb": "tenant_db,mysql"}}),
    ("openmrs-schema", "openmrs-liquibase-xml", "liquibase-schema-only.xml",
     ["mysql", "postgresql"], {}),
    ("openmrs-update", "openmrs-liquibase-xml", "liquibase-update-to-latest.xml",
     ["mysql", "postgresql"], {}),
    ("openmrs-update-1_9", "openmrs-liquibase-xml", "liquibase-update-to-latest-from-1.9.x.xml",
     ["mysql", "postgresql"], {}),
    ("openmrs-core-data", "openmrs-liquibase-xml", "liquibase-core-data.xml",
     ["mysql", "postgresql"], {}),
    ("camunda", "camunda-liquibase-xml", "db/liquibase/camunda-changelog.xml",
     ["postgresql", "mysql"],
     {"properties": {"postgresql": {"db.name": "postgres"}, "mysql": {"db.name": "mysql"}}}),
    # keel is MySQL-only: on PostgreSQL Liquibase refuses its 27 afterColumn
    # (as we do: exit 2, "addAfterColumn is not allowed on postgresql")
    ("keel", "spinnaker-keel-liquibase-yaml", "db/changelog-master.yml",
     ["mysql", "mariadb"], {}),
    ("orca", "spinnaker-orca-liquibase-yaml", "db/changelog-master.yml",
     ["mysql", "postgresql"], {}),
    ("keiko", "spinnaker-orca-liquibase-yaml", "db/changelog-keiko.yml",
     ["mysql", "postgresql"], {}),
    ("clouddriver", "spinnaker-clouddriver-liquibase-yaml", "db/changelog-master.yml",
     ["mysql", "postgresql"], {}),
]

LB_HOME_GUESSES = [
    "/opt/peers/liquibase/node_modules/liquibase/dist/liquibase",
]


def liquibase_home():
    exe = shutil.which("liquibase") or "/opt/peers/bin/liquibase"
    real = os.path.realpath(exe)
    home = os.path.dirname(real)
    if os.path.exists(os.path.join(home, "internal/lib/liquibase-core.jar")):
        return home
    for g in LB_HOME_GUESSES:
        if os.path.exists(os.path.join(g, "internal/lib/liquibase-core.jar")):
            return g
    sys.exit("liquibase not found (install it with ../shared/tools/install-peers.sh)")


CUSTOM = re.compile(r'<customChange\b[^>]*?\bclass="([^"]+)"[^>]*?(/>|>(.*?)</customChange>)', re.S)
PARAM = re.compile(r'<param\b[^>]*?\bname="([^"]+)"')


def custom_classes(root):
    """Every customChange class of the XML under root, with its params."""
    found = {}
    for d, _, files in os.walk(root):
        for f in files:
            if not f.endswith(".xml"):
                continue
            with open(os.path.join(d, f), encoding="utf-8", errors="replace") as fh:
                text = fh.read()
            for m in CUSTOM.finditer(text):
                params = found.setdefault(m.group(1), set())
                params.update(PARAM.findall(m.group(3) or ""))
    return found


EXT_NS = "{http://www.liquibase.org/xml/ns/dbchangelog-ext}"
CHANGESET = "{http://www.liquibase.org/xml/ns/dbchangelog}changeSet"


def ext_changes(root):
    """Every change of the `dbchangelog-ext` namespace under root (an
    extension's change, such as OpenMRS's `ext:modifyColumn`), with its
    attributes."""
    import xml.etree.ElementTree as ET
    found = {}
    for d, _, files in os.walk(root):
        for f in files:
            if not f.endswith(".xml"):
                continue
            try:
                tree = ET.parse(os.path.join(d, f))
            except ET.ParseError:
                continue
            for cs in tree.iter(CHANGESET):
                for change in cs:
                    if change.tag.startswith(EXT_NS):
                        attrs = found.setdefault(change.tag[len(EXT_NS):], set())
                        attrs.update(change.attrib)
    return found


def ext_stub(name, attrs):
    """A Change named `name` that generates no SQL: an extension's change
    is the project's Java code, which the gate keeps as a change without SQL
    (as a customChange)."""
    simple = name[0].upper() + name[1:] + "Change"
    setters = "".join(
        f"  private String {a}; public String get{a[0].upper()}{a[1:]}() {{ return {a}; }}\n"
        f"  public void set{a[0].upper()}{a[1:]}(String v) {{ {a} = v; }}\n"
        for a in sorted(attrs) if re.fullmatch(r"[A-Za-z]\w*", a))
    body = (
        "package schemagate.stub.ext;\n"
        f'@liquibase.change.DatabaseChange(name = "{name}", description = "stub", '
        "priority = liquibase.change.ChangeMetaData.PRIORITY_DEFAULT)\n"
        f"public class {simple} extends liquibase.change.AbstractChange\n"
        "    implements liquibase.change.ChangeWithColumns<liquibase.change.ColumnConfig> {\n"
        "  private java.util.List<liquibase.change.ColumnConfig> columns = new java.util.ArrayList<>();\n"
        "  public java.util.List<liquibase.change.ColumnConfig> getColumns() { return columns; }\n"
        "  public void setColumns(java.util.List<liquibase.change.ColumnConfig> c) { columns = c; }\n"
        "  public void addColumn(liquibase.change.ColumnConfig c) { columns.add(c); }\n"
        "  public liquibase.statement.SqlStatement[] generateStatements(liquibase.database.Database d) {\n"
        "    return new liquibase.statement.SqlStatement[0];\n  }\n"
        '  public String getConfirmationMessage() { return "stub"; }\n'
        + setters + "}\n")
    return "schemagate.stub.ext." + simple, body


def stub_jar(classes, home, work, ext=None):
    """Compiles a no-op CustomSqlChange per class, and a no-op Change per
    extension change (registered as Liquibase finds changes, through
    META-INF/services); returns the classes' folder."""
    src = os.path.join(work, "stub-src")
    out = os.path.join(work, "stub-classes")
    os.makedirs(out, exist_ok=True)
    files = []
    services = []
    for name, attrs in sorted((ext or {}).items()):
        cls, body = ext_stub(name, attrs)
        path = os.path.join(src, *cls.split(".")) + ".java"
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as fh:
            fh.write(body)
        files.append(path)
        services.append(cls)
    if services:
        meta = os.path.join(out, "META-INF", "services")
        os.makedirs(meta, exist_ok=True)
        with open(os.path.join(meta, "liquibase.change.Change"), "w") as fh:
            fh.write("\n".join(services) + "\n")
    for name, params in sorted(classes.items()):
        pkg, _, simple = name.rpartition(".")
        setters = "".join(
            f"  public void set{p[0].upper()}{p[1:]}(String v) {{}}\n" for p in sorted(params))
        body = (
            (f"package {pkg};\n" if pkg else "")
            + f"public class {simple} implements liquibase.change.custom.CustomSqlChange {{\n"
            + "  public liquibase.statement.SqlStatement[] generateStatements(liquibase.database.Database d) {\n"
            + "    return new liquibase.statement.SqlStatement[0];\n  }\n"
            + '  public String getConfirmationMessage() { return "stub"; }\n'
            + "  public void setUp() {}\n"
            + "  public void setFileOpener(liquibase.resource.ResourceAccessor r) {}\n"
            + "  public liquibase.exception.ValidationErrors validate(liquibase.database.Database d) {\n"
            + "    return new liquibase.exception.ValidationErrors();\n  }\n"
            + setters + "}\n")
        path = os.path.join(src, *pkg.split("."), simple + ".java")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as fh:
            fh.write(body)
        files.append(path)
    if files:
        cp = os.path.join(home, "internal/lib/liquibase-core.jar")
        subprocess.run(["javac", "-nowarn", "-cp", cp, "-d", out] + files, check=True)
    return out


# Preconditions. A real `liquibase update` evaluates every one; offline
# `update-sql` evaluates only those with onSqlOutput="TEST" (against an empty
# snapshot and a fresh history) and by default ignores the rest, printing the
# changeset as run. In the copy Liquibase reads, each changeset-level
# container gets:
# - onSqlOutput="TEST" when Liquibase's own evaluation order (and: first
#   non-pass; or: first pass; not) reaches its result through conditions
#   it decides offline exactly as against a database: the database's type
#   and the changelog's properties (`<dbms type="oracle"/>` first in an
#   `and` fails it whatever follows);
# - onSqlOutput="IGNORE" when the result hinges on a condition that needs a
#   database (tableExists, indexExists, sqlCheck, changeSetExecuted, ...),
#   even where the changelog says TEST: offline, TEST would decide it
#   against an empty database (an index created ten changesets earlier
#   "does not exist"). The changeset is then printed as run, which is how we
#   lower it: it may run.
DECIDABLE = {"dbms", "not", "and", "or", "changeLogPropertyDefined"}
XML_PRECONDITIONS = re.compile(r"<preConditions\b([^>]*)>(.*?)</preConditions>", re.S)
PASS, FAIL, UNKNOWN = "pass", "fail", "unknown"


def dbms_matches(definition, db):
    items = [d.strip().lower() for d in definition.split(",") if d.strip()]
    if not items:
        return False
    if "none" in items:
        return False
    if "all" in items or ("!" + db) not in items and all(d.startswith("!") for d in items):
        return "!" + db not in items
    return db in items


def evaluate(children, db, how):
    """Three-valued evaluation of preConditions children in Liquibase's order."""
    for c in children:
        tag = c.tag.rsplit("}", 1)[-1]
        if tag in ("and",):
            r = evaluate(list(c), db, "and")
        elif tag == "or":
            r = evaluate(list(c), db, "or")
        elif tag == "not":
            inner = evaluate(list(c), db, "or")
            r = {PASS: FAIL, FAIL: PASS, UNKNOWN: UNKNOWN}[inner]
        elif tag == "dbms":
            r = PASS if dbms_matches(c.get("type", ""), db) else FAIL
        else:
            r = UNKNOWN  # needs a database (or properties: left to Liquibase)
        if how == "and" and r != PASS:
            return r
        if how == "or" and r != FAIL:
            return r
    return PASS if how == "and" else FAIL


def xml_preconditions(text, db):
    import xml.etree.ElementTree as ET

    def one(m):
        attrs, body = m.group(1), m.group(2)
        try:
            node = ET.fromstring(f"<p>{body}</p>")
            decided = evaluate(list(node), db, "and") != UNKNOWN
        except ET.ParseError:
            decided = False
        mode = "TEST" if decided else "IGNORE"
        attrs = re.sub(r'\s+onSqlOutput="[^"]*"', "", attrs)
        return f'<preConditions{attrs} onSqlOutput="{mode}">{body}</preConditions>'
    return XML_PRECONDITIONS.sub(one, text)


def test_decidable_preconditions(root, db):
    """Sets onSqlOutput on every preconditions container under root."""
    for d, _, files in os.walk(root):
        for f in files:
            path = os.path.join(d, f)
            if f.endswith(".xml"):
                def edit(t):
                    return xml_preconditions(t, db)
            elif f.endswith((".yml", ".yaml")):
                edit = yaml_preconditions
            else:
                continue
            with open(path, encoding="utf-8", errors="surrogateescape") as fh:
                text = fh.read()
            new = edit(text)
            if new != text:
                with open(path, "w", encoding="utf-8", errors="surrogateescape") as fh:
                    fh.write(new)


YAML_KEYS = DECIDABLE | {"onFail", "onError", "onFailMessage", "onErrorMessage", "type",
                         "property", "value"}


def yaml_preconditions(text):
    lines = text.split("\n")
    out = []
    i = 0
    while i < len(lines):
        line = lines[i]
        out.append(line)
        m = re.match(r"^(\s*)(- )?preConditions:\s*$", line)
        i += 1
        if not m:
            continue
        indent = len(m.group(1)) + len(m.group(2) or "")
        block = []
        while i < len(lines) and (not lines[i].strip()
                                  or len(lines[i]) - len(lines[i].lstrip()) > indent):
            block.append(lines[i])
            i += 1
        keys = set(re.findall(r"^[\s-]*([A-Za-z]+):", "\n".join(block), re.M))
        block = [b for b in block if not re.match(r"^[\s-]*onSqlOutput:", b)]
        keys.discard("onSqlOutput")
        mode = "TEST" if keys and keys <= YAML_KEYS else "IGNORE"
        first = next((b for b in block if b.strip()), None)
        if first is not None:
            lead = first[:len(first) - len(first.lstrip())]
            item = "- " if first.lstrip().startswith("- ") else ""
            out.append(f"{lead}{item}onSqlOutput: {mode}")
        out.extend(block)
    return "\n".join(out)


MARKER = re.compile(r"^--\s+Changeset (.*)$")
HISTORY = re.compile(r"\bdatabasechangelog(lock)?\b", re.I)
EXECTYPE = re.compile(r"'(EXECUTED|MARK_RAN|RERAN|SKIPPED|FAILED)'")


def split_output(text):
    """Liquibase's update-sql output as [(changeset, exectype, sql)]."""
    out = []
    cur = None
    stmt = []
    for line in text.splitlines():
        m = MARKER.match(line)
        if m:
            cur = [m.group(1).strip(), "EXECUTED", []]
            out.append(cur)
            stmt = []
            continue
        if cur is None:
            continue  # banner, lock and history-table set-up
        if line.startswith("--") and not stmt:
            continue
        stmt.append(line)
        # A statement ends at a line ending in the delimiter, or at GO / a
        # lone "/" (SQL Server, Oracle); DATABASECHANGELOG rows are dropped.
        stripped = line.rstrip()
        if stripped.endswith(";") or stripped in ("GO", "/"):
            whole = "\n".join(stmt)
            stmt = []
            if HISTORY.search(whole.split("(", 1)[0]):
                t = EXECTYPE.search(whole)
                if t:
                    cur[1] = t.group(1)
                continue
            cur[2].append(whole)
    if stmt and cur is not None:
        cur[2].append("\n".join(stmt))
    return out


def history(csv_path):
    """`file::id::author` -> EXECTYPE from the offline DATABASECHANGELOG CSV."""
    out = {}
    if not os.path.exists(csv_path):
        return out
    with open(csv_path, newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            out[f"{row['FILENAME']}::{row['ID']}::{row['AUTHOR']}"] = row["EXECTYPE"]
    return out


def run_one(home, classpath, root, changelog, db, contexts, properties, work):
    csv_path = os.path.join(work, f"history-{db}.csv")
    if os.path.exists(csv_path):
        os.remove(csv_path)
    # With stubs, Liquibase runs on a class path that has them: its
    # `--classpath` comes too late for the changes it looks up as services
    # (an extension's change is "Unknown change type" there).
    launcher = ([os.path.join(home, "liquibase")] if not classpath else
                ["java", "-cp", os.path.join(home, "internal", "lib", "*") + os.pathsep + classpath,
                 "liquibase.integration.commandline.LiquibaseCommandLine"])
    cmd = launcher + ["--show-banner=false", "--log-level=off",
                      "--validate-xml-changelog-files=false",
                      f"--search-path={root}", f"--changelog-file={changelog}",
                      f"--url=offline:{db}?changeLogFile={csv_path}"]
    cmd.append("update-sql")
    if contexts:
        cmd.append(f"--contexts={contexts}")
    for k, v in (properties or {}).items():
        cmd.append(f"-D{k}={v}")
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        sys.stderr.write(r.stderr)
        raise SystemExit(f"liquibase failed: {' '.join(cmd)}")
    return r.stdout, history(csv_path)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.dirname(here)
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=os.path.join(repo, "..", "shared", "corpus"))
    ap.add_argument("--out", default=os.path.join(repo, "tests/fixtures/liquibase/golden"))
    ap.add_argument("--only", action="append", help="project name (repeatable)")
    args = ap.parse_args()
    home = liquibase_home()
    os.makedirs(args.out, exist_ok=True)
    failed = False
    with tempfile.TemporaryDirectory() as work:
        for project, folder, changelog, dbs, extra in RUNS:
            if args.only and project not in args.only:
                continue
            root = os.path.join(args.corpus, folder)
            classes = custom_classes(root)
            ext = ext_changes(root)
            classpath = (stub_jar(classes, home, os.path.join(work, project), ext)
                         if classes or ext else None)
            for db in dbs:
                copy = os.path.join(work, project, db)
                if not os.path.exists(copy):
                    shutil.copytree(root, copy)
                    test_decidable_preconditions(copy, db)
                contexts = extra.get("contexts", {}).get(db)
                props = extra.get("properties", {}).get(db)
                try:
                    text, ran = run_one(home, classpath, copy, changelog, db, contexts, props,
                                        work)
                except SystemExit as e:
                    print(f"{project:15} {db:10} FAILED: {e}", flush=True)
                    failed = True
                    continue
                if os.environ.get("LB_GOLDEN_RAW"):
                    with open(os.path.join(os.environ["LB_GOLDEN_RAW"], f"{project}.{db}.sql"), "w") as fh:
                        fh.write(text)
                # a changeset printed but not recorded was skipped (onFail CONTINUE)
                changesets = [(name, ran.get(name, "SKIPPED"), stmts)
                              for name, _, stmts in split_output(text)]
                # what the test needs to load the same changelog the same way
                lines = [f"-- golden liquibase=4.28.0 folder={folder} changelog={changelog} db={db}"
                         + (f" contexts={contexts}" if contexts else "")
                         + "".join(f" property={k}={v}" for k, v in (props or {}).items())]
                for name, exectype, stmts in changesets:
                    lines.append(f"-- changeset {name} {exectype}")
                    lines.extend(stmts)
                path = os.path.join(args.out, f"{project}.{db}.sql.gz")
                data = ("\n".join(lines) + "\n").encode()
                # mtime 0: the same output gives the same bytes
                with open(path, "wb") as raw:
                    with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as gz:
                        gz.write(data)
                n = sum(len(s) for _, _, s in changesets)
                print(f"{project:15} {db:10} {len(changesets):5} changesets {n:6} statements "
                      f"{os.path.getsize(path):8} bytes", flush=True)


    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
