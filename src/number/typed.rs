//! Reading what a person types into a number field: one reading, by the field's kind and
//! the language the person types in.
//!
//! Machine formats (values files, submissions, reports) carry canonical decimals and never
//! depend on a language; this is the reader of the keyboard. In Vietnamese (the default)
//! `.` and spaces group thousands and `,` is the decimal mark; in English `,` groups and
//! `.` is the decimal mark. A mark that cannot be a thousands group (`1.5`, `1.25`,
//! `12.3456` in Vietnamese) is refused with both readings in the hint, never guessed.
//!
//! | typed (vi)  | count        | amount       | percent           |
//! |-------------|--------------|--------------|-------------------|
//! | `1.234`     | 1234         | 1234         | refused (> 100%)  |
//! | `1.234,5`   | not whole    | 1234.5       | refused (> 100%)  |
//! | `80,5`      | not whole    | 80.5         | 0.805 (80,5%)     |
//! | `45%`       | no `%` here  | no `%` here  | 0.45              |
//! | `1.5`       | 1,5 or 15?   | 1,5 or 15?   | 1,5 or 15?        |

use std::fmt;

use rust_decimal::Decimal;

use super::{format_lang, parse_canonical};
use crate::text::Lang;

/// What a field takes, as the keyboard sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// A whole number ≥ 0 (households, documents, staff).
    Count,
    /// A decimal; negative only when `negative` (the set allows it for this input).
    Amount {
        /// Whether a negative figure is allowed.
        negative: bool,
    },
    /// A share typed in percent: `45` and `45%` are both 45%, read as 0.45; at most 100%.
    Percent,
}

/// A number field: its kind and, where the set gives it, its unit ("tỷ đồng").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field<'a> {
    /// What kind of number.
    pub kind: FieldKind,
    /// The unit of measure, for messages.
    pub unit: Option<&'a str>,
}

/// Why typed text was refused. Every variant quotes the text as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum TypedError {
    /// Nothing but spaces.
    Empty,
    /// Characters that are not part of a number ("mười", "1e5", "12,").
    NotANumber {
        /// As typed.
        text: String,
    },
    /// Two or more decimal marks ("1,234,567" in Vietnamese); `grouped` is the number
    /// written with the language's thousands mark, where the marks could be groups.
    TwoDecimalMarks {
        /// As typed.
        text: String,
        /// The language it was typed in (whose marks the message names).
        typed_in: Lang,
        /// The same digits grouped the language's way ("1.234.567").
        grouped: Option<String>,
    },
    /// A single thousands mark that cannot be a group ("1.5", "12.3456" in Vietnamese):
    /// the decimal reading and, where it makes sense, the whole-number reading.
    AmbiguousMark {
        /// As typed.
        text: String,
        /// The language it was typed in.
        typed_in: Lang,
        /// The text with the language's decimal mark ("1,5").
        decimal: String,
        /// The digits without the mark ("15"), unless the text starts with "0".
        whole: Option<String>,
    },
    /// Thousands groups that are not groups of three digits ("1.23.456").
    BadGrouping {
        /// As typed.
        text: String,
        /// The language it was typed in.
        typed_in: Lang,
    },
    /// A decimal mark before a thousands mark ("1,234.5" in Vietnamese): the other
    /// language's way of writing; `reading` is the number written this language's way.
    OtherLanguage {
        /// As typed.
        text: String,
        /// The language it was typed in.
        typed_in: Lang,
        /// The number as this language writes it ("1.234,5").
        reading: String,
    },
    /// More digits than a decimal holds.
    TooLarge {
        /// As typed.
        text: String,
    },
    /// A `%` in a field that is not a share.
    PercentNotAllowed {
        /// As typed.
        text: String,
        /// The field's kind.
        kind: FieldKind,
        /// The field's unit.
        unit: Option<String>,
    },
    /// A negative figure where none is allowed.
    Negative {
        /// As typed.
        text: String,
    },
    /// A count that is not whole; `hint` is the whole number the text may have meant
    /// ("2,856" in Vietnamese may be 2856 written the English way: "2.856").
    NotWhole {
        /// As typed.
        text: String,
        /// The language it was typed in.
        typed_in: Lang,
        /// The likely whole number, written this language's way.
        hint: Option<String>,
    },
    /// A share above 100%.
    ShareAbove100 {
        /// As typed.
        text: String,
    },
}

