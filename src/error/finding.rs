//! Findings of loading an indicator set, a values or a targets file: each with where it
//! is (a JSON Pointer), how serious, and what (an [`ErrorKind`] with its message in
//! Vietnamese and English and a stable code).

use std::fmt;

use serde::Serialize;

use crate::error::{EvidenceProblem, Message, TooLarge};
use crate::text::{Bilingual, Lang};

/// How serious a finding is: errors stop a set from being scored; warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The file cannot be used.
    Error,
    /// Worth a look; the file can be used.
    Warning,
}

/// What is wrong at one place of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The file is not JSON.
    Json {
        /// The parser's message.
        message: String,
    },
    /// A required field is absent.
    MissingField {
        /// The field.
        field: &'static str,
    },
    /// A value has the wrong JSON type.
    WrongType {
        /// What was expected.
        expected: Expected,
        /// What was found.
        found: Found,
    },
    /// A JSON number where a decimal string is required.
    FloatNotAllowed {
        /// The number as written.
        found: String,
    },
    /// A field the format does not have (often a typo).
    UnknownField {
        /// The field.
        field: String,
    },
    /// A decimal string that does not parse.
    BadNumber {
        /// The text.
        text: String,
        /// Why (English).
        reason: String,
    },
    /// A value outside its allowed range.
    OutOfRange {
        /// The value.
        value: String,
        /// The allowed range.
        allowed: Expected,
    },
    /// The `format` field names another format.
    WrongFormat {
        /// What was found.
        found: String,
        /// What is expected.
        expected: &'static str,
    },
    /// An id with characters outside letters, digits, `.`, `-`, `_`.
    BadId {
        /// The id.
        id: String,
    },
    /// An id used twice.
    DuplicateId {
        /// The id.
        id: String,
        /// Where it was first used.
        first: String,
    },
    /// `max` is absent from a set that is not a draft.
    MaxMissing,
    /// The children's maxima do not add up to the parent's.
    MaxSumMismatch {
        /// The children's sum.
        sum: String,
        /// The parent's max.
        max: String,
    },
    /// The main indicators' maxima do not add up to the scale.
    ScaleMismatch {
        /// The sum.
        sum: String,
        /// The scale.
        scale: String,
    },
    /// A node has both `rule` and `children`.
    RuleAndChildren,
    /// A node has neither `rule` nor `children`.
    NoRule,
    /// A rule kind that does not exist.
    UnknownRuleKind {
        /// The kind given.
        kind: String,
        /// The kinds there are.
        known: &'static [&'static str],
    },
    /// An expression that does not parse.
    BadExpression {
        /// Where and why the parser stopped.
        error: super::ExprParseError,
    },
    /// An expression names a variable that is neither an input nor a context variable.
    UnknownVariable {
        /// The variable.
        name: String,
        /// The expression.
        expr: String,
    },
    /// An input declared and never used.
    UnusedInput {
        /// The input.
        name: String,
    },
    /// An input with the id of a context variable.
    ShadowsContext {
        /// The input.
        name: String,
    },
    /// A name not among the allowed ones.
    UnknownName {
        /// The name given.
        name: String,
        /// The allowed names.
        allowed: String,
    },
    /// Fractions adding up to more than 1.
    FractionsExceedOne {
        /// Their sum.
        sum: String,
    },
    /// Tiers not listed from the highest down.
    TiersNotDecreasing {
        /// The earlier tier's threshold.
        previous: String,
        /// This tier's threshold.
        this: String,
    },
    /// A lower tier giving more than a higher one.
    TierFractionIncreasing {
        /// The earlier tier's fraction.
        previous: String,
        /// This tier's fraction.
        this: String,
    },
    /// Periods of years that overlap or run backwards.
    BadPeriod {
        /// The period.
        period: String,
    },
    /// A later period's threshold below an earlier period's (a warning: the sources'
    /// thresholds rise over the years).
    PeriodThresholdDecreasing {
        /// The later period and its threshold (`2028–2030: 95%`).
        period: String,
        /// The earlier period and its threshold.
        earlier: String,
    },
    /// A list that must not be empty.
    EmptyList,
    /// A part whose rule may not stand inside a sum of parts.
    NestedRule {
        /// The kind.
        kind: &'static str,
    },
    /// A relative reference whose worst exceeds its best.
    BadReference,
    /// A rule that needs the node's max (`per_unit`, `manual`) on a node without one.
    NeedsMax {
        /// The kind.
        kind: &'static str,
    },
    /// A file made for another indicator set.
    SetMismatch {
        /// The set the file names.
        found: String,
        /// The set in use.
        expected: String,
    },
    /// A unit or province id that breaks the one unit-id rule ([`crate::unit_id`]).
    BadUnitId {
        /// The id.
        found: String,
    },
    /// `inputs` on an indicator that has children (only leaves have inputs).
    InputsOnParent,
    /// An input id that is not lower case letters, digits and `_`, starting with a letter.
    BadInputId {
        /// The id.
        id: String,
    },
    /// A context field or a worded input (not a source's letter) without a label in a
    /// language: blank in Vietnamese, or no English (a warning; the page shows only labels).
    LabelMissing {
        /// The field's id.
        id: String,
        /// The language it lacks.
        lang: Lang,
    },
    /// An input id the values format uses for something else (`items`, `done`, …).
    ReservedInputId {
        /// The id.
        id: String,
    },
    /// A values file names an indicator the set does not have.
    UnknownIndicator {
        /// The id.
        id: String,
    },
    /// An indicator marked not applicable (`excluded`) without a reason.
    ExclusionWithoutReason,
    /// An evidence citation's check ([`crate::evidence::check`]).
    Evidence(EvidenceProblem),
    /// The file is larger than its kind's limit (checked before it is parsed).
    TooLarge(TooLarge),
    /// An object names the same member twice; the finding's pointer is the member's.
    /// JSON readers disagree on which one counts (this crate's parser kept the last),
    /// so neither is taken.
    DuplicateKey {
        /// The member name.
        key: String,
        /// Line and column (1-based) of the first occurrence.
        first: (usize, usize),
        /// Line and column of the second.
        second: (usize, usize),
    },
    /// The maxima of a set add up past the largest decimal (about 7.9 × 10²⁸).
    MaxSumOverflow,
}

