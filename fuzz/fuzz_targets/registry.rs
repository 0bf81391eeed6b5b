//! The key registry (keys.json) reader.
#![no_main]

use dti_score::registry::KeyRegistry;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(registry) = KeyRegistry::from_json(text) {
        let _ = registry.units().count();
    }
});
