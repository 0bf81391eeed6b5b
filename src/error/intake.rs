//! Why the province's intake did not use a file ([`crate::aggregate`]).

use serde::Serialize;

use crate::error::Message;
use crate::text::{Bilingual, Lang};

/// Why a file was not used.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Rejection {
    /// A signed submission failed verification.
    Verification {
        /// Each failed check's label (`signature prepared_by`, `set`) and problem codes.
        failed: Vec<FailedCheck>,
    },
    /// The same content as another file.
    Duplicate {
        /// The file kept.
        of: String,
    },
    /// A newer file from the same unit, period and preparer key.
    Superseded {
        /// The newer file.
        by: String,
    },
    /// A plain values file, refused because signatures are required.
    Unsigned,
    /// A values file whose unit id breaks the rule ([`crate::unit_id`]).
    BadUnitId {
        /// The id.
        id: String,
        /// What is wrong, in both languages.
        reason: Bilingual,
    },
    /// A file for another year than the round's.
    OtherYear {
        /// The file's year (`None`: a values file without one).
        found: Option<i32>,
        /// The round's year.
        round: i32,
    },
    /// No year was asked for and the accepted files are for several years.
    SeveralYears {
        /// The file's year.
        found: i32,
        /// Every year found.
        years: Vec<i32>,
    },
    /// A plain values file for another set.
    WrongSet {
        /// The set it names.
        found: String,
    },
    /// A plain values file without a `unit`.
    NoUnit,
    /// Not JSON.
    NotJson {
        /// The parser's message (line and column), in English.
        error: String,
        /// The line where reading stopped.
        line: usize,
        /// The column.
        column: usize,
        /// Whether the file ends too early (truncated, or empty).
        eof: bool,
        /// Not read at all: a file of a folder whose name does not end in `.json`.
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        unread: bool,
    },
    /// JSON, but neither a submission nor a values file.
    NotAValuesFile {
        /// The format found (empty when absent).
        format: String,
    },
    /// An appraisal record that does not verify.
    AppraisalInvalid {
        /// The problem's code (`signature_invalid`, `unregistered_reviewer`…).
        problem: String,
        /// The problem, in both languages.
        message: Bilingual,
    },
    /// An appraisal of a submission that is not accepted in this batch.
    AppraisalUnmatched {
        /// The submission's SHA-256 it names.
        submission_sha256: String,
    },
    /// An appraisal giving an indicator of the same unit that another appraisal file
    /// already gives.
    AppraisalOverlap {
        /// The other file.
        with: String,
        /// The indicators in both.
        indicators: Vec<String>,
    },
    /// A values file that does not read.
    InvalidValues {
        /// Its findings.
        findings: Vec<String>,
    },
}

/// One failed verification check.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FailedCheck {
    /// The check's label (`signature prepared_by`, `set`: a stable code).
    pub check: String,
    /// The check in words, in both languages (“chữ ký của người lập”).
    pub words: Bilingual,
    /// Problem codes (`signature_invalid`, `set_hash_mismatch`…).
    pub codes: Vec<String>,
    /// The problems, in both languages.
    pub messages: Vec<Bilingual>,
}

