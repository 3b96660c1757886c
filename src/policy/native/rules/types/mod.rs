//! The native `types` rules (`policies/types/`).

use crate::policy::native::Native;

mod auto_increment_must_be_integer;
mod auto_increment_must_be_unsigned;
mod ban_char_field;
mod column_type_disallow_list;
mod common;
mod max_varchar_length;
mod prefer_bigint_over_int;
mod prefer_bigint_over_smallint;
mod prefer_identity;
mod prefer_text_field;
mod prefer_timestamptz;

/// The rules of the category ported so far.
pub(super) const RULES: &[Native] = &[
    Native {
        package: "schemagate.rules.prefer_timestamptz",
        entry: "warn",
        eval: prefer_timestamptz::warn,
    },
    Native {
        package: "schemagate.rules.ban_char_field",
        entry: "warn",
        eval: ban_char_field::warn,
    },
    Native {
        package: "schemagate.rules.prefer_bigint_over_int",
        entry: "warn",
        eval: prefer_bigint_over_int::warn,
    },
    Native {
        package: "schemagate.rules.prefer_bigint_over_smallint",
        entry: "warn",
        eval: prefer_bigint_over_smallint::warn,
    },
    Native {
        package: "schemagate.rules.prefer_identity",
        entry: "warn",
        eval: prefer_identity::warn,
    },
    Native {
        package: "schemagate.rules.prefer_text_field",
        entry: "warn",
        eval: prefer_text_field::warn,
    },
    Native {
        package: "schemagate.rules.max_varchar_length",
        entry: "warn",
        eval: max_varchar_length::warn,
    },
    Native {
        package: "schemagate.rules.column_type_disallow_list",
        entry: "warn",
        eval: column_type_disallow_list::warn,
    },
    Native {
        package: "schemagate.rules.auto_increment_must_be_integer",
        entry: "warn",
        eval: auto_increment_must_be_integer::warn,
    },
    Native {
        package: "schemagate.rules.auto_increment_must_be_unsigned",
        entry: "warn",
        eval: auto_increment_must_be_unsigned::warn,
    },
];
