//! Verifying submissions: a structured verdict per file, never a bare yes or no.
//!
//! For every file, [`verify_files`] runs these checks, in this order, and records each
//! one's outcome (`pass`, `fail`, or `skipped` with the reason):
//!
//! 1. `file`: the file is JSON without repeated member names, its `format` is
//!    `dti-score/submission/v1`, it has exactly the fields of that format, and its signed
//!    part has a canonical form (no JSON numbers). When this fails, nothing else can be
//!    checked.
//! 2. `signature`, once per signer (`prepared_by`, `approved_by`): the public key is a
//!    valid Ed25519 key whose fingerprint is the one written, the signer's role fits the
//!    slot, and the signature verifies (`verify_strict`) over the signed bytes.
//! 3. `signer_key`, once per signer: with a key registry (`keys.json`), the key is
//!    registered for the submission's unit with that role; without one, skipped.
//! 4. `set`: the set supplied has the submission's set `id`, `version` and SHA-256.
//! 5. `recomputation`: the values are scored again with the set supplied, and the
//!    scores are compared with the embedded report's (scores are never trusted): the
//!    totals and every indicator's `points`, `max`, `status` and `achieved`. Traces and
//!    other texts are not compared.
//! 6. `period`: the year is four digits, the period is the year or starts with it
//!    (`2025-Q4`), and both match what the verifier asked for, if anything.
//! 7. `duplicates`: no other file verified together is for the same unit and period.
//!
//! A file passes when no check fails.

use std::collections::BTreeMap;
use std::fmt;

use rust_decimal::Decimal;
use serde::ser::SerializeStruct;
use serde::{Deserialize, Serialize, Serializer};
use serde_json::Value;

use crate::error::Finding;
use crate::json::canonical::{self, CanonicalError};
use crate::report::Report;
use crate::set::IndicatorSet;
use crate::sign::{KeyError, PublicKeyProblem, Role};
use crate::submission::{
    self, parse_signature, set_sha256, signer_key, Slot, Submission, SUBMISSION_FORMAT,
};
use crate::text::{Bilingual, Lang};
use crate::values::Values;
use crate::{score, ScoreOptions};

/// How many report differences a verdict lists at most.
const MAX_REPORT_DIFFERENCES: usize = 10;

pub use crate::registry::{
    KeyRegistry, RegistryError, RegistryKey, RegistryUnit, Validity, REGISTRY_FORMAT,
    REGISTRY_FORMAT_V2,
};

/// What the verifier is given besides the files.
#[derive(Debug, Clone, Copy)]
pub struct VerifyOptions<'a> {
    /// The indicator set the submissions claim to be scored with.
    pub set: &'a IndicatorSet,
    /// The province's key registry, if any.
    pub registry: Option<&'a KeyRegistry>,
    /// The year the submissions must be for, if the verifier requires one.
    pub year: Option<i32>,
    /// The period the submissions must be for, if the verifier requires one.
    pub period: Option<&'a str>,
}

/// The name of a check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckKind {
    /// The file can be read as a submission.
    File,
    /// One signer's signature.
    Signature,
    /// One signer's key against the registry.
    SignerKey,
    /// The indicator set.
    Set,
    /// The scores, recomputed.
    Recomputation,
    /// Year and period.
    Period,
    /// Duplicates among the files verified together.
    Duplicates,
}

impl CheckKind {
    /// The check's name.
    pub fn as_str(self) -> &'static str {
        match self {
            CheckKind::File => "file",
            CheckKind::Signature => "signature",
            CheckKind::SignerKey => "signer_key",
            CheckKind::Set => "set",
            CheckKind::Recomputation => "recomputation",
            CheckKind::Period => "period",
            CheckKind::Duplicates => "duplicates",
        }
    }
}

/// How a check came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Passed.
    Pass,
    /// Failed: see the problems.
    Fail,
    /// Not run: see the reason.
    Skipped,
}

/// Why a check was not run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SkipReason {
    /// The file could not be read.
    FileUnreadable,
    /// No key registry was given.
    NoRegistry,
    /// The set supplied is not the submission's.
    SetMismatch,
}

impl SkipReason {
    /// The reason in both languages.
    pub fn bilingual(self) -> Bilingual {
        let (en, vi) = match self {
            SkipReason::FileUnreadable => ("the file could not be read", "không đọc được tệp"),
            SkipReason::NoRegistry => (
                "no key registry (keys.json) was given",
                "không có danh sách khóa (keys.json)",
            ),
            SkipReason::SetMismatch => (
                "the set supplied is not the submission's set",
                "bộ chỉ số được cung cấp không phải bộ chỉ số của hồ sơ",
            ),
        };
        Bilingual {
            vi: vi.to_string(),
            en: en.to_string(),
        }
    }
}

/// One check's result.
#[derive(Debug, Clone, PartialEq)]
pub struct Check {
    /// Which check.
    pub kind: CheckKind,
    /// The signer's slot, for `signature` and `signer_key`.
    pub slot: Option<Slot>,
    /// Pass, fail or skipped.
    pub outcome: Outcome,
    /// Why it failed (empty unless it failed).
    pub problems: Vec<VerifyError>,
    /// Why it was skipped.
    pub skipped: Option<SkipReason>,
}

