//! Liquibase 4.28's types as data: one row per Liquibase `DataType` class
//! (`liquibase.datatype.core.*`), or per group of its aliases where the
//! class writes them differently, with what each database gets.
//!
//! Every alias and database is checked against Liquibase's own output
//! (`tests/fixtures/liquibase/types/types.tsv`, written by
//! `tools/liquibase-types.py`; the check is `liquibase_check.rs`). A
//! difference is fixed in the row's entry for that database.

use super::Family;
use super::On::{self, *};
use super::form::Form::{self, *};
use crate::sql::liquibase::Version;

/// One Liquibase type: its names (lower case, as Liquibase's
/// `@DataTypeInfo` name and aliases), and its form per database. `Else`
/// is every database without an entry; MariaDB without one is MySQL.
pub(crate) struct TypeRow {
    /// Liquibase's class (and alias group): named by the check's messages.
    #[cfg_attr(not(test), allow(dead_code))]
    pub class: &'static str,
    pub names: &'static [&'static str],
    /// Names that also make the column auto-increment, as Liquibase reads
    /// `serial` types.
    pub serials: &'static [&'static str],
    pub family: Family,
    pub forms: &'static [(On, Form)],
}

/// Every row, in the order names are looked up.
pub(crate) fn rows() -> impl Iterator<Item = &'static TypeRow> {
    [
        NUMBERS,
        super::table_text::TEXT_AND_BINARY,
        DATES_AND_OTHERS,
    ]
    .into_iter()
    .flatten()
}

// Forms that hang on the database's version (`Since`) follow Liquibase's
// type classes' own checks; without `--db-version` the version is the one
// `On::assumed_version` gives (Oracle 19, else offline Liquibase's 999.999).

/// Oracle 23 has BOOLEAN; before, Liquibase writes NUMBER(1).
const ORACLE_BOOLEAN: Form = Since {
    at: Version::new(23, 0, 0),
    then: &Fixed("BOOLEAN"),
    before: &Fixed("NUMBER(1)"),
};

/// A uuid is `UUID` from `at` on, `char(36)` before (UUIDType).
const fn uuid_since(at: Version) -> Form {
    Since {
        at,
        then: &Fixed("UUID"),
        before: &Fixed("char(36)"),
    }
}

/// MySQL's datetime keeps a precision (at most 6) from 5.6.4 on; before,
/// none (`getMaxFractionalDigitsForTimestamp` is 0).
const MYSQL_DATETIME: Form = Since {
    at: Version::new(5, 6, 4),
    then: &PrecisionCapped {
        name: "datetime",
        cap: 6,
    },
    before: &Fixed("datetime"),
};

/// MariaDB's, from 5.3.
const MARIADB_DATETIME: Form = Since {
    at: Version::new(5, 3, 0),
    then: &PrecisionCapped {
        name: "datetime",
        cap: 6,
    },
    before: &Fixed("datetime"),
};

