//! Submission verification against the example set and registry: any bytes give a
//! verdict, never a panic.
#![no_main]

use std::sync::OnceLock;

use dti_score::verify::{verify_file, VerifyOptions};

use dti_score::registry::KeyRegistry;
use dti_score::IndicatorSet;
use libfuzzer_sys::fuzz_target;

fn fixtures() -> &'static (IndicatorSet, KeyRegistry) {
    static F: OnceLock<(IndicatorSet, KeyRegistry)> = OnceLock::new();
    F.get_or_init(|| {
        (
            IndicatorSet::from_json(include_str!("../../docs/examples/submission/set.json"))
                .expect("the example set loads"),
            KeyRegistry::from_json(include_str!("../../docs/examples/submission/keys.json"))
                .expect("the example registry loads"),
        )
    })
}

fuzz_target!(|data: &[u8]| {
    let (set, registry) = fixtures();
    let options = VerifyOptions {
        set,
        registry: Some(registry),
        year: None,
        period: None,
    };
    let _ = verify_file("fuzz.json", data, &options);
});