/// What a JSON value was, for "expected …, found …" messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A JSON number, as written.
    Number(String),
    /// A string.
    String(String),
    /// An array.
    Array,
    /// An object.
    Object,
}

impl Found {
    /// Describes the value in a language.
    pub fn describe(&self, lang: Lang) -> String {
        match self {
            Found::Null => "null".into(),
            Found::Bool(b) => b.to_string(),
            Found::Number(n) => say!(lang, "số {n}", "the number {n}"),
            Found::String(s) => say!(lang, "chuỗi “{s}”", "the string “{s}”"),
            Found::Array => say!(lang, "một mảng", "an array"),
            Found::Object => say!(lang, "một đối tượng", "an object"),
        }
    }
}

/// What a value should have been, for "expected …" and "allowed: …" messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Expected {
    /// A decimal string (`"12.5"`).
    DecimalString,
    /// A string.
    String,
    /// An object.
    Object,
    /// An array.
    Array,
    /// `true` or `false`.
    Bool,
    /// A whole number.
    WholeNumber,
    /// A fraction from 0 to 1.
    Fraction,
    /// 0 or more.
    ZeroOrMore,
    /// More than 0.
    MoreThanZero,
    /// 0 to 10 (decimal places).
    ZeroToTen,
    /// A year from 1900 to 2200.
    Year,
    /// 0 to the indicator's max.
    UpToMax,
    /// A province rank.
    Rank,
    /// A share tolerance (100% or more, on a share).
    ShareTolerance,
}

