//! Errors of loading an indicator set or a values file: each with where it is (a JSON
//! Pointer) and a message in Vietnamese and English.

pub(crate) mod sign;
pub(crate) mod verify;

use std::fmt;

use serde::Serialize;

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
        expected: &'static str,
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
        /// The allowed range, in words (English).
        allowed: &'static str,
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
        /// The parser's message.
        message: String,
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
    /// The file is larger than its kind's limit (checked before it is parsed).
    TooLarge(crate::limits::TooLarge),
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
        let vi = lang == Lang::Vi;
        match self {
            Found::Null => "null".into(),
            Found::Bool(b) => b.to_string(),
            Found::Number(n) if vi => format!("số {n}"),
            Found::Number(n) => format!("the number {n}"),
            Found::String(s) if vi => format!("chuỗi “{s}”"),
            Found::String(s) => format!("the string “{s}”"),
            Found::Array if vi => "một mảng".into(),
            Found::Array => "an array".into(),
            Found::Object if vi => "một đối tượng".into(),
            Found::Object => "an object".into(),
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
        use ErrorKind as K;
        let vi = lang == Lang::Vi;
        match &self.kind {
            K::Json { message } => {
                if vi {
                    format!("tệp không phải JSON hợp lệ: {message}")
                } else {
                    format!("the file is not valid JSON: {message}")
                }
            }
            K::MissingField { field } => {
                if vi {
                    format!("thiếu trường “{field}”")
                } else {
                    format!("missing field “{field}”")
                }
            }
            K::WrongType { expected, found } => {
                if vi {
                    format!(
                        "cần {}, gặp {}",
                        expected_vi(expected),
                        found.describe(lang)
                    )
                } else {
                    format!("expected {expected}, found {}", found.describe(lang))
                }
            }
            K::FloatNotAllowed { found } => {
                if vi {
                    format!("số phải viết dưới dạng chuỗi thập phân (\"{found}\"), không phải số JSON {found}")
                } else {
                    format!("numbers must be decimal strings (\"{found}\"), not the JSON number {found}")
                }
            }
            K::UnknownField { field } => {
                if vi {
                    format!("trường “{field}” không có trong định dạng")
                } else {
                    format!("unknown field “{field}”")
                }
            }
            K::BadNumber { text, reason } => {
                if vi {
                    format!("“{text}” không phải số thập phân hợp lệ")
                } else {
                    format!("“{text}” is not a valid decimal: {reason}")
                }
            }
            K::OutOfRange { value, allowed } => {
                if vi {
                    format!(
                        "giá trị {value} nằm ngoài khoảng cho phép ({})",
                        expected_vi(allowed)
                    )
                } else {
                    format!("value {value} is out of range (allowed: {allowed})")
                }
            }
            K::WrongFormat { found, expected } => {
                if vi {
                    format!("định dạng “{found}”, cần “{expected}”")
                } else {
                    format!("format “{found}”, expected “{expected}”")
                }
            }
            K::BadId { id } => {
                if vi {
                    format!("mã “{id}” chỉ được chứa chữ, số, “.”, “-”, “_”")
                } else {
                    format!("id “{id}” may only hold letters, digits, “.”, “-”, “_”")
                }
            }
            K::DuplicateId { id, first } => {
                if vi {
                    format!("mã “{id}” bị trùng (đã dùng tại {first})")
                } else {
                    format!("duplicate id “{id}” (first used at {first})")
                }
            }
            K::MaxMissing => {
                if vi {
                    "thiếu điểm tối đa (chỉ bộ chỉ số nháp mới được bỏ trống)".into()
                } else {
                    "missing max points (only a draft set may leave them out)".into()
                }
            }
            K::MaxSumMismatch { sum, max } => {
                if vi {
                    format!("tổng điểm tối đa của các chỉ số con là {sum}, khác điểm tối đa {max}")
                } else {
                    format!("children's max points add up to {sum}, not the parent's max {max}")
                }
            }
            K::ScaleMismatch { sum, scale } => {
                if vi {
                    format!(
                        "tổng điểm tối đa của các chỉ số chính là {sum}, khác thang điểm {scale}"
                    )
                } else {
                    format!("main indicators' max points add up to {sum}, not the scale {scale}")
                }
            }
            K::RuleAndChildren => {
                if vi {
                    "chỉ số có cả “rule” và “children”".into()
                } else {
                    "an indicator has both “rule” and “children”".into()
                }
            }
            K::NoRule => {
                if vi {
                    "chỉ số không có “rule” cũng không có “children”".into()
                } else {
                    "an indicator has neither “rule” nor “children”".into()
                }
            }
            K::UnknownRuleKind { kind, known } => {
                if vi {
                    format!(
                        "loại quy tắc “{kind}” không tồn tại; các loại: {}",
                        known.join(", ")
                    )
                } else {
                    format!(
                        "unknown rule kind “{kind}”; the kinds are: {}",
                        known.join(", ")
                    )
                }
            }
            K::BadExpression { message } => {
                if vi {
                    format!("biểu thức sai: {message}")
                } else {
                    format!("bad expression: {message}")
                }
            }
            K::UnknownVariable { name, expr } => {
                if vi {
                    format!("biểu thức “{expr}” dùng biến “{name}” chưa khai báo trong “inputs” hoặc “context”")
                } else {
                    format!("expression “{expr}” uses “{name}”, which is neither an input nor a context variable")
                }
            }
            K::UnusedInput { name } => {
                if vi {
                    format!("đầu vào “{name}” được khai báo nhưng không dùng trong quy tắc")
                } else {
                    format!("input “{name}” is declared but not used by the rule")
                }
            }
            K::ShadowsContext { name } => {
                if vi {
                    format!("đầu vào “{name}” trùng tên biến dùng chung (context)")
                } else {
                    format!("input “{name}” has the name of a context variable")
                }
            }
            K::UnknownName { name, allowed } => {
                if vi {
                    format!("“{name}” không hợp lệ; các giá trị: {allowed}")
                } else {
                    format!("“{name}” is not allowed; allowed: {allowed}")
                }
            }
            K::FractionsExceedOne { sum } => {
                if vi {
                    format!("tổng các tỷ phần là {sum}, vượt quá 1 (điểm tối đa)")
                } else {
                    format!("fractions add up to {sum}, more than 1 (the max)")
                }
            }
            K::TiersNotDecreasing { previous, this } => {
                if vi {
                    format!("các mức phải xếp từ cao xuống thấp: ngưỡng {this} không nhỏ hơn ngưỡng trước {previous}")
                } else {
                    format!("tiers must go from the highest down: threshold {this} is not below the previous {previous}")
                }
            }
            K::TierFractionIncreasing { previous, this } => {
                if vi {
                    format!("mức thấp hơn cho tỷ phần {this} lớn hơn mức trên ({previous})")
                } else {
                    format!("a lower tier gives {this}, more than the tier above ({previous})")
                }
            }
            K::BadPeriod { period } => {
                if vi {
                    format!("giai đoạn {period} không hợp lệ hoặc chồng lấn giai đoạn khác")
                } else {
                    format!("period {period} runs backwards or overlaps another")
                }
            }
            K::EmptyList => {
                if vi {
                    "danh sách không được để trống".into()
                } else {
                    "the list must not be empty".into()
                }
            }
            K::NestedRule { kind } => {
                if vi {
                    format!("quy tắc “{kind}” không được dùng trong một phần của “sum_of_parts”")
                } else {
                    format!("rule “{kind}” may not stand inside a part of “sum_of_parts”")
                }
            }
            K::BadReference => {
                if vi {
                    "giá trị tham chiếu: “worst” lớn hơn “best” hoặc “best” không dương".into()
                } else {
                    "reference: “worst” exceeds “best”, or “best” is not positive".into()
                }
            }
            K::NeedsMax { kind } => {
                if vi {
                    format!("quy tắc “{kind}” cần điểm tối đa của chỉ số")
                } else {
                    format!("rule “{kind}” needs the indicator's max points")
                }
            }
            K::SetMismatch { found, expected } => {
                if vi {
                    format!("tệp dành cho bộ chỉ số “{found}”, không phải “{expected}”")
                } else {
                    format!("the file is for indicator set “{found}”, not “{expected}”")
                }
            }
            K::BadUnitId { found } => {
                let why = crate::unit_id::explain(found)
                    .map(|b| b.get(lang).to_string())
                    .unwrap_or_default();
                if vi {
                    format!("mã “{found}” không hợp lệ: {why}")
                } else {
                    format!("invalid id “{found}”: {why}")
                }
            }
            K::InputsOnParent => {
                if vi {
                    "chỉ số có chỉ số con không được có “inputs” (chỉ chỉ số lá mới có đầu vào)"
                        .into()
                } else {
                    "an indicator with children may not have “inputs” (only leaves have inputs)"
                        .into()
                }
            }
            K::BadInputId { id } => {
                if vi {
                    format!("mã đầu vào “{id}” phải gồm chữ thường không dấu, số và “_”, bắt đầu bằng chữ (như a, b, population)")
                } else {
                    format!("input id “{id}” must be lower-case letters, digits and “_”, starting with a letter (like a, b, population)")
                }
            }
            K::ReservedInputId { id } => {
                if vi {
                    format!("không dùng được “{id}” làm mã đầu vào: tệp số liệu đã dùng tên này cho việc khác")
                } else {
                    format!("“{id}” cannot be an input id: the values format uses that name for something else")
                }
            }
            K::UnknownIndicator { id } => {
                if vi {
                    format!("bộ chỉ số không có chỉ số “{id}”")
                } else {
                    format!("the set has no indicator “{id}”")
                }
            }
            K::ExclusionWithoutReason => {
                if vi {
                    "chỉ số được đánh dấu không áp dụng phải ghi lý do (lý do mang tính đặc thù không thể có số liệu)".to_string()
                } else {
                    "an indicator marked not applicable needs a reason (why the unit cannot have the figure)".to_string()
                }
            }
            K::TooLarge(too_large) => too_large.message(lang),
            K::DuplicateKey { key, first, second } => {
                if vi {
                    format!(
                        "trường “{key}” xuất hiện hai lần trong cùng một đối tượng (dòng {}, cột {} và dòng {}, cột {}): hãy xóa một lần",
                        first.0, first.1, second.0, second.1
                    )
                } else {
                    format!(
                        "member “{key}” appears twice in one object (line {}, column {} and line {}, column {}): remove one",
                        first.0, first.1, second.0, second.1
                    )
                }
            }
            K::MaxSumOverflow => {
                if vi {
                    "tổng điểm tối đa vượt quá số thập phân lớn nhất (khoảng 7,9 × 10²⁸)".into()
                } else {
                    "the max points add up past the largest decimal (about 7.9 × 10²⁸)".into()
                }
            }
        }
    }

    /// Both languages.
    pub fn bilingual(&self) -> Bilingual {
        Bilingual::from_fn(|l| self.message(l))
    }
}

fn expected_vi(en: &str) -> &str {
    match en {
        "a decimal string" => "chuỗi số thập phân",
        "a string" => "chuỗi",
        "an object" => "đối tượng",
        "an array" => "mảng",
        "true or false" => "true hoặc false",
        "a whole number" => "số nguyên",
        "a fraction between 0 and 1" => "tỷ phần từ 0 đến 1",
        "0 or more" => "từ 0 trở lên",
        "more than 0" => "lớn hơn 0",
        "0 to 10" => "từ 0 đến 10",
        "a year from 1900 to 2200" => "năm từ 1900 đến 2200",
        "0 to the indicator's max" => "từ 0 đến điểm tối đa của chỉ số",
        "a rank from 1 to the number of provinces" => "thứ hạng từ 1 đến số tỉnh",
        "a share tolerance of at least 100%, on a share" => {
            "dung sai của một tỷ lệ, từ 100% trở lên, chỉ dùng khi share là true"
        }
        other => other,
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
        let mut st = s.serialize_struct("Finding", 4)?;
        st.serialize_field("pointer", &self.pointer)?;
        st.serialize_field("severity", &self.severity)?;
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