impl Message for Rejection {
    /// A stable code: `verification`, `duplicate`, `superseded`, `unsigned`,
    /// `wrong_set`, `no_unit`, `not_a_values_file`, `invalid_values`… (the same as the
    /// serialised `code`; these codes predate the dotted ones and stay).
    fn code(&self) -> &'static str {
        match self {
            Rejection::Verification { .. } => "verification",
            Rejection::Duplicate { .. } => "duplicate",
            Rejection::Superseded { .. } => "superseded",
            Rejection::Unsigned => "unsigned",
            Rejection::BadUnitId { .. } => "bad_unit_id",
            Rejection::OtherYear { .. } => "other_year",
            Rejection::SeveralYears { .. } => "several_years",
            Rejection::WrongSet { .. } => "wrong_set",
            Rejection::NoUnit => "no_unit",
            Rejection::NotJson { .. } => "not_json",
            Rejection::NotAValuesFile { .. } => "not_a_values_file",
            Rejection::InvalidValues { .. } => "invalid_values",
            Rejection::AppraisalInvalid { .. } => "appraisal_invalid",
            Rejection::AppraisalUnmatched { .. } => "appraisal_unmatched",
            Rejection::AppraisalOverlap { .. } => "appraisal_overlap",
        }
    }

    fn message(&self, lang: Lang) -> String {
        match self {
            Rejection::Verification { failed } => failed
                .iter()
                .map(|f| {
                    let msgs: Vec<&str> = f.messages.iter().map(|m| m.get(lang)).collect();
                    format!("{}: {}", f.words.get(lang), msgs.join("; "))
                })
                .collect::<Vec<_>>()
                .join(" | "),
            Rejection::Duplicate { of } => say!(
                lang,
                "trùng nội dung với tệp “{of}”",
                "same content as “{of}”",
            ),
            Rejection::Superseded { by } => say!(
                lang,
                "đã có bản mới hơn của cùng người lập: “{by}”",
                "superseded by a newer file from the same preparer: “{by}”",
            ),
            Rejection::Unsigned => say!(
                lang,
                "tệp số liệu không có chữ ký (chỉ nhận hồ sơ đã ký; --allow-unsigned để nhận cả tệp chưa ký)",
                "unsigned values file (signed submissions are required; --allow-unsigned takes unsigned files too)",
            ),
            Rejection::BadUnitId { id, reason } => {
                let reason = reason.get(lang);
                say!(
                    lang,
                    "mã đơn vị không hợp lệ “{id}”: {reason}",
                    "invalid unit id “{id}”: {reason}",
                )
            }
            Rejection::OtherYear {
                found: Some(found),
                round,
            } => say!(
                lang,
                "tệp của năm {found}, không phải năm của đợt này {round}",
                "a file for {found}, not this round's year {round}",
            ),
            Rejection::OtherYear { found: None, round } => say!(
                lang,
                "tệp số liệu không ghi năm (year); đợt này là năm {round}",
                "a values file without a year; this round is for {round}",
            ),
            Rejection::SeveralYears { found, years } => {
                let years = years
                    .iter()
                    .map(i32::to_string)
                    .collect::<Vec<_>>()
                    .join(", ");
                say!(
                    lang,
                    "tệp của năm {found}; các tệp thuộc nhiều năm, hãy chọn năm của đợt (--year): {years}",
                    "a file for {found}; the files are for several years, choose the round's (--year): {years}",
                )
            }
            Rejection::WrongSet { found } => say!(
                lang,
                "số liệu cho bộ chỉ số khác: “{found}”",
                "values for another set: “{found}”",
            ),
            Rejection::NoUnit => say!(
                lang,
                "tệp số liệu không ghi đơn vị (unit)",
                "values file without a unit",
            ),
            Rejection::NotJson { unread: true, .. } => say!(
                lang,
                "không phải tệp .json nên không đọc",
                "not a .json file: not read",
            ),
            Rejection::NotJson {
                line: 1,
                column: 0,
                eof: true,
                ..
            } => say!(lang, "tệp rỗng, không phải JSON", "not JSON: the file is empty"),
            Rejection::NotJson {
                error,
                line,
                column,
                eof,
                ..
            } => {
                let vi = if *eof {
                    "tệp kết thúc giữa chừng (bị cắt cụt?)"
                } else {
                    "sai cú pháp (tệp hỏng hoặc không phải JSON)"
                };
                say!(
                    lang,
                    "không phải JSON: {vi} tại dòng {line}, cột {column}",
                    "not JSON: {error}",
                )
            }
            Rejection::NotAValuesFile { format } if format.is_empty() => say!(
                lang,
                "không phải hồ sơ hay tệp số liệu",
                "neither a submission nor a values file",
            ),
            Rejection::NotAValuesFile { format } => say!(
                lang,
                "không phải hồ sơ hay tệp số liệu: format “{format}”",
                "neither a submission nor a values file: format “{format}”",
            ),
            Rejection::InvalidValues { findings } => {
                let findings = findings.join("; ");
                say!(
                    lang,
                    "tệp số liệu không hợp lệ: {findings}",
                    "invalid values file: {findings}",
                )
            }
            Rejection::AppraisalInvalid { message, .. } => {
                let why = message.get(lang);
                say!(lang, "bản thẩm định không hợp lệ: {why}", "invalid appraisal: {why}")
            }
            Rejection::AppraisalUnmatched { submission_sha256 } => say!(
                lang,
                "bản thẩm định cho hồ sơ không được chấp nhận trong đợt này: SHA-256 {submission_sha256}",
                "appraisal of a submission not accepted in this batch: SHA-256 {submission_sha256}",
            ),
            Rejection::AppraisalOverlap { with, indicators } => {
                let indicators = indicators.join(", ");
                say!(
                    lang,
                    "trùng chỉ tiêu với bản thẩm định “{with}”: {indicators}",
                    "gives the same indicators as the appraisal “{with}”: {indicators}",
                )
            }
        }
    }
}
