//! The WebAssembly boundary of the province's review page (`www/review-worker.js`):
//! a third build of the engine (feature `wasm-review`), loaded only by the review page's
//! Web Worker.
//!
//! A [`ReviewBatch`] is a review [`Session`] (the set, the optional key registry,
//! previous results and targets, the files dropped on the page, and the verdicts kept
//! across runs); [`ReviewBatch::run`] passes them through the same library functions
//! as `dti-score aggregate` ([`Session::run`]), and [`ReviewBatch::csv`] /
//! [`ReviewBatch::xlsx`] give the same files as its `--csv` / `--xlsx`.
//! [`ReviewBatch::appraise`] signs an appraisal record as `dti-score appraise` does
//! ([`Session::appraise`]) and adds it to the batch, so the next run ranks by achieved
//! points. Each export calls one [`Session`] method.
//!
//! Results cross as JSON text (decimals as strings); the page formats them with the
//! engine's `formatNumber` and computes nothing itself. Expected outcomes (a wrong
//! passphrase, points above the maximum, a registry that does not read) come back as
//! `{ ok: false, vi, en }`; only real failures throw.

use js_sys::Reflect;
use rust_decimal::Decimal;
use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::{bilingual_problem, json, lang_of, now_utc, ok, problem, to_js};
use crate::aggregate::Session;
use crate::appraisal::AppraisalError;
use crate::sign::{self, Role, UnlockError, UnlockedKey};
use crate::table;
use crate::text::{Lang, Text};
use crate::{Finding, IndicatorSet, Message};

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** What the review page needs of the set: every node with whether it is scored and whether it is a main indicator. */
export interface ReviewSet {
  id: string; version: string; title: Text;
  nodes: { id: string; code: string; title: Text; max: Decimal | null; scored: boolean; main: boolean }[];
}
/** The result of openReview. */
export type OpenReviewResult =
  | { ok: true; batch: ReviewBatch; set: ReviewSet }
  | { ok: false; errors: Finding[] };
/** The result of the batch's setKeys / setPrevious / appraise / unlockReviewerKey on failure. */
export type ReviewProblem = { ok: false; vi: string; en: string };
/** The result of setKeys: whether the registry is proven (absent once removed). */
export type KeysResult = { ok: true; proven?: boolean } | ReviewProblem;
/** The result of setPrevious. */
export type OkResult = { ok: true } | ReviewProblem;
/** The result of appraise: the signed record, added to the batch. */
export type AppraiseResult = { ok: true; file_name: string; text: string; count: number } | ReviewProblem;
/** The result of unlockReviewerKey. */
export type ReviewerUnlockResult =
  | { ok: true; key: ReviewerKey; info: { name: string; unit_id: string; fingerprint: string } }
  | ReviewProblem;
/** A table of the batch (the CSV's cells: numbers as decimal strings, years and ranks as numbers). */
export interface Table { name: string; header: string[]; keys: string[]; rows: (string | number | null)[][] }
/** One tenth of a histogram. */
export interface Bin { from: Decimal; to: Decimal; count: number; height: Decimal; top: Decimal }
/** What batch.run() returns (JSON text): `aggregate::RunView`. */
export interface RunView {
  round: { kind: "given" | "agreed"; year: number } | { kind: "several"; years: number[] } | { kind: "empty" };
  refused: Bilingual | null; proven: boolean; allow_unsigned: boolean;
  files: { file: string; kind: "signed" | "unsigned" | "appraisal" | "other"; unit: string | null; period: string | null;
           accepted: boolean; code: string | null; vi: string | null; en: string | null }[];
  counts: { appraisals?: number; other?: number; rejected?: number; signed?: number; unsigned?: number };
  conflicts: { unit_id: string; year?: number; period?: string; pointer: string;
               values: { source: string; value: string }[]; kept?: string; field: Bilingual }[];
  ranking: Table; distribution: Table; at_risk: Table; exclusions: Table;
  at_risk_units: { unit_id: string; unit_name: string | null; table: Table }[];
  units: { id: string; name: string | null; appraisable: boolean; appraised: boolean }[];
  charts: { id: string; code: string; title: Text; max: Decimal | null; bins: Bin[]; without: number }[];
}
/** What batch.unit(id) returns (JSON text): one unit's appraisal form. */
export type UnitFormResult =
  | { ok: true; unit: { id: string; name: string | null }; submission: string | null; total: Decimal | null; achieved: Decimal | null;
      indicators: { id: string; code: string; title: Text; points: Decimal | null; max: Decimal | null; status: Status;
                    achieved: Decimal | null; appraisal: Appraisal | null; exclusion?: { reason: string; verdict?: "accepted" | "rejected" } }[] }
  | { ok: false };
