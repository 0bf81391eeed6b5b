//! What a unit enters: a values file (`dti-score/values/v1`).
//!
//! Numbers stay as the text the unit typed until scoring, so that one bad entry makes
//! only its own indicator `invalid`; the file's shape is checked when it is loaded.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use crate::error::{ErrorKind, Finding, ValidationErrors};
use crate::model::IndicatorSet;
use crate::read::{as_array, as_bool, as_str, child, decimal_text, index, Findings, Obj};

/// The `format` value of a values file.
pub const VALUES_FORMAT: &str = "dti-score/values/v1";

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
    /// Shared context values, as typed.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub context: BTreeMap<String, String>,
    /// Per-indicator answers.
    pub values: BTreeMap<String, NodeValues>,
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

/// The unit assessed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unit {
    /// Stable id.
    pub id: String,
    /// Name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// commune, district (the 2021 Thanh Hóa set), department or province.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    /// The province it belongs to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub province: Option<String>,
}

/// The answers for one indicator (or one part of a sum of parts).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct NodeValues {
    /// Inputs by letter, as typed.
    #[serde(flatten)]
    pub inputs: BTreeMap<String, String>,
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
    /// Answers of each part of a sum of parts.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub parts: BTreeMap<String, NodeValues>,
    /// The unit's note.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Evidence references.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
}

/// A reference to evidence; the file itself travels separately.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// Document number ("Quyết định số 12/QĐ-UBND").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
    /// Date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Where it is published.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// SHA-256 of an attached file, hex.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
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
        let mut f = crate::read::Findings::default();
        let value = crate::read::parse_json(text, crate::limits::InputKind::Values, &mut f)
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
        if (1900..=2200).contains(&y) {
            Some(y as i32)
        } else {
            f.error(
                &o.at("year"),
                ErrorKind::OutOfRange {
                    value: y.to_string(),
                    allowed: "a year from 1900 to 2200",
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
        values,
    })
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

fn read_node_values(v: &Value, ptr: &str, f: &mut Findings) -> Option<NodeValues> {
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
            "note" => n.note = as_str(val, &p, f),
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
                        let ev = Evidence {
                            document: eo.opt_str("document", f),
                            date: eo.opt_str("date", f),
                            url: eo.opt_str("url", f),
                            sha256: eo.opt_str("sha256", f),
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
