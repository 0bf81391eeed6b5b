//! Canonical JSON: the RFC 8785 JSON Canonicalization Scheme (JCS), restricted to the
//! JSON this project writes, where every number is a decimal *string*.
//!
//! A signature covers bytes, not a JSON value; two programs that agree on the value must
//! agree on the bytes. JCS gives those bytes: object members sorted by the UTF-16 code
//! units of their names, no insignificant whitespace, strings escaped the way
//! ECMAScript's `JSON.stringify` escapes them, literals as `null`, `true`, `false`.
//!
//! **Numbers are rejected** ([`CanonicalError::Number`]). RFC 8785 serialises numbers
//! as IEEE-754 doubles, which cannot carry exact points; this project writes every
//! quantity as a decimal string (`"18.75"`), so a JSON number in a signed document is
//! a mistake (or an attempt to smuggle a float), never data. With numbers gone, what is
//! left of JCS is small and fully specified, so it is implemented here (about a hundred
//! lines) rather than taken from `serde_json_canonicalizer` or `serde_jcs`: both carry
//! an ECMAScript number formatter (dead weight in the page's wasm) and the first turns on
//! serde_json's `float_roundtrip` feature for the whole crate.
//!
//! [`parse_strict`] is the matching reader for signed files: it rejects duplicate member
//! names (RFC 8785 requires I-JSON, RFC 7493), so two verifiers can never read two
//! different values from one signed file.
//!
//! ```
//! use dti_score::json::to_canonical_string;
//! use serde_json::json;
//!
//! let value = json!({ "b": "2", "a": [true, null, "x\ny"] });
//! assert_eq!(to_canonical_string(&value)?, r#"{"a":[true,null,"x\ny"],"b":"2"}"#);
//! # Ok::<(), dti_score::json::CanonicalError>(())
//! ```

use std::cell::RefCell;
use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use crate::error::CanonicalError;

/// The RFC 8785 canonical form of `value`, as UTF-8 bytes.
///
/// # Errors
///
/// [`CanonicalError::Number`] for the first JSON number met (depth first, members in
/// canonical order), with its JSON Pointer.
///
/// # Examples
///
/// ```
/// use dti_score::json::{to_canonical_bytes, CanonicalError};
/// use serde_json::json;
///
/// assert_eq!(to_canonical_bytes(&json!({"z": "1", "a": {}}))?, br#"{"a":{},"z":"1"}"#);
/// let err = to_canonical_bytes(&json!({"points": 18.75})).unwrap_err();
/// assert_eq!(
///     err,
///     CanonicalError::Number { pointer: "/points".into(), value: "18.75".into() }
/// );
/// # Ok::<(), CanonicalError>(())
/// ```
pub fn to_canonical_bytes(value: &Value) -> Result<Vec<u8>, CanonicalError> {
    let mut out = String::new();
    write_value(value, Numbers::Reject, &Path::Root, &mut out)?;
    Ok(out.into_bytes())
}

/// The RFC 8785 canonical form of an indicator-set file, which may hold whole numbers
/// (the years of `by_year` thresholds).
///
/// Integers between −(2^53 − 1) and 2^53 − 1 are written in plain decimal, which is
/// exactly what RFC 8785's ECMAScript number serialisation gives for them; any other
/// number (a fraction, an exponent, a larger integer) is refused as in
/// [`to_canonical_bytes`].
///
/// # Errors
///
/// [`CanonicalError::Number`] for the first number that is not a safe integer.
pub(crate) fn to_canonical_bytes_with_integers(value: &Value) -> Result<Vec<u8>, CanonicalError> {
    let mut out = String::new();
    write_value(value, Numbers::SafeIntegers, &Path::Root, &mut out)?;
    Ok(out.into_bytes())
}

/// The canonical form of an object without one of its members (a signed document
/// without its signatures), without copying the object. Not an object: as
/// [`to_canonical_bytes`].
///
/// # Errors
///
/// As [`to_canonical_bytes`].
pub(crate) fn to_canonical_bytes_without(
    value: &Value,
    skip: &str,
) -> Result<Vec<u8>, CanonicalError> {
    let Value::Object(map) = value else {
        return to_canonical_bytes(value);
    };
    let mut out = String::new();
    write_object(map, Some(skip), Numbers::Reject, &Path::Root, &mut out)?;
    Ok(out.into_bytes())
}

/// Which JSON numbers a canonical form admits.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Numbers {
    /// None: every quantity is a decimal string.
    Reject,
    /// Integers of magnitude below 2^53 (exact in IEEE-754 doubles).
    SafeIntegers,
}

/// 2^53 − 1, the largest integer a double holds exactly (ECMAScript's MAX_SAFE_INTEGER).
const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

fn safe_integer(n: &serde_json::Number) -> bool {
    match (n.as_u64(), n.as_i64()) {
        (Some(u), _) => u <= MAX_SAFE_INTEGER,
        (None, Some(i)) => i.unsigned_abs() <= MAX_SAFE_INTEGER,
        (None, None) => false,
    }
}

