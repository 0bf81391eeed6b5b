//! Walking a JSON document while collecting every finding with its JSON Pointer.
//!
//! The set and values loaders read through this instead of serde derive so that one
//! pass reports *all* problems, each at its place.

use rust_decimal::Decimal;
use serde_json::{Map, Value};

use crate::error::{ErrorKind, Finding, Found, Severity};
use crate::number::{parse_canonical, parse_fraction};
use crate::text::Text;

/// Collected findings.
#[derive(Default)]
pub(crate) struct Findings(pub Vec<Finding>);

impl Findings {
    pub fn error(&mut self, pointer: &str, kind: ErrorKind) {
        self.0.push(Finding {
            pointer: pointer.to_string(),
            severity: Severity::Error,
            kind,
        });
    }

    pub fn warning(&mut self, pointer: &str, kind: ErrorKind) {
        self.0.push(Finding {
            pointer: pointer.to_string(),
            severity: Severity::Warning,
            kind,
        });
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(|f| f.severity == Severity::Error)
    }
}

/// Appends a key to a JSON Pointer, escaping `~` and `/`.
pub(crate) fn child(pointer: &str, key: &str) -> String {
    format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1"))
}

/// Appends an array index to a JSON Pointer.
pub(crate) fn index(pointer: &str, i: usize) -> String {
    format!("{pointer}/{i}")
}

pub(crate) fn describe(v: &Value) -> Found {
    match v {
        Value::Null => Found::Null,
        Value::Bool(b) => Found::Bool(*b),
        Value::Number(n) => Found::Number(n.to_string()),
        Value::String(s) => Found::String(s.clone()),
        Value::Array(_) => Found::Array,
        Value::Object(_) => Found::Object,
    }
}

/// An object being read: tracks which keys were used so unknown ones can be reported.
pub(crate) struct Obj<'v> {
    pub map: &'v Map<String, Value>,
    pub ptr: String,
    used: Vec<&'static str>,
}

impl<'v> Obj<'v> {
    /// Reads `v` as an object, or reports it.
    pub fn new(v: &'v Value, ptr: &str, f: &mut Findings) -> Option<Obj<'v>> {
        match v {
            Value::Object(map) => Some(Obj {
                map,
                ptr: ptr.to_string(),
                used: Vec::new(),
            }),
            other => {
                f.error(
                    ptr,
                    ErrorKind::WrongType {
                        expected: "an object",
                        found: describe(other),
                    },
                );
                None
            }
        }
    }

    pub fn at(&self, key: &str) -> String {
        child(&self.ptr, key)
    }

    /// The raw value of a field, marking it used.
    pub fn get(&mut self, key: &'static str) -> Option<&'v Value> {
        self.used.push(key);
        self.map.get(key).filter(|v| !v.is_null())
    }

    /// Reports every key not read (or listed as allowed).
    pub fn finish(self, f: &mut Findings, also_allowed: &[&str]) {
        for key in self.map.keys() {
            if !self.used.contains(&key.as_str()) && !also_allowed.contains(&key.as_str()) {
                f.error(
                    &child(&self.ptr, key),
                    ErrorKind::UnknownField { field: key.clone() },
                );
            }
        }
    }

    pub fn req(&mut self, key: &'static str, f: &mut Findings) -> Option<&'v Value> {
        let v = self.get(key);
        if v.is_none() {
            f.error(&self.ptr, ErrorKind::MissingField { field: key });
        }
        v
    }

    pub fn opt_str(&mut self, key: &'static str, f: &mut Findings) -> Option<String> {
        let v = self.get(key)?;
        as_str(v, &self.at(key), f)
    }

    pub fn req_str(&mut self, key: &'static str, f: &mut Findings) -> Option<String> {
        let v = self.req(key, f)?;
        as_str(v, &self.at(key), f)
    }

    pub fn opt_bool(&mut self, key: &'static str, f: &mut Findings) -> Option<bool> {
        let v = self.get(key)?;
        as_bool(v, &self.at(key), f)
    }

    pub fn opt_text(&mut self, key: &'static str, f: &mut Findings) -> Option<Text> {
        let v = self.get(key)?;
        read_text(v, &self.at(key), f)
    }

    pub fn req_text(&mut self, key: &'static str, f: &mut Findings) -> Option<Text> {
        let v = self.req(key, f)?;
        read_text(v, &self.at(key), f)
    }

    /// A canonical decimal string.
    pub fn opt_dec(&mut self, key: &'static str, f: &mut Findings) -> Option<Decimal> {
        let v = self.get(key)?;
        as_decimal(v, &self.at(key), f, false)
    }

    pub fn req_dec(&mut self, key: &'static str, f: &mut Findings) -> Option<Decimal> {
        let v = self.req(key, f)?;
        as_decimal(v, &self.at(key), f, false)
    }

    /// A share of max: a decimal, a percentage or a fraction, checked to be in [0, 1].
    pub fn req_fraction(&mut self, key: &'static str, f: &mut Findings) -> Option<Decimal> {
        let v = self.req(key, f)?;
        let at = self.at(key);
        let d = as_decimal(v, &at, f, true)?;
        if d < Decimal::ZERO || d > Decimal::ONE {
            f.error(
                &at,
                ErrorKind::OutOfRange {
                    value: d.to_string(),
                    allowed: "a fraction between 0 and 1",
                },
            );
            return None;
        }
        Some(d)
    }

    pub fn opt_array(&mut self, key: &'static str, f: &mut Findings) -> Option<&'v Vec<Value>> {
        let v = self.get(key)?;
        as_array(v, &self.at(key), f)
    }

    pub fn req_array(&mut self, key: &'static str, f: &mut Findings) -> Option<&'v Vec<Value>> {
        let v = self.req(key, f)?;
        as_array(v, &self.at(key), f)
    }

    pub fn opt_int(&mut self, key: &'static str, f: &mut Findings) -> Option<i64> {
        let v = self.get(key)?;
        as_int(v, &self.at(key), f)
    }
}

pub(crate) fn as_str(v: &Value, ptr: &str, f: &mut Findings) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        other => {
            f.error(
                ptr,
                ErrorKind::WrongType {
                    expected: "a string",
                    found: describe(other),
                },
            );
            None
        }
    }
}

pub(crate) fn as_bool(v: &Value, ptr: &str, f: &mut Findings) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        other => {
            f.error(
                ptr,
                ErrorKind::WrongType {
                    expected: "true or false",
                    found: describe(other),
                },
            );
            None
        }
    }
}

pub(crate) fn as_array<'v>(v: &'v Value, ptr: &str, f: &mut Findings) -> Option<&'v Vec<Value>> {
    match v {
        Value::Array(a) => Some(a),
        other => {
            f.error(
                ptr,
                ErrorKind::WrongType {
                    expected: "an array",
                    found: describe(other),
                },
            );
            None
        }
    }
}

