#!/usr/bin/env python3
"""Liquibase 4.28's own answer for every type spelling and computed default
that `src/sql/liquibase/types/table.rs` and `functions.rs` map, on every
database Liquibase runs offline.

Writes one changelog with a `createTable` per spelling (and one per computed
default), runs `lb-offline-sql` (from ../shared/tools/install-peers.sh) on
each database, and keeps what Liquibase wrote for the column:

    tests/fixtures/liquibase/types/types.tsv      database, version told, written type, Liquibase's type
    tests/fixtures/liquibase/types/computed.tsv   database, defaultValueComputed, Liquibase's DEFAULT

`src/sql/liquibase/types/liquibase_check.rs` compares our lowering with
these row by row. Add a spelling here when a table row gains an alias.

    python3 tools/liquibase-types.py   # needs lb-offline-sql on PATH or in /opt/peers/bin
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile

DATABASES = ["postgresql", "mysql", "mariadb", "mssql", "oracle", "h2", "sqlite"]

# The database version Liquibase is told, where our lowering assumes one
# when none is given: Oracle before 23 (BOOLEAN is NUMBER(1)); the others at
# offline's default (999.999: every version check passes, but MySQL's
# patch-level one, see TimeType).
VERSIONS = {"oracle": "19.0"}

# The versions where a type class of Liquibase 4.28 writes something else
# (its `getDatabaseMajorVersion`/`Minor`/`Patch` checks, and
# `getMaxFractionalDigitsForTimestamp`): the spellings of VERSIONED_TYPES run
# again at each. BooleanType: Oracle 23 has BOOLEAN. UUIDType: MariaDB 10.7
# and PostgreSQL 8.3 have UUID. XMLType: PostgreSQL 8.3 has XML. TimeType:
# MySQL/MariaDB keep a time precision when major >= 5, minor >= 6 and
# patch >= 4 (each part). Timestamps: no fractional digits before MySQL
# 5.6.4 (MariaDB 5.3, PostgreSQL 7.2).
AT_VERSIONS = {
    "oracle": ["23.0"],
    "mariadb": ["10.6", "10.6.4", "5.2"],
    "mysql": ["5.5", "5.7.44", "8.0.36"],
    "postgresql": ["8.2", "7.1"],
}

VERSIONED_TYPES = """
boolean bool BOOLEAN java.lang.Boolean java.sql.Types.BOOLEAN bit bit(1)
uuid uniqueidentifier java.util.UUID xml xmltype java.sql.Types.SQLXML
time time(3) time(9) timetz time~with~time~zone java.sql.Types.TIME
datetime datetime(3) datetime(6) smalldatetime datetime2(3) java.sql.Types.DATETIME
timestamp timestamp(3) timestamp(6) TIMESTAMP(6) timestamptz timestamp(6)~with~time~zone
java.sql.Types.TIMESTAMP java.sql.Types.TIMESTAMP_WITH_TIMEZONE
"""

# A `~` is a space inside one spelling. Every alias of every row of the type
# table, and the parameter forms whose mapping differs (sizes past a database's limit, precisions, modifiers).
TYPES = """
int integer int4 serial serial4 INT(11) integer(3) integer(5) integer(10) integer(20) int~unsigned
java.sql.Types.INTEGER java.lang.Integer
bigint int8 integer8 bigserial serial8 bigint(20) bigint~unsigned java.sql.Types.BIGINT java.lang.Long long
smallint int2 smallserial smallint(6) smallint~unsigned java.sql.Types.SMALLINT
tinyint tinyint(1) tinyint(4) tinyint~unsigned java.sql.Types.TINYINT
mediumint mediumint(9) mediumint~unsigned
boolean bool BOOLEAN java.lang.Boolean bit bit(1) bit(8)
varchar varchar(255) varchar(4000) varchar(8000) varchar(10000) VARCHAR(255)~BINARY varchar2(100)
character~varying(20) java.sql.Types.VARCHAR(50) java.lang.String string
nvarchar nvarchar(100) nvarchar(4000) nvarchar(5000) nvarchar2(10) national~character~varying(10)
char char(10) character(5) bpchar(3) nchar nchar(10) national~character(5)
text clob longtext mediumtext tinytext longvarchar ntext nclob
blob longblob mediumblob tinyblob image varbinary(16) varbinary(9000) varbinary binary binary(16) longvarbinary
datetime datetime(3) datetime(6) datetime(9) smalldatetime datetime2 datetime2(3) datetime2(7)
timestamp timestamp(3) timestamp(6) timestamp(9) timestamptz timestamp~with~time~zone
timestamp~without~time~zone timestamp(6)~with~time~zone TIMESTAMP(6)
date time time(3) time(9) timetz time~with~time~zone
uuid uniqueidentifier java.util.UUID
currency money smallmoney
decimal decimal(10) decimal(10,2) decimal(10,~2)~unsigned java.math.BigDecimal
number number(10) number(10,2) numeric numeric(10,2) numeric(2000) number(0,-127)
double double~precision double(10,2) double~unsigned float float(24) real
xml
json jsonb bytea geometry mytype_2 character~set
java.sql.Types.BOOLEAN java.sql.Types.CLOB java.sql.Types.BLOB java.sql.Types.TIMESTAMP java.sql.Types.DATE
java.sql.Types.DECIMAL(10,2) java.sql.Types.CHAR(3) java.sql.Types.NVARCHAR(5) java.sql.Types.DOUBLE
java.sql.Types.FLOAT java.sql.Types.TIME java.sql.Types.NUMERIC(5) nchar2(4) xmltype DATE longnvarchar
java.math.BigInteger java.lang.Double java.lang.Float java.sql.Types.REAL national national(10)
java.sql.Types.NCHAR(2) long~varchar long~nvarchar java.sql.Types.LONGNVARCHAR java.sql.Types.LONGVARCHAR
java.sql.Types.NCLOB long~binary long~varbinary java.sql.Types.LONGBLOB java.sql.Types.LONGVARBINARY
java.sql.Types.VARBINARY(8) java.sql.Types.BINARY(8) java.sql.Types.DATETIME java.util.Date
java.sql.Types.TIMESTAMP_WITH_TIMEZONE java.sql.Timestamp java.sql.Date time~without~time~zone java.sql.Time
java.sql.Types.SQLXML
"""

COMPUTED = [
    "current_timestamp", "CURRENT_TIMESTAMP", "current_timestamp()",
    "CURRENT_TIMESTAMP(3)", "current_datetime", "now()", "NOW()", "NOW(6)",
    "getdate()", "GETDATE()", "systimestamp", "SYSTIMESTAMP", "sysdate",
    "current_date", "localtimestamp", "CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP",
    "uuid()", "gen_random_uuid()", "NEWID()", "0",
]

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.liquibase.org/xml/ns/dbchangelog http://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-4.20.xsd">
"""


