//! Why an appraisal cannot be made or does not verify ([`crate::appraisal`]).

use rust_decimal::Decimal;

use crate::error::{CanonicalError, Message};
use crate::sign::Role;
use crate::text::Lang;

/// Why an appraisal cannot be made or does not verify.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum AppraisalError {
    /// Not JSON, a repeated member, or a JSON number.
    Json(CanonicalError),
    /// Not an appraisal record, or a field missing, unknown or of the wrong type.
    Shape {
        /// The parser's reason.
        reason: String,
    },
    /// The submission it is made for does not read.
    Submission {
        /// The reason.
        reason: String,
    },
    /// The key is not a reviewer's.
    NotAReviewer {
        /// The key's role.
        role: Role,
    },
    /// An appraisal for an indicator the set does not score.
    UnknownIndicator {
        /// The id.
        id: String,
    },
    /// Points outside 0..max.
    PointsOutOfRange {
        /// The indicator.
        id: String,
        /// The points.
        points: Decimal,
        /// Its maximum.
        max: Decimal,
    },
    /// An appraisal without a reason.
    NoReason {
        /// The indicator.
        id: String,
    },
    /// The reviewer's public key is malformed or its fingerprint does not match it.
    BadPublicKey,
    /// The signature does not verify.
    SignatureInvalid,
    /// The key is not registered as a reviewer's.
    UnregisteredReviewer {
        /// The key's fingerprint.
        fingerprint: String,
    },
    /// The record is for another set (id, version or hash).
    SetMismatch {
        /// What the record names.
        found: String,
        /// The set supplied.
        expected: String,
    },
}

message_display!(AppraisalError);

impl Message for AppraisalError {
    /// A stable snake_case code (these codes predate the dotted ones and stay).
    fn code(&self) -> &'static str {
        match self {
            AppraisalError::Json(_) => "json",
            AppraisalError::Shape { .. } => "shape",
            AppraisalError::Submission { .. } => "submission",
            AppraisalError::NotAReviewer { .. } => "not_a_reviewer",
            AppraisalError::UnknownIndicator { .. } => "unknown_indicator",
            AppraisalError::PointsOutOfRange { .. } => "points_out_of_range",
            AppraisalError::NoReason { .. } => "no_reason",
            AppraisalError::BadPublicKey => "bad_public_key",
            AppraisalError::SignatureInvalid => "signature_invalid",
            AppraisalError::UnregisteredReviewer { .. } => "unregistered_reviewer",
            AppraisalError::SetMismatch { .. } => "set_mismatch",
        }
    }

    fn message(&self, lang: Lang) -> String {
        match self {
            AppraisalError::Json(e) => e.message(lang),
            AppraisalError::Shape { reason } => say!(
                lang,
                "không phải bản thẩm định hợp lệ: {reason}",
                "not a valid appraisal record: {reason}"
            ),
            AppraisalError::Submission { reason } => say!(
                lang,
                "không đọc được hồ sơ được thẩm định: {reason}",
                "the appraised submission does not read: {reason}"
            ),
            AppraisalError::NotAReviewer { role } => say!(
                lang,
                format!(
                    "khóa không phải của thành viên hội đồng thẩm định: vai trò “{}”",
                    role.as_str()
                ),
                format!("the key is not a reviewer's: role “{}”", role.as_str())
            ),
            AppraisalError::UnknownIndicator { id } => say!(
                lang,
                "bộ chỉ số không chấm điểm chỉ tiêu “{id}”",
                "the set scores no indicator “{id}”"
            ),
            AppraisalError::PointsOutOfRange { id, points, max } => say!(
                lang,
                "{id}: điểm thẩm định “{points}” ngoài khoảng 0 đến {max}",
                "{id}: appraised points “{points}” outside 0 to {max}"
            ),
            AppraisalError::NoReason { id } => say!(
                lang,
                "{id}: điểm thẩm định thiếu lý do",
                "{id}: appraised points without a reason"
            ),
            AppraisalError::BadPublicKey => say!(
                lang,
                "khóa công khai của người thẩm định không hợp lệ hoặc dấu vân tay không khớp",
                "the reviewer's public key is malformed or its fingerprint does not match"
            ),
            AppraisalError::SignatureInvalid => say!(
                lang,
                "chữ ký của người thẩm định không hợp lệ (bản thẩm định đã bị sửa sau khi ký)",
                "the reviewer's signature does not verify (the record was changed after signing)"
            ),
            AppraisalError::UnregisteredReviewer { fingerprint } => say!(
                lang,
                "khóa không có trong danh sách thành viên hội đồng thẩm định: {fingerprint}",
                "the key is not registered as a reviewer's: {fingerprint}"
            ),
            AppraisalError::SetMismatch { found, expected } => say!(
                lang,
                "bản thẩm định cho bộ chỉ số “{found}”, không phải “{expected}”",
                "the record is for set “{found}”, not “{expected}”"
            ),
        }
    }
}

/// Why appraisal entries do not read ([`crate::appraisal::read_entries`]).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum EntryError {
    /// `EntryForm::File`: not strict JSON, or a JSON number.
    Json(CanonicalError),
    /// `EntryForm::File`: not `{"<indicator>": {"points": "…", "reason": "…"}}`.
    Shape {
        /// The parser's reason.
        reason: String,
    },
    /// `EntryForm::Typed`: the form's data is not an object of entries.
    Form {
        /// The parser's reason.
        reason: String,
    },
    /// `EntryForm::Typed`: an indicator's points do not read.
    Points {
        /// The indicator.
        id: String,
        /// Why.
        error: Box<crate::number::TypedError>,
    },
}

impl Message for EntryError {
    fn code(&self) -> &'static str {
        match self {
            EntryError::Json(_) => "appraisal_entries.json",
            EntryError::Shape { .. } => "appraisal_entries.shape",
            EntryError::Form { .. } => "appraisal_entries.form",
            EntryError::Points { error, .. } => error.code(),
        }
    }

    fn message(&self, lang: Lang) -> String {
        match self {
            EntryError::Json(e) => e.message(lang),
            EntryError::Shape { reason } => say!(
                lang,
                "cần dạng {{\"<indicator>\": {{\"points\": \"12.5\", \"reason\": \"…\"}}}}: {reason}",
                "expected {{\"<indicator>\": {{\"points\": \"12.5\", \"reason\": \"…\"}}}}: {reason}"
            ),
            EntryError::Form { reason } => say!(
                lang,
                "Dữ liệu thẩm định không đọc được: {reason}",
                "The appraisal entries do not read: {reason}"
            ),
            EntryError::Points { id, error } => format!("{id}: {}", error.message(lang)),
        }
    }
}

message_display!(EntryError);
