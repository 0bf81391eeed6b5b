//! Appraisal records (`dti-score/appraisal/v1`): the appraisal council's score and
//! reason per indicator for one submission ("Điểm Hội đồng thẩm định"), signed by a
//! reviewer's key and bound to the submission by the SHA-256 of its signed bytes.
//!
//! The achieved score follows the appraisal where there is one (the engine applies it
//! through [`crate::ScoreOptions::appraisals`]); the ranking uses achieved scores.
//!
//! The signed bytes are `dti-score/appraisal/v1\n` followed by the RFC 8785 canonical
//! form of the record without its `signature` member.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::json::canonical;
use crate::json::hex::hex_encode;
use crate::registry::KeyRegistry;
use crate::report::{Appraisal, Appraisals};
use crate::set::IndicatorSet;
use crate::sign::{PublicKey, Role, Signature, UnlockedKey};
use crate::submission::{self, set_sha256, SetInfo, SignerInfo};
use crate::text::Lang;

pub use crate::error::AppraisalError;
use crate::formats::APPRAISAL_FORMAT;

/// What the signature covers is prefixed with this, so that no other kind of signed
/// file can be passed off as an appraisal.
pub const APPRAISAL_SIGNING_PREFIX: &[u8] = b"dti-score/appraisal/v1\n";

/// A signed appraisal of one submission.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AppraisalRecord {
    /// `dti-score/appraisal/v1`.
    pub format: String,
    /// The unit appraised.
    pub unit: String,
    /// The period of the submission.
    pub period: String,
    /// The set the submission was scored with.
    pub set: SetInfo,
    /// SHA-256 (hex) of the appraised submission's signed bytes; see
    /// [`submission_sha256`].
    pub submission_sha256: String,
    /// The council's points and reason, by indicator id (leaves only).
    pub appraisals: Appraisals,
    /// When it was signed, RFC 3339 UTC.
    pub created_at: String,
    /// The reviewer.
    pub reviewer: SignerInfo,
    /// Ed25519 signature, 128 hex digits.
    pub signature: String,
}

/// What an appraisal is made from, apart from the key.
#[derive(Debug, Clone)]
pub struct AppraisalInput<'a> {
    /// The set the submission was scored with.
    pub set: &'a IndicatorSet,
    /// The appraised submission file, as received.
    pub submission: &'a [u8],
    /// The council's points and reasons.
    pub appraisals: Appraisals,
    /// When, RFC 3339 UTC.
    pub created_at: String,
}

/// SHA-256 (64 hex digits) of a submission's signed bytes: what an appraisal refers
/// to. Whitespace and member order in the file do not change it.
///
/// # Errors
/// [`AppraisalError::Json`] when the file is not JSON or holds a number.
pub fn submission_sha256(bytes: &[u8]) -> Result<String, AppraisalError> {
    let value = canonical::parse_strict_slice(bytes).map_err(AppraisalError::Json)?;
    let signed = submission::signing_bytes(&value).map_err(AppraisalError::Json)?;
    Ok(hex_encode(&Sha256::digest(&signed)))
}

