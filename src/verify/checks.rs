//! The checks of a submission, one function each, in the order [`super::verify_files`] runs them.

use serde::Deserialize;
use serde_json::Value;

use crate::error::verify::*;
use crate::formats::SUBMISSION_FORMAT;
use crate::json::canonical::{self};
use crate::json::pointer;
use crate::json::CanonicalError;
use crate::registry::KeyRegistry;
use crate::report::Report;
use crate::set::IndicatorSet;
use crate::sign::Slot;
use crate::sign::{KeyError, PublicKey, PublicKeyProblem, Signature};
use crate::submission::{signer_key, SignerInfo};

/// The signer's key as [`signer_key`] reads it; a key of the registry is taken from it,
/// as the registry read and checked it, rather than decoded again (decoding a point costs
/// a field exponentiation, and the registry already did it for each of its keys).
pub(super) fn signer_key_in(
    signer: &SignerInfo,
    registry: Option<&KeyRegistry>,
) -> Result<PublicKey, KeyError> {
    let registered = registry
        .and_then(|r| r.registered_key(&crate::json::hex::hex_decode_array(&signer.public_key)?));
    match registered {
        Some(key) => Ok(key),
        None => signer_key(signer),
    }
}
use crate::submission::{self, parse_signature, Submission};
use crate::values::Values;
use crate::{score, ScoreOptions};

use super::verdict::*;

/// How many report differences a verdict lists at most.
const MAX_REPORT_DIFFERENCES: usize = 10;

pub(super) fn read_submission(bytes: &[u8]) -> Result<(Vec<u8>, Submission), Vec<VerifyError>> {
    let value = canonical::parse_strict_slice(bytes).map_err(|err| vec![VerifyError::Json(err)])?;
    let format = value.get("format").and_then(Value::as_str).unwrap_or("");
    if format != SUBMISSION_FORMAT {
        return Err(vec![VerifyError::UnsupportedFormat {
            found: format.to_string(),
        }]);
    }
    let message = match submission::signing_bytes(&value) {
        Ok(message) => message,
        Err(CanonicalError::Number {
            pointer,
            value: number,
        }) => {
            return Err(vec![VerifyError::Number {
                pointer,
                value: number,
            }]);
        }
        Err(other) => return Err(vec![VerifyError::Json(other)]),
    };
    // The values and the report stay as parsed: deserializing a `Value` field from a
    // `Value` would copy the whole tree (half the file). Each is taken out (a null left
    // in its place, so the shape is checked as before) and put back.
    let mut value = value;
    let (values, report) = match value.as_object_mut() {
        Some(map) => (
            map.get_mut("values").map(Value::take),
            map.get_mut("report").map(Value::take),
        ),
        None => (None, None),
    };
    let mut submission: Submission = Submission::deserialize(value).map_err(|err| {
        vec![VerifyError::Shape {
            reason: err.to_string(),
        }]
    })?;
    if let Some(values) = values {
        submission.values = values;
    }
    if let Some(report) = report {
        submission.report = report;
    }
    let mut problems = Vec::new();
    if crate::sign::check_unit_id(&submission.unit.id).is_err() {
        problems.push(VerifyError::BadUnitId {
            found: submission.unit.id.clone(),
        });
    }
    if submission.signers.approved_by.is_none() && submission.signatures.approved_by.is_some() {
        problems.push(VerifyError::UndeclaredSignature {
            slot: Slot::ApprovedBy,
        });
    }
    if problems.is_empty() {
        Ok((message, submission))
    } else {
        Err(problems)
    }
}

