//! Set loading: any text either loads as a set or gives findings; a set that loads can
//! be scored (with no values) without a panic.
#![no_main]

use dti_score::{score, IndicatorSet, ScoreOptions, Values};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(set) = IndicatorSet::from_json(text) {
        let values = Values::from_json("{\"values\": {}}").expect("empty values load");
        let _ = score(&set, &values, &ScoreOptions::default());
    }
});
