//! The WebAssembly boundary of the province's review page (`www/review-worker.js`):
//! a third build of the engine (feature `wasm-review`), loaded only by the review page's
//! Web Worker.
//!
//! A [`ReviewBatch`] holds a set, the optional key registry, previous results and
//! targets, and the files dropped on the page; [`ReviewBatch::run`] passes them through
//! the same library functions as `dti-score aggregate` ([`aggregate::intake`],
//! [`aggregate::aggregate`], [`Aggregate::tables`]), and [`ReviewBatch::csv`] /
//! [`ReviewBatch::xlsx`] give the same files as its `--csv` / `--xlsx`.
//! [`ReviewBatch::appraise`] signs an appraisal record as `dti-score appraise` does
//! ([`appraisal::appraise`]) and adds it to the batch, so the next run ranks by achieved
//! points.
//!
//! Results cross as JSON text (decimals as strings); the page formats them with the
//! engine's `formatNumber` and computes nothing itself. Expected outcomes (a wrong
//! passphrase, points above the maximum, a registry that does not read) come back as
//! `{ ok: false, vi, en }`; only real failures throw.

use std::collections::{BTreeMap, HashMap};

use js_sys::Reflect;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::aggregate::{
    self, Aggregate, AggregateOptions, Conflict, Intake, IntakeOptions, PreviousResults,
};
use crate::appraisal::{self, AppraisalError, AppraisalInput};
use crate::number;
use crate::report::{Appraisal, Appraisals, Status};
use crate::sign::{KeyFile, Role, UnlockedKey};
use crate::table::{self, Table};
use crate::text::{Bilingual, Lang, Text};
use crate::verify::{verify_files, KeyRegistry, Verdict};
use crate::Message;
use crate::{Finding, IndicatorSet, Targets};

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** The result of openReview. */
export type OpenReviewResult =
  | { ok: true; batch: ReviewBatch; set: any }
  | { ok: false; errors: Finding[] };
/** The result of the batch's setKeys / setPrevious / appraise / unlockReviewerKey on failure. */
export type ReviewProblem = { ok: false; vi: string; en: string };
"#;

fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&format!("cannot pass a value to JavaScript: {e}")))
}

fn json<T: Serialize + ?Sized>(value: &T) -> Result<String, JsError> {
    serde_json::to_string(value).map_err(|e| JsError::new(&format!("cannot write JSON: {e}")))
}

#[derive(Serialize)]
struct Problem {
    ok: bool,
    vi: String,
    en: String,
}

fn problem(vi: impl Into<String>, en: impl Into<String>) -> Result<JsValue, JsError> {
    to_js(&Problem {
        ok: false,
        vi: vi.into(),
        en: en.into(),
    })
}

fn bilingual_problem(b: &Bilingual) -> Result<JsValue, JsError> {
    problem(b.get(Lang::Vi), b.get(Lang::En))
}

fn ok() -> Result<JsValue, JsError> {
    to_js(&serde_json::json!({ "ok": true }))
}

/// The last run: intake and aggregation of the files as they were then.
struct Ran {
    intake: Intake,
    aggregate: Aggregate,
}

/// A batch under review: the set, what the province adds (registry, previous results,
/// targets) and the files.
#[wasm_bindgen]
pub struct ReviewBatch {
    set: IndicatorSet,
    registry: Option<KeyRegistry>,
    previous: Option<PreviousResults>,
    targets: Option<Targets>,
    files: Vec<(String, Vec<u8>)>,
    /// Verdicts of the files verified so far, by name: a run after an appraisal is added
    /// verifies only the new file. Dropped when the registry changes or files are
    /// replaced.
    verdicts: HashMap<String, Verdict>,
    ran: Option<Ran>,
    /// The pinned province key's fingerprint (the page's configuration): a registry
    /// is proven only when signed by it.
    province_key: Option<String>,
    /// Take unsigned values files (the page's marked switch); refused when false.
    allow_unsigned: bool,
    /// Rank without a proven registry, every row marked unproven (the page's switch);
    /// an unsigned or unpinned registry is read only then.
    unregistered_keys: bool,
    /// The round's year, when chosen; else the year every accepted file agrees on.
    year: Option<i32>,
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
        set,
        registry: None,
        previous: None,
        targets: None,
        files: Vec::new(),
        verdicts: HashMap::new(),
        ran: None,
        province_key: None,
        allow_unsigned: false,
        unregistered_keys: false,
        year: None,
    };
    Reflect::set(&out, &JsValue::from_str("batch"), &JsValue::from(batch))
        .map_err(|_| JsError::new("cannot pass the batch to JavaScript"))?;
    Ok(out)
}

