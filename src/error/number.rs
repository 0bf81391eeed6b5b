//! Why a piece of text is not a number ([`crate::number`]).

use crate::error::Message;
use crate::text::Lang;

/// Why a piece of text is not a number.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum NumberError {
    /// The text is empty or only spaces.
    Empty,
    /// The text holds characters that are not part of a number.
    NotANumber {
        /// The text as given.
        text: String,
    },
    /// Thousands groups that are not groups of three digits ("1.23.456").
    BadGrouping {
        /// The text as given.
        text: String,
    },
    /// More digits than a decimal can hold.
    TooLarge {
        /// The text as given.
        text: String,
    },
    /// A fraction whose denominator is zero ("1/0").
    ZeroDenominator {
        /// The text as given.
        text: String,
    },
}

impl Message for NumberError {
    fn code(&self) -> &'static str {
        match self {
            Self::Empty => "number.empty",
            Self::NotANumber { .. } => "number.not_a_number",
            Self::BadGrouping { .. } => "number.bad_grouping",
            Self::TooLarge { .. } => "number.too_large",
            Self::ZeroDenominator { .. } => "number.zero_denominator",
        }
    }

    fn message(&self, lang: Lang) -> String {
        match self {
            Self::Empty => say!(lang, "chưa nhập số", "no number given"),
            Self::NotANumber { text } => {
                say!(lang, "“{text}” không phải là số", "“{text}” is not a number")
            }
            Self::BadGrouping { text } => say!(
                lang,
                "“{text}”: dấu chấm phân cách hàng nghìn phải chia thành nhóm 3 chữ số (ví dụ 1.234.567)",
                "“{text}”: thousands separators must split groups of three digits (e.g. 1.234.567)",
            ),
            Self::TooLarge { text } => say!(lang, "“{text}” quá lớn", "“{text}” is too large"),
            Self::ZeroDenominator { text } => say!(
                lang,
                "“{text}”: mẫu số của phân số bằng 0",
                "“{text}”: the fraction's denominator is zero",
            ),
        }
    }
}

message_display!(NumberError);
