//! The `format` identifiers of the engine's file formats, in one place: every reader checks
//! its file's `format` against one of these, and every message that names a format takes it
//! from here. `docs/architecture.md` lists which reader reads each.

/// The `format` value of an indicator-set file.
pub const SET_FORMAT: &str = "dti-score/indicator-set/v1";

/// The `format` value of a values file.
pub const VALUES_FORMAT: &str = "dti-score/values/v1";

/// The `format` value of a targets file.
pub const TARGETS_FORMAT: &str = "dti-score/targets/v1";

/// The `format` of a submission.
pub const SUBMISSION_FORMAT: &str = "dti-score/submission/v1";

/// The `format` of a key file.
pub const KEY_FILE_FORMAT: &str = "dti-score/key/v1";

/// The `format` of a legacy (unsigned, undated) key registry file.
pub const REGISTRY_FORMAT: &str = "dti-score/keys/v1";

/// The `format` of a signed, dated key registry file.
pub const REGISTRY_FORMAT_V2: &str = "dti-score/keys/v2";

/// The `format` of a key-enrolment file: what a unit sends the province to have its
/// key registered (written by the signing page, or built from `keygen`'s entry).
pub const ENROLMENT_FORMAT: &str = "dti-score/key-enrolment/v1";

/// The `format` of an appraisal record.
pub const APPRAISAL_FORMAT: &str = "dti-score/appraisal/v1";

/// The years the file formats accept: an assessment year, a threshold's years.
pub const YEARS: std::ops::RangeInclusive<i64> = 1900..=2200;