/// One file's verdict, as `dti-score aggregate` prints it.
#[derive(Serialize)]
struct FileView<'a> {
    file: &'a str,
    kind: aggregate::FileKind,
    unit: Option<&'a str>,
    period: Option<&'a str>,
    accepted: bool,
    code: Option<&'static str>,
    vi: Option<String>,
    en: Option<String>,
}

/// One unit's line of the ranking, with what the page needs besides the CSV cells.
#[derive(Serialize)]
struct UnitView<'a> {
    id: &'a str,
    name: Option<&'a str>,
    /// Whether an appraisal can be made: the unit has an accepted signed submission.
    appraisable: bool,
    appraised: bool,
}

/// Units per tenth of a main indicator's maximum (the last tenth includes the
/// maximum); the bars' heights are percentages of the fullest tenth, computed here so
/// that the page only places them.
#[derive(Serialize)]
struct Histogram<'a> {
    id: &'a str,
    code: &'a str,
    title: &'a str,
    #[serde(with = "rust_decimal::serde::str_option")]
    max: Option<Decimal>,
    bins: Vec<Bin>,
    /// Units without points on it.
    without: u64,
}

#[derive(Serialize)]
struct Bin {
    #[serde(with = "rust_decimal::serde::str")]
    from: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    to: Decimal,
    count: u64,
    /// Height in percent of the chart (one decimal).
    #[serde(with = "rust_decimal::serde::str")]
    height: Decimal,
    /// 100 − height: where the bar starts, from the top.
    #[serde(with = "rust_decimal::serde::str")]
    top: Decimal,
}

#[derive(Serialize)]
struct RunView<'a> {
    /// The round's year (given, agreed, several or none).
    round: &'a aggregate::Round,
    /// Why nothing is ranked (no proven registry), when so.
    refused: Option<Bilingual>,
    /// Whether the registry is signed by the pinned province key.
    proven: bool,
    /// Whether unsigned values files are taken.
    allow_unsigned: bool,
    files: Vec<FileView<'a>>,
    counts: BTreeMap<&'static str, usize>,
    conflicts: &'a [Conflict],
    ranking: Table,
    distribution: Table,
    at_risk: Table,
    /// Every indicator a unit marked not applicable, with its reason and verdict.
    exclusions: Table,
    units: Vec<UnitView<'a>>,
    charts: Vec<Histogram<'a>>,
}

fn histogram<'a>(set: &'a IndicatorSet, agg: &Aggregate, root: usize) -> Histogram<'a> {
    let node = &set.nodes[root];
    let tenths = Decimal::from(10);
    let mut counts = [0u64; 10];
    let mut without = 0;
    for u in &agg.units {
        match (u.pillars.get(&node.id).copied().flatten(), node.max) {
            (Some(p), Some(max)) if max > Decimal::ZERO => {
                let bin = p
                    .checked_mul(tenths)
                    .and_then(|x| x.checked_div(max))
                    .map(|x| x.floor())
                    .and_then(|x| usize::try_from(x.mantissa()).ok())
                    .unwrap_or(0)
                    .min(9);
                counts[bin] += 1;
            }
            _ => without += 1,
        }
    }
    let fullest = counts.iter().copied().max().unwrap_or(0);
    let max = node.max.unwrap_or(Decimal::ZERO);
    let edge = |k: u64| {
        max.checked_mul(Decimal::from(k))
            .and_then(|x| x.checked_div(tenths))
            .unwrap_or(Decimal::ZERO)
            .normalize()
    };
    let bins = counts
        .iter()
        .enumerate()
        .map(|(k, &count)| {
            let height = if fullest == 0 {
                Decimal::ZERO
            } else {
                (Decimal::from(count * 100) / Decimal::from(fullest))
                    .round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero)
                    .normalize()
            };
            Bin {
                from: edge(k as u64),
                to: edge(k as u64 + 1),
                count,
                height,
                top: (Decimal::ONE_HUNDRED - height).normalize(),
            }
        })
        .collect();
    Histogram {
        id: &node.id,
        code: &node.code,
        title: &node.title.vi,
        max: node.max,
        bins,
        without,
    }
}

