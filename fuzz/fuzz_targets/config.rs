//! The configuration loader: `schemagate.yaml` read, resolved for no
//! environment and for `prod`, rendered as `schemagate config` shows it,
//! and turned into the policies' `data`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let path = schemagate_fuzz::scratch().join("schemagate.yaml");
    if std::fs::write(&path, data).is_err() {
        return;
    }
    for env in [None, Some("prod")] {
        if let Ok(config) = schemagate::config::read(&path, env) {
            let _ = schemagate::config::render(&config);
            let _ = config.policy_data();
            let known =
                schemagate::policy::aliases::RuleNames::new(&[], ["ban-drop-table".to_string()]);
            let _ = config.unknown_rules(&known);
            let _ = config.settings.baseline.as_ref().map(|b| b.value.items());
        }
    }
});
