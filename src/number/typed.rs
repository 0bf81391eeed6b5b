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

use rust_decimal::Decimal;

use super::{format_lang, parse_canonical, Field, FieldKind, TypedError};
use crate::text::Lang;

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
/// use dti_score::Lang;
/// use dti_score::Message;
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
pub(crate) fn show_typed(value: &Decimal, kind: FieldKind, lang: Lang) -> String {
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
    use crate::error::Message;

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
