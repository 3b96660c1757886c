//! PostgreSQL's lock and rewrite model, from the "Explicit Locking" and
//! `ALTER TABLE` chapters of the PostgreSQL documentation.

use super::{Impact, TableLock};
use crate::catalog::{ProvenNotNull, Retyped, TableState};
use crate::dialect::DbVersion;
use crate::sql::facts::{Facts, Op, OpColumn};

/// Table-level lock modes, weakest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Lock {
    RowExclusive,
    ShareUpdateExclusive,
    Share,
    ShareRowExclusive,
    Exclusive,
    AccessExclusive,
}

impl Lock {
    fn name(self) -> &'static str {
        match self {
            Lock::RowExclusive => "row_exclusive",
            Lock::ShareUpdateExclusive => "share_update_exclusive",
            Lock::Share => "share",
            Lock::ShareRowExclusive => "share_row_exclusive",
            Lock::Exclusive => "exclusive",
            Lock::AccessExclusive => "access_exclusive",
        }
    }
    fn from_name(name: &str) -> Option<Lock> {
        [
            Lock::RowExclusive,
            Lock::ShareUpdateExclusive,
            Lock::Share,
            Lock::ShareRowExclusive,
            Lock::Exclusive,
            Lock::AccessExclusive,
        ]
        .into_iter()
        .find(|l| l.name() == name)
    }
    fn blocks_reads(self) -> bool {
        self == Lock::AccessExclusive
    }
    fn blocks_writes(self) -> bool {
        self >= Lock::Share
    }
}

#[derive(Default)]
struct Acc {
    lock: Option<Lock>,
    impact: Impact,
}

impl Acc {
    fn take(&mut self, lock: Lock) {
        self.lock = self.lock.max(Some(lock));
    }
    fn rewrite(&mut self, why: impl Into<String>) {
        self.impact.rewrite = true;
        self.impact.scan = true;
        self.impact.reason(why);
    }
    fn scan(&mut self, why: impl Into<String>) {
        self.impact.scan = true;
        self.impact.reason(why);
    }
}

pub fn estimate(
    facts: &Facts,
    version: &DbVersion,
    (proven, retyped): (&[ProvenNotNull], &[Retyped]),
) -> Impact {
    let mut acc = Acc::default();
    match facts.kind.as_str() {
        "create_index" => {
            if facts.concurrently {
                acc.take(Lock::ShareUpdateExclusive);
                acc.scan("the index is built by scanning the table twice, without blocking writes");
            } else {
                acc.take(Lock::Share);
                acc.scan("the index is built by scanning the table while writes wait");
            }
        }
        "drop_index" => acc.take(if facts.concurrently {
            Lock::ShareUpdateExclusive
        } else {
            Lock::AccessExclusive
        }),
        "reindex" => {
            if facts.concurrently {
                acc.take(Lock::ShareUpdateExclusive);
            } else {
                acc.take(Lock::Share);
                acc.impact
                    .reason("REINDEX blocks writes to the table and reads that use the index");
            }
            acc.scan("the index is rebuilt from the table");
        }
        "drop_table" | "truncate" => acc.take(Lock::AccessExclusive),
        "rename_table" => acc.take(Lock::AccessExclusive),
        "vacuum" if facts.flag("full", false) => {
            acc.take(Lock::AccessExclusive);
            acc.rewrite("VACUUM FULL rewrites the table under ACCESS EXCLUSIVE");
        }
        "vacuum" | "analyze" => acc.take(Lock::ShareUpdateExclusive),
        "cluster" => {
            acc.take(Lock::AccessExclusive);
            acc.rewrite("CLUSTER rewrites the table under ACCESS EXCLUSIVE");
        }
        "refresh_materialized_view" => acc.take(if facts.concurrently {
            Lock::Exclusive
        } else {
            Lock::AccessExclusive
        }),
        "create_trigger" | "drop_trigger" => acc.take(Lock::ShareRowExclusive),
        "insert" | "update" | "delete" | "merge" => {
            acc.take(Lock::RowExclusive);
            if facts.kind != "insert" && !facts.flag("where", true) {
                acc.scan("no WHERE clause: every row is read and locked");
            }
        }
        "alter_table" => {
            for op in facts.ops.iter().flatten() {
                alter_op(op, version, (proven, retyped), &mut acc);
            }
        }
        _ => {}
    }
    let mut impact = acc.impact;
    if let Some(lock) = acc.lock {
        impact.lock = Some(lock.name().to_string());
        impact.blocks_reads = lock.blocks_reads();
        impact.blocks_writes = lock.blocks_writes();
    }
    impact
}

