//! Why a JSON value has no canonical form, or a signed file could not be read
//! ([`crate::json::canonical`]).

use crate::error::Message;
use crate::text::Lang;

/// Why a JSON value has no canonical form here, or why a signed file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CanonicalError {
    /// A JSON number where this project only allows decimal strings.
    Number {
        /// JSON Pointer (RFC 6901) of the number.
        pointer: String,
        /// The number as read (a fraction may show the digits of the nearest double).
        value: String,
    },
    /// An object names the same member twice.
    DuplicateKey {
        /// JSON Pointer of the object.
        pointer: String,
        /// The repeated member name.
        key: String,
    },
    /// The text is not JSON (truncated, damaged, not UTF-8, a lone surrogate …).
    Syntax {
        /// Line of the problem (1-based).
        line: usize,
        /// Column of the problem (1-based).
        column: usize,
        /// The parser's description.
        reason: String,
    },
}

impl Message for CanonicalError {
    fn code(&self) -> &'static str {
        match self {
            CanonicalError::Number { .. } => "canonical.number",
            CanonicalError::DuplicateKey { .. } => "canonical.duplicate_key",
            CanonicalError::Syntax { .. } => "canonical.syntax",
        }
    }

    fn message(&self, lang: Lang) -> String {
        match self {
            CanonicalError::Number { pointer, value } => {
                let at = show_pointer(pointer, lang);
                say!(
                    lang,
                    "số JSON {value} tại {at}: mọi số phải viết dưới dạng chuỗi thập phân, ví dụ \"{value}\"",
                    "json number {value} at {at}: numbers must be written as decimal strings, such as \"{value}\"",
                )
            }
            CanonicalError::DuplicateKey { pointer, key } => {
                let at = show_pointer(pointer, lang);
                say!(
                    lang,
                    "trường \"{key}\" xuất hiện hai lần trong đối tượng tại {at}",
                    "member \"{key}\" appears twice in the object at {at}",
                )
            }
            CanonicalError::Syntax { line, column, reason } => say!(
                lang,
                "không phải JSON hợp lệ (tệp bị cắt cụt hoặc hỏng) tại dòng {line}, cột {column}: {reason}",
                "not valid json at line {line}, column {column}: {reason}",
            ),
        }
    }
}

message_display!(CanonicalError);

/// The root pointer is the empty string; say so rather than print nothing.
fn show_pointer(pointer: &str, lang: Lang) -> String {
    if pointer.is_empty() {
        say!(lang, "gốc tài liệu", "the document root")
    } else {
        format!("\"{pointer}\"")
    }
}
