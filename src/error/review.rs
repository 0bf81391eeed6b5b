//! What the review page's appraisal refuses ([`crate::aggregate::Session::appraise`]).

use crate::error::{AppraisalError, EntryError, Message};
use crate::text::Lang;

/// Why an appraisal was not made ([`crate::aggregate::Session::appraise`]).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum AppraiseError {
    /// The unit has no accepted signed submission in the last run.
    NoSignedSubmission {
        /// The unit.
        unit: String,
    },
    /// The entries do not read.
    Entries(EntryError),
    /// No points were entered.
    NoEntries,
    /// The submission left the session's files since the last run (a caller's
    /// mistake: clearing the files also drops the run).
    SubmissionGone,
    /// The appraisal cannot be made ([`crate::appraisal::appraise`]).
    Appraisal(AppraisalError),
}

impl Message for AppraiseError {
    fn code(&self) -> &'static str {
        match self {
            AppraiseError::NoSignedSubmission { .. } => "appraise.no_signed_submission",
            AppraiseError::Entries(e) => e.code(),
            AppraiseError::NoEntries => "appraise.no_entries",
            AppraiseError::SubmissionGone => "appraise.submission_gone",
            AppraiseError::Appraisal(e) => e.code(),
        }
    }

    fn message(&self, lang: Lang) -> String {
        match self {
            AppraiseError::NoSignedSubmission { unit } => say!(
                lang,
                "Đơn vị “{unit}” không có hồ sơ đã ký được chấp nhận: không thể thẩm định.",
                "Unit “{unit}” has no accepted signed submission: it cannot be appraised."
            ),
            AppraiseError::Entries(e) => e.message(lang),
            AppraiseError::NoEntries => say!(
                lang,
                "Chưa nhập điểm thẩm định nào.",
                "No appraisal points entered."
            ),
            AppraiseError::SubmissionGone => say!(
                lang,
                "hồ sơ không còn trong lô",
                "the submission is no longer in the batch"
            ),
            AppraiseError::Appraisal(e) => e.message(lang),
        }
    }
}

message_display!(AppraiseError);
