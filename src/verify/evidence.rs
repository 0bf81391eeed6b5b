//! Evidence files matched to a submission's citations: the one implementation behind
//! `dti-score verify --evidence DIR` and the review page.
//!
//! Every citation that names a file's SHA-256 (its `file.sha256`, or the first form's
//! `sha256`) is looked up among the files given: a file with that hash makes it
//! **matching**; else a file with the cited name (compared without folders) makes it
//! **altered** (its bytes are not the ones signed); else it is **missing**. Citations
//! without a hash are not files and are not listed. The hashes are read from the signed
//! values, so a match means the file is the one the signers vouched for only when the
//! submission's signatures verify; [`crate::verify`] says that.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::error::Message;
pub use crate::error::{EvidenceOutcome, EvidenceStatus};
use crate::evidence::sha256_hex;
use crate::set::IndicatorSet;
use crate::values::Values;

/// The evidence files given to the verifier, by SHA-256 and by name.
#[derive(Debug, Clone, Default)]
pub struct EvidenceFiles {
    /// SHA-256 → the first file name with it.
    by_hash: BTreeMap<String, String>,
    /// File name (without folders) → its SHA-256.
    by_name: BTreeMap<String, String>,
}

impl EvidenceFiles {
    /// Hashes the files, given as (name, bytes). A name may carry folders
    /// (`minh-chung/qd-12.pdf`): only its last part is compared with a cited name.
    pub fn from_files<'a>(files: impl IntoIterator<Item = (&'a str, &'a [u8])>) -> Self {
        let mut out = EvidenceFiles::default();
        for (name, bytes) in files {
            out.add(name, sha256_hex(bytes));
        }
        out
    }

    /// Adds one file already hashed (64 lower-case hex digits).
    pub fn add(&mut self, name: &str, sha256: String) {
        let base = base_name(name).to_string();
        self.by_hash.entry(sha256.clone()).or_insert(base.clone());
        self.by_name.insert(base, sha256);
    }

    /// How many distinct files (by name) there are.
    pub fn len(&self) -> usize {
        self.by_name.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.by_name.is_empty()
    }
}

fn base_name(name: &str) -> &str {
    name.rsplit(['/', '\\']).next().unwrap_or(name)
}

/// One cited file and what was found for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EvidenceMatch {
    /// The indicator's id.
    pub indicator: String,
    /// The indicator's code (as the set prints it; the id where the set has no such indicator).
    pub code: String,
    /// The citation's index in the indicator's `evidence`.
    pub index: usize,
    /// The file name cited, if the citation gives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The SHA-256 cited (lower case).
    pub sha256: String,
    /// Matching, missing or altered.
    pub status: EvidenceStatus,
    /// The file found: the one with the hash (matching) or with the name (altered).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub found: Option<String>,
    /// The SHA-256 of the file found under the cited name, when it differs (altered).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub found_sha256: Option<String>,
    /// The stable code of the outcome (`evidence.matching`, `evidence.missing`,
    /// `evidence.altered`).
    pub outcome_code: &'static str,
    /// The outcome in Vietnamese.
    pub vi: String,
    /// The outcome in English.
    pub en: String,
}

impl EvidenceMatch {
    fn outcome(&self) -> EvidenceOutcome<'_> {
        EvidenceOutcome {
            status: self.status,
            code: &self.code,
            cited: self.name.as_deref().unwrap_or(&self.sha256),
            found: self.found.as_deref(),
        }
    }
}

