//! Decimal numbers: parsing what people type, parsing fractions, rounding, and
//! Vietnamese and English display.
//!
//! Every quantity and point in dti-score is a [`Decimal`]; this module is the only
//! place that turns text into numbers and numbers into text.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use crate::text::Lang;

pub(crate) mod field;
mod typed;
mod words;

pub use crate::error::{NumberError, TypedError};
pub use field::{Field, FieldKind};
pub use typed::read_typed;
pub(crate) use typed::show_typed;
pub(crate) use words::words_vi;

/// Parses a number as people write it, in files and in the page.
///
/// Accepts canonical decimals (`"0.95"`, `"-3"`, `"1500000"`) and Vietnamese formatting:
/// a comma is the decimal separator (`"80,5"`), dots group thousands when there are two or
/// more of them or when a decimal comma follows (`"1.234.567"`, `"1.234,5"`), spaces
/// (including non-breaking ones) group thousands (`"1 234 567"`), and a trailing `%`
/// divides by 100 (`"80%"` is `0.8`). A single dot with no comma is a decimal point, so
/// every canonical decimal string reads the same.
///
/// # Errors
/// [`NumberError`] when the text is empty, holds other characters, groups digits wrongly,
/// or is too large.
///
/// # Example
/// ```
/// use dti_score::number::parse_number;
/// assert_eq!(parse_number("1.234.567").unwrap().to_string(), "1234567");
/// assert_eq!(parse_number("80,5%").unwrap().to_string(), "0.805");
/// assert_eq!(parse_number("0.95").unwrap().to_string(), "0.95");
/// ```
pub fn parse_number(text: &str) -> Result<Decimal, NumberError> {
    // Fast path: a canonical decimal, as files and most typing give it (no allocation
    // when the text is not one).
    if is_canonical(text) {
        if let Ok(d) = Decimal::from_str_exact(text) {
            return Ok(d);
        }
    }
    // Second fast path: the Vietnamese way of writing, "1.234.567" or "1.234,5".
    if let Some(d) = vietnamese_fast(text) {
        return Ok(d);
    }
    parse_general(text)
}

/// Reads any way of writing a number that [`parse_number`] accepts, or says why not.
fn parse_general(text: &str) -> Result<Decimal, NumberError> {
    let trimmed = text.trim_matches(|c: char| c.is_whitespace());
    if trimmed.is_empty() {
        return Err(NumberError::Empty);
    }
    let not_a_number = || NumberError::NotANumber {
        text: text.to_string(),
    };
    let (body, percent) = match trimmed.strip_suffix('%') {
        Some(rest) => (rest.trim_end(), true),
        None => (trimmed, false),
    };
    let (negative, body) = match body.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, body.strip_prefix('+').unwrap_or(body)),
    };
    if body.is_empty()
        || !body
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | ' ' | '\u{a0}' | '\u{202f}'))
    {
        return Err(not_a_number());
    }
    let has_space = body.contains([' ', '\u{a0}', '\u{202f}']);
    let commas = body.bytes().filter(|&b| b == b',').count();
    let dots = body.bytes().filter(|&b| b == b'.').count();
    if commas > 1 {
        return Err(not_a_number());
    }
    // Split into the integer part (possibly grouped) and the fraction digits.
    let (int_part, frac_part, grouped_by_dots) = if commas == 1 {
        let (i, f) = body.split_once(',').ok_or_else(not_a_number)?;
        (i, Some(f), dots > 0)
    } else if dots >= 2 {
        (body, None, true)
    } else if dots == 1 {
        let (i, f) = body.split_once('.').ok_or_else(not_a_number)?;
        (i, Some(f), false)
    } else {
        (body, None, false)
    };
    if grouped_by_dots && has_space {
        return Err(NumberError::BadGrouping {
            text: text.to_string(),
        });
    }
    let mut digits = Digits::default();
    if negative {
        digits.push_str("-");
    }
    if grouped_by_dots || has_space {
        let mut groups = int_part.split(['.', ' ', '\u{a0}', '\u{202f}']);
        let first = groups.next().unwrap_or_default();
        let first_ok = (1..=3).contains(&first.len());
        let rest_ok = groups.clone().all(|g| g.len() == 3);
        if !first_ok || !rest_ok {
            return Err(NumberError::BadGrouping {
                text: text.to_string(),
            });
        }
        digits.push_str(first);
        groups.for_each(|g| digits.push_str(g));
    } else {
        if int_part.is_empty() {
            return Err(not_a_number());
        }
        digits.push_str(int_part);
    }
    if let Some(frac) = frac_part {
        if frac.is_empty() || !frac.chars().all(|c| c.is_ascii_digit()) {
            return Err(not_a_number());
        }
        digits.push_str(".");
        digits.push_str(frac);
    }
    let value = Decimal::from_str_exact(digits.as_str()).map_err(|_| NumberError::TooLarge {
        text: text.to_string(),
    })?;
    if percent {
        value
            .checked_div(Decimal::ONE_HUNDRED)
            .ok_or(NumberError::TooLarge {
                text: text.to_string(),
            })
    } else {
        Ok(value)
    }
}

