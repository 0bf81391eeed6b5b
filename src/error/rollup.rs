//! Why a commune's value cannot be summed into the province's ([`crate::aggregate::rollup`]).

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use crate::error::Message;
use crate::text::Lang;

/// Why a commune's value cannot be summed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum GapProblem {
    /// Not given.
    Missing,
    /// Not a number, negative, or a count with a fraction.
    Invalid {
        /// The text as given.
        text: String,
    },
}

impl Message for GapProblem {
    fn code(&self) -> &'static str {
        match self {
            GapProblem::Missing => "rollup.missing",
            GapProblem::Invalid { .. } => "rollup.invalid",
        }
    }

    fn message(&self, lang: Lang) -> String {
        match self {
            GapProblem::Missing => say!(lang, "thiếu", "missing"),
            GapProblem::Invalid { text } => say!(
                lang,
                "“{text}” không phải số đếm hay số lượng",
                "“{text}” is not a count or amount",
            ),
        }
    }
}

message_display!(GapProblem);

/// `{"kind": "missing"}` or `{"kind": "invalid", "text": …}`, with the code and both
/// messages.
impl Serialize for GapProblem {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        match self {
            GapProblem::Missing => m.serialize_entry("kind", "missing")?,
            GapProblem::Invalid { text } => {
                m.serialize_entry("kind", "invalid")?;
                m.serialize_entry("text", text)?;
            }
        }
        m.serialize_entry("code", self.code())?;
        m.serialize_entry("vi", &self.message(Lang::Vi))?;
        m.serialize_entry("en", &self.message(Lang::En))?;
        m.end()
    }
}
