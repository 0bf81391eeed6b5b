//! What a unit enters: a values file (`dti-score/values/v1`).
//!
//! Numbers stay as the text the unit typed until scoring, so that one bad entry makes
//! only its own indicator `invalid`; the file's shape is checked when it is loaded.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{ErrorKind, Finding, ValidationErrors};
use crate::json::walk::{as_array, as_bool, as_str, child, decimal_text, index, Findings, Obj};
use crate::number::{read_typed, Field, FieldKind};
use crate::set::{IndicatorSet, Input};
use crate::text::Lang;

use crate::formats::VALUES_FORMAT;

/// A loaded values file.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Values {
    /// The set the values are for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub set: Option<SetRef>,
    /// The assessment year.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    /// The assessment period within the year, if any ("2025", "2025-Q4").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    /// The unit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<Unit>,
    /// Shared context values (canonical decimals, or text for text fields).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub context: BTreeMap<String, String>,
    /// Context fields as the person typed them (see [`Typed`]).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub context_typed: BTreeMap<String, Typed>,
    /// Per-indicator answers.
    pub values: BTreeMap<String, NodeValues>,
    /// Fields pre-filled from last year's assessment that the unit has not yet confirmed
    /// or changed, as JSON pointers (`/values/1.1/a`, `/values/1.2/items/2`,
    /// `/context/dan_so`): a submission is refused while any is left
    /// ([`crate::submission::build`]); figures are re-stated, never carried over blindly.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub carried: Vec<String>,
}

/// Which set a file is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SetRef {
    /// The set's id.
    pub id: String,
    /// The set's version.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
}

/// The unit assessed, as a values file and a submission record it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unit {
    /// Stable id, as in the province's `keys.json` (`"xa-tan-hoa"`).
    pub id: String,
    /// Name (`"Xã Tân Hòa"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// commune, district (the 2021 Thanh Hóa set), department or province.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    /// The province it belongs to (`"vinh-long"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub province: Option<String>,
}

/// The answers for one indicator (or one part of a sum of parts).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct NodeValues {
    /// Inputs by letter: canonical decimals.
    #[serde(flatten)]
    pub inputs: BTreeMap<String, String>,
    /// Inputs (and manual points) as the person typed them, by letter (see [`Typed`]).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub typed: BTreeMap<String, Typed>,
    /// Checklist items ticked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub items: Option<BTreeMap<String, bool>>,
    /// Yes/no answer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub done: Option<bool>,
    /// Chosen option.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub choice: Option<String>,
    /// The answer to a tiers rule's gate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gate: Option<bool>,
    /// Manual points, as typed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub points: Option<String>,
    /// Why (manual points).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub justification: Option<String>,
    /// Manual attainment, as typed, in a set without maxima: the share of the
    /// (unknown) maximum the unit judges it has reached ("60%", "0,6").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attainment: Option<String>,
    /// Answers of each part of a sum of parts.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub parts: BTreeMap<String, NodeValues>,
    /// The unit's note.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Evidence references.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
    /// Marked not applicable, with the unit's reason (required, never blank): the
    /// indicator is then `excluded`, 0 points of 0 (where the set allows it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub excluded: Option<String>,
}

/// A figure as a person typed it, with the language they typed it in.
///
/// The page keeps it beside the value it read (so a draft shows the text as typed, and
/// switching the language never changes a value already read). Where a field has typed
/// text and no value, the text was refused: scoring reads it again with
/// [`crate::number::read_typed`] and the indicator is `invalid` with that refusal. Where
/// both are present, the value counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Typed {
    /// The text as typed.
    pub text: String,
    /// The language it was typed in: `vi` or `en`.
    #[serde(serialize_with = "lang_code")]
    pub lang: Lang,
}

fn lang_code<S: serde::Serializer>(lang: &Lang, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(lang.code())
}