/// Parses a canonical decimal as the set format writes it: digits, an optional
/// leading `-` and an optional `.` fraction, nothing else.
///
/// # Errors
/// [`NumberError::NotANumber`] for anything else, [`NumberError::TooLarge`] past
/// 28 digits.
///
/// # Example
/// ```
/// use dti_score::number::parse_canonical;
/// assert_eq!(parse_canonical("12.50").unwrap().to_string(), "12.50");
/// assert!(parse_canonical("1.234.567").is_err());
/// ```
pub fn parse_canonical(text: &str) -> Result<Decimal, NumberError> {
    if !is_canonical(text) {
        return Err(NumberError::NotANumber {
            text: text.to_string(),
        });
    }
    Decimal::from_str_exact(text).map_err(|_| NumberError::TooLarge {
        text: text.to_string(),
    })
}

/// Reads, in one pass over the bytes, a number written the Vietnamese way with dots
/// (or spaces) grouping the thousands and an optional decimal comma (`1.234.567`,
/// `1.234,5`, `80,5`, `52 300`): what the general path below reads the same way, without its checks and
/// copies. `None` for anything else (the general path then reads it or explains why
/// not), including numbers past 28 digits.
fn vietnamese_fast(text: &str) -> Option<Decimal> {
    let bytes = text.as_bytes();
    let (int_part, frac) = match bytes.iter().position(|&b| b == b',') {
        Some(i) => (&bytes[..i], Some(&bytes[i + 1..])),
        None => (bytes, None),
    };
    let mut mantissa: u128 = 0;
    let mut push = |b: u8| -> Option<()> {
        mantissa = mantissa
            .checked_mul(10)?
            .checked_add(u128::from(b - b'0'))?;
        Some(())
    };
    // The integer part: groups of 3 after a first group of 1 to 3 digits, separated by
    // dots or by spaces (not both), or (with a decimal comma) plain digits.
    let sep = if int_part.contains(&b' ') { b' ' } else { b'.' };
    if sep == b' ' && int_part.contains(&b'.') {
        return None;
    }
    let seps = int_part.iter().filter(|&&b| b == sep).count();
    // Without a comma, one dot is a decimal point (the canonical path's case).
    if frac.is_none() && (seps == 0 || (sep == b'.' && seps == 1)) {
        return None;
    }
    for (k, group) in int_part.split(|&b| b == sep).enumerate() {
        let ok_len = match (seps, k) {
            (0, _) => !group.is_empty(),
            (_, 0) => (1..=3).contains(&group.len()),
            _ => group.len() == 3,
        };
        if !ok_len || !group.iter().all(u8::is_ascii_digit) {
            return None;
        }
        group.iter().try_for_each(|&b| push(b))?;
    }
    let mut scale = 0u32;
    if let Some(frac) = frac {
        if frac.is_empty() || !frac.iter().all(u8::is_ascii_digit) {
            return None;
        }
        frac.iter().try_for_each(|&b| push(b))?;
        scale = u32::try_from(frac.len()).ok()?;
    }
    Decimal::try_from_i128_with_scale(i128::try_from(mantissa).ok()?, scale).ok()
}