impl Check {
    fn from_problems(kind: CheckKind, slot: Option<Slot>, problems: Vec<VerifyError>) -> Check {
        let outcome = if problems.is_empty() {
            Outcome::Pass
        } else {
            Outcome::Fail
        };
        Check {
            kind,
            slot,
            outcome,
            problems,
            skipped: None,
        }
    }

    fn skipped(kind: CheckKind, slot: Option<Slot>, reason: SkipReason) -> Check {
        Check {
            kind,
            slot,
            outcome: Outcome::Skipped,
            problems: Vec::new(),
            skipped: Some(reason),
        }
    }

    /// The check's name with its slot: `signature prepared_by`, `set`.
    pub fn label(&self) -> String {
        match self.slot {
            Some(slot) => format!("{} {slot}", self.kind.as_str()),
            None => self.kind.as_str().to_string(),
        }
    }
}

impl Serialize for Check {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut st = serializer.serialize_struct("Check", 5)?;
        st.serialize_field("check", &self.kind)?;
        if let Some(slot) = self.slot {
            st.serialize_field("slot", &slot)?;
        }
        st.serialize_field("outcome", &self.outcome)?;
        if !self.problems.is_empty() {
            st.serialize_field("problems", &self.problems)?;
        }
        if let Some(reason) = self.skipped {
            st.serialize_field("skipped", &reason.bilingual())?;
        }
        st.end()
    }
}

/// The verdict on one file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdict {
    /// The file's name, as given.
    pub file: String,
    /// Whether no check failed.
    pub passed: bool,
    /// Whether it passed and its signers are proven: every signer's key is in a key
    /// registry whose province signature verified under the province key the reader
    /// pinned ([`KeyRegistry::load`]), for the unit, the role and the signing time.
    /// A file that passed without this is *signed, signers not proven*.
    pub proven: bool,
    /// The unit, when the file could be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// The year, when the file could be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<String>,
    /// The period, when the file could be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    /// The total the verifier recomputed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<String>,
    /// The engine version that made the submission.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub engine_version: Option<String>,
    /// Every check, in order.
    pub checks: Vec<Check>,
    /// What the verifier read, when the scores could be recomputed: the province's
    /// intake takes the values from here instead of reading the file again.
    #[serde(skip)]
    pub(crate) read: Option<Box<SignedRead>>,
    /// Whether the registry is proven and every signer_key check passed.
    #[serde(skip)]
    pub(crate) signers_proven: bool,
}

/// A submission's values as the verifier read them (unit, year, period and set filled
/// in from the submission), with its preparer key, creation time and signature.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SignedRead {
    pub values: Values,
    pub preparer_key: String,
    pub created_at: String,
    pub signature: String,
}

impl Verdict {
    /// The checks that failed.
    pub fn failures(&self) -> impl Iterator<Item = &Check> {
        self.checks.iter().filter(|c| c.outcome == Outcome::Fail)
    }

    /// The check of a kind (and slot).
    pub fn check(&self, kind: CheckKind, slot: Option<Slot>) -> Option<&Check> {
        self.checks
            .iter()
            .find(|c| c.kind == kind && c.slot == slot)
    }
}

