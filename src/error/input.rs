//! What scoring reports about a unit's input ([`crate::eval`]): a figure missing or
//! invalid (the indicator scores 0, status `missing` or `invalid`), or a warning that
//! leaves the score as it is.

use rust_decimal::Decimal;

use crate::error::{Message, NumberError, TypedError};
use crate::number::format_percent;
use crate::text::{Bilingual, Lang, Text, Word};

/// What a problem is about: an input (or context variable) of the set, the points or
/// the attainment a unit enters for a `manual` indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject<'a> {
    /// An input or context variable: its id and, where the set declares it, its label
    /// ("a (Số hộ gia đình …)"); an expression written out has no label.
    Input {
        /// The id (or the expression).
        name: &'a str,
        /// The set's label.
        label: Option<&'a Text>,
    },
    /// The points entered (`manual`).
    Points,
    /// The attainment entered (`manual`, in a set without maxima).
    Attainment,
}

impl Subject<'_> {
    /// The subject for a message: "a (Số hộ …)", "điểm", "attainment".
    pub fn describe(&self, lang: Lang) -> String {
        match self {
            Subject::Input {
                name,
                label: Some(label),
            } => format!("{name} ({})", label.get(lang)),
            Subject::Input { name, label: None } => name.to_string(),
            Subject::Points => Word::Points.get(lang).to_string(),
            Subject::Attainment => Word::Attainment.get(lang).to_string(),
        }
    }
}

/// Whether a problem stops the rule (and how the indicator's status reads) or only
/// warns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemKind {
    /// A figure or an answer is not given: 0 points, status `missing`.
    Missing,
    /// A figure or an answer is not usable: 0 points, status `invalid`.
    Invalid,
    /// Worth a look; the score stands.
    Warning,
}

/// What scoring found wrong with the input of one indicator. It borrows what it names
/// from the set and the values (scoring writes its message at once, in the report).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum InputProblem<'a> {
    /// Inputs without a value (all of an expression's, listed together).
    MissingValues {
        /// The inputs.
        inputs: Vec<Subject<'a>>,
    },
    /// A `yes_no` question not answered.
    NoYesNo {
        /// The question (the indicator's title when the rule gives none).
        question: &'a Text,
    },
    /// A checklist with no items answered.
    NoItems,
    /// A choice with no option chosen.
    NoOption,
    /// No points entered (`manual`).
    NoPoints,
    /// No attainment entered (`manual` in a set without maxima).
    NoAttainment,
    /// The gate question of a `tiers` rule not answered.
    GateNotAnswered {
        /// The gate question.
        gate: &'a Text,
    },
    /// An indicator marked not applicable where the set does not allow it.
    NotExcludable,
    /// A computation past the largest decimal.
    Overflow,
    /// A figure that is not a number.
    Number {
        /// Whose figure.
        subject: Subject<'a>,
        /// Why.
        error: NumberError,
    },
    /// Typed text that does not read as a number of its field.
    Typed {
        /// Whose text.
        subject: Subject<'a>,
        /// Why.
        error: TypedError,
    },
    /// A negative figure where none is allowed.
    Negative {
        /// The input.
        subject: Subject<'a>,
        /// As written.
        raw: &'a str,
    },
    /// A count that is not a whole number.
    NotWhole {
        /// The input.
        subject: Subject<'a>,
        /// As written.
        raw: &'a str,
    },
    /// A share above 100%.
    ShareAbove100 {
        /// The input.
        subject: Subject<'a>,
        /// As written.
        raw: &'a str,
    },
    /// A denominator that is zero.
    DivisionByZero {
        /// The denominator (an input, or the expression written out).
        divisor: Subject<'a>,
    },
    /// Negative points entered (`manual`).
    NegativePoints {
        /// As written.
        raw: &'a str,
    },
    /// An attainment outside 0 to 100% (`manual`).
    AttainmentOutOfRange {
        /// As written.
        raw: &'a str,
    },
    /// A checklist answer for an item the rule does not have.
    UnknownItem {
        /// The item id.
        id: &'a str,
    },
    /// A choice the rule does not offer.
    UnknownOption {
        /// The option chosen.
        id: &'a str,
        /// The options there are.
        options: Vec<&'a str>,
    },
    /// A share above 100% where the set allows no tolerance.
    ShareExceeds100 {
        /// The ratio written out ("Tỷ lệ = a/b = 60/50 = 120%").
        ratio: Bilingual,
        /// The expression.
        expr: String,
    },
    /// A share above the set's tolerance.
    AboveTolerance {
        /// The ratio written out.
        ratio: Bilingual,
        /// The tolerance.
        tolerance: Decimal,
    },
    /// A share above 100% within the set's tolerance: counted as 100% (a warning).
    WithinTolerance {
        /// The ratio written out.
        ratio: Bilingual,
        /// The tolerance.
        tolerance: Decimal,
    },
    /// A threshold that depends on the year, and no year is given.
    NoYear,
    /// No threshold for the assessment year.
    NoThresholdForYear {
        /// The year.
        year: i32,
    },
    /// Points or an attainment entered without a justification (a warning).
    NoJustification {
        /// [`Subject::Points`] or [`Subject::Attainment`].
        of: Subject<'a>,
    },
}