/// A reference to evidence: the document cited and, optionally, a file identified by its
/// SHA-256 (the file itself travels separately; [`crate::verify::evidence`] matches it).
///
/// Every field is optional and text (the format has no JSON numbers). Files of the first
/// form, `{document, date, url, sha256}`, read the same as ever; `issuer`, `title` and
/// `file` came later. [`crate::evidence::check`] checks the citation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// Document number, alone or with its kind ("1234/QĐ-UBND", "Quyết định số 12/QĐ-UBND").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
    /// The document's date: `YYYY-MM-DD` (or `D/M/YYYY`, as Vietnamese documents write it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The issuing body ("UBND xã Tân Hòa").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    /// The document's title or a summary of what it shows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Where it is published.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// SHA-256 of an attached file, hex, without its name (the first form of the format;
    /// [`Evidence::file`] carries the name and size too).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// The file attached, by name, SHA-256 and size.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<EvidenceFile>,
}

/// A file attached to a citation: what identifies it, not its bytes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct EvidenceFile {
    /// Its name, as the unit chose it ("qd-1234.pdf").
    pub name: String,
    /// SHA-256 of its bytes, 64 lower-case hex digits.
    pub sha256: String,
    /// Its size in bytes, as digits (`"48213"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size: Option<String>,
}

impl Evidence {
    /// The SHA-256 the citation names: its file's, else the first form's `sha256`.
    pub fn cited_sha256(&self) -> Option<&str> {
        self.file
            .as_ref()
            .map(|f| f.sha256.as_str())
            .or(self.sha256.as_deref())
    }
}

impl Values {
    /// Loads a values file.
    ///
    /// # Errors
    /// [`ValidationErrors`] with every finding: not JSON, wrong types (a JSON number
    /// where a decimal string belongs is an error), unknown fields.
    ///
    /// # Example
    /// ```
    /// let v = dti_score::Values::from_json(r#"{"values": {"1.1": {"a": "45", "b": "60"}}}"#).unwrap();
    /// assert_eq!(v.values["1.1"].inputs["a"], "45");
    /// ```
    pub fn from_json(text: &str) -> Result<Values, ValidationErrors> {
        // Size limit, JSON, members named twice: src/read.rs.
        let mut f = crate::json::walk::Findings::default();
        let value = crate::json::walk::parse_json(text, crate::limits::InputKind::Values, &mut f)
            .ok_or(ValidationErrors(f.0))?;
        Self::from_value(&value)
    }

    /// Loads a values file from parsed JSON.
    ///
    /// # Errors
    /// As [`Values::from_json`].
    pub fn from_value(value: &Value) -> Result<Values, ValidationErrors> {
        let mut f = Findings::default();
        let v = read_values(value, &mut f);
        match v {
            Some(v) if !f.has_errors() => Ok(v),
            _ => Err(ValidationErrors(f.0)),
        }
    }

    /// The values as JSON, in the file format.
    pub fn to_json_value(&self) -> Value {
        let mut v = serde_json::to_value(self).unwrap_or(Value::Null);
        if let Value::Object(m) = &mut v {
            m.insert("format".into(), Value::String(VALUES_FORMAT.into()));
        }
        v
    }

    /// The values as a machine format keeps them (`settle`: every typed text the set can
    /// read replaced by its value).
    pub fn settled(&self, set: &IndicatorSet) -> Values {
        let mut v = self.to_json_value();
        settle(set, &mut v);
        Values::from_value(&v).unwrap_or_else(|_| self.clone())
    }

    /// Findings of values that the set does not know: indicators, inputs, items,
    /// options and parts that do not exist. They are not scored.
    pub fn check_against(&self, set: &IndicatorSet) -> Vec<Finding> {
        let mut f = Findings::default();
        for key in self.context.keys() {
            if !set.context.iter().any(|c| &c.id == key) {
                f.warning(
                    &child("/context", key),
                    ErrorKind::UnknownField { field: key.clone() },
                );
            }
        }
        for (id, nv) in &self.values {
            let ptr = || child("/values", id);
            match set.node(id) {
                None => f.warning(&ptr(), ErrorKind::UnknownIndicator { id: id.clone() }),
                Some(node) => {
                    for key in nv.inputs.keys() {
                        if !node.inputs.iter().any(|i| &i.id == key) {
                            f.warning(
                                &child(&ptr(), key),
                                ErrorKind::UnknownField { field: key.clone() },
                            );
                        }
                    }
                }
            }
        }
        f.0
    }
}

