//! The signed submission file (`dti-score/submission/v1`): what a unit sends to the
//! province.
//!
//! A submission carries the unit, the assessment year and period, the indicator set's
//! id, version and SHA-256, the engine's version, the values as entered (with the
//! per-indicator notes and evidence references), the report the engine computed, the
//! time it was made, the signers (`prepared_by`, optionally `approved_by`) and their
//! Ed25519 signatures.
//!
//! **What is signed**: the bytes `dti-score/submission/v1\n` followed by the RFC 8785
//! canonical form ([`crate::json::to_canonical_bytes`]) of the whole submission *without* its
//! `signatures` member. The signers' names, roles and public keys are inside the signed
//! part, so they cannot be changed without breaking every signature. Both signers sign
//! the same bytes. The layout is documented for other implementers in
//! `docs/submission-format.md`.
//!
//! Nothing in a submission is trusted by [`crate::verify`]: it checks the signatures and
//! recomputes every score from the values.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::json::canonical::{self};

use crate::formats::VALUES_FORMAT;
use crate::json::hex::hex_encode;
use crate::json::CanonicalError;
use crate::report::Report;
use crate::set::IndicatorSet;
use crate::sign::{PublicKey, Role, Signature, UnlockedKey};
use crate::values::Values;
use crate::{score, ScoreOptions};

pub use crate::error::SubmissionError;
use crate::formats::SUBMISSION_FORMAT;
use crate::sign::Slot;

/// The domain-separation prefix of the signed bytes.
pub const SIGNING_PREFIX: &[u8] = b"dti-score/submission/v1\n";

/// The engine's name, recorded in submissions.
pub const ENGINE_NAME: &str = "dti-score";

/// A submission as stored. Every field is a string, a boolean or an object of them: the
/// file has a canonical form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Submission {
    /// Always [`SUBMISSION_FORMAT`].
    pub format: String,
    /// The unit assessed.
    pub unit: UnitInfo,
    /// The assessment year, four digits (`"2025"`).
    pub year: String,
    /// The assessment period: the year (`"2025"`) unless the values file names another
    /// (`"2025-Q4"`). One unit sends one submission per period.
    pub period: String,
    /// The indicator set the values were scored with.
    pub set: SetInfo,
    /// The engine that computed the report.
    pub engine: EngineInfo,
    /// The values as entered: `{"context": {…}, "values": {…}}`, in the values-file
    /// format without `format`, `set`, `year`, `period` and `unit` (which the submission
    /// carries itself).
    pub values: Value,
    /// The scores the engine computed ([`embedded_report`]).
    pub report: Value,
    /// When the submission was made, RFC 3339 UTC (`"2025-11-22T10:00:00Z"`).
    pub created_at: String,
    /// Who signs.
    pub signers: Signers,
    /// The signatures (not part of the signed bytes).
    pub signatures: Signatures,
}

/// The unit assessed: the same record as a values file's `unit`.
pub type UnitInfo = crate::values::Unit;

/// The indicator set, identified three ways.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SetInfo {
    /// The set's `id`.
    pub id: String,
    /// The set's `version`.
    pub version: String,
    /// SHA-256 (64 lower-case hex digits) of the set file's canonical form; see
    /// `set_sha256`.
    pub sha256: String,
}

/// The engine that computed the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EngineInfo {
    /// Always `"dti-score"`.
    pub name: String,
    /// Its version (`"0.1.0"`).
    pub version: String,
}

/// The signers, by slot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signers {
    /// The specialist who prepared the figures (role `preparer`).
    pub prepared_by: SignerInfo,
    /// The leader who approved them (role `approver`), when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approved_by: Option<SignerInfo>,
}

/// One signer, as written in the signed part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignerInfo {
    /// Full name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// Ed25519 public key, 64 lower-case hex digits.
    pub public_key: String,
    /// The key's fingerprint ([`PublicKey::fingerprint`]), for people.
    pub fingerprint: String,
}

/// The signatures, by slot: 128 lower-case hex digits each.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signatures {
    /// The preparer's signature.
    pub prepared_by: String,
    /// The approver's signature.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approved_by: Option<String>,
}

/// Everything needed to build a submission, apart from the keys.
#[derive(Debug, Clone)]
pub struct SubmissionInput<'a> {
    /// The validated set.
    pub set: &'a IndicatorSet,
    /// The values as loaded.
    pub values: &'a Values,
    /// The unit. `None`: the values file's `unit`, or else the preparer key's unit id.
    pub unit: Option<UnitInfo>,
    /// The assessment year. `None`: the values file's `year` (one of the two is needed).
    pub year: Option<i32>,
    /// When the submission is made, RFC 3339 UTC; see [`rfc3339_utc`].
    pub created_at: String,
}