/// The form of one indicator in the appraisal section.
#[derive(Serialize)]
struct IndicatorView<'a> {
    id: &'a str,
    code: &'a str,
    title: &'a Text,
    #[serde(with = "rust_decimal::serde::str_option")]
    points: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::str_option")]
    max: Option<Decimal>,
    status: Status,
    #[serde(with = "rust_decimal::serde::str_option")]
    achieved: Option<Decimal>,
    appraisal: Option<&'a Appraisal>,
    /// Marked not applicable by the unit: the reason (and the verdict, once appraised).
    #[serde(skip_serializing_if = "Option::is_none")]
    exclusion: Option<&'a crate::report::Exclusion>,
}

#[wasm_bindgen]
impl ReviewBatch {
    /// Pins the province key by its fingerprint (from the page's configuration); an
    /// empty text unpins it. Call before [`ReviewBatch::set_keys`].
    #[wasm_bindgen(js_name = setProvinceKey)]
    pub fn set_province_key(&mut self, fingerprint: &str) {
        let fingerprint = fingerprint.trim();
        self.province_key = (!fingerprint.is_empty()).then(|| fingerprint.to_ascii_uppercase());
    }

    /// What the batch takes: unsigned values files (`allow_unsigned`, off by default)
    /// and a ranking without a proven registry (`unregistered_keys`, every row then
    /// marked unproven). Call before [`ReviewBatch::set_keys`].
    #[wasm_bindgen(js_name = setTrust)]
    pub fn set_trust(&mut self, allow_unsigned: bool, unregistered_keys: bool) {
        self.allow_unsigned = allow_unsigned;
        self.unregistered_keys = unregistered_keys;
    }

    /// The round's year (`undefined`: the year every accepted file agrees on).
    #[wasm_bindgen(js_name = setYear)]
    pub fn set_year(&mut self, year: Option<i32>) {
        self.year = year;
    }

    /// Loads the province's key registry (`keys.json`); an empty text removes it. It
    /// must be signed by the pinned province key ([`ReviewBatch::set_province_key`]),
    /// unless unregistered keys are allowed ([`ReviewBatch::set_trust`]), as
    /// `dti-score aggregate --keys --province-key` (or `--allow-unsigned-keys`).
    /// Returns `{ ok: true, proven }` or `{ ok: false, vi, en }`.
    ///
    /// # Errors
    /// Only when the result cannot be passed to JavaScript.
    #[wasm_bindgen(js_name = setKeys)]
    pub fn set_keys(&mut self, text: &str) -> Result<JsValue, JsError> {
        // The verdicts depend on the registry.
        self.verdicts.clear();
        if text.trim().is_empty() {
            self.registry = None;
            return ok();
        }
        match KeyRegistry::load(text, self.province_key.as_deref(), self.unregistered_keys) {
            Ok(r) => {
                let proven = r.proven();
                self.registry = Some(r);
                to_js(&serde_json::json!({ "ok": true, "proven": proven }))
            }
            Err(e) => problem(e.message(Lang::Vi), e.to_string()),
        }
    }