/// What a check found wrong. Messages name the slot, field or indicator concerned and
/// never contain key material beyond public keys' fingerprints.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum VerifyError {
    /// Not JSON, or a repeated member name.
    Json(CanonicalError),
    /// The `format` is not `dti-score/submission/v1`.
    UnsupportedFormat {
        /// The format found (empty when absent).
        found: String,
    },
    /// A field is missing, unknown or of the wrong type.
    Shape {
        /// The parser's description.
        reason: String,
    },
    /// A JSON number in the signed part.
    Number {
        /// Where.
        pointer: String,
        /// The number.
        value: String,
    },
    /// A unit id with characters other than letters, digits, `-`, `_`, `.`.
    BadUnitId {
        /// The id.
        found: String,
    },
    /// A signature without a declared signer.
    UndeclaredSignature {
        /// The slot.
        slot: Slot,
    },
    /// A declared signer without a signature.
    MissingSignature {
        /// The slot.
        slot: Slot,
    },
    /// The signer's public key is not a valid Ed25519 key.
    BadPublicKey {
        /// The slot.
        slot: Slot,
        /// What is wrong.
        problem: PublicKeyProblem,
    },
    /// The fingerprint written is not the key's.
    FingerprintMismatch {
        /// The slot.
        slot: Slot,
        /// The fingerprint written.
        written: String,
        /// The key's fingerprint.
        computed: String,
    },
    /// The signer's role does not fit the slot.
    WrongRole {
        /// The slot.
        slot: Slot,
        /// The role written.
        role: Role,
    },
    /// The same key signs both slots.
    SameKeyTwice,
    /// The signature is not 128 lower-case hex digits.
    BadSignatureEncoding {
        /// The slot.
        slot: Slot,
    },
    /// The signature does not verify: the signed part was changed, or it was signed by
    /// another key.
    SignatureInvalid {
        /// The slot.
        slot: Slot,
        /// The fingerprint of the key it claims.
        fingerprint: String,
    },
    /// The registry has no entry for the submission's unit.
    UnitNotRegistered {
        /// The slot.
        slot: Slot,
        /// The unit.
        unit: String,
    },
    /// The key is in no unit's entry.
    UnregisteredKey {
        /// The slot.
        slot: Slot,
        /// The key's fingerprint.
        fingerprint: String,
        /// The submission's unit.
        unit: String,
    },
    /// The key is registered for another unit.
    KeyOfAnotherUnit {
        /// The slot.
        slot: Slot,
        /// The key's fingerprint.
        fingerprint: String,
        /// The submission's unit.
        unit: String,
        /// The unit the key is registered for.
        registered_unit: String,
    },
    /// The key is registered for the unit with another role.
    RoleNotRegistered {
        /// The slot.
        slot: Slot,
        /// The key's fingerprint.
        fingerprint: String,
        /// The role the submission gives.
        role: Role,
        /// The role the registry gives.
        registered_role: Role,
    },
    /// The key may not sign at the submission's signing time (`created_at`): before
    /// its `valid_from`, at or after its `valid_until` or `revoked_at`.
    KeyNotValid {
        /// The slot.
        slot: Slot,
        /// The key's fingerprint.
        fingerprint: String,
        /// The submission's `created_at`.
        signed_at: String,
        /// Why.
        problem: Validity,
    },
    /// The set's id differs.
    SetIdMismatch {
        /// In the submission.
        submission: String,
        /// The set supplied.
        supplied: String,
    },
    /// The set's version differs.
    SetVersionMismatch {
        /// In the submission.
        submission: String,
        /// The set supplied.
        supplied: String,
    },
    /// The set's SHA-256 differs.
    SetHashMismatch {
        /// In the submission.
        submission: String,
        /// Of the set supplied.
        supplied: String,
    },
    /// The embedded values are not a valid values file.
    ValuesUnreadable {
        /// What the values reader found.
        findings: Vec<Finding>,
    },
    /// The embedded report differs from the recomputed one.
    ReportMismatch {
        /// JSON Pointer into the report (`/nodes/1.1/points`).
        pointer: String,
        /// The embedded value (JSON), or `(absent)`.
        embedded: String,
        /// The recomputed value (JSON), or `(absent)`.
        recomputed: String,
    },
    /// More report differences than are listed.
    MoreReportDifferences {
        /// How many more.
        count: usize,
    },
    /// The year is not four digits from 1900 to 2200.
    BadYear {
        /// The year written.
        found: String,
    },
    /// The period is neither the year nor starts with the year and `-`.
    BadPeriod {
        /// The period.
        period: String,
        /// The year.
        year: String,
    },
    /// The year is not the one asked for.
    YearMismatch {
        /// The year written.
        found: String,
        /// The year asked for.
        expected: i32,
    },
    /// The period is not the one asked for.
    PeriodMismatch {
        /// The period written.
        found: String,
        /// The period asked for.
        expected: String,
    },
    /// Other files are for the same unit and period.
    Duplicate {
        /// The unit.
        unit: String,
        /// The period.
        period: String,
        /// The other files.
        others: Vec<String>,
    },
}

