//! An indicator set as a workbook, both ways: [`to_xlsx`] writes a set's JSON into the
//! sheets of docs/set-workbook.md (the set's identity, the indicator tree, inputs, items
//! and tiers, context fields, notes), and [`from_xlsx`] reads such a workbook, made or
//! edited in Excel or LibreOffice, back into the set's JSON. Bytes in, bytes out.
//!
//! The reader builds the JSON and then validates it with the same loader as a JSON set
//! ([`IndicatorSet::from_json`]), keeping, while it builds, the cell every JSON Pointer
//! came from: each finding of the validation comes back at its `Sheet!Cell`, beside the
//! workbook's own problems (a missing sheet, an unknown column, a cell of the wrong type).
//!
//! JSON → workbook → JSON gives the same JSON value for every set the workbook can hold:
//! every shipped set does (tests/setbook.rs). The only normalisation is that a member
//! whose value is `null` (absent to the loader) is left out.

mod layout;
mod locate;
mod read;
mod write;

use serde_json::Value;

pub use crate::error::{CellExpected, SetBookError};
use crate::text::Lang;
use crate::IndicatorSet;

/// Writes a set's workbook: the set's JSON text, validated first, every field in its
/// cell. Headers and sheet names in `lang` (the English keys in row 2 either way).
///
/// # Errors
/// The set's validation errors ([`SetBookError::Set`], at their JSON Pointers), a value
/// no cell holds exactly ([`SetBookError::Unrepresentable`]), or the writer's failure.
///
/// # Example
/// ```
/// use dti_score::setbook::{from_xlsx, to_xlsx};
/// use dti_score::Lang;
/// let json = r#"{
///   "format": "dti-score/indicator-set/v1", "id": "tiny", "version": "1",
///   "title": {"vi": "Nhỏ"}, "scale": "10",
///   "indicators": [{"code": "1", "title": {"vi": "Có"}, "max": "10", "rule": {"kind": "yes_no"}}]
/// }"#;
/// let book = to_xlsx(json, Lang::Vi).unwrap();
/// let back = from_xlsx(&book).unwrap();
/// assert_eq!(back.set, serde_json::from_str::<serde_json::Value>(json).unwrap());
/// ```
pub fn to_xlsx(set_json: &str, lang: Lang) -> Result<Vec<u8>, Vec<SetBookError>> {
    let set = IndicatorSet::from_json(set_json).map_err(|e| {
        e.0.into_iter()
            .map(|finding| SetBookError::Set {
                cell: None,
                finding,
            })
            .collect::<Vec<_>>()
    })?;
    set_to_xlsx(&set, lang)
}

/// [`to_xlsx`] of a set already loaded: the file it was loaded from
/// ([`IndicatorSet::source_json`]), every field in its cell.
///
/// # Errors
/// A value no cell holds exactly ([`SetBookError::Unrepresentable`]), or the writer's
/// failure.
///
/// # Example
/// ```
/// use dti_score::setbook::{from_xlsx, set_to_xlsx};
/// let set = dti_score::IndicatorSet::from_json(include_str!("../../indicator-sets/vinh-long-2025.json")).unwrap();
/// let book = set_to_xlsx(&set, dti_score::Lang::En).unwrap();
/// assert_eq!(&from_xlsx(&book).unwrap().set, set.source_json());
/// ```
pub fn set_to_xlsx(set: &IndicatorSet, lang: Lang) -> Result<Vec<u8>, Vec<SetBookError>> {
    write::write(set.source_json(), lang)
}

/// A set read from a workbook: its JSON, valid, and the validation's warnings at their
/// cells.
#[derive(Debug, Clone)]
pub struct FromXlsx {
    /// The set's JSON value; it loads with [`IndicatorSet::from_json`].
    pub set: Value,
    /// Warnings of the validation (a source discrepancy, an unused input …), each at its
    /// cell.
    pub warnings: Vec<SetBookError>,
}

impl FromXlsx {
    /// The set's JSON text, indented by two spaces, ending with a line break.
    pub fn to_json_pretty(&self) -> String {
        let mut text = serde_json::to_string_pretty(&self.set).unwrap_or_default();
        text.push('\n');
        text
    }
}

/// Reads a set's workbook into the set's JSON, validated as a JSON set is.
///
/// # Errors
/// Every problem found, errors and warnings, each at its `Sheet!Cell`: the workbook's
/// own (a missing sheet or column, an unknown column, a cell of the wrong type, a row
/// naming an indicator the tree lacks) and the set's validation findings, mapped from
/// their JSON Pointers back to the cells they came from.
///
/// # Example
/// ```
/// use dti_score::setbook::from_xlsx;
/// use dti_score::Message;
/// let problems = from_xlsx(b"not a workbook").unwrap_err();
/// assert_eq!(problems[0].code(), "setbook.unreadable");
/// ```
pub fn from_xlsx(bytes: &[u8]) -> Result<FromXlsx, Vec<SetBookError>> {
    read::read(bytes)
}

/// A member of a JSON value by path; `null` counts as absent, as for the set's loader.
pub(crate) fn get<'v, 'k>(
    v: &'v Value,
    path: impl IntoIterator<Item = &'k str>,
) -> Option<&'v Value> {
    path.into_iter()
        .try_fold(v, |v, k| v.get(k))
        .filter(|v| !v.is_null())
}

/// The key other sheets name an indicator by: its `id`, else its `code`.
pub(crate) fn node_key(node: &serde_json::Map<String, Value>) -> String {
    ["id", "code"]
        .into_iter()
        .find_map(|k| node.get(k).and_then(Value::as_str))
        .unwrap_or_default()
        .to_string()
}

/// One period of a threshold as its cell's line, `2025–2027: 95%`; `None` for a period a
/// line cannot hold exactly.
pub(crate) fn period_line(period: &Value) -> Option<String> {
    let map = period.as_object()?;
    let from = map.get("from")?.as_i64()?;
    let to = map.get("to")?.as_i64()?;
    let value = map.get("value")?.as_str()?;
    let clean = !value.is_empty() && value.trim() == value && !value.contains(['\n', '\r', ';']);
    (map.len() == 3 && clean).then(|| format!("{from}–{to}: {value}"))
}

/// A line of a periods cell read back: `2025–2027: 95%` (an en dash or a hyphen; a single
/// year for a period of one year).
pub(crate) fn parse_period(line: &str) -> Option<Value> {
    let (years, value) = line.split_once(':')?;
    let value = value.trim();
    let years = years.trim();
    let (from, to) = match years.split_once(['–', '-']) {
        Some((a, b)) => (a.trim(), b.trim()),
        None => (years, years),
    };
    let (from, to): (i64, i64) = (from.parse().ok()?, to.parse().ok()?);
    (!value.is_empty()).then(|| serde_json::json!({ "from": from, "to": to, "value": value }))
}