impl Expected {
    /// Describes what was expected in a language.
    pub fn describe(self, lang: Lang) -> &'static str {
        use Expected as E;
        let (vi, en) = match self {
            E::DecimalString => ("chuỗi số thập phân", "a decimal string"),
            E::String => ("chuỗi", "a string"),
            E::Object => ("đối tượng", "an object"),
            E::Array => ("mảng", "an array"),
            E::Bool => ("true hoặc false", "true or false"),
            E::WholeNumber => ("số nguyên", "a whole number"),
            E::Fraction => ("tỷ phần từ 0 đến 1", "a fraction between 0 and 1"),
            E::ZeroOrMore => ("từ 0 trở lên", "0 or more"),
            E::MoreThanZero => ("lớn hơn 0", "more than 0"),
            E::ZeroToTen => ("từ 0 đến 10", "0 to 10"),
            E::Year => ("năm từ 1900 đến 2200", "a year from 1900 to 2200"),
            E::UpToMax => (
                "từ 0 đến điểm tối đa của chỉ số",
                "0 to the indicator's max",
            ),
            E::Rank => (
                "thứ hạng từ 1 đến số tỉnh",
                "a rank from 1 to the number of provinces",
            ),
            E::ShareTolerance => (
                "dung sai của một tỷ lệ, từ 100% trở lên, chỉ dùng khi share là true",
                "a share tolerance of at least 100%, on a share",
            ),
        };
        match lang {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }
}

/// One finding: where, how serious, what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// JSON Pointer (RFC 6901) into the file; empty for the whole file.
    pub pointer: String,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong.
    pub kind: ErrorKind,
}

impl Finding {
    /// The message in a language (without the location).
    pub fn message(&self, lang: Lang) -> String {
        self.kind.message(lang)
    }

    /// Both languages.
    pub fn bilingual(&self) -> Bilingual {
        self.kind.bilingual()
    }

    /// The finding's stable code ([`Message::code`] of its kind).
    pub fn code(&self) -> &'static str {
        self.kind.code()
    }
}