impl VerifyError {
    /// A stable snake_case code for programs.
    pub fn code(&self) -> &'static str {
        match self {
            VerifyError::Json(_) => "json",
            VerifyError::UnsupportedFormat { .. } => "unsupported_format",
            VerifyError::Shape { .. } => "shape",
            VerifyError::Number { .. } => "number",
            VerifyError::BadUnitId { .. } => "bad_unit_id",
            VerifyError::UndeclaredSignature { .. } => "undeclared_signature",
            VerifyError::MissingSignature { .. } => "missing_signature",
            VerifyError::BadPublicKey { .. } => "bad_public_key",
            VerifyError::FingerprintMismatch { .. } => "fingerprint_mismatch",
            VerifyError::WrongRole { .. } => "wrong_role",
            VerifyError::SameKeyTwice => "same_key_twice",
            VerifyError::BadSignatureEncoding { .. } => "bad_signature_encoding",
            VerifyError::SignatureInvalid { .. } => "signature_invalid",
            VerifyError::UnitNotRegistered { .. } => "unit_not_registered",
            VerifyError::UnregisteredKey { .. } => "unregistered_key",
            VerifyError::KeyOfAnotherUnit { .. } => "key_of_another_unit",
            VerifyError::RoleNotRegistered { .. } => "role_not_registered",
            VerifyError::KeyNotValid { problem, .. } => match problem {
                Validity::NotYetValid { .. } => "key_not_yet_valid",
                Validity::Expired { .. } => "key_expired",
                Validity::Revoked { .. } => "key_revoked",
                Validity::UnreadableTime => "signing_time_unreadable",
            },
            VerifyError::SetIdMismatch { .. } => "set_id_mismatch",
            VerifyError::SetVersionMismatch { .. } => "set_version_mismatch",
            VerifyError::SetHashMismatch { .. } => "set_hash_mismatch",
            VerifyError::ValuesUnreadable { .. } => "values_unreadable",
            VerifyError::ReportMismatch { .. } => "report_mismatch",
            VerifyError::MoreReportDifferences { .. } => "more_report_differences",
            VerifyError::BadYear { .. } => "bad_year",
            VerifyError::BadPeriod { .. } => "bad_period",
            VerifyError::YearMismatch { .. } => "year_mismatch",
            VerifyError::PeriodMismatch { .. } => "period_mismatch",
            VerifyError::Duplicate { .. } => "duplicate",
        }
    }

    /// The message in Vietnamese.
    pub fn message_vi(&self) -> String {
        match self {
            VerifyError::Json(err) => err.message_vi(),
            VerifyError::UnsupportedFormat { found } => format!(
                "định dạng tệp là \"{found}\", không phải hồ sơ \"{SUBMISSION_FORMAT}\""
            ),
            VerifyError::Shape { reason } => {
                format!("tệp không đúng cấu trúc hồ sơ: {reason}")
            }
            VerifyError::Number { pointer, value } => format!(
                "số JSON {value} tại \"{pointer}\": trong hồ sơ mọi số phải là chuỗi thập phân"
            ),
            VerifyError::BadUnitId { found } => format!(
                "mã đơn vị \"{found}\" chỉ được gồm chữ, số, \"-\", \"_\", \".\"{}",
                crate::unit_id::reason(found, Lang::Vi)
            ),
            VerifyError::UndeclaredSignature { slot } => format!(
                "có chữ ký của {} ({slot}) nhưng hồ sơ không ghi người ký này",
                slot.label_vi()
            ),
            VerifyError::MissingSignature { slot } => {
                format!("thiếu chữ ký của {} ({slot})", slot.label_vi())
            }
            VerifyError::BadPublicKey { slot, problem } => format!(
                "khóa công khai của {} ({slot}) không hợp lệ: {}",
                slot.label_vi(),
                KeyError::BadPublicKey { problem: *problem }
                    .message_vi()
                    .trim_start_matches("khóa công khai không hợp lệ: ")
            ),
            VerifyError::FingerprintMismatch { slot, written, computed } => format!(
                "dấu vân tay \"{written}\" của {} ({slot}) không khớp với khóa công khai (dấu vân tay \"{computed}\")",
                slot.label_vi()
            ),
            VerifyError::WrongRole { slot, role } => format!(
                "{} ({slot}) có vai trò \"{role}\"; vị trí này cần vai trò \"{}\"",
                slot.label_vi(),
                slot.role()
            ),
            VerifyError::SameKeyTwice => {
                "cùng một khóa vừa ký lập vừa ký phê duyệt".to_string()
            }
            VerifyError::BadSignatureEncoding { slot } => format!(
                "chữ ký của {} ({slot}) không phải 128 chữ số hệ 16 viết thường",
                slot.label_vi()
            ),
            VerifyError::SignatureInvalid { slot, fingerprint } => format!(
                "chữ ký của {} ({slot}, khóa \"{fingerprint}\") không hợp lệ: nội dung đã ký bị thay đổi hoặc được ký bằng khóa khác",
                slot.label_vi()
            ),
            VerifyError::UnitNotRegistered { slot, unit } => format!(
                "danh sách khóa không có đơn vị \"{unit}\" (kiểm tra khóa của {} ({slot}))",
                slot.label_vi()
            ),
            VerifyError::UnregisteredKey { slot, fingerprint, unit } => format!(
                "khóa \"{fingerprint}\" của {} ({slot}) chưa được đăng ký cho đơn vị \"{unit}\" hay đơn vị nào khác",
                slot.label_vi()
            ),
            VerifyError::KeyOfAnotherUnit { slot, fingerprint, unit, registered_unit } => format!(
                "khóa \"{fingerprint}\" của {} ({slot}) được đăng ký cho đơn vị \"{registered_unit}\", không phải \"{unit}\"",
                slot.label_vi()
            ),
            VerifyError::RoleNotRegistered { slot, fingerprint, role, registered_role } => format!(
                "khóa \"{fingerprint}\" của {} ({slot}) được đăng ký với vai trò \"{registered_role}\", không phải \"{role}\"",
                slot.label_vi()
            ),
            VerifyError::KeyNotValid { slot, fingerprint, signed_at, problem } => match problem {
                Validity::NotYetValid { valid_from } => format!(
                    "khóa \"{fingerprint}\" của {} ({slot}) chỉ có hiệu lực từ {valid_from}; hồ sơ ký lúc {signed_at}",
                    slot.label_vi()
                ),
                Validity::Expired { valid_until } => format!(
                    "khóa \"{fingerprint}\" của {} ({slot}) hết hiệu lực từ {valid_until}; hồ sơ ký lúc {signed_at}",
                    slot.label_vi()
                ),
                Validity::Revoked { revoked_at } => format!(
                    "khóa \"{fingerprint}\" của {} ({slot}) đã bị thu hồi từ {revoked_at}; hồ sơ ký lúc {signed_at}",
                    slot.label_vi()
                ),
                Validity::UnreadableTime => format!(
                    "thời điểm ký \"{signed_at}\" không có dạng YYYY-MM-DDTHH:MM:SSZ, không kiểm tra được hiệu lực của khóa \"{fingerprint}\" ({slot})"
                ),
            },
            VerifyError::SetIdMismatch { submission, supplied } => format!(
                "hồ sơ dùng bộ chỉ số \"{submission}\", nhưng bộ chỉ số được cung cấp là \"{supplied}\""
            ),
            VerifyError::SetVersionMismatch { submission, supplied } => format!(
                "hồ sơ dùng phiên bản bộ chỉ số \"{submission}\", nhưng phiên bản được cung cấp là \"{supplied}\""
            ),
            VerifyError::SetHashMismatch { submission, supplied } => format!(
                "mã băm SHA-256 của bộ chỉ số trong hồ sơ \"{submission}\" khác với bộ chỉ số được cung cấp \"{supplied}\""
            ),
            VerifyError::ValuesUnreadable { findings } => format!(
                "số liệu trong hồ sơ không đọc được: {}",
                findings_text(findings, Lang::Vi)
            ),
            VerifyError::ReportMismatch { pointer, embedded, recomputed } => format!(
                "kết quả trong hồ sơ khác kết quả tính lại tại \"{pointer}\": hồ sơ ghi {embedded}, tính lại được {recomputed}"
            ),
            VerifyError::MoreReportDifferences { count } => {
                format!("và {count} chỗ khác biệt nữa")
            }
            VerifyError::BadYear { found } => {
                format!("năm \"{found}\" phải gồm 4 chữ số, từ 1900 đến 2200")
            }
            VerifyError::BadPeriod { period, year } => format!(
                "kỳ đánh giá \"{period}\" phải là năm \"{year}\" hoặc bắt đầu bằng \"{year}-\""
            ),
            VerifyError::YearMismatch { found, expected } => {
                format!("hồ sơ của năm \"{found}\", không phải năm \"{expected}\" cần kiểm tra")
            }
            VerifyError::PeriodMismatch { found, expected } => {
                format!("hồ sơ của kỳ \"{found}\", không phải kỳ \"{expected}\" cần kiểm tra")
            }
            VerifyError::Duplicate { unit, period, others } => format!(
                "đơn vị \"{unit}\" có nhiều hồ sơ cho kỳ \"{period}\": cùng kỳ với {}",
                quoted_list(others)
            ),
        }
    }

    /// Both messages.
    pub fn bilingual(&self) -> Bilingual {
        Bilingual {
            vi: self.message_vi(),
            en: self.to_string(),
        }
    }
}