impl TypedError {
    /// A stable code for the page and tests.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Empty => "typed.empty",
            Self::NotANumber { .. } => "typed.not_a_number",
            Self::TwoDecimalMarks { .. } => "typed.two_decimal_marks",
            Self::AmbiguousMark { .. } => "typed.ambiguous_mark",
            Self::BadGrouping { .. } => "typed.bad_grouping",
            Self::OtherLanguage { .. } => "typed.other_language",
            Self::TooLarge { .. } => "typed.too_large",
            Self::PercentNotAllowed { .. } => "typed.percent_not_allowed",
            Self::Negative { .. } => "typed.negative",
            Self::NotWhole { .. } => "typed.not_whole",
            Self::ShareAbove100 { .. } => "typed.share_above_100",
        }
    }

    /// The message in a language: what was typed, why it is refused, what to type.
    pub fn message(&self, lang: Lang) -> String {
        let (vi, en) = match self {
            Self::Empty => ("chưa nhập số".to_string(), "no number given".to_string()),
            Self::NotANumber { text } => (
                format!("“{text}” không phải là số; hãy viết bằng chữ số, ví dụ 1.234,5"),
                format!("“{text}” is not a number; write it in digits, e.g. 1,234.5"),
            ),
            Self::TwoDecimalMarks {
                text,
                typed_in,
                grouped,
            } => {
                let m = MarkNames::of(*typed_in);
                match grouped {
                    Some(g) => (
                        format!("“{text}”: {}{} là dấu thập phân, chỉ được một dấu; nếu là số nguyên, hãy viết {g}", m.vi_context, m.vi_decimal),
                        format!("“{text}”: {}{} is the decimal mark and comes once; for a whole number, write {g}", m.en_context, m.en_decimal),
                    ),
                    None => (
                        format!("“{text}”: {}{} là dấu thập phân, chỉ được một dấu", m.vi_context, m.vi_decimal),
                        format!("“{text}”: {}{} is the decimal mark and comes once", m.en_context, m.en_decimal),
                    ),
                }
            }
            Self::AmbiguousMark {
                text,
                typed_in,
                decimal,
                whole,
            } => {
                let m = MarkNames::of(*typed_in);
                let or_whole_vi = whole
                    .as_ref()
                    .map(|w| format!(" — hoặc {w}?"))
                    .unwrap_or_default();
                let or_whole_en = whole
                    .as_ref()
                    .map(|w| format!(" — or {w}?"))
                    .unwrap_or_default();
                (
                    format!("“{text}”: {}{} chỉ dùng phân cách hàng nghìn ({}); dùng {} cho phần thập phân: {decimal}{or_whole_vi}", m.vi_context, m.vi_group, m.example, m.vi_decimal),
                    format!("“{text}”: {}{} only separates thousands ({}); use {} for decimals: {decimal}{or_whole_en}", m.en_context, m.en_group, m.example, m.en_decimal),
                )
            }
            Self::BadGrouping { text, typed_in } => {
                let m = MarkNames::of(*typed_in);
                (
                    format!("“{text}”: dấu phân cách hàng nghìn phải chia thành nhóm 3 chữ số (ví dụ {})", m.example_long),
                    format!("“{text}”: thousands separators must split groups of three digits (e.g. {})", m.example_long),
                )
            }
            Self::OtherLanguage {
                text,
                typed_in,
                reading,
            } => {
                let m = MarkNames::of(*typed_in);
                (
                    format!("“{text}”: {}{} phân cách hàng nghìn và {} là dấu thập phân; hãy viết {reading}", m.vi_context_always, m.vi_group, m.vi_decimal),
                    format!("“{text}”: {}{} separates thousands and {} is the decimal mark; write {reading}", m.en_context_always, m.en_group, m.en_decimal),
                )
            }
            Self::TooLarge { text } => (
                format!("“{text}” quá lớn"),
                format!("“{text}” is too large"),
            ),
            Self::PercentNotAllowed { text, kind, unit } => {
                let (what_vi, what_en) = match kind {
                    FieldKind::Count => ("số đếm", "a count"),
                    FieldKind::Amount { .. }
                        if unit.as_deref().is_some_and(|u| u.contains("đồng")) =>
                    {
                        ("số tiền", "an amount of money")
                    }
                    FieldKind::Amount { .. } | FieldKind::Percent => ("một số lượng", "an amount"),
                };
                let unit = unit
                    .as_deref()
                    .map(|u| format!(" ({u})"))
                    .unwrap_or_default();
                (
                    format!("“{text}”: trường này là {what_vi}{unit}, không nhận %"),
                    format!("“{text}”: this field is {what_en}{unit}, not a percentage"),
                )
            }
            Self::Negative { text } => (
                format!("“{text}” là số âm; trường này không nhận số âm"),
                format!("“{text}” is negative; this field takes no negative figure"),
            ),
            Self::NotWhole {
                text,
                typed_in,
                hint,
            } => match hint {
                Some(h) => {
                    let m = MarkNames::of(*typed_in);
                    let digits: String = h.chars().filter(char::is_ascii_digit).collect();
                    (
                        format!("“{text}”: số đếm phải là số nguyên ({}{} là dấu thập phân); nếu là {digits}, hãy viết {h} hoặc {digits}", m.vi_context, m.vi_decimal),
                        format!("“{text}”: a count must be a whole number ({}{} is the decimal mark); if you mean {digits}, write {h} or {digits}", m.en_context, m.en_decimal),
                    )
                }
                None => (
                    format!("“{text}”: số đếm phải là số nguyên"),
                    format!("“{text}”: a count must be a whole number"),
                ),
            },
            Self::ShareAbove100 { text } => (
                format!("“{text}”: tỷ lệ không được vượt 100%"),
                format!("“{text}”: a share cannot exceed 100%"),
            ),
        };
        match lang {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }
}

