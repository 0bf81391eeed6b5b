//! The set's number fields as the page addresses them: a JSON path into a values
//! document (`["values", "1.1", "a"]`, `["context", "population"]`,
//! `["values", "3.5", "parts", "2", "points"]`), read with the field's kind.
//!
//! The page never knows which kind a field is: it hands the engine the path and the text
//! typed, and shows what comes back.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::number::{read_typed, show_typed, words_vi, Field, FieldKind};
use crate::set::IndicatorSet;

use crate::error::FieldError;
use crate::text::{Bilingual, Lang, Word};

/// What a number field read, for the values document and for the person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reading {
    /// The canonical decimal (a share as a fraction: 45% is `0.45`).
    pub value: String,
    /// The value written back in the UI language ("1.234,5", "45%").
    pub shown: String,
    /// For counts and amounts of 1,000 or more: the value in Vietnamese words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub words: Option<String>,
}

/// Points typed for a `manual` rule: a decimal ≥ 0.
const POINTS: Field<'static> = Field {
    kind: FieldKind::Amount { negative: false },
    unit: None,
};

/// The attainment typed for a `manual` rule in a set without maxima: a share.
const ATTAINMENT: Field<'static> = Field {
    kind: FieldKind::Percent,
    unit: None,
};

/// The number field at a path, with its label; `None` when the path names no number
/// field (a text field, an unknown indicator or letter).
pub(crate) fn field_at<'s>(
    set: &'s IndicatorSet,
    path: &[String],
) -> Option<(Field<'s>, Bilingual)> {
    match path {
        [area, name] if area == "context" => {
            let input = set.context.iter().find(|c| &c.id == name)?;
            let label = Bilingual::from_fn(|l| input.label.get(l).to_string());
            Some((input.field()?, label))
        }
        [area, id, rest @ ..] if area == "values" => {
            let node = set.node(id)?;
            match rest {
                [letter] if letter != "points" && letter != "attainment" => {
                    let input = node.inputs.iter().find(|i| &i.id == letter)?;
                    let label =
                        Bilingual::from_fn(|l| format!("{letter} ({})", input.label.get(l)));
                    Some((input.field()?, label))
                }
                [.., last] if last == "attainment" && parts_path(&rest[..rest.len() - 1]) => {
                    let label = Bilingual::from_fn(|l| Word::Attainment.get(l).to_string());
                    Some((ATTAINMENT, label))
                }
                [.., last] if last == "points" && parts_path(&rest[..rest.len() - 1]) => {
                    let label = Bilingual::from_fn(|l| Word::Points.get(l).to_string());
                    Some((POINTS, label))
                }
                _ => None,
            }
        }
        _ => None,
    }
}

/// `[]` or `["parts", p, "parts", q, …]`.
fn parts_path(path: &[String]) -> bool {
    path.len().is_multiple_of(2) && path.chunks(2).all(|c| c[0] == "parts")
}

/// Reads what a person typed into the field at `path`, in the language they type in.
///
/// # Errors
/// [`FieldError::NoSuchField`] for a path that names no number field;
/// [`FieldError::Typed`] with the refusal, naming the field.
///
/// # Example
/// ```
/// # let set = dti_score::IndicatorSet::from_json(include_str!("../../tests/cli-fixtures/small-set.json")).unwrap();
/// use dti_score::set::read_field;
/// use dti_score::Lang;
/// let path = ["values", "1.1", "a"].map(String::from);
/// let r = read_field(&set, &path, "1.234", Lang::Vi).unwrap();
/// assert_eq!((r.value.as_str(), r.shown.as_str()), ("1234", "1.234"));
/// assert_eq!(r.words.as_deref(), Some("một nghìn hai trăm ba mươi bốn"));
/// ```
pub fn read_field(
    set: &IndicatorSet,
    path: &[String],
    text: &str,
    lang: Lang,
) -> Result<Reading, FieldError> {
    let (field, label) = field_at(set, path).ok_or_else(|| FieldError::NoSuchField {
        path: path.join("/"),
    })?;
    let value = read_typed(text, field, lang).map_err(|error| FieldError::Typed {
        label: Box::new(label),
        error: Box::new(error),
    })?;
    Ok(reading(&value, field.kind, lang))
}

/// How a value already read is written back into its field for a language: text that
/// [`read_field`] reads to the same value ("1.234,5" in Vietnamese, "1,234.5" in
/// English, "45%" for a share). Used to fill a field from a file or after the language
/// changed.
///
/// # Errors
/// [`FieldError::NoSuchField`] for a path that names no number field.
pub fn show_field(
    set: &IndicatorSet,
    path: &[String],
    value: &Decimal,
    lang: Lang,
) -> Result<Reading, FieldError> {
    let (field, _) = field_at(set, path).ok_or_else(|| FieldError::NoSuchField {
        path: path.join("/"),
    })?;
    Ok(reading(value, field.kind, lang))
}

fn reading(value: &Decimal, kind: FieldKind, lang: Lang) -> Reading {
    let words = match kind {
        FieldKind::Count | FieldKind::Amount { .. } if value.abs() >= Decimal::ONE_THOUSAND => {
            Some(words_vi(value))
        }
        FieldKind::Count | FieldKind::Amount { .. } | FieldKind::Percent => None,
    };
    Reading {
        value: value.normalize().to_string(),
        shown: show_typed(value, kind, lang),
        words,
    }
}