"#;

/// A batch under review: a review [`Session`].
#[wasm_bindgen]
pub struct ReviewBatch {
    session: Session,
}

/// What the page needs of the set: its title and every node (id, code, title, max,
/// whether it is scored, its main indicator).
#[derive(Serialize)]
struct SetView<'a> {
    id: &'a str,
    version: &'a str,
    title: &'a Text,
    nodes: Vec<NodeView<'a>>,
}

#[derive(Serialize)]
struct NodeView<'a> {
    id: &'a str,
    code: &'a str,
    title: &'a Text,
    #[serde(with = "rust_decimal::serde::str_option")]
    max: Option<Decimal>,
    scored: bool,
    main: bool,
}

/// Loads and validates a set for a review ([`IndicatorSet::from_json`]): returns
/// `{ ok: true, batch, set }` with `batch` a [`ReviewBatch`] and `set` the nodes the page
/// shows, or `{ ok: false, errors }` with every finding.
///
/// # Errors
/// Only when the result cannot be passed to JavaScript.
#[wasm_bindgen(js_name = openReview, unchecked_return_type = "OpenReviewResult")]
pub fn open_review(set_json: &str) -> Result<JsValue, JsError> {
    let set = match IndicatorSet::from_json(set_json) {
        Ok(set) => set,
        Err(errors) => {
            return to_js(&serde_json::json!({ "ok": false, "errors": errors.0 }));
        }
    };
    let view = SetView {
        id: &set.id,
        version: &set.version,
        title: &set.title,
        nodes: set
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| NodeView {
                id: &n.id,
                code: &n.code,
                title: &n.title,
                max: n.max,
                scored: n.rule.is_some(),
                main: set.roots.contains(&i),
            })
            .collect(),
    };
    let out = to_js(&serde_json::json!({ "ok": true, "set": view }))?;
    let batch = ReviewBatch {
        session: Session::new(set),
    };
    Reflect::set(&out, &JsValue::from_str("batch"), &JsValue::from(batch))
        .map_err(|_| JsError::new("cannot pass the batch to JavaScript"))?;
    Ok(out)
}

#[wasm_bindgen]
impl ReviewBatch {
    /// Pins the province key by its fingerprint (from the page's configuration); an
    /// empty text unpins it. Call before [`ReviewBatch::set_keys`].
    #[wasm_bindgen(js_name = setProvinceKey)]
    pub fn set_province_key(&mut self, fingerprint: &str) {
        self.session.set_province_key(fingerprint);
    }

    /// What the batch takes: unsigned values files (`allow_unsigned`, off by default)
    /// and a ranking without a proven registry (`unregistered_keys`, every row then
    /// marked unproven). Call before [`ReviewBatch::set_keys`].
    #[wasm_bindgen(js_name = setTrust)]
    pub fn set_trust(&mut self, allow_unsigned: bool, unregistered_keys: bool) {
        self.session.set_trust(allow_unsigned, unregistered_keys);
    }

    /// The round's year (`undefined`: the year every accepted file agrees on).
    #[wasm_bindgen(js_name = setYear)]
    pub fn set_year(&mut self, year: Option<i32>) {
        self.session.set_year(year);
    }

    /// Loads the province's key registry (`keys.json`); an empty text removes it
    /// ([`Session::set_keys`]). It must be signed by the pinned province key
    /// ([`ReviewBatch::set_province_key`]), unless unregistered keys are allowed
    /// ([`ReviewBatch::set_trust`]), as `dti-score aggregate --keys --province-key` (or
    /// `--allow-unsigned-keys`). Returns `{ ok: true, proven }` or `{ ok: false, vi, en }`.
    ///
    /// # Errors
    /// Only when the result cannot be passed to JavaScript.
    #[wasm_bindgen(js_name = setKeys, unchecked_return_type = "KeysResult")]
    pub fn set_keys(&mut self, text: &str) -> Result<JsValue, JsError> {
        match self.session.set_keys(text) {
            Ok(None) => ok(),
            Ok(Some(proven)) => to_js(&serde_json::json!({ "ok": true, "proven": proven })),
            Err(e) => problem(e.message(Lang::Vi), e.to_string()),
        }
    }