impl InputProblem<'_> {
    /// Whether the problem stops the rule (missing or invalid input) or only warns.
    pub fn kind(&self) -> ProblemKind {
        use InputProblem as P;
        match self {
            P::MissingValues { .. }
            | P::NoYesNo { .. }
            | P::NoItems
            | P::NoOption
            | P::NoPoints
            | P::NoAttainment
            | P::GateNotAnswered { .. } => ProblemKind::Missing,
            P::NotExcludable
            | P::Overflow
            | P::Number { .. }
            | P::Typed { .. }
            | P::Negative { .. }
            | P::NotWhole { .. }
            | P::ShareAbove100 { .. }
            | P::DivisionByZero { .. }
            | P::NegativePoints { .. }
            | P::AttainmentOutOfRange { .. }
            | P::UnknownItem { .. }
            | P::UnknownOption { .. }
            | P::ShareExceeds100 { .. }
            | P::AboveTolerance { .. }
            | P::NoYear
            | P::NoThresholdForYear { .. } => ProblemKind::Invalid,
            P::WithinTolerance { .. } | P::NoJustification { .. } => ProblemKind::Warning,
        }
    }

    /// What is missing or wrong, without the "Missing:" / "Invalid input:" head.
    fn detail(&self, lang: Lang) -> String {
        use InputProblem as P;
        match self {
            P::MissingValues { inputs } => inputs
                .iter()
                .map(|i| i.describe(lang))
                .collect::<Vec<_>>()
                .join("; "),
            P::NoYesNo { question } => {
                let question = question.get(lang);
                say!(
                    lang,
                    "chưa trả lời Có/Không ({question})",
                    "no yes/no answer ({question})",
                )
            }
            P::NoItems => say!(lang, "chưa đánh dấu các mục", "no items answered"),
            P::NoOption => say!(lang, "chưa chọn phương án", "no option chosen"),
            P::NoPoints => say!(lang, "chưa nhập điểm", "no points entered"),
            P::NoAttainment => say!(lang, "chưa nhập mức đạt", "no attainment entered"),
            P::GateNotAnswered { gate } => {
                let gate = gate.get(lang);
                say!(lang, "chưa trả lời ({gate})", "not answered ({gate})")
            }
            P::NotExcludable => say!(
                lang,
                "bộ chỉ số không cho phép đánh dấu chỉ số này là không áp dụng",
                "the set does not allow this indicator to be marked not applicable",
            ),
            P::Overflow => say!(lang, "số quá lớn để tính", "numbers too large to compute"),
            P::Number { subject, error } => {
                format!("{}: {}", subject.describe(lang), error.message(lang))
            }
            P::Typed { subject, error } => {
                format!("{}: {}", subject.describe(lang), error.message(lang))
            }
            P::Negative { subject, raw } => {
                let subject = subject.describe(lang);
                say!(
                    lang,
                    "{subject}: “{raw}” là số âm",
                    "{subject}: “{raw}” is negative"
                )
            }
            P::NotWhole { subject, raw } => {
                let subject = subject.describe(lang);
                let hint = raw.replace(['.', ','], "");
                say!(
                    lang,
                    "{subject}: số đếm phải là số nguyên, gặp “{raw}” (nếu là {hint}, hãy viết {hint})",
                    "{subject}: a count must be a whole number, got “{raw}” (for {hint}, write {hint})",
                )
            }
            P::ShareAbove100 { subject, raw } => {
                let subject = subject.describe(lang);
                say!(
                    lang,
                    "{subject}: tỷ lệ “{raw}” vượt 100% (viết 80% hoặc 0,8)",
                    "{subject}: share “{raw}” exceeds 100% (write 80% or 0.8)",
                )
            }
            P::DivisionByZero { divisor } => {
                let divisor = divisor.describe(lang);
                say!(
                    lang,
                    "chia cho 0: mẫu số {divisor} = 0",
                    "division by zero: denominator {divisor} = 0",
                )
            }
            P::NegativePoints { raw } => {
                say!(lang, "điểm “{raw}” là số âm", "points “{raw}” is negative")
            }
            P::AttainmentOutOfRange { raw } => say!(
                lang,
                "mức đạt “{raw}” phải từ 0 đến 100% (viết 80% hoặc 0,8)",
                "attainment “{raw}” must be from 0 to 100% (write 80% or 0.8)",
            ),
            P::UnknownItem { id } => say!(lang, "không có mục “{id}”", "no such item “{id}”"),
            P::UnknownOption { id, options } => {
                let options = options.join(", ");
                say!(
                    lang,
                    "không có phương án “{id}” (các phương án: {options})",
                    "no such option “{id}” (options: {options})",
                )
            }
            P::ShareExceeds100 { ratio, expr } => {
                let ratio = ratio.get(lang);
                say!(
                    lang,
                    "{ratio} vượt 100%: tử số lớn hơn mẫu số trong {expr}",
                    "{ratio} exceeds 100%: the numerator exceeds the denominator in {expr}",
                )
            }
            P::AboveTolerance { ratio, tolerance } => {
                let (ratio, tolerance) = (ratio.get(lang), format_percent(tolerance, lang));
                say!(
                    lang,
                    "{ratio} vượt mức dung sai {tolerance}",
                    "{ratio} exceeds the tolerance of {tolerance}",
                )
            }
            P::WithinTolerance { ratio, tolerance } => {
                let (ratio, tolerance) = (ratio.get(lang), format_percent(tolerance, lang));
                say!(
                    lang,
                    "Cảnh báo: {ratio} vượt 100% nhưng trong mức dung sai {tolerance}",
                    "Warning: {ratio} exceeds 100% but is within the tolerance of {tolerance}",
                )
            }
            P::NoYear => say!(
                lang,
                "ngưỡng phụ thuộc năm đánh giá, nhưng chưa có năm",
                "the threshold depends on the assessment year, and no year is given",
            ),
            P::NoThresholdForYear { year } => say!(
                lang,
                "không có ngưỡng cho năm {year}",
                "no threshold for the year {year}",
            ),
            P::NoJustification {
                of: Subject::Attainment,
            } => say!(
                lang,
                "chưa nêu căn cứ cho mức đạt tự đánh giá",
                "no justification given for the attainment entered",
            ),
            P::NoJustification { .. } => say!(
                lang,
                "chưa nêu căn cứ cho điểm tự chấm",
                "no justification given for the points entered",
            ),
        }
    }
}

