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

use js_sys::Reflect;
use rust_decimal::Decimal;
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::number::{self, NumberError};
use crate::text::Lang;
use crate::{Finding, IndicatorSet, Report, ScoreOptions, Targets, Values};

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** A validation or input finding: where (JSON Pointer), how serious, what (vi, en). */
export interface Finding { pointer: string; severity: "error" | "warning"; vi: string; en: string }
/** The result of loadSet. `description` is the validated set (nodes parents first, decimals as strings). */
export type LoadResult =
  | { ok: true; set: SetHandle; description: any; warnings: Finding[] }
  | { ok: false; errors: Finding[] };
/** The result of SetHandle.score. `ranking`: leaf ids losing points, most first. */
export type ScoreResult =
  | { ok: true; report: any; ranking: string[] }
  | { ok: false; errors: Finding[] };
/** The result of SetHandle.setTargets. */
export type TargetsResult = { ok: true } | { ok: false; errors: Finding[] };
/** The result of parseNumber: the decimal as a canonical string, or why not. */
export type ParseResult = { ok: true; value: string } | { ok: false; vi: string; en: string };
"#;

fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&format!("cannot pass a value to JavaScript: {e}")))
}

fn lang_of(lang: &str) -> Lang {
    match lang {
        "en" => Lang::En,
        _ => Lang::Vi,
    }
}

fn canonical(decimal: &str) -> Result<Decimal, JsError> {
    number::parse_canonical(decimal).map_err(|e| JsError::new(&e.message(Lang::En)))
}

#[derive(Serialize)]
struct Failed<'a> {
    ok: bool,
    errors: &'a [Finding],
}

fn failed(errors: &[Finding]) -> Result<JsValue, JsError> {
    to_js(&Failed { ok: false, errors })
}

/// The engine's version (recorded in reports and submissions).
#[wasm_bindgen(js_name = engineVersion)]
pub fn engine_version() -> String {
    crate::ENGINE_VERSION.to_string()
}

/// A validated indicator set held by the engine; the page scores through it.
#[wasm_bindgen]
pub struct SetHandle {
    set: IndicatorSet,
    targets: Option<Targets>,
}

#[derive(Serialize)]
struct Loaded<'a> {
    ok: bool,
    description: &'a IndicatorSet,
    warnings: &'a [Finding],
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
            })?;
            let handle = JsValue::from(SetHandle { set, targets: None });
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
    ranking: Vec<&'a str>,
}

/// Leaf indicators that lose points, the most first (ties in the set's order).
fn ranking(report: &Report) -> Vec<&str> {
    let mut losing: Vec<(&str, Decimal)> = report
        .nodes
        .iter()
        .filter(|(_, n)| n.children.is_empty())
        .filter_map(|(id, n)| {
            n.lost
                .filter(|l| *l > Decimal::ZERO)
                .map(|l| (id.as_str(), l))
        })
        .collect();
    losing.sort_by(|a, b| b.1.cmp(&a.1));
    losing.into_iter().map(|(id, _)| id).collect()
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
    /// with the targets loaded by [`SetHandle::set_targets`], if any).
    ///
    /// Returns `{ ok: true, report, ranking }` or `{ ok: false, errors }` when the values
    /// file cannot be read.
    ///
    /// # Errors
    /// Only when the result cannot be passed to JavaScript.
    #[wasm_bindgen(unchecked_return_type = "ScoreResult")]
    pub fn score(&self, values_json: &str) -> Result<JsValue, JsError> {
        let values = match Values::from_json(values_json) {
            Ok(v) => v,
            Err(errors) => return failed(&errors.0),
        };
        let options = ScoreOptions {
            targets: self.targets.clone(),
            ..ScoreOptions::default()
        };
        let report = crate::score(&self.set, &values, &options);
        to_js(&Scored {
            ok: true,
            ranking: ranking(&report),
            report: &report,
        })
    }

    /// Loads a province's targets file for this set (`indicator-sets/targets/…`), used by
    /// every later [`SetHandle::score`]; an empty text removes them.
    ///
    /// # Errors
    /// Only when the result cannot be passed to JavaScript.
    #[wasm_bindgen(js_name = setTargets, unchecked_return_type = "TargetsResult")]
    pub fn set_targets(&mut self, json: &str) -> Result<JsValue, JsError> {
        if json.trim().is_empty() {
            self.targets = None;
            return to_js(&serde_json::json!({ "ok": true }));
        }
        match Targets::from_json(json, &self.set) {
            Ok(t) => {
                self.targets = Some(t);
                to_js(&serde_json::json!({ "ok": true }))
            }
            Err(errors) => failed(&errors.0),
        }
    }
}

#[derive(Serialize)]
#[serde(untagged)]
enum Parsed {
    Number { ok: bool, value: String },
    Error { ok: bool, vi: String, en: String },
}

/// Reads a number as a person types it ([`number::parse_number`]: "1.234.567",
/// "80,5", "80%"). Returns `{ ok: true, value }` with the canonical decimal string, or
/// `{ ok: false, vi, en }` saying why not.
///
/// # Errors
/// Only when the result cannot be passed to JavaScript.
#[wasm_bindgen(js_name = parseNumber, unchecked_return_type = "ParseResult")]
pub fn parse_number(text: &str) -> Result<JsValue, JsError> {
    let out = match number::parse_number(text) {
        Ok(d) => Parsed::Number {
            ok: true,
            value: d.to_string(),
        },
        Err(e) => parse_error(&e),
    };
    to_js(&out)
}

fn parse_error(e: &NumberError) -> Parsed {
    Parsed::Error {
        ok: false,
        vi: e.message(Lang::Vi),
        en: e.message(Lang::En),
    }
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