    /// Loads last round's results CSV (the `change` column); an empty text removes it
    /// ([`Session::set_previous`]). Returns `{ ok: true }` or `{ ok: false, vi, en }`.
    ///
    /// # Errors
    /// Only when the result cannot be passed to JavaScript.
    #[wasm_bindgen(js_name = setPrevious, unchecked_return_type = "OkResult")]
    pub fn set_previous(&mut self, text: &str) -> Result<JsValue, JsError> {
        match self.session.set_previous(text) {
            Ok(()) => ok(),
            Err(e) => problem(
                format!("Tệp kết quả năm trước không đọc được: {e}"),
                e.to_string(),
            ),
        }
    }

    /// Loads a province's targets file (the at-risk list); an empty text removes it
    /// ([`Session::set_targets`]). Returns `{ ok: true }` or `{ ok: false, errors }`.
    ///
    /// # Errors
    /// Only when the result cannot be passed to JavaScript.
    #[wasm_bindgen(js_name = setTargets, unchecked_return_type = "TargetsResult")]
    pub fn set_targets(&mut self, text: &str) -> Result<JsValue, JsError> {
        match self.session.set_targets(text) {
            Ok(()) => ok(),
            Err(errors) => {
                let errors: &[Finding] = &errors.0;
                to_js(&serde_json::json!({ "ok": false, "errors": errors }))
            }
        }
    }

    /// Adds a file (its path in the dropped folder, its bytes) to the batch.
    #[wasm_bindgen(js_name = addFile)]
    pub fn add_file(&mut self, name: String, bytes: Vec<u8>) {
        self.session.add_file(name, bytes);
    }

    /// Removes every file (and the last run).
    #[wasm_bindgen(js_name = clearFiles)]
    pub fn clear_files(&mut self) {
        self.session.clear_files();
    }

    /// Verifies up to `max` files not verified yet ([`Session::verify_next`]) and
    /// returns how many are left: the worker calls it group by group to report its
    /// progress, then [`ReviewBatch::run`] verifies nothing more.
    #[wasm_bindgen(js_name = verifyNext)]
    pub fn verify_next(&mut self, max: usize) -> usize {
        self.session.verify_next(max)
    }

    /// How many files the batch holds.
    #[wasm_bindgen(getter, js_name = fileCount)]
    pub fn file_count(&self) -> usize {
        self.session.file_count()
    }

    /// Verifies, merges, scores and ranks the batch as `dti-score aggregate` does
    /// ([`Session::run`]), and returns the views, headers and words in `lang` ("vi" or
    /// "en"), as JSON text (a `RunView`): every
    /// file's verdict, the counts, the conflicts, the ranking, distribution and at-risk
    /// tables (the CSV's cells), the units and a histogram per main indicator.
    ///
    /// # Errors
    /// Only when the result cannot be serialized.
    pub fn run(&mut self, lang: &str) -> Result<String, JsError> {
        json(&self.session.run(lang_of(lang)))
    }

    /// The views of the last run with headers and words in `lang` ("vi" or "en"), as
    /// [`ReviewBatch::run`] returns them, without running again ([`Session::view`]):
    /// for a change of the page's language. `null` before a run.
    ///
    /// # Errors
    /// Only when the result cannot be serialized.
    pub fn view(&self, lang: &str) -> Result<String, JsError> {
        match self.session.view(lang_of(lang)) {
            Some(view) => json(&view),
            None => Ok("null".into()),
        }
    }

    /// The ranking as CSV with headers and words in `lang`, byte for byte what
    /// `dti-score aggregate --csv` (with `--en` for "en") writes ([`Session::csv`]);
    /// empty before [`ReviewBatch::run`].
    pub fn csv(&self, lang: &str) -> String {
        self.session.csv(lang_of(lang))
    }

    /// Every view as an XLSX workbook in `lang`, the sheets of `dti-score aggregate --xlsx`
    /// (ranking, distribution, at-risk, exclusions when any, files, conflicts;
    /// [`Session::tables`], [`table::to_xlsx`]); empty before [`ReviewBatch::run`].
    ///
    /// # Errors
    /// When the workbook cannot be written (more rows than a sheet holds).
    pub fn xlsx(&self, lang: &str) -> Result<Vec<u8>, JsError> {
        let tables = self.session.tables(lang_of(lang));
        if tables.is_empty() {
            return Ok(Vec::new());
        }
        table::to_xlsx(&tables).map_err(|e| JsError::new(&e.to_string()))
    }

    /// One unit's scored indicators for the appraisal form ([`Session::unit`]), as JSON
    /// text: `{ ok: true, unit, submission, total, achieved, indicators: [{ id, code,
    /// title, points, max, status, achieved, appraisal, exclusion? }] }` or `{ ok: false }`
    /// when the unit is not in the last run.
    ///
    /// # Errors
    /// Only when the result cannot be serialized.
    pub fn unit(&self, unit_id: &str) -> Result<String, JsError> {
        #[derive(Serialize)]
        struct Found<T> {
            ok: bool,
            #[serde(flatten)]
            form: T,
        }
        match self.session.unit(unit_id) {
            Some(form) => json(&Found { ok: true, form }),
            None => json(&serde_json::json!({ "ok": false })),
        }
    }

