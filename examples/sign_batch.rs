//! Signs a folder of values files quickly, for tests of the province's side (the review
//! page's end-to-end test signs 3,500): every unit gets its own preparer key, derived
//! from its id (SHA-256 of "dti-score example key:" + id — test keys, never for real
//! use), and the key registry listing them all is written beside, as a `keys/v2` file
//! (every key valid from 2025-01-01) signed by a test province key (SHA-256 of
//! "dti-score example province key"), whose key file is written to
//! `KEYS_OUT.province.key` (passphrase `example province passphrase`) and whose
//! fingerprint is printed: `province key: XXXX-XXXX-XXXX-XXXX`.
//!
//! ```sh
//! cargo run --example sign_batch -- SET.json VALUES_DIR OUT_DIR KEYS_OUT.json [CREATED_AT]
//! ```
//!
//! Each `VALUES_DIR/<name>.json` (a values file naming its unit) becomes the signed
//! submission `OUT_DIR/<name>.json`, created at `CREATED_AT` (default
//! `2025-11-20T08:00:00Z`).

use std::process::ExitCode;

use dti_score::registry::RegistryDocument;
use dti_score::registry::RegistryKey;
use dti_score::sign::{KdfParams, KeyFile, NewKey, Role, UnlockedKey};
use dti_score::submission::{build, SubmissionInput};
use dti_score::{IndicatorSet, Values};
use sha2::{Digest, Sha256};

/// The test province's key.
fn province_secret() -> [u8; 32] {
    Sha256::digest("dti-score example province key").into()
}

fn key(unit: &str) -> UnlockedKey {
    let secret: [u8; 32] = Sha256::digest(format!("dti-score example key:{unit}")).into();
    UnlockedKey::from_secret(&secret, unit, &format!("Cán bộ {unit}"), Role::Preparer)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [set, values_dir, out_dir, keys_out, rest @ ..] = args.as_slice() else {
        eprintln!("usage: sign_batch SET.json VALUES_DIR OUT_DIR KEYS_OUT.json [CREATED_AT]");
        return ExitCode::from(2);
    };
    match run(set, values_dir, out_dir, keys_out, rest.first()) {
        Ok(n) => {
            println!("{n} submissions signed into {out_dir}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("sign_batch: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(
    set: &str,
    values_dir: &str,
    out_dir: &str,
    keys_out: &str,
    created_at: Option<&String>,
) -> Result<usize, String> {
    let set = IndicatorSet::from_json(&std::fs::read_to_string(set).map_err(|e| e.to_string())?)
        .map_err(|e| format!("{set}: {e}"))?;
    let mut names: Vec<_> = std::fs::read_dir(values_dir)
        .map_err(|e| format!("{values_dir}: {e}"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    names.sort();
    std::fs::create_dir_all(out_dir).map_err(|e| format!("{out_dir}: {e}"))?;
    let mut registry = RegistryDocument::new(Some("Tỉnh thử (example)".into()));
    for path in &names {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let values = Values::from_json(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        let unit = values
            .unit
            .as_ref()
            .ok_or_else(|| format!("{}: no unit", path.display()))?;
        let key = key(&unit.id);
        let input = SubmissionInput {
            set: &set,
            values: &values,
            unit: None,
            year: None,
            created_at: created_at
                .map_or("2025-11-20T08:00:00Z", |s| s.as_str())
                .into(),
        };
        let submission =
            build(&input, &key, None).map_err(|e| format!("{}: {e}", path.display()))?;
        let out = std::path::Path::new(out_dir).join(path.file_name().unwrap_or_default());
        std::fs::write(&out, submission.to_json_pretty())
            .map_err(|e| format!("{}: {e}", out.display()))?;
        registry
            .add_key(
                &unit.id,
                unit.name.clone(),
                RegistryKey {
                    public_key: key.public_key(),
                    role: Role::Preparer,
                    name: Some(key.name().to_string()),
                    fingerprint: None,
                    valid_from: Some("2025-01-01T00:00:00Z".into()),
                    valid_until: None,
                    revoked_at: None,
                },
            )
            .map_err(|e| format!("{}: {e}", path.display()))?;
    }
    let province = UnlockedKey::from_secret(
        &province_secret(),
        "tinh-thu",
        "Sở thử (example)",
        Role::Province,
    );
    registry
        .sign(&province, "2025-01-02T00:00:00Z")
        .map_err(|e| e.to_string())?;
    std::fs::write(keys_out, registry.to_json_pretty()).map_err(|e| format!("{keys_out}: {e}"))?;
    let new = NewKey {
        unit_id: "tinh-thu".into(),
        name: "Sở thử (example)".into(),
        role: Role::Province,
        created_at: "2025-01-01T00:00:00Z".into(),
    };
    let params = KdfParams::new(64, 1, 1).map_err(|e| e.to_string())?;
    let file = KeyFile::from_secret(
        &new,
        &province_secret(),
        "example province passphrase",
        params,
    )
    .map_err(|e| e.to_string())?;
    let key_path = format!("{keys_out}.province.key");
    std::fs::write(&key_path, file.to_json_pretty()).map_err(|e| format!("{key_path}: {e}"))?;
    println!("province key: {}", province.public_key().fingerprint());
    Ok(names.len())
}