    /// Loads last round's results CSV (the `change` column); an empty text removes it.
    /// Returns `{ ok: true }` or `{ ok: false, vi, en }`.
    ///
    /// # Errors
    /// Only when the result cannot be passed to JavaScript.
    #[wasm_bindgen(js_name = setPrevious)]
    pub fn set_previous(&mut self, text: &str) -> Result<JsValue, JsError> {
        if text.trim().is_empty() {
            self.previous = None;
            return ok();
        }
        match PreviousResults::from_csv(text) {
            Ok(p) => {
                self.previous = Some(p);
                ok()
            }
            Err(e) => problem(
                format!("Tệp kết quả năm trước không đọc được: {e}"),
                e.to_string(),
            ),
        }
    }

    /// Loads a province's targets file (the at-risk list); an empty text removes it.
    /// Returns `{ ok: true }` or `{ ok: false, errors }`.
    ///
    /// # Errors
    /// Only when the result cannot be passed to JavaScript.
    #[wasm_bindgen(js_name = setTargets)]
    pub fn set_targets(&mut self, text: &str) -> Result<JsValue, JsError> {
        if text.trim().is_empty() {
            self.targets = None;
            return ok();
        }
        match Targets::from_json(text, &self.set) {
            Ok(t) => {
                self.targets = Some(t);
                ok()
            }
            Err(errors) => {
                let errors: &[Finding] = &errors.0;
                to_js(&serde_json::json!({ "ok": false, "errors": errors }))
            }
        }
    }

    /// Adds a file (its path in the dropped folder, its bytes) to the batch.
    #[wasm_bindgen(js_name = addFile)]
    pub fn add_file(&mut self, name: String, bytes: Vec<u8>) {
        self.verdicts.remove(&name);
        self.files.push((name, bytes));
    }

    /// Removes every file (and the last run).
    #[wasm_bindgen(js_name = clearFiles)]
    pub fn clear_files(&mut self) {
        self.files.clear();
        self.verdicts.clear();
        self.ran = None;
    }

    /// How many files the batch holds.
    #[wasm_bindgen(getter, js_name = fileCount)]
    pub fn file_count(&self) -> usize {
        self.files.len()
    }

