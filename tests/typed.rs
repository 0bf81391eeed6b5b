//! Typed figures are read right or refused, never misread: every cell of
//! `tests/typed/cases.tsv` (text × field kind × language) gives exactly the value or the
//! refusal written there, through the function the page calls
//! (`dti_score::set::read_field`); the refusals' messages are pinned by a snapshot.

#[path = "typed/table.rs"]
mod table;

use dti_score::number::parse_canonical;
use dti_score::set::{read_field, show_field, FieldError};
use dti_score::IndicatorSet;
use dti_score::Lang;
use dti_score::Message;

fn lang(code: &str) -> Lang {
    match code {
        "en" => Lang::En,
        _ => Lang::Vi,
    }
}

fn path(letter: &str) -> Vec<String> {
    ["values", "1.1", letter].map(String::from).to_vec()
}

#[test]
fn every_cell_of_the_table() {
    let set = IndicatorSet::from_json(table::SET).unwrap();
    let cases = table::cases();
    assert!(cases.len() >= 150 * 2, "{} cases", cases.len());
    let mut wrong = Vec::new();
    let mut messages = String::new();
    for c in &cases {
        let got = match read_field(&set, &path(c.letter), &c.text, lang(c.lang)) {
            Ok(r) => r.value,
            Err(e @ FieldError::Typed { .. }) => {
                messages.push_str(&format!(
                    "{:?} {}\n  vi: {}\n  en: {}\n",
                    c.text,
                    c.column,
                    e.message(Lang::Vi),
                    e.message(Lang::En)
                ));
                e.code().trim_start_matches("typed.").to_string()
            }
            Err(e) => panic!("{e}"),
        };
        if got != c.expected {
            wrong.push(format!(
                "{:?} {}: expected {}, got {got}",
                c.text, c.column, c.expected
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} cells differ:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    insta::assert_snapshot!("refusals", messages);
}

/// A value written back into its field (after the language changed, or from a file)
/// reads to the same value in that language.
#[test]
fn a_value_shown_reads_back_the_same() {
    let set = IndicatorSet::from_json(table::SET).unwrap();
    for c in table::cases() {
        if c.expected.chars().any(|ch| ch.is_ascii_lowercase()) {
            continue;
        }
        let value = parse_canonical(&c.expected).unwrap();
        for l in [Lang::Vi, Lang::En] {
            let shown = show_field(&set, &path(c.letter), &value, l).unwrap();
            let back = read_field(&set, &path(c.letter), &shown.shown, l).unwrap();
            assert_eq!(
                back.value, c.expected,
                "{} shown as {:?}",
                c.expected, shown.shown
            );
        }
    }
}

#[test]
fn what_the_page_shows_under_a_field() {
    let set = IndicatorSet::from_json(table::SET).unwrap();
    let r = read_field(&set, &path("a"), "1.234", Lang::Vi).unwrap();
    assert_eq!(
        (r.value.as_str(), r.shown.as_str(), r.words.as_deref()),
        ("1234", "1.234", Some("một nghìn hai trăm ba mươi bốn"))
    );
    let r = read_field(&set, &path("p"), "45", Lang::Vi).unwrap();
    assert_eq!(
        (r.value.as_str(), r.shown.as_str(), r.words),
        ("0.45", "45%", None)
    );
    let r = read_field(&set, &path("c"), "999", Lang::En).unwrap();
    assert_eq!((r.shown.as_str(), r.words), ("999", None));
    let e = read_field(&set, &path("a"), "45%", Lang::Vi).unwrap_err();
    assert_eq!(
        e.message(Lang::Vi),
        "a (Kinh phí): “45%”: trường này là số tiền (tỷ đồng), không nhận %"
    );
    let e = read_field(&set, &path("c"), "2,856", Lang::Vi).unwrap_err();
    assert_eq!(
        e.message(Lang::Vi),
        "c (Số hộ): “2,856”: số đếm phải là số nguyên (dấu phẩy là dấu thập phân); nếu là 2856, hãy viết 2.856 hoặc 2856"
    );
    let e = read_field(
        &set,
        &["values", "9.9", "a"].map(String::from),
        "1",
        Lang::Vi,
    )
    .unwrap_err();
    assert_eq!(e.code(), "field.no_such_field");
    // Manual points and context fields are addressed the same way.
    let points = ["values", "1.1", "parts", "2", "points"].map(String::from);
    assert_eq!(
        read_field(&set, &points, "1,5", Lang::Vi).unwrap().value,
        "1.5"
    );
}

/// A field the page could not read keeps its text in `typed` and no value: scoring reads
/// the text again, in its language, and the indicator is invalid with that refusal. A
/// value beside typed text counts as it is.
#[test]
fn typed_text_without_a_value_is_scored_as_its_refusal() {
    use dti_score::{score, ScoreOptions, Status, Values};
    let set = IndicatorSet::from_json(table::SET).unwrap();
    let values = Values::from_json(
        r#"{"values": {"1.1": {"a": "1234", "n": "-2", "p": "0.5",
             "typed": {"a": {"text": "1.234", "lang": "vi"}, "c": {"text": "1.5", "lang": "vi"}}}}}"#,
    )
    .unwrap();
    let report = score(&set, &values, &ScoreOptions::default());
    let node = report.nodes.get("1.1").unwrap();
    assert_eq!(node.status, Status::Invalid);
    assert_eq!(
        node.messages.iter().map(|m| m.vi.as_str()).collect::<Vec<_>>(),
        ["Số liệu không hợp lệ: c (Số hộ): “1.5”: dấu chấm chỉ dùng phân cách hàng nghìn (1.234); dùng dấu phẩy cho phần thập phân: 1,5 — hoặc 15?"]
    );
    // Typed text alone that reads (a file written by hand) counts as read.
    let values = Values::from_json(
        r#"{"values": {"1.1": {"n": "0", "p": "0.5",
             "typed": {"a": {"text": "1.234", "lang": "vi"}, "c": {"text": "2,000", "lang": "en"}}}}}"#,
    )
    .unwrap();
    let report = score(&set, &values, &ScoreOptions::default());
    let node = report.nodes.get("1.1").unwrap();
    assert_eq!(node.status, Status::Ok, "{:?}", node.messages);
    // (2000 + 1234 + 0) / 2000 × 0.5 = 0.8085 of 10 → 8.09 (rounded to 2 places).
    assert_eq!(node.points.map(|p| p.to_string()).as_deref(), Some("8.09"));
    // A typed entry in an unknown language is a finding with its place.
    let err =
        Values::from_json(r#"{"values": {"1.1": {"typed": {"a": {"text": "1", "lang": "fr"}}}}}"#)
            .unwrap_err();
    assert_eq!(err.0[0].pointer, "/values/1.1/typed/a/lang");
}

