//! Every error enum of the crate, one file per area, and the one way their messages are
//! written: the [`Message`] trait (a stable code and the text in a language), with both
//! languages side by side in each arm of one `match` (the `say!` macro), `Display`
//! (English) and the bilingual form derived from it.
//!
//! Each enum is re-exported from the module that returns it (`crate::sign::KeyError`,
//! `crate::verify::VerifyError`, …), so public paths stay where callers look.

/// One message in both languages, side by side: `say!(lang, "vi … {x}", "en … {x}")`
/// formats only the language asked for (string literals are format strings, capturing
/// the arm's bindings); `say!(lang, vi_expr, en_expr)` takes two expressions that turn
/// into a `String`.
macro_rules! say {
    ($lang:expr, $vi:literal, $en:literal $(,)?) => {
        match $lang {
            $crate::text::Lang::Vi => format!($vi),
            $crate::text::Lang::En => format!($en),
        }
    };
    ($lang:expr, $vi:expr, $en:expr $(,)?) => {
        match $lang {
            $crate::text::Lang::Vi => String::from($vi),
            $crate::text::Lang::En => String::from($en),
        }
    };
}

/// `Display` (the English message) and `std::error::Error` for types implementing
/// [`Message`]; one line per type instead of a hand-written `Display`.
macro_rules! message_display {
    ($($t:ty),+ $(,)?) => {$(
        impl ::std::fmt::Display for $t {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(&$crate::error::Message::message(self, $crate::text::Lang::En))
            }
        }
        impl ::std::error::Error for $t {}
    )+};
}

mod appraisal;
mod canonical;
mod evidence;
mod expr;
mod field;
mod finding;
mod input;
mod intake;
mod limits;
mod number;
mod previous;
mod registry;
mod report;
mod review;
mod rollup;
#[cfg(feature = "workbook")]
mod setbook;
#[cfg(not(target_arch = "wasm32"))]
mod setdiff;
pub(crate) mod sign;
mod submission;
mod table;
mod typed;
mod unit_id;
mod unlock;
pub(crate) mod verify;
#[cfg(feature = "workbook")]
mod workbook;

pub use appraisal::{AppraisalError, EntryError};
pub use canonical::CanonicalError;
pub use evidence::{EvidenceOutcome, EvidenceProblem, EvidenceStatus};
pub use expr::{ExprExpected, ExprParseError};
pub use field::FieldError;
pub use finding::{ErrorKind, Expected, Finding, Found, Severity, ValidationErrors};
pub use input::{InputProblem, ProblemKind, Subject};
pub use intake::{FailedCheck, Rejection};
pub use limits::TooLarge;
pub use number::NumberError;
pub use previous::{ChangeNote, PreviousError};
pub use registry::RegistryError;
pub use report::NotReady;
pub use review::AppraiseError;
pub use rollup::GapProblem;
#[cfg(feature = "workbook")]
pub use setbook::{CellExpected, SetBookError};
#[cfg(not(target_arch = "wasm32"))]
pub use setdiff::{ItemList, RuleField, SetChange};
pub use submission::SubmissionError;
pub use table::CsvError;
#[cfg(feature = "xlsx")]
pub use table::XlsxError;
pub use typed::TypedError;
pub use unit_id::UnitIdProblem;
pub use unlock::UnlockError;
#[cfg(feature = "workbook")]
pub use workbook::WorkbookError;

use serde::Serialize;

use crate::text::{Bilingual, Lang};

/// A message a person reads: a stable code for programs (the page branches on it) and
/// the text in Vietnamese and English. Every error enum implements it with one `match`
/// whose arms give both languages side by side; `Display` (English) and [`bilingual`]
/// come from it.
///
/// [`bilingual`]: Message::bilingual
///
/// # Example
/// ```
/// use dti_score::sign::KeyError;
/// use dti_score::Lang;
/// use dti_score::Message;
/// let e = KeyError::EmptyPassphrase;
/// assert_eq!(e.code(), "key.empty_passphrase");
/// assert_eq!(e.message(Lang::En), "the passphrase is empty");
/// assert_eq!(e.to_string(), "the passphrase is empty");
/// assert_eq!(e.bilingual().vi, "mật khẩu đang để trống");
/// ```
pub trait Message {
    /// A stable dotted code (`key.wrong_passphrase`), the same in both languages.
    fn code(&self) -> &'static str;

    /// The message in a language.
    fn message(&self, lang: Lang) -> String;

    /// The message in both languages.
    fn bilingual(&self) -> Bilingual {
        Bilingual {
            vi: self.message(Lang::Vi),
            en: self.message(Lang::En),
        }
    }

    /// The code and both languages, as reports and verdicts serialise a problem.
    fn problem(&self) -> Problem {
        Problem {
            code: self.code(),
            vi: self.message(Lang::Vi),
            en: self.message(Lang::En),
        }
    }
}

/// A problem as a report carries it: its stable code and its message in both
/// languages (`{"code": "input.missing", "vi": "Thiếu số liệu: …", "en": "Missing: …"}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// The problem's code ([`Message::code`]).
    pub code: &'static str,
    /// Vietnamese.
    pub vi: String,
    /// English.
    pub en: String,
}

impl Problem {
    /// The problem's message in both languages.
    pub fn bilingual(&self) -> Bilingual {
        Bilingual {
            vi: self.vi.clone(),
            en: self.en.clone(),
        }
    }

    /// The message in a language.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.vi,
            Lang::En => &self.en,
        }
    }
}