/// Makes and signs an appraisal of a submission.
///
/// # Errors
/// [`AppraisalError`]: the key is not a reviewer's, the submission does not read, an
/// indicator the set does not score, points outside 0..max, a missing reason.
///
/// # Example
/// ```
/// use dti_score::appraisal::{appraise, verify_appraisal, AppraisalInput};
/// use dti_score::Appraisal;
/// use dti_score::sign::{Role, UnlockedKey};
/// use dti_score::submission::{build, SubmissionInput};
/// use dti_score::{IndicatorSet, Values};
/// let set = IndicatorSet::from_json(r#"{
///   "format": "dti-score/indicator-set/v1", "id": "tiny", "version": "1",
///   "title": {"vi": "Nhỏ"}, "scale": "10",
///   "indicators": [{"code": "1", "title": {"vi": "Có"}, "max": "10", "rule": {"kind": "yes_no"}}]
/// }"#).unwrap();
/// let values = Values::from_json(r#"{"year": 2025, "values": {"1": {"done": true}}}"#).unwrap();
/// let unit_key = UnlockedKey::from_secret(&[1; 32], "xa-a", "Nguyễn Văn An", Role::Preparer);
/// let input = SubmissionInput { set: &set, values: &values, unit: None, year: None,
///     created_at: "2025-11-22T10:00:00Z".into() };
/// let file = build(&input, &unit_key, None).unwrap().to_json_pretty();
/// let reviewer = UnlockedKey::from_secret(&[9; 32], "hoi-dong", "Lê Thị Cúc", Role::Reviewer);
/// let appraisals = [("1".to_string(), Appraisal { points: "5".parse().unwrap(),
///     reason: "Minh chứng chưa đủ".into(), exclusion: None })].into();
/// let record = appraise(&AppraisalInput { set: &set, submission: file.as_bytes(), appraisals,
///     created_at: "2025-12-01T09:00:00Z".into() }, &reviewer).unwrap();
/// let checked = verify_appraisal(record.to_json_pretty().as_bytes(), &set, None).unwrap();
/// assert_eq!(checked.unit, "xa-a");
/// assert_eq!(checked.appraisals["1"].points.to_string(), "5");
/// ```
pub fn appraise(
    input: &AppraisalInput<'_>,
    reviewer: &UnlockedKey,
) -> Result<AppraisalRecord, AppraisalError> {
    if reviewer.role() != Role::Reviewer {
        return Err(AppraisalError::NotAReviewer {
            role: reviewer.role(),
        });
    }
    let value = canonical::parse_strict_slice(input.submission).map_err(AppraisalError::Json)?;
    let sub: submission::Submission =
        serde_json::from_value(value).map_err(|e| AppraisalError::Submission {
            reason: e.to_string(),
        })?;
    check_entries(input.set, &input.appraisals)?;
    let key = reviewer.public_key();
    let mut record = AppraisalRecord {
        format: APPRAISAL_FORMAT.to_string(),
        unit: sub.unit.id.clone(),
        period: sub.period.clone(),
        set: SetInfo {
            id: input.set.id.clone(),
            version: input.set.version.clone(),
            sha256: set_sha256(input.set).map_err(AppraisalError::Json)?,
        },
        submission_sha256: submission_sha256(input.submission)?,
        appraisals: input.appraisals.clone(),
        created_at: input.created_at.clone(),
        reviewer: SignerInfo {
            name: reviewer.name().to_string(),
            role: Role::Reviewer,
            public_key: key.to_hex(),
            fingerprint: key.fingerprint(),
        },
        signature: String::new(),
    };
    let bytes = record.signing_bytes()?;
    record.signature = reviewer.sign(&bytes).to_hex();
    Ok(record)
}

fn check_entries(set: &IndicatorSet, appraisals: &Appraisals) -> Result<(), AppraisalError> {
    for (id, a) in appraisals {
        let node = set
            .node(id)
            .filter(|n| n.rule.is_some())
            .ok_or_else(|| AppraisalError::UnknownIndicator { id: id.clone() })?;
        if let Some(max) = node.max {
            if a.points < Decimal::ZERO || a.points > max {
                return Err(AppraisalError::PointsOutOfRange {
                    id: id.clone(),
                    points: a.points,
                    max,
                });
            }
        }
        if a.reason.trim().is_empty() {
            return Err(AppraisalError::NoReason { id: id.clone() });
        }
    }
    Ok(())
}

impl AppraisalRecord {
    /// The bytes the signature covers: the prefix, then the canonical record without
    /// `signature`.
    ///
    /// # Errors
    /// [`AppraisalError::Json`] (a JSON number cannot occur in a record made here).
    pub fn signing_bytes(&self) -> Result<Vec<u8>, AppraisalError> {
        let value = serde_json::to_value(self).map_err(|e| AppraisalError::Shape {
            reason: e.to_string(),
        })?;
        signing_bytes_of(&value)
    }