/// Findings as one line: `at "/values/1.1/a": …; at …`.
fn findings_text(findings: &[Finding], lang: Lang) -> String {
    let at = match lang {
        Lang::Vi => "tại",
        Lang::En => "at",
    };
    findings
        .iter()
        .map(|f| format!("{at} \"{}\": {}", f.pointer, f.message(lang)))
        .collect::<Vec<_>>()
        .join("; ")
}

fn quoted_list(items: &[String]) -> String {
    items
        .iter()
        .map(|i| format!("\"{i}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VerifyError::Json(err) => write!(f, "{err}"),
            VerifyError::UnsupportedFormat { found } => write!(
                f,
                "the file's format is \"{found}\", not a \"{SUBMISSION_FORMAT}\" submission"
            ),
            VerifyError::Shape { reason } => write!(f, "not a submission: {reason}"),
            VerifyError::Number { pointer, value } => write!(
                f,
                "json number {value} at \"{pointer}\": every number in a submission must be a decimal string"
            ),
            VerifyError::BadUnitId { found } => write!(
                f,
                "unit id \"{found}\" may use only letters, digits, \"-\", \"_\" and \".\"{}",
                crate::unit_id::reason(found, Lang::En)
            ),
            VerifyError::UndeclaredSignature { slot } => {
                write!(f, "a signature is given for {slot} but no {slot} signer is declared")
            }
            VerifyError::MissingSignature { slot } => {
                write!(f, "the {slot} signer is declared but the signature is missing")
            }
            VerifyError::BadPublicKey { slot, problem } => {
                let text = KeyError::BadPublicKey { problem: *problem }.to_string();
                let what = text.trim_start_matches("the public key is invalid: ");
                write!(f, "the {slot} public key is invalid: {what}")
            }
            VerifyError::FingerprintMismatch { slot, written, computed } => write!(
                f,
                "the {slot} fingerprint \"{written}\" does not match its public key (fingerprint \"{computed}\")"
            ),
            VerifyError::WrongRole { slot, role } => write!(
                f,
                "the {slot} signer has role \"{role}\"; that slot needs role \"{}\"",
                slot.role()
            ),
            VerifyError::SameKeyTwice => {
                f.write_str("the same key signs as both prepared_by and approved_by")
            }
            VerifyError::BadSignatureEncoding { slot } => {
                write!(f, "the {slot} signature is not 128 lower-case hex digits")
            }
            VerifyError::SignatureInvalid { slot, fingerprint } => write!(
                f,
                "the {slot} signature (key \"{fingerprint}\") does not verify: the signed content was changed or another key signed it"
            ),
            VerifyError::UnitNotRegistered { slot, unit } => write!(
                f,
                "the key registry has no unit \"{unit}\" (checking the {slot} key)"
            ),
            VerifyError::UnregisteredKey { slot, fingerprint, unit } => write!(
                f,
                "the {slot} key \"{fingerprint}\" is not registered for unit \"{unit}\" or any other unit"
            ),
            VerifyError::KeyOfAnotherUnit { slot, fingerprint, unit, registered_unit } => write!(
                f,
                "the {slot} key \"{fingerprint}\" is registered for unit \"{registered_unit}\", not \"{unit}\""
            ),
            VerifyError::RoleNotRegistered { slot, fingerprint, role, registered_role } => write!(
                f,
                "the {slot} key \"{fingerprint}\" is registered with role \"{registered_role}\", not \"{role}\""
            ),
            VerifyError::KeyNotValid { slot, fingerprint, signed_at, problem } => match problem {
                Validity::NotYetValid { valid_from } => write!(
                    f,
                    "the {slot} key \"{fingerprint}\" is valid only from {valid_from}; the submission was signed at {signed_at}"
                ),
                Validity::Expired { valid_until } => write!(
                    f,
                    "the {slot} key \"{fingerprint}\" expired at {valid_until}; the submission was signed at {signed_at}"
                ),
                Validity::Revoked { revoked_at } => write!(
                    f,
                    "the {slot} key \"{fingerprint}\" was revoked at {revoked_at}; the submission was signed at {signed_at}"
                ),
                Validity::UnreadableTime => write!(
                    f,
                    "the signing time \"{signed_at}\" is not YYYY-MM-DDTHH:MM:SSZ, so the {slot} key \"{fingerprint}\"'s validity cannot be checked"
                ),
            },
            VerifyError::SetIdMismatch { submission, supplied } => write!(
                f,
                "the submission was scored with set \"{submission}\", but the set supplied is \"{supplied}\""
            ),
            VerifyError::SetVersionMismatch { submission, supplied } => write!(
                f,
                "the submission was scored with set version \"{submission}\", but the set supplied is version \"{supplied}\""
            ),
            VerifyError::SetHashMismatch { submission, supplied } => write!(
                f,
                "the submission's set sha-256 \"{submission}\" differs from the supplied set's \"{supplied}\""
            ),
            VerifyError::ValuesUnreadable { findings } => write!(
                f,
                "the submission's values cannot be read: {}",
                findings_text(findings, Lang::En)
            ),
            VerifyError::ReportMismatch { pointer, embedded, recomputed } => write!(
                f,
                "the embedded report differs from the recomputed one at \"{pointer}\": the file says {embedded}, recomputed {recomputed}"
            ),
            VerifyError::MoreReportDifferences { count } => {
                write!(f, "and {count} more differences")
            }
            VerifyError::BadYear { found } => {
                write!(f, "year \"{found}\" must be four digits from 1900 to 2200")
            }
            VerifyError::BadPeriod { period, year } => write!(
                f,
                "period \"{period}\" must be the year \"{year}\" or start with \"{year}-\""
            ),
            VerifyError::YearMismatch { found, expected } => {
                write!(f, "the submission is for year \"{found}\", not \"{expected}\"")
            }
            VerifyError::PeriodMismatch { found, expected } => {
                write!(f, "the submission is for period \"{found}\", not \"{expected}\"")
            }
            VerifyError::Duplicate { unit, period, others } => write!(
                f,
                "unit \"{unit}\" has more than one submission for period \"{period}\": also {}",
                quoted_list(others)
            ),
        }
    }
}

