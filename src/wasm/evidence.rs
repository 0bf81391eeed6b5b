//! The review page's evidence check: the files dropped with the submissions matched to
//! the hashes the submissions cite, by [`crate::verify::evidence`] (the same matching as
//! `dti-score verify --evidence`).

use wasm_bindgen::prelude::*;

use super::json;
use crate::set::IndicatorSet;
use crate::values::Values;
use crate::verify::evidence::{
    match_evidence, submission_values, EvidenceFiles, SubmissionEvidence,
};

/// Submissions and evidence files, added one by one, then matched.
#[wasm_bindgen]
pub struct EvidenceCheck {
    set: Option<IndicatorSet>,
    files: EvidenceFiles,
    submissions: Vec<(String, Option<Values>)>,
}

#[wasm_bindgen]
impl EvidenceCheck {
    /// A check with the set's text (for the indicators' codes; a set that does not load
    /// leaves the ids).
    #[wasm_bindgen(constructor)]
    pub fn new(set_json: &str) -> EvidenceCheck {
        EvidenceCheck {
            set: IndicatorSet::from_json(set_json).ok(),
            files: EvidenceFiles::default(),
            submissions: Vec::new(),
        }
    }

    /// A submission file: its cited files are matched by `report`.
    #[wasm_bindgen(js_name = addSubmission)]
    pub fn add_submission(&mut self, name: String, bytes: &[u8]) {
        let values = submission_values(bytes);
        self.submissions.push((name, values));
    }

    /// An evidence file: hashed (SHA-256) here.
    #[wasm_bindgen(js_name = addFile)]
    pub fn add_file(&mut self, name: &str, bytes: &[u8]) {
        self.files.add(name, crate::evidence::sha256_hex(bytes));
    }

    /// Every submission that could be read and cites a file: JSON
    /// `[{ file, read, matches: [{ indicator, code, index, name?, sha256, status, found?,
    /// found_sha256?, outcome_code, vi, en }] }]`.
    ///
    /// # Errors
    /// Only when the result cannot be serialized.
    pub fn report(&self) -> Result<String, JsError> {
        let out: Vec<SubmissionEvidence> = self
            .submissions
            .iter()
            .filter_map(|(file, values)| {
                let values = values.as_ref()?;
                let matches = match_evidence(self.set.as_ref(), values, &self.files);
                (!matches.is_empty()).then(|| SubmissionEvidence {
                    file: file.clone(),
                    matches,
                    read: true,
                })
            })
            .collect();
        json(&out)
    }
}
