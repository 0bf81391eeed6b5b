//! The one message layer (issue 13, item 2): every error enum gives a stable code and
//! its message in both languages through `Message`; `Display` is the English message;
//! findings and problems serialise their code beside `vi` and `en`.

use dti_score::aggregate::GapProblem;
use dti_score::number::{parse_number, read_typed, Field, FieldKind, NumberError};
use dti_score::table::CsvError;
use dti_score::unit_id::UnitIdProblem;
use dti_score::{score, IndicatorSet, Message, ScoreOptions, Values};
use dti_score::{InputProblem, Subject};
use dti_score::{Lang, Text};
use serde_json::json;

fn text(vi: &str) -> Text {
    Text {
        vi: vi.into(),
        en: None,
    }
}

fn input<'a>(name: &'a str, label: &'a Text) -> Subject<'a> {
    Subject::Input {
        name,
        label: Some(label),
    }
}

/// `code`, then both languages, for a snapshot.
fn render(m: &dyn Message) -> String {
    format!(
        "{}\n  vi: {}\n  en: {}",
        m.code(),
        m.message(Lang::Vi),
        m.message(Lang::En)
    )
}

/// Every input problem scoring reports, with its code and both messages.
#[test]
fn input_problems() {
    let ratio = dti_score::Bilingual {
        vi: "Tỷ lệ = a/b = 1.051/1.000 = 105,1%".into(),
        en: "Ratio = a/b = 1,051/1,000 = 105.1%".into(),
    };
    let (households, all_households, share) = (text("Số hộ"), text("Tổng số hộ"), text("Tỷ lệ"));
    let (portal, system) = (text("Có cổng dịch vụ công"), text("Có hệ thống"));
    let count = Field {
        kind: FieldKind::Count,
        unit: None,
    };
    let problems = [
        InputProblem::MissingValues {
            inputs: vec![input("a", &households), input("b", &all_households)],
        },
        InputProblem::NoYesNo { question: &portal },
        InputProblem::NoItems,
        InputProblem::NoOption,
        InputProblem::NoPoints,
        InputProblem::NoAttainment,
        InputProblem::GateNotAnswered { gate: &system },
        InputProblem::NotExcludable,
        InputProblem::Overflow,
        InputProblem::Number {
            subject: input("a", &households),
            error: parse_number("mười").unwrap_err(),
        },
        InputProblem::Typed {
            subject: input("a", &households),
            error: read_typed("1.5", count, Lang::Vi).unwrap_err(),
        },
        InputProblem::Negative {
            subject: input("a", &households),
            raw: "-3",
        },
        InputProblem::NotWhole {
            subject: input("a", &households),
            raw: "2,5",
        },
        InputProblem::ShareAbove100 {
            subject: input("p", &share),
            raw: "1,2",
        },
        InputProblem::DivisionByZero {
            divisor: Subject::Input {
                name: "b+c",
                label: None,
            },
        },
        InputProblem::NegativePoints { raw: "-1" },
        InputProblem::AttainmentOutOfRange { raw: "1,2" },
        InputProblem::UnknownItem { id: "z" },
        InputProblem::UnknownOption {
            id: "c",
            options: vec!["a", "b"],
        },
        InputProblem::ShareExceeds100 {
            ratio: ratio.clone(),
            expr: "a/b".into(),
        },
        InputProblem::AboveTolerance {
            ratio: ratio.clone(),
            tolerance: "1.05".parse().unwrap(),
        },
        InputProblem::WithinTolerance {
            ratio,
            tolerance: "1.05".parse().unwrap(),
        },
        InputProblem::NoYear,
        InputProblem::NoThresholdForYear { year: 2031 },
        InputProblem::NoJustification {
            of: Subject::Points,
        },
        InputProblem::NoJustification {
            of: Subject::Attainment,
        },
    ];
    for p in &problems {
        assert_eq!(p.to_string(), p.message(Lang::En), "{p:?}");
    }
    let text: Vec<String> = problems.iter().map(|p| render(p)).collect();
    insta::assert_snapshot!(text.join("\n"));
}