impl std::error::Error for VerifyError {}

impl Serialize for VerifyError {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut st = serializer.serialize_struct("VerifyError", 3)?;
        st.serialize_field("code", self.code())?;
        st.serialize_field("en", &self.to_string())?;
        st.serialize_field("vi", &self.message_vi())?;
        st.end()
    }
}

/// Verify one submission file on its own (no duplicate check across files).
///
/// # Examples
///
/// ```
/// use dti_score::verify::{verify_file, VerifyOptions, CheckKind, Outcome};
/// use dti_score::IndicatorSet;
///
/// let set = IndicatorSet::from_json(r#"{
///   "format": "dti-score/indicator-set/v1", "id": "tiny", "version": "1",
///   "title": {"vi": "Nhỏ"}, "scale": "10",
///   "indicators": [{"code": "1", "title": {"vi": "Có"}, "max": "10", "rule": {"kind": "yes_no"}}]
/// }"#).unwrap();
/// let options = VerifyOptions { set: &set, registry: None, year: None, period: None };
/// let verdict = verify_file("x.json", b"{\"format\": ", &options);
/// assert!(!verdict.passed);
/// assert_eq!(verdict.checks[0].kind, CheckKind::File);
/// assert_eq!(verdict.checks[0].outcome, Outcome::Fail);
/// ```
pub fn verify_file(name: &str, bytes: &[u8], options: &VerifyOptions<'_>) -> Verdict {
    // A validated set has no fractions, so it always has a canonical form.
    let set_hash = set_sha256(options.set).unwrap_or_default();
    verify_one(name, bytes, options, &set_hash)
}