/// A values file (as JSON) as a machine format keeps it: every typed text that reads is
/// replaced by its canonical value (a value already there stays), and the typed texts
/// are dropped, except those that do not read (they keep the indicator `invalid`, with
/// their refusal). Signing embeds this; the page exports drafts through it. Works on the
/// JSON so that the page's engine needs no serializer of [`Values`].
pub fn settle(set: &IndicatorSet, file: &mut Value) {
    let Value::Object(doc) = file else { return };
    let context_field = |name: &str| {
        set.context
            .iter()
            .find(|c| c.id == name)
            .and_then(Input::field)
    };
    settle_entry(doc, "context", "context_typed", &context_field);
    if let Some(Value::Object(values)) = doc.get_mut("values") {
        for (id, entry) in values.iter_mut() {
            let node = set.node(id);
            let field = |name: &str| {
                match name {
                    "points" => {
                        return Some(Field {
                            kind: FieldKind::Amount { negative: false },
                            unit: None,
                        })
                    }
                    "attainment" => {
                        return Some(Field {
                            kind: FieldKind::Percent,
                            unit: None,
                        })
                    }
                    _ => {}
                }
                node.and_then(|n| n.inputs.iter().find(|i| i.id == name))
                    .and_then(Input::field)
            };
            settle_node(entry, &field);
        }
    }
}

/// One indicator's entry (and its parts'): its inputs and manual points beside `typed`.
fn settle_node<'s>(entry: &mut Value, field: &dyn Fn(&str) -> Option<Field<'s>>) {
    let Value::Object(map) = entry else { return };
    if let Some(Value::Object(typed)) = map.remove("typed") {
        let mut kept = serde_json::Map::new();
        for (name, t) in typed {
            if !settle_one(map, &name, &t, field(&name)) {
                kept.insert(name, t);
            }
        }
        if !kept.is_empty() {
            map.insert("typed".into(), Value::Object(kept));
        }
    }
    if let Some(Value::Object(parts)) = map.get_mut("parts") {
        for part in parts.values_mut() {
            settle_node(part, field);
        }
    }
}

/// `values_key` beside `typed_key` in one object (the file's context).
fn settle_entry<'s>(
    doc: &mut serde_json::Map<String, Value>,
    values_key: &str,
    typed_key: &str,
    field: &dyn Fn(&str) -> Option<Field<'s>>,
) {
    let Some(Value::Object(typed)) = doc.remove(typed_key) else {
        return;
    };
    let mut values = match doc.remove(values_key) {
        Some(Value::Object(m)) => m,
        _ => serde_json::Map::new(),
    };
    let mut kept = serde_json::Map::new();
    for (name, t) in typed {
        if !settle_one(&mut values, &name, &t, field(&name)) {
            kept.insert(name, t);
        }
    }
    if !values.is_empty() {
        doc.insert(values_key.into(), Value::Object(values));
    }
    if !kept.is_empty() {
        doc.insert(typed_key.into(), Value::Object(kept));
    }
}

/// Settles one typed entry into `values`; `false` when it must stay (it does not read).
fn settle_one(
    values: &mut serde_json::Map<String, Value>,
    name: &str,
    typed: &Value,
    field: Option<Field<'_>>,
) -> bool {
    if values.contains_key(name) {
        return true;
    }
    let (Some(text), Some(lang)) = (
        typed.get("text").and_then(Value::as_str),
        typed
            .get("lang")
            .and_then(Value::as_str)
            .and_then(Lang::from_code),
    ) else {
        return true;
    };
    // A text field, or a name the set does not know: nothing to read.
    let Some(field) = field else { return true };
    match read_typed(text, field, lang) {
        Ok(v) => {
            values.insert(name.to_string(), Value::String(v.to_string()));
            true
        }
        Err(_) => false,
    }
}

