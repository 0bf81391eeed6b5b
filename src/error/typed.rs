//! Why typed text was refused ([`crate::number::read_typed`]).

use crate::error::Message;
use crate::number::field::FieldKind;
use crate::text::Lang;

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

impl Message for TypedError {
    /// A stable code for the page and tests.
    fn code(&self) -> &'static str {
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
    fn message(&self, lang: Lang) -> String {
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
        lang.pick(vi, en)
    }
}

message_display!(TypedError);

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
