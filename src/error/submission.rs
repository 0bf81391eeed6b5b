//! Why a submission could not be built ([`crate::submission`]).

use crate::error::{CanonicalError, Message};
use crate::sign::{Role, Slot};
use crate::text::Lang;

/// Why a submission could not be built.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SubmissionError {
    /// Neither the values file nor the caller gives the assessment year.
    MissingYear,
    /// The caller's year and the values file's year differ.
    YearConflict {
        /// The year given (`--year`).
        given: i32,
        /// The year in the values file.
        in_values: i32,
    },
    /// A key signs in a slot its role does not allow.
    WrongRole {
        /// The slot.
        slot: Slot,
        /// The key's role.
        role: Role,
    },
    /// A key belongs to another unit than the one the submission is for.
    KeyOfAnotherUnit {
        /// The slot.
        slot: Slot,
        /// The key's unit.
        key_unit: String,
        /// The submission's unit.
        unit: String,
    },
    /// The same key for both slots.
    SameKeyTwice,
    /// The signed part has no canonical form (a JSON number in the values).
    Canonical(CanonicalError),
    /// An evidence citation has an error ([`crate::evidence::check`]): a date that is not
    /// a date, a SHA-256 that is not one. The first such finding.
    Evidence(crate::error::Finding),
    /// Fields pre-filled from last year that the unit has not confirmed or changed
    /// (the values' `carried`).
    NotConfirmed {
        /// Their JSON pointers, in order.
        fields: Vec<String>,
    },
}

impl Message for SubmissionError {
    fn code(&self) -> &'static str {
        match self {
            SubmissionError::MissingYear => "submission.missing_year",
            SubmissionError::YearConflict { .. } => "submission.year_conflict",
            SubmissionError::WrongRole { .. } => "submission.wrong_role",
            SubmissionError::KeyOfAnotherUnit { .. } => "submission.key_of_another_unit",
            SubmissionError::SameKeyTwice => "submission.same_key_twice",
            SubmissionError::Canonical(..) => "submission.canonical",
            SubmissionError::Evidence(..) => "submission.evidence",
            SubmissionError::NotConfirmed { .. } => "submission.not_confirmed",
        }
    }

    fn message(&self, lang: Lang) -> String {
        match self {
            SubmissionError::MissingYear => say!(
                lang,
                "chưa có năm đánh giá: thêm \"year\" vào tệp số liệu hoặc dùng --year",
                "no assessment year: add \"year\" to the values file or give --year",
            ),
            SubmissionError::YearConflict { given, in_values } => say!(
                lang,
                "năm được chỉ định \"{given}\" khác với năm trong tệp số liệu \"{in_values}\"",
                "the year given, \"{given}\", differs from the values file's year \"{in_values}\"",
            ),
            SubmissionError::WrongRole { slot, role } => say!(
                lang,
                format!(
                    "khóa có vai trò \"{}\" không thể ký với tư cách {}: cần khóa có vai trò \"{}\"",
                    role,
                    slot.label_vi(),
                    slot.role()
                ),
                format!(
                    "a key with role \"{role}\" cannot sign as \"{slot}\": that needs a \"{}\" key",
                    slot.role()
                ),
            ),
            SubmissionError::KeyOfAnotherUnit { slot, key_unit, unit } => say!(
                lang,
                format!(
                    "khóa của {} thuộc đơn vị \"{key_unit}\", nhưng hồ sơ là của đơn vị \"{unit}\"",
                    slot.label_vi()
                ),
                format!("the {slot} key belongs to unit \"{key_unit}\", but the submission is for unit \"{unit}\""),
            ),
            SubmissionError::SameKeyTwice => say!(
                lang,
                "không dùng cùng một khóa để vừa lập vừa phê duyệt",
                "the same key cannot sign as both prepared_by and approved_by",
            ),
            SubmissionError::Canonical(err) => {
                let why = err.message(lang);
                say!(
                    lang,
                    "không ký được hồ sơ: {why}",
                    "the submission cannot be signed: {why}",
                )
            }
            SubmissionError::Evidence(finding) => {
                let (at, why) = (&finding.pointer, finding.message(lang));
                say!(
                    lang,
                    "không ký được: minh chứng tại {at} có lỗi: {why}",
                    "cannot sign: the evidence at {at} has an error: {why}",
                )
            }
            SubmissionError::NotConfirmed { fields } => {
                let n = fields.len();
                let list = fields.join(", ");
                say!(
                    lang,
                    "chưa ký được: {n} số liệu lấy từ năm trước chưa được xác nhận ({list}); hãy xác nhận hoặc sửa từng số liệu cho năm nay rồi ký",
                    "cannot sign yet: {n} figures carried over from last year are not confirmed ({list}); confirm or change each for this year, then sign",
                )
            }
        }
    }
}

message_display!(SubmissionError);
