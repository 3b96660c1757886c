//! The whole gate on a folder: the input's files are written to a scratch
//! folder and checked with the built-in policies as `schemagate check`
//! does, then every report format is rendered. The first file is the root when it
//! is an XML/YAML/JSON changelog (unless flags bit 0), else the folder is;
//! flags bit 1 sets `--contexts prod`, bit 2 leaves the built-in rules out.
#![no_main]

use schemagate::check::{CheckOptions, check};
use schemagate::report::{self, Context, Format};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((dialect, flags, rest)) = schemagate_fuzz::header(data) else {
        return;
    };
    if schemagate_fuzz::names_special_file(rest) {
        return;
    }
    let files = schemagate_fuzz::files(rest);
    let Some(first) = files.first() else {
        return;
    };
    let dir = schemagate_fuzz::fresh_scratch();
    schemagate_fuzz::write(&dir, &files);
    let root = if flags & 1 == 0 && schemagate_fuzz::is_changelog_name(&first.path) {
        dir.join(&first.path)
    } else {
        dir.clone()
    };
    let mut opts = CheckOptions::new(vec![root], dialect);
    // includes resolve in the scratch folder, never the working directory
    opts.load.search_paths = vec![dir];
    if flags & 2 != 0 {
        opts.load.contexts = Some("prod".into());
    }
    // loading the built-in rules is most of a run's time: without them
    // (the library alone) the stages before and after the policies are
    // explored many times faster
    opts.builtin_policies = flags & 4 == 0;
    opts.policy_timeout = std::time::Duration::from_secs(2);
    let outcome = check(&opts);
    let context = Context::plain();
    for format in Format::ALL {
        let text = report::render(&outcome, format, &context);
        if matches!(format, Format::Json | Format::Sarif | Format::Gitlab) {
            assert!(
                serde_json::from_str::<serde_json::Value>(&text).is_ok(),
                "the {} report is not JSON: {text}",
                format.name()
            );
        }
    }
    assert!((0..=2).contains(&report::exit_code(&outcome)));
});