/// The outcome for one submission's values: every cited file, in the order of the
/// values' indicators (their ids' order) and citations.
///
/// # Example
/// ```
/// use dti_score::verify::evidence::{match_evidence, EvidenceFiles, EvidenceStatus};
/// use dti_score::Values;
/// let values = Values::from_json(r#"{"values": {"1": {"done": true, "evidence": [
///   {"document": "05/KH-UBND", "file": {"name": "kh.pdf", "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "size": "4"}},
///   {"document": "06/KH-UBND", "file": {"name": "kh2.pdf", "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a09"}}]}}}"#).unwrap();
/// let files = EvidenceFiles::from_files([("kh.pdf", &b"test"[..]), ("kh2.pdf", &b"tested"[..])]);
/// let found = match_evidence(None, &values, &files);
/// assert_eq!(found[0].status, EvidenceStatus::Matching);
/// assert_eq!(found[1].status, EvidenceStatus::Altered);
/// ```
pub fn match_evidence(
    set: Option<&IndicatorSet>,
    values: &Values,
    files: &EvidenceFiles,
) -> Vec<EvidenceMatch> {
    let mut out = Vec::new();
    for (id, entry) in &values.values {
        let code = set
            .and_then(|s| s.node(id))
            .map_or_else(|| id.clone(), |n| n.code.clone());
        for (index, e) in entry.evidence.iter().enumerate() {
            let Some(sha256) = e.cited_sha256() else {
                continue;
            };
            let sha256 = sha256.to_ascii_lowercase();
            let name = e.file.as_ref().map(|f| f.name.clone());
            let (status, found, found_sha256) = match files.by_hash.get(&sha256) {
                Some(found) => (EvidenceStatus::Matching, Some(found.clone()), None),
                None => match name.as_deref().and_then(|n| {
                    let base = base_name(n);
                    files.by_name.get(base).map(|h| (base, h))
                }) {
                    Some((base, h)) => (
                        EvidenceStatus::Altered,
                        Some(base.to_string()),
                        Some(h.clone()),
                    ),
                    None => (EvidenceStatus::Missing, None, None),
                },
            };
            let mut m = EvidenceMatch {
                indicator: id.clone(),
                code: code.clone(),
                index,
                name,
                sha256,
                status,
                found,
                found_sha256,
                outcome_code: "",
                vi: String::new(),
                en: String::new(),
            };
            let outcome = m.outcome();
            let (outcome_code, vi, en) = (
                outcome.code(),
                outcome.message(crate::Lang::Vi),
                outcome.message(crate::Lang::En),
            );
            m.outcome_code = outcome_code;
            m.vi = vi;
            m.en = en;
            out.push(m);
        }
    }
    out
}

/// The evidence outcome of one submission file: its cited files matched, or why its
/// values could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SubmissionEvidence {
    /// The submission file.
    pub file: String,
    /// Every cited file (empty when the values could not be read).
    pub matches: Vec<EvidenceMatch>,
    /// Whether the submission's values could be read (a file that is not a submission
    /// has nothing to match; its verdict says why).
    pub read: bool,
}

impl SubmissionEvidence {
    /// Whether every cited file is there and matches.
    pub fn all_matching(&self) -> bool {
        self.matches
            .iter()
            .all(|m| m.status == EvidenceStatus::Matching)
    }
}

/// [`match_evidence`] for a submission file's bytes: its signed values, as the file
/// carries them (a verifier reads them from the file, never from elsewhere). A file that
/// repeats a member name, or is not a submission, has nothing to match (`read: false`).
pub fn match_submission(
    name: &str,
    bytes: &[u8],
    set: Option<&IndicatorSet>,
    files: &EvidenceFiles,
) -> SubmissionEvidence {
    let values = submission_values(bytes);
    SubmissionEvidence {
        file: name.to_string(),
        read: values.is_some(),
        matches: values
            .map(|v| match_evidence(set, &v, files))
            .unwrap_or_default(),
    }
}

/// The values a submission file's bytes carry (as [`crate::submission::Submission::values_file`]
/// gives them), read as the verifier reads a submission: a strict parse (no member named
/// twice), then its fields. `None` for anything else.
pub fn submission_values(bytes: &[u8]) -> Option<Values> {
    crate::json::canonical::parse_strict_slice(bytes)
        .ok()
        .and_then(|v| <crate::submission::Submission as serde::Deserialize>::deserialize(v).ok())
        .and_then(|s| Values::from_value(&s.values_file()).ok())
}
