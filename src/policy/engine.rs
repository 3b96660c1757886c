//! The Rego engine: loading policies, evaluating them, collecting results.