impl fmt::Display for TypedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for TypedError {}

/// The marks of the language a number was typed in, named in each language of the
/// messages; the context says which way of writing is meant where the message's
/// language is not the typing language ("in Vietnamese figures, the point …").
struct MarkNames {
    vi_group: &'static str,
    vi_decimal: &'static str,
    en_group: &'static str,
    en_decimal: &'static str,
    vi_context: &'static str,
    en_context: &'static str,
    vi_context_always: &'static str,
    en_context_always: &'static str,
    example: &'static str,
    example_long: &'static str,
}

impl MarkNames {
    fn of(typed_in: Lang) -> MarkNames {
        match typed_in {
            Lang::Vi => MarkNames {
                vi_group: "dấu chấm",
                vi_decimal: "dấu phẩy",
                en_group: "the point",
                en_decimal: "a comma",
                vi_context: "",
                en_context: "in Vietnamese figures, ",
                vi_context_always: "trong tiếng Việt ",
                en_context_always: "in Vietnamese figures, ",
                example: "1.234",
                example_long: "1.234.567",
            },
            Lang::En => MarkNames {
                vi_group: "dấu phẩy",
                vi_decimal: "dấu chấm",
                en_group: "the comma",
                en_decimal: "a point",
                vi_context: "khi nhập kiểu tiếng Anh, ",
                en_context: "",
                vi_context_always: "khi nhập kiểu tiếng Anh, ",
                en_context_always: "in English ",
                example: "1,234",
                example_long: "1,234,567",
            },
        }
    }
}

/// The language's thousands mark and decimal mark.
fn marks(lang: Lang) -> (char, char) {
    match lang {
        Lang::Vi => ('.', ','),
        Lang::En => (',', '.'),
    }
}

/// Spaces that group thousands: the space, the no-break and narrow no-break spaces Excel
/// and Word paste, and the thin space.
fn is_group_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}')
}

/// Reads what a person typed into a number field.
///
/// The value is a canonical decimal; for a percent field it is the share (`45` → 0.45).
///
/// # Errors
/// [`TypedError`] for text that is not a number in that language, an ambiguous mark, a
/// `%` outside a share field, a negative figure where none is allowed, a count that is
/// not whole, or a share above 100%.
///
/// # Example
/// ```
/// use dti_score::number::{read_typed, Field, FieldKind};
/// use dti_score::text::Lang;
/// let count = Field { kind: FieldKind::Count, unit: None };
/// assert_eq!(read_typed("1.234", count, Lang::Vi).unwrap().to_string(), "1234");
/// assert_eq!(read_typed("1,234", count, Lang::En).unwrap().to_string(), "1234");
/// assert_eq!(read_typed("1.5", count, Lang::Vi).unwrap_err().code(), "typed.ambiguous_mark");
/// let share = Field { kind: FieldKind::Percent, unit: None };
/// assert_eq!(read_typed("45", share, Lang::Vi).unwrap().to_string(), "0.45");
/// ```
pub fn read_typed(text: &str, field: Field<'_>, lang: Lang) -> Result<Decimal, TypedError> {
    let value = read_number(text, lang)?;
    let owned = || text.trim_matches(char::is_whitespace).to_string();
    let (percent, value) = value;
    if percent && field.kind != FieldKind::Percent {
        return Err(TypedError::PercentNotAllowed {
            text: owned(),
            kind: field.kind,
            unit: field.unit.map(str::to_string),
        });
    }
    let negative_ok = matches!(field.kind, FieldKind::Amount { negative: true });
    if value.is_sign_negative() && !value.is_zero() && !negative_ok {
        return Err(TypedError::Negative { text: owned() });
    }
    match field.kind {
        FieldKind::Count if !value.fract().is_zero() => Err(TypedError::NotWhole {
            text: owned(),
            typed_in: lang,
            hint: whole_hint(text.trim_matches(char::is_whitespace), lang),
        }),
        FieldKind::Count | FieldKind::Amount { .. } => Ok(value),
        FieldKind::Percent => {
            let share = value
                .checked_div(Decimal::ONE_HUNDRED)
                .ok_or_else(|| TypedError::TooLarge { text: owned() })?;
            if share > Decimal::ONE {
                return Err(TypedError::ShareAbove100 { text: owned() });
            }
            Ok(share.normalize())
        }
    }
}

