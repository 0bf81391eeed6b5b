//! The province's batch, natively (feature `parallel`): signatures verified in batches
//! give exactly the verdicts of one-at-a-time verification — a forged signature among
//! many valid ones is named by file and slot, weak keys and non-canonical signatures are
//! refused as before — and streamed intake equals intake.
#![cfg(feature = "parallel")]

use dti_score::aggregate::{intake, intake_streamed, IntakeOptions};
use dti_score::sign::Slot;
use dti_score::sign::{PublicKeyProblem, Role, UnlockedKey};
use dti_score::submission::{build, SubmissionInput};
use dti_score::verify::{
    verify_batch, verify_file, CheckKind, Outcome, Verdict, VerifyError, VerifyOptions,
};
use dti_score::Message;
use dti_score::{IndicatorSet, Values};
use serde_json::{json, Value};

mod common;

fn set() -> IndicatorSet {
    IndicatorSet::from_json(common::TINY_SET).unwrap()
}

fn preparer(i: usize) -> UnlockedKey {
    let mut secret = [1; 32];
    secret[..8].copy_from_slice(&(i as u64).to_le_bytes());
    UnlockedKey::from_secret(&secret, &unit(i), "Chuyên viên", Role::Preparer)
}

fn approver(i: usize) -> UnlockedKey {
    let mut secret = [2; 32];
    secret[..8].copy_from_slice(&(i as u64).to_le_bytes());
    UnlockedKey::from_secret(&secret, &unit(i), "Lãnh đạo", Role::Approver)
}

fn unit(i: usize) -> String {
    format!("xa-{i:03}")
}

/// The i-th commune's two-signature submission, as JSON.
fn submission(set: &IndicatorSet, i: usize) -> Value {
    let values = Values::from_value(&json!({
        "year": 2025,
        "unit": { "id": unit(i), "name": format!("Xã {i}"), "level": "commune" },
        "values": { "1": { "a": (100 + i).to_string(), "b": "400" }, "2": { "done": i.is_multiple_of(2) } }
    }))
    .unwrap();
    let input = SubmissionInput {
        set,
        values: &values,
        unit: None,
        year: None,
        created_at: "2025-11-20T08:00:00Z".into(),
    };
    let built = build(&input, &preparer(i), Some(&approver(i))).unwrap();
    serde_json::from_str(&built.to_json_pretty()).unwrap()
}

fn files(set: &IndicatorSet, n: usize) -> Vec<(String, Vec<u8>)> {
    (0..n)
        .map(|i| {
            (
                format!("{}.json", unit(i)),
                submission(set, i).to_string().into_bytes(),
            )
        })
        .collect()
}

fn with_signature(file: &mut (String, Vec<u8>), slot: &str, signature: &str) {
    let mut value: Value = serde_json::from_slice(&file.1).unwrap();
    value["signatures"][slot] = json!(signature);
    file.1 = value.to_string().into_bytes();
}

/// verify_batch over all the files, checked against verify_file one by one.
fn batch_equals_single(files: &[(String, Vec<u8>)], options: &VerifyOptions<'_>) -> Vec<Verdict> {
    let named: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    let verdicts = verify_batch(&named, options);
    assert_eq!(verdicts.len(), files.len());
    for ((name, bytes), verdict) in files.iter().zip(&verdicts) {
        assert_eq!(verdict, &verify_file(name, bytes, options), "{name}");
    }
    verdicts
}

/// A failed check: its label and problems.
type Failed = (String, Vec<VerifyError>);

/// The files that failed, each with its failed checks.
fn failures(verdicts: &[Verdict]) -> Vec<(String, Vec<Failed>)> {
    verdicts
        .iter()
        .filter(|v| !v.passed)
        .map(|v| {
            (
                v.file.clone(),
                v.failures()
                    .map(|c| (c.label(), c.problems.clone()))
                    .collect(),
            )
        })
        .collect()
}

#[test]
fn a_forged_signature_among_many_valid_ones_names_exactly_its_file_and_slot() {
    let set = set();
    let options = VerifyOptions {
        set: &set,
        registry: None,
        year: None,
        period: None,
    };
    let mut files = files(&set, 40);
    // A well-formed signature by the right key, over other bytes: it joins the batch
    // (canonical, not small-order) and makes it fail.
    let forged = approver(23).sign(b"other bytes").to_hex();
    with_signature(&mut files[23], "approved_by", &forged);
    let verdicts = batch_equals_single(&files, &options);
    assert_eq!(
        failures(&verdicts),
        vec![(
            "xa-023.json".to_string(),
            vec![(
                "signature approved_by".to_string(),
                vec![VerifyError::SignatureInvalid {
                    slot: Slot::ApprovedBy,
                    fingerprint: approver(23).public_key().fingerprint(),
                }]
            )]
        )]
    );
    let check = verdicts[23]
        .check(CheckKind::Signature, Some(Slot::PreparedBy))
        .unwrap();
    assert_eq!(check.outcome, Outcome::Pass);
    assert_eq!(verdicts.iter().filter(|v| v.passed).count(), 39);
}

