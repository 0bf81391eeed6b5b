//! The `format` identifiers of the engine's file formats, in one place: every reader checks
//! its file's `format` against one of these, and every message that names a format takes it
//! from here. `docs/architecture.md` lists which reader reads each. [`classify`] tells a
//! file's text apart by its `format` member before its own reader reads it.

use serde::Serialize;

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

// ---- telling the formats apart ---------------------------------------------------------

/// A file format of the engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FileFormat {
    /// An indicator set ([`SET_FORMAT`]).
    Set,
    /// A unit's values ([`VALUES_FORMAT`]).
    Values,
    /// A province's targets ([`TARGETS_FORMAT`]).
    Targets,
    /// A signed submission ([`SUBMISSION_FORMAT`], or another version of it: its
    /// verifier says why it is refused).
    Submission,
    /// A unit key file ([`KEY_FILE_FORMAT`]).
    KeyFile,
    /// The province's key registry ([`REGISTRY_FORMAT`]).
    Registry,
    /// A key enrolment ([`ENROLMENT_FORMAT`]).
    Enrolment,
    /// A signed appraisal ([`APPRAISAL_FORMAT`]).
    Appraisal,
}

/// What a file's text is ([`classify`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Classified {
    /// Not JSON.
    NotJson,
    /// JSON of a format of the engine.
    Format {
        /// Which.
        format: FileFormat,
    },
    /// JSON without a format the engine knows.
    Unknown,
}

impl FileFormat {
    /// The format's name (as it serialises): `set`, `values`, `targets`, `submission`,
    /// `key_file`, `registry`, `enrolment`, `appraisal`.
    pub fn name(self) -> &'static str {
        match self {
            FileFormat::Set => "set",
            FileFormat::Values => "values",
            FileFormat::Targets => "targets",
            FileFormat::Submission => "submission",
            FileFormat::KeyFile => "key_file",
            FileFormat::Registry => "registry",
            FileFormat::Enrolment => "enrolment",
            FileFormat::Appraisal => "appraisal",
        }
    }

    /// The format named by a file's `format` member: every format exactly, a
    /// submission of any version (`dti-score/submission/…`).
    ///
    /// ```
    /// use dti_score::formats::FileFormat;
    /// assert_eq!(FileFormat::from_member("dti-score/values/v1"), Some(FileFormat::Values));
    /// assert_eq!(FileFormat::from_member("dti-score/submission/v9"), Some(FileFormat::Submission));
    /// assert_eq!(FileFormat::from_member("dti-score/values/v9"), None);
    /// ```
    pub fn from_member(format: &str) -> Option<FileFormat> {
        let exact = [
            (SET_FORMAT, FileFormat::Set),
            (VALUES_FORMAT, FileFormat::Values),
            (TARGETS_FORMAT, FileFormat::Targets),
            (SUBMISSION_FORMAT, FileFormat::Submission),
            (KEY_FILE_FORMAT, FileFormat::KeyFile),
            (REGISTRY_FORMAT, FileFormat::Registry),
            (REGISTRY_FORMAT_V2, FileFormat::Registry),
            (ENROLMENT_FORMAT, FileFormat::Enrolment),
            (APPRAISAL_FORMAT, FileFormat::Appraisal),
        ];
        exact
            .into_iter()
            .find(|(name, _)| *name == format)
            .map(|(_, f)| f)
            .or_else(|| {
                format
                    .starts_with("dti-score/submission/")
                    .then_some(FileFormat::Submission)
            })
    }
}

/// What a file's text is: not JSON, JSON of one of the engine's formats (by its
/// `format` member, [`FileFormat::from_member`]), or other JSON. Only the `format`
/// member is read; the format's own reader checks the rest.
///
/// ```
/// use dti_score::formats::{classify, Classified, FileFormat};
/// assert_eq!(classify(r#"{"format": "dti-score/values/v1", "values": {}}"#),
///     Classified::Format { format: FileFormat::Values });
/// assert_eq!(classify(r#"{"values": {}}"#), Classified::Unknown);
/// assert_eq!(classify("[1, 2"), Classified::NotJson);
/// ```
pub fn classify(text: &str) -> Classified {
    // Read as a `serde_json::Value`, the reader the page's engine already holds (a
    // reader of its own for the `format` member alone would add ~35 KB to the page's
    // first load).
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(value) => match value.get("format") {
            Some(serde_json::Value::String(f)) => FileFormat::from_member(f)
                .map_or(Classified::Unknown, |format| Classified::Format { format }),
            // No `format`, not a string, or not an object.
            _ => Classified::Unknown,
        },
        Err(_) => Classified::NotJson,
    }
}

impl Classified {
    /// A name for what the file is: its format's ([`FileFormat::name`]), `unknown` or
    /// `not_json`.
    pub fn name(self) -> &'static str {
        match self {
            Classified::NotJson => "not_json",
            Classified::Format { format } => format.name(),
            Classified::Unknown => "unknown",
        }
    }
}

/// Whether a file in a dropped folder is read: a name ending in `.json` (any case), as
/// the review page reads a folder. Other files are still listed, as not JSON.
///
/// ```
/// assert!(dti_score::formats::is_json_name("xa/Hồ sơ.JSON"));
/// assert!(!dti_score::formats::is_json_name("ghi-chu.txt"));
/// ```
pub fn is_json_name(name: &str) -> bool {
    name.len() >= 5
        && name
            .get(name.len() - 5..)
            .is_some_and(|tail| tail.eq_ignore_ascii_case(".json"))
}
