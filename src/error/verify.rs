//! What a submission check found wrong ([`crate::verify`]).

use std::fmt;

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

use crate::error::Finding;
use crate::json::canonical::CanonicalError;
use crate::registry::Validity;
use crate::sign::{KeyError, PublicKeyProblem, Role};
use crate::submission::{Slot, SUBMISSION_FORMAT};
use crate::text::{Bilingual, Lang};

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
