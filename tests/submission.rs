//! Signed submissions: building, verifying, and every tampering the verifier must catch.

use dti_score::json::{parse_strict, to_canonical_string, CanonicalError};
use dti_score::registry::{KeyRegistry, RegistryError};
use dti_score::sign::Slot;
use dti_score::sign::{Role, UnlockedKey};
use dti_score::submission::{
    build, embedded_report, signing_bytes, Submission, SubmissionError, SubmissionInput, UnitInfo,
};
use dti_score::verify::{
    verify_file, verify_files, CheckKind, Outcome, SkipReason, Verdict, VerifyError, VerifyOptions,
};
use dti_score::Lang;
use dti_score::Message;
use dti_score::{score, IndicatorSet, ScoreOptions, Values};
use std::path::Path;

use proptest::prelude::*;
use serde_json::{json, Map, Value};

const SET: &str = r#"{
  "format": "dti-score/indicator-set/v1",
  "id": "tiny",
  "version": "1.0.0",
  "title": { "vi": "Bộ chỉ số nhỏ", "en": "Tiny set" },
  "scale": "100",
  "indicators": [
    {
      "code": "1",
      "title": { "vi": "Hạ tầng số" },
      "max": "100",
      "children": [
        {
          "code": "1.1",
          "title": { "vi": "Tỷ lệ hộ gia đình có cáp quang" },
          "max": "60",
          "inputs": [
            { "id": "a", "label": { "vi": "Số hộ có cáp quang" }, "kind": "count" },
            { "id": "b", "label": { "vi": "Tổng số hộ" }, "kind": "count" }
          ],
          "rule": { "kind": "linear_to_target", "ratio": "a/b", "target": "80%" }
        },
        {
          "code": "1.2",
          "title": { "vi": "Mức độ ứng dụng AI" },
          "max": "40",
          "rule": {
            "kind": "checklist",
            "items": [
              { "id": "1", "label": { "vi": "Cho cán bộ" }, "fraction": "1/2" },
              { "id": "2", "label": { "vi": "Cho người dân" }, "fraction": "1/2" }
            ]
          }
        }
      ]
    }
  ]
}"#;

const VALUES: &str = r#"{
  "format": "dti-score/values/v1",
  "year": 2025,
  "unit": { "id": "xa-tan-hoa", "name": "Xã Tân Hòa", "level": "commune", "province": "vinh-long" },
  "values": {
    "1.1": {
      "a": "45", "b": "60",
      "note": "Số liệu của VNPT",
      "evidence": [{ "document": "Báo cáo số 12/BC-UBND", "date": "2025-10-01",
                     "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08" }]
    },
    "1.2": { "items": { "1": true, "2": false } }
  }
}"#;

fn set() -> IndicatorSet {
    IndicatorSet::from_json(SET).unwrap()
}

fn preparer() -> UnlockedKey {
    UnlockedKey::from_secret(&[1; 32], "xa-tan-hoa", "Nguyễn Văn An", Role::Preparer)
}

fn approver() -> UnlockedKey {
    UnlockedKey::from_secret(&[2; 32], "xa-tan-hoa", "Trần Thị Bình", Role::Approver)
}

fn input<'a>(set: &'a IndicatorSet, values: &'a Values) -> SubmissionInput<'a> {
    SubmissionInput {
        set,
        values,
        unit: None,
        year: None,
        created_at: "2025-11-22T10:00:00Z".into(),
    }
}

/// A submission signed by both, as `dti-score sign` writes it.
fn signed() -> String {
    let set = set();
    let values = Values::from_json(VALUES).unwrap();
    build(&input(&set, &values), &preparer(), Some(&approver()))
        .unwrap()
        .to_json_pretty()
}

fn registry() -> KeyRegistry {
    KeyRegistry::from_json(
        &json!({
            "format": "dti-score/keys/v1",
            "issuer": "Sở Khoa học và Công nghệ tỉnh Vĩnh Long",
            "units": {
                "xa-tan-hoa": { "name": "Xã Tân Hòa", "keys": [
                    { "public_key": preparer().public_key().to_hex(), "role": "preparer", "name": "Nguyễn Văn An" },
                    { "public_key": approver().public_key().to_hex(), "role": "approver",
                      "fingerprint": approver().public_key().fingerprint() }
                ]},
                "xa-long-phu": { "keys": [
                    { "public_key": UnlockedKey::from_secret(&[3; 32], "", "", Role::Preparer).public_key().to_hex(),
                      "role": "preparer" }
                ]}
            }
        })
        .to_string(),
    )
    .unwrap()
}

fn verify(set: &IndicatorSet, text: &[u8]) -> Verdict {
    let registry = registry();
    let options = VerifyOptions {
        set,
        registry: Some(&registry),
        year: None,
        period: None,
    };
    verify_file("submission.json", text, &options)
}

