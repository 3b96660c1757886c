//! A JSON changelog on its own (read by the YAML loader, as Liquibase
//! does): the element tree, changesets, change types lowered to SQL.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| schemagate_fuzz::changelog(data, "changelog.json"));