/// The canonical text a typed number is rewritten to before it is read: on the stack
/// for any realistic number, on the heap past 64 characters.
struct Digits {
    stack: [u8; 64],
    len: usize,
    heap: Option<String>,
}

impl Default for Digits {
    fn default() -> Self {
        Digits {
            stack: [0; 64],
            len: 0,
            heap: None,
        }
    }
}

impl Digits {
    fn push_str(&mut self, s: &str) {
        if let Some(h) = &mut self.heap {
            h.push_str(s);
        } else if let Some(slot) = self.stack.get_mut(self.len..self.len + s.len()) {
            slot.copy_from_slice(s.as_bytes());
            self.len += s.len();
        } else {
            let mut h = String::from(self.as_str());
            h.push_str(s);
            self.heap = Some(h);
        }
    }

    fn as_str(&self) -> &str {
        match &self.heap {
            Some(h) => h,
            // Only whole `&str`s are copied in, so the bytes are UTF-8.
            None => std::str::from_utf8(&self.stack[..self.len]).unwrap_or_default(),
        }
    }
}

/// Whether `text` has the canonical shape: an optional `-`, digits, and optionally a
/// dot followed by digits.
fn is_canonical(text: &str) -> bool {
    let body = text.strip_prefix('-').unwrap_or(text);
    match body.split_once('.') {
        Some((i, f)) => is_digits(i) && is_digits(f),
        None => is_digits(body),
    }
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// Parses a share of a maximum: a canonical decimal (`"0.7"`), a percentage (`"70%"`) or
/// a fraction as the sources write it (`"1/2"`, `"3/5"`).
///
/// # Errors
/// [`NumberError`] when either side is not a canonical decimal or the denominator is zero.
///
/// # Example
/// ```
/// use dti_score::number::parse_fraction;
/// assert_eq!(parse_fraction("1/4").unwrap().to_string(), "0.25");
/// assert_eq!(parse_fraction("70%").unwrap().to_string(), "0.7");
/// ```
pub fn parse_fraction(text: &str) -> Result<Decimal, NumberError> {
    if let Some((num, den)) = text.split_once('/') {
        let n = parse_canonical(num.trim())?;
        let d = parse_canonical(den.trim())?;
        if d.is_zero() {
            return Err(NumberError::ZeroDenominator {
                text: text.to_string(),
            });
        }
        return n
            .checked_div(d)
            .map(|q| q.normalize())
            .ok_or(NumberError::TooLarge {
                text: text.to_string(),
            });
    }
    if let Some(p) = text.strip_suffix('%') {
        let v = parse_canonical(p.trim())?;
        return v
            .checked_div(Decimal::ONE_HUNDRED)
            .map(|q| q.normalize())
            .ok_or(NumberError::TooLarge {
                text: text.to_string(),
            });
    }
    parse_canonical(text).map(|d| d.normalize())
}

/// How points are rounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RoundingMode {
    /// 0.125 → 0.13, −0.125 → −0.13 (the default; the usual reading of the sources).
    HalfAwayFromZero,
    /// Banker's rounding: 0.125 → 0.12, 0.135 → 0.14.
    HalfEven,
    /// Truncation toward zero: 0.129 → 0.12.
    Down,
}

impl RoundingMode {
    /// The mode's name as the set format writes it.
    pub fn name(self) -> &'static str {
        match self {
            Self::HalfAwayFromZero => "half_away_from_zero",
            Self::HalfEven => "half_even",
            Self::Down => "down",
        }
    }

    /// Reads a mode name.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "half_away_from_zero" => Some(Self::HalfAwayFromZero),
            "half_even" => Some(Self::HalfEven),
            "down" => Some(Self::Down),
            _ => None,
        }
    }
}