/// The failing checks of a verdict (by label) and their problems.
type Failures = Vec<(String, Vec<VerifyError>)>;

/// The failing checks of a verdict and their problems.
fn failures(verdict: &Verdict) -> Failures {
    verdict
        .failures()
        .map(|c| (c.label(), c.problems.clone()))
        .collect()
}

#[test]
fn a_signed_submission_verifies() {
    let text = signed();
    let verdict = verify(&set(), text.as_bytes());
    assert_eq!(failures(&verdict), vec![]);
    assert!(verdict.passed);
    assert_eq!(verdict.unit.as_deref(), Some("xa-tan-hoa"));
    assert_eq!(verdict.period.as_deref(), Some("2025"));
    // 45/60 = 75% < 80% → 75/80 × 60 = 56.25; one of two items → 20.
    assert_eq!(verdict.total.as_deref(), Some("76.25"));
    let labels: Vec<(String, Outcome)> = verdict
        .checks
        .iter()
        .map(|c| (c.label(), c.outcome))
        .collect();
    assert_eq!(
        labels,
        [
            ("file", Outcome::Pass),
            ("signature prepared_by", Outcome::Pass),
            ("signature approved_by", Outcome::Pass),
            ("signer_key prepared_by", Outcome::Pass),
            ("signer_key approved_by", Outcome::Pass),
            ("set", Outcome::Pass),
            ("recomputation", Outcome::Pass),
            ("period", Outcome::Pass),
            ("duplicates", Outcome::Pass),
        ]
        .map(|(l, o)| (l.to_string(), o))
    );
}

#[test]
fn the_submission_carries_what_the_format_promises() {
    let value: Value = serde_json::from_str(&signed()).unwrap();
    assert_eq!(value["format"], "dti-score/submission/v1");
    assert_eq!(
        value["unit"],
        json!({"id": "xa-tan-hoa", "name": "Xã Tân Hòa", "level": "commune", "province": "vinh-long"})
    );
    assert_eq!(value["year"], "2025");
    assert_eq!(value["period"], "2025");
    assert_eq!(value["set"]["id"], "tiny");
    assert_eq!(value["set"]["version"], "1.0.0");
    assert_eq!(
        value["engine"],
        json!({"name": "dti-score", "version": dti_score::ENGINE_VERSION})
    );
    assert_eq!(value["values"]["values"]["1.1"]["note"], "Số liệu của VNPT");
    assert_eq!(
        value["values"]["values"]["1.1"]["evidence"][0]["document"],
        "Báo cáo số 12/BC-UBND"
    );
    assert_eq!(value["report"]["total"], "76.25");
    assert_eq!(value["report"]["nodes"]["1.1"]["points"], "56.25");
    assert_eq!(value["report"].get("year"), None);
    assert_eq!(value["signers"]["prepared_by"]["name"], "Nguyễn Văn An");
    assert_eq!(value["signers"]["prepared_by"]["role"], "preparer");
    assert_eq!(value["signers"]["approved_by"]["role"], "approver");
    assert_eq!(
        value["signers"]["approved_by"]["fingerprint"],
        approver().public_key().fingerprint()
    );
    // The signed bytes are the prefix and the canonical form without `signatures`.
    let mut payload = value.clone();
    payload.as_object_mut().unwrap().remove("signatures");
    let expected = format!(
        "dti-score/submission/v1\n{}",
        to_canonical_string(&payload).unwrap()
    );
    assert_eq!(signing_bytes(&value).unwrap(), expected.into_bytes());
}

