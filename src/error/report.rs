//! Why a report may not be signed yet ([`crate::report::Readiness`]).

use crate::error::Message;
use crate::text::Lang;

/// Why a report may not be signed yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum NotReady {
    /// Some figures are invalid: correct or clear them first.
    Invalid {
        /// How many indicators.
        invalid: usize,
    },
    /// Some figures are missing and the signer has not confirmed they score 0.
    Missing {
        /// How many indicators.
        missing: usize,
    },
}

impl Message for NotReady {
    fn code(&self) -> &'static str {
        match self {
            Self::Invalid { .. } => "sign.invalid_figures",
            Self::Missing { .. } => "sign.missing_not_confirmed",
        }
    }

    fn message(&self, lang: Lang) -> String {
        let (vi, en) = match self {
            Self::Invalid { invalid } => (
                format!("Chưa ký được: {invalid} chỉ tiêu có số liệu sai; hãy sửa hoặc xóa số liệu sai rồi ký"),
                format!("Cannot sign yet: {} invalid figures; correct or clear them, then sign", indicators(*invalid, "has", "have")),
            ),
            Self::Missing { missing } => (
                format!("{missing} chỉ tiêu chưa có số liệu và sẽ được 0 điểm (theo quy định, chỉ tiêu không có số liệu được tính 0 điểm); hãy xác nhận để vẫn ký"),
                format!("{} no figures and will score 0 (by the rules, an indicator without figures scores 0); confirm to sign anyway", indicators(*missing, "has", "have")),
            ),
        };
        lang.pick(vi, en)
    }
}

/// "1 indicator has", "3 indicators have".
fn indicators(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 indicator {one}")
    } else {
        format!("{n} indicators {many}")
    }
}

message_display!(NotReady);
