//! Last year's file that cannot be read ([`crate::previous::Previous::from_json`]), and
//! what a comparison with it notes ([`crate::previous::compare`]).

use rust_decimal::Decimal;

use crate::error::Message;
use crate::number::format_lang;
use crate::sign::Slot;
use crate::text::Lang;

/// Why last year's file cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PreviousError {
    /// Not JSON, too large, or not a values file the engine reads: every finding, in
    /// English.
    Unreadable {
        /// The findings.
        findings: Vec<String>,
    },
    /// Another of the engine's files (a set, a key file, …).
    WrongKind {
        /// Its `format`.
        found: String,
    },
    /// A submission whose members do not read.
    BadSubmission {
        /// What is wrong.
        message: String,
    },
    /// A signature that does not verify against the key the file names: the file was
    /// altered after it was signed.
    SignatureInvalid {
        /// Whose signature.
        slot: Slot,
        /// The key it names.
        fingerprint: String,
    },
}

impl Message for PreviousError {
    fn code(&self) -> &'static str {
        match self {
            Self::Unreadable { .. } => "previous.unreadable",
            Self::WrongKind { .. } => "previous.wrong_kind",
            Self::BadSubmission { .. } => "previous.bad_submission",
            Self::SignatureInvalid { .. } => "previous.signature_invalid",
        }
    }

    fn message(&self, lang: Lang) -> String {
        match self {
            Self::Unreadable { findings } => {
                let findings = findings.join("; ");
                say!(
                    lang,
                    "tệp năm trước không đọc được như một bản nộp hay tệp số liệu: {findings}",
                    "last year's file does not read as a submission or a values file: {findings}",
                )
            }
            Self::WrongKind { found } => say!(
                lang,
                "tệp năm trước là “{found}”, không phải bản nộp hay tệp số liệu",
                "last year's file is “{found}”, not a submission or a values file",
            ),
            Self::BadSubmission { message } => say!(
                lang,
                "bản nộp năm trước không đọc được: {message}",
                "last year's submission does not read: {message}",
            ),
            Self::SignatureInvalid { slot, fingerprint } => {
                let slot = slot.as_str();
                say!(
                    lang,
                    "chữ ký {slot} của bản nộp năm trước không khớp với khóa {fingerprint}: tệp đã bị sửa sau khi ký",
                    "the {slot} signature of last year's submission does not verify against the key {fingerprint}: the file was altered after it was signed",
                )
            }
        }
    }
}

message_display!(PreviousError);

/// What a comparison with last year notes.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ChangeNote {
    /// Last year's assessment was made against another set, or another version of it.
    OtherSet {
        /// Its id.
        id: String,
        /// Its version.
        version: String,
    },
    /// Last year's figures (a values file, no points) are scored with this year's set.
    ScoredWithThisYearsSet,
    /// An indicator of last year's assessment that this year's set does not have.
    Removed {
        /// Its code.
        code: String,
        /// Its points last year.
        points: Option<Decimal>,
    },
    /// An indicator new this year (not in last year's assessment).
    NewIndicator,
    /// Last year's answers to an indicator this year's set does not ask: not carried
    /// into the new draft.
    NotCarried {
        /// Its id.
        code: String,
    },
    /// One of last year's answers to an indicator that this year's set asks otherwise
    /// (an input, item or option no longer there): not carried.
    FieldNotCarried {
        /// The indicator's code.
        code: String,
        /// The field.
        field: String,
    },
    /// An indicator whose maximum changed.
    MaxChanged {
        /// Last year's.
        from: Decimal,
        /// This year's.
        to: Decimal,
    },
}

impl Message for ChangeNote {
    fn code(&self) -> &'static str {
        match self {
            Self::OtherSet { .. } => "previous.other_set",
            Self::ScoredWithThisYearsSet => "previous.scored_with_this_set",
            Self::Removed { .. } => "previous.removed",
            Self::NewIndicator => "previous.new_indicator",
            Self::NotCarried { .. } => "previous.not_carried",
            Self::FieldNotCarried { .. } => "previous.field_not_carried",
            Self::MaxChanged { .. } => "previous.max_changed",
        }
    }

    fn message(&self, lang: Lang) -> String {
        match self {
            Self::OtherSet { id, version } => say!(
                lang,
                "năm trước đánh giá theo bộ chỉ số “{id}” phiên bản “{version}”: các chỉ số được đối chiếu theo mã",
                "last year was assessed with the set “{id}” version “{version}”: indicators are matched by their id",
            ),
            Self::ScoredWithThisYearsSet => say!(
                lang,
                "tệp năm trước chỉ có số liệu, không có điểm đã ký: điểm năm trước được tính lại theo bộ chỉ số năm nay",
                "last year's file has figures, not signed points: last year's points are scored with this year's set",
            ),
            Self::Removed { code, points } => {
                let points = points.map_or_else(|| "—".to_string(), |p| format_lang(&p, lang));
                say!(
                    lang,
                    "chỉ số {code} (năm trước {points} điểm) không còn trong bộ chỉ số năm nay",
                    "indicator {code} ({points} points last year) is no longer in this year's set",
                )
            }
            Self::NewIndicator => say!(
                lang,
                "chỉ số mới năm nay, năm trước không có",
                "new this year: not in last year's assessment",
            ),
            Self::NotCarried { code } => say!(
                lang,
                "số liệu năm trước của chỉ số {code} không được chuyển sang: bộ chỉ số năm nay không có chỉ số này",
                "last year's answers to indicator {code} are not carried over: this year's set does not have it",
            ),
            Self::FieldNotCarried { code, field } => say!(
                lang,
                "chỉ số {code}: số liệu năm trước “{field}” không được chuyển sang vì năm nay không còn hỏi",
                "indicator {code}: last year's “{field}” is not carried over, as this year's set no longer asks it",
            ),
            Self::MaxChanged { from, to } => {
                let (from, to) = (format_lang(from, lang), format_lang(to, lang));
                say!(
                    lang,
                    "điểm tối đa đổi từ {from} (năm trước) thành {to}",
                    "the maximum changed from {from} (last year) to {to}",
                )
            }
        }
    }
}

message_display!(ChangeNote);