/// [`verify_file`] with the set's SHA-256 computed once for many files.
fn verify_one(name: &str, bytes: &[u8], options: &VerifyOptions<'_>, set_hash: &str) -> Verdict {
    let mut verdict = Verdict {
        file: name.to_string(),
        passed: false,
        proven: false,
        unit: None,
        year: None,
        period: None,
        total: None,
        engine_version: None,
        checks: Vec::new(),
        read: None,
        signers_proven: false,
    };
    let (message, submission) = match read_submission(bytes) {
        Ok(read) => read,
        Err(problems) => {
            verdict
                .checks
                .push(Check::from_problems(CheckKind::File, None, problems));
            for (kind, slot) in [
                (CheckKind::Signature, Some(Slot::PreparedBy)),
                (CheckKind::SignerKey, Some(Slot::PreparedBy)),
                (CheckKind::Set, None),
                (CheckKind::Recomputation, None),
                (CheckKind::Period, None),
                (CheckKind::Duplicates, None),
            ] {
                verdict
                    .checks
                    .push(Check::skipped(kind, slot, SkipReason::FileUnreadable));
            }
            return verdict;
        }
    };
    verdict.unit = Some(submission.unit.id.clone());
    verdict.year = Some(submission.year.clone());
    verdict.period = Some(submission.period.clone());
    verdict.engine_version = Some(submission.engine.version.clone());

    verdict
        .checks
        .push(Check::from_problems(CheckKind::File, None, Vec::new()));

    let slots: Vec<Slot> = [Slot::PreparedBy, Slot::ApprovedBy]
        .into_iter()
        .filter(|&slot| submission.signer(slot).is_some())
        .collect();
    for &slot in &slots {
        verdict.checks.push(Check::from_problems(
            CheckKind::Signature,
            Some(slot),
            check_signature(&submission, slot, &message),
        ));
    }
    for &slot in &slots {
        verdict.checks.push(match options.registry {
            None => Check::skipped(CheckKind::SignerKey, Some(slot), SkipReason::NoRegistry),
            Some(registry) => Check::from_problems(
                CheckKind::SignerKey,
                Some(slot),
                check_registry(&submission, slot, registry),
            ),
        });
    }

    let set_problems = check_set(&submission, options.set, set_hash);
    let set_ok = set_problems.is_empty();
    verdict
        .checks
        .push(Check::from_problems(CheckKind::Set, None, set_problems));

    if set_ok {
        let (problems, total, values) = recompute(&submission, options.set);
        verdict.total = total;
        verdict.read = values.map(|mut values| {
            let sub = &submission;
            values.unit = Some(crate::values::Unit {
                id: sub.unit.id.clone(),
                name: sub.unit.name.clone(),
                level: sub.unit.level.clone(),
                province: sub.unit.province.clone(),
            });
            values.period = Some(sub.period.clone());
            values.set = Some(crate::values::SetRef {
                id: sub.set.id.clone(),
                version: Some(sub.set.version.clone()),
            });
            Box::new(SignedRead {
                values,
                preparer_key: sub.signers.prepared_by.public_key.clone(),
                created_at: sub.created_at.clone(),
                signature: sub.signatures.prepared_by.clone(),
            })
        });
        verdict.checks.push(Check::from_problems(
            CheckKind::Recomputation,
            None,
            problems,
        ));
    } else {
        verdict.checks.push(Check::skipped(
            CheckKind::Recomputation,
            None,
            SkipReason::SetMismatch,
        ));
    }

    verdict.checks.push(Check::from_problems(
        CheckKind::Period,
        None,
        check_period(&submission, options),
    ));
    verdict.checks.push(Check::from_problems(
        CheckKind::Duplicates,
        None,
        Vec::new(),
    ));
    let passed = verdict.failures().next().is_none();
    verdict.passed = passed;
    verdict.signers_proven = options.registry.is_some_and(KeyRegistry::proven)
        && verdict
            .checks
            .iter()
            .filter(|c| c.kind == CheckKind::SignerKey)
            .all(|c| c.outcome == Outcome::Pass);
    verdict.proven = passed && verdict.signers_proven;
    verdict
}