/// The rounding policy of a set: points are rounded once per component.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rounding {
    /// Decimal places kept.
    pub decimals: u32,
    /// How the last kept place is chosen.
    pub mode: RoundingMode,
}

impl Default for Rounding {
    fn default() -> Self {
        Self {
            decimals: 2,
            mode: RoundingMode::HalfAwayFromZero,
        }
    }
}

impl Rounding {
    /// Rounds a value by this policy and normalizes it (no trailing zeros).
    ///
    /// # Example
    /// ```
    /// use dti_score::number::Rounding;
    /// use rust_decimal::Decimal;
    /// let r = Rounding::default();
    /// assert_eq!(r.apply(Decimal::new(18745, 3)).to_string(), "18.75");
    /// ```
    pub fn apply(&self, value: Decimal) -> Decimal {
        let strategy = match self.mode {
            RoundingMode::HalfAwayFromZero => RoundingStrategy::MidpointAwayFromZero,
            RoundingMode::HalfEven => RoundingStrategy::MidpointNearestEven,
            RoundingMode::Down => RoundingStrategy::ToZero,
        };
        value
            .round_dp_with_strategy(self.decimals, strategy)
            .normalize()
    }
}

/// Writes a decimal the Vietnamese way: dots between thousands, a decimal comma
/// ("1.234,5"). No rounding: the value is written in full, without trailing zeros.
///
/// # Example
/// ```
/// use dti_score::number::format_vi;
/// use rust_decimal::Decimal;
/// assert_eq!(format_vi(&Decimal::new(12345, 1)), "1.234,5");
/// ```
pub fn format_vi(value: &Decimal) -> String {
    format_grouped(value, '.', ',')
}

/// Writes a decimal the English way ("1,234.5").
pub(crate) fn format_en(value: &Decimal) -> String {
    format_grouped(value, ',', '.')
}

/// Writes a decimal for a language.
pub fn format_lang(value: &Decimal, lang: Lang) -> String {
    match lang {
        Lang::Vi => format_vi(value),
        Lang::En => format_en(value),
    }
}

/// Writes a fraction as a percentage for a language, rounded to at most two decimal
/// places for display ("75%", "66,67%").
pub fn format_percent(value: &Decimal, lang: Lang) -> String {
    let pct = value
        .checked_mul(Decimal::ONE_HUNDRED)
        .map(|p| p.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero))
        .unwrap_or(*value);
    let mut out = format_lang(&pct, lang);
    out.push('%');
    out
}

