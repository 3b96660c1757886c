//! A Liquibase formatted-SQL changelog on its own (`--liquibase formatted
//! sql`, `--changeset`, `--rollback`, `--precondition-*` …): changesets and
//! their SQL split and parsed for the dialect.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| schemagate_fuzz::changelog(data, "changelog.sql"));
