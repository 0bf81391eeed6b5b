//! The WebAssembly boundary used by the self-assessment page (`www/engine.js`).
//!
//! Each export reads its arguments, calls the library function the CLI uses and hands
//! back plain JavaScript data (through `serde-wasm-bindgen`, maps as objects, decimals
//! as strings). Expected outcomes come back as data: a set with validation errors is
//! `{ ok: false, errors }`, a number that does not parse is `{ ok: false, vi, en }`.
//! Only real failures (a value that cannot cross the boundary, a decimal string from
//! the page that is not canonical) throw.
//!
//! No scoring, rounding, validation or number parsing happens in JavaScript: the page
//! only shows what these functions return.
//!
//! The page loads two builds of this module: the scoring exports alone (the first load,
//! kept small), and, with the `wasm-signing` feature, the key, signing and verification
//! exports as well, fetched only when the user opens the signing section.

use indexmap::IndexMap;
use js_sys::Reflect;
use rust_decimal::Decimal;
use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::{lang_of, ok, to_js};
use crate::formats;
use crate::number;
use crate::report::{Progress, Readiness, StatusCounts};
use crate::set::fields::{self};
use crate::set::Answer;
use crate::set::{FieldError, Reading};
use crate::text::Lang;
use crate::{Finding, IndicatorSet, Message, Report, ScoreOptions, Targets, Values};

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** A decimal, carried as its canonical string ("18.75"). */
export type Decimal = string;
/** A text in Vietnamese, and in English where the set gives it. */
export interface Text { vi: string; en?: string }
/** A message in both languages. */
export interface Bilingual { vi: string; en: string }
/** A validation or input finding: where (JSON Pointer), how serious, what (vi, en). */
export interface Finding { pointer: string; severity: "error" | "warning"; vi: string; en: string }

/** A threshold: fixed, or by period of years. */
export type Threshold = Decimal | { by_year: { from: number; to: number; value: Decimal }[] };
/** A checklist item or a choice option. */
export interface Item { id: string; label: Text; fraction: Decimal }
/** The ratio of a ratio rule. */
interface RatioFields { ratio: string; share: boolean; share_tolerance?: Decimal }
/** A leaf's scoring rule (the set format's `rule`). */
export type Rule =
  | ({ kind: "linear" } & RatioFields)
  | ({ kind: "linear_to_target"; target: Threshold } & RatioFields)
  | ({ kind: "all_or_nothing"; threshold: Threshold } & RatioFields)
  | { kind: "yes_no"; question?: Text }
  | { kind: "checklist"; items: Item[] }
  | { kind: "choice"; options: Item[] }
  | { kind: "tiers"; value: string; share: boolean; tiers: { at_least: Decimal; fraction: Decimal; label?: Text }[]; gate?: Text }
  | { kind: "per_unit"; value: string; points_each: Decimal }
  | { kind: "sum_of_parts"; parts: { id: string; label: Text; fraction: Decimal; rule: Rule }[] }
  | ({ kind: "relative"; method: "proportional_to_best" | "min_max"; reference?: { best: Decimal; worst: Decimal; note?: Text } } & RatioFields)
  | { kind: "manual" };
/** A note on a set, an indicator or an input. */
export interface Note { kind: string; text: Text; quote?: string }
/** A quantity a unit enters. */
export interface Input {
  id: string; label: Text; kind: "count" | "amount" | "percent" | "text"; rollup: string;
  unit?: string; lead?: string; negative?: true; coordinating?: string[]; deadline?: string; notes?: Note[];
}
/** An indicator of the set, parents before children. */
export interface SetNode {
  id: string; code: string; title: Text; max?: Decimal; children?: string[]; depth: number;
  rule?: Rule; inputs?: Input[]; excludable?: true;
  source?: { document?: string; location?: string }; source_text?: string; lead?: string;
  coordinating?: string[]; implementing?: string[]; deadline?: string; target?: Decimal; notes?: Note[];
}
/** The validated set as the page draws it (`IndicatorSet`'s serialisation). */
export interface SetDescription {
  id: string; version: string; draft: boolean; status: string; excludable: boolean; title: Text;
  issuer?: Text; legal_basis?: unknown; scale?: Decimal; rounding: { decimals: number; mode: string };
  context: Input[]; notes: Note[]; nodes: SetNode[]; roots: number[];
}
/** One field of a leaf, in the order it is answered (`set::form`); `path` is its place in the values file. */
export type Answer =
  | { field: "number"; path: string[]; id: string }
  | { field: "yes_no"; path: string[]; question: Text | null }
  | { field: "checklist"; path: string[]; items: Item[] }
  | { field: "choice"; path: string[]; options: Item[] }
  | { field: "points"; path: string[] }
  | { field: "attainment"; path: string[] }
  | { field: "justification"; path: string[] }
  | { field: "part"; id: string; label: Text; fraction: Decimal; fields: Answer[] }
  | { field: "excluded"; path: string[] };