    /// The record as pretty JSON, with a final line break.
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }
}

/// The signed bytes of a record as parsed: every member but `signature` is covered.
fn signing_bytes_of(value: &Value) -> Result<Vec<u8>, AppraisalError> {
    let mut value = value.clone();
    if let Value::Object(map) = &mut value {
        map.shift_remove("signature");
    }
    let mut out = APPRAISAL_SIGNING_PREFIX.to_vec();
    out.extend(canonical::to_canonical_bytes(&value).map_err(AppraisalError::Json)?);
    Ok(out)
}

/// Reads and checks an appraisal record: its shape, the reviewer's key and signature,
/// the key against the registry (registered with the role `reviewer` for any unit),
/// and the set. Which submission it belongs to is for the caller to match, by
/// [`AppraisalRecord::submission_sha256`].
///
/// # Errors
/// The first [`AppraisalError`] found.
pub fn verify_appraisal(
    bytes: &[u8],
    set: &IndicatorSet,
    registry: Option<&KeyRegistry>,
) -> Result<AppraisalRecord, AppraisalError> {
    let value = canonical::parse_strict_slice(bytes).map_err(AppraisalError::Json)?;
    let signed = signing_bytes_of(&value)?;
    let record: AppraisalRecord =
        serde_json::from_value(value).map_err(|e| AppraisalError::Shape {
            reason: e.to_string(),
        })?;
    if record.format != APPRAISAL_FORMAT {
        return Err(AppraisalError::Shape {
            reason: format!("format “{}”", record.format),
        });
    }
    if record.reviewer.role != Role::Reviewer {
        return Err(AppraisalError::NotAReviewer {
            role: record.reviewer.role,
        });
    }
    let key = PublicKey::from_hex(&record.reviewer.public_key)
        .map_err(|_| AppraisalError::BadPublicKey)?;
    if key.fingerprint() != record.reviewer.fingerprint {
        return Err(AppraisalError::BadPublicKey);
    }
    let signature =
        Signature::from_hex(&record.signature).map_err(|_| AppraisalError::SignatureInvalid)?;
    key.verify(&signed, &signature)
        .map_err(|_| AppraisalError::SignatureInvalid)?;
    if let Some(reg) = registry {
        let registered = reg
            .find(&key)
            .is_some_and(|(_, k)| k.role == Role::Reviewer);
        if !registered {
            return Err(AppraisalError::UnregisteredReviewer {
                fingerprint: key.fingerprint(),
            });
        }
    }
    let expected = format!("{} {}", set.id, set.version);
    let sha = set_sha256(set).map_err(AppraisalError::Json)?;
    if record.set.id != set.id || record.set.version != set.version || record.set.sha256 != sha {
        return Err(AppraisalError::SetMismatch {
            found: format!("{} {}", record.set.id, record.set.version),
            expected,
        });
    }
    check_entries(set, &record.appraisals)?;
    Ok(record)
}

/// One appraisal entry, for building [`Appraisals`] by hand.
pub fn entry(points: Decimal, reason: impl Into<String>) -> Appraisal {
    Appraisal {
        points,
        reason: reason.into(),
        exclusion: None,
    }
}

// ---- the appraisal entries: the council's points before they are signed -----------------

/// How appraisal entries are written ([`read_entries`]). The two forms differ on
/// purpose and each keeps its own tested behaviour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryForm {
    /// The scores file of `dti-score appraise --scores`: strict JSON (a repeated
    /// member or a JSON number is refused), points as canonical decimal strings
    /// (`"12.5"`), every entry kept as written.
    File,
    /// The review page's appraisal form: points as a person types them in the page's
    /// language ([`crate::number::read_typed`]: "12,5" in Vietnamese, "12.5" in
    /// English); an entry with empty points and no verdict on an exclusion is left out,
    /// a verdict without points is 0, reasons are trimmed and points normalised.
    Typed(Lang),
}

