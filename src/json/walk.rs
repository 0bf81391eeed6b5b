//! Walking a JSON document while collecting every finding with its JSON Pointer.
//!
//! The set and values loaders read through this instead of serde derive so that one
//! pass reports *all* problems, each at its place.

use rust_decimal::Decimal;
use serde_json::{Map, Value};

use crate::error::{ErrorKind, Finding, Found, Severity};
use crate::json::canonical::Path;
use crate::limits::{check_size, InputKind};
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

pub(crate) use super::pointer::child;

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

/// Reads the text of a hand-edited file (a set, values, targets) into a JSON value: the
/// size checked against its kind's limit before anything is parsed, then the JSON, then
/// a second pass over the text for members named twice in one object (serde_json's
/// `Value` keeps the last silently). Every problem goes into `f`; `None` when the text
/// is not usable.
pub(crate) fn parse_json(text: &str, kind: InputKind, f: &mut Findings) -> Option<Value> {
    if let Err(too_large) = check_size(kind, text.len() as u64) {
        f.error("", ErrorKind::TooLarge(too_large));
        return None;
    }
    let value: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            f.error(
                "",
                ErrorKind::Json {
                    message: e.to_string(),
                },
            );
            return None;
        }
    };
    let before = f.0.len();
    duplicate_keys(text, f);
    (f.0.len() == before).then_some(value)
}

/// Reports every member named twice in one object of `text`, which must be valid JSON
/// (serde_json has parsed it, so nesting is at most its 128 levels): the pointer of the
/// member, the line and column of both occurrences. Names are compared after their
/// escapes are decoded (`"a"` and `"\u0061"` are the same member).
pub(crate) fn duplicate_keys(text: &str, f: &mut Findings) {
    let mut scan = Scan {
        text,
        bytes: text.as_bytes(),
        at: 0,
    };
    scan.value(&Path::Root, f);
}

struct Scan<'t> {
    text: &'t str,
    bytes: &'t [u8],
    at: usize,
}

impl Scan<'_> {
    fn peek(&self) -> u8 {
        self.bytes.get(self.at).copied().unwrap_or(b'}')
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), b' ' | b'\t' | b'\n' | b'\r') && self.at < self.bytes.len() {
            self.at += 1;
        }
    }

    /// Line and column (1-based, in characters) of a byte offset.
    fn position(&self, offset: usize) -> (usize, usize) {
        let before = &self.text[..offset];
        let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        (line, before[line_start..].chars().count() + 1)
    }

    fn value(&mut self, at: &Path<'_>, f: &mut Findings) {
        self.skip_ws();
        match self.peek() {
            b'{' => self.object(at, f),
            b'[' => {
                self.at += 1;
                let mut i = 0;
                loop {
                    self.skip_ws();
                    if self.at >= self.bytes.len() || self.peek() == b']' {
                        self.at += 1;
                        return;
                    }
                    self.value(&Path::Index(at, i), f);
                    i += 1;
                    self.skip_ws();
                    if self.peek() == b',' {
                        self.at += 1;
                    }
                }
            }
            b'"' => {
                self.string();
            }
            _ => {
                while self.at < self.bytes.len()
                    && !matches!(
                        self.peek(),
                        b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r'
                    )
                {
                    self.at += 1;
                }
            }
        }
    }

    fn object(&mut self, at: &Path<'_>, f: &mut Findings) {
        self.at += 1;
        // Member names seen in this object, with the offset of each.
        let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        loop {
            self.skip_ws();
            if self.at >= self.bytes.len() || self.peek() == b'}' {
                self.at += 1;
                return;
            }
            let start = self.at;
            let key = self.string();
            self.skip_ws();
            self.at += 1; // ':'
            if let Some(first) = seen.get(&key) {
                let pointer = Path::Key(at, &key).pointer();
                f.error(
                    &pointer,
                    ErrorKind::DuplicateKey {
                        key: key.to_string(),
                        first: self.position(*first),
                        second: self.position(start),
                    },
                );
            }
            self.value(&Path::Key(at, &key), f);
            seen.entry(key).or_insert(start);
            self.skip_ws();
            if self.peek() == b',' {
                self.at += 1;
            }
        }
    }

    /// A string at `self.at` (its opening quote), decoded; the cursor moves past it.
    fn string(&mut self) -> String {
        let start = self.at;
        self.at += 1;
        let mut escaped = false;
        while self.at < self.bytes.len() {
            match self.bytes[self.at] {
                b'\\' => {
                    escaped = true;
                    self.at += 2;
                }
                b'"' => {
                    self.at += 1;
                    break;
                }
                _ => self.at += 1,
            }
        }
        let inner = self
            .text
            .get(start + 1..self.at.saturating_sub(1))
            .unwrap_or("");
        if escaped {
            unescape(inner)
        } else {
            inner.to_string()
        }
    }
}

/// The text of a JSON string with its escapes decoded (serde_json has already checked
/// them). Written out rather than asking serde_json for a `String`: that would bring its
/// invalid-type errors, and with them float formatting, into the page's wasm.
fn unescape(inner: &str) -> String {
    fn hex4(chars: &mut std::str::Chars<'_>) -> u32 {
        let digits: String = chars.by_ref().take(4).collect();
        u32::from_str_radix(&digits, 16).unwrap_or(0xFFFD)
    }
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let decoded = match chars.next() {
            Some('b') => '\u{8}',
            Some('f') => '\u{c}',
            Some('n') => '\n',
            Some('r') => '\r',
            Some('t') => '\t',
            Some('u') => {
                let mut code = hex4(&mut chars);
                if (0xD800..0xDC00).contains(&code) && chars.as_str().starts_with("\\u") {
                    chars.nth(1);
                    let low = hex4(&mut chars);
                    code = 0x10000 + ((code - 0xD800) << 10) + low.wrapping_sub(0xDC00);
                }
                char::from_u32(code).unwrap_or('\u{FFFD}')
            }
            Some(other) => other,
            None => break,
        };
        out.push(decoded);
    }
    out
}
