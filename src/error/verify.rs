//! What a submission check found wrong ([`crate::verify`]).

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

use crate::error::{CanonicalError, Finding, Message};
use crate::formats::SUBMISSION_FORMAT;
use crate::registry::Validity;
use crate::sign::Slot;
use crate::sign::{PublicKeyProblem, Role};
use crate::text::Lang;

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

impl Message for VerifyError {
    /// A stable snake_case code for programs (these codes predate the dotted ones and stay).
    fn code(&self) -> &'static str {
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

    fn message(&self, lang: Lang) -> String {
        match self {
            VerifyError::Json(err) => err.message(lang),
            VerifyError::UnsupportedFormat { found } => say!(
                lang,
                "định dạng tệp là \"{found}\", không phải hồ sơ \"{SUBMISSION_FORMAT}\"",
                "the file's format is \"{found}\", not a \"{SUBMISSION_FORMAT}\" submission",
            ),
            VerifyError::Shape { reason } => say!(
                lang,
                "tệp không đúng cấu trúc hồ sơ: {reason}",
                "not a submission: {reason}",
            ),
            VerifyError::Number { pointer, value } => say!(
                lang,
                "số JSON {value} tại \"{pointer}\": trong hồ sơ mọi số phải là chuỗi thập phân",
                "json number {value} at \"{pointer}\": every number in a submission must be a decimal string",
            ),
            VerifyError::BadUnitId { found } => say!(
                lang,
                format!(
                    "mã đơn vị \"{found}\" chỉ được gồm chữ, số, \"-\", \"_\", \".\"{}",
                    crate::unit_id::reason(found, Lang::Vi)
                ),
                format!(
                    "unit id \"{found}\" may use only letters, digits, \"-\", \"_\" and \".\"{}",
                    crate::unit_id::reason(found, Lang::En)
                ),
            ),
            VerifyError::UndeclaredSignature { slot } => say!(
                lang,
                format!(
                    "có chữ ký của {} nhưng hồ sơ không ghi người ký này",
                    slot.label_vi()
                ),
                format!("a signature is given for {slot} but no {slot} signer is declared"),
            ),
            VerifyError::MissingSignature { slot } => say!(
                lang,
                format!("thiếu chữ ký của {}", slot.label_vi()),
                format!("the {slot} signer is declared but the signature is missing"),
            ),
            VerifyError::BadPublicKey { slot, problem } => {
                let what = problem.message(lang);
                say!(
                    lang,
                    format!("khóa công khai của {} không hợp lệ: {what}", slot.label_vi()),
                    format!("the {slot} public key is invalid: {what}"),
                )
            }
            VerifyError::FingerprintMismatch { slot, written, computed } => say!(
                lang,
                format!(
                    "dấu vân tay \"{written}\" của {} không khớp với khóa công khai (dấu vân tay \"{computed}\")",
                    slot.label_vi()
                ),
                format!("the {slot} fingerprint \"{written}\" does not match its public key (fingerprint \"{computed}\")"),
            ),
            VerifyError::WrongRole { slot, role } => say!(
                lang,
                format!(
                    "{} có vai trò \"{role}\"; vị trí này cần vai trò \"{}\"",
                    slot.label_vi(),
                    slot.role()
                ),
                format!(
                    "the {slot} signer has role \"{role}\"; that slot needs role \"{}\"",
                    slot.role()
                ),
            ),
            VerifyError::SameKeyTwice => say!(
                lang,
                "cùng một khóa vừa ký lập vừa ký phê duyệt",
                "the same key signs as both prepared_by and approved_by",
            ),
            VerifyError::BadSignatureEncoding { slot } => say!(
                lang,
                format!(
                    "chữ ký của {} không phải 128 chữ số hệ 16 viết thường",
                    slot.label_vi()
                ),
                format!("the {slot} signature is not 128 lower-case hex digits"),
            ),
            VerifyError::SignatureInvalid { slot, fingerprint } => say!(
                lang,
                format!(
                    "chữ ký của {} ({slot}, khóa \"{fingerprint}\") không hợp lệ: nội dung đã ký bị thay đổi hoặc được ký bằng khóa khác",
                    slot.label_vi()
                ),
                format!("the {slot} signature (key \"{fingerprint}\") does not verify: the signed content was changed or another key signed it"),
            ),
            VerifyError::UnitNotRegistered { slot, unit } => say!(
                lang,
                format!(
                    "danh sách khóa không có đơn vị \"{unit}\" (kiểm tra khóa của {})",
                    slot.label_vi()
                ),
                format!("the key registry has no unit \"{unit}\" (checking the {slot} key)"),
            ),
            VerifyError::UnregisteredKey { slot, fingerprint, unit } => say!(
                lang,
                format!(
                    "khóa \"{fingerprint}\" của {} chưa được đăng ký cho đơn vị \"{unit}\" hay đơn vị nào khác",
                    slot.label_vi()
                ),
                format!("the {slot} key \"{fingerprint}\" is not registered for unit \"{unit}\" or any other unit"),
            ),
            VerifyError::KeyOfAnotherUnit { slot, fingerprint, unit, registered_unit } => say!(
                lang,
                format!(
                    "khóa \"{fingerprint}\" của {} được đăng ký cho đơn vị \"{registered_unit}\", không phải \"{unit}\"",
                    slot.label_vi()
                ),
                format!("the {slot} key \"{fingerprint}\" is registered for unit \"{registered_unit}\", not \"{unit}\""),
            ),
            VerifyError::RoleNotRegistered { slot, fingerprint, role, registered_role } => say!(
                lang,
                format!(
                    "khóa \"{fingerprint}\" của {} được đăng ký với vai trò \"{registered_role}\", không phải \"{role}\"",
                    slot.label_vi()
                ),
                format!("the {slot} key \"{fingerprint}\" is registered with role \"{registered_role}\", not \"{role}\""),
            ),
            VerifyError::KeyNotValid { slot, fingerprint, signed_at, problem } => {
                let who = slot.label_vi();
                match problem {
                    Validity::NotYetValid { valid_from } => say!(
                        lang,
                        "khóa \"{fingerprint}\" của {who} chỉ có hiệu lực từ {valid_from}; hồ sơ ký lúc {signed_at}",
                        "the {slot} key \"{fingerprint}\" is valid only from {valid_from}; the submission was signed at {signed_at}",
                    ),
                    Validity::Expired { valid_until } => say!(
                        lang,
                        "khóa \"{fingerprint}\" của {who} hết hiệu lực từ {valid_until}; hồ sơ ký lúc {signed_at}",
                        "the {slot} key \"{fingerprint}\" expired at {valid_until}; the submission was signed at {signed_at}",
                    ),
                    Validity::Revoked { revoked_at } => say!(
                        lang,
                        "khóa \"{fingerprint}\" của {who} đã bị thu hồi từ {revoked_at}; hồ sơ ký lúc {signed_at}",
                        "the {slot} key \"{fingerprint}\" was revoked at {revoked_at}; the submission was signed at {signed_at}",
                    ),
                    Validity::UnreadableTime => say!(
                        lang,
                        "thời điểm ký \"{signed_at}\" không có dạng YYYY-MM-DDTHH:MM:SSZ, không kiểm tra được hiệu lực của khóa \"{fingerprint}\"",
                        "the signing time \"{signed_at}\" is not YYYY-MM-DDTHH:MM:SSZ, so the {slot} key \"{fingerprint}\"'s validity cannot be checked",
                    ),
                }
            }
            VerifyError::SetIdMismatch { submission, supplied } => say!(
                lang,
                "hồ sơ dùng bộ chỉ số \"{submission}\", nhưng bộ chỉ số được cung cấp là \"{supplied}\"",
                "the submission was scored with set \"{submission}\", but the set supplied is \"{supplied}\"",
            ),
            VerifyError::SetVersionMismatch { submission, supplied } => say!(
                lang,
                "hồ sơ dùng phiên bản bộ chỉ số \"{submission}\", nhưng phiên bản được cung cấp là \"{supplied}\"",
                "the submission was scored with set version \"{submission}\", but the set supplied is version \"{supplied}\"",
            ),
            VerifyError::SetHashMismatch { submission, supplied } => say!(
                lang,
                "mã băm SHA-256 của bộ chỉ số trong hồ sơ \"{submission}\" khác với bộ chỉ số được cung cấp \"{supplied}\"",
                "the submission's set sha-256 \"{submission}\" differs from the supplied set's \"{supplied}\"",
            ),
            VerifyError::ValuesUnreadable { findings } => say!(
                lang,
                format!(
                    "số liệu trong hồ sơ không đọc được: {}",
                    findings_text(findings, Lang::Vi)
                ),
                format!(
                    "the submission's values cannot be read: {}",
                    findings_text(findings, Lang::En)
                ),
            ),
            VerifyError::ReportMismatch { pointer, embedded, recomputed } => say!(
                lang,
                "kết quả trong hồ sơ khác kết quả tính lại tại \"{pointer}\": hồ sơ ghi {embedded}, tính lại được {recomputed}",
                "the embedded report differs from the recomputed one at \"{pointer}\": the file says {embedded}, recomputed {recomputed}",
            ),
            VerifyError::MoreReportDifferences { count } => say!(
                lang,
                "và {count} chỗ khác biệt nữa",
                "and {count} more differences",
            ),
            VerifyError::BadYear { found } => say!(
                lang,
                "năm \"{found}\" phải gồm 4 chữ số, từ 1900 đến 2200",
                "year \"{found}\" must be four digits from 1900 to 2200",
            ),
            VerifyError::BadPeriod { period, year } => say!(
                lang,
                "kỳ đánh giá \"{period}\" phải là năm \"{year}\" hoặc bắt đầu bằng \"{year}-\"",
                "period \"{period}\" must be the year \"{year}\" or start with \"{year}-\"",
            ),
            VerifyError::YearMismatch { found, expected } => say!(
                lang,
                "hồ sơ của năm \"{found}\", không phải năm \"{expected}\" cần kiểm tra",
                "the submission is for year \"{found}\", not \"{expected}\"",
            ),
            VerifyError::PeriodMismatch { found, expected } => say!(
                lang,
                "hồ sơ của kỳ \"{found}\", không phải kỳ \"{expected}\" cần kiểm tra",
                "the submission is for period \"{found}\", not \"{expected}\"",
            ),
            VerifyError::Duplicate { unit, period, others } => say!(
                lang,
                format!(
                    "đơn vị \"{unit}\" có nhiều hồ sơ cho kỳ \"{period}\": cùng kỳ với {}",
                    quoted_list(others)
                ),
                format!(
                    "unit \"{unit}\" has more than one submission for period \"{period}\": also {}",
                    quoted_list(others)
                ),
            ),
        }
    }
}

message_display!(VerifyError);

impl Serialize for VerifyError {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut st = serializer.serialize_struct("VerifyError", 3)?;
        st.serialize_field("code", self.code())?;
        st.serialize_field("en", &self.to_string())?;
        st.serialize_field("vi", &self.message(Lang::Vi))?;
        st.end()
    }
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

impl Message for SkipReason {
    fn code(&self) -> &'static str {
        match self {
            SkipReason::FileUnreadable => "skip.file_unreadable",
            SkipReason::NoRegistry => "skip.no_registry",
            SkipReason::SetMismatch => "skip.set_mismatch",
        }
    }

    fn message(&self, lang: Lang) -> String {
        let (vi, en) = match self {
            SkipReason::FileUnreadable => ("không đọc được tệp", "the file could not be read"),
            SkipReason::NoRegistry => (
                "không có danh sách khóa (keys.json)",
                "no key registry (keys.json) was given",
            ),
            SkipReason::SetMismatch => (
                "bộ chỉ số được cung cấp không phải bộ chỉ số của hồ sơ",
                "the set supplied is not the submission's set",
            ),
        };
        lang.pick(vi, en).to_string()
    }
}

message_display!(SkipReason);