/** The result of loadSet. `description` is the validated set; `form` each leaf's answer fields, by id. */
export type LoadResult =
  | { ok: true; set: SetHandle; description: SetDescription; warnings: Finding[]; year: number | null; form: Record<string, Answer[]> }
  | { ok: false; errors: Finding[] };

/** How an indicator's score stands. */
export type Status = "ok" | "missing" | "invalid" | "provisional" | "excluded";
/** The appraisal council's score of an indicator. */
export interface Appraisal { points: Decimal; reason: string; exclusion?: "accepted" | "rejected" }
/** One indicator of a report (`to_full`, `trace` absent on the keystroke path). */
export interface NodeReport {
  code: string; points: Decimal | null; max: Decimal | null; attainment: Decimal | null; value?: Decimal;
  status: Status; trace?: Bilingual; to_full?: Bilingual; lost: Decimal | null; target?: Decimal;
  below_target?: Decimal; appraisal?: Appraisal; achieved: Decimal | null; messages?: Bilingual[];
  exclusion?: { reason: string; verdict?: "accepted" | "rejected" }; achieved_max?: Decimal; children?: string[];
}
/** A score report. */
export interface Report {
  set: { id: string; version: string; draft: boolean }; year: number | null;
  total: Decimal | null; max: Decimal | null; achieved: Decimal | null; target?: Decimal;
  applicable?: { max: Decimal; total: Decimal | null; achieved_max: Decimal; achieved: Decimal | null; trace: Bilingual };
  roots: string[]; nodes: Record<string, NodeReport>; warnings?: Finding[];
}
/** A main indicator's progress: its leaves answered, missing, invalid; `next` the first to see to. */
export interface Progress { id: string; answered: number; missing: number; invalid: number; next?: string }
/** The result of SetHandle.score. `ranking`: leaf ids losing points, most first; `counts`: leaves by status; `progress`: by main indicator. */
export type ScoreResult =
  | { ok: true; report: Report; ranking: string[]; readiness: { invalid: string[]; missing: string[] }; counts: Partial<Record<Status, number>>; progress: Progress[] }
  | { ok: false; errors: Finding[] };
/** The result of SetHandle.setTargets. */
export type TargetsResult = { ok: true } | { ok: false; errors: Finding[] };
/** The result of SetHandle.readField / showField: the value read (canonical), written back, in words; or why not. */
export type FieldResult =
  | { ok: true; value: string; shown: string; words?: string }
  | { ok: false; code: string; vi: string; en: string };
/** The result of checkFileSize: whether a file of that size may be read. */
export type SizeResult = { ok: true } | { ok: false; code: "input.too_large"; vi: string; en: string };
/** The result of parseNumber: the decimal as a canonical string, or why not. */
export type ParseResult = { ok: true; value: string } | { ok: false; vi: string; en: string };
/** The engine's file formats. */
export type FileFormat = "set" | "values" | "targets" | "submission" | "key_file" | "registry" | "enrolment" | "appraisal";
/** What a file's text is (classifyFile): its format, JSON of no known format, or not JSON. */
export type FileClass = FileFormat | "unknown" | "not_json";
"#;

fn canonical(decimal: &str) -> Result<Decimal, JsError> {
    number::parse_canonical(decimal).map_err(|e| JsError::new(&e.message(Lang::En)))
}

#[derive(Serialize)]
struct Failed<'a> {
    ok: bool,
    errors: &'a [Finding],
}

pub(crate) fn failed(errors: &[Finding]) -> Result<JsValue, JsError> {
    to_js(&Failed { ok: false, errors })
}

/// The engine's version (recorded in reports and submissions).
#[wasm_bindgen(js_name = engineVersion)]
pub fn engine_version() -> String {
    crate::ENGINE_VERSION.to_string()
}

