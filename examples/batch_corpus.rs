//! Writes the province's batch of benches/aggregate.rs to disk, for measuring
//! `dti-score aggregate` end to end: N two-signature Vĩnh Long 2025 submissions
//! (`OUT_DIR/submissions/xa-NNNNNN.json`, 7.5's ratio varied per commune), each commune
//! with its own preparer and approver test keys (derived from its number — never for
//! real use), and the unsigned `keys/v1` registry listing them (`OUT_DIR/keys.json`).
//!
//! ```sh
//! cargo run --release --example batch_corpus -- OUT_DIR 10000
//! dti-score aggregate OUT_DIR/submissions --set indicator-sets/vinh-long-2025.json \
//!     --keys OUT_DIR/keys.json --allow-unsigned-keys --bench
//! ```
//!
//! Generated files stay out of git: write them to a temporary folder.

use std::process::ExitCode;

use dti_score::sign::{Role, UnlockedKey};
use dti_score::submission::{build, SubmissionInput};
use dti_score::{IndicatorSet, Values};
use serde_json::{json, Value};

const SET: &str = include_str!("../indicator-sets/vinh-long-2025.json");
const VALUES: &str = include_str!("../tests/fixtures/vinh-long-2025--full-a/values.json");

fn secret(unit: usize, role: u8) -> [u8; 32] {
    let mut secret = [role; 32];
    secret[..8].copy_from_slice(&(unit as u64).to_le_bytes());
    secret
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [out, n] = args.as_slice() else {
        eprintln!("usage: batch_corpus OUT_DIR N");
        return ExitCode::from(2);
    };
    let Ok(n) = n.parse::<usize>() else {
        eprintln!("batch_corpus: N must be a count");
        return ExitCode::from(2);
    };
    match run(out, n) {
        Ok(()) => {
            println!("{n} submissions written into {out}/submissions, keys in {out}/keys.json");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("batch_corpus: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(out: &str, n: usize) -> Result<(), String> {
    let set = IndicatorSet::from_json(SET).map_err(|e| e.to_string())?;
    let base: Value = serde_json::from_str(VALUES).map_err(|e| e.to_string())?;
    let dir = format!("{out}/submissions");
    std::fs::create_dir_all(&dir).map_err(|e| format!("{dir}: {e}"))?;
    let mut units = serde_json::Map::new();
    for i in 0..n {
        let unit = format!("xa-{i:06}");
        let mut value = base.clone();
        value["unit"] = json!({ "id": unit, "name": format!("Xã {i}"), "level": "commune" });
        value["values"]["7.5"]["a"] = json!((1000 + i % 2000).to_string());
        let values = Values::from_value(&value).map_err(|e| e.to_string())?;
        let preparer =
            UnlockedKey::from_secret(&secret(i, 1), &unit, "Chuyên viên", Role::Preparer);
        let approver = UnlockedKey::from_secret(&secret(i, 2), &unit, "Lãnh đạo", Role::Approver);
        let input = SubmissionInput {
            set: &set,
            values: &values,
            unit: None,
            year: None,
            created_at: "2025-11-20T08:00:00Z".into(),
        };
        let submission = build(&input, &preparer, Some(&approver)).map_err(|e| e.to_string())?;
        let path = format!("{dir}/{unit}.json");
        std::fs::write(&path, submission.to_json_pretty()).map_err(|e| format!("{path}: {e}"))?;
        units.insert(
            unit,
            json!({ "keys": [
                { "public_key": preparer.public_key().to_hex(), "role": "preparer" },
                { "public_key": approver.public_key().to_hex(), "role": "approver" }
            ] }),
        );
    }
    let keys = json!({ "format": "dti-score/keys/v1", "units": units });
    let path = format!("{out}/keys.json");
    std::fs::write(&path, keys.to_string()).map_err(|e| format!("{path}: {e}"))
}