/// Flip each byte of the file (three ways): never accepted, and always for the right
/// reason: unreadable files fail the `file` check; a changed signed part fails every
/// signature; a changed signature fails that signature.
#[test]
fn every_single_byte_flip_is_caught_with_the_right_reason() {
    let set = set();
    let text = signed().into_bytes();
    let original =
        signing_bytes(&parse_strict(std::str::from_utf8(&text).unwrap()).unwrap()).unwrap();
    let original_value: Value = serde_json::from_slice(&text).unwrap();
    let mut counts = [0usize; 3];
    for i in 0..text.len() {
        for mask in [0x01u8, 0x20, 0x80] {
            let mut bytes = text.clone();
            bytes[i] ^= mask;
            let verdict = verify(&set, &bytes);
            assert!(!verdict.passed, "byte {i} ^ {mask:#x} accepted");
            let file = verdict.check(CheckKind::File, None).unwrap();
            let parsed = std::str::from_utf8(&bytes)
                .ok()
                .and_then(|t| parse_strict(t).ok());
            let Some(value) = parsed.filter(|_| file.outcome == Outcome::Pass) else {
                assert_eq!(file.outcome, Outcome::Fail, "byte {i} ^ {mask:#x}");
                counts[0] += 1;
                continue;
            };
            if signing_bytes(&value).unwrap() != original {
                for slot in [Slot::PreparedBy, Slot::ApprovedBy] {
                    let check = verdict.check(CheckKind::Signature, Some(slot)).unwrap();
                    let key = |v: &Value| v["signers"][slot.as_str()]["public_key"].clone();
                    // A changed public key may no longer be a key at all; otherwise the
                    // signature does not verify.
                    let key_changed = key(&value) != key(&original_value);
                    assert!(
                        check.problems.iter().any(|p| match p {
                            VerifyError::SignatureInvalid { slot: s, .. } => *s == slot,
                            VerifyError::BadPublicKey { slot: s, .. } => *s == slot && key_changed,
                            _ => false,
                        }),
                        "byte {i} ^ {mask:#x}: {:?}",
                        check.problems
                    );
                }
                counts[1] += 1;
            } else {
                let slot = if value["signatures"]["prepared_by"]
                    != original_value["signatures"]["prepared_by"]
                {
                    Slot::PreparedBy
                } else {
                    Slot::ApprovedBy
                };
                let check = verdict.check(CheckKind::Signature, Some(slot)).unwrap();
                assert!(
                    matches!(
                        check.problems[..],
                        [VerifyError::SignatureInvalid { .. }]
                            | [VerifyError::BadSignatureEncoding { .. }]
                    ),
                    "byte {i} ^ {mask:#x}: {:?}",
                    check.problems
                );
                counts[2] += 1;
            }
        }
    }
    // All three kinds of damage occurred.
    assert!(counts.iter().all(|&c| c > 0), "{counts:?}");
}

