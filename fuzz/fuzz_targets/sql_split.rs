//! The SQL front end for one dialect: the splitter with Liquibase's split
//! options and, with flags bit 5, a tiny statement size limit, then the text as a plain SQL file through every stage before
//! the policies (parse, facts, schema replay, impact, input documents).
#![no_main]

use std::path::PathBuf;

use schemagate::check::{CheckOptions, analyze};
use schemagate::policy::input::Needs;
use schemagate::source::SplitOptions;
use schemagate::sql::split::split_each;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((dialect, flags, rest)) = schemagate_fuzz::header(data) else {
        return;
    };
    let text = schemagate_fuzz::text(rest);
    let opts = SplitOptions {
        end_delimiter: match (flags >> 2) & 3 {
            0 => None,
            1 => Some("/".into()),
            2 => Some("GO".into()),
            _ => Some("$$".into()),
        },
        split_statements: flags & 1 == 0,
        strip_comments: flags & 2 != 0,
    };
    // flags bit 5: statements over 64 bytes are refused unparsed
    let max_statement = if flags & 32 != 0 { 64 } else { usize::MAX };
    split_each(&text, dialect, &opts, max_statement, &mut |s| {
        // every consumer slices the text with these
        assert!(s.range.start <= s.range.end, "{:?}", s.range);
        assert!(text.get(s.range.clone()).is_some(), "{:?}", s.range);
        if let Some(at) = s.error_at {
            assert!(at <= text.len(), "error at {at} of {}", text.len());
        }
    });
    let mut check = CheckOptions::new(vec![PathBuf::from(schemagate::source::STDIN)], dialect);
    check.load.stdin = Some(text);
    check.include_ast = flags & 16 != 0;
    let mut sources = Default::default();
    let mut problems = Vec::new();
    let _ = analyze(&check, Needs::all(), &mut sources, &mut problems);
});