fn alter_op(
    op: &Op,
    version: &DbVersion,
    (proven, retyped): (&[ProvenNotNull], &[Retyped]),
    acc: &mut Acc,
) {
    // An unknown version is taken to be a supported one (PostgreSQL ≥ 13).
    let major = version.major().unwrap_or(16);
    match op.op.as_str() {
        "add_column" => {
            acc.take(Lock::AccessExclusive);
            if let Some(OpColumn::Definition(c)) = &op.column {
                let stored = matches!(c.generated.as_deref(), Some("stored") | Some("identity"));
                if stored {
                    acc.rewrite(
                        "a generated or identity column is computed for every existing row",
                    );
                } else if c.has_default && c.default_volatile {
                    acc.rewrite("a volatile default is evaluated for every existing row, rewriting the table");
                } else if c.has_default && major < 11 {
                    acc.rewrite("before PostgreSQL 11 any default rewrites the table");
                }
                if c.not_null && !c.has_default && c.generated.is_none() {
                    acc.impact.reason("fails if the table has any rows");
                }
                if c.unique || c.primary_key {
                    acc.scan("the column's unique index is built while the table is locked");
                }
            }
        }
        "alter_column_type" => {
            acc.take(Lock::AccessExclusive);
            let before = retyped.iter().find(|r| match &op.column {
                Some(OpColumn::Name(c)) => *c == r.column,
                _ => false,
            });
            let to = op.data_type.as_deref().unwrap_or_default();
            match before {
                Some(r) if !op.using.unwrap_or(false) && metadata_only(&r.from, to) => {
                    acc.impact.reason(format!(
                        "{} → {to} only changes the catalog: the values are binary-compatible, so the table and its indexes are not rewritten",
                        r.from
                    ))
                }
                _ => acc.rewrite("changing a column's type rewrites the table and its indexes (unless the types are binary-coercible)"),
            }
        }
        "set_not_null" => {
            acc.take(Lock::AccessExclusive);
            let proof = proven.iter().find(|p| match &op.column {
                Some(OpColumn::Name(c)) => *c == p.column,
                _ => false,
            });
            match proof {
                Some(p) if major >= 12 => acc.impact.reason(format!(
                    "SET NOT NULL uses the validated constraint \"{}\" instead of scanning the table",
                    p.constraint
                )),
                _ => acc.scan("SET NOT NULL scans the whole table (unless a valid CHECK (col IS NOT NULL) exists, PostgreSQL ≥ 12)"),
            }
        }
        "add_constraint" => {
            let Some(c) = &op.constraint else { return };
            match c.kind.as_str() {
                "foreign_key" => {
                    acc.take(Lock::ShareRowExclusive);
                    if !c.not_valid {
                        acc.scan("the new foreign key is validated by scanning the table, and the referenced table is locked too");
                    }
                }
                "check" => {
                    acc.take(Lock::AccessExclusive);
                    if !c.not_valid {
                        acc.scan("the new CHECK constraint is validated by scanning the table");
                    }
                }
                "primary_key" | "unique" | "exclude" => {
                    acc.take(Lock::AccessExclusive);
                    if c.using_index.is_none() {
                        acc.scan("the constraint's index is built while the table is locked");
                    }
                }
                _ => acc.take(Lock::AccessExclusive),
            }
        }
        "validate_constraint" => {
            acc.take(Lock::ShareUpdateExclusive);
            acc.scan("VALIDATE CONSTRAINT scans the table without blocking reads or writes");
        }
        "attach_partition" => {
            acc.take(if major >= 12 {
                Lock::ShareUpdateExclusive
            } else {
                Lock::AccessExclusive
            });
            acc.scan("the partition is scanned to check its bounds (unless a matching constraint exists)");
        }
        "detach_partition" => acc.take(if op.concurrently == Some(true) {
            Lock::ShareUpdateExclusive
        } else {
            Lock::AccessExclusive
        }),
        // "ENABLE/DISABLE TRIGGER … SHARE ROW EXCLUSIVE" (ALTER TABLE's
        // notes on locks)
        "disable_trigger" | "enable_trigger" => acc.take(Lock::ShareRowExclusive),
        "set_logged" | "set_unlogged" | "set_tablespace" => {
            acc.take(Lock::AccessExclusive);
            acc.rewrite("the table is rewritten");
        }
        _ => acc.take(Lock::AccessExclusive),
    }
}