/// Reverse the members of every object.
fn reversed(value: &Value) -> Value {
    match value {
        Value::Array(items) => Value::Array(items.iter().map(reversed).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .rev()
                .map(|(k, v)| (k.clone(), reversed(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

#[test]
fn reordered_members_and_other_whitespace_still_verify() {
    let value: Value = serde_json::from_str(&signed()).unwrap();
    let compact = serde_json::to_string(&reversed(&value)).unwrap();
    assert_ne!(compact, signed());
    assert_eq!(failures(&verify(&set(), compact.as_bytes())), vec![]);
    let spaced = signed()
        .replace("\n  ", "\n\t    ")
        .replace("\": ", "\"   :\r\n ");
    assert_eq!(failures(&verify(&set(), spaced.as_bytes())), vec![]);
    // An escaped spelling of the same string is the same content.
    let escaped = signed().replace("Xã Tân Hòa", "X\\u00e3 T\\u00e2n H\\u00f2a");
    assert_eq!(failures(&verify(&set(), escaped.as_bytes())), vec![]);
}

/// Changing a value and recomputing a consistent report does not help: the old
/// signatures no longer cover the content.
#[test]
fn a_changed_value_with_a_consistent_report_fails_the_signatures() {
    let set = set();
    let mut value: Value = serde_json::from_str(&signed()).unwrap();
    value["values"]["values"]["1.1"]["a"] = json!("48");
    let mut values = Values::from_value(&value["values"]).unwrap();
    values.year = Some(2025);
    let report = score(
        &set,
        &values,
        &ScoreOptions {
            year: Some(2025),
            ..Default::default()
        },
    );
    value["report"] = embedded_report(&report);
    assert_eq!(value["report"]["total"], "80");
    let verdict = verify(&set, value.to_string().as_bytes());
    assert_eq!(
        failures(&verdict),
        vec![
            (
                "signature prepared_by".to_string(),
                vec![VerifyError::SignatureInvalid {
                    slot: Slot::PreparedBy,
                    fingerprint: preparer().public_key().fingerprint()
                }]
            ),
            (
                "signature approved_by".to_string(),
                vec![VerifyError::SignatureInvalid {
                    slot: Slot::ApprovedBy,
                    fingerprint: approver().public_key().fingerprint()
                }]
            ),
        ]
    );
    assert_eq!(
        verdict
            .check(CheckKind::Recomputation, None)
            .unwrap()
            .outcome,
        Outcome::Pass
    );
}

/// Re-sign a modified submission with the same keys.
fn resign(value: &Value) -> String {
    let mut submission: Submission = serde_json::from_value(value.clone()).unwrap();
    let message = submission.signing_bytes().unwrap();
    submission.signatures.prepared_by = preparer().sign(&message).to_hex();
    submission.signatures.approved_by = Some(approver().sign(&message).to_hex());
    submission.to_json_pretty()
}

/// Scores are never trusted: a validly signed report that the values do not give fails.
#[test]
fn a_signed_but_inflated_report_fails_the_recomputation() {
    let mut value: Value = serde_json::from_str(&signed()).unwrap();
    value["report"]["total"] = json!("80");
    value["report"]["nodes"]["1.1"]["points"] = json!("60");
    let verdict = verify(&set(), resign(&value).as_bytes());
    assert_eq!(
        failures(&verdict),
        vec![(
            "recomputation".to_string(),
            vec![
                VerifyError::ReportMismatch {
                    pointer: "/total".into(),
                    embedded: "\"80\"".into(),
                    recomputed: "\"76.25\"".into()
                },
                VerifyError::ReportMismatch {
                    pointer: "/nodes/1.1/points".into(),
                    embedded: "\"60\"".into(),
                    recomputed: "\"56.25\"".into()
                },
            ]
        )]
    );
}

/// Scores must agree, whatever the engine version; other members (a trace written by
/// another engine version) are not compared.
#[test]
fn scores_are_compared_not_wording() {
    let mut value: Value = serde_json::from_str(&signed()).unwrap();
    value["report"]["nodes"]["1.1"]["trace"]["en"] = json!("other wording");
    assert_eq!(failures(&verify(&set(), resign(&value).as_bytes())), vec![]);
    value["engine"]["version"] = json!("0.0.1");
    assert_eq!(failures(&verify(&set(), resign(&value).as_bytes())), vec![]);
    let mut missing_node = value.clone();
    missing_node["report"]["nodes"]
        .as_object_mut()
        .unwrap()
        .shift_remove("1.2");
    missing_node["report"]["nodes"]["9.9"] = json!({"points": "0"});
    assert_eq!(
        failures(&verify(&set(), resign(&missing_node).as_bytes())),
        vec![(
            "recomputation".to_string(),
            vec![
                VerifyError::ReportMismatch {
                    pointer: "/nodes/1.2".into(),
                    embedded: "(absent)".into(),
                    recomputed: "\"(indicator 1.2)\"".into()
                },
                VerifyError::ReportMismatch {
                    pointer: "/nodes/9.9".into(),
                    embedded: "{\"points\":\"0\"}".into(),
                    recomputed: "(absent)".into()
                },
            ]
        )]
    );
    value["report"]["nodes"]["1.2"]["status"] = json!("missing");
    assert_eq!(
        failures(&verify(&set(), resign(&value).as_bytes())),
        vec![(
            "recomputation".to_string(),
            vec![VerifyError::ReportMismatch {
                pointer: "/nodes/1.2/status".into(),
                embedded: "\"missing\"".into(),
                recomputed: "\"ok\"".into()
            }]
        )]
    );
}

#[test]
fn a_submission_scored_against_another_set_version_is_flagged() {
    let text = signed();
    let newer = IndicatorSet::from_json(
        &SET.replace("\"version\": \"1.0.0\"", "\"version\": \"1.1.0\"")
            .replace("\"80%\"", "\"90%\""),
    )
    .unwrap();
    let verdict = verify(&newer, text.as_bytes());
    let set_check = verdict.check(CheckKind::Set, None).unwrap();
    assert_eq!(set_check.outcome, Outcome::Fail);
    assert!(matches!(
        &set_check.problems[..],
        [
            VerifyError::SetVersionMismatch { submission, supplied },
            VerifyError::SetHashMismatch { .. }
        ] if submission == "1.0.0" && supplied == "1.1.0"
    ));
    let recomputation = verdict.check(CheckKind::Recomputation, None).unwrap();
    assert_eq!(recomputation.outcome, Outcome::Skipped);
    assert_eq!(recomputation.skipped, Some(SkipReason::SetMismatch));
    assert_eq!(failures(&verdict).len(), 1);

    // Same id and version, edited content: the hash alone tells.
    let edited = IndicatorSet::from_json(&SET.replace("\"80%\"", "\"90%\"")).unwrap();
    let verdict = verify(&edited, text.as_bytes());
    assert!(matches!(
        &verdict.check(CheckKind::Set, None).unwrap().problems[..],
        [VerifyError::SetHashMismatch { .. }]
    ));
    // Whitespace and member order of the set file do not change its hash.
    let reformatted =
        serde_json::to_string(&reversed(&serde_json::from_str(SET).unwrap())).unwrap();
    let verdict = verify(
        &IndicatorSet::from_json(&reformatted).unwrap(),
        text.as_bytes(),
    );
    assert_eq!(failures(&verdict), vec![]);
}

#[test]
fn keys_and_the_registry() {
    let set = set();
    let values = Values::from_json(VALUES).unwrap();
    // A key file of another unit cannot sign.
    let other = UnlockedKey::from_secret(&[3; 32], "xa-long-phu", "Lê Văn Cường", Role::Preparer);
    assert_eq!(
        build(&input(&set, &values), &other, None).unwrap_err(),
        SubmissionError::KeyOfAnotherUnit {
            slot: Slot::PreparedBy,
            key_unit: "xa-long-phu".into(),
            unit: "xa-tan-hoa".into()
        }
    );
    // A key registered for another unit, relabelled to sign anyway.
    let relabelled =
        UnlockedKey::from_secret(&[3; 32], "xa-tan-hoa", "Lê Văn Cường", Role::Preparer);
    let text = build(&input(&set, &values), &relabelled, None)
        .unwrap()
        .to_json_pretty();
    let fingerprint = relabelled.public_key().fingerprint();
    assert_eq!(
        failures(&verify(&set, text.as_bytes())),
        vec![(
            "signer_key prepared_by".to_string(),
            vec![VerifyError::KeyOfAnotherUnit {
                slot: Slot::PreparedBy,
                fingerprint: fingerprint.clone(),
                unit: "xa-tan-hoa".into(),
                registered_unit: "xa-long-phu".into()
            }]
        )]
    );
    // A key in no entry.
    let stranger = UnlockedKey::from_secret(&[4; 32], "xa-tan-hoa", "Người lạ", Role::Preparer);
    let text = build(&input(&set, &values), &stranger, None)
        .unwrap()
        .to_json_pretty();
    assert_eq!(
        failures(&verify(&set, text.as_bytes())),
        vec![(
            "signer_key prepared_by".to_string(),
            vec![VerifyError::UnregisteredKey {
                slot: Slot::PreparedBy,
                fingerprint: stranger.public_key().fingerprint(),
                unit: "xa-tan-hoa".into()
            }]
        )]
    );
    // Without a registry the check is skipped, and the file passes.
    let options = VerifyOptions {
        set: &set,
        registry: None,
        year: None,
        period: None,
    };
    let verdict = verify_file("s.json", text.as_bytes(), &options);
    assert!(verdict.passed);
    let check = verdict
        .check(CheckKind::SignerKey, Some(Slot::PreparedBy))
        .unwrap();
    assert_eq!(
        (check.outcome, check.skipped),
        (Outcome::Skipped, Some(SkipReason::NoRegistry))
    );
    // A skipped check serialises its reason with the reason's code.
    assert_eq!(
        serde_json::to_value(check).unwrap()["skipped"],
        serde_json::json!({
            "code": "skip.no_registry",
            "vi": "không có danh sách khóa (keys.json)",
            "en": "no key registry (keys.json) was given"
        })
    );
    // Roles: an approver key cannot prepare, a preparer key cannot approve, one key not twice.
    assert_eq!(
        build(&input(&set, &values), &approver(), None).unwrap_err(),
        SubmissionError::WrongRole {
            slot: Slot::PreparedBy,
            role: Role::Approver
        }
    );
    assert_eq!(
        build(&input(&set, &values), &preparer(), Some(&preparer())).unwrap_err(),
        SubmissionError::WrongRole {
            slot: Slot::ApprovedBy,
            role: Role::Preparer
        }
    );
}

#[test]
fn year_and_period() {
    let set = set();
    let values = Values::from_json(VALUES).unwrap();
    let mut given = input(&set, &values);
    given.year = Some(2026);
    assert_eq!(
        build(&given, &preparer(), None).unwrap_err(),
        SubmissionError::YearConflict {
            given: 2026,
            in_values: 2025
        }
    );
    let no_year = Values::from_json(&VALUES.replace("\"year\": 2025,", "")).unwrap();
    assert_eq!(
        build(&input(&set, &no_year), &preparer(), None).unwrap_err(),
        SubmissionError::MissingYear
    );
    let mut given = input(&set, &no_year);
    given.year = Some(2025);
    let from_flag = build(&given, &preparer(), None).unwrap();
    assert_eq!(from_flag.year, "2025");

    let text = signed();
    let registry = registry();
    let options = VerifyOptions {
        set: &set,
        registry: Some(&registry),
        year: Some(2026),
        period: Some("2026"),
    };
    let verdict = verify_file("s.json", text.as_bytes(), &options);
    assert_eq!(
        failures(&verdict),
        vec![(
            "period".to_string(),
            vec![
                VerifyError::YearMismatch {
                    found: "2025".into(),
                    expected: 2026
                },
                VerifyError::PeriodMismatch {
                    found: "2025".into(),
                    expected: "2026".into()
                }
            ]
        )]
    );
    let mut value: Value = serde_json::from_str(&text).unwrap();
    value["period"] = json!("2024-Q4");
    assert_eq!(
        failures(&verify(&set, resign(&value).as_bytes())),
        vec![(
            "period".to_string(),
            vec![VerifyError::BadPeriod {
                period: "2024-Q4".into(),
                year: "2025".into()
            }]
        )]
    );
}

#[test]
fn duplicates_across_files() {
    let set = set();
    let values = Values::from_json(VALUES).unwrap();
    let first = signed();
    let mut again = input(&set, &values);
    again.created_at = "2025-11-23T08:00:00Z".into();
    let second = build(&again, &preparer(), None).unwrap().to_json_pretty();
    let other_unit = Values::from_json(&VALUES.replace("xa-tan-hoa", "xa-long-phu")).unwrap();
    let third_key =
        UnlockedKey::from_secret(&[3; 32], "xa-long-phu", "Lê Văn Cường", Role::Preparer);
    let third = build(&input(&set, &other_unit), &third_key, None)
        .unwrap()
        .to_json_pretty();
    let registry = registry();
    let options = VerifyOptions {
        set: &set,
        registry: Some(&registry),
        year: None,
        period: None,
    };
    let files = vec![
        ("a.json".to_string(), first.into_bytes()),
        ("b.json".to_string(), second.into_bytes()),
        ("c.json".to_string(), third.into_bytes()),
    ];
    let verdicts = verify_files(&files, &options);
    let summary: Vec<(bool, Failures)> = verdicts.iter().map(|v| (v.passed, failures(v))).collect();
    let duplicate = |others: &[&str]| {
        vec![(
            "duplicates".to_string(),
            vec![VerifyError::Duplicate {
                unit: "xa-tan-hoa".into(),
                period: "2025".into(),
                others: others.iter().map(|s| s.to_string()).collect(),
            }],
        )]
    };
    assert_eq!(
        summary,
        vec![
            (false, duplicate(&["b.json"])),
            (false, duplicate(&["a.json"])),
            (true, vec![])
        ]
    );
}

#[test]
fn unreadable_files() {
    let set = set();
    let text = signed();
    let cases: Vec<(Vec<u8>, VerifyError)> = vec![
        (
            text.as_bytes()[..200].to_vec(),
            VerifyError::Json(CanonicalError::Syntax {
                line: 10,
                column: 19,
                reason: "EOF while parsing a value".into(),
            }),
        ),
        (
            text.replacen("\"year\": \"2025\"", "\"year\": 2025", 1).into_bytes(),
            VerifyError::Number { pointer: "/year".into(), value: "2025".into() },
        ),
        (
            text.replacen("\"format\": \"dti-score/submission/v1\",", "\"format\": \"dti-score/submission/v1\", \"format\": \"x\",", 1)
                .into_bytes(),
            VerifyError::Json(CanonicalError::DuplicateKey { pointer: String::new(), key: "format".into() }),
        ),
        (
            text.replacen("dti-score/submission/v1", "dti-score/values/v1", 1).into_bytes(),
            VerifyError::UnsupportedFormat { found: "dti-score/values/v1".into() },
        ),
        (
            text.replacen("\"created_at\"", "\"created\"", 1).into_bytes(),
            VerifyError::Shape {
                reason: "unknown field `created`, expected one of `format`, `unit`, `year`, `period`, `set`, `engine`, `values`, `report`, `created_at`, `signers`, `signatures`".into(),
            },
        ),
    ];
    for (bytes, expected) in cases {
        let verdict = verify(&set, &bytes);
        assert_eq!(
            failures(&verdict),
            vec![("file".to_string(), vec![expected.clone()])],
            "{expected}"
        );
        assert!(verdict.checks[1..]
            .iter()
            .all(|c| c.skipped == Some(SkipReason::FileUnreadable)));
    }
}

#[test]
fn registry_errors() {
    let key = preparer().public_key();
    let cases = [
        (
            "{",
            RegistryError::Json(CanonicalError::Syntax {
                line: 1,
                column: 1,
                reason: "EOF while parsing an object".into(),
            }),
        ),
        (
            r#"{"format": "dti-score/keys/v9", "units": {}}"#,
            RegistryError::UnsupportedFormat {
                found: "dti-score/keys/v9".into(),
            },
        ),
        (
            r#"{"format": "dti-score/keys/v1", "units": {"a": {"keys": [{"public_key": "00", "role": "preparer"}]}}}"#,
            RegistryError::Shape {
                reason: "the public key is invalid: not 64 lower-case hex digits".into(),
            },
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(
            KeyRegistry::from_json(text).unwrap_err(),
            expected,
            "{text}"
        );
    }
    let twice = json!({"format": "dti-score/keys/v1", "units": {
        "a": {"keys": [{"public_key": key.to_hex(), "role": "preparer"}]},
        "b": {"keys": [{"public_key": key.to_hex(), "role": "approver"}]}
    }});
    assert_eq!(
        KeyRegistry::from_json(&twice.to_string()).unwrap_err(),
        RegistryError::DuplicateKey {
            fingerprint: key.fingerprint(),
            units: ["a".into(), "b".into()]
        }
    );
    let wrong = json!({"format": "dti-score/keys/v1", "units": {
        "a": {"keys": [{"public_key": key.to_hex(), "role": "preparer", "fingerprint": "0000-0000-0000-0000"}]}
    }});
    assert_eq!(
        KeyRegistry::from_json(&wrong.to_string()).unwrap_err(),
        RegistryError::FingerprintMismatch {
            unit: "a".into(),
            written: "0000-0000-0000-0000".into(),
            computed: key.fingerprint()
        }
    );
}

/// Every verification message, in both languages.
#[test]
fn verification_messages() {
    let fp = "21FE-31DF-A154-A261".to_string();
    let errors = vec![
        VerifyError::SignatureInvalid {
            slot: Slot::PreparedBy,
            fingerprint: fp.clone(),
        },
        VerifyError::MissingSignature {
            slot: Slot::ApprovedBy,
        },
        VerifyError::UndeclaredSignature {
            slot: Slot::ApprovedBy,
        },
        VerifyError::BadSignatureEncoding {
            slot: Slot::PreparedBy,
        },
        VerifyError::BadPublicKey {
            slot: Slot::ApprovedBy,
            problem: dti_score::sign::PublicKeyProblem::SmallOrder,
        },
        VerifyError::FingerprintMismatch {
            slot: Slot::PreparedBy,
            written: "0000-0000-0000-0000".into(),
            computed: fp.clone(),
        },
        VerifyError::WrongRole {
            slot: Slot::ApprovedBy,
            role: Role::Preparer,
        },
        VerifyError::SameKeyTwice,
        VerifyError::UnitNotRegistered {
            slot: Slot::PreparedBy,
            unit: "xa-moi".into(),
        },
        VerifyError::UnregisteredKey {
            slot: Slot::PreparedBy,
            fingerprint: fp.clone(),
            unit: "xa-tan-hoa".into(),
        },
        VerifyError::KeyOfAnotherUnit {
            slot: Slot::PreparedBy,
            fingerprint: fp.clone(),
            unit: "xa-tan-hoa".into(),
            registered_unit: "xa-long-phu".into(),
        },
        VerifyError::RoleNotRegistered {
            slot: Slot::ApprovedBy,
            fingerprint: fp,
            role: Role::Approver,
            registered_role: Role::Preparer,
        },
        VerifyError::SetIdMismatch {
            submission: "dti-province-2025".into(),
            supplied: "vinh-long-2025".into(),
        },
        VerifyError::SetVersionMismatch {
            submission: "1.0.0".into(),
            supplied: "1.1.0".into(),
        },
        VerifyError::SetHashMismatch {
            submission: "ab".repeat(32),
            supplied: "cd".repeat(32),
        },
        VerifyError::ValuesUnreadable {
            findings: Values::from_json(r#"{"values": {"1.1": {"a": 45}}}"#)
                .unwrap_err()
                .0,
        },
        VerifyError::ReportMismatch {
            pointer: "/nodes/1.1/points".into(),
            embedded: "\"60\"".into(),
            recomputed: "\"56.25\"".into(),
        },
        VerifyError::MoreReportDifferences { count: 3 },
        VerifyError::BadYear { found: "25".into() },
        VerifyError::BadPeriod {
            period: "2024-Q4".into(),
            year: "2025".into(),
        },
        VerifyError::YearMismatch {
            found: "2025".into(),
            expected: 2026,
        },
        VerifyError::PeriodMismatch {
            found: "2025".into(),
            expected: "2025-Q4".into(),
        },
        VerifyError::Duplicate {
            unit: "xa-tan-hoa".into(),
            period: "2025".into(),
            others: vec!["b.json".into(), "c.json".into()],
        },
        VerifyError::Number {
            pointer: "/year".into(),
            value: "2025".into(),
        },
        VerifyError::UnsupportedFormat {
            found: "dti-score/values/v1".into(),
        },
    ];
    let text: Vec<String> = errors
        .iter()
        .map(|e| format!("{}\nen: {e}\nvi: {}", e.code(), e.message(Lang::Vi)))
        .collect();
    insta::assert_snapshot!(text.join("\n\n"));
    let building = [
        SubmissionError::MissingYear,
        SubmissionError::YearConflict {
            given: 2026,
            in_values: 2025,
        },
        SubmissionError::WrongRole {
            slot: Slot::PreparedBy,
            role: Role::Approver,
        },
        SubmissionError::KeyOfAnotherUnit {
            slot: Slot::PreparedBy,
            key_unit: "xa-long-phu".into(),
            unit: "xa-tan-hoa".into(),
        },
        SubmissionError::SameKeyTwice,
        SubmissionError::Canonical(CanonicalError::Number {
            pointer: "/values/values/1.1/a".into(),
            value: "45".into(),
        }),
    ];
    let text: Vec<String> = building
        .iter()
        .map(|e| format!("en: {e}\nvi: {}", e.message(Lang::Vi)))
        .collect();
    insta::assert_snapshot!("building_messages", text.join("\n\n"));
}

#[test]
fn the_verdict_as_json() {
    let mut value: Value = serde_json::from_str(&signed()).unwrap();
    value["report"]["total"] = json!("80");
    let verdict = verify(&set(), resign(&value).as_bytes());
    let mut json = serde_json::to_value(&verdict).unwrap();
    assert_eq!(json["engine_version"], dti_score::ENGINE_VERSION);
    json["engine_version"] = json!("[engine version]");
    insta::assert_json_snapshot!(json);
}

fn item_map(ticks: &[bool]) -> Value {
    Value::Object(
        ticks
            .iter()
            .enumerate()
            .map(|(i, t)| ((i + 1).to_string(), json!(t)))
            .collect::<Map<_, _>>(),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Any valid values, any keys: sign → verify passes, and the verifier's total is the
    /// engine's.
    #[test]
    fn sign_then_verify_round_trips(
        a in 0u64..100_000, extra in 0u64..100_000, ticks in prop::collection::vec(any::<bool>(), 2),
        note in "\\PC{0,40}", secret_a in any::<[u8; 32]>(), secret_b in any::<[u8; 32]>(),
        with_approver in any::<bool>(),
    ) {
        prop_assume!(secret_a != secret_b);
        let set = set();
        let values = Values::from_value(&json!({
            "year": 2025,
            "values": {
                "1.1": { "a": a.to_string(), "b": (a + extra + 1).to_string(), "note": note },
                "1.2": { "items": item_map(&ticks) }
            }
        })).unwrap();
        let p = UnlockedKey::from_secret(&secret_a, "xa-x", "P", Role::Preparer);
        let q = UnlockedKey::from_secret(&secret_b, "xa-x", "Q", Role::Approver);
        let given = SubmissionInput {
            set: &set, values: &values,
            unit: Some(UnitInfo { id: "xa-x".into(), name: None, level: None, province: None }),
            year: None, created_at: "2025-11-22T10:00:00Z".into(),
        };
        let submission = build(&given, &p, with_approver.then_some(&q)).unwrap();
        let text = submission.to_json_pretty();
        let options = VerifyOptions { set: &set, registry: None, year: Some(2025), period: None };
        let verdict = verify_file("s.json", text.as_bytes(), &options);
        prop_assert_eq!(failures(&verdict), vec![]);
        let expected = score(&set, &values, &ScoreOptions::default()).total.map(|t| t.to_string());
        prop_assert_eq!(verdict.total, expected);
    }
}

/// `docs/examples/submission/`: the example of `docs/submission-format.md`, made by the
/// CLI, verifies; its signed bytes are the ones the document shows; its key files open
/// with the passphrases the document gives.
#[test]
fn the_documented_example() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/examples/submission");
    let read = |name: &str| std::fs::read(dir.join(name)).unwrap();
    let set = IndicatorSet::from_json(std::str::from_utf8(&read("set.json")).unwrap()).unwrap();
    let registry =
        KeyRegistry::from_json(std::str::from_utf8(&read("keys.json")).unwrap()).unwrap();
    let options = VerifyOptions {
        set: &set,
        registry: Some(&registry),
        year: Some(2025),
        period: None,
    };
    let verdict = verify_file("submission.json", &read("submission.json"), &options);
    assert_eq!(failures(&verdict), vec![]);
    assert!(verdict.passed);
    let value = parse_strict(std::str::from_utf8(&read("submission.json")).unwrap()).unwrap();
    assert_eq!(signing_bytes(&value).unwrap(), read("signed-bytes.txt"));
    for (file, pass, slot) in [
        ("an.key", "mật khẩu của An", "prepared_by"),
        ("binh.key", "mật khẩu của Bình", "approved_by"),
    ] {
        let key =
            dti_score::sign::KeyFile::from_json(std::str::from_utf8(&read(file)).unwrap()).unwrap();
        let unlocked = key.unlock(pass).unwrap();
        assert_eq!(
            value["signers"][slot]["public_key"],
            unlocked.public_key().to_hex()
        );
    }
}
