//! Last year beside this year on the page (feature `wasm-signing`: reading last year's
//! submission checks its signatures, so it lives in the build loaded on use, not in the
//! first load): last year's file read once into a handle, then compared with the draft
//! and used to pre-fill a new draft ([`crate::previous`]).

use indexmap::IndexMap;
use js_sys::Reflect;
use rust_decimal::Decimal;
use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::page::SetHandle;
use super::{json, to_js};
use crate::previous::{
    compare, figures, prefill, signed_change, Figure, Previous, Source, YearOverYear,
};
use crate::text::{Bilingual, Lang};
use crate::{Message, Values};

/// Last year's assessment, read ([`read_previous`]).
#[wasm_bindgen]
pub struct PreviousHandle {
    previous: Previous,
}

/// What the page shows of last year's file before any comparison.
#[derive(Serialize)]
struct Info<'a> {
    year: Option<i32>,
    source: &'a Source,
    set: Option<&'a (String, Option<String>)>,
}

/// The path of a field a values file's `carried` names (a JSON pointer: `/values/1.1/a`
/// → `["values","1.1","a"]`, RFC 6901 escapes undone), as JSON text: the page finds the
/// field's control by it.
///
/// # Errors
/// Only when the path cannot be written as JSON.
#[wasm_bindgen(js_name = pathOf)]
pub fn path_of(pointer: &str) -> Result<String, JsError> {
    json(&crate::json::pointer::segments(pointer))
}

/// Reads last year's signed submission or values file: `{ ok: true, previous, info }`
/// (`previous` a [`PreviousHandle`]; `info`: `{ year, source, set }`) or `{ ok: false,
/// code, vi, en }` (not a submission or values file, a signature that does not verify…).
///
/// # Errors
/// Only when the result cannot be passed to JavaScript.
#[wasm_bindgen(js_name = readPrevious, unchecked_return_type = "PreviousResult")]
pub fn read_previous(text: &str) -> Result<JsValue, JsError> {
    match Previous::from_json(text) {
        Ok(previous) => {
            let info = Info {
                year: previous.year,
                source: &previous.source,
                set: previous.set.as_ref(),
            };
            let out = to_js(&serde_json::json!({ "ok": true, "info": info }))?;
            let handle = PreviousHandle { previous };
            Reflect::set(&out, &JsValue::from_str("previous"), &JsValue::from(handle))
                .map_err(|_| JsError::new("cannot pass the handle to JavaScript"))?;
            Ok(out)
        }
        Err(e) => to_js(&serde_json::json!({
            "ok": false, "code": e.code(), "vi": e.message(crate::Lang::Vi), "en": e.to_string(),
        })),
    }
}

/// A comparison and last year's answers, for the page.
#[derive(Serialize)]
struct Compared<'a> {
    ok: bool,
    #[serde(flatten)]
    yoy: &'a YearOverYear,
    figures: &'a [Figure],
    /// Each indicator's change as a person reads it, signed ([`signed_change`]), by id.
    changes: IndexMap<&'a str, Bilingual>,
    /// The total's.
    total_change: Option<Bilingual>,
}

/// A change written in both languages.
fn shown(change: Option<Decimal>) -> Option<Bilingual> {
    change.map(|d| Bilingual {
        vi: signed_change(d, Lang::Vi),
        en: signed_change(d, Lang::En),
    })
}

#[wasm_bindgen]
impl PreviousHandle {
    /// The draft (a values file's JSON text) scored with `set` beside last year, as JSON
    /// text: `{ ok: true, basis, total, nodes, notes, previous, figures, changes, total_change }` (see
    /// [`YearOverYear`] and [`figures`]), or `{ ok: false, errors }` when the text is not
    /// a values file.
    ///
    /// # Errors
    /// Only when the result cannot be serialized.
    #[wasm_bindgen(js_name = compareJson)]
    pub fn compare_json(&self, set: &SetHandle, values_json: &str) -> Result<String, JsError> {
        match Values::from_json(values_json) {
            Ok(values) => {
                let options = crate::ScoreOptions {
                    targets: set.targets.clone(),
                    numbers_only: true,
                    ..Default::default()
                };
                let report = crate::score(&set.set, &values, &options);
                let yoy = compare(&set.set, &report, &self.previous);
                let figures = figures(&set.set, &self.previous);
                let changes = yoy
                    .nodes
                    .iter()
                    .filter_map(|n| Some((n.id.as_str(), shown(n.points.change)?)))
                    .collect();
                json(&Compared {
                    ok: true,
                    yoy: &yoy,
                    figures: &figures,
                    changes,
                    total_change: shown(yoy.total.change),
                })
            }
            Err(errors) => json(&serde_json::json!({ "ok": false, "errors": errors.0 })),
        }
    }

    /// A new draft of `set` for `year` pre-filled from last year ([`prefill`]), as JSON
    /// text: `{ values, notes }`, `values` a values file with `carried`.
    ///
    /// # Errors
    /// Only when the result cannot be serialized.
    #[wasm_bindgen(js_name = prefillJson)]
    pub fn prefill_json(&self, set: &SetHandle, year: i32) -> Result<String, JsError> {
        let p = prefill(&set.set, &self.previous, Some(year));
        json(&serde_json::json!({ "values": p.values.to_json_value(), "notes": p.notes }))
    }
}