/// Build and sign a submission.
///
/// The values are scored with the set; the report, the values and everything else go
/// into the signed part; the preparer (and the approver, if any) sign it.
///
/// # Errors
///
/// [`SubmissionError`]: no year, a year given twice differently, a key of the wrong
/// role or of another unit, one key used for both slots, a JSON number in the values,
/// an evidence citation with an error ([`crate::evidence::check`]).
///
/// # Examples
///
/// ```
/// use dti_score::sign::{Role, UnlockedKey};
/// use dti_score::submission::{build, SubmissionInput};
/// use dti_score::{IndicatorSet, Values};
///
/// let set = IndicatorSet::from_json(r#"{
///   "format": "dti-score/indicator-set/v1", "id": "tiny", "version": "1",
///   "title": {"vi": "Nhỏ"}, "scale": "10",
///   "indicators": [{"code": "1", "title": {"vi": "Có"}, "max": "10", "rule": {"kind": "yes_no"}}]
/// }"#).unwrap();
/// let values = Values::from_json(r#"{"year": 2025, "values": {"1": {"done": true}}}"#).unwrap();
/// let key = UnlockedKey::from_secret(&[1; 32], "xa-a", "Nguyễn Văn An", Role::Preparer);
/// let input = SubmissionInput {
///     set: &set, values: &values, unit: None, year: None,
///     created_at: "2025-11-22T10:00:00Z".into(),
/// };
/// let submission = build(&input, &key, None)?;
/// assert_eq!(submission.unit.id, "xa-a");
/// assert_eq!(submission.report["total"], "10");
/// # Ok::<(), dti_score::submission::SubmissionError>(())
/// ```
pub fn build(
    input: &SubmissionInput<'_>,
    preparer: &UnlockedKey,
    approver: Option<&UnlockedKey>,
) -> Result<Submission, SubmissionError> {
    check_key(Slot::PreparedBy, preparer)?;
    if let Some(approver) = approver {
        check_key(Slot::ApprovedBy, approver)?;
        if approver.public_key() == preparer.public_key() {
            return Err(SubmissionError::SameKeyTwice);
        }
    }
    if !input.values.carried.is_empty() {
        return Err(SubmissionError::NotConfirmed {
            fields: input.values.carried.clone(),
        });
    }
    let year = match (input.year, input.values.year) {
        (Some(a), Some(b)) if a != b => {
            return Err(SubmissionError::YearConflict {
                given: a,
                in_values: b,
            })
        }
        (Some(y), _) | (None, Some(y)) => y,
        (None, None) => return Err(SubmissionError::MissingYear),
    };
    let unit = match (&input.unit, &input.values.unit) {
        (Some(unit), _) => unit.clone(),
        (None, Some(unit)) => unit.clone(),
        (None, None) => UnitInfo {
            id: preparer.unit_id().to_string(),
            name: None,
            level: None,
            province: None,
        },
    };
    for (slot, key) in [
        (Slot::PreparedBy, Some(preparer)),
        (Slot::ApprovedBy, approver),
    ] {
        if let Some(key) = key {
            if key.unit_id() != unit.id {
                return Err(SubmissionError::KeyOfAnotherUnit {
                    slot,
                    key_unit: key.unit_id().to_string(),
                    unit: unit.id.clone(),
                });
            }
        }
    }
    if let Some(bad) = crate::evidence::check(input.set, input.values)
        .into_iter()
        .find(|e| e.finding.severity == crate::Severity::Error)
    {
        return Err(SubmissionError::Evidence(bad.finding));
    }
    let period = input
        .values
        .period
        .clone()
        .unwrap_or_else(|| year.to_string());
    let options = ScoreOptions {
        year: Some(year),
        // A submission carries the scores, not the traces.
        numbers_only: true,
        ..ScoreOptions::default()
    };
    // Typed texts give way to the values read from them: a submission carries canonical
    // decimals only.
    let values = input.values.settled(input.set);
    let report = score(input.set, &values, &options);
    let signer = |key: &UnlockedKey| SignerInfo {
        name: key.name().to_string(),
        role: key.role(),
        public_key: key.public_key().to_hex(),
        fingerprint: key.public_key().fingerprint(),
    };
    let mut submission = Submission {
        format: SUBMISSION_FORMAT.to_string(),
        unit,
        year: year.to_string(),
        period,
        set: SetInfo {
            id: input.set.id.clone(),
            version: input.set.version.clone(),
            sha256: set_sha256(input.set).map_err(SubmissionError::Canonical)?,
        },
        engine: EngineInfo {
            name: ENGINE_NAME.to_string(),
            version: crate::ENGINE_VERSION.to_string(),
        },
        values: embedded_values(&values),
        report: embedded_report(&report),
        created_at: input.created_at.clone(),
        signers: Signers {
            prepared_by: signer(preparer),
            approved_by: approver.map(signer),
        },
        signatures: Signatures {
            prepared_by: String::new(),
            approved_by: None,
        },
    };
    let message = submission.signing_bytes()?;
    submission.signatures.prepared_by = preparer.sign(&message).to_hex();
    submission.signatures.approved_by = approver.map(|key| key.sign(&message).to_hex());
    Ok(submission)
}