    /// Verifies, merges, scores and ranks the batch as `dti-score aggregate` does, and
    /// returns the views as JSON text: every file's verdict, the conflicts, the
    /// ranking, distribution and at-risk tables (the CSV's cells), the units and a
    /// histogram per main indicator.
    ///
    /// # Errors
    /// Only when the result cannot be serialized.
    pub fn run(&mut self) -> Result<String, JsError> {
        // Files in name order, as the CLI reads a folder.
        self.files.sort_by(|a, b| a.0.cmp(&b.0));
        let options = IntakeOptions {
            set: &self.set,
            registry: self.registry.as_ref(),
            allow_unsigned: self.allow_unsigned,
            year: self.year,
        };
        let proven = self.registry.as_ref().is_some_and(KeyRegistry::proven);
        // Without a proven registry nothing is ranked, unless asked for.
        let refused = (!proven && !self.unregistered_keys).then(|| Bilingual {
            vi: "Chưa xếp hạng: chưa xác nhận được người ký. Hãy chọn danh sách khóa (keys.json) có chữ ký của tỉnh, hoặc bật “Xếp hạng khi chưa xác nhận người ký”.".into(),
            en: "Not ranked: the signers are not proven. Choose the key registry (keys.json) signed by the province, or turn on “Rank with unproven signers”.".into(),
        });
        // Only files not verified before are verified. Names are unique in a folder;
        // where they are not, nothing is kept and every file is verified.
        let unique = !self.files.windows(2).any(|w| w[0].0 == w[1].0);
        if !unique {
            self.verdicts.clear();
        }
        let new: Vec<(String, Vec<u8>)> = self
            .files
            .iter()
            .filter(|(name, _)| !self.verdicts.contains_key(name))
            .cloned()
            .collect();
        let mut fresh = verify_files(&new, &options.verify_options()).into_iter();
        let mut verdicts = Vec::with_capacity(self.files.len());
        for (name, _) in &self.files {
            let verdict = match self.verdicts.get(name) {
                Some(v) => v.clone(),
                None => {
                    let v = fresh.next().expect("one verdict per new file");
                    if unique {
                        self.verdicts.insert(name.clone(), v.clone());
                    }
                    v
                }
            };
            verdicts.push(verdict);
        }
        let intake = aggregate::intake_verified(&self.files, &options, verdicts);
        let entries = if refused.is_some() {
            Vec::new()
        } else {
            intake.entries()
        };
        let aggregate = aggregate::aggregate(
            &self.set,
            entries,
            &AggregateOptions {
                year: intake.round.year(),
                targets: self.targets.clone(),
                previous: self.previous.clone(),
                // The page shows tables, not traces: numbers only, much faster.
                traces: false,
                mark_unsigned: self.allow_unsigned,
                mark_unproven: !proven,
            },
        );
        let ran = self.ran.insert(Ran { intake, aggregate });
        let (intake, agg) = (&ran.intake, &ran.aggregate);
        let mut counts = BTreeMap::new();
        for f in &intake.files {
            let key = match (f.accepted(), f.kind) {
                (false, _) => "rejected",
                (true, aggregate::FileKind::Signed) => "signed",
                (true, aggregate::FileKind::Unsigned) => "unsigned",
                (true, aggregate::FileKind::Appraisal) => "appraisals",
                (true, aggregate::FileKind::Other) => "other",
            };
            *counts.entry(key).or_insert(0) += 1;
        }
        let view = RunView {
            round: &intake.round,
            refused,
            proven,
            allow_unsigned: self.allow_unsigned,
            files: intake
                .files
                .iter()
                .map(|f| {
                    let message = f.rejection.as_ref().map(|r| r.bilingual());
                    FileView {
                        file: &f.file,
                        kind: f.kind,
                        unit: f.unit.as_deref(),
                        period: f.period.as_deref(),
                        accepted: f.accepted(),
                        code: f.rejection.as_ref().map(|r| r.code()),
                        vi: message.as_ref().map(|m| m.get(Lang::Vi).to_string()),
                        en: message.as_ref().map(|m| m.get(Lang::En).to_string()),
                    }
                })
                .collect(),
            counts,
            conflicts: &intake.merged.conflicts,
            ranking: agg.ranking_table(),
            distribution: agg.distribution_table(),
            at_risk: agg.at_risk_table(),
            exclusions: agg.exclusions_table(),
            units: agg
                .units
                .iter()
                .map(|u| UnitView {
                    id: &u.unit.id,
                    name: u.unit.name.as_deref(),
                    appraisable: signed_source(intake, &u.sources).is_some(),
                    appraised: u.report.nodes.values().any(|n| n.appraisal.is_some()),
                })
                .collect(),
            charts: self
                .set
                .roots
                .iter()
                .map(|&r| histogram(&self.set, agg, r))
                .collect(),
        };
        json(&view)
    }

    /// The ranking as CSV, byte for byte what `dti-score aggregate --csv` writes
    /// ([`Table::to_csv`]); empty before [`ReviewBatch::run`].
    pub fn csv(&self) -> String {
        self.ran
            .as_ref()
            .map(|r| r.aggregate.ranking_table().to_csv())
            .unwrap_or_default()
    }

    /// Every view as an XLSX workbook, the sheets of `dti-score aggregate --xlsx`
    /// (ranking, distribution, at-risk, exclusions when any, files, conflicts;
    /// [`table::to_xlsx`]);
    /// empty before [`ReviewBatch::run`].
    ///
    /// # Errors
    /// When the workbook cannot be written (more rows than a sheet holds).
    pub fn xlsx(&self) -> Result<Vec<u8>, JsError> {
        let Some(ran) = &self.ran else {
            return Ok(Vec::new());
        };
        let mut tables = ran.aggregate.tables();
        tables.push(ran.intake.files_table());
        tables.push(ran.intake.conflicts_table());
        table::to_xlsx(&tables).map_err(|e| JsError::new(&e.to_string()))
    }