/// Reads the number itself: whether a `%` followed, and the decimal as written (before
/// any division by 100).
fn read_number(text: &str, lang: Lang) -> Result<(bool, Decimal), TypedError> {
    let trimmed = text.trim_matches(char::is_whitespace);
    if trimmed.is_empty() {
        return Err(TypedError::Empty);
    }
    let owned = || trimmed.to_string();
    let not_a_number = || TypedError::NotANumber { text: owned() };
    let (body, percent) = match trimmed.strip_suffix('%') {
        Some(rest) => (rest.trim_end_matches(char::is_whitespace), true),
        None => (trimmed, false),
    };
    let (negative, body) = match body
        .strip_prefix('-')
        .or_else(|| body.strip_prefix('\u{2212}'))
    {
        Some(rest) => (true, rest),
        None => (false, body.strip_prefix('+').unwrap_or(body)),
    };
    if !body.starts_with(|c: char| c.is_ascii_digit())
        || !body
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',' || is_group_space(c))
    {
        return Err(not_a_number());
    }
    let (group, decimal) = marks(lang);
    let decimals = body.matches(decimal).count();
    if decimals > 1 {
        // Could the decimal marks be the other language's thousands groups?
        let grouped =
            valid_groups(body, decimal).then(|| body.replace(decimal, &group.to_string()));
        return Err(TypedError::TwoDecimalMarks {
            text: owned(),
            typed_in: lang,
            grouped,
        });
    }
    let (int, frac) = match body.split_once(decimal) {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    if let Some(f) = frac {
        if f.contains(group) {
            // "1,234.5" typed in Vietnamese: read it the other language's way and say so.
            let other = match lang {
                Lang::Vi => Lang::En,
                Lang::En => Lang::Vi,
            };
            return Err(match read_number(body, other) {
                Ok((_, d)) => TypedError::OtherLanguage {
                    text: owned(),
                    typed_in: lang,
                    reading: format_lang(&if negative { -d } else { d }, lang),
                },
                Err(_) => TypedError::BadGrouping {
                    text: owned(),
                    typed_in: lang,
                },
            });
        }
        if f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()) {
            return Err(not_a_number());
        }
    }
    let mut digits = String::with_capacity(body.len() + 1);
    if negative {
        digits.push('-');
    }
    let separators = int
        .chars()
        .filter(|&c| c == group || is_group_space(c))
        .count();
    if separators == 0 {
        digits.push_str(int);
    } else if int
        .split(|c: char| c == group || is_group_space(c))
        .any(str::is_empty)
    {
        // "12.", "1..234", "1 .234": a mark with no digits on one side.
        return Err(not_a_number());
    } else {
        let by_mark = int.contains(group);
        let by_space = int.chars().any(is_group_space);
        let groups_ok = !(by_mark && by_space) && valid_groups(int, group);
        if !groups_ok {
            // One thousands mark that cannot be a group, and no decimal part: the person
            // most likely meant a decimal mark; give both readings.
            if by_mark && !by_space && separators == 1 && frac.is_none() {
                let (i, f) = int.split_once(group).unwrap_or((int, ""));
                let sign = if negative { "-" } else { "" };
                return Err(TypedError::AmbiguousMark {
                    text: owned(),
                    typed_in: lang,
                    decimal: format!("{sign}{i}{decimal}{f}"),
                    whole: (!i.starts_with('0')).then(|| format!("{sign}{i}{f}")),
                });
            }
            return Err(TypedError::BadGrouping {
                text: owned(),
                typed_in: lang,
            });
        }
        digits.extend(int.chars().filter(char::is_ascii_digit));
    }
    if let Some(f) = frac {
        digits.push('.');
        digits.push_str(f);
    }
    let value = parse_canonical(&digits).map_err(|_| TypedError::TooLarge { text: owned() })?;
    Ok((percent, value.normalize()))
}

