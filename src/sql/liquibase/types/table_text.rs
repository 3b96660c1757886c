//! The text and binary rows of the type table (see `table.rs`).

use super::Family;
use super::On::*;
use super::form::Form::*;
use super::table::TypeRow;

pub(crate) static TEXT_AND_BINARY: &[TypeRow] = &[
    TypeRow {
        class: "VarcharType",
        names: &[
            "varchar",
            "varchar2",
            "character varying",
            "java.sql.types.varchar",
            "java.lang.string",
        ],
        serials: &[],
        family: Family::Text,
        forms: &[
            (Oracle, Params("VARCHAR2")),
            (
                Mssql,
                Extra(&Sized {
                    name: "varchar",
                    max: 8000,
                    missing: "1",
                }),
            ),
            (Sqlite, Extra(&UpTo("VARCHAR", 1))),
            (Else, Extra(&Params("VARCHAR"))),
        ],
    },
    TypeRow {
        class: "NVarcharType",
        names: &[
            "nvarchar",
            "nvarchar2",
            "national",
            "national character varying",
            "java.sql.types.nvarchar",
        ],
        serials: &[],
        family: Family::Text,
        forms: &[
            (Oracle, Params("NVARCHAR2")),
            (
                Mssql,
                Sized {
                    name: "nvarchar",
                    max: 4000,
                    missing: "1",
                },
            ),
            (Postgres, Params("VARCHAR")),
            (Else, Params("NVARCHAR")),
        ],
    },
    TypeRow {
        class: "CharType",
        names: &["char", "character", "bpchar", "java.sql.types.char"],
        serials: &[],
        family: Family::Text,
        forms: &[
            (
                Mssql,
                FirstOr {
                    name: "char",
                    default: "1",
                },
            ),
            (Else, Params("CHAR")),
        ],
    },
    TypeRow {
        class: "NCharType",
        names: &[
            "nchar",
            "nchar2",
            "national character",
            "java.sql.types.nchar",
        ],
        serials: &[],
        family: Family::Text,
        forms: &[
            (
                Mssql,
                FirstOr {
                    name: "nchar",
                    default: "1",
                },
            ),
            (Else, Params("NCHAR")),
        ],
    },
    TypeRow {
        class: "ClobType",
        names: &[
            "clob",
            "longtext",
            "longnvarchar",
            "long varchar",
            "long nvarchar",
            "java.sql.types.clob",
            "java.sql.types.nclob",
            "java.sql.types.longnvarchar",
        ],
        serials: &[],
        family: Family::Text,
        forms: &[
            (Postgres, Fixed("TEXT")),
            (Mysql, Fixed("LONGTEXT")),
            (Mssql, Fixed("varchar(MAX)")),
            (Sqlite, Fixed("TEXT")),
            (Else, Fixed("CLOB")),
        ],
    },
    TypeRow {
        class: "ClobType (longvarchar)",
        names: &["longvarchar", "java.sql.types.longvarchar"],
        serials: &[],
        family: Family::Text,
        forms: &[
            (Postgres, Fixed("TEXT")),
            (Mysql, Fixed("LONGTEXT")),
            (Mssql, Fixed("varchar(MAX)")),
            (Sqlite, Fixed("TEXT")),
            (H2, Fixed("LONGVARCHAR")),
            (Else, Fixed("CLOB")),
        ],
    },
    TypeRow {
        class: "ClobType (text)",
        names: &["text"],
        serials: &[],
        family: Family::Text,
        forms: &[
            (Postgres, Fixed("TEXT")),
            (Mysql, Fixed("TEXT")),
            // Liquibase's own spelling, with the space.
            (Mssql, Fixed("varchar (max)")),
            (Sqlite, Fixed("TEXT")),
            (Else, Fixed("CLOB")),
        ],
    },
    TypeRow {
        class: "ClobType (ntext)",
        names: &["ntext"],
        serials: &[],
        family: Family::Text,
        forms: &[
            (Postgres, Fixed("TEXT")),
            (Mysql, Fixed("LONGTEXT")),
            (Mssql, Fixed("nvarchar (max)")),
            (Sqlite, Fixed("TEXT")),
            (Else, Fixed("CLOB")),
        ],
    },
    TypeRow {
        class: "ClobType (mediumtext)",
        names: &["mediumtext"],
        serials: &[],
        family: Family::Text,
        forms: &[
            (Postgres, Fixed("TEXT")),
            (Mysql, Fixed("MEDIUMTEXT")),
            (Mssql, Fixed("varchar(MAX)")),
            (Sqlite, Fixed("TEXT")),
            (Else, Fixed("CLOB")),
        ],
    },
    TypeRow {
        class: "ClobType (tinytext)",
        names: &["tinytext"],
        serials: &[],
        family: Family::Text,
        forms: &[
            (Postgres, Fixed("TEXT")),
            (Mysql, Fixed("TINYTEXT")),
            (Mssql, Fixed("varchar(MAX)")),
            (Sqlite, Fixed("TEXT")),
            (Else, Fixed("CLOB")),
        ],
    },
    TypeRow {
        class: "ClobType (nclob)",
        names: &["nclob"],
        serials: &[],
        family: Family::Text,
        forms: &[
            (Postgres, Fixed("TEXT")),
            (Mysql, Fixed("LONGTEXT CHARACTER SET utf8")),
            (Mssql, Fixed("nvarchar(MAX)")),
            (Oracle, Fixed("NCLOB")),
            (Sqlite, Fixed("TEXT")),
            (Else, Fixed("CLOB")),
        ],
    },
    TypeRow {
        class: "BlobType",
        names: &["blob", "java.sql.types.blob"],
        serials: &[],
        family: Family::Other,
        forms: &[
            // a large object, where the other binary names are bytea
            (Postgres, Fixed("OID")),
            (Mysql, Fixed("BLOB")),
            (
                Mssql,
                Sized {
                    name: "varbinary",
                    max: 8000,
                    missing: "MAX",
                },
            ),
            (Oracle, Fixed("BLOB")),
            (H2, Fixed("BLOB")),
            (Else, Params("BLOB")),
        ],
    },
    TypeRow {
        class: "BlobType (longblob)",
        names: &[
            "longblob",
            "long binary",
            "long varbinary",
            "java.sql.types.longblob",
            "java.sql.types.binary",
        ],
        serials: &[],
        family: Family::Other,
        forms: &[
            (Postgres, Fixed("BYTEA")),
            (Mysql, Fixed("LONGBLOB")),
            (
                Mssql,
                Sized {
                    name: "varbinary",
                    max: 8000,
                    missing: "MAX",
                },
            ),
            (Oracle, Fixed("BLOB")),
            (H2, Fixed("BLOB")),
            (Else, Params("BLOB")),
        ],
    },
    TypeRow {
        class: "BlobType (longvarbinary)",
        names: &["longvarbinary", "java.sql.types.longvarbinary"],
        serials: &[],
        family: Family::Other,
        forms: &[
            (Postgres, Fixed("BYTEA")),
            (Mysql, Fixed("LONGBLOB")),
            (
                Mssql,
                Sized {
                    name: "varbinary",
                    max: 8000,
                    missing: "MAX",
                },
            ),
            (Oracle, Fixed("BLOB")),
            (H2, Params("LONGVARBINARY")),
            (Else, Params("BLOB")),
        ],
    },
    TypeRow {
        class: "BlobType (java.sql.Types.VARBINARY)",
        names: &["java.sql.types.varbinary"],
        serials: &[],
        family: Family::Other,
        forms: &[
            (Postgres, Fixed("BYTEA")),
            (Mysql, Fixed("LONGBLOB")),
            (
                Mssql,
                Sized {
                    name: "varbinary",
                    max: 8000,
                    missing: "MAX",
                },
            ),
            (Oracle, Fixed("BLOB")),
            (H2, Params("VARBINARY")),
            (Else, Params("BLOB")),
        ],
    },
    TypeRow {
        class: "BlobType (mediumblob)",
        names: &["mediumblob"],
        serials: &[],
        family: Family::Other,
        forms: &[
            (Postgres, Fixed("BYTEA")),
            (Mysql, Fixed("MEDIUMBLOB")),
            (
                Mssql,
                Sized {
                    name: "varbinary",
                    max: 8000,
                    missing: "MAX",
                },
            ),
            (Oracle, Fixed("BLOB")),
            (H2, Fixed("BLOB")),
            (Else, Params("BLOB")),
        ],
    },
    TypeRow {
        class: "BlobType (tinyblob)",
        names: &["tinyblob"],
        serials: &[],
        family: Family::Other,
        forms: &[
            (Postgres, Fixed("BYTEA")),
            (Mysql, Fixed("TINYBLOB")),
            (
                Mssql,
                Sized {
                    name: "varbinary",
                    max: 8000,
                    missing: "MAX",
                },
            ),
            (Oracle, Fixed("BLOB")),
            (H2, Fixed("BLOB")),
            (Else, Params("BLOB")),
        ],
    },
    TypeRow {
        class: "BlobType (image)",
        names: &["image"],
        serials: &[],
        family: Family::Other,
        forms: &[
            (Postgres, Fixed("BYTEA")),
            (Mysql, Fixed("LONGBLOB")),
            (Mssql, Fixed("image")),
            (Oracle, Fixed("BLOB")),
            (H2, Fixed("BLOB")),
            (Else, Params("BLOB")),
        ],
    },
    TypeRow {
        class: "BlobType (varbinary)",
        names: &["varbinary"],
        serials: &[],
        family: Family::Other,
        forms: &[
            (Postgres, Fixed("BYTEA")),
            (Mysql, Params("VARBINARY")),
            (
                Mssql,
                Sized {
                    name: "varbinary",
                    max: 8000,
                    missing: "1",
                },
            ),
            (Oracle, Params("RAW")),
            (H2, Params("VARBINARY")),
            (Else, Params("BLOB")),
        ],
    },
    TypeRow {
        class: "BlobType (binary)",
        names: &["binary"],
        serials: &[],
        family: Family::Other,
        forms: &[
            (Postgres, Fixed("BYTEA")),
            (Mysql, Params("BINARY")),
            (
                Mssql,
                FirstOr {
                    name: "binary",
                    default: "1",
                },
            ),
            (Oracle, Params("RAW")),
            (H2, Params("BINARY")),
            (Else, Params("BLOB")),
        ],
    },
];
