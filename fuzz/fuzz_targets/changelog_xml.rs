//! An XML changelog on its own: roxmltree, the element tree, changesets,
//! change types lowered to SQL.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| schemagate_fuzz::changelog(data, "changelog.xml"));