/// The values format's identifier, which the page writes into the values documents it
/// builds from a draft.
#[wasm_bindgen(js_name = valuesFormat)]
pub fn values_format() -> String {
    crate::formats::VALUES_FORMAT.to_string()
}

/// A validated indicator set held by the engine; the page scores through it.
#[wasm_bindgen]
pub struct SetHandle {
    pub(crate) set: std::sync::Arc<IndicatorSet>,
    pub(crate) targets: Option<Targets>,
}

#[derive(Serialize)]
struct Loaded<'a> {
    ok: bool,
    description: &'a IndicatorSet,
    warnings: &'a [Finding],
    /// The year the set is for ([`IndicatorSet::year`]), if any.
    year: Option<i32>,
    /// Each leaf's answer fields ([`crate::set::form`]).
    form: IndexMap<&'a str, Vec<Answer<'a>>>,
}

/// Loads and validates a set from its JSON text ([`IndicatorSet::from_json`]).
///
/// Returns `{ ok: true, set, description, warnings }`, where `set` is a [`SetHandle`],
/// or `{ ok: false, errors }` with every finding.
///
/// # Errors
/// Only when the result cannot be passed to JavaScript.
#[wasm_bindgen(js_name = loadSet, unchecked_return_type = "LoadResult")]
pub fn load_set(json: &str) -> Result<JsValue, JsError> {
    match IndicatorSet::from_json(json) {
        Ok(set) => {
            let out = to_js(&Loaded {
                ok: true,
                description: &set,
                warnings: &set.warnings,
                year: set.year(),
                form: crate::set::form(&set),
            })?;
            let handle = JsValue::from(SetHandle {
                set: std::sync::Arc::new(set),
                targets: None,
            });
            Reflect::set(&out, &JsValue::from_str("set"), &handle)
                .map_err(|_| JsError::new("cannot pass the set handle to JavaScript"))?;
            Ok(out)
        }
        Err(errors) => failed(&errors.0),
    }
}

#[derive(Serialize)]
struct Scored<'a> {
    ok: bool,
    report: &'a Report,
    /// [`Report::losses`].
    ranking: Vec<&'a str>,
    readiness: Readiness,
    /// Leaves by status ([`Report::status_tally`]).
    counts: StatusCounts,
    /// Each main indicator's answered / missing / invalid ([`Report::progress`]).
    progress: Vec<Progress>,
}

impl<'a> Scored<'a> {
    fn of(report: &'a Report) -> Scored<'a> {
        Scored {
            ok: true,
            ranking: report.losses(),
            readiness: report.readiness(),
            counts: report.status_tally(),
            progress: report.progress(),
            report,
        }
    }
}

#[wasm_bindgen]
impl SetHandle {
    /// The set's id.
    #[wasm_bindgen(getter)]
    pub fn id(&self) -> String {
        self.set.id.clone()
    }

    /// The set's version.
    #[wasm_bindgen(getter)]
    pub fn version(&self) -> String {
        self.set.version.clone()
    }

    /// Scores a values file's JSON text ([`Values::from_json`], then [`crate::score`]
    /// with the targets loaded by [`SetHandle::set_targets`], if any), the result as JSON
    /// text (`JSON.parse` it): `{ ok: true, report, ranking, readiness, counts }` or
    /// `{ ok: false, errors }`; with `numbers_only`, without traces and "what it takes"
    /// ([`ScoreOptions::numbers_only`]: the same points, statuses and totals).
    ///
    /// One string and the browser's `JSON.parse` cost less than building the report's
    /// ~1,000 strings and objects one by one through `serde-wasm-bindgen`, and keep a
    /// second copy of the report's serialisation out of the wasm. The page's keystrokes
    /// go through its draft's session (`DraftSession`, `src/wasm/session.rs`).
    ///
    /// # Errors
    /// Only when the result cannot be serialized.
    #[wasm_bindgen(js_name = scoreJson)]
    pub fn score_json(&self, values_json: &str, numbers_only: bool) -> Result<String, JsError> {
        let out = match Values::from_json(values_json) {
            Ok(values) => {
                let options = crate::ScoreOptions {
                    targets: self.targets.clone(),
                    numbers_only,
                    ..ScoreOptions::default()
                };
                let report = crate::score(&self.set, &values, &options);
                serde_json::to_string(&Scored::of(&report))
            }
            Err(errors) => serde_json::to_string(&Failed {
                ok: false,
                errors: &errors.0,
            }),
        };
        out.map_err(|e| JsError::new(&format!("cannot write the report: {e}")))
    }