def spellings(text=TYPES):
    return [s.replace("~", " ") for s in text.split() if s]


def changelog(types, computed):
    out = [HEAD]
    for i, t in enumerate(types):
        out.append(f'<changeSet id="t{i}" author="g"><createTable tableName="t_{i}">'
                   f'<column name="c" type="{t}"/></createTable></changeSet>\n')
    for i, v in enumerate(computed):
        out.append(f'<changeSet id="d{i}" author="g"><createTable tableName="d_{i}">'
                   f'<column name="c" type="timestamp" defaultValueComputed="{v}"/>'
                   f'</createTable></changeSet>\n')
    out.append("</databaseChangeLog>\n")
    return "".join(out)


def lb_offline_sql():
    found = shutil.which("lb-offline-sql") or "/opt/peers/bin/lb-offline-sql"
    if not os.path.exists(found):
        sys.exit("lb-offline-sql not found (../shared/tools/install-peers.sh)")
    return found


def columns(sql, db):
    """`t_<i>` -> the column's definition after its name, per table."""
    found = {}
    for m in re.finditer(r"CREATE TABLE (?:\w+\.)?(\w+) \(c (.*)\);$", sql, re.M):
        text = m.group(2)
        if db in ("mysql", "mariadb") and text.endswith(" NULL"):
            text = text[: -len(" NULL")]
        found[m.group(1).lower()] = text
    return found


def run_until_accepted(tool, tmp, db, types, version=None):
    """Liquibase's columns on `db`; a spelling Liquibase refuses there
    (`DatabaseIncapableOfOperation`) is `!refused` and left out of the
    next try."""
    refused, path = {}, os.path.join(tmp, "types.xml")
    while True:
        kept = [t if f"t{i}" not in refused else "int" for i, t in enumerate(types)]
        with open(path, "w") as f:
            f.write(changelog(kept, COMPUTED))
        told = ["--db-version", version] if version else []
        run = subprocess.run([tool, "--db", db, *told, path], capture_output=True, text=True)
        if run.returncode == 0:
            cols = columns(run.stdout, db)
            cols.update({f"t_{k[1:]}": "!refused" for k in refused})
            return cols
        failed = re.search(r"changeset types\.xml::(\w+)::g", run.stderr)
        if not failed or failed.group(1) in refused:
            sys.exit(f"{db}: {run.stderr}")
        refused[failed.group(1)] = True


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out_dir = os.path.join(root, "tests/fixtures/liquibase/types")
    types, tool = spellings(), lb_offline_sql()
    type_rows, computed_rows = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for db in DATABASES:
            told = VERSIONS.get(db)
            cols = run_until_accepted(tool, tmp, db, types, told)
            for i, t in enumerate(types):
                type_rows.append((db, told or "-", t, cols.get(f"t_{i}", "!missing")))
            for i, v in enumerate(COMPUTED):
                col = cols.get(f"d_{i}", "!missing")
                default = col.split(" DEFAULT ", 1)[1] if " DEFAULT " in col else "!none"
                computed_rows.append((db, v, default))
        versioned = spellings(VERSIONED_TYPES)
        for db, versions in AT_VERSIONS.items():
            for v in versions:
                cols = run_until_accepted(tool, tmp, db, versioned, v)
                for i, t in enumerate(versioned):
                    type_rows.append((db, v, t, cols.get(f"t_{i}", "!missing")))
    header = "# written by tools/liquibase-types.py from Liquibase 4.28 (lb-offline-sql); do not edit\n"
    for name, rows in (("types.tsv", type_rows), ("computed.tsv", computed_rows)):
        with open(os.path.join(out_dir, name), "w") as f:
            f.write(header)
            f.writelines("\t".join(r) + "\n" for r in rows)
    print(f"{len(type_rows)} type rows, {len(computed_rows)} computed rows")


if __name__ == "__main__":
    main()