/// What a file keeps: typed texts that read give way to their values; those that do not
/// read stay (nothing typed is lost); a value already there is not replaced.
#[test]
fn settled_values_keep_canonical_figures_and_unread_texts() {
    let set = IndicatorSet::from_json(table::SET).unwrap();
    let values = dti_score::Values::from_json(
        r#"{"values": {"1.1": {"a": "7",
             "typed": {"a": {"text": "1.234", "lang": "vi"}, "c": {"text": "2.856", "lang": "vi"},
                       "p": {"text": "1.5", "lang": "vi"}, "n": {"text": "-1,5", "lang": "vi"}}}}}"#,
    )
    .unwrap();
    let settled = values.settled(&set).to_json_value();
    assert_eq!(
        settled["values"]["1.1"],
        serde_json::json!({"a": "7", "c": "2856", "n": "-1.5",
                           "typed": {"p": {"text": "1.5", "lang": "vi"}}})
    );
}

/// What the page's old `parseNumber` export answered (the export is gone; the page reads
/// every field with `readField`): `number::parse_number`, the files' reader of numbers.
#[test]
fn numbers_are_parsed_the_vietnamese_way() {
    use dti_score::number::parse_number;
    use dti_score::Message;
    let value = |t: &str| parse_number(t).unwrap().to_string();
    assert_eq!(value("1.234.567"), "1234567");
    assert_eq!(value("80,5%"), "0.805");
    assert_eq!(value("1.234,5"), "1234.5");
    assert_eq!(value(" 0.95 "), "0.95");
    let e = parse_number("1.23.456").unwrap_err();
    assert_eq!(
        e.message(Lang::Vi),
        "“1.23.456”: dấu chấm phân cách hàng nghìn phải chia thành nhóm 3 chữ số (ví dụ 1.234.567)"
    );
    assert_eq!(
        e.message(Lang::En),
        "“1.23.456”: thousands separators must split groups of three digits (e.g. 1.234.567)"
    );
    let e = parse_number("abc").unwrap_err();
    assert_eq!(e.message(Lang::Vi), "“abc” không phải là số");
    assert_eq!(e.message(Lang::En), "“abc” is not a number");
}
