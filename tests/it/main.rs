//! The integration tests, one binary: each module was a test crate of its
//! own, and one crate links the library once instead of twenty times.

mod baseline;
mod changed_since;
mod cli;
mod common;
mod config;
mod corpus_baseline;
mod corpus_liquibase;
mod corpus_sql;
mod diff;
mod docs;
mod fuzz_crashes;
mod harness;
mod history_applied;
mod history_checksum;
mod history_checksum_corpus;
mod hostile;
mod hostile_limits;
mod hostile_sql;
mod hostile_usage;
mod init;
mod kind_index;
mod liquibase_formats;
mod liquibase_golden;
mod liquibase_source;
mod parse_coverage;
mod policies;
mod policy_test_cli;
mod rollbacks;
mod rules;
mod stats;
mod stats_from;
mod waivers;