fn format_grouped(value: &Decimal, group: char, point: char) -> String {
    let text = value.normalize().to_string();
    let (sign, unsigned) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text.as_str()),
    };
    let (int, frac) = match unsigned.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (unsigned, None),
    };
    // Room for the separators and a '%' after: one allocation.
    let mut out = String::with_capacity(text.len() + int.len() / 3 + 2);
    out.push_str(sign);
    let len = int.len();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (len - i) % 3 == 0 {
            out.push(group);
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push(point);
        out.push_str(f);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every text of up to 8 characters over digits, dots and commas that the fast
    /// path reads, the general path reads to the same decimal (same scale too).
    #[test]
    fn the_vietnamese_fast_path_agrees_with_the_general_one() {
        let alphabet = ['0', '7', '.', ',', ' '];
        let mut read = 0;
        let mut texts = vec![String::new()];
        for _ in 0..7 {
            texts = texts
                .iter()
                .flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}")))
                .collect();
            for t in &texts {
                if let Some(fast) = vietnamese_fast(t) {
                    read += 1;
                    let general = parse_general(t).unwrap();
                    assert_eq!((fast, fast.scale()), (general, general.scale()), "{t}");
                }
            }
        }
        // "7.777.777" and "77,7" are among them; "7.7" and "7,7,7" are not.
        assert!(read > 600, "{read}");
        assert_eq!(vietnamese_fast("7.777.777"), Some(Decimal::from(7_777_777)));
        assert_eq!(vietnamese_fast("7.7"), None);
        assert_eq!(vietnamese_fast("7,7,7"), None);
        assert_eq!(vietnamese_fast("7777.777.777"), None);
        assert_eq!(vietnamese_fast("52 300"), Some(Decimal::from(52_300)));
        assert_eq!(vietnamese_fast("7 777.777"), None);
    }

    fn p(s: &str) -> String {
        parse_number(s)
            .map(|d| d.to_string())
            .unwrap_or_else(|e| format!("error: {e}"))
    }

    #[test]
    fn parses_vietnamese_and_canonical_forms() {
        assert_eq!(p("1.234.567"), "1234567");
        assert_eq!(p("80,5"), "80.5");
        assert_eq!(p("80%"), "0.80");
        assert_eq!(p("80,5%"), "0.805");
        assert_eq!(p("1.234,5"), "1234.5");
        assert_eq!(p("1 234 567"), "1234567");
        assert_eq!(p("1\u{a0}234"), "1234");
        assert_eq!(p("0.95"), "0.95");
        assert_eq!(p("1.500"), "1.500");
        assert_eq!(p(" 42 "), "42");
        assert_eq!(p("-3"), "-3");
        assert_eq!(p("+3"), "3");
    }

    #[test]
    fn rejects_what_is_not_a_number() {
        assert_eq!(p(""), "error: no number given");
        assert_eq!(p("abc"), "error: “abc” is not a number");
        assert_eq!(p("1,2,3"), "error: “1,2,3” is not a number");
        assert_eq!(
            p("1.23.456"),
            "error: “1.23.456”: thousands separators must split groups of three digits (e.g. 1.234.567)"
        );
        assert_eq!(p("12,"), "error: “12,” is not a number");
        assert_eq!(p("%"), "error: “%” is not a number");
        assert_eq!(p("1e5"), "error: “1e5” is not a number");
        assert_eq!(
            p("99999999999999999999999999999999"),
            "error: “99999999999999999999999999999999” is too large"
        );
    }

    #[test]
    fn fractions_and_canonical() {
        assert_eq!(parse_fraction("1/2").unwrap().to_string(), "0.5");
        assert_eq!(parse_fraction("3/5").unwrap().to_string(), "0.6");
        assert_eq!(parse_fraction("100%").unwrap().to_string(), "1");
        assert_eq!(parse_fraction("0.70").unwrap().to_string(), "0.7");
        assert_eq!(
            parse_fraction("1/0").unwrap_err(),
            NumberError::ZeroDenominator { text: "1/0".into() }
        );
        assert_eq!(
            parse_canonical("1,5").unwrap_err(),
            NumberError::NotANumber { text: "1,5".into() }
        );
    }

    #[test]
    fn rounding_modes() {
        let v = Decimal::new(125, 3);
        let r = |mode| Rounding { decimals: 2, mode }.apply(v).to_string();
        assert_eq!(r(RoundingMode::HalfAwayFromZero), "0.13");
        assert_eq!(r(RoundingMode::HalfEven), "0.12");
        assert_eq!(r(RoundingMode::Down), "0.12");
        assert_eq!(
            Rounding::default().apply(Decimal::new(-125, 3)).to_string(),
            "-0.13"
        );
        assert_eq!(
            Rounding::default().apply(Decimal::new(2000, 2)).to_string(),
            "20"
        );
    }

    #[test]
    fn formatting() {
        assert_eq!(format_vi(&Decimal::new(12345, 1)), "1.234,5");
        assert_eq!(format_en(&Decimal::new(12345, 1)), "1,234.5");
        assert_eq!(format_vi(&Decimal::new(-1234567, 0)), "-1.234.567");
        assert_eq!(format_vi(&Decimal::new(100, 0)), "100");
        assert_eq!(
            format_percent(
                &Decimal::new(2, 0).checked_div(Decimal::new(3, 0)).unwrap(),
                Lang::Vi
            ),
            "66,67%"
        );
        assert_eq!(format_percent(&Decimal::new(75, 2), Lang::En), "75%");
    }
}