    /// Signs the appraisal council's points for one unit with a reviewer's key, exactly
    /// as `dti-score appraise` does ([`Session::appraise`], on the unit's accepted
    /// signed submission), and adds the record to the batch (run again to rank by
    /// achieved points).
    ///
    /// `entries_json` is `{"<indicator id>": {"points": "<as typed>", "reason": "…",
    /// "exclusion": "accepted" | "rejected"}}` (`exclusion` only on an indicator the unit
    /// marked not applicable): the points are read as a person writes them in the page's
    /// language `lang` ("vi": "12,5"; "en": "12.5"); an entry with empty points and no
    /// verdict is left out. Returns `{ ok: true, file_name, text, count }` with the
    /// signed record's text, or `{ ok: false, vi, en }` (points that do not read or
    /// exceed the maximum, no reason, not a reviewer's key, a unit without a signed
    /// submission).
    ///
    /// # Errors
    /// Only when the result cannot be passed to JavaScript.
    #[wasm_bindgen(unchecked_return_type = "AppraiseResult")]
    pub fn appraise(
        &mut self,
        unit_id: &str,
        entries_json: &str,
        key: &ReviewerKey,
        lang: &str,
    ) -> Result<JsValue, JsError> {
        match self
            .session
            .appraise(unit_id, entries_json, lang_of(lang), &key.key, now_utc())
        {
            Ok(done) => to_js(&Appraised { ok: true, done }),
            Err(crate::aggregate::AppraiseError::SubmissionGone) => {
                Err(JsError::new("the submission is no longer in the batch"))
            }
            Err(e) => bilingual_problem(&e.bilingual()),
        }
    }
}

#[derive(Serialize)]
struct Appraised {
    ok: bool,
    #[serde(flatten)]
    done: crate::aggregate::Appraised,
}

/// A reviewer's key, unlocked, held by the engine while the page keeps it.
#[wasm_bindgen]
pub struct ReviewerKey {
    key: UnlockedKey,
}

#[wasm_bindgen]
impl ReviewerKey {
    /// The holder's name.
    #[wasm_bindgen(getter)]
    pub fn name(&self) -> String {
        self.key.name().to_string()
    }

    /// The public key's short fingerprint.
    #[wasm_bindgen(getter)]
    pub fn fingerprint(&self) -> String {
        self.key.public_key().fingerprint()
    }
}

/// Unlocks a reviewer's key file ([`sign::unlock_as`] a reviewer): `{ ok: true, key,
/// info: { name, unit_id, fingerprint } }` with `key` a [`ReviewerKey`], or `{ ok: false,
/// vi, en }` (wrong passphrase, damaged file, a preparer's or approver's key).
///
/// # Errors
/// Only when the result cannot be passed to JavaScript.
#[wasm_bindgen(js_name = unlockReviewerKey, unchecked_return_type = "ReviewerUnlockResult")]
pub fn unlock_reviewer_key(key_file: &str, passphrase: &str) -> Result<JsValue, JsError> {
    match sign::unlock_as(key_file, passphrase, Role::Reviewer) {
        Ok(unlocked) => {
            let file = &unlocked.file;
            let out = to_js(&serde_json::json!({
                "ok": true,
                "info": {
                    "name": file.name(),
                    "unit_id": file.unit_id(),
                    "fingerprint": file.fingerprint(),
                },
            }))?;
            let key = ReviewerKey { key: unlocked.key };
            Reflect::set(&out, &JsValue::from_str("key"), &JsValue::from(key))
                .map_err(|_| JsError::new("cannot pass the key to JavaScript"))?;
            Ok(out)
        }
        Err(UnlockError::Key(e)) => problem(e.message(Lang::Vi), e.to_string()),
        // The appraisal's own refusal of a key that is not a reviewer's.
        Err(UnlockError::Role { found, .. }) => {
            bilingual_problem(&AppraisalError::NotAReviewer { role: found }.bilingual())
        }
    }
}

/// Whether a file of a dropped folder is read ([`crate::formats::is_json_name`]: a name
/// ending in `.json`, any case); the others are added empty and listed as not JSON.
#[wasm_bindgen(js_name = isJsonName)]
pub fn is_json_name(name: &str) -> bool {
    crate::formats::is_json_name(name)
}