/// Whether `int` is digits split by `mark` (or grouping spaces) into a first group of 1–3
/// digits, not a lone leading zero, and groups of 3 after it.
fn valid_groups(int: &str, mark: char) -> bool {
    let mut groups = int.split(|c: char| c == mark || is_group_space(c));
    let first = groups.next().unwrap_or_default();
    (1..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_digit())
        && first != "0"
        && groups.all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()))
}

/// For a count that is not whole: the whole number the person may have meant, when the
/// decimal mark stands where the other language's thousands mark would ("2,856" in
/// Vietnamese, "2.856" in English), written this language's way.
fn whole_hint(text: &str, lang: Lang) -> Option<String> {
    let (group, decimal) = marks(lang);
    let body = text.strip_prefix('-').unwrap_or(text);
    let (int, frac) = body.split_once(decimal)?;
    (frac.len() == 3 && !int.contains(group) && valid_groups(int, group))
        .then(|| format!("{int}{group}{frac}"))
}

/// The value of a field written back for the person, in the UI language: "1.234,5",
/// and for a share "45%".
pub fn show_typed(value: &Decimal, kind: FieldKind, lang: Lang) -> String {
    match kind {
        FieldKind::Count | FieldKind::Amount { .. } => format_lang(value, lang),
        FieldKind::Percent => {
            let pct = value
                .checked_mul(Decimal::ONE_HUNDRED)
                .map(|p| p.normalize())
                .unwrap_or(*value);
            let mut out = format_lang(&pct, lang);
            out.push('%');
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str, kind: FieldKind, lang: Lang) -> String {
        match read_typed(text, Field { kind, unit: None }, lang) {
            Ok(d) => d.to_string(),
            Err(e) => e.code().to_string(),
        }
    }

    const AMOUNT: FieldKind = FieldKind::Amount { negative: false };

    #[test]
    fn the_issue_s_cases() {
        assert_eq!(read("1.234", AMOUNT, Lang::Vi), "1234");
        assert_eq!(read("45%", AMOUNT, Lang::Vi), "typed.percent_not_allowed");
        assert_eq!(read("12.345", FieldKind::Count, Lang::Vi), "12345");
        assert_eq!(read("3.210", FieldKind::Count, Lang::Vi), "3210");
        assert_eq!(read("2.856", FieldKind::Count, Lang::Vi), "2856");
        assert_eq!(
            read("45%", FieldKind::Count, Lang::Vi),
            "typed.percent_not_allowed"
        );
        assert_eq!(read("1.5", AMOUNT, Lang::Vi), "typed.ambiguous_mark");
    }

    #[test]
    fn hints_name_both_readings() {
        let e = read_typed(
            "1.5",
            Field {
                kind: AMOUNT,
                unit: None,
            },
            Lang::Vi,
        )
        .unwrap_err();
        assert_eq!(
            e.message(Lang::Vi),
            "“1.5”: dấu chấm chỉ dùng phân cách hàng nghìn (1.234); dùng dấu phẩy cho phần thập phân: 1,5 — hoặc 15?"
        );
        let e = read_typed(
            "2,856",
            Field {
                kind: FieldKind::Count,
                unit: None,
            },
            Lang::Vi,
        )
        .unwrap_err();
        assert_eq!(
            e,
            TypedError::NotWhole {
                text: "2,856".into(),
                typed_in: Lang::Vi,
                hint: Some("2.856".into())
            }
        );
        assert_eq!(
            e.message(Lang::En),
            "“2,856”: a count must be a whole number (in Vietnamese figures, a comma is the decimal mark); if you mean 2856, write 2.856 or 2856"
        );
        let e = read_typed(
            "1,234.5",
            Field {
                kind: AMOUNT,
                unit: None,
            },
            Lang::Vi,
        )
        .unwrap_err();
        assert_eq!(
            e,
            TypedError::OtherLanguage {
                text: "1,234.5".into(),
                typed_in: Lang::Vi,
                reading: "1.234,5".into()
            }
        );
    }

    #[test]
    fn shown_back() {
        assert_eq!(
            show_typed(&Decimal::new(45, 2), FieldKind::Percent, Lang::Vi),
            "45%"
        );
        assert_eq!(
            show_typed(&Decimal::new(805, 3), FieldKind::Percent, Lang::Vi),
            "80,5%"
        );
        assert_eq!(
            show_typed(&Decimal::new(12345, 1), AMOUNT, Lang::En),
            "1,234.5"
        );
    }
}