impl Message for ErrorKind {
    fn code(&self) -> &'static str {
        use ErrorKind as K;
        match self {
            K::Json { .. } => "json.not_json",
            K::MissingField { .. } => "json.missing_field",
            K::WrongType { .. } => "json.wrong_type",
            K::FloatNotAllowed { .. } => "json.float_not_allowed",
            K::UnknownField { .. } => "json.unknown_field",
            K::BadNumber { .. } => "json.bad_number",
            K::OutOfRange { .. } => "json.out_of_range",
            K::WrongFormat { .. } => "json.wrong_format",
            K::BadId { .. } => "set.bad_id",
            K::DuplicateId { .. } => "set.duplicate_id",
            K::MaxMissing => "set.max_missing",
            K::MaxSumMismatch { .. } => "set.max_sum_mismatch",
            K::ScaleMismatch { .. } => "set.scale_mismatch",
            K::RuleAndChildren => "set.rule_and_children",
            K::NoRule => "set.no_rule",
            K::UnknownRuleKind { .. } => "set.unknown_rule_kind",
            K::BadExpression { .. } => "set.bad_expression",
            K::UnknownVariable { .. } => "set.unknown_variable",
            K::UnusedInput { .. } => "set.unused_input",
            K::ShadowsContext { .. } => "set.shadows_context",
            K::UnknownName { .. } => "json.unknown_name",
            K::FractionsExceedOne { .. } => "set.fractions_exceed_one",
            K::TiersNotDecreasing { .. } => "set.tiers_not_decreasing",
            K::TierFractionIncreasing { .. } => "set.tier_fraction_increasing",
            K::BadPeriod { .. } => "set.bad_period",
            K::PeriodThresholdDecreasing { .. } => "set.period_threshold_decreasing",
            K::EmptyList => "json.empty_list",
            K::NestedRule { .. } => "set.nested_rule",
            K::BadReference => "set.bad_reference",
            K::NeedsMax { .. } => "set.needs_max",
            K::SetMismatch { .. } => "values.set_mismatch",
            K::BadUnitId { .. } => "values.bad_unit_id",
            K::InputsOnParent => "set.inputs_on_parent",
            K::BadInputId { .. } => "set.bad_input_id",
            K::ReservedInputId { .. } => "set.reserved_input_id",
            K::LabelMissing { .. } => "set.label_missing",
            K::UnknownIndicator { .. } => "values.unknown_indicator",
            K::ExclusionWithoutReason => "values.exclusion_without_reason",
            K::Evidence(problem) => problem.code(),
            K::TooLarge(too_large) => too_large.code(),
            K::DuplicateKey { .. } => "json.duplicate_key",
            K::MaxSumOverflow => "set.max_sum_overflow",
        }
    }

    fn message(&self, lang: Lang) -> String {
        use ErrorKind as K;
        match self {
            K::Json { message } => say!(
                lang,
                "tệp không phải JSON hợp lệ: {message}",
                "the file is not valid JSON: {message}",
            ),
            K::MissingField { field } => say!(
                lang,
                "thiếu trường “{field}”",
                "missing field “{field}”",
            ),
            K::WrongType { expected, found } => {
                let (expected, found) = (expected.describe(lang), found.describe(lang));
                say!(lang, "cần {expected}, gặp {found}", "expected {expected}, found {found}")
            }
            K::FloatNotAllowed { found } => say!(
                lang,
                "số phải viết dưới dạng chuỗi thập phân (\"{found}\"), không phải số JSON {found}",
                "numbers must be decimal strings (\"{found}\"), not the JSON number {found}",
            ),
            K::UnknownField { field } => say!(
                lang,
                "trường “{field}” không có trong định dạng",
                "unknown field “{field}”",
            ),
            K::BadNumber { text, reason } => say!(
                lang,
                "“{text}” không phải số thập phân hợp lệ",
                "“{text}” is not a valid decimal: {reason}",
            ),
            K::OutOfRange { value, allowed } => {
                let allowed = allowed.describe(lang);
                say!(
                    lang,
                    "giá trị {value} nằm ngoài khoảng cho phép ({allowed})",
                    "value {value} is out of range (allowed: {allowed})",
                )
            }
            K::WrongFormat { found, expected } => say!(
                lang,
                "định dạng “{found}”, cần “{expected}”",
                "format “{found}”, expected “{expected}”",
            ),
            K::BadId { id } => say!(
                lang,
                "mã “{id}” chỉ được chứa chữ, số, “.”, “-”, “_”",
                "id “{id}” may only hold letters, digits, “.”, “-”, “_”",
            ),
            K::DuplicateId { id, first } => say!(
                lang,
                "mã “{id}” bị trùng (đã dùng tại {first})",
                "duplicate id “{id}” (first used at {first})",
            ),
            K::MaxMissing => say!(
                lang,
                "thiếu điểm tối đa (chỉ bộ chỉ số nháp mới được bỏ trống)",
                "missing max points (only a draft set may leave them out)",
            ),
            K::MaxSumMismatch { sum, max } => say!(
                lang,
                "tổng điểm tối đa của các chỉ số con là {sum}, khác điểm tối đa {max}",
                "children's max points add up to {sum}, not the parent's max {max}",
            ),
            K::ScaleMismatch { sum, scale } => say!(
                lang,
                "tổng điểm tối đa của các chỉ số chính là {sum}, khác thang điểm {scale}",
                "main indicators' max points add up to {sum}, not the scale {scale}",
            ),
            K::RuleAndChildren => say!(
                lang,
                "chỉ số có cả “rule” và “children”",
                "an indicator has both “rule” and “children”",
            ),
            K::NoRule => say!(
                lang,
                "chỉ số không có “rule” cũng không có “children”",
                "an indicator has neither “rule” nor “children”",
            ),
            K::UnknownRuleKind { kind, known } => say!(
                lang,
                format!(
                    "loại quy tắc “{kind}” không tồn tại; các loại: {}",
                    known.join(", ")
                ),
                format!(
                    "unknown rule kind “{kind}”; the kinds are: {}",
                    known.join(", ")
                ),
            ),
            K::BadExpression { error } => {
                let why = error.message(lang);
                say!(lang, "biểu thức sai: {why}", "bad expression: {why}")
            }
            K::UnknownVariable { name, expr } => say!(
                lang,
                "biểu thức “{expr}” dùng biến “{name}” chưa khai báo trong “inputs” hoặc “context”",
                "expression “{expr}” uses “{name}”, which is neither an input nor a context variable",
            ),
            K::UnusedInput { name } => say!(
                lang,
                "đầu vào “{name}” được khai báo nhưng không dùng trong quy tắc",
                "input “{name}” is declared but not used by the rule",
            ),
            K::ShadowsContext { name } => say!(
                lang,
                "đầu vào “{name}” trùng tên biến dùng chung (context)",
                "input “{name}” has the name of a context variable",
            ),
            K::UnknownName { name, allowed } => say!(
                lang,
                "“{name}” không hợp lệ; các giá trị: {allowed}",
                "“{name}” is not allowed; allowed: {allowed}",
            ),
            K::FractionsExceedOne { sum } => say!(
                lang,
                "tổng các tỷ phần là {sum}, vượt quá 1 (điểm tối đa)",
                "fractions add up to {sum}, more than 1 (the max)",
            ),
            K::TiersNotDecreasing { previous, this } => say!(
                lang,
                "các mức phải xếp từ cao xuống thấp: ngưỡng {this} không nhỏ hơn ngưỡng trước {previous}",
                "tiers must go from the highest down: threshold {this} is not below the previous {previous}",
            ),
            K::TierFractionIncreasing { previous, this } => say!(
                lang,
                "mức thấp hơn cho tỷ phần {this} lớn hơn mức trên ({previous})",
                "a lower tier gives {this}, more than the tier above ({previous})",
            ),
            K::BadPeriod { period } => say!(
                lang,
                "giai đoạn {period} không hợp lệ hoặc chồng lấn giai đoạn khác",
                "period {period} runs backwards or overlaps another",
            ),
            K::PeriodThresholdDecreasing { period, earlier } => say!(
                lang,
                "ngưỡng giai đoạn {period} thấp hơn ngưỡng của giai đoạn trước ({earlier}): ngưỡng thường tăng dần theo năm, hãy kiểm tra lại",
                "the threshold for {period} is below the earlier period's ({earlier}): thresholds usually rise over the years; check it",
            ),
            K::EmptyList => say!(
                lang,
                "danh sách không được để trống",
                "the list must not be empty",
            ),
            K::NestedRule { kind } => say!(
                lang,
                "quy tắc “{kind}” không được dùng trong một phần của “sum_of_parts”",
                "rule “{kind}” may not stand inside a part of “sum_of_parts”",
            ),
            K::BadReference => say!(
                lang,
                "giá trị tham chiếu: “worst” lớn hơn “best” hoặc “best” không dương",
                "reference: “worst” exceeds “best”, or “best” is not positive",
            ),
            K::NeedsMax { kind } => say!(
                lang,
                "quy tắc “{kind}” cần điểm tối đa của chỉ số",
                "rule “{kind}” needs the indicator's max points",
            ),
            K::SetMismatch { found, expected } => say!(
                lang,
                "tệp dành cho bộ chỉ số “{found}”, không phải “{expected}”",
                "the file is for indicator set “{found}”, not “{expected}”",
            ),
            K::BadUnitId { found } => {
                let why = crate::unit_id::explain(found)
                    .map(|b| b.get(lang).to_string())
                    .unwrap_or_default();
                say!(
                    lang,
                    "mã “{found}” không hợp lệ: {why}",
                    "invalid id “{found}”: {why}"
                )
            }
            K::InputsOnParent => say!(
                lang,
                "chỉ số có chỉ số con không được có “inputs” (chỉ chỉ số lá mới có đầu vào)",
                "an indicator with children may not have “inputs” (only leaves have inputs)",
            ),
            K::BadInputId { id } => say!(
                lang,
                "mã đầu vào “{id}” phải gồm chữ thường không dấu, số và “_”, bắt đầu bằng chữ (như a, b, population)",
                "input id “{id}” must be lower-case letters, digits and “_”, starting with a letter (like a, b, population)",
            ),
            K::LabelMissing { id, lang: Lang::Vi } => say!(
                lang,
                "trường “{id}” không có nhãn tiếng Việt: trang không có gì để gọi tên trường này",
                "field “{id}” has no Vietnamese label: the page has nothing to name it by",
            ),
            K::LabelMissing { id, lang: Lang::En } => say!(
                lang,
                "trường “{id}” không có nhãn tiếng Anh: ở chế độ tiếng Anh, trang hiện nhãn tiếng Việt",
                "field “{id}” has no English label: in English mode the page shows the Vietnamese one",
            ),
            K::ReservedInputId { id } => say!(
                lang,
                "không dùng được “{id}” làm mã đầu vào: tệp số liệu đã dùng tên này cho việc khác",
                "“{id}” cannot be an input id: the values format uses that name for something else",
            ),
            K::UnknownIndicator { id } => say!(
                lang,
                "bộ chỉ số không có chỉ số “{id}”",
                "the set has no indicator “{id}”",
            ),
            K::ExclusionWithoutReason => say!(
                lang,
                "chỉ số được đánh dấu không áp dụng phải ghi lý do (lý do mang tính đặc thù không thể có số liệu)",
                "an indicator marked not applicable needs a reason (why the unit cannot have the figure)",
            ),
            K::Evidence(problem) => problem.message(lang),
            K::TooLarge(too_large) => too_large.message(lang),
            K::DuplicateKey { key, first, second } => say!(
                lang,
                format!(
                    "trường “{key}” xuất hiện hai lần trong cùng một đối tượng (dòng {}, cột {} và dòng {}, cột {}): hãy xóa một lần",
                    first.0, first.1, second.0, second.1
                ),
                format!(
                    "member “{key}” appears twice in one object (line {}, column {} and line {}, column {}): remove one",
                    first.0, first.1, second.0, second.1
                ),
            ),
            K::MaxSumOverflow => say!(
                lang,
                "tổng điểm tối đa vượt quá số thập phân lớn nhất (khoảng 7,9 × 10²⁸)",
                "the max points add up past the largest decimal (about 7.9 × 10²⁸)",
            ),
        }
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let at = if self.pointer.is_empty() {
            "/"
        } else {
            &self.pointer
        };
        write!(f, "{level} at {at}: {}", self.message(Lang::En))
    }
}

impl Serialize for Finding {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Finding", 5)?;
        st.serialize_field("pointer", &self.pointer)?;
        st.serialize_field("severity", &self.severity)?;
        st.serialize_field("code", self.code())?;
        st.serialize_field("vi", &self.message(Lang::Vi))?;
        st.serialize_field("en", &self.message(Lang::En))?;
        st.end()
    }
}

/// Every finding of a file that could not be loaded (at least one is an error).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct ValidationErrors(pub Vec<Finding>);

impl ValidationErrors {
    /// The findings that are errors.
    pub fn errors(&self) -> impl Iterator<Item = &Finding> {
        self.0.iter().filter(|f| f.severity == Severity::Error)
    }
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, finding) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{finding}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationErrors {}
