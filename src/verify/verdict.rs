//! The verdict model: what the verifier is given, the checks it runs and what each found.

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

use crate::error::verify::*;
use crate::error::Message;
use crate::registry::KeyRegistry;
use crate::set::IndicatorSet;
use crate::sign::Slot;
use crate::values::Values;

/// What the verifier is given besides the files.
#[derive(Debug, Clone, Copy)]
pub struct VerifyOptions<'a> {
    /// The indicator set the submissions claim to be scored with.
    pub set: &'a IndicatorSet,
    /// The province's key registry, if any.
    pub registry: Option<&'a KeyRegistry>,
    /// The year the submissions must be for, if the verifier requires one.
    pub year: Option<i32>,
    /// The period the submissions must be for, if the verifier requires one.
    pub period: Option<&'a str>,
}

/// The name of a check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckKind {
    /// The file can be read as a submission.
    File,
    /// One signer's signature.
    Signature,
    /// One signer's key against the registry.
    SignerKey,
    /// The indicator set.
    Set,
    /// The scores, recomputed.
    Recomputation,
    /// Year and period.
    Period,
    /// Duplicates among the files verified together.
    Duplicates,
}

impl CheckKind {
    /// The check's name.
    pub fn as_str(self) -> &'static str {
        match self {
            CheckKind::File => "file",
            CheckKind::Signature => "signature",
            CheckKind::SignerKey => "signer_key",
            CheckKind::Set => "set",
            CheckKind::Recomputation => "recomputation",
            CheckKind::Period => "period",
            CheckKind::Duplicates => "duplicates",
        }
    }
}

/// How a check came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Passed.
    Pass,
    /// Failed: see the problems.
    Fail,
    /// Not run: see the reason.
    Skipped,
}

/// One check's result.
#[derive(Debug, Clone, PartialEq)]
pub struct Check {
    /// Which check.
    pub kind: CheckKind,
    /// The signer's slot, for `signature` and `signer_key`.
    pub slot: Option<Slot>,
    /// Pass, fail or skipped.
    pub outcome: Outcome,
    /// Why it failed (empty unless it failed).
    pub problems: Vec<VerifyError>,
    /// Why it was skipped.
    pub skipped: Option<SkipReason>,
}

impl Check {
    pub(super) fn from_problems(
        kind: CheckKind,
        slot: Option<Slot>,
        problems: Vec<VerifyError>,
    ) -> Check {
        let outcome = if problems.is_empty() {
            Outcome::Pass
        } else {
            Outcome::Fail
        };
        Check {
            kind,
            slot,
            outcome,
            problems,
            skipped: None,
        }
    }

    pub(super) fn skipped(kind: CheckKind, slot: Option<Slot>, reason: SkipReason) -> Check {
        Check {
            kind,
            slot,
            outcome: Outcome::Skipped,
            problems: Vec::new(),
            skipped: Some(reason),
        }
    }

    /// The check's name with its slot: `signature prepared_by`, `set`.
    pub fn label(&self) -> String {
        match self.slot {
            Some(slot) => format!("{} {slot}", self.kind.as_str()),
            None => self.kind.as_str().to_string(),
        }
    }
}

impl Serialize for Check {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut st = serializer.serialize_struct("Check", 5)?;
        st.serialize_field("check", &self.kind)?;
        if let Some(slot) = self.slot {
            st.serialize_field("slot", &slot)?;
        }
        st.serialize_field("outcome", &self.outcome)?;
        if !self.problems.is_empty() {
            st.serialize_field("problems", &self.problems)?;
        }
        if let Some(reason) = self.skipped {
            st.serialize_field("skipped", &reason.problem())?;
        }
        st.end()
    }
}

/// The verdict on one file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdict {
    /// The file's name, as given.
    pub file: String,
    /// Whether no check failed.
    pub passed: bool,
    /// Whether it passed and its signers are proven: every signer's key is in a key
    /// registry whose province signature verified under the province key the reader
    /// pinned ([`KeyRegistry::load`]), for the unit, the role and the signing time.
    /// A file that passed without this is *signed, signers not proven*.
    pub proven: bool,
    /// The unit, when the file could be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// The year, when the file could be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<String>,
    /// The period, when the file could be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    /// The total the verifier recomputed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<String>,
    /// The engine version that made the submission.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub engine_version: Option<String>,
    /// Every check, in order.
    pub checks: Vec<Check>,
    /// What the verifier read, when the scores could be recomputed: the province's
    /// intake takes the values from here instead of reading the file again.
    #[serde(skip)]
    pub(crate) read: Option<Box<SignedRead>>,
    /// Whether the registry is proven and every signer_key check passed.
    #[serde(skip)]
    pub(crate) signers_proven: bool,
}

/// A submission's values as the verifier read them (unit, year, period and set filled
/// in from the submission), with its preparer key, creation time and signature.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SignedRead {
    pub values: Values,
    pub preparer_key: String,
    pub created_at: String,
    pub signature: String,
    /// SHA-256 (hex) of the signed bytes, when the caller asked for it (intake's
    /// streamed path: what an appraisal names, without reading the file again).
    pub signed_sha256: Option<String>,
}

impl Verdict {
    /// The checks that failed.
    pub fn failures(&self) -> impl Iterator<Item = &Check> {
        self.checks.iter().filter(|c| c.outcome == Outcome::Fail)
    }

    /// The check of a kind (and slot).
    pub fn check(&self, kind: CheckKind, slot: Option<Slot>) -> Option<&Check> {
        self.checks
            .iter()
            .find(|c| c.kind == kind && c.slot == slot)
    }
}