fn read_values(v: &Value, f: &mut Findings) -> Option<Values> {
    let mut o = Obj::new(v, "", f)?;
    if let Some(format) = o.opt_str("format", f) {
        if format != VALUES_FORMAT {
            f.error(
                &o.at("format"),
                ErrorKind::WrongFormat {
                    found: format,
                    expected: VALUES_FORMAT,
                },
            );
        }
    }
    let set = o.get("set").and_then(|s| {
        let mut so = Obj::new(s, &o.at("set"), f)?;
        let id = so.req_str("id", f);
        let version = so.opt_str("version", f);
        so.finish(f, &[]);
        Some(SetRef { id: id?, version })
    });
    let year = o.opt_int("year", f).and_then(|y| {
        if crate::formats::YEARS.contains(&y) {
            Some(y as i32)
        } else {
            f.error(
                &o.at("year"),
                ErrorKind::OutOfRange {
                    value: y.to_string(),
                    allowed: crate::error::Expected::Year,
                },
            );
            None
        }
    });
    let period = o.opt_str("period", f);
    let unit = o.get("unit").and_then(|u| {
        let mut uo = Obj::new(u, &o.at("unit"), f)?;
        let id = uo.req_str("id", f);
        let name = uo.opt_str("name", f);
        let level = uo.opt_str("level", f);
        if let Some(l) = &level {
            if !matches!(
                l.as_str(),
                "commune" | "district" | "department" | "province"
            ) {
                f.error(
                    &uo.at("level"),
                    ErrorKind::UnknownName {
                        name: l.clone(),
                        allowed: "commune, district, department, province".into(),
                    },
                );
            }
        }
        let province = uo.opt_str("province", f);
        uo.finish(f, &[]);
        Some(Unit {
            id: id?,
            name,
            level,
            province,
        })
    });
    let context = o
        .get("context")
        .map(|c| read_string_map(c, &o.at("context"), f))
        .unwrap_or_default();
    let context_typed = o
        .get("context_typed")
        .map(|c| read_typed_map(c, &o.at("context_typed"), f))
        .unwrap_or_default();
    let mut carried: Vec<String> = Vec::new();
    if let Some(list) = o.get("carried") {
        let ptr = o.at("carried");
        for (i, e) in as_array(list, &ptr, f).into_iter().flatten().enumerate() {
            if let Some(pointer) = as_str(e, &index(&ptr, i), f) {
                carried.push(pointer);
            }
        }
    }
    let mut values = BTreeMap::new();
    if let Some(vv) = o.req("values", f) {
        let ptr = o.at("values");
        if let Some(vo) = Obj::new(vv, &ptr, f) {
            for (id, nv) in vo.map {
                if let Some(n) = read_node_values(nv, &child(&ptr, id), f) {
                    values.insert(id.clone(), n);
                }
            }
        }
    }
    o.finish(f, &["$schema", "$comment"]);
    Some(Values {
        set,
        year,
        period,
        unit,
        context,
        context_typed,
        values,
        carried,
    })
}

/// A map of [`Typed`] entries: `{"a": {"text": "1.234", "lang": "vi"}}`.
fn read_typed_map(v: &Value, ptr: &str, f: &mut Findings) -> BTreeMap<String, Typed> {
    let mut out = BTreeMap::new();
    let Some(o) = Obj::new(v, ptr, f) else {
        return out;
    };
    for (k, e) in o.map {
        let p = child(ptr, k);
        let Some(mut eo) = Obj::new(e, &p, f) else {
            continue;
        };
        let text = eo.req_str("text", f);
        let lang = eo.req_str("lang", f).and_then(|l| {
            Lang::from_code(&l).or_else(|| {
                f.error(
                    &child(&p, "lang"),
                    ErrorKind::UnknownName {
                        name: l,
                        allowed: "vi, en".into(),
                    },
                );
                None
            })
        });
        eo.finish(f, &[]);
        if let (Some(text), Some(lang)) = (text, lang) {
            out.insert(k.clone(), Typed { text, lang });
        }
    }
    out
}