/// The RFC 8785 canonical form of `value`, as a string.
///
/// # Errors
///
/// As [`to_canonical_bytes`].
///
/// # Examples
///
/// ```
/// use dti_score::json::to_canonical_string;
/// use serde_json::json;
///
/// assert_eq!(to_canonical_string(&json!(["€", "\u{1f}"]))?, "[\"€\",\"\\u001f\"]");
/// # Ok::<(), dti_score::json::CanonicalError>(())
/// ```
pub fn to_canonical_string(value: &Value) -> Result<String, CanonicalError> {
    let mut out = String::new();
    write_value(value, Numbers::Reject, &Path::Root, &mut out)?;
    Ok(out)
}

fn write_value(
    value: &Value,
    numbers: Numbers,
    path: &Path<'_>,
    out: &mut String,
) -> Result<(), CanonicalError> {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        Value::Number(n) if numbers == Numbers::SafeIntegers && safe_integer(n) => {
            out.push_str(&n.to_string())
        }
        Value::Number(n) => {
            return Err(CanonicalError::Number {
                pointer: path.pointer(),
                value: n.to_string(),
            })
        }
        Value::String(s) => write_string(s, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(item, numbers, &Path::Index(path, i), out)?;
            }
            out.push(']');
        }
        Value::Object(map) => write_object(map, None, numbers, path, out)?,
    }
    Ok(())
}

fn write_object(
    map: &Map<String, Value>,
    skip: Option<&str>,
    numbers: Numbers,
    path: &Path<'_>,
    out: &mut String,
) -> Result<(), CanonicalError> {
    let mut members: Vec<(&String, &Value)> = map
        .iter()
        .filter(|(k, _)| Some(k.as_str()) != skip)
        .collect();
    members.sort_unstable_by(|(a, _), (b, _)| utf16_cmp(a, b));
    out.push('{');
    for (i, (key, item)) in members.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_string(key, out);
        out.push(':');
        write_value(item, numbers, &Path::Key(path, key), out)?;
    }
    out.push('}');
    Ok(())
}

/// RFC 8785 §3.2.3: names sort by their UTF-16 code units, compared as unsigned
/// integers. That is the order of UTF-8 bytes (of code points) except where one string
/// has a character from U+E000–U+FFFF and the other a supplementary character (above
/// U+FFFF, two code units starting 0xD800–0xDBFF) at the first difference; so compare
/// bytes, and only look at that first differing character when it is not ASCII.
fn utf16_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    let (x, y) = (a.as_bytes(), b.as_bytes());
    let Some(at) = x.iter().zip(y).position(|(p, q)| p != q) else {
        return x.len().cmp(&y.len());
    };
    if x[at].is_ascii() && y[at].is_ascii() {
        return x[at].cmp(&y[at]);
    }
    // Back up to the start of the character the difference falls in (the bytes before
    // `at` are equal, so both strings have a character boundary there).
    let mut start = at;
    while !a.is_char_boundary(start) {
        start -= 1;
    }
    let first_unit = |s: &str| {
        let c = s[start..].chars().next().map_or(0, u32::from);
        if c > 0xFFFF {
            0xD800 + ((c - 0x10000) >> 10)
        } else {
            c
        }
    };
    match first_unit(a).cmp(&first_unit(b)) {
        std::cmp::Ordering::Equal => a[start..].encode_utf16().cmp(b[start..].encode_utf16()),
        other => other,
    }
}

/// RFC 8785 §3.2.2.2 (ECMAScript `JSON.stringify`): `"` and `\` escaped, the five
/// controls with a short form use it, other controls below U+0020 become `\u00xx` with
/// lower-case hex; everything else, including `/`, DEL and non-ASCII, is written as is.
fn write_string(s: &str, out: &mut String) {
    out.push('"');
    let bytes = s.as_bytes();
    let mut from = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            0x08 => "\\b",
            b'\t' => "\\t",
            b'\n' => "\\n",
            0x0c => "\\f",
            b'\r' => "\\r",
            0x00..=0x1f => "",
            _ => continue,
        };
        // Escapes are ASCII, so `i` is a character boundary.
        out.push_str(&s[from..i]);
        if escape.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.push_str("\\u00");
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 0xf)] as char);
        } else {
            out.push_str(escape);
        }
        from = i + 1;
    }
    out.push_str(&s[from..]);
    out.push('"');
}