/// The signature check of one slot, up to the Ed25519 equation itself: the problems
/// found so far, and the key and signature still to verify over the signed bytes (none
/// when the check already failed before it). The caller verifies them, one at a time
/// ([`super::verify_file`]) or in a batch (`super::batch`), and appends
/// [`VerifyError::SignatureInvalid`] when they do not verify: that problem always
/// comes last, as it did when this check verified the signature itself.
///
/// `key` is the signer's key as read by [`signer_key`], read once per slot for this check
/// and [`check_registry`] (decoding a key costs a field exponentiation).
pub(super) fn check_signature(
    submission: &Submission,
    slot: Slot,
    key: &Result<PublicKey, KeyError>,
) -> (Vec<VerifyError>, Option<(PublicKey, Signature)>) {
    let signer = submission.signer(slot).expect("slot declared");
    let mut problems = Vec::new();
    if signer.role != slot.role() {
        problems.push(VerifyError::WrongRole {
            slot,
            role: signer.role,
        });
    }
    if slot == Slot::ApprovedBy && signer.public_key == submission.signers.prepared_by.public_key {
        problems.push(VerifyError::SameKeyTwice);
    }
    let key = match key {
        Ok(key) => *key,
        Err(KeyError::BadPublicKey { problem }) => {
            problems.push(VerifyError::BadPublicKey {
                slot,
                problem: *problem,
            });
            return (problems, None);
        }
        Err(_) => {
            problems.push(VerifyError::BadPublicKey {
                slot,
                problem: PublicKeyProblem::NotHex,
            });
            return (problems, None);
        }
    };
    if key.fingerprint() != signer.fingerprint {
        problems.push(VerifyError::FingerprintMismatch {
            slot,
            written: signer.fingerprint.clone(),
            computed: key.fingerprint(),
        });
    }
    let Some(text) = submission.signature(slot) else {
        problems.push(VerifyError::MissingSignature { slot });
        return (problems, None);
    };
    match parse_signature(text) {
        Err(_) => {
            problems.push(VerifyError::BadSignatureEncoding { slot });
            (problems, None)
        }
        Ok(signature) => (problems, Some((key, signature))),
    }
}

/// `key`: the signer's key as read by [`signer_key`] (see [`check_signature`]).
pub(super) fn check_registry(
    submission: &Submission,
    slot: Slot,
    key: &Result<PublicKey, KeyError>,
    registry: &KeyRegistry,
) -> Vec<VerifyError> {
    let signer = submission.signer(slot).expect("slot declared");
    let unit = &submission.unit.id;
    let Ok(key) = key else {
        // Already reported by the signature check; an invalid key is registered nowhere.
        return vec![VerifyError::UnregisteredKey {
            slot,
            fingerprint: signer.fingerprint.clone(),
            unit: unit.clone(),
        }];
    };
    let fingerprint = key.fingerprint();
    match registry.find(key) {
        Some((registered_unit, entry)) if registered_unit == unit => {
            if entry.role == signer.role {
                match entry.valid_at(&submission.created_at) {
                    Ok(()) => Vec::new(),
                    Err(problem) => vec![VerifyError::KeyNotValid {
                        slot,
                        fingerprint,
                        signed_at: submission.created_at.clone(),
                        problem,
                    }],
                }
            } else {
                vec![VerifyError::RoleNotRegistered {
                    slot,
                    fingerprint,
                    role: signer.role,
                    registered_role: entry.role,
                }]
            }
        }
        Some((registered_unit, _)) => vec![VerifyError::KeyOfAnotherUnit {
            slot,
            fingerprint,
            unit: unit.clone(),
            registered_unit: registered_unit.to_string(),
        }],
        None if !registry.units.contains_key(unit) => {
            vec![VerifyError::UnitNotRegistered {
                slot,
                unit: unit.clone(),
            }]
        }
        None => vec![VerifyError::UnregisteredKey {
            slot,
            fingerprint,
            unit: unit.clone(),
        }],
    }
}

pub(super) fn check_set(
    submission: &Submission,
    set: &IndicatorSet,
    supplied: &str,
) -> Vec<VerifyError> {
    let mut problems = Vec::new();
    if submission.set.id != set.id {
        problems.push(VerifyError::SetIdMismatch {
            submission: submission.set.id.clone(),
            supplied: set.id.clone(),
        });
    }
    if submission.set.version != set.version {
        problems.push(VerifyError::SetVersionMismatch {
            submission: submission.set.version.clone(),
            supplied: set.version.clone(),
        });
    }
    if submission.set.sha256 != supplied {
        problems.push(VerifyError::SetHashMismatch {
            submission: submission.set.sha256.clone(),
            supplied: supplied.to_string(),
        });
    }
    problems
}

/// The year as written, if it is four digits from 1900 to 2200.
pub(super) fn parse_year(text: &str) -> Option<i32> {
    if text.len() != 4 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse()
        .ok()
        .filter(|&y| crate::formats::YEARS.contains(&i64::from(y)))
}