    /// A values file's JSON text as a machine format keeps it ([`Values::settled`]):
    /// typed texts replaced by the values read from them, those that do not read kept.
    /// The page exports drafts through it. `{ ok: false, errors }` when the text is not a
    /// values file.
    ///
    /// # Errors
    /// Only when the result cannot be serialized.
    #[wasm_bindgen(js_name = settleJson)]
    pub fn settle_json(&self, values_json: &str) -> Result<String, JsError> {
        let failed = |errors: &[Finding]| serde_json::to_string(&Failed { ok: false, errors });
        let out = match serde_json::from_str::<serde_json::Value>(values_json) {
            Ok(mut file) => match Values::from_value(&file) {
                Ok(_) => {
                    crate::values::settle(&self.set, &mut file);
                    serde_json::to_string(&file)
                }
                Err(errors) => failed(&errors.0),
            },
            Err(_) => failed(
                &Values::from_json(values_json)
                    .err()
                    .map(|e| e.0)
                    .unwrap_or_default(),
            ),
        };
        out.map_err(|e| JsError::new(&format!("cannot write the values: {e}")))
    }

    /// Loads a province's targets file for this set (`indicator-sets/targets/…`), used by
    /// every later [`SetHandle::score_json`] and draft session; an empty text removes them.
    ///
    /// # Errors
    /// Only when the result cannot be passed to JavaScript.
    #[wasm_bindgen(js_name = setTargets, unchecked_return_type = "TargetsResult")]
    pub fn set_targets(&mut self, json: &str) -> Result<JsValue, JsError> {
        if json.trim().is_empty() {
            self.targets = None;
            return ok();
        }
        match Targets::from_json(json, &self.set) {
            Ok(t) => {
                self.targets = Some(t);
                ok()
            }
            Err(errors) => failed(&errors.0),
        }
    }

    /// Reads what a person typed into the number field at `path` (a JSON path into the
    /// values document, e.g. `["values", "1.1", "a"]`), in the language they type in
    /// ([`fields::read_field`]). Returns `{ ok: true, value, shown, words? }` (the
    /// canonical decimal, the value written back, Vietnamese words for 1,000 or more) or
    /// `{ ok: false, code, vi, en }` naming the field and saying what to type.
    ///
    /// # Errors
    /// Only when the result cannot be passed to JavaScript.
    #[wasm_bindgen(js_name = readField, unchecked_return_type = "FieldResult")]
    pub fn read_field(
        &self,
        path: Vec<String>,
        text: &str,
        lang: &str,
    ) -> Result<JsValue, JsError> {
        field_result(fields::read_field(&self.set, &path, text, lang_of(lang)))
    }

    /// How a value already read is written into its field for a language
    /// ([`fields::show_field`]): `{ ok: true, value, shown, words? }`, where `shown` reads
    /// back to the same value; `{ ok: false, … }` for a path that names no number field.
    ///
    /// # Errors
    /// When `value` is not a canonical decimal string.
    #[wasm_bindgen(js_name = showField, unchecked_return_type = "FieldResult")]
    pub fn show_field(
        &self,
        path: Vec<String>,
        value: &str,
        lang: &str,
    ) -> Result<JsValue, JsError> {
        let value = number::parse_number(value).map_err(|e| JsError::new(&e.message(Lang::En)))?;
        field_result(fields::show_field(&self.set, &path, &value, lang_of(lang)))
    }
}

#[derive(Serialize)]
pub(crate) struct FieldRead<'a> {
    ok: bool,
    value: &'a str,
    shown: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    words: Option<&'a str>,
}

/// Something refused, with its stable code, in both languages.
#[derive(Serialize)]
pub(crate) struct Refused<'a> {
    pub(crate) ok: bool,
    pub(crate) code: &'a str,
    pub(crate) vi: String,
    pub(crate) en: String,
}

