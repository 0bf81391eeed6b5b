//! Why a field's typed text was not read ([`crate::set::fields`]).

use crate::error::{Message, TypedError};
use crate::text::{Bilingual, Lang};

/// Why a field's text was not read.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum FieldError {
    /// The path names no number field of the set.
    NoSuchField {
        /// The path, joined with `/`.
        path: String,
    },
    /// The text was refused.
    Typed {
        /// The field's label ("a (Số hộ có cáp quang)", "Dân số"), in both languages.
        label: Box<Bilingual>,
        /// Why.
        error: Box<TypedError>,
    },
}

impl Message for FieldError {
    fn code(&self) -> &'static str {
        match self {
            Self::NoSuchField { .. } => "field.no_such_field",
            Self::Typed { error, .. } => error.code(),
        }
    }

    /// The message in a language; a refusal names the field.
    fn message(&self, lang: Lang) -> String {
        match self {
            Self::NoSuchField { path } => say!(
                lang,
                "bộ chỉ số không có trường số “{path}”",
                "the set has no number field “{path}”",
            ),
            Self::Typed { label, error } => format!("{}: {}", label.get(lang), error.message(lang)),
        }
    }
}

message_display!(FieldError);