fn read_string_map(v: &Value, ptr: &str, f: &mut Findings) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    if let Some(o) = Obj::new(v, ptr, f) {
        for (k, val) in o.map {
            if let Some(s) = number_text(val, &child(ptr, k), f) {
                out.insert(k.clone(), s);
            }
        }
    }
    out
}

/// A number as typed: a string. A JSON number is an error (floats are never accepted).
fn number_text(v: &Value, ptr: &str, f: &mut Findings) -> Option<String> {
    decimal_text(v, ptr, f).map(str::to_string)
}

pub(crate) fn read_node_values(v: &Value, ptr: &str, f: &mut Findings) -> Option<NodeValues> {
    let o = Obj::new(v, ptr, f)?;
    let mut n = NodeValues::default();
    for (key, val) in o.map {
        let p = child(ptr, key);
        match key.as_str() {
            "items" => {
                if let Some(io) = Obj::new(val, &p, f) {
                    let mut items = BTreeMap::new();
                    for (k, b) in io.map {
                        if let Some(b) = as_bool(b, &child(&p, k), f) {
                            items.insert(k.clone(), b);
                        }
                    }
                    n.items = Some(items);
                }
            }
            "done" => n.done = as_bool(val, &p, f),
            "gate" => n.gate = as_bool(val, &p, f),
            "choice" => n.choice = as_str(val, &p, f),
            "points" => n.points = number_text(val, &p, f),
            "justification" => n.justification = as_str(val, &p, f),
            "attainment" => n.attainment = number_text(val, &p, f),
            "note" => n.note = as_str(val, &p, f),
            "typed" => n.typed = read_typed_map(val, &p, f),
            "excluded" => {
                n.excluded = as_str(val, &p, f);
                if n.excluded.as_deref().is_some_and(|r| r.trim().is_empty()) {
                    f.error(&p, ErrorKind::ExclusionWithoutReason);
                }
            }
            "parts" => {
                if let Some(po) = Obj::new(val, &p, f) {
                    for (pid, pv) in po.map {
                        if let Some(pn) = read_node_values(pv, &child(&p, pid), f) {
                            n.parts.insert(pid.clone(), pn);
                        }
                    }
                }
            }
            "evidence" => {
                if let Some(arr) = as_array(val, &p, f) {
                    for (i, e) in arr.iter().enumerate() {
                        let ep = index(&p, i);
                        let Some(mut eo) = Obj::new(e, &ep, f) else {
                            continue;
                        };
                        let document = eo.opt_str("document", f);
                        let date = eo.opt_str("date", f);
                        let issuer = eo.opt_str("issuer", f);
                        let title = eo.opt_str("title", f);
                        let url = eo.opt_str("url", f);
                        let sha256 = eo.opt_str("sha256", f);
                        let file = eo.get("file").and_then(|v| {
                            let mut fo = Obj::new(v, &child(&ep, "file"), f)?;
                            let name = fo.req_str("name", f);
                            let sha256 = fo.req_str("sha256", f);
                            let size = fo.opt_str("size", f);
                            fo.finish(f, &[]);
                            Some(EvidenceFile {
                                name: name?,
                                sha256: sha256?,
                                size,
                            })
                        });
                        let ev = Evidence {
                            document,
                            date,
                            issuer,
                            title,
                            url,
                            sha256,
                            file,
                        };
                        eo.finish(f, &[]);
                        n.evidence.push(ev);
                    }
                }
            }
            letter if is_input_name(letter) => {
                if let Some(s) = number_text(val, &p, f) {
                    n.inputs.insert(letter.to_string(), s);
                }
            }
            other => f.error(
                &p,
                ErrorKind::UnknownField {
                    field: other.to_string(),
                },
            ),
        }
    }
    Some(n)
}

fn is_input_name(s: &str) -> bool {
    s.chars()
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}
