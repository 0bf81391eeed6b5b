//! What several test files share: a small two-indicator set, key registries signed
//! by a test province key, and where a shipped set's file is.
#![allow(dead_code)]

use std::path::PathBuf;

use dti_score::registry::RegistryDocument;
use dti_score::registry::RegistryKey;
use dti_score::sign::{PublicKey, Role, UnlockedKey};

/// 1: fibre, 60 points at 80% of households; 2: a steering committee, 40 points.
pub const TINY_SET: &str = r#"{
  "format": "dti-score/indicator-set/v1", "id": "tiny", "version": "1.0.0",
  "title": { "vi": "Bộ chỉ số nhỏ" }, "scale": "100",
  "indicators": [
    { "code": "1", "title": { "vi": "Cáp quang" }, "max": "60",
      "inputs": [ { "id": "a", "label": { "vi": "Số hộ có cáp quang" }, "kind": "count" },
                  { "id": "b", "label": { "vi": "Tổng số hộ" }, "kind": "count" } ],
      "rule": { "kind": "linear_to_target", "ratio": "a/b", "target": "80%" } },
    { "code": "2", "title": { "vi": "Ban chỉ đạo" }, "max": "40", "rule": { "kind": "yes_no" } }
  ]
}"#;

/// A registry entry for a key, valid from `valid_from`, with no end.
pub fn registry_key(public_key: PublicKey, role: Role, valid_from: &str) -> RegistryKey {
    RegistryKey {
        public_key,
        role,
        name: None,
        fingerprint: None,
        valid_from: Some(valid_from.into()),
        valid_until: None,
        revoked_at: None,
    }
}

/// A `keys/v2` registry of these (unit, key, role), every key valid from 2025-01-01,
/// signed by `province` on 2025-01-02.
pub fn signed_registry(keys: &[(&str, PublicKey, Role)], province: &UnlockedKey) -> String {
    let mut doc = RegistryDocument::new(None);
    for (unit, public_key, role) in keys {
        doc.add_key(
            unit,
            None,
            registry_key(*public_key, *role, "2025-01-01T00:00:00Z"),
        )
        .unwrap();
    }
    doc.sign(province, "2025-01-02T00:00:00Z").unwrap();
    doc.to_json_pretty()
}

/// The review tests' set (tests/wasm_review.rs, tests/edges.rs): 1.1 fibre (linear, 30
/// points), 2.1 an e-commerce platform (yes/no, 20 points).
pub const REVIEW_SET: &str = r#"{
  "format": "dti-score/indicator-set/v1",
  "id": "review-wasm", "version": "1",
  "title": { "vi": "Bộ thử tổng hợp", "en": "Aggregation test set" },
  "scale": "50",
  "indicators": [
    { "code": "1", "title": { "vi": "Hạ tầng số" }, "max": "30", "children": [
      { "code": "1.1", "title": { "vi": "Tỷ lệ hộ có cáp quang" }, "max": "30",
        "inputs": [ { "id": "a", "label": { "vi": "Số hộ có cáp quang" }, "kind": "count" },
                    { "id": "b", "label": { "vi": "Tổng số hộ" }, "kind": "count" } ],
        "rule": { "kind": "linear", "ratio": "a/b" } } ] },
    { "code": "2", "title": { "vi": "Kinh tế số" }, "max": "20", "children": [
      { "code": "2.1", "title": { "vi": "Có sàn thương mại điện tử" }, "max": "20",
        "rule": { "kind": "yes_no" } } ] }
  ]
}"#;

/// Commune `id`'s preparer key (a fixed secret from its id).
pub fn review_unit_key(id: &str) -> UnlockedKey {
    let mut secret = [3u8; 32];
    secret[..id.len()].copy_from_slice(id.as_bytes());
    UnlockedKey::from_secret(&secret, id, "Cán bộ", Role::Preparer)
}

/// Commune `id`'s submission for [`REVIEW_SET`] in `year`: `a` of 10 households on
/// fibre and 2.1 `done`, signed by [`review_unit_key`].
pub fn review_submission(id: &str, name: &str, a: &str, done: bool, year: i32) -> Vec<u8> {
    let set = dti_score::IndicatorSet::from_json(REVIEW_SET).unwrap();
    let values = dti_score::Values::from_json(
        &serde_json::json!({
            "year": year,
            "unit": { "id": id, "name": name, "level": "commune" },
            "values": { "1.1": { "a": a, "b": "10" }, "2.1": { "done": done } }
        })
        .to_string(),
    )
    .unwrap();
    signed(&set, &values, &review_unit_key(id))
        .to_json_pretty()
        .into_bytes()
}

/// `values` for `set`, signed by `key` as its preparer on 2025-11-20.
pub fn signed(
    set: &dti_score::IndicatorSet,
    values: &dti_score::Values,
    key: &UnlockedKey,
) -> dti_score::submission::Submission {
    let input = dti_score::submission::SubmissionInput {
        set,
        values,
        unit: None,
        year: None,
        created_at: "2025-11-20T08:00:00Z".into(),
    };
    dti_score::submission::build(&input, key, None).unwrap()
}

/// A key file of the appraisal council's member Lê Thị Cúc with `role`, under
/// `passphrase` (small Argon2 parameters).
pub fn council_key_file(role: Role, passphrase: &str) -> String {
    use dti_score::sign::{KdfParams, KeyFile, NewKey};
    let new = NewKey {
        unit_id: "hoi-dong".into(),
        name: "Lê Thị Cúc".into(),
        role,
        created_at: "2025-11-01T00:00:00Z".into(),
    };
    KeyFile::from_secret(
        &new,
        &[9; 32],
        passphrase,
        KdfParams::new(64, 1, 1).unwrap(),
    )
    .unwrap()
    .to_json_pretty()
}

/// A shipped set's file by its id: `indicator-sets/<id>.json`, else a template's,
/// `indicator-sets/templates/<id>.json` (the golden cases name their set by id).
pub fn shipped_set_path(id: &str) -> PathBuf {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let set = root.join("indicator-sets").join(format!("{id}.json"));
    if set.exists() {
        set
    } else {
        root.join("indicator-sets/templates")
            .join(format!("{id}.json"))
    }
}
