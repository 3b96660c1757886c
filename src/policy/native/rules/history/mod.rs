//! The native `history` rules (`policies/history/`).

use crate::policy::native::Native;

mod edited_history;

/// The rules of the category ported so far.
pub(super) const RULES: &[Native] = &[
    Native {
        package: "schemagate.rules.edited_history",
        entry: "deny",
        eval: edited_history::deny,
    },
    Native {
        package: "schemagate.rules.edited_history",
        entry: "proposal_deny",
        eval: edited_history::proposal_deny,
    },
];
