//! Evidence: what the citation checks find ([`crate::evidence::check`]) and what matching
//! files to a submission's hashes finds ([`crate::verify::evidence`]).

use crate::error::Message;
use crate::text::Lang;

/// What is wrong with one evidence citation, or an indicator without evidence. Carried
/// by a [`crate::Finding`] (kind [`crate::ErrorKind::Evidence`]) whose pointer is the
/// citation's field (`/values/1.1/evidence/0/date`) or the indicator's entry.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum EvidenceProblem {
    /// `date` is not a calendar date written `YYYY-MM-DD` or `D/M/YYYY` (an error).
    BadDate {
        /// The text.
        date: String,
    },
    /// `document` holds no number of the usual shape, number / document type - issuing
    /// body (`1234/QĐ-UBND`, `05/KH-STTTT`, `13/2023/NĐ-CP`) (a warning).
    DocumentShape {
        /// The text.
        document: String,
    },
    /// A `sha256` that is not 64 hexadecimal digits (an error).
    BadSha256 {
        /// The text.
        sha256: String,
    },
    /// A file's `size` that is not a whole number of bytes in digits (an error).
    BadSize {
        /// The text.
        size: String,
    },
    /// A file without a name (an error).
    FileNameBlank,
    /// The set's text for the indicator names evidence and the unit gave none (a warning).
    NotGiven {
        /// The indicator's code.
        code: String,
    },
}

impl Message for EvidenceProblem {
    fn code(&self) -> &'static str {
        match self {
            EvidenceProblem::BadDate { .. } => "evidence.bad_date",
            EvidenceProblem::DocumentShape { .. } => "evidence.document_shape",
            EvidenceProblem::BadSha256 { .. } => "evidence.bad_sha256",
            EvidenceProblem::BadSize { .. } => "evidence.bad_size",
            EvidenceProblem::FileNameBlank => "evidence.file_name_blank",
            EvidenceProblem::NotGiven { .. } => "evidence.not_given",
        }
    }

    fn message(&self, lang: Lang) -> String {
        match self {
            EvidenceProblem::BadDate { date } => say!(
                lang,
                "ngày “{date}” không phải ngày hợp lệ: viết theo dạng NNNN-TT-NN (2025-05-09) hoặc N/T/NNNN (9/5/2025)",
                "date “{date}” is not a valid date: write it as YYYY-MM-DD (2025-05-09) or D/M/YYYY (9/5/2025)",
            ),
            EvidenceProblem::DocumentShape { document } => say!(
                lang,
                "số văn bản “{document}” không có dạng thường gặp số/loại văn bản-cơ quan ban hành (như 1234/QĐ-UBND, 05/KH-STTTT): kiểm tra lại",
                "document number “{document}” does not have the usual shape number/document type-issuing body (like 1234/QĐ-UBND, 05/KH-STTTT): check it",
            ),
            EvidenceProblem::BadSha256 { sha256 } => say!(
                lang,
                "mã SHA-256 “{sha256}” phải gồm đúng 64 chữ số thập lục phân",
                "SHA-256 “{sha256}” must be exactly 64 hexadecimal digits",
            ),
            EvidenceProblem::BadSize { size } => say!(
                lang,
                "kích thước tệp “{size}” phải là số byte, chỉ gồm chữ số",
                "file size “{size}” must be a number of bytes, digits only",
            ),
            EvidenceProblem::FileNameBlank => say!(
                lang,
                "tệp minh chứng chưa có tên",
                "the evidence file has no name",
            ),
            EvidenceProblem::NotGiven { code } => say!(
                lang,
                "chỉ số {code}: bộ chỉ số yêu cầu minh chứng nhưng đơn vị chưa nêu minh chứng nào",
                "indicator {code}: the set asks for evidence and the unit has given none",
            ),
        }
    }
}

/// How one cited file fared against the files given to the verifier
/// ([`crate::verify::evidence`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceStatus {
    /// A file with the cited SHA-256 is there.
    Matching,
    /// No file has the cited SHA-256, and none has the cited name.
    Missing,
    /// A file with the cited name is there, and its SHA-256 differs: it was changed
    /// after signing (or it is another file of that name).
    Altered,
}

/// One cited file's outcome, with what it is about, for messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceOutcome<'a> {
    /// The status.
    pub status: EvidenceStatus,
    /// The indicator's code.
    pub code: &'a str,
    /// The file name cited, or the hash where none is.
    pub cited: &'a str,
    /// The file found (its name in the folder), where one is.
    pub found: Option<&'a str>,
}

impl Message for EvidenceOutcome<'_> {
    fn code(&self) -> &'static str {
        match self.status {
            EvidenceStatus::Matching => "evidence.matching",
            EvidenceStatus::Missing => "evidence.missing",
            EvidenceStatus::Altered => "evidence.altered",
        }
    }

    fn message(&self, lang: Lang) -> String {
        let EvidenceOutcome {
            code, cited, found, ..
        } = self;
        let found = found.unwrap_or("");
        match self.status {
            EvidenceStatus::Matching => say!(
                lang,
                "chỉ số {code}: minh chứng “{cited}” có và khớp ({found})",
                "indicator {code}: evidence “{cited}” present and matching ({found})",
            ),
            EvidenceStatus::Missing => say!(
                lang,
                "chỉ số {code}: thiếu tệp minh chứng “{cited}”",
                "indicator {code}: evidence file “{cited}” missing",
            ),
            EvidenceStatus::Altered => say!(
                lang,
                "chỉ số {code}: tệp minh chứng “{cited}” đã bị thay đổi (mã SHA-256 khác với mã đã ký)",
                "indicator {code}: evidence file “{cited}” altered (its SHA-256 differs from the one signed)",
            ),
        }
    }
}

message_display!(EvidenceProblem);