pub(crate) fn as_int(v: &Value, ptr: &str, f: &mut Findings) -> Option<i64> {
    match v.as_i64() {
        Some(i) => Some(i),
        None => {
            f.error(
                ptr,
                ErrorKind::WrongType {
                    expected: "a whole number",
                    found: describe(v),
                },
            );
            None
        }
    }
}

/// The text of a decimal string; a JSON number is reported as such (floats are never
/// accepted), anything else as the wrong type.
pub(crate) fn decimal_text<'v>(v: &'v Value, ptr: &str, f: &mut Findings) -> Option<&'v str> {
    match v {
        Value::String(s) => Some(s),
        Value::Number(n) => {
            f.error(
                ptr,
                ErrorKind::FloatNotAllowed {
                    found: n.to_string(),
                },
            );
            None
        }
        other => {
            f.error(
                ptr,
                ErrorKind::WrongType {
                    expected: "a decimal string",
                    found: describe(other),
                },
            );
            None
        }
    }
}

/// A canonical decimal string (or a percentage); `fraction` also accepts `"1/2"`.
pub(crate) fn as_decimal(
    v: &Value,
    ptr: &str,
    f: &mut Findings,
    fraction: bool,
) -> Option<Decimal> {
    let s = decimal_text(v, ptr, f)?;
    let parsed = if fraction {
        parse_fraction(s)
    } else {
        // Percentages are allowed wherever a ratio threshold is written.
        parse_canonical(s).or_else(|e| {
            s.strip_suffix('%')
                .map(|_| parse_fraction(s))
                .unwrap_or(Err(e))
        })
    };
    match parsed {
        Ok(d) => Some(d),
        Err(e) => {
            f.error(
                ptr,
                ErrorKind::BadNumber {
                    text: s.to_string(),
                    reason: e.to_string(),
                },
            );
            None
        }
    }
}

pub(crate) fn read_text(v: &Value, ptr: &str, f: &mut Findings) -> Option<Text> {
    let mut o = Obj::new(v, ptr, f)?;
    let vi = o.req_str("vi", f);
    let en = o.opt_str("en", f);
    o.finish(f, &[]);
    Some(Text { vi: vi?, en })
}