fn check_key(slot: Slot, key: &UnlockedKey) -> Result<(), SubmissionError> {
    if key.role() == slot.role() {
        Ok(())
    } else {
        Err(SubmissionError::WrongRole {
            slot,
            role: key.role(),
        })
    }
}

impl Submission {
    /// The bytes the signatures cover: [`SIGNING_PREFIX`] + JCS of the submission
    /// without `signatures`.
    ///
    /// # Errors
    ///
    /// [`SubmissionError::Canonical`] when a JSON number got into the values or report.
    pub fn signing_bytes(&self) -> Result<Vec<u8>, SubmissionError> {
        let value = serde_json::to_value(self).expect("a submission serializes");
        signing_bytes(&value).map_err(SubmissionError::Canonical)
    }

    /// The submission as pretty-printed JSON (what `dti-score sign` writes).
    pub fn to_json_pretty(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).expect("a submission serializes");
        text.push('\n');
        text
    }

    /// The values file inside the submission: its embedded values with what the
    /// submission carries itself put back (`format`, `set`, `year`, `unit`, and
    /// `period` where it is not the year), the inverse of `embedded_values`. The page
    /// continues a received submission as a draft from it.
    ///
    /// # Example
    /// ```
    /// use dti_score::submission::Submission;
    ///
    /// let submission: Submission = serde_json::from_str(include_str!("../docs/examples/submission/submission.json")).unwrap();
    /// let file = submission.values_file();
    /// assert_eq!(file["format"], "dti-score/values/v1");
    /// assert_eq!(file["year"], submission.year.parse::<i64>().unwrap());
    /// assert!(dti_score::Values::from_value(&file).is_ok());
    /// ```
    pub fn values_file(&self) -> Value {
        let mut file = serde_json::Map::new();
        file.insert("format".into(), Value::String(VALUES_FORMAT.into()));
        file.insert(
            "set".into(),
            serde_json::json!({ "id": self.set.id, "version": self.set.version }),
        );
        if let Ok(year) = self.year.parse::<i64>() {
            file.insert("year".into(), Value::from(year));
        }
        if self.period != self.year {
            file.insert("period".into(), Value::String(self.period.clone()));
        }
        file.insert(
            "unit".into(),
            serde_json::to_value(&self.unit).expect("a unit serializes"),
        );
        for key in ["context", "values"] {
            file.insert(key.into(), Value::Object(serde_json::Map::new()));
        }
        if let Value::Object(embedded) = &self.values {
            for (key, value) in embedded {
                file.insert(key.clone(), value.clone());
            }
        }
        Value::Object(file)
    }

    /// The signature of a slot, as the file writes it.
    pub fn signature(&self, slot: Slot) -> Option<&str> {
        match slot {
            Slot::PreparedBy => Some(&self.signatures.prepared_by),
            Slot::ApprovedBy => self.signatures.approved_by.as_deref(),
        }
    }

    /// The signer of a slot.
    pub fn signer(&self, slot: Slot) -> Option<&SignerInfo> {
        match slot {
            Slot::PreparedBy => Some(&self.signers.prepared_by),
            Slot::ApprovedBy => self.signers.approved_by.as_ref(),
        }
    }
}

/// The bytes a submission's signatures cover, from the submission as parsed JSON:
/// [`SIGNING_PREFIX`] + JCS of the object without its `signatures` member.
///
/// A verifier computes them from the file as read, never from a re-serialisation.
///
/// # Errors
///
/// [`CanonicalError::Number`] for a JSON number anywhere in the signed part.
pub fn signing_bytes(submission: &Value) -> Result<Vec<u8>, CanonicalError> {
    let mut out = SIGNING_PREFIX.to_vec();
    out.extend(canonical::to_canonical_bytes_without(
        submission,
        "signatures",
    )?);
    Ok(out)
}