    /// One unit's scored indicators for the appraisal form, as JSON text: `{ ok: true,
    /// unit, indicators: [{ id, code, title, points, max, status, achieved, appraisal }] }`
    /// or `{ ok: false }` when the unit is not in the last run.
    ///
    /// # Errors
    /// Only when the result cannot be serialized.
    pub fn unit(&self, unit_id: &str) -> Result<String, JsError> {
        let found = self.ran.as_ref().and_then(|r| {
            r.aggregate
                .units
                .iter()
                .find(|u| u.unit.id == unit_id)
                .map(|u| (r, u))
        });
        let Some((ran, u)) = found else {
            return json(&serde_json::json!({ "ok": false }));
        };
        let indicators: Vec<IndicatorView> = self
            .set
            .leaves()
            .filter_map(|n| {
                let r = u.report.nodes.get(n.id.as_str())?;
                Some(IndicatorView {
                    id: &n.id,
                    code: &n.code,
                    title: &n.title,
                    points: r.points,
                    max: r.max,
                    status: r.status,
                    achieved: r.achieved,
                    appraisal: r.appraisal.as_ref(),
                    exclusion: r.exclusion.as_ref(),
                })
            })
            .collect();
        json(&serde_json::json!({
            "ok": true,
            "unit": { "id": u.unit.id, "name": u.unit.name },
            "submission": signed_source(&ran.intake, &u.sources),
            "total": u.total.map(|d| d.to_string()),
            "achieved": u.achieved.map(|d| d.to_string()),
            "indicators": indicators,
        }))
    }

    /// Signs the appraisal council's points for one unit with a reviewer's key, exactly
    /// as `dti-score appraise` does ([`appraisal::appraise`], on the unit's accepted
    /// signed submission), and adds the record to the batch (run again to rank by
    /// achieved points).
    ///
    /// `entries_json` is `{"<indicator id>": {"points": "<as typed>", "reason": "…",
    /// "exclusion": "accepted" | "rejected"}}` (`exclusion` only on an indicator the unit
    /// marked not applicable): the points are read as a person writes them in the page's
    /// language `lang` ("vi": "12,5"; "en": "12.5"); an
    /// entry with empty points and no verdict is left out. Returns `{ ok: true, file_name, text, count }` with the signed
    /// record's text, or `{ ok: false, vi, en }` (points that do not read or exceed the
    /// maximum, no reason, not a reviewer's key, a unit without a signed submission).
    ///
    /// # Errors
    /// Only when the result cannot be passed to JavaScript.
    pub fn appraise(
        &mut self,
        unit_id: &str,
        entries_json: &str,
        key: &ReviewerKey,
        lang: &str,
    ) -> Result<JsValue, JsError> {
        let source = self.ran.as_ref().and_then(|r| {
            let u = r.aggregate.units.iter().find(|u| u.unit.id == unit_id)?;
            signed_source(&r.intake, &u.sources)
        });
        let Some(source) = source else {
            return problem(
                format!(
                    "Đơn vị “{unit_id}” không có hồ sơ đã ký được chấp nhận: không thể thẩm định."
                ),
                format!(
                    "Unit “{unit_id}” has no accepted signed submission: it cannot be appraised."
                ),
            );
        };
        let lang = crate::text::Lang::from_code(lang).unwrap_or(Lang::Vi);
        let appraisals = match read_entries(entries_json, lang) {
            Ok(a) => a,
            Err(p) => return to_js(&p),
        };
        if appraisals.is_empty() {
            return problem(
                "Chưa nhập điểm thẩm định nào.",
                "No appraisal points entered.",
            );
        }
        let Some((_, submission)) = self.files.iter().find(|(n, _)| *n == source) else {
            return Err(JsError::new("the submission is no longer in the batch"));
        };
        let created_at = now_utc();
        let record = appraisal::appraise(
            &AppraisalInput {
                set: &self.set,
                submission,
                appraisals,
                created_at: created_at.clone(),
            },
            &key.key,
        );
        match record {
            Ok(record) => {
                let text = record.to_json_pretty();
                let stamp: String = created_at.chars().filter(char::is_ascii_digit).collect();
                let file_name = format!("appraisal-{}-{stamp}.json", record.unit);
                self.files
                    .push((file_name.clone(), text.clone().into_bytes()));
                to_js(&serde_json::json!({
                    "ok": true,
                    "file_name": file_name,
                    "text": text,
                    "count": record.appraisals.len(),
                }))
            }
            Err(e) => bilingual_problem(&e.bilingual()),
        }
    }
}

