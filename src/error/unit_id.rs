//! Why a unit id is refused ([`crate::unit_id`]).

use crate::error::Message;
use crate::text::Lang;
use crate::unit_id::chars::{describe, MAX_UNIT_ID_LEN};

/// Why a unit id is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum UnitIdProblem {
    /// The id is empty.
    Empty,
    /// Longer than [`MAX_UNIT_ID_LEN`].
    TooLong {
        /// Its length in characters.
        chars: usize,
    },
    /// A character other than an ASCII letter, digit, `-`, `_`, `.`.
    Character {
        /// The character.
        ch: char,
        /// Its position (1-based, in characters).
        position: usize,
    },
}

impl UnitIdProblem {
    /// The problem without the rule, for a message that states the rule already.
    pub(crate) fn short(self, lang: Lang) -> String {
        self.text(lang, false)
    }

    /// The problem; `full`: with the rule and the id named as "the unit id", else
    /// named as "it" and without the rule.
    fn text(self, lang: Lang, full: bool) -> String {
        let (subject_vi, subject_en) = if full {
            ("mã đơn vị", "the unit id")
        } else {
            ("mã", "it")
        };
        let rule = match full {
            true => say!(
                lang,
                " (chỉ dùng chữ cái ASCII, chữ số, \"-\", \"_\", \".\")",
                " (only ASCII letters, digits, \"-\", \"_\" and \".\")",
            ),
            false => String::new(),
        };
        match self {
            UnitIdProblem::Empty if full => say!(
                lang,
                "mã đơn vị để trống{rule}",
                "the unit id is empty{rule}"
            ),
            UnitIdProblem::Empty => say!(lang, "mã đang để trống", "it is empty"),
            UnitIdProblem::TooLong { chars } => say!(
                lang,
                "{subject_vi} dài {chars} ký tự, tối đa {MAX_UNIT_ID_LEN}",
                "{subject_en} is {chars} characters long, at most {MAX_UNIT_ID_LEN}",
            ),
            UnitIdProblem::Character { ch, position } => {
                let ch = describe(ch);
                say!(
                    lang,
                    "ký tự thứ {position} là {ch}{rule}",
                    "character {position} is {ch}{rule}",
                )
            }
        }
    }
}

impl Message for UnitIdProblem {
    fn code(&self) -> &'static str {
        match self {
            UnitIdProblem::Empty => "unit_id.empty",
            UnitIdProblem::TooLong { .. } => "unit_id.too_long",
            UnitIdProblem::Character { .. } => "unit_id.character",
        }
    }

    fn message(&self, lang: Lang) -> String {
        self.text(lang, true)
    }
}

message_display!(UnitIdProblem);