pub use crate::error::EntryError;

/// Reads the appraisal council's entries, `{"<indicator id>": {"points": …, "reason":
/// "…", "exclusion": "accepted" | "rejected"}}` (`exclusion` only on an indicator the
/// unit marked not applicable), in the given form: the one reader of `dti-score
/// appraise` ([`EntryForm::File`]) and of the review page ([`EntryForm::Typed`]).
/// Whether the points fit the indicators is checked by [`appraise`].
///
/// # Errors
/// [`EntryError`]: for a file, not strict JSON, a JSON number or another shape; for the
/// form, data that is not an object of entries, or points that do not read.
///
/// # Example
/// ```
/// use dti_score::appraisal::{read_entries, EntryForm};
/// use dti_score::Lang;
/// use dti_score::Message;
///
/// let typed = read_entries(
///     r#"{"1.1": {"points": "12,50", "reason": " Đủ "}, "1.2": {"points": "", "reason": ""}}"#,
///     EntryForm::Typed(Lang::Vi),
/// ).unwrap();
/// assert_eq!(typed["1.1"].points.to_string(), "12.5");
/// assert_eq!(typed["1.1"].reason, "Đủ");
/// assert!(!typed.contains_key("1.2"));
///
/// let file = read_entries(r#"{"1.1": {"points": "12.5", "reason": "Đủ"}}"#, EntryForm::File).unwrap();
/// assert_eq!(file["1.1"].points.to_string(), "12.5");
/// assert_eq!(
///     read_entries(r#"{"1.1": {"points": 12.5, "reason": "Đủ"}}"#, EntryForm::File).unwrap_err().code(),
///     "appraisal_entries.json"
/// );
/// ```
pub fn read_entries(text: &str, form: EntryForm) -> Result<Appraisals, EntryError> {
    match form {
        EntryForm::File => read_file_entries(text),
        EntryForm::Typed(lang) => read_typed_entries(text, lang),
    }
}

fn read_file_entries(text: &str) -> Result<Appraisals, EntryError> {
    let value = canonical::parse_strict(text).map_err(EntryError::Json)?;
    // Points are decimal strings: a JSON number is refused here.
    canonical::to_canonical_bytes(&value).map_err(EntryError::Json)?;
    serde_json::from_value(value).map_err(|e| EntryError::Shape {
        reason: e.to_string(),
    })
}

fn read_typed_entries(text: &str, lang: Lang) -> Result<Appraisals, EntryError> {
    #[derive(Deserialize)]
    struct Entry {
        points: String,
        reason: String,
        /// On an indicator the unit marked not applicable: accepted or rejected.
        #[serde(default)]
        exclusion: Option<crate::report::ExclusionVerdict>,
    }
    let entries: std::collections::BTreeMap<String, Entry> =
        serde_json::from_str(text).map_err(|e| EntryError::Form {
            reason: e.to_string(),
        })?;
    let mut out = Appraisals::new();
    for (id, e) in entries {
        // A verdict on an exclusion needs no points: accepted is 0 of 0, rejected 0 of
        // the maximum.
        let points = match (e.points.trim().is_empty(), e.exclusion) {
            (true, None) => continue,
            (true, Some(_)) => "0",
            (false, _) => e.points.as_str(),
        };
        let field = crate::number::Field {
            kind: crate::number::FieldKind::Amount { negative: false },
            unit: None,
        };
        let points = match crate::number::read_typed(points, field, lang) {
            Ok(p) => p,
            Err(error) => {
                return Err(EntryError::Points {
                    id,
                    error: Box::new(error),
                })
            }
        };
        out.insert(
            id,
            Appraisal {
                points: points.normalize(),
                reason: e.reason.trim().to_string(),
                exclusion: e.exclusion,
            },
        );
    }
    Ok(out)
}