/// ℓ, the order of the base point, little-endian.
const ELL: [u8; 32] = [
    0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
];

#[test]
fn weak_keys_and_non_canonical_signatures_in_a_batch_are_refused_as_one_at_a_time() {
    let set = set();
    let options = VerifyOptions {
        set: &set,
        registry: None,
        year: None,
        period: None,
    };
    let mut files = files(&set, 12);
    // 2: s + ℓ, the same signature but for malleability (s not below ℓ).
    let mut value: Value = serde_json::from_slice(&files[2].1).unwrap();
    let mut bytes = hex(value["signatures"]["prepared_by"].as_str().unwrap());
    let mut carry = 0u16;
    for (b, l) in bytes[32..].iter_mut().zip(ELL) {
        let sum = u16::from(*b) + u16::from(l) + carry;
        *b = sum as u8;
        carry = sum >> 8;
    }
    assert_eq!(carry, 0);
    value["signatures"]["prepared_by"] = json!(to_hex(&bytes));
    files[2].1 = value.to_string().into_bytes();
    // 5: R the identity (a small-order point), s zero.
    let mut identity_r = vec![0u8; 64];
    identity_r[0] = 1;
    with_signature(&mut files[5], "approved_by", &to_hex(&identity_r));
    // 8: a small-order (weak) public key for the preparer.
    let mut value: Value = serde_json::from_slice(&files[8].1).unwrap();
    let mut weak = vec![0u8; 32];
    weak[0] = 1;
    value["signers"]["prepared_by"]["public_key"] = json!(to_hex(&weak));
    files[8].1 = value.to_string().into_bytes();

    let verdicts = batch_equals_single(&files, &options);
    assert_eq!(
        failures(&verdicts),
        vec![
            (
                "xa-002.json".to_string(),
                vec![(
                    "signature prepared_by".to_string(),
                    vec![VerifyError::SignatureInvalid {
                        slot: Slot::PreparedBy,
                        fingerprint: preparer(2).public_key().fingerprint(),
                    }]
                )]
            ),
            (
                "xa-005.json".to_string(),
                vec![(
                    "signature approved_by".to_string(),
                    vec![VerifyError::SignatureInvalid {
                        slot: Slot::ApprovedBy,
                        fingerprint: approver(5).public_key().fingerprint(),
                    }]
                )]
            ),
            (
                "xa-008.json".to_string(),
                vec![
                    (
                        "signature prepared_by".to_string(),
                        vec![VerifyError::BadPublicKey {
                            slot: Slot::PreparedBy,
                            problem: PublicKeyProblem::SmallOrder,
                        }]
                    ),
                    // The signers are signed: the approver signed the genuine key.
                    (
                        "signature approved_by".to_string(),
                        vec![VerifyError::SignatureInvalid {
                            slot: Slot::ApprovedBy,
                            fingerprint: approver(8).public_key().fingerprint(),
                        }]
                    )
                ]
            ),
        ]
    );
}

#[test]
fn streamed_intake_equals_intake() {
    let set = set();
    let mut files = files(&set, 70);
    let forged = preparer(41).sign(b"other bytes").to_hex();
    with_signature(&mut files[41], "prepared_by", &forged);
    files[10].1 = b"not json".to_vec();
    files[11] = ("copy.json".to_string(), files[12].1.clone());
    files[13].1 =
        br#"{"year": 2025, "unit": {"id": "xa-200"}, "values": {"2": {"done": true}}}"#.to_vec();
    files[14].1 = br#"{"format": "dti-score/something/v9"}"#.to_vec();
    files[15].1 = Vec::new();
    for allow_unsigned in [false, true] {
        let options = IntakeOptions {
            set: &set,
            registry: None,
            allow_unsigned,
            year: None,
        };
        let expected = intake(&files, &options);
        let streamed = intake_streamed(
            files.len(),
            |i| Ok::<_, std::convert::Infallible>(files[i].clone()),
            &options,
        )
        .unwrap();
        assert_eq!(streamed, expected);
        let rejected: Vec<(&str, &str)> = streamed
            .files
            .iter()
            .filter_map(|f| Some((f.file.as_str(), f.rejection.as_ref()?.code())))
            .collect();
        let mut want = vec![
            ("xa-010.json", "not_json"),
            ("xa-013.json", "unsigned"),
            ("xa-014.json", "not_a_values_file"),
            ("xa-015.json", "not_json"),
            ("xa-041.json", "verification"),
        ];
        if allow_unsigned {
            want.remove(1);
        }
        // The copy of xa-012 comes first, so xa-012 is the duplicate.
        want.insert(1, ("xa-012.json", "duplicate"));
        assert_eq!(rejected, want);
    }
    // The first read error by index ends intake.
    let options = IntakeOptions {
        set: &set,
        registry: None,
        allow_unsigned: false,
        year: None,
    };
    let failed = intake_streamed(
        files.len(),
        |i| {
            if i == 33 || i == 60 {
                Err(i)
            } else {
                Ok(files[i].clone())
            }
        },
        &options,
    );
    assert_eq!(failed.unwrap_err(), 33);
}

fn hex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect()
}

fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