/// Integers, booleans and the other numbers.
pub(crate) static NUMBERS: &[TypeRow] = &[
    TypeRow {
        class: "IntType",
        names: &[
            "int",
            "integer",
            "int4",
            "java.sql.types.integer",
            "java.lang.integer",
        ],
        serials: &["serial", "serial4"],
        family: Family::Integer,
        forms: &[
            (Postgres, Fixed("INTEGER")),
            (Mysql, Extra(&Fixed("INT"))),
            (Mssql, Fixed("int")),
            (Oracle, Fixed("INTEGER")),
            (H2, IntByWidth),
            (Sqlite, Fixed("INTEGER")),
            (Else, Fixed("INT")),
        ],
    },
    TypeRow {
        class: "BigIntType",
        names: &[
            "bigint",
            "int8",
            "integer8",
            "java.sql.types.bigint",
            "java.math.biginteger",
            "java.lang.long",
        ],
        serials: &["bigserial", "serial8"],
        family: Family::Integer,
        forms: &[
            (Postgres, Extra(&Fixed("BIGINT"))),
            (Mysql, Extra(&Fixed("BIGINT"))),
            (Mssql, Fixed("bigint")),
            (Oracle, Fixed("NUMBER(38, 0)")),
            (Sqlite, Extra(&Params("BIGINT"))),
            (Else, Fixed("BIGINT")),
        ],
    },
    TypeRow {
        class: "SmallIntType",
        names: &["smallint", "int2", "java.sql.types.smallint"],
        serials: &["smallserial"],
        family: Family::Integer,
        forms: &[
            (Postgres, Fixed("SMALLINT")),
            (Mysql, Extra(&Fixed("SMALLINT"))),
            (Mssql, Fixed("smallint")),
            (Oracle, Fixed("NUMBER(5)")),
            (H2, Fixed("SMALLINT")),
            (Sqlite, Extra(&Params("SMALLINT"))),
            (Else, Params("SMALLINT")),
        ],
    },
    TypeRow {
        class: "TinyIntType",
        names: &["tinyint", "java.sql.types.tinyint"],
        serials: &[],
        family: Family::Integer,
        forms: &[
            (Postgres, Fixed("SMALLINT")),
            (Mysql, Extra(&Params("TINYINT"))),
            (Mssql, Fixed("tinyint")),
            (Oracle, Fixed("NUMBER(3)")),
            (Sqlite, Extra(&Params("TINYINT"))),
            (Else, Fixed("TINYINT")),
        ],
    },
    TypeRow {
        class: "MediumIntType",
        names: &["mediumint"],
        serials: &[],
        family: Family::Integer,
        forms: &[
            (Mysql, Extra(&Fixed("MEDIUMINT"))),
            (Mssql, Fixed("int")),
            (Oracle, Fixed("MEDIUMINT")),
            (Postgres, Extra(&Params("MEDIUMINT"))),
            (H2, Extra(&Params("MEDIUMINT"))),
            (Sqlite, Extra(&Params("MEDIUMINT"))),
            (Else, Fixed("MEDIUMINT")),
        ],
    },
    TypeRow {
        class: "BooleanType",
        names: &[
            "boolean",
            "bool",
            "java.sql.types.boolean",
            "java.lang.boolean",
        ],
        serials: &[],
        family: Family::Boolean,
        forms: &[
            (Mssql, Fixed("bit")),
            (Mariadb, Fixed("TINYINT(1)")),
            (Mysql, Fixed("TINYINT")),
            (Oracle, ORACLE_BOOLEAN),
            (Else, Fixed("BOOLEAN")),
        ],
    },
    TypeRow {
        class: "BooleanType (bit)",
        names: &["bit"],
        serials: &[],
        family: Family::Boolean,
        forms: &[
            (Mssql, Fixed("bit")),
            (Mysql, Params("BIT")),
            (Postgres, Params("BIT")),
            (Oracle, ORACLE_BOOLEAN),
            (Sqlite, Params("BOOLEAN")),
            (Else, Fixed("BOOLEAN")),
        ],
    },
    TypeRow {
        class: "CurrencyType",
        names: &["currency", "money"],
        serials: &[],
        family: Family::Decimal,
        forms: &[
            (Mssql, Fixed("money")),
            (Oracle, Fixed("NUMBER(15, 2)")),
            (H2, Fixed("DECIMAL(18, 4)")),
            (Sqlite, Fixed("REAL")),
            (Else, Fixed("DECIMAL")),
        ],
    },
    TypeRow {
        class: "CurrencyType (smallmoney)",
        names: &["smallmoney"],
        serials: &[],
        family: Family::Decimal,
        forms: &[
            (Mssql, Fixed("smallmoney")),
            (Oracle, Fixed("NUMBER(15, 2)")),
            (H2, Fixed("DECIMAL(18, 4)")),
            (Sqlite, Fixed("REAL")),
            (Else, Fixed("DECIMAL")),
        ],
    },
    TypeRow {
        class: "DecimalType",
        names: &["decimal", "java.sql.types.decimal", "java.math.bigdecimal"],
        serials: &[],
        family: Family::Decimal,
        forms: &[
            (Mssql, PrecisionScale("decimal")),
            (Else, Extra(&Params("DECIMAL"))),
        ],
    },
    TypeRow {
        class: "NumberType",
        names: &["number", "numeric", "java.sql.types.numeric"],
        serials: &[],
        family: Family::Decimal,
        forms: &[
            (Mssql, PrecisionScale("numeric")),
            (
                Oracle,
                BareWhen {
                    name: "NUMBER",
                    bare_for: &["0", "-127"],
                },
            ),
            (
                Postgres,
                ParamsUpTo {
                    name: "numeric",
                    max: 1000,
                },
            ),
            (Mysql, Params("numeric")),
            (H2, Params("numeric")),
            (Else, Params("NUMBER")),
        ],
    },
    TypeRow {
        class: "DoubleType",
        names: &["double", "java.sql.types.double", "java.lang.double"],
        serials: &[],
        family: Family::Decimal,
        forms: &[
            (Postgres, Fixed("DOUBLE PRECISION")),
            (Oracle, Fixed("DOUBLE PRECISION")),
            (H2, Fixed("DOUBLE PRECISION")),
            (Mssql, Fixed("float(53)")),
            (Mysql, Extra(&ParamsIfTwo("DOUBLE"))),
            (Sqlite, Extra(&Params("DOUBLE"))),
            (Else, Fixed("DOUBLE")),
        ],
    },
    TypeRow {
        class: "DoubleType (double precision)",
        names: &["double precision"],
        serials: &[],
        family: Family::Decimal,
        forms: &[
            (Mssql, Fixed("float(53)")),
            (Mysql, Extra(&ParamsIfTwo("DOUBLE PRECISION"))),
            (Else, Fixed("DOUBLE PRECISION")),
        ],
    },
    TypeRow {
        class: "FloatType",
        names: &["float", "java.sql.types.float"],
        serials: &[],
        family: Family::Decimal,
        forms: &[
            (
                Mssql,
                FirstOr {
                    name: "float",
                    default: "53",
                },
            ),
            (Else, Params("FLOAT")),
        ],
    },
    TypeRow {
        class: "FloatType (java.lang.Float, java.sql.Types.REAL)",
        names: &["java.lang.float", "java.sql.types.real"],
        serials: &[],
        family: Family::Decimal,
        forms: &[(Mssql, Fixed("real")), (Else, Params("FLOAT"))],
    },
    TypeRow {
        class: "FloatType (real)",
        names: &["real"],
        serials: &[],
        family: Family::Decimal,
        forms: &[
            (Mssql, Fixed("real")),
            (Oracle, Params("FLOAT")),
            (Sqlite, Params("FLOAT")),
            (Else, Fixed("REAL")),
        ],
    },
];