/// Parse JSON text the way a verifier must: like `serde_json::from_str`, but a repeated
/// member name is an error instead of "last one wins".
///
/// Numbers are still accepted here (so that the error can name them precisely later,
/// with [`to_canonical_bytes`]).
///
/// # Errors
///
/// [`CanonicalError::Syntax`] for text that is not JSON, [`CanonicalError::DuplicateKey`]
/// for a repeated member name.
///
/// # Examples
///
/// ```
/// use dti_score::json::{parse_strict, CanonicalError};
///
/// let err = parse_strict(r#"{"unit": {"id": "a", "id": "b"}}"#).unwrap_err();
/// assert_eq!(err, CanonicalError::DuplicateKey { pointer: "/unit".into(), key: "id".into() });
/// ```
pub fn parse_strict(text: &str) -> Result<Value, CanonicalError> {
    parse_strict_slice(text.as_bytes())
}

/// [`parse_strict`] for bytes as read from a file: text that is not UTF-8 is a
/// [`CanonicalError::Syntax`] error like any other damage.
///
/// # Errors
///
/// As [`parse_strict`].
pub(crate) fn parse_strict_slice(bytes: &[u8]) -> Result<Value, CanonicalError> {
    let found = RefCell::new(None);
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let result = StrictSeed {
        path: Path::Root,
        found: &found,
    }
    .deserialize(&mut de)
    .and_then(|value| de.end().map(|()| value));
    match result {
        Ok(value) => Ok(value),
        Err(err) => Err(found
            .into_inner()
            .unwrap_or_else(|| CanonicalError::Syntax {
                line: err.line(),
                column: err.column(),
                reason: strip_position(&err.to_string()),
            })),
    }
}

/// serde_json appends " at line L column C" to its messages; the error carries both.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

/// Where a value is, as a chain of borrowed steps: the JSON Pointer is only written out
/// when an error needs it.
#[derive(Clone, Copy)]
pub(crate) enum Path<'p> {
    Root,
    Key(&'p Path<'p>, &'p str),
    Index(&'p Path<'p>, usize),
}

impl Path<'_> {
    pub(crate) fn pointer(&self) -> String {
        match self {
            Path::Root => String::new(),
            Path::Key(parent, key) => {
                format!("{}/{}", parent.pointer(), super::pointer::token(key))
            }
            Path::Index(parent, index) => format!("{}/{index}", parent.pointer()),
        }
    }
}

/// Builds a `serde_json::Value` while tracking where it is, rejecting duplicates.
struct StrictSeed<'a, 'p> {
    path: Path<'p>,
    found: &'a RefCell<Option<CanonicalError>>,
}

impl<'de> DeserializeSeed<'de> for StrictSeed<'_, '_> {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for StrictSeed<'_, '_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any json value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        // A non-finite value cannot come out of JSON text; map it to null defensively.
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        loop {
            let seed = StrictSeed {
                path: Path::Index(&self.path, items.len()),
                found: self.found,
            };
            match seq.next_element_seed(seed)? {
                Some(item) => items.push(item),
                None => break,
            }
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        let mut map = Map::new();
        while let Some(key) = access.next_key::<String>()? {
            // One lookup per member: the vacant entry keeps its place for the value.
            let entry = match map.entry(key) {
                serde_json::map::Entry::Vacant(entry) => entry,
                serde_json::map::Entry::Occupied(entry) => {
                    let err = CanonicalError::DuplicateKey {
                        pointer: self.path.pointer(),
                        key: entry.key().clone(),
                    };
                    let message = err.to_string();
                    *self.found.borrow_mut() = Some(err);
                    return Err(de::Error::custom(message));
                }
            };
            let seed = StrictSeed {
                path: Path::Key(&self.path, entry.key()),
                found: self.found,
            };
            let value = access.next_value_seed(seed)?;
            entry.insert(value);
        }
        Ok(Value::Object(map))
    }
}

#[cfg(test)]
mod examples {
    #[test]
    fn parse_strict_slice_example() {
        use super::{parse_strict_slice, CanonicalError};

        assert!(matches!(
            parse_strict_slice(b"[\"\xff\"]"),
            Err(CanonicalError::Syntax { .. })
        ));
    }

    #[test]
    fn to_canonical_bytes_with_integers_example() -> Result<(), crate::json::CanonicalError> {
        use super::to_canonical_bytes_with_integers;
        use serde_json::json;

        let set = json!({"by_year": [{"to": 2027, "from": 2025, "value": "95%"}]});
        assert_eq!(
            to_canonical_bytes_with_integers(&set)?,
            br#"{"by_year":[{"from":2025,"to":2027,"value":"95%"}]}"#
        );
        assert!(to_canonical_bytes_with_integers(&json!([0.5])).is_err());
        Ok(())
    }

    #[test]
    fn to_canonical_bytes_without_example() -> Result<(), crate::json::CanonicalError> {
        use super::to_canonical_bytes_without;
        use serde_json::json;

        let doc = json!({"b": "2", "signatures": {"x": "00"}, "a": "1"});
        assert_eq!(
            to_canonical_bytes_without(&doc, "signatures")?,
            br#"{"a":"1","b":"2"}"#
        );
        Ok(())
    }
}
