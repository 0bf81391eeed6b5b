//! Key-file reading (everything checked before a passphrase is asked for).
#![no_main]

use dti_score::sign::KeyFile;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(file) = KeyFile::from_json(text) {
        // Loaded means checked: the parameters are within the maxima.
        let params = file.kdf_params().expect("a loaded key file has valid parameters");
        assert!(params.memory_kib() <= dti_score::sign::KdfParams::MAX_MEMORY_KIB);
        let _ = file.public_key().expect("a loaded key file has a valid public key");
    }
});