/// A report's messages are problems: each serialises `code`, `vi`, `en`.
#[test]
fn report_messages_carry_their_code() {
    let set = IndicatorSet::from_json(
        r#"{
  "format": "dti-score/indicator-set/v1", "id": "tiny", "version": "1",
  "title": {"vi": "Nhỏ"}, "scale": "20",
  "indicators": [{"code": "1", "title": {"vi": "Hộ có cáp quang"}, "max": "20",
    "inputs": [{"id": "a", "label": {"vi": "Số hộ có cáp quang"}},
               {"id": "b", "label": {"vi": "Tổng số hộ"}}],
    "rule": {"kind": "linear", "ratio": "a/b"}}]
}"#,
    )
    .unwrap();
    let values = Values::from_json(r#"{"values": {"1": {"a": "45"}}}"#).unwrap();
    let report = score(&set, &values, &ScoreOptions::default());
    let node = serde_json::to_value(&report.nodes["1"]).unwrap();
    assert_eq!(
        node["messages"],
        json!([{
            "code": "input.missing",
            "vi": "Thiếu số liệu: b (Tổng số hộ)",
            "en": "Missing: b (Tổng số hộ)"
        }])
    );
    let values = Values::from_json(r#"{"values": {"1": {"a": "45", "b": "0"}}}"#).unwrap();
    let report = score(&set, &values, &ScoreOptions::default());
    assert_eq!(report.nodes["1"].messages[0].code, "input.division_by_zero");
    assert_eq!(
        report.nodes["1"].messages[0].en,
        "Invalid input: division by zero: denominator b (Tổng số hộ) = 0"
    );
}

/// A set's findings serialise their code before the messages.
#[test]
fn findings_carry_their_code() {
    let err = IndicatorSet::from_json(
        r#"{"format": "dti-score/indicator-set/v1", "id": "x", "version": "1",
            "title": {"vi": "X"}, "scale": "10",
            "indicators": [{"code": "1", "title": {"vi": "A"}, "max": "10",
              "rule": {"kind": "linear_to_nowhere"}}]}"#,
    )
    .unwrap_err();
    let json = serde_json::to_value(&err).unwrap();
    assert_eq!(json[0]["pointer"], "/indicators/0/rule/kind");
    assert_eq!(json[0]["severity"], "error");
    assert_eq!(json[0]["code"], "set.unknown_rule_kind");
    assert_eq!(err.0[0].code(), "set.unknown_rule_kind");
    assert_eq!(
        json[0].as_object().unwrap().keys().collect::<Vec<_>>(),
        ["pointer", "severity", "code", "vi", "en"]
    );
}

/// The small enums' codes and both messages.
#[test]
fn other_messages() {
    let gap = GapProblem::Invalid {
        text: "mười".into(),
    };
    assert_eq!(
        serde_json::to_value(&gap).unwrap(),
        json!({
            "kind": "invalid",
            "text": "mười",
            "code": "rollup.invalid",
            "vi": "“mười” không phải số đếm hay số lượng",
            "en": "“mười” is not a count or amount"
        })
    );
    assert_eq!(
        serde_json::to_value(GapProblem::Missing).unwrap(),
        json!({"kind": "missing", "code": "rollup.missing", "vi": "thiếu", "en": "missing"})
    );
    let csv = CsvError::DuplicateUnit {
        line: 4,
        unit: "xa-a".into(),
    };
    assert_eq!(
        render(&csv),
        "csv.duplicate_unit\n  vi: dòng 4: đơn vị “xa-a” có hai dòng\n  en: line 4: unit “xa-a” is listed twice"
    );
    assert_eq!(csv.to_string(), "line 4: unit “xa-a” is listed twice");
    let number = NumberError::ZeroDenominator { text: "1/0".into() };
    assert_eq!(number.code(), "number.zero_denominator");
    assert_eq!(number.bilingual().vi, "“1/0”: mẫu số của phân số bằng 0");
    let unit = UnitIdProblem::TooLong { chars: 130 };
    assert_eq!(unit.code(), "unit_id.too_long");
    assert_eq!(
        unit.to_string(),
        "the unit id is 130 characters long, at most 128"
    );
    let expr = dti_score::set::Expr::parse("a+").unwrap_err();
    assert_eq!(expr.code(), "expr.expected_operand");
    assert_eq!(
        render(&expr),
        "expr.expected_operand\n  vi: biểu thức “a+”: cần một số, một biến hoặc “(” tại vị trí 3\n  en: expression “a+”: expected a number, a variable or “(” at position 3"
    );
}

/// A context field or a worded input without a label in a language is a warning with
/// its stable code (issue 15, item 2): the page never shows a programmer id, so a set
/// author must hear of the gap.
#[test]
fn missing_labels_are_warnings() {
    let set = IndicatorSet::from_json(
        r#"{"format": "dti-score/indicator-set/v1", "id": "x", "version": "1",
            "title": {"vi": "X"}, "scale": "10",
            "context": [{"id": "population", "label": {"vi": "Dân số"}}],
            "indicators": [{"code": "1", "title": {"vi": "A"}, "max": "10",
              "inputs": [{"id": "articles", "label": {"vi": " ", "en": "Articles"}},
                         {"id": "a", "label": {"vi": "Số hộ"}}],
              "rule": {"kind": "per_unit", "value": "articles + a + population", "points_each": "1"}}]}"#,
    )
    .unwrap();
    let warnings: Vec<String> = set
        .warnings()
        .iter()
        .map(|f| format!("{} {}", f.pointer, render(&f.kind)))
        .collect();
    insta::assert_snapshot!(warnings.join("\n"));
    assert_eq!(
        set.warnings().iter().map(|f| f.code()).collect::<Vec<_>>(),
        ["set.label_missing", "set.label_missing"]
    );
}