/// Verify several files together: each on its own, then duplicates (same unit and
/// period) across them. `files` are (name, contents) pairs.
pub fn verify_files(files: &[(String, Vec<u8>)], options: &VerifyOptions<'_>) -> Vec<Verdict> {
    let set_hash = set_sha256(options.set).unwrap_or_default();
    let mut verdicts: Vec<Verdict> = files
        .iter()
        .map(|(name, bytes)| verify_one(name, bytes, options, &set_hash))
        .collect();
    let mut groups: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
    for (i, verdict) in verdicts.iter().enumerate() {
        if let (Some(unit), Some(period)) = (&verdict.unit, &verdict.period) {
            groups
                .entry((unit.clone(), period.clone()))
                .or_default()
                .push(i);
        }
    }
    for ((unit, period), members) in groups {
        if members.len() < 2 {
            continue;
        }
        for &i in &members {
            let others: Vec<String> = members
                .iter()
                .filter(|&&j| j != i)
                .map(|&j| verdicts[j].file.clone())
                .collect();
            let problem = VerifyError::Duplicate {
                unit: unit.clone(),
                period: period.clone(),
                others,
            };
            let verdict = &mut verdicts[i];
            if let Some(check) = verdict
                .checks
                .iter_mut()
                .find(|c| c.kind == CheckKind::Duplicates)
            {
                *check = Check::from_problems(CheckKind::Duplicates, None, vec![problem]);
            }
            verdict.passed = false;
            verdict.proven = false;
        }
    }
    verdicts
}

fn read_submission(bytes: &[u8]) -> Result<(Vec<u8>, Submission), Vec<VerifyError>> {
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
    let submission: Submission = Submission::deserialize(value).map_err(|err| {
        vec![VerifyError::Shape {
            reason: err.to_string(),
        }]
    })?;
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

fn check_signature(submission: &Submission, slot: Slot, message: &[u8]) -> Vec<VerifyError> {
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
    let key = match signer_key(signer) {
        Ok(key) => key,
        Err(KeyError::BadPublicKey { problem }) => {
            problems.push(VerifyError::BadPublicKey { slot, problem });
            return problems;
        }
        Err(_) => {
            problems.push(VerifyError::BadPublicKey {
                slot,
                problem: PublicKeyProblem::NotHex,
            });
            return problems;
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
        return problems;
    };
    match parse_signature(text) {
        Err(_) => problems.push(VerifyError::BadSignatureEncoding { slot }),
        Ok(signature) => {
            if key.verify(message, &signature).is_err() {
                problems.push(VerifyError::SignatureInvalid {
                    slot,
                    fingerprint: key.fingerprint(),
                });
            }
        }
    }
    problems
}

fn check_registry(submission: &Submission, slot: Slot, registry: &KeyRegistry) -> Vec<VerifyError> {
    let signer = submission.signer(slot).expect("slot declared");
    let unit = &submission.unit.id;
    let Ok(key) = signer_key(signer) else {
        // Already reported by the signature check; an invalid key is registered nowhere.
        return vec![VerifyError::UnregisteredKey {
            slot,
            fingerprint: signer.fingerprint.clone(),
            unit: unit.clone(),
        }];
    };
    let fingerprint = key.fingerprint();
    match registry.find(&key) {
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

fn check_set(submission: &Submission, set: &IndicatorSet, supplied: &str) -> Vec<VerifyError> {
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
fn parse_year(text: &str) -> Option<i32> {
    if text.len() != 4 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok().filter(|y| (1900..=2200).contains(y))
}

/// Recomputes the scores: the problems, the recomputed total and the values read.
fn recompute(
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
fn diff_scores(embedded: &Value, report: &Report, out: &mut Vec<VerifyError>, extra: &mut usize) {
    let decimal = |d: Option<Decimal>| d.map_or(Value::Null, |d| Value::String(d.to_string()));
    let mut compare = |pointer: &dyn Fn() -> String, found: Option<&Value>, expected: Value| {
        if found != Some(&expected) {
            push_difference(&pointer(), found, Some(&expected), out, extra);
        }
    };
    compare(
        &|| "/total".into(),
        embedded.get("total"),
        decimal(report.total),
    );
    compare(&|| "/max".into(), embedded.get("max"), decimal(report.max));
    compare(
        &|| "/achieved".into(),
        embedded.get("achieved"),
        decimal(report.achieved),
    );
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
        let at =
            |key: &'static str| move || format!("/nodes/{}/{key}", canonical::pointer_token(id));
        let Some(found) = nodes.get(&**id) else {
            let pointer = || format!("/nodes/{}", canonical::pointer_token(id));
            compare(&pointer, None, Value::String(format!("(indicator {id})")));
            continue;
        };
        compare(&at("points"), found.get("points"), decimal(node.points));
        compare(&at("max"), found.get("max"), decimal(node.max));
        compare(
            &at("status"),
            found.get("status"),
            Value::String(node.status.name().to_string()),
        );
        compare(
            &at("achieved"),
            found.get("achieved"),
            decimal(node.achieved),
        );
    }
    for (id, node) in nodes {
        if !report.nodes.contains_key(id.as_str()) {
            push_difference(
                &format!("/nodes/{}", canonical::pointer_token(id)),
                Some(node),
                None,
                out,
                extra,
            );
        }
    }
}

fn push_difference(
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

fn check_period(submission: &Submission, options: &VerifyOptions<'_>) -> Vec<VerifyError> {
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
