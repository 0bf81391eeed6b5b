//! The WebAssembly boundary: the self-assessment page's exports (`page.rs`, with its
//! signing exports in `signing.rs` behind `wasm-signing`, its values workbook and results
//! files in `workbook.rs` behind `wasm-workbook`, and its draft session in `session.rs`)
//! and the review page's (`review.rs`, behind `wasm-review`).
//!
//! Each export deserialises its arguments, calls one library function and serialises
//! the result; the helpers they share (passing values to JavaScript, the `{ ok: false,
//! vi, en }` problem, the browser's clock, the page's language) are here, once.

#[cfg(feature = "wasm-review")]
mod evidence;
mod page;
#[cfg(feature = "wasm-previous")]
mod previous;
#[cfg(feature = "wasm-review")]
mod review;
mod session;
#[cfg(feature = "wasm-signing")]
mod signing;
#[cfg(feature = "wasm-workbook")]
mod workbook;

#[cfg(feature = "wasm-review")]
pub use evidence::*;
pub use page::*;
#[cfg(feature = "wasm-previous")]
pub use previous::*;
#[cfg(feature = "wasm-review")]
pub use review::*;
pub use session::*;
#[cfg(feature = "wasm-signing")]
pub use signing::*;

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::text::{Bilingual, Lang};

/// A value as plain JavaScript data (maps as objects, decimals as the strings they
/// serialise to).
pub(crate) fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&format!("cannot pass a value to JavaScript: {e}")))
}

/// A value as JSON text, for results the page `JSON.parse`s (faster for large ones).
pub(crate) fn json<T: Serialize + ?Sized>(value: &T) -> Result<String, JsError> {
    serde_json::to_string(value).map_err(|e| JsError::new(&format!("cannot write JSON: {e}")))
}

/// Something the user can fix (a wrong passphrase, a key of another unit…), in both
/// languages: `{ ok: false, vi, en }`.
#[derive(Serialize)]
pub(crate) struct Problem {
    ok: bool,
    vi: String,
    en: String,
}

/// `{ ok: false, vi, en }`.
#[cfg_attr(not(feature = "wasm-signing"), allow(dead_code))]
pub(crate) fn problem(vi: impl Into<String>, en: impl Into<String>) -> Result<JsValue, JsError> {
    to_js(&Problem {
        ok: false,
        vi: vi.into(),
        en: en.into(),
    })
}

/// `{ ok: false, vi, en }` from a message in both languages.
#[cfg_attr(not(feature = "wasm-review"), allow(dead_code))]
pub(crate) fn bilingual_problem(b: &Bilingual) -> Result<JsValue, JsError> {
    problem(b.get(Lang::Vi), b.get(Lang::En))
}

/// `{ ok: true }`.
pub(crate) fn ok() -> Result<JsValue, JsError> {
    to_js(&serde_json::json!({ "ok": true }))
}

/// Now, RFC 3339 in UTC to the second, from the browser's clock.
#[cfg_attr(not(feature = "wasm-signing"), allow(dead_code))]
pub(crate) fn now_utc() -> String {
    let iso = String::from(js_sys::Date::new_0().to_iso_string());
    // "2025-11-22T10:00:00.123Z" → "2025-11-22T10:00:00Z"
    match iso.get(..19) {
        Some(seconds) => format!("{seconds}Z"),
        None => iso,
    }
}

/// The page's language: "en" is English, anything else Vietnamese.
pub(crate) fn lang_of(lang: &str) -> Lang {
    match lang {
        "en" => Lang::En,
        _ => Lang::Vi,
    }
}