/// A type change PostgreSQL makes without rewriting the table ("ALTER
/// TABLE", notes: a binary-coercible type, or an unconstrained domain over
/// one; since 9.2 also a longer `varchar` and a `numeric` with more
/// precision and the same scale): `varchar(n)` to `varchar(m ≥ n)`, to
/// `varchar` or to `text`; `text` to `varchar`; `numeric(p, s)` to
/// `numeric(q ≥ p, s)` or to `numeric`; `varbit(n)` to `varbit(m ≥ n)`.
pub fn metadata_only(from: &str, to: &str) -> bool {
    let (a, a_args) = type_parts(from);
    let (b, b_args) = type_parts(to);
    match (a.as_str(), b.as_str()) {
        ("varchar", "varchar") | ("varbit", "varbit") => match (a_args.first(), b_args.first()) {
            (Some(n), Some(m)) => m >= n,
            (_, None) => true,
            (None, Some(_)) => false,
        },
        ("varchar", "text") => true,
        ("text", "varchar") => b_args.is_empty(),
        ("numeric", "numeric") => match (a_args.as_slice(), b_args.as_slice()) {
            (_, []) => true,
            ([p], [q]) => q >= p,
            ([p, s], [q, t]) => q >= p && s == t,
            ([p], [q, 0]) | ([p, 0], [q]) => q >= p,
            _ => false,
        },
        _ => a == b && a_args == b_args,
    }
}

/// A type's name, with synonyms folded, and its numeric arguments:
/// `CHARACTER VARYING(20)` → (`varchar`, [20]).
fn type_parts(t: &str) -> (String, Vec<u64>) {
    let t = t.trim().to_ascii_lowercase();
    let (name, args) = match t.split_once('(') {
        Some((name, rest)) => (name.trim(), rest.trim_end_matches(')')),
        None => (t.as_str(), ""),
    };
    let name = match name
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .as_str()
    {
        "character varying" => "varchar".to_string(),
        "decimal" => "numeric".to_string(),
        "bit varying" => "varbit".to_string(),
        other => other.to_string(),
    };
    let args = args
        .split(',')
        .filter_map(|a| a.trim().parse::<u64>().ok())
        .collect();
    (name, args)
}

/// Adding a foreign key takes SHARE ROW EXCLUSIVE on the table it references
/// too ("Explicit Locking"), even when the referencing table is new: writes
/// to an existing referenced table wait for the statement.
pub fn lock_referenced(impact: &mut Impact, referenced: &[TableState]) {
    let lock = Lock::ShareRowExclusive;
    for t in referenced.iter().filter(|t| !t.new) {
        impact.other_locks.push(TableLock {
            schema: t.schema.clone(),
            name: t.name.clone(),
            lock: lock.name().to_string(),
        });
        let label = match &t.schema {
            Some(schema) => format!("{schema}.{}", t.name),
            None => t.name.clone(),
        };
        impact.reason(format!(
            "the referenced table \"{label}\" is locked SHARE ROW EXCLUSIVE while the foreign key is added: writes to it wait"
        ));
        let own = impact.lock.as_deref().and_then(Lock::from_name);
        if own.is_none_or(|l| l < lock) {
            impact.lock = Some(lock.name().to_string());
        }
        impact.blocks_writes = true;
    }
}