/// Recomputes the scores: the problems, the recomputed total and the values read.
pub(super) fn recompute(
    submission: &Submission,
    set: &IndicatorSet,
) -> (Vec<VerifyError>, Option<String>, Option<Values>) {
    let mut values = match Values::from_value(&submission.values) {
        Ok(values) => values,
        Err(errors) => {
            return (
                vec![VerifyError::ValuesUnreadable {
                    findings: errors.errors().cloned().collect(),
                }],
                None,
                None,
            )
        }
    };
    let year = parse_year(&submission.year);
    values.year = year;
    let report = score(
        set,
        &values,
        &ScoreOptions {
            year,
            // Only scores are compared: no traces needed.
            numbers_only: true,
            ..ScoreOptions::default()
        },
    );
    let total = report.total.map(|t| t.to_string());
    let mut problems = Vec::new();
    let mut extra = 0;
    diff_scores(&submission.report, &report, &mut problems, &mut extra);
    if extra > 0 {
        problems.push(VerifyError::MoreReportDifferences { count: extra });
    }
    (problems, total, Some(values))
}

/// Differences between the embedded report and the recomputed one in what carries
/// scores: `total`, `max`, `achieved`, the set's `id` and `version`, and every node's
/// `points`, `max`, `status` and `achieved`, in the recomputed report's order. Traces and
/// other texts are the unit's signed record of what it saw; they are not compared (their
/// wording may improve from one engine version to the next).
pub(super) fn diff_scores(
    embedded: &Value,
    report: &Report,
    out: &mut Vec<VerifyError>,
    extra: &mut usize,
) {
    let mut compare = |pointer: &dyn Fn() -> String, found: Option<&Value>, expected: Value| {
        if found != Some(&expected) {
            push_difference(&pointer(), found, Some(&expected), out, extra);
        }
    };
    for (key, expected) in submission::total_scores(report) {
        compare(&|| format!("/{key}"), embedded.get(key), expected);
    }
    let set = embedded.get("set");
    compare(
        &|| "/set/id".into(),
        set.and_then(|s| s.get("id")),
        Value::String(report.set.id.clone()),
    );
    compare(
        &|| "/set/version".into(),
        set.and_then(|s| s.get("version")),
        Value::String(report.set.version.clone()),
    );
    let empty = serde_json::Map::new();
    let nodes = embedded
        .get("nodes")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    for (id, node) in &report.nodes {
        let at = |key: &'static str| move || format!("/nodes/{}/{key}", pointer::token(id));
        let Some(found) = nodes.get(&**id) else {
            let pointer = || format!("/nodes/{}", pointer::token(id));
            compare(&pointer, None, Value::String(format!("(indicator {id})")));
            continue;
        };
        for (key, expected) in submission::node_scores(node) {
            compare(&at(key), found.get(key), expected);
        }
    }
    for (id, node) in nodes {
        if !report.nodes.contains_key(id.as_str()) {
            push_difference(
                &format!("/nodes/{}", pointer::token(id)),
                Some(node),
                None,
                out,
                extra,
            );
        }
    }
}

pub(super) fn push_difference(
    pointer: &str,
    embedded: Option<&Value>,
    recomputed: Option<&Value>,
    out: &mut Vec<VerifyError>,
    extra: &mut usize,
) {
    if out.len() >= MAX_REPORT_DIFFERENCES {
        *extra += 1;
        return;
    }
    let show = |v: Option<&Value>| match v {
        None => "(absent)".to_string(),
        Some(v) => {
            let text = v.to_string();
            if text.chars().count() > 80 {
                format!("{}…", text.chars().take(80).collect::<String>())
            } else {
                text
            }
        }
    };
    out.push(VerifyError::ReportMismatch {
        pointer: pointer.to_string(),
        embedded: show(embedded),
        recomputed: show(recomputed),
    });
}

pub(super) fn check_period(
    submission: &Submission,
    options: &VerifyOptions<'_>,
) -> Vec<VerifyError> {
    let mut problems = Vec::new();
    let year = &submission.year;
    if parse_year(year).is_none() {
        problems.push(VerifyError::BadYear {
            found: year.clone(),
        });
    }
    let period = &submission.period;
    let fits = period == year
        || period
            .strip_prefix(year.as_str())
            .is_some_and(|rest| rest.len() > 1 && rest.starts_with('-'));
    if !fits {
        problems.push(VerifyError::BadPeriod {
            period: period.clone(),
            year: year.clone(),
        });
    }
    if let Some(expected) = options.year {
        if *year != expected.to_string() {
            problems.push(VerifyError::YearMismatch {
                found: year.clone(),
                expected,
            });
        }
    }
    if let Some(expected) = options.period {
        if period != expected {
            problems.push(VerifyError::PeriodMismatch {
                found: period.clone(),
                expected: expected.to_string(),
            });
        }
    }
    problems
}
