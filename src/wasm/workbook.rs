//! The values workbook's exports (feature `wasm-workbook`): the page's fourth build,
//! fetched only when the unit presses one of the Excel buttons. The template of a set
//! pre-filled with the draft ([`crate::workbook::write_template`]), a filled workbook
//! read back ([`crate::workbook::read_values`]) and the unit's results as XLSX or CSV
//! ([`crate::unit_table`]): the functions the CLI calls, nothing computed here.

use js_sys::{Reflect, Uint8Array};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::page::{failed, SetHandle};
use super::{lang_of, to_js};
use crate::table::to_xlsx;
use crate::workbook::{read_values, write_template, TemplateOptions};
use crate::{unit_table, Message, ScoreOptions, Values};

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** A file the engine wrote: its bytes, or the draft's findings when it is not a values document. */
export type FileResult = { ok: true; bytes: Uint8Array } | { ok: false; errors: Finding[] };
/** One problem of a filled workbook, at its cell (`Số liệu!F12`; none when the file does not open). */
export interface WorkbookProblem { code: string; cell?: string; message: string; vi: string; en: string }
/** The result of SetHandle.readWorkbook: the values document, or every problem. */
export type WorkbookResult = { ok: true; values: Record<string, unknown> } | { ok: false; problems: WorkbookProblem[] };
"#;

/// `{ ok: true, bytes }` with the bytes as a `Uint8Array`.
fn file(bytes: &[u8]) -> Result<JsValue, JsError> {
    let out = to_js(&serde_json::json!({ "ok": true }))?;
    Reflect::set(&out, &JsValue::from_str("bytes"), &Uint8Array::from(bytes))
        .map_err(|_| JsError::new("cannot pass the file to JavaScript"))?;
    Ok(out)
}

#[derive(Serialize)]
struct Problem<'a> {
    code: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    cell: Option<&'a str>,
    message: String,
    vi: String,
    en: String,
}

#[derive(Serialize)]
struct Refused<'a> {
    ok: bool,
    problems: Vec<Problem<'a>>,
}

#[derive(Serialize)]
struct Read {
    ok: bool,
    values: serde_json::Value,
}

#[wasm_bindgen]
impl SetHandle {
    /// The values workbook of this set ([`write_template`]), pre-filled with a values
    /// document's JSON text (empty: a blank template), headers and labels in `lang`;
    /// `year` and `unit_name`, when given, override the document's. `{ ok: true, bytes }`,
    /// or `{ ok: false, errors }` when the text is not a values document.
    ///
    /// # Errors
    /// When the writer fails (a set too large for a sheet).
    #[wasm_bindgen(js_name = workbookTemplate, unchecked_return_type = "FileResult")]
    pub fn workbook_template(
        &self,
        values_json: &str,
        year: Option<i32>,
        unit_name: Option<String>,
        lang: &str,
    ) -> Result<JsValue, JsError> {
        let values = if values_json.trim().is_empty() {
            None
        } else {
            match Values::from_json(values_json) {
                Ok(v) => Some(v),
                Err(errors) => return failed(&errors.0),
            }
        };
        let options = TemplateOptions {
            year,
            unit_name: unit_name.filter(|n| !n.trim().is_empty()),
            lang: lang_of(lang),
            ..TemplateOptions::default()
        };
        let bytes = write_template(&self.set, values.as_ref(), &options)
            .map_err(|e| JsError::new(&e.message(crate::Lang::En)))?;
        file(&bytes)
    }

    /// Reads a filled values workbook's bytes ([`read_values`]): `{ ok: true, values }`
    /// (the values document, as a values file's JSON holds it) or `{ ok: false, problems }`,
    /// every problem with its code, its cell and its message in `lang` and in both
    /// languages.
    ///
    /// # Errors
    /// Only when the result cannot be passed to JavaScript.
    #[wasm_bindgen(js_name = readWorkbook, unchecked_return_type = "WorkbookResult")]
    pub fn read_workbook(&self, bytes: &[u8], lang: &str) -> Result<JsValue, JsError> {
        match read_values(&self.set, bytes) {
            Ok(values) => to_js(&Read {
                ok: true,
                values: values.to_json_value(),
            }),
            Err(problems) => to_js(&Refused {
                ok: false,
                problems: problems
                    .iter()
                    .map(|p| Problem {
                        code: p.code(),
                        cell: p.cell(),
                        message: p.message(lang_of(lang)),
                        vi: p.message(crate::Lang::Vi),
                        en: p.message(crate::Lang::En),
                    })
                    .collect(),
            }),
        }
    }

    /// The unit's results ([`unit_table`]) for a values document's JSON text, scored with
    /// the targets loaded by `setTargets`, in `lang`: as an XLSX workbook (`format`
    /// "xlsx") or CSV (UTF-8 with BOM, "csv"), the same files as `dti-score score --xlsx
    /// / --csv`; with last year's file (`previous`, the text the draft keeps), last
    /// year's points, the change and the notes as three more columns, as `score
    /// --previous` writes them ([`crate::previous::beside`]). `{ ok: true, bytes }` or
    /// `{ ok: false, errors }`.
    ///
    /// # Errors
    /// An unknown `format`, the XLSX writer failing, or a `previous` the engine no longer
    /// reads (the page read it before keeping it).
    #[wasm_bindgen(js_name = unitResults, unchecked_return_type = "FileResult")]
    pub fn unit_results(
        &self,
        values_json: &str,
        lang: &str,
        format: &str,
        previous: Option<String>,
    ) -> Result<JsValue, JsError> {
        let values = match Values::from_json(values_json) {
            Ok(v) => v,
            Err(errors) => return failed(&errors.0),
        };
        let options = ScoreOptions {
            targets: self.targets.clone(),
            ..ScoreOptions::default()
        };
        let report = crate::score(&self.set, &values, &options);
        let mut table = unit_table(&self.set, &report, lang_of(lang));
        if let Some(text) = previous.filter(|t| !t.is_empty()) {
            let last = crate::previous::Previous::from_json(&text)
                .map_err(|e| JsError::new(&e.message(crate::Lang::En)))?;
            let yoy = crate::previous::compare(&self.set, &report, &last);
            crate::previous::beside(&mut table, &yoy, lang_of(lang));
        }
        match format {
            "csv" => file(table.to_csv().as_bytes()),
            "xlsx" => file(
                &to_xlsx(std::slice::from_ref(&table))
                    .map_err(|e| JsError::new(&e.message(crate::Lang::En)))?,
            ),
            other => Err(JsError::new(&format!("unknown results format “{other}”"))),
        }
    }
}