/// The first accepted signed submission among a unit's source files.
fn signed_source(intake: &Intake, sources: &[String]) -> Option<String> {
    sources
        .iter()
        .find(|s| {
            intake
                .files
                .iter()
                .any(|f| &f.file == *s && f.accepted() && f.kind == aggregate::FileKind::Signed)
        })
        .cloned()
}

/// Reads the page's appraisal form: points as typed, in the page's language
/// ([`number::read_typed`]: "12,5" in Vietnamese, "12.5" in English), empty points left out.
fn read_entries(text: &str, lang: Lang) -> Result<Appraisals, Problem> {
    #[derive(serde::Deserialize)]
    struct Entry {
        points: String,
        reason: String,
        /// On an indicator the unit marked not applicable: accepted or rejected.
        #[serde(default)]
        exclusion: Option<crate::report::ExclusionVerdict>,
    }
    let entries: BTreeMap<String, Entry> = serde_json::from_str(text).map_err(|e| Problem {
        ok: false,
        vi: format!("Dữ liệu thẩm định không đọc được: {e}"),
        en: format!("The appraisal entries do not read: {e}"),
    })?;
    let mut out = Appraisals::new();
    for (id, e) in entries {
        // A verdict on an exclusion needs no points: accepted is 0 of 0, rejected 0 of
        // the maximum.
        let points = match (e.points.trim().is_empty(), e.exclusion) {
            (true, None) => continue,
            (true, Some(_)) => "0",
            (false, _) => e.points.as_str(),
        };
        let field = number::Field {
            kind: number::FieldKind::Amount { negative: false },
            unit: None,
        };
        let points = number::read_typed(points, field, lang).map_err(|err| Problem {
            ok: false,
            vi: format!("{id}: {}", err.message(Lang::Vi)),
            en: format!("{id}: {}", err.message(Lang::En)),
        })?;
        out.insert(
            id,
            Appraisal {
                points: points.normalize(),
                reason: e.reason.trim().to_string(),
                exclusion: e.exclusion,
            },
        );
    }
    Ok(out)
}

/// Now, RFC 3339 in UTC to the second, from the browser's clock.
fn now_utc() -> String {
    let iso = String::from(js_sys::Date::new_0().to_iso_string());
    // "2025-11-22T10:00:00.123Z" → "2025-11-22T10:00:00Z"
    match iso.get(..19) {
        Some(seconds) => format!("{seconds}Z"),
        None => iso,
    }
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

/// Unlocks a reviewer's key file ([`KeyFile::unlock`]): `{ ok: true, key, info: { name,
/// unit_id, fingerprint } }` with `key` a [`ReviewerKey`], or `{ ok: false, vi, en }`
/// (wrong passphrase, damaged file, a preparer's or approver's key).
///
/// # Errors
/// Only when the result cannot be passed to JavaScript.
#[wasm_bindgen(js_name = unlockReviewerKey)]
pub fn unlock_reviewer_key(key_file: &str, passphrase: &str) -> Result<JsValue, JsError> {
    let file = match KeyFile::from_json(key_file) {
        Ok(f) => f,
        Err(e) => return problem(e.message(Lang::Vi), e.to_string()),
    };
    if file.role() != Role::Reviewer {
        return bilingual_problem(&AppraisalError::NotAReviewer { role: file.role() }.bilingual());
    }
    match file.unlock(passphrase) {
        Ok(key) => {
            let out = to_js(&serde_json::json!({
                "ok": true,
                "info": {
                    "name": file.name(),
                    "unit_id": file.unit_id(),
                    "fingerprint": file.fingerprint(),
                },
            }))?;
            Reflect::set(
                &out,
                &JsValue::from_str("key"),
                &JsValue::from(ReviewerKey { key }),
            )
            .map_err(|_| JsError::new("cannot pass the key to JavaScript"))?;
            Ok(out)
        }
        Err(e) => problem(e.message(Lang::Vi), e.to_string()),
    }
}
