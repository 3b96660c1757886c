//! schemagate: a policy-as-code gate for database changes.
//!
//! The pipeline, one stage per module, data flowing one way:
//! [`source`] → [`sql`] → [`catalog`] → [`impact`] → [`policy`] → [`report`].

pub mod allocator;
pub mod catalog;
pub mod check;
pub mod config;
pub mod dialect;
pub mod diff;
pub mod error;
pub mod history;
pub mod impact;
pub mod init;
pub mod limits;
pub mod policy;
pub mod pool;
pub mod progress;
pub mod report;
pub mod source;
pub mod span;
pub mod sql;
pub mod stats_from;
