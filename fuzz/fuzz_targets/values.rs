//! Values reading, and scoring what was read against the example set.
#![no_main]

use std::sync::OnceLock;

use dti_score::{score, IndicatorSet, ScoreOptions, Values};
use libfuzzer_sys::fuzz_target;

fn set() -> &'static IndicatorSet {
    static SET: OnceLock<IndicatorSet> = OnceLock::new();
    SET.get_or_init(|| {
        IndicatorSet::from_json(include_str!("../../docs/examples/submission/set.json"))
            .expect("the example set loads")
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(values) = Values::from_json(text) {
        let _ = score(set(), &values, &ScoreOptions::default());
    }
});