impl Message for InputProblem<'_> {
    fn code(&self) -> &'static str {
        use InputProblem as P;
        match self {
            P::MissingValues { .. } => "input.missing",
            P::NoYesNo { .. } => "input.no_yes_no",
            P::NoItems => "input.no_items",
            P::NoOption => "input.no_option",
            P::NoPoints => "input.no_points",
            P::NoAttainment => "input.no_attainment",
            P::GateNotAnswered { .. } => "input.gate_not_answered",
            P::NotExcludable => "input.not_excludable",
            P::Overflow => "input.overflow",
            P::Number { .. } => "input.not_a_number",
            P::Typed { error, .. } => error.code(),
            P::Negative { .. } => "input.negative",
            P::NotWhole { .. } => "input.not_whole",
            P::ShareAbove100 { .. } => "input.share_above_100",
            P::DivisionByZero { .. } => "input.division_by_zero",
            P::NegativePoints { .. } => "input.negative_points",
            P::AttainmentOutOfRange { .. } => "input.attainment_out_of_range",
            P::UnknownItem { .. } => "input.unknown_item",
            P::UnknownOption { .. } => "input.unknown_option",
            P::ShareExceeds100 { .. } => "input.share_exceeds_100",
            P::AboveTolerance { .. } => "input.above_tolerance",
            P::WithinTolerance { .. } => "input.within_tolerance",
            P::NoYear => "input.no_year",
            P::NoThresholdForYear { .. } => "input.no_threshold_for_year",
            P::NoJustification { .. } => "input.no_justification",
        }
    }

    /// "Thiếu số liệu: …" / "Missing: …" for missing input, "Số liệu không hợp lệ: …" /
    /// "Invalid input: …" for invalid input, the warning as it is.
    fn message(&self, lang: Lang) -> String {
        let detail = self.detail(lang);
        match self.kind() {
            ProblemKind::Missing => say!(lang, "Thiếu số liệu: {detail}", "Missing: {detail}"),
            ProblemKind::Invalid => say!(
                lang,
                "Số liệu không hợp lệ: {detail}",
                "Invalid input: {detail}"
            ),
            ProblemKind::Warning => detail,
        }
    }
}

message_display!(InputProblem<'_>);