/// A typed text as the engine read it: `{ ok: true, value, shown, words? }` or
/// `{ ok: false, code, vi, en }` (`readField`, `showField`, `DraftSession.typeField`).
#[derive(Serialize)]
#[serde(untagged)]
pub(crate) enum FieldAnswer<'a> {
    Read(FieldRead<'a>),
    Refused(Refused<'a>),
}

impl<'a> FieldAnswer<'a> {
    pub(crate) fn of(r: &'a Result<Reading, FieldError>) -> FieldAnswer<'a> {
        match r {
            Ok(reading) => FieldAnswer::Read(FieldRead {
                ok: true,
                value: &reading.value,
                shown: &reading.shown,
                words: reading.words.as_deref(),
            }),
            Err(e) => FieldAnswer::Refused(Refused {
                ok: false,
                code: e.code(),
                vi: e.message(Lang::Vi),
                en: e.message(Lang::En),
            }),
        }
    }
}

fn field_result(r: Result<Reading, FieldError>) -> Result<JsValue, JsError> {
    to_js(&FieldAnswer::of(&r))
}

/// Proposes a unit id from the unit's name ([`crate::unit_id::from_name`]:
/// "Xã Tân Hòa" → "xa-tan-hoa").
#[wasm_bindgen(js_name = proposeUnitId)]
pub fn propose_unit_id(name: &str) -> String {
    crate::unit_id::from_name(name)
}

/// Writes a canonical decimal string for people: "1.234,5" in Vietnamese (`lang` "vi"),
/// "1,234.5" in English ("en") ([`number::format_lang`]).
///
/// # Errors
/// When `decimal` is not a canonical decimal string (the page passes only the engine's
/// own output).
#[wasm_bindgen(js_name = formatNumber)]
pub fn format_number(decimal: &str, lang: &str) -> Result<String, JsError> {
    Ok(number::format_lang(&canonical(decimal)?, lang_of(lang)))
}

/// Writes a fraction as a percentage ("0.5" → "50%", "0.6667" → "66,67%").
///
/// # Errors
/// When `decimal` is not a canonical decimal string.
#[wasm_bindgen(js_name = formatPercent)]
pub fn format_percent(decimal: &str, lang: &str) -> Result<String, JsError> {
    Ok(number::format_percent(&canonical(decimal)?, lang_of(lang)))
}

#[derive(Serialize)]
struct SizeProblem {
    ok: bool,
    code: &'static str,
    vi: String,
    en: String,
}

/// Whether a chosen file may be read, from its size (`File.size`) before the page reads
/// it ([`crate::limits`]): `{ ok: true }`, or `{ ok: false, code: "input.too_large", vi,
/// en }`. `kind` is "set", "values", "submission", "key", "registry", "targets" or
/// "appraisal".
///
/// # Errors
/// For an unknown `kind` (a mistake in the page, not in the file).
#[wasm_bindgen(js_name = checkFileSize, unchecked_return_type = "SizeResult")]
pub fn check_file_size(kind: &str, size: f64) -> Result<JsValue, JsError> {
    let kind = crate::limits::InputKind::from_name(kind)
        .ok_or_else(|| JsError::new(&format!("unknown file kind \"{kind}\"")))?;
    // A File's size is a whole number of bytes below 2^53; anything else is refused.
    let bytes = if size.is_finite() && size >= 0.0 {
        size as u64
    } else {
        u64::MAX
    };
    match crate::limits::check_size(kind, bytes) {
        Ok(()) => to_js(&SizeOk { ok: true }),
        Err(e) => to_js(&SizeProblem {
            ok: false,
            code: e.code(),
            vi: e.message(Lang::Vi),
            en: e.message(Lang::En),
        }),
    }
}

#[derive(Serialize)]
struct SizeOk {
    ok: bool,
}

/// The first year a values file may be for ([`crate::formats::YEARS`]): the lower bound
/// of the page's year field.
#[wasm_bindgen(js_name = firstYear)]
pub fn first_year() -> i32 {
    *crate::formats::YEARS.start() as i32
}

/// The last year a values file may be for ([`crate::formats::YEARS`]): the upper bound of
/// the page's year field.
#[wasm_bindgen(js_name = lastYear)]
pub fn last_year() -> i32 {
    *crate::formats::YEARS.end() as i32
}

/// What a chosen file's text is ([`formats::classify`]): its format's name (`"values"`,
/// `"submission"`, … [`formats::FileFormat::name`]), `"unknown"` for JSON of no format
/// the engine knows, `"not_json"`.
#[wasm_bindgen(js_name = classifyFile, unchecked_return_type = "FileClass")]
pub fn classify_file(text: &str) -> String {
    formats::classify(text).name().to_string()
}
