//! What several test files share: a small two-indicator set and key registries signed
//! by a test province key.
#![allow(dead_code)]

use dti_score::registry::RegistryDocument;
use dti_score::sign::{PublicKey, Role, UnlockedKey};
use dti_score::verify::RegistryKey;

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