/// SHA-256 of an indicator set's canonical form (RFC 8785 of the file as loaded, whole
/// numbers allowed: see [`canonical::to_canonical_bytes_with_integers`]), as 64
/// lower-case hex digits. Whitespace and member order in the set file do not change it;
/// any change of content does.
///
/// # Errors
///
/// [`CanonicalError::Number`] for a fraction in the file (a validated set has none).
pub(crate) fn set_sha256(set: &IndicatorSet) -> Result<String, CanonicalError> {
    let bytes = canonical::to_canonical_bytes_with_integers(&set.source_json)?;
    Ok(hex_encode(&Sha256::digest(&bytes)))
}

/// The values part of a submission: the values file without what the submission
/// carries itself.
pub(crate) fn embedded_values(values: &Values) -> Value {
    let mut value = values.to_json_value();
    if let Value::Object(map) = &mut value {
        for key in ["format", "set", "year", "period", "unit"] {
            map.shift_remove(key);
        }
    }
    value
}

/// The report part of a submission: the scores the engine computed, without the
/// traces (anyone with the set recomputes those with `dti-score score`):
/// `{"set": {id, version}, "total", "max", "achieved", "nodes": {"<id>": {"code",
/// "points", "max", "status", "achieved"}}}`, decimals as strings, `null` where the set
/// has no maxima.
///
/// ```
/// use dti_score::{score, IndicatorSet, ScoreOptions, Values};
/// use dti_score::submission::embedded_report;
///
/// let set = IndicatorSet::from_json(r#"{
///   "format": "dti-score/indicator-set/v1", "id": "tiny", "version": "1",
///   "title": {"vi": "Nhỏ"}, "scale": "10",
///   "indicators": [{"code": "1", "title": {"vi": "Có"}, "max": "10", "rule": {"kind": "yes_no"}}]
/// }"#).unwrap();
/// let values = Values::from_json(r#"{"values": {"1": {"done": true}}}"#).unwrap();
/// let report = embedded_report(&score(&set, &values, &ScoreOptions::default()));
/// assert_eq!(
///     report,
///     serde_json::json!({
///         "set": {"id": "tiny", "version": "1"}, "total": "10", "max": "10", "achieved": "10",
///         "nodes": {"1": {"code": "1", "points": "10", "max": "10", "status": "ok", "achieved": "10"}}
///     })
/// );
/// ```
pub fn embedded_report(report: &Report) -> Value {
    let nodes: serde_json::Map<String, Value> = report
        .nodes
        .iter()
        .map(|(id, node)| {
            let mut entry = serde_json::Map::new();
            entry.insert("code".into(), report.nodes.code(id).into());
            entry.extend(node_scores(node).map(|(k, v)| (k.to_string(), v)));
            (id.to_string(), Value::Object(entry))
        })
        .collect();
    let mut out = serde_json::Map::new();
    out.insert(
        "set".into(),
        serde_json::json!({ "id": report.set.id, "version": report.set.version }),
    );
    out.extend(total_scores(report).map(|(k, v)| (k.to_string(), v)));
    out.insert("nodes".into(), Value::Object(nodes));
    Value::Object(out)
}

/// The report's totals a submission carries and a verifier compares, in order.
pub(crate) fn total_scores(report: &Report) -> [(&'static str, Value); 3] {
    [
        ("total", decimal_value(report.total)),
        ("max", decimal_value(report.max)),
        ("achieved", decimal_value(report.achieved)),
    ]
}

/// An indicator's scores a submission carries and a verifier compares, in order.
pub(crate) fn node_scores(node: &crate::report::NodeReport) -> [(&'static str, Value); 4] {
    [
        ("points", decimal_value(node.points)),
        ("max", decimal_value(node.max)),
        ("status", Value::String(node.status.name().to_string())),
        ("achieved", decimal_value(node.achieved)),
    ]
}

fn decimal_value(d: Option<rust_decimal::Decimal>) -> Value {
    d.map_or(Value::Null, |d| Value::String(d.to_string()))
}

/// Read a signer's public key and signature from a parsed submission.
pub(crate) fn signer_key(signer: &SignerInfo) -> Result<PublicKey, crate::sign::KeyError> {
    PublicKey::from_hex(&signer.public_key)
}

pub(crate) fn parse_signature(text: &str) -> Result<Signature, crate::sign::KeyError> {
    Signature::from_hex(text)
}

/// A Unix time (seconds) as RFC 3339 UTC, `"2025-11-22T10:00:00Z"`.
///
/// ```
/// assert_eq!(dti_score::submission::rfc3339_utc(1_763_805_600), "2025-11-22T10:00:00Z");
/// assert_eq!(dti_score::submission::rfc3339_utc(0), "1970-01-01T00:00:00Z");
/// ```
pub fn rfc3339_utc(unix_seconds: i64) -> String {
    let days = unix_seconds.div_euclid(86_400);
    let secs = unix_seconds.rem_euclid(86_400);
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}