/// Dates and times, uuid and xml.
pub(crate) static DATES_AND_OTHERS: &[TypeRow] = &[
    TypeRow {
        class: "DateTimeType",
        names: &["datetime", "java.sql.types.datetime", "java.util.date"],
        serials: &[],
        family: Family::DateTime,
        forms: &[
            (
                Postgres,
                Zoned {
                    name: "TIMESTAMP",
                    max: u32::MAX,
                },
            ),
            (Mysql, MYSQL_DATETIME),
            (Mariadb, MARIADB_DATETIME),
            (Mssql, Fixed("datetime")),
            (Oracle, Params("TIMESTAMP")),
            (Sqlite, Fixed("TEXT")),
            (Else, Fixed("TIMESTAMP")),
        ],
    },
    TypeRow {
        class: "DateTimeType (smalldatetime)",
        names: &["smalldatetime"],
        serials: &[],
        family: Family::DateTime,
        forms: &[
            (
                Postgres,
                Zoned {
                    name: "TIMESTAMP",
                    max: u32::MAX,
                },
            ),
            (Mysql, MYSQL_DATETIME),
            (Mariadb, MARIADB_DATETIME),
            (Mssql, Fixed("smalldatetime")),
            (Oracle, Params("TIMESTAMP")),
            (Sqlite, Fixed("TEXT")),
            (Else, Fixed("TIMESTAMP")),
        ],
    },
    TypeRow {
        class: "DateTimeType (datetime2)",
        names: &["datetime2"],
        serials: &[],
        family: Family::DateTime,
        forms: &[
            (
                Postgres,
                Zoned {
                    name: "TIMESTAMP",
                    max: u32::MAX,
                },
            ),
            (Mysql, MYSQL_DATETIME),
            (Mariadb, MARIADB_DATETIME),
            (
                Mssql,
                PrecisionUnless {
                    name: "datetime2",
                    default: "7",
                },
            ),
            (Oracle, Params("TIMESTAMP")),
            (Sqlite, Fixed("TEXT")),
            (Else, Fixed("TIMESTAMP")),
        ],
    },
    TypeRow {
        class: "TimestampType",
        names: &[
            "timestamp",
            "timestamptz",
            "timestamp with time zone",
            "timestamp without time zone",
            "java.sql.types.timestamp",
            "java.sql.timestamp",
        ],
        serials: &[],
        family: Family::DateTime,
        forms: &[
            (
                Postgres,
                Zoned {
                    name: "TIMESTAMP",
                    max: u32::MAX,
                },
            ),
            // MySQL keeps a spelled-out definition as written.
            (Mysql, AsWrittenOr("timestamp")),
            // datetime2's default (and any larger) precision is left out.
            (
                Mssql,
                PrecisionBelow {
                    name: "datetime2",
                    below: 7,
                },
            ),
            (Oracle, ZoneSuffix("TIMESTAMP")),
            (H2, ZoneSuffix("TIMESTAMP")),
            (Sqlite, Fixed("TEXT")),
            (Else, Params("TIMESTAMP")),
        ],
    },
    TypeRow {
        class: "TimestampType (java.sql.Types.TIMESTAMP_WITH_TIMEZONE)",
        names: &["java.sql.types.timestamp_with_timezone"],
        serials: &[],
        family: Family::DateTime,
        forms: &[
            (Postgres, Fixed("TIMESTAMP WITH TIME ZONE")),
            (Mysql, AsWrittenOr("timestamp")),
            (
                Mssql,
                PrecisionBelow {
                    name: "datetime2",
                    below: 7,
                },
            ),
            // sic: Liquibase's spelling
            (Oracle, Fixed("TIMESTAMP WITH TIMEZONE")),
            (H2, Fixed("TIMESTAMP WITH TIME ZONE")),
            (Sqlite, Fixed("TEXT")),
            (Else, Params("TIMESTAMP")),
        ],
    },
    TypeRow {
        class: "DateType",
        names: &["date", "java.sql.types.date", "java.sql.date"],
        serials: &[],
        family: Family::DateTime,
        forms: &[(Mssql, Fixed("date")), (Else, Fixed("DATE"))],
    },
    TypeRow {
        class: "TimeType",
        names: &[
            "time",
            "timetz",
            "time with time zone",
            "time without time zone",
            "java.sql.types.time",
            "java.sql.time",
        ],
        serials: &[],
        family: Family::DateTime,
        forms: &[
            // PostgreSQL allows no precision over 6.
            (
                Postgres,
                Zoned {
                    name: "time",
                    max: 6,
                },
            ),
            (
                Mssql,
                PrecisionUnless {
                    name: "time",
                    default: "7",
                },
            ),
            // Liquibase's version check for fractional seconds (5.6.4) is
            // part by part: MySQL 5.7.44 and MariaDB 10.6.4 keep a
            // precision up to 6, every MySQL 8.0 drops it.
            (
                Mysql,
                SinceEachPart {
                    at: Version::new(5, 6, 4),
                    then: &PrecisionBelow {
                        name: "time",
                        below: 7,
                    },
                    before: &Fixed("time"),
                },
            ),
            (Oracle, Fixed("DATE")),
            (Else, Fixed("time")),
        ],
    },
    TypeRow {
        class: "UUIDType",
        names: &["uuid", "uniqueidentifier", "java.util.uuid"],
        serials: &[],
        family: Family::Other,
        forms: &[
            (Postgres, uuid_since(Version::new(8, 3, 0))),
            (H2, Fixed("UUID")),
            (Mariadb, uuid_since(Version::new(10, 7, 0))),
            (Mssql, Fixed("uniqueidentifier")),
            (Oracle, Fixed("RAW(16)")),
            (Sqlite, Fixed("TEXT")),
            (Else, Fixed("char(36)")),
        ],
    },
    TypeRow {
        class: "XMLType",
        names: &["xml", "xmltype", "java.sql.types.sqlxml"],
        serials: &[],
        family: Family::Other,
        forms: &[
            (Oracle, Fixed("XMLTYPE")),
            (Mssql, Fixed("xml")),
            // PostgreSQL has XML from 8.3
            (
                Postgres,
                Since {
                    at: Version::new(8, 3, 0),
                    then: &Fixed("XML"),
                    before: &Fixed("TEXT"),
                },
            ),
            (Mysql, Fixed("LONGTEXT")),
            (H2, Fixed("CLOB")),
            (Sqlite, Fixed("TEXT")),
            (Else, Fixed("XML")),
        ],
    },
];
