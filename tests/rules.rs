//! Unit tests per rule kind, with exact expected decimals derived by hand from the
//! definitions in `docs/indicator-set-format.md`: points, attainment and status, at the
//! boundaries (exactly at a threshold, one unit below, zero denominators, caps), with
//! Vietnamese-formatted input, rounding, parents, appraisals and targets.
//!
//! Every set is built inline as JSON: one main indicator "1" holding the leaves under
//! test, so that the set validates (maxima add up) and the leaf is scored as it would be
//! in a real set.

use dti_score::{score, IndicatorSet, Report, ScoreOptions, Status, Targets, Values};
use dti_score::{Appraisal, Appraisals, NodeReport, RelativeBest};
use rust_decimal::Decimal;

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

/// Two counts: a share of households (the usual "Tỷ lệ = a/b").
const AB: &str = r#"[
  {"id": "a", "label": {"vi": "Số hộ có cáp quang", "en": "Households with fibre"}, "kind": "count"},
  {"id": "b", "label": {"vi": "Tổng số hộ", "en": "Households"}, "kind": "count"}
]"#;

/// Two amounts (billions of dong).
const AB_AMOUNT: &str = r#"[
  {"id": "a", "label": {"vi": "Kinh phí đã chi", "en": "Spent"}, "kind": "amount"},
  {"id": "b", "label": {"vi": "Kinh phí được giao", "en": "Allocated"}, "kind": "amount"}
]"#;

/// One percentage typed by the unit.
const A_PERCENT: &str = r#"[
  {"id": "a", "label": {"vi": "Tỷ lệ phủ sóng", "en": "Coverage"}, "kind": "percent"}
]"#;

/// One count.
const A_COUNT: &str = r#"[
  {"id": "a", "label": {"vi": "Số bài viết", "en": "Articles"}, "kind": "count"}
]"#;

/// One amount.
const A_AMOUNT: &str = r#"[
  {"id": "a", "label": {"vi": "Kinh phí (tỷ đồng)", "en": "Budget (billion dong)"}, "kind": "amount"}
]"#;

/// A set whose main indicator "1" holds the given leaves (each a JSON object without
/// braces' closing: the fields of one node). `top` adds set-level fields (rounding,
/// context). The scale and the main indicator's max are the sum of the leaves' maxima.
fn set_of(top: &str, leaves: &[(&str, &str, &str)]) -> IndicatorSet {
    let mut total = Decimal::ZERO;
    let mut nodes = Vec::new();
    for (code, max, fields) in leaves {
        total += max.parse::<Decimal>().unwrap();
        nodes.push(format!(
            r#"{{"code": "{code}", "title": {{"vi": "Chỉ số {code}", "en": "Indicator {code}"}}, "max": "{max}", {fields}}}"#
        ));
    }
    let top = if top.is_empty() {
        String::new()
    } else {
        format!("{top},")
    };
    let json = format!(
        r#"{{
  "format": "dti-score/indicator-set/v1", "id": "test", "version": "1",
  "title": {{"vi": "Bộ thử", "en": "Test set"}}, "scale": "{total}", {top}
  "indicators": [{{"code": "1", "title": {{"vi": "Trụ cột", "en": "Pillar"}}, "max": "{total}",
    "children": [{children}]}}]
}}"#,
        children = nodes.join(",\n")
    );
    IndicatorSet::from_json(&json)
        .unwrap_or_else(|e| panic!("test set does not load:\n{e}\n{json}"))
}

/// A set with one leaf "1.1" of max `max`: `fields` are its `inputs` and `rule`.
fn leaf_set(max: &str, inputs: &str, rule: &str) -> IndicatorSet {
    let fields = if inputs.is_empty() {
        format!(r#""rule": {rule}"#)
    } else {
        format!(r#""inputs": {inputs}, "rule": {rule}"#)
    };
    set_of("", &[("1.1", max, &fields)])
}

fn values(json: &str) -> Values {
    Values::from_json(json).unwrap_or_else(|e| panic!("values do not load:\n{e}\n{json}"))
}

/// Scores `entry` (the JSON answers of "1.1") and returns the whole report.
fn report_with(set: &IndicatorSet, entry: &str, options: &ScoreOptions) -> Report {
    let v = values(&format!(r#"{{"values": {{"1.1": {entry}}}}}"#));
    score(set, &v, options)
}

/// Scores `entry` (the JSON answers of "1.1") and returns the leaf's report.
fn leaf(set: &IndicatorSet, entry: &str) -> NodeReport {
    leaf_with(set, entry, &ScoreOptions::default())
}

fn leaf_with(set: &IndicatorSet, entry: &str, options: &ScoreOptions) -> NodeReport {
    report_with(set, entry, options).nodes["1.1"].clone()
}

fn d(text: &str) -> Decimal {
    text.parse().unwrap()
}

/// The quotient `n / m` as rust_decimal computes it (28 significant digits), for
/// attainments that are repeating fractions.
/// The attainment the report shows for n/m: the quotient to 20 decimal places (the
/// engine's guard against division's last-digit error), without trailing zeros.
fn q(n: &str, m: &str) -> String {
    (d(n) / d(m)).round_dp(20).normalize().to_string()
}

fn s(d: Option<Decimal>) -> String {
    d.map_or_else(|| "none".to_string(), |d| d.to_string())
}

/// Asserts points, attainment and status exactly (decimals as their strings).
#[track_caller]
fn check(n: &NodeReport, points: &str, attainment: &str, status: Status) {
    assert_eq!(
        (s(n.points).as_str(), s(n.attainment).as_str(), n.status),
        (points, attainment, status),
        "trace: {}",
        n.trace.en
    );
}

/// The leaf's messages, Vietnamese and English.
fn messages(n: &NodeReport) -> Vec<(String, String)> {
    n.messages
        .iter()
        .map(|m| (m.vi.clone(), m.en.clone()))
        .collect()
}

fn year(y: i32) -> ScoreOptions {
    ScoreOptions {
        year: Some(y),
        ..ScoreOptions::default()
    }
}

// ---------------------------------------------------------------------------------------
// linear: ratio × max
// ---------------------------------------------------------------------------------------

fn linear() -> IndicatorSet {
    leaf_set("20", AB, r#"{"kind": "linear", "ratio": "a/b"}"#)
}

#[test]
fn linear_partial_full_and_zero() {
    let set = linear();
    // 45/60 = 0.75; 0.75 × 20 = 15.
    check(
        &leaf(&set, r#"{"a": "45", "b": "60"}"#),
        "15",
        "0.75",
        Status::Ok,
    );
    // 60/60 = 1 → 20.
    check(
        &leaf(&set, r#"{"a": "60", "b": "60"}"#),
        "20",
        "1",
        Status::Ok,
    );
    // 59/60 = 0.98333…; × 20 = 19.6666… → 19.67.
    check(
        &leaf(&set, r#"{"a": "59", "b": "60"}"#),
        "19.67",
        &q("59", "60"),
        Status::Ok,
    );
    // 0/60 → 0, ok.
    check(
        &leaf(&set, r#"{"a": "0", "b": "60"}"#),
        "0",
        "0",
        Status::Ok,
    );
}

#[test]
fn linear_trace_vi_and_en() {
    let n = leaf(&linear(), r#"{"a": "45", "b": "60"}"#);
    assert_eq!(n.trace.vi, "Tỷ lệ = a/b = 45/60 = 75% → 75% × 20 = 15");
    assert_eq!(n.trace.en, "Ratio = a/b = 45/60 = 75% → 75% × 20 = 15");
    // What it takes: 60 − 45 = 15 more households for 100%.
    let to_full = n.to_full.expect("to_full");
    assert_eq!(
        to_full.vi,
        "cần thêm 15 a (Số hộ có cáp quang) để tỷ lệ đạt 100%"
    );
    assert_eq!(
        to_full.en,
        "needs 15 a (Households with fibre) more for the ratio to reach 100%"
    );
    assert_eq!(s(n.lost), "5");
    assert_eq!(s(n.value), "0.75");
}

#[test]
fn linear_zero_denominator_is_invalid() {
    let n = leaf(&linear(), r#"{"a": "0", "b": "0"}"#);
    check(&n, "0", "0", Status::Invalid);
    assert_eq!(
        messages(&n),
        vec![(
            "Số liệu không hợp lệ: chia cho 0: mẫu số b (Tổng số hộ) = 0".to_string(),
            "Invalid input: division by zero: denominator b (Households) = 0".to_string()
        )]
    );
    assert_eq!(
        n.trace.en,
        "Invalid input: division by zero: denominator b (Households) = 0 → 0"
    );
    assert_eq!(
        n.trace.vi,
        "Số liệu không hợp lệ: chia cho 0: mẫu số b (Tổng số hộ) = 0 → 0"
    );
}

#[test]
fn linear_share_above_one_is_invalid() {
    // 61/60 of a whole: the numerator exceeds the denominator.
    let n = leaf(&linear(), r#"{"a": "61", "b": "60"}"#);
    check(&n, "0", "0", Status::Invalid);
    assert_eq!(
        messages(&n),
        vec![(
            "Số liệu không hợp lệ: Tỷ lệ = a/b = 61/60 = 101,67% vượt 100%: tử số lớn hơn mẫu số trong a/b".to_string(),
            "Invalid input: Ratio = a/b = 61/60 = 101.67% exceeds 100%: the numerator exceeds the denominator in a/b".to_string()
        )]
    );
}

#[test]
fn linear_not_a_share_is_capped_at_max() {
    let set = leaf_set(
        "20",
        AB,
        r#"{"kind": "linear", "ratio": "a/b", "share": false}"#,
    );
    // 61/60 > 1, allowed, capped: max.
    check(
        &leaf(&set, r#"{"a": "61", "b": "60"}"#),
        "20",
        "1",
        Status::Ok,
    );
    // 3/60 = 0.05 → 1.
    check(
        &leaf(&set, r#"{"a": "3", "b": "60"}"#),
        "1",
        "0.05",
        Status::Ok,
    );
}

#[test]
fn linear_negative_input_is_invalid() {
    let n = leaf(&linear(), r#"{"a": "-1", "b": "60"}"#);
    check(&n, "0", "0", Status::Invalid);
    assert_eq!(
        messages(&n),
        vec![(
            "Số liệu không hợp lệ: a (Số hộ có cáp quang): “-1” là số âm".to_string(),
            "Invalid input: a (Households with fibre): “-1” is negative".to_string()
        )]
    );
}

#[test]
fn linear_not_a_number_is_invalid() {
    let n = leaf(&linear(), r#"{"a": "bốn lăm", "b": "60"}"#);
    check(&n, "0", "0", Status::Invalid);
    assert_eq!(
        messages(&n),
        vec![(
            "Số liệu không hợp lệ: a (Số hộ có cáp quang): “bốn lăm” không phải là số".to_string(),
            "Invalid input: a (Households with fibre): “bốn lăm” is not a number".to_string()
        )]
    );
}

#[test]
fn linear_missing_inputs_are_listed_together() {
    let n = leaf(&linear(), r#"{}"#);
    check(&n, "0", "0", Status::Missing);
    assert_eq!(
        messages(&n),
        vec![(
            "Thiếu số liệu: a (Số hộ có cáp quang); b (Tổng số hộ)".to_string(),
            "Missing: a (Households with fibre); b (Households)".to_string()
        )]
    );
    // No entry at all: the same.
    let v = values(r#"{"values": {}}"#);
    let r = score(&linear(), &v, &ScoreOptions::default());
    check(&r.nodes["1.1"], "0", "0", Status::Missing);
    // An empty string is missing, not invalid.
    let n = leaf(&linear(), r#"{"a": " ", "b": "60"}"#);
    check(&n, "0", "0", Status::Missing);
    assert_eq!(
        messages(&n),
        vec![(
            "Thiếu số liệu: a (Số hộ có cáp quang)".to_string(),
            "Missing: a (Households with fibre)".to_string()
        )]
    );
}

#[test]
fn count_that_is_not_whole_is_invalid_with_a_hint() {
    // "1.500" with a single dot is 1.5 (a decimal point): not a count.
    let n = leaf(&linear(), r#"{"a": "1.500", "b": "2000"}"#);
    check(&n, "0", "0", Status::Invalid);
    assert_eq!(
        n.messages[0].en,
        "Invalid input: a (Households with fibre): a count must be a whole number, got “1.500” (for 1500, write 1500)"
    );
}

#[test]
fn count_hint_in_vietnamese_does_not_suggest_the_ambiguous_form() {
    let n = leaf(&linear(), r#"{"a": "1.500", "b": "2000"}"#);
    // The doc: `"1.500"` for a count of households says: write 1500. Suggesting
    // "1.500" again (format_vi(1500)) would be read as 1,5 once more.
    assert_eq!(
        n.messages[0].vi,
        "Số liệu không hợp lệ: a (Số hộ có cáp quang): số đếm phải là số nguyên, gặp “1.500” (nếu là 1500, hãy viết 1500)"
    );
}

#[test]
fn single_dot_is_a_decimal_point_even_for_counts() {
    // The format's rule: one dot and no comma is a decimal point, so "612.000" is 612
    // (a whole number, accepted for a count), not 612 000. Written with two groups or
    // spaces it is 612 000. (A hazard for people who type thousands with one dot; see
    // the report of the test suite.)
    let set = linear();
    check(
        &leaf(&set, r#"{"a": "612.000", "b": "1.254.300"}"#),
        "0.01",
        &q("612", "1254300"),
        Status::Ok,
    );
    check(
        &leaf(&set, r#"{"a": "612 000", "b": "1.254.300"}"#),
        "9.76",
        &q("612000", "1254300"),
        Status::Ok,
    );
}

#[test]
fn vietnamese_formatted_inputs() {
    let set = linear();
    // 1.234.567 / 1.500.000 = 0.823044666…; × 20 = 16.46089333… → 16.46.
    let n = leaf(&set, r#"{"a": "1.234.567", "b": "1.500.000"}"#);
    check(&n, "16.46", &q("1234567", "1500000"), Status::Ok);
    assert_eq!(
        n.trace.vi,
        "Tỷ lệ = a/b = 1.234.567/1.500.000 = 82,3% → 82,3% × 20 ≈ 16,46"
    );
    // Spaces group thousands too.
    check(
        &leaf(&set, r#"{"a": "1 234 567", "b": "1 500 000"}"#),
        "16.46",
        &q("1234567", "1500000"),
        Status::Ok,
    );
    // Amounts with a decimal comma: 80,5 / 161 = 0.5 → 10.
    let set = leaf_set("20", AB_AMOUNT, r#"{"kind": "linear", "ratio": "a/b"}"#);
    check(
        &leaf(&set, r#"{"a": "80,5", "b": "161"}"#),
        "10",
        "0.5",
        Status::Ok,
    );
    // Grouped with a decimal comma: 1.207,5 / 2415,0 = 0.5 → 10.
    check(
        &leaf(&set, r#"{"a": "1.207,5", "b": "2415,0"}"#),
        "10",
        "0.5",
        Status::Ok,
    );
}

#[test]
fn percent_inputs() {
    let set = leaf_set("20", A_PERCENT, r#"{"kind": "linear", "ratio": "a"}"#);
    // "80%" and "0.8" are the same: 0.8 × 20 = 16.
    let n = leaf(&set, r#"{"a": "80%"}"#);
    check(&n, "16", "0.8", Status::Ok);
    assert_eq!(n.trace.vi, "a = 80% → 80% × 20 = 16");
    check(&leaf(&set, r#"{"a": "0.8"}"#), "16", "0.8", Status::Ok);
    check(
        &leaf(&set, r#"{"a": "80,5%"}"#),
        "16.1",
        "0.805",
        Status::Ok,
    );
    // "80,5" without % is 80.5: above 100% for a percent input.
    let n = leaf(&set, r#"{"a": "80,5"}"#);
    check(&n, "0", "0", Status::Invalid);
    assert_eq!(
        messages(&n),
        vec![(
            "Số liệu không hợp lệ: a (Tỷ lệ phủ sóng): tỷ lệ “80,5” vượt 100% (viết 80% hoặc 0,8)"
                .to_string(),
            "Invalid input: a (Coverage): share “80,5” exceeds 100% (write 80% or 0.8)".to_string()
        )]
    );
    // Exactly 100% is allowed.
    check(&leaf(&set, r#"{"a": "100%"}"#), "20", "1", Status::Ok);
}

// ---------------------------------------------------------------------------------------
// linear_to_target: ratio ≥ target → max, else ratio/target × max
// ---------------------------------------------------------------------------------------

fn to_target() -> IndicatorSet {
    leaf_set(
        "20",
        AB,
        r#"{"kind": "linear_to_target", "ratio": "a/b", "target": "80%"}"#,
    )
}

#[test]
fn linear_to_target_below_at_and_above() {
    let set = to_target();
    // 45/60 = 0.75 < 0.8: 0.75/0.8 = 0.9375 × 20 = 18.75.
    check(
        &leaf(&set, r#"{"a": "45", "b": "60"}"#),
        "18.75",
        "0.9375",
        Status::Ok,
    );
    // Exactly at the target: 48/60 = 0.8 → max.
    check(
        &leaf(&set, r#"{"a": "48", "b": "60"}"#),
        "20",
        "1",
        Status::Ok,
    );
    // One household below: 47/60 = 0.78333…; /0.8 = 0.979166…; × 20 = 19.58333… → 19.58.
    check(
        &leaf(&set, r#"{"a": "47", "b": "60"}"#),
        "19.58",
        &(d("47") / d("60") / d("0.8"))
            .round_dp(20)
            .normalize()
            .to_string(),
        Status::Ok,
    );
    // Above the target (still a share): max.
    check(
        &leaf(&set, r#"{"a": "59", "b": "60"}"#),
        "20",
        "1",
        Status::Ok,
    );
    // Zero denominator: invalid.
    check(
        &leaf(&set, r#"{"a": "0", "b": "0"}"#),
        "0",
        "0",
        Status::Invalid,
    );
    // Above 100%: invalid even though the target is reached.
    check(
        &leaf(&set, r#"{"a": "61", "b": "60"}"#),
        "0",
        "0",
        Status::Invalid,
    );
}

#[test]
fn linear_to_target_traces() {
    let set = to_target();
    let n = leaf(&set, r#"{"a": "45", "b": "60"}"#);
    assert_eq!(
        n.trace.vi,
        "Tỷ lệ = a/b = 45/60 = 75%; 75% < 80% → 75%/80% × 20 = 18,75"
    );
    assert_eq!(
        n.trace.en,
        "Ratio = a/b = 45/60 = 75%; 75% < 80% → 75%/80% × 20 = 18.75"
    );
    // 0.8 × 60 = 48: 3 more households.
    let to_full = n.to_full.expect("to_full");
    assert_eq!(
        to_full.vi,
        "cần thêm 3 a (Số hộ có cáp quang) để tỷ lệ đạt 80%"
    );
    assert_eq!(
        to_full.en,
        "needs 3 a (Households with fibre) more for the ratio to reach 80%"
    );
    let n = leaf(&set, r#"{"a": "48", "b": "60"}"#);
    assert_eq!(
        n.trace.vi,
        "Tỷ lệ = a/b = 48/60 = 80%; 80% ≥ 80% → điểm tối đa = 20"
    );
    assert_eq!(
        n.trace.en,
        "Ratio = a/b = 48/60 = 80%; 80% ≥ 80% → max points = 20"
    );
    assert!(n.to_full.is_none());
    assert_eq!(s(n.lost), "0");
    // One below, with rounding shown.
    let n = leaf(&set, r#"{"a": "47", "b": "60"}"#);
    assert_eq!(
        n.trace.en,
        "Ratio = a/b = 47/60 = 78.33%; 78.33% < 80% → 78.33%/80% × 20 ≈ 19.58"
    );
}

#[test]
fn linear_to_target_sum_of_counts_to_full() {
    // (b+c)/a, target 95% (Vĩnh Long 6.5 shape): a = 200, b + c = 150 → 0.75.
    let inputs = r#"[
      {"id": "a", "label": {"vi": "Tổng số hồ sơ"}, "kind": "count"},
      {"id": "b", "label": {"vi": "Hồ sơ trực tuyến một phần"}, "kind": "count"},
      {"id": "c", "label": {"vi": "Hồ sơ trực tuyến toàn trình"}, "kind": "count"}
    ]"#;
    let set = leaf_set(
        "20",
        inputs,
        r#"{"kind": "linear_to_target", "ratio": "(b+c)/a", "target": "95%"}"#,
    );
    let n = leaf(&set, r#"{"a": "200", "b": "100", "c": "50"}"#);
    // 0.75/0.95 = 0.789473684…; × 20 = 15.789… → 15.79.
    check(&n, "15.79", &q("0.75", "0.95"), Status::Ok);
    // 0.95 × 200 = 190: 40 more.
    assert_eq!(
        n.to_full.expect("to_full").en,
        "needs 40 the sum (b+c) more for the ratio to reach 95%"
    );
}

#[test]
fn linear_to_target_not_a_share() {
    // Enterprises per 1,000 people against a target of 3 (share false): above → max.
    let inputs = r#"[
      {"id": "a", "label": {"vi": "Số doanh nghiệp số", "en": "Digital enterprises"}, "kind": "count"}
    ]"#;
    let top = r#""context": [{"id": "population", "label": {"vi": "Dân số", "en": "Population"}, "kind": "count"}]"#;
    let set = set_of(
        top,
        &[(
            "1.1",
            "20",
            &format!(
                r#""inputs": {inputs}, "rule": {{"kind": "linear_to_target", "ratio": "a/(population/1000)", "target": "3", "share": false}}"#
            ),
        )],
    );
    let run = |a: &str, pop: &str| {
        let v = values(&format!(
            r#"{{"context": {{"population": "{pop}"}}, "values": {{"1.1": {{"a": "{a}"}}}}}}"#
        ));
        score(&set, &v, &ScoreOptions::default()).nodes["1.1"].clone()
    };
    // 400 / 100 = 4 ≥ 3 → max.
    check(&run("400", "100.000,0"), "20", "1", Status::Ok);
    // 300 / 100 = 3 → max, exactly at.
    check(&run("300", "100 000"), "20", "1", Status::Ok);
    // 299 / 100 = 2.99; /3 = 0.99666…; × 20 = 19.9333… → 19.93.
    let n = run("299", "100000");
    check(&n, "19.93", &q("2.99", "3"), Status::Ok);
    assert_eq!(
        n.trace.en,
        "Value = a/(population/1000) = 299/(100,000/1000) = 2.99; 2.99 < 3 → 2.99/3 × 20 ≈ 19.93"
    );
    // A single dot is a decimal point: "100.000" is 100 people, 2,990 per 1,000 → max.
    let n = run("299", "100.000");
    check(&n, "20", "1", Status::Ok);
    assert_eq!(
        n.trace.vi,
        "Giá trị = a/(population/1000) = 299/(100/1000) = 2.990; 2.990 ≥ 3 → điểm tối đa = 20"
    );
    // Population missing: missing, named.
    let v = values(r#"{"values": {"1.1": {"a": "1"}}}"#);
    let n = score(&set, &v, &ScoreOptions::default()).nodes["1.1"].clone();
    check(&n, "0", "0", Status::Missing);
    assert_eq!(n.messages[0].vi, "Thiếu số liệu: population (Dân số)");
}

fn by_year() -> IndicatorSet {
    leaf_set(
        "40",
        AB,
        r#"{"kind": "linear_to_target", "ratio": "a/b",
            "target": {"by_year": [{"from": 2025, "to": 2027, "value": "95%"},
                                   {"from": 2028, "to": 2030, "value": "99%"}]}}"#,
    )
}

#[test]
fn by_year_thresholds() {
    let set = by_year();
    let entry = r#"{"a": "96", "b": "100"}"#;
    // 2025–2027: 96% ≥ 95% → max.
    check(&leaf_with(&set, entry, &year(2025)), "40", "1", Status::Ok);
    check(&leaf_with(&set, entry, &year(2027)), "40", "1", Status::Ok);
    // 2028–2030: 0.96/0.99 = 0.969696…; × 40 = 38.7878… → 38.79.
    let n = leaf_with(&set, entry, &year(2028));
    check(&n, "38.79", &q("0.96", "0.99"), Status::Ok);
    assert_eq!(
        n.trace.vi,
        "Tỷ lệ = a/b = 96/100 = 96%; 96% < 99% → 96%/99% × 40 ≈ 38,79"
    );
    check(
        &leaf_with(&set, entry, &year(2030)),
        "38.79",
        &q("0.96", "0.99"),
        Status::Ok,
    );
    // At 99% in 2030: max; at 95% in 2027: max; 94/100 in 2027: 0.94/0.95 × 40 = 39.578… → 39.58.
    check(
        &leaf_with(&set, r#"{"a": "99", "b": "100"}"#, &year(2030)),
        "40",
        "1",
        Status::Ok,
    );
    check(
        &leaf_with(&set, r#"{"a": "95", "b": "100"}"#, &year(2027)),
        "40",
        "1",
        Status::Ok,
    );
    check(
        &leaf_with(&set, r#"{"a": "94", "b": "100"}"#, &year(2027)),
        "39.58",
        &q("0.94", "0.95"),
        Status::Ok,
    );
}

#[test]
fn by_year_outside_every_period_or_without_year_is_invalid() {
    let set = by_year();
    let entry = r#"{"a": "96", "b": "100"}"#;
    let n = leaf_with(&set, entry, &year(2031));
    check(&n, "0", "0", Status::Invalid);
    assert_eq!(
        messages(&n),
        vec![(
            "Số liệu không hợp lệ: không có ngưỡng cho năm 2031".to_string(),
            "Invalid input: no threshold for the year 2031".to_string()
        )]
    );
    let n = leaf(&set, entry);
    check(&n, "0", "0", Status::Invalid);
    assert_eq!(
        messages(&n),
        vec![(
            "Số liệu không hợp lệ: ngưỡng phụ thuộc năm đánh giá, nhưng chưa có năm".to_string(),
            "Invalid input: the threshold depends on the assessment year, and no year is given"
                .to_string()
        )]
    );
}

#[test]
fn by_year_year_from_values_file_and_override() {
    let set = by_year();
    let v = values(r#"{"year": 2028, "values": {"1.1": {"a": "96", "b": "100"}}}"#);
    let r = score(&set, &v, &ScoreOptions::default());
    assert_eq!(r.year, Some(2028));
    check(&r.nodes["1.1"], "38.79", &q("0.96", "0.99"), Status::Ok);
    // The option overrides the file's year.
    let r = score(&set, &v, &year(2026));
    assert_eq!(r.year, Some(2026));
    check(&r.nodes["1.1"], "40", "1", Status::Ok);
}

// ---------------------------------------------------------------------------------------
// all_or_nothing: ratio ≥ threshold → max, else 0
// ---------------------------------------------------------------------------------------

#[test]
fn all_or_nothing_at_and_below() {
    let set = leaf_set(
        "10",
        AB,
        r#"{"kind": "all_or_nothing", "ratio": "a/b", "threshold": "100%"}"#,
    );
    let n = leaf(&set, r#"{"a": "12", "b": "12"}"#);
    check(&n, "10", "1", Status::Ok);
    assert_eq!(
        n.trace.vi,
        "Tỷ lệ = a/b = 12/12 = 100%; 100% ≥ 100% → điểm tối đa = 10"
    );
    // One unit below: 0, ok.
    let n = leaf(&set, r#"{"a": "11", "b": "12"}"#);
    check(&n, "0", "0", Status::Ok);
    assert_eq!(
        n.trace.en,
        "Ratio = a/b = 11/12 = 91.67%; 91.67% < 100% → 0"
    );
    assert_eq!(
        n.to_full.expect("to_full").vi,
        "cần thêm 1 a (Số hộ có cáp quang) để tỷ lệ đạt 100%"
    );
    assert_eq!(s(n.lost), "10");
    check(
        &leaf(&set, r#"{"a": "0", "b": "0"}"#),
        "0",
        "0",
        Status::Invalid,
    );
    check(
        &leaf(&set, r#"{"a": "13", "b": "12"}"#),
        "0",
        "0",
        Status::Invalid,
    );
    // A threshold below 100%: 80%.
    let set = leaf_set(
        "10",
        AB,
        r#"{"kind": "all_or_nothing", "ratio": "a/b", "threshold": "0.8"}"#,
    );
    check(
        &leaf(&set, r#"{"a": "8", "b": "10"}"#),
        "10",
        "1",
        Status::Ok,
    );
    check(
        &leaf(&set, r#"{"a": "79", "b": "100"}"#),
        "0",
        "0",
        Status::Ok,
    );
}

// ---------------------------------------------------------------------------------------
// yes_no, checklist, choice
// ---------------------------------------------------------------------------------------

#[test]
fn yes_no() {
    let set = leaf_set("10", "", r#"{"kind": "yes_no"}"#);
    let n = leaf(&set, r#"{"done": true}"#);
    check(&n, "10", "1", Status::Ok);
    assert_eq!(n.trace.vi, "Có → điểm tối đa = 10");
    assert_eq!(n.trace.en, "Yes → max points = 10");
    let n = leaf(&set, r#"{"done": false}"#);
    check(&n, "0", "0", Status::Ok);
    assert_eq!(n.trace.vi, "Không → 0");
    assert_eq!(n.to_full.expect("to_full").en, "needs: Indicator 1.1");
    let n = leaf(&set, r#"{}"#);
    check(&n, "0", "0", Status::Missing);
    assert_eq!(
        messages(&n),
        vec![(
            "Thiếu số liệu: chưa trả lời Có/Không (Chỉ số 1.1)".to_string(),
            "Missing: no yes/no answer (Indicator 1.1)".to_string()
        )]
    );
}

fn checklist() -> IndicatorSet {
    leaf_set(
        "20",
        "",
        r#"{"kind": "checklist", "items": [
          {"id": "1", "label": {"vi": "Có ứng dụng AI phục vụ CCVC", "en": "AI for officials"}, "fraction": "1/2"},
          {"id": "2", "label": {"vi": "Có ứng dụng AI phục vụ người dân", "en": "AI for citizens"}, "fraction": "1/4"},
          {"id": "3", "label": {"vi": "Có ứng dụng AI nâng cao khác", "en": "Other AI"}, "fraction": "1/4"}
        ]}"#,
    )
}

#[test]
fn checklist_sums_ticked_fractions() {
    let set = checklist();
    // 1/2 + 1/4 = 3/4 × 20 = 15.
    let n = leaf(&set, r#"{"items": {"1": true, "2": false, "3": true}}"#);
    check(&n, "15", "0.75", Status::Ok);
    assert_eq!(n.trace.vi, "Mục 1 (1/2) + Mục 3 (1/4) → 3/4 × 20 = 15");
    assert_eq!(n.trace.en, "Item 1 (1/2) + Item 3 (1/4) → 3/4 × 20 = 15");
    assert_eq!(
        n.to_full.expect("to_full").vi,
        "cần thêm: Mục 2: Có ứng dụng AI phục vụ người dân"
    );
    // All: max. An item left out counts as not ticked.
    check(
        &leaf(&set, r#"{"items": {"1": true, "2": true, "3": true}}"#),
        "20",
        "1",
        Status::Ok,
    );
    check(
        &leaf(&set, r#"{"items": {"2": true}}"#),
        "5",
        "0.25",
        Status::Ok,
    );
    let n = leaf(&set, r#"{"items": {}}"#);
    check(&n, "0", "0", Status::Ok);
    assert_eq!(n.trace.en, "No item met → 0");
    // No answer at all: missing.
    let n = leaf(&set, r#"{}"#);
    check(&n, "0", "0", Status::Missing);
    assert_eq!(n.messages[0].vi, "Thiếu số liệu: chưa đánh dấu các mục");
    // An item the set does not have: invalid.
    let n = leaf(&set, r#"{"items": {"1": true, "9": true}}"#);
    check(&n, "0", "0", Status::Invalid);
    assert_eq!(
        messages(&n),
        vec![(
            "Số liệu không hợp lệ: không có mục “9”".to_string(),
            "Invalid input: no such item “9”".to_string()
        )]
    );
}

#[test]
fn checklist_of_thirds_all_ticked_is_exactly_max() {
    let set = leaf_set(
        "10",
        "",
        r#"{"kind": "checklist", "items": [
          {"id": "1", "label": {"vi": "Một"}, "fraction": "1/3"},
          {"id": "2", "label": {"vi": "Hai"}, "fraction": "1/3"},
          {"id": "3", "label": {"vi": "Ba"}, "fraction": "1/3"}
        ]}"#,
    );
    // Two of three: 2/3 × 10 = 6.666… → 6.67.
    check(
        &leaf(&set, r#"{"items": {"1": true, "2": true}}"#),
        "6.67",
        &(d("1") / d("3") + d("1") / d("3"))
            .round_dp(20)
            .normalize()
            .to_string(),
        Status::Ok,
    );
    // Points are right either way (9.999… rounds to 10).
    assert_eq!(
        s(leaf(&set, r#"{"items": {"1": true, "2": true, "3": true}}"#).points),
        "10"
    );
}

#[test]
fn checklist_of_thirds_all_ticked_attains_one() {
    let set = leaf_set(
        "10",
        "",
        r#"{"kind": "checklist", "items": [
          {"id": "1", "label": {"vi": "Một"}, "fraction": "1/3"},
          {"id": "2", "label": {"vi": "Hai"}, "fraction": "1/3"},
          {"id": "3", "label": {"vi": "Ba"}, "fraction": "1/3"}
        ]}"#,
    );
    let n = leaf(&set, r#"{"items": {"1": true, "2": true, "3": true}}"#);
    check(&n, "10", "1", Status::Ok);
    assert_eq!(
        n.trace.en,
        "Item 1 (1/3) + Item 2 (1/3) + Item 3 (1/3) → max points = 10"
    );
    assert!(n.to_full.is_none());
}

fn choice() -> IndicatorSet {
    leaf_set(
        "10",
        "",
        r#"{"kind": "choice", "options": [
          {"id": "chair", "label": {"vi": "Trưởng ban là Bí thư/Chủ tịch", "en": "Headed by the Secretary/Chair"}, "fraction": "1"},
          {"id": "deputy", "label": {"vi": "Trưởng ban là Phó Bí thư/Phó Chủ tịch", "en": "Headed by a deputy"}, "fraction": "1/2"},
          {"id": "other", "label": {"vi": "Khác", "en": "Other"}, "fraction": "0"}
        ]}"#,
    )
}

#[test]
fn choice_gives_the_chosen_fraction() {
    let set = choice();
    let n = leaf(&set, r#"{"choice": "chair"}"#);
    check(&n, "10", "1", Status::Ok);
    assert_eq!(
        n.trace.vi,
        "Trưởng ban là Bí thư/Chủ tịch → điểm tối đa = 10"
    );
    let n = leaf(&set, r#"{"choice": "deputy"}"#);
    check(&n, "5", "0.5", Status::Ok);
    assert_eq!(n.trace.en, "Headed by a deputy → 1/2 × 10 = 5");
    assert_eq!(
        n.to_full.expect("to_full").vi,
        "cần đạt: Trưởng ban là Bí thư/Chủ tịch"
    );
    check(&leaf(&set, r#"{"choice": "other"}"#), "0", "0", Status::Ok);
    let n = leaf(&set, r#"{}"#);
    check(&n, "0", "0", Status::Missing);
    assert_eq!(n.messages[0].en, "Missing: no option chosen");
    let n = leaf(&set, r#"{"choice": "vice"}"#);
    check(&n, "0", "0", Status::Invalid);
    assert_eq!(
        messages(&n),
        vec![(
            "Số liệu không hợp lệ: không có phương án “vice” (các phương án: chair, deputy, other)"
                .to_string(),
            "Invalid input: no such option “vice” (options: chair, deputy, other)".to_string()
        )]
    );
}

// ---------------------------------------------------------------------------------------
// tiers
// ---------------------------------------------------------------------------------------

fn budget_tiers() -> IndicatorSet {
    // "Mức 1: ≥ 2 tỷ: 100%; Mức 2: ≥ 1 tỷ: 70%; Mức 3: ≥ 0,5 tỷ: 30%; Mức 4: < 0,5 tỷ: 0%".
    leaf_set(
        "10",
        A_AMOUNT,
        r#"{"kind": "tiers", "value": "a", "share": false, "tiers": [
          {"at_least": "2", "fraction": "1"},
          {"at_least": "1", "fraction": "70%"},
          {"at_least": "0.5", "fraction": "0.3"}
        ]}"#,
    )
}

#[test]
fn tiers_levels_and_boundaries() {
    let set = budget_tiers();
    let run = |a: &str| leaf(&set, &format!(r#"{{"a": "{a}"}}"#));
    check(&run("2"), "10", "1", Status::Ok);
    check(&run("5"), "10", "1", Status::Ok);
    check(&run("1,999"), "7", "0.7", Status::Ok);
    check(&run("1"), "7", "0.7", Status::Ok);
    check(&run("0,999"), "3", "0.3", Status::Ok);
    check(&run("0,5"), "3", "0.3", Status::Ok);
    check(&run("0,499"), "0", "0", Status::Ok);
    check(&run("0"), "0", "0", Status::Ok);
    check(&run("-1"), "0", "0", Status::Invalid);
    let n = run("1,5");
    assert_eq!(n.trace.vi, "a = 1,5; 1,5 ≥ 1 (Mức 2: 70%) → 70% × 10 = 7");
    assert_eq!(n.trace.en, "a = 1.5; 1.5 ≥ 1 (Level 2: 70%) → 70% × 10 = 7");
    assert_eq!(n.to_full.expect("to_full").vi, "cần đạt ≥ 2");
    let n = run("0,4");
    assert_eq!(n.trace.en, "a = 0.4; 0.4 < 0.5 → 0");
}

/// Issue 15: a tier quantity named by a programmer's id (`articles`) is written in the
/// trace with its label; a source's letter (`a`, above) stays as it is.
#[test]
fn tiers_trace_names_a_worded_quantity_by_its_label() {
    let set = leaf_set(
        "10",
        r#"[{"id": "articles", "label": {"vi": "Số tin bài", "en": "Articles"}, "kind": "count"}]"#,
        r#"{"kind": "tiers", "value": "articles", "share": false, "tiers": [
          {"at_least": "52", "fraction": "1"},
          {"at_least": "0", "fraction": "0.5", "label": {"vi": "dưới 52 tin bài", "en": "under 52 articles"}}
        ]}"#,
    );
    let n = leaf(&set, r#"{"articles": "24"}"#);
    assert_eq!(
        n.trace.vi,
        "Số tin bài = 24; 24 ≥ 0 (dưới 52 tin bài: 50%) → 50% × 10 = 5"
    );
    assert_eq!(
        n.trace.en,
        "Articles = 24; 24 ≥ 0 (under 52 articles: 50%) → 50% × 10 = 5"
    );
}

fn gated_tiers() -> IndicatorSet {
    // "Từ 20 trở lên: điểm tối đa; từ 10 đến 19: 1/2; dưới 10: 1/4; chưa có chuyên mục: 0".
    leaf_set(
        "10",
        A_COUNT,
        r#"{"kind": "tiers", "value": "a", "share": false,
            "gate": {"vi": "Có chuyên mục chuyển đổi số", "en": "Has a digital transformation section"},
            "tiers": [
              {"at_least": "20", "fraction": "1"},
              {"at_least": "10", "fraction": "1/2"},
              {"at_least": "0", "fraction": "1/4"}
            ]}"#,
    )
}

#[test]
fn tiers_with_a_gate() {
    let set = gated_tiers();
    check(
        &leaf(&set, r#"{"gate": true, "a": "20"}"#),
        "10",
        "1",
        Status::Ok,
    );
    check(
        &leaf(&set, r#"{"gate": true, "a": "19"}"#),
        "5",
        "0.5",
        Status::Ok,
    );
    check(
        &leaf(&set, r#"{"gate": true, "a": "10"}"#),
        "5",
        "0.5",
        Status::Ok,
    );
    check(
        &leaf(&set, r#"{"gate": true, "a": "9"}"#),
        "2.5",
        "0.25",
        Status::Ok,
    );
    check(
        &leaf(&set, r#"{"gate": true, "a": "0"}"#),
        "2.5",
        "0.25",
        Status::Ok,
    );
    // Gate answered no: 0, ok, whatever the count.
    let n = leaf(&set, r#"{"gate": false, "a": "25"}"#);
    check(&n, "0", "0", Status::Ok);
    assert_eq!(n.trace.vi, "Không: Có chuyên mục chuyển đổi số → 0");
    assert_eq!(
        n.to_full.expect("to_full").en,
        "needs: Has a digital transformation section"
    );
    // Gate not answered: missing.
    let n = leaf(&set, r#"{"a": "25"}"#);
    check(&n, "0", "0", Status::Missing);
    assert_eq!(
        n.messages[0].vi,
        "Thiếu số liệu: chưa trả lời (Có chuyên mục chuyển đổi số)"
    );
    // Gate yes, count missing: missing.
    check(&leaf(&set, r#"{"gate": true}"#), "0", "0", Status::Missing);
    // A count of articles is whole: "9,5" is invalid.
    check(
        &leaf(&set, r#"{"gate": true, "a": "9,5"}"#),
        "0",
        "0",
        Status::Invalid,
    );
}

#[test]
fn tiers_over_a_share() {
    // Share tiers (default share true): ≥ 90% → 1, ≥ 50% → 1/2.
    let set = leaf_set(
        "10",
        AB,
        r#"{"kind": "tiers", "value": "a/b", "tiers": [
          {"at_least": "90%", "fraction": "1"},
          {"at_least": "50%", "fraction": "1/2"}
        ]}"#,
    );
    let n = leaf(&set, r#"{"a": "9", "b": "10"}"#);
    check(&n, "10", "1", Status::Ok);
    assert_eq!(
        n.trace.en,
        "Ratio = a/b = 9/10 = 90%; 90% ≥ 90% (Level 1: 100%) → max points = 10"
    );
    check(
        &leaf(&set, r#"{"a": "89", "b": "100"}"#),
        "5",
        "0.5",
        Status::Ok,
    );
    check(
        &leaf(&set, r#"{"a": "49", "b": "100"}"#),
        "0",
        "0",
        Status::Ok,
    );
    check(
        &leaf(&set, r#"{"a": "11", "b": "10"}"#),
        "0",
        "0",
        Status::Invalid,
    );
    check(
        &leaf(&set, r#"{"a": "1", "b": "0"}"#),
        "0",
        "0",
        Status::Invalid,
    );
}

// ---------------------------------------------------------------------------------------
// per_unit
// ---------------------------------------------------------------------------------------

#[test]
fn per_unit_capped_at_max() {
    let set = leaf_set(
        "5",
        A_COUNT,
        r#"{"kind": "per_unit", "value": "a", "points_each": "1"}"#,
    );
    let run = |a: &str| leaf(&set, &format!(r#"{{"a": "{a}"}}"#));
    let n = run("3");
    check(&n, "3", "0.6", Status::Ok);
    assert_eq!(n.trace.vi, "3 × 1 = 3 → 3/5 × 5 = 3");
    assert_eq!(n.to_full.expect("to_full").en, "needs 2 a (scored units)");
    check(&run("4"), "4", "0.8", Status::Ok);
    check(&run("5"), "5", "1", Status::Ok);
    let n = run("7");
    check(&n, "5", "1", Status::Ok);
    assert_eq!(n.trace.en, "7 × 1 = 7 > 5 (capped at max) → max points = 5");
    check(&run("0"), "0", "0", Status::Ok);
    check(&run("-2"), "0", "0", Status::Invalid);
    check(&run("2,5"), "0", "0", Status::Invalid);
    check(&leaf(&set, "{}"), "0", "0", Status::Missing);
    // Half a point each: 3 × 0.5 = 1.5.
    let set = leaf_set(
        "5",
        A_COUNT,
        r#"{"kind": "per_unit", "value": "a", "points_each": "0.5"}"#,
    );
    check(&leaf(&set, r#"{"a": "3"}"#), "1.5", "0.3", Status::Ok);
    check(&leaf(&set, r#"{"a": "10"}"#), "5", "1", Status::Ok);
    check(&leaf(&set, r#"{"a": "11"}"#), "5", "1", Status::Ok);
}

// ---------------------------------------------------------------------------------------
// sum_of_parts
// ---------------------------------------------------------------------------------------

fn parts() -> IndicatorSet {
    // Vĩnh Long 3.5 shape: 1. a data centre deployed (1/2); 2. share of systems on its
    // cloud (1/2).
    leaf_set(
        "30",
        r#"[
          {"id": "a", "label": {"vi": "Số hệ thống trên nền tảng điện toán đám mây", "en": "Systems on the cloud"}, "kind": "count"},
          {"id": "b", "label": {"vi": "Tổng số hệ thống", "en": "Systems"}, "kind": "count"}
        ]"#,
        r#"{"kind": "sum_of_parts", "parts": [
          {"id": "1", "label": {"vi": "Triển khai trung tâm dữ liệu", "en": "Data centre deployed"}, "fraction": "1/2",
           "rule": {"kind": "yes_no"}},
          {"id": "2", "label": {"vi": "Kết nối", "en": "Share on the cloud"}, "fraction": "1/2",
           "rule": {"kind": "linear", "ratio": "a/b"}}
        ]}"#,
    )
}

#[test]
fn sum_of_parts_adds_parts() {
    let set = parts();
    // 1/2 × 1 + 1/2 × 3/4 = 0.875; × 30 = 26.25.
    let n = leaf(
        &set,
        r#"{"a": "3", "b": "4", "parts": {"1": {"done": true}}}"#,
    );
    check(&n, "26.25", "0.875", Status::Ok);
    assert_eq!(
        n.trace.vi,
        "Phần 1 [1/2]: Có → 1; Phần 2 [1/2]: Tỷ lệ = a/b = 3/4 = 75% → 3/4 → 0,875 × 30 = 26,25"
    );
    // Both full: max.
    check(
        &leaf(
            &set,
            r#"{"a": "4", "b": "4", "parts": {"1": {"done": true}}}"#,
        ),
        "30",
        "1",
        Status::Ok,
    );
    // Part 1 no: 1/2 × 3/4 = 0.375 × 30 = 11.25.
    check(
        &leaf(
            &set,
            r#"{"a": "3", "b": "4", "parts": {"1": {"done": false}}}"#,
        ),
        "11.25",
        "0.375",
        Status::Ok,
    );
}

#[test]
fn sum_of_parts_missing_part_makes_the_whole_zero_missing() {
    let set = parts();
    // Part 1 unanswered; part 2 complete: the whole indicator is 0, missing.
    let n = leaf(&set, r#"{"a": "3", "b": "4"}"#);
    check(&n, "0", "0", Status::Missing);
    assert_eq!(
        messages(&n),
        vec![(
            "Thiếu số liệu: chưa trả lời Có/Không (Chỉ số 1.1)".to_string(),
            "Missing: no yes/no answer (Indicator 1.1)".to_string()
        )]
    );
    // Part 2's inputs missing: 0, missing.
    check(
        &leaf(&set, r#"{"parts": {"1": {"done": true}}}"#),
        "0",
        "0",
        Status::Missing,
    );
    // Part 2 invalid (zero denominator): 0, invalid.
    check(
        &leaf(
            &set,
            r#"{"a": "0", "b": "0", "parts": {"1": {"done": true}}}"#,
        ),
        "0",
        "0",
        Status::Invalid,
    );
}

// ---------------------------------------------------------------------------------------
// relative
// ---------------------------------------------------------------------------------------

fn relative(method: &str, reference: &str) -> IndicatorSet {
    let reference = if reference.is_empty() {
        String::new()
    } else {
        format!(r#", "reference": {reference}"#)
    };
    leaf_set(
        "30",
        AB,
        &format!(r#"{{"kind": "relative", "ratio": "a/b", "method": "{method}"{reference}}}"#),
    )
}

#[test]
fn relative_without_reference_is_zero_provisional() {
    let n = leaf(
        &relative("proportional_to_best", ""),
        r#"{"a": "28", "b": "100"}"#,
    );
    check(&n, "0", "0", Status::Provisional);
    assert_eq!(
        n.trace.en,
        "Ratio = a/b = 28/100 = 28%; relative score: computed only when units are aggregated (provisionally 0) → 0"
    );
    assert_eq!(s(n.value), "0.28");
}

#[test]
fn relative_with_reference_is_provisional() {
    let set = relative("proportional_to_best", r#"{"best": "0.35"}"#);
    // 0.28 / 0.35 = 0.8 × 30 = 24.
    let n = leaf(&set, r#"{"a": "28", "b": "100"}"#);
    check(&n, "24", "0.8", Status::Provisional);
    assert_eq!(
        n.trace.vi,
        "Tỷ lệ = a/b = 28/100 = 28%; cao nhất (tham chiếu của bộ chỉ số) = 35% → 28%/35% × 30 = 24"
    );
    // At or above the best: max, still provisional.
    check(
        &leaf(&set, r#"{"a": "35", "b": "100"}"#),
        "30",
        "1",
        Status::Provisional,
    );
    check(
        &leaf(&set, r#"{"a": "50", "b": "100"}"#),
        "30",
        "1",
        Status::Provisional,
    );
    check(
        &leaf(&set, r#"{"a": "0", "b": "100"}"#),
        "0",
        "0",
        Status::Provisional,
    );
    // Bad input stays invalid, not provisional.
    check(
        &leaf(&set, r#"{"a": "1", "b": "0"}"#),
        "0",
        "0",
        Status::Invalid,
    );
    check(&leaf(&set, r#"{"a": "1"}"#), "0", "0", Status::Missing);
    // min–max against a reference: (0.28 − 0.05)/(0.35 − 0.05) = 0.7666…; × 30 = 23.
    let set = relative("min_max", r#"{"best": "0.35", "worst": "0.05"}"#);
    let n = leaf(&set, r#"{"a": "28", "b": "100"}"#);
    check(&n, "23", &q("0.23", "0.30"), Status::Provisional);
    // At the worst (and below it): 0.
    check(
        &leaf(&set, r#"{"a": "5", "b": "100"}"#),
        "0",
        "0",
        Status::Provisional,
    );
    check(
        &leaf(&set, r#"{"a": "4", "b": "100"}"#),
        "0",
        "0",
        Status::Provisional,
    );
}

fn with_best(best: &str, worst: &str) -> ScoreOptions {
    let mut relative = std::collections::BTreeMap::new();
    relative.insert(
        "1.1".to_string(),
        RelativeBest {
            best: best.parse().unwrap(),
            worst: worst.parse().unwrap(),
            best_unit: Some("Vĩnh Long".to_string()),
        },
    );
    ScoreOptions {
        relative,
        ..ScoreOptions::default()
    }
}

#[test]
fn relative_with_aggregated_best_is_ok() {
    let entry = r#"{"a": "28", "b": "100"}"#;
    // proportional_to_best: 0.28/0.4 = 0.7 × 30 = 21; the reference is ignored.
    let set = relative("proportional_to_best", r#"{"best": "0.35"}"#);
    let n = leaf_with(&set, entry, &with_best("0.4", "0.1"));
    check(&n, "21", "0.7", Status::Ok);
    assert_eq!(
        n.trace.en,
        "Ratio = a/b = 28/100 = 28%; best (Vĩnh Long) = 40% → 28%/40% × 30 = 21"
    );
    // min_max: (0.28 − 0.1)/(0.4 − 0.1) = 0.6 × 30 = 18.
    let set = relative("min_max", "");
    let n = leaf_with(&set, entry, &with_best("0.4", "0.1"));
    check(&n, "18", "0.6", Status::Ok);
    assert_eq!(
        n.trace.vi,
        "Tỷ lệ = a/b = 28/100 = 28%; cao nhất (Vĩnh Long) = 40%, thấp nhất = 10% → (28% − 10%)/(40% − 10%) × 30 = 18"
    );
    // The best unit itself: max.
    check(
        &leaf_with(&set, r#"{"a": "40", "b": "100"}"#, &with_best("0.4", "0.1")),
        "30",
        "1",
        Status::Ok,
    );
    // All units equal (best = worst): the best reaches max.
    check(
        &leaf_with(&set, r#"{"a": "40", "b": "100"}"#, &with_best("0.4", "0.4")),
        "30",
        "1",
        Status::Ok,
    );
}

// ---------------------------------------------------------------------------------------
// manual
// ---------------------------------------------------------------------------------------

#[test]
fn manual_points() {
    let set = leaf_set("10", "", r#"{"kind": "manual"}"#);
    let n = leaf(
        &set,
        r#"{"points": "7,5", "justification": "Biên bản kiểm tra số 12"}"#,
    );
    check(&n, "7.5", "0.75", Status::Ok);
    assert_eq!(
        n.trace.vi,
        "Điểm tự chấm 7,5 — căn cứ: Biên bản kiểm tra số 12 → 7,5/10 × 10 = 7,5"
    );
    assert!(n.messages.is_empty());
    // Above max: capped.
    let n = leaf(&set, r#"{"points": "12", "justification": "x"}"#);
    check(&n, "10", "1", Status::Ok);
    assert_eq!(
        n.trace.en,
        "Points entered 12 > 10 (capped at max) — justification: x → max points = 10"
    );
    // Without a justification: scored, with a message.
    let n = leaf(&set, r#"{"points": "4"}"#);
    check(&n, "4", "0.4", Status::Ok);
    assert_eq!(
        messages(&n),
        vec![(
            "chưa nêu căn cứ cho điểm tự chấm".to_string(),
            "no justification given for the points entered".to_string()
        )]
    );
    // Rounded like any component: 3,333 → 3.33.
    check(
        &leaf(&set, r#"{"points": "3,333", "justification": "x"}"#),
        "3.33",
        "0.3333",
        Status::Ok,
    );
    // Missing, negative, not a number.
    let n = leaf(&set, r#"{"justification": "x"}"#);
    check(&n, "0", "0", Status::Missing);
    assert_eq!(n.messages[0].en, "Missing: no points entered");
    let n = leaf(&set, r#"{"points": "-1"}"#);
    check(&n, "0", "0", Status::Invalid);
    assert_eq!(
        messages(&n),
        vec![(
            "Số liệu không hợp lệ: điểm “-1” là số âm".to_string(),
            "Invalid input: points “-1” is negative".to_string()
        )]
    );
    let n = leaf(&set, r#"{"points": "mười"}"#);
    check(&n, "0", "0", Status::Invalid);
    assert_eq!(
        n.messages[0].vi,
        "Số liệu không hợp lệ: điểm: “mười” không phải là số"
    );
}

// ---------------------------------------------------------------------------------------
// Rounding: once per component, by the set's policy
// ---------------------------------------------------------------------------------------

/// Linear a/b with max 1, so the raw points are the ratio itself.
fn rounding_set(rounding: &str) -> IndicatorSet {
    let top = if rounding.is_empty() {
        String::new()
    } else {
        format!(r#""rounding": {rounding}"#)
    };
    set_of(
        &top,
        &[(
            "1.1",
            "1",
            &format!(r#""inputs": {AB}, "rule": {{"kind": "linear", "ratio": "a/b"}}"#),
        )],
    )
}

#[test]
fn rounding_modes() {
    let cases = [
        // (policy, a/b, points)
        ("", "1/8", "0.13"), // default: 2 places, half away from zero
        ("", "3/8", "0.38"),
        ("", "1/3", "0.33"),
        (
            r#"{"decimals": 2, "mode": "half_away_from_zero"}"#,
            "1/8",
            "0.13",
        ),
        (r#"{"decimals": 2, "mode": "half_even"}"#, "1/8", "0.12"),
        (r#"{"decimals": 2, "mode": "half_even"}"#, "3/8", "0.38"),
        (r#"{"decimals": 2, "mode": "half_even"}"#, "5/8", "0.62"),
        (r#"{"decimals": 2, "mode": "down"}"#, "1/8", "0.12"),
        (r#"{"decimals": 2, "mode": "down"}"#, "2/3", "0.66"),
        (r#"{"decimals": 2, "mode": "down"}"#, "3/8", "0.37"),
        (
            r#"{"decimals": 1, "mode": "half_away_from_zero"}"#,
            "1/4",
            "0.3",
        ),
        (r#"{"decimals": 1, "mode": "half_even"}"#, "1/4", "0.2"),
        (
            r#"{"decimals": 0, "mode": "half_away_from_zero"}"#,
            "1/2",
            "1",
        ),
        (r#"{"decimals": 0, "mode": "half_even"}"#, "1/2", "0"),
        (r#"{"decimals": 0, "mode": "down"}"#, "99/100", "0"),
        (r#"{"mode": "down"}"#, "2/3", "0.66"),
    ];
    for (policy, ratio, expected) in cases {
        let set = rounding_set(policy);
        let (a, b) = ratio.split_once('/').unwrap();
        let n = leaf(&set, &format!(r#"{{"a": "{a}", "b": "{b}"}}"#));
        assert_eq!(s(n.points), expected, "policy {policy:?}, ratio {ratio}");
    }
}

#[test]
fn rounding_once_per_component_and_parents_add_rounded_points() {
    // Three components of 10, each 1/3: 3.33 each; the parent is 9.99, not 10.
    let rule = format!(r#""inputs": {AB}, "rule": {{"kind": "linear", "ratio": "a/b"}}"#);
    let set = set_of(
        "",
        &[
            ("1.1", "10", &rule),
            ("1.2", "10", &rule),
            ("1.3", "10", &rule),
        ],
    );
    let v = values(
        r#"{"values": {"1.1": {"a": "1", "b": "3"}, "1.2": {"a": "1", "b": "3"}, "1.3": {"a": "1", "b": "3"}}}"#,
    );
    let r = score(&set, &v, &ScoreOptions::default());
    for id in ["1.1", "1.2", "1.3"] {
        assert_eq!(s(r.nodes[id].points), "3.33", "{id}");
    }
    let parent = &r.nodes["1"];
    assert_eq!(s(parent.points), "9.99");
    assert_eq!(s(parent.max), "30");
    assert_eq!(s(parent.attainment), "0.333");
    assert_eq!(s(parent.lost), "20.01");
    assert_eq!(parent.trace.vi, "1.1 + 1.2 + 1.3 = 9,99");
    assert_eq!(parent.trace.en, "1.1 + 1.2 + 1.3 = 9.99");
    assert_eq!(s(r.total), "9.99");
    assert_eq!(s(r.max), "30");
    // Each trace shows where rounding happened.
    assert_eq!(
        r.nodes["1.1"].trace.en,
        "Ratio = a/b = 1/3 = 33.33% → 33.33% × 10 ≈ 3.33"
    );
}

// ---------------------------------------------------------------------------------------
// Parents, totals and statuses
// ---------------------------------------------------------------------------------------

/// Two main indicators: "1" (1.1 linear 20, 1.2 yes/no 10) and "2" (2.1 checklist 20).
fn two_pillars() -> IndicatorSet {
    let json = format!(
        r#"{{
  "format": "dti-score/indicator-set/v1", "id": "two", "version": "1",
  "title": {{"vi": "Hai trụ cột"}}, "scale": "50",
  "indicators": [
    {{"code": "1", "title": {{"vi": "Một"}}, "max": "30", "children": [
      {{"code": "1.1", "title": {{"vi": "Tỷ lệ"}}, "max": "20", "inputs": {AB},
        "rule": {{"kind": "linear", "ratio": "a/b"}}}},
      {{"code": "1.2", "title": {{"vi": "Ban hành"}}, "max": "10", "rule": {{"kind": "yes_no"}}}}
    ]}},
    {{"code": "2", "title": {{"vi": "Hai"}}, "max": "20", "children": [
      {{"code": "2.1", "title": {{"vi": "Danh mục"}}, "max": "20", "rule": {{"kind": "checklist", "items": [
        {{"id": "1", "label": {{"vi": "Một"}}, "fraction": "1/2"}},
        {{"id": "2", "label": {{"vi": "Hai"}}, "fraction": "1/2"}}
      ]}}}}
    ]}}
  ]
}}"#
    );
    IndicatorSet::from_json(&json).unwrap()
}

#[test]
fn parents_and_total() {
    let set = two_pillars();
    let v = values(
        r#"{"values": {"1.1": {"a": "2", "b": "3"}, "1.2": {"done": true}, "2.1": {"items": {"1": true}}}}"#,
    );
    let r = score(&set, &v, &ScoreOptions::default());
    // 2/3 × 20 = 13.333… → 13.33; + 10 = 23.33; 2.1: 10. Total 33.33.
    assert_eq!(s(r.nodes["1.1"].points), "13.33");
    assert_eq!(s(r.nodes["1"].points), "23.33");
    assert_eq!(r.nodes["1"].status, Status::Ok);
    let children = r.nodes.children("1").unwrap();
    assert_eq!(
        children.iter().map(|c| &**c).collect::<Vec<_>>(),
        ["1.1", "1.2"]
    );
    assert_eq!(r.nodes.code("1.1"), Some("1.1"));
    assert_eq!(r.nodes.children("1.1"), Some(&[][..]));
    assert_eq!(r.nodes.get("9"), None);
    // Written in the JSON: code first, children last, for parents only.
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["nodes"]["1"]["code"], "1");
    assert_eq!(
        json["nodes"]["1"]["children"],
        serde_json::json!(["1.1", "1.2"])
    );
    assert_eq!(json["nodes"]["1.1"]["code"], "1.1");
    assert!(json["nodes"]["1.1"].get("children").is_none());
    let keys: Vec<&String> = json["nodes"]["1"].as_object().unwrap().keys().collect();
    assert_eq!(keys.first().map(|k| k.as_str()), Some("code"));
    assert_eq!(keys.last().map(|k| k.as_str()), Some("children"));
    assert_eq!(s(r.nodes["2"].points), "10");
    assert_eq!(s(r.total), "33.33");
    assert_eq!(s(r.max), "50");
    assert_eq!(s(r.achieved), "33.33");
    assert_eq!(r.roots.iter().map(|c| &**c).collect::<Vec<_>>(), ["1", "2"]);
    assert_eq!(
        r.status_counts().into_iter().collect::<Vec<_>>(),
        vec![("ok", 3)]
    );
}

#[test]
fn parent_status_is_the_worst_of_its_children() {
    let set = two_pillars();
    // 1.1 invalid, 1.2 missing: parent invalid; 2.1 ok.
    let v = values(r#"{"values": {"1.1": {"a": "4", "b": "3"}, "2.1": {"items": {"2": true}}}}"#);
    let r = score(&set, &v, &ScoreOptions::default());
    assert_eq!(r.nodes["1.1"].status, Status::Invalid);
    assert_eq!(r.nodes["1.2"].status, Status::Missing);
    assert_eq!(r.nodes["1"].status, Status::Invalid);
    assert_eq!(s(r.nodes["1"].points), "0");
    assert_eq!(r.nodes["2"].status, Status::Ok);
    assert_eq!(s(r.total), "10");
    assert_eq!(
        r.status_counts().into_iter().collect::<Vec<_>>(),
        vec![("invalid", 1), ("missing", 1), ("ok", 1)]
    );
    // Only missing: parent missing.
    let v = values(r#"{"values": {"1.1": {"a": "1", "b": "3"}}}"#);
    let r = score(&set, &v, &ScoreOptions::default());
    assert_eq!(r.nodes["1"].status, Status::Missing);
    assert_eq!(r.nodes["2"].status, Status::Missing);
    assert_eq!(s(r.total), "6.67");
}

#[test]
fn unknown_indicators_in_values_are_warnings_not_scores() {
    let set = two_pillars();
    let v = values(r#"{"values": {"9.9": {"a": "1"}, "1.1": {"a": "1", "b": "2", "z": "3"}}}"#);
    let r = score(&set, &v, &ScoreOptions::default());
    let warnings: Vec<(String, String)> = r
        .warnings
        .iter()
        .map(|w| (w.pointer.clone(), w.to_string()))
        .collect();
    assert_eq!(
        warnings,
        vec![
            (
                "/values/1.1/z".to_string(),
                "warning at /values/1.1/z: unknown field “z”".to_string()
            ),
            (
                "/values/9.9".to_string(),
                "warning at /values/9.9: the set has no indicator “9.9”".to_string()
            ),
        ]
    );
    assert_eq!(s(r.total), "10");
}

// ---------------------------------------------------------------------------------------
// Appraisals and targets
// ---------------------------------------------------------------------------------------

fn appraisal(points: &str) -> Appraisal {
    Appraisal {
        points: points.parse().unwrap(),
        reason: "Hội đồng thẩm định".into(),
        exclusion: None,
    }
}

#[test]
fn appraisals_set_achieved_points() {
    let set = two_pillars();
    let v = values(
        r#"{"values": {"1.1": {"a": "2", "b": "3"}, "1.2": {"done": true}, "2.1": {"items": {"1": true, "2": true}}}}"#,
    );
    let mut appraisals = Appraisals::new();
    // The council lowers 1.1 to 10 and raises 2.1 above its max (capped at 20).
    appraisals.insert("1.1".into(), appraisal("10"));
    appraisals.insert("2.1".into(), appraisal("25"));
    let options = ScoreOptions {
        appraisals: Some(appraisals),
        ..ScoreOptions::default()
    };
    let r = score(&set, &v, &options);
    let n = &r.nodes["1.1"];
    assert_eq!(s(n.points), "13.33");
    assert_eq!(s(n.achieved), "10");
    assert_eq!(n.appraisal, Some(appraisal("10")));
    // Without an appraisal, achieved = self-assessed.
    assert_eq!(s(r.nodes["1.2"].achieved), "10");
    assert!(r.nodes["1.2"].appraisal.is_none());
    assert_eq!(s(r.nodes["2.1"].points), "20");
    assert_eq!(s(r.nodes["2.1"].achieved), "20");
    // Parents and totals: self-assessed 23.33 + 20; achieved 10 + 10 + 20.
    assert_eq!(s(r.nodes["1"].points), "23.33");
    assert_eq!(s(r.nodes["1"].achieved), "20");
    assert_eq!(s(r.total), "43.33");
    assert_eq!(s(r.achieved), "40");
}

#[test]
fn appraisals_are_rounded_and_never_negative() {
    let set = two_pillars();
    let v = values(r#"{"values": {"1.2": {"done": true}}}"#);
    let mut appraisals = Appraisals::new();
    appraisals.insert("1.1".into(), appraisal("7.125"));
    appraisals.insert("1.2".into(), appraisal("-3"));
    let options = ScoreOptions {
        appraisals: Some(appraisals),
        ..ScoreOptions::default()
    };
    let r = score(&set, &v, &options);
    // 1.1 is missing (0 self-assessed) but the council gives 7.125 → 7.13.
    assert_eq!(s(r.nodes["1.1"].points), "0");
    assert_eq!(s(r.nodes["1.1"].achieved), "7.13");
    assert_eq!(s(r.nodes["1.2"].achieved), "0");
    assert_eq!(s(r.achieved), "7.13");
    assert_eq!(s(r.total), "10");
}

#[test]
fn targets_in_the_set_give_points_below_target() {
    let rule =
        format!(r#""inputs": {AB}, "target": "15", "rule": {{"kind": "linear", "ratio": "a/b"}}"#);
    let set = set_of("", &[("1.1", "20", &rule)]);
    // 45/60 × 20 = 15: at the target.
    let n = leaf(&set, r#"{"a": "45", "b": "60"}"#);
    assert_eq!(s(n.target), "15");
    assert_eq!(s(n.below_target), "0");
    // 30/60 × 20 = 10: 5 below.
    let n = leaf(&set, r#"{"a": "30", "b": "60"}"#);
    assert_eq!(s(n.below_target), "5");
    // 44/60 × 20 = 14.666… → 14.67: 0.33 below.
    let n = leaf(&set, r#"{"a": "44", "b": "60"}"#);
    assert_eq!(s(n.below_target), "0.33");
    // Missing: the whole target is lost.
    let n = leaf(&set, r#"{}"#);
    assert_eq!(s(n.below_target), "15");
}

#[test]
fn targets_file_overrides_and_totals() {
    let set = two_pillars();
    let targets = Targets::from_json(
        r#"{"format": "dti-score/targets/v1", "set": {"id": "two"},
            "province": {"id": "an-giang", "name": "An Giang"},
            "total_target": "45",
            "targets": {"1.1": {"points": "18"}, "2.1": {"points": "10"}, "1": {"points": "28"}}}"#,
        &set,
    )
    .unwrap();
    let v = values(
        r#"{"values": {"1.1": {"a": "2", "b": "3"}, "1.2": {"done": true}, "2.1": {"items": {"1": true}}}}"#,
    );
    let options = ScoreOptions {
        targets: Some(targets),
        ..ScoreOptions::default()
    };
    let r = score(&set, &v, &options);
    // 13.33 against 18: 4.67 below; 2.1 at 10 reaches 10.
    assert_eq!(s(r.nodes["1.1"].target), "18");
    assert_eq!(s(r.nodes["1.1"].below_target), "4.67");
    assert_eq!(s(r.nodes["2.1"].below_target), "0");
    assert_eq!(s(r.nodes["1"].below_target), "4.67");
    assert!(r.nodes["1.2"].target.is_none());
    assert!(r.nodes["1.2"].below_target.is_none());
    assert_eq!(s(r.target), "45");
}

// ---------------------------------------------------------------------------------------
// The report as JSON: decimals are strings
// ---------------------------------------------------------------------------------------

#[test]
fn report_json_carries_decimal_strings() {
    let r = report_with(
        &to_target(),
        r#"{"a": "45", "b": "60"}"#,
        &ScoreOptions::default(),
    );
    let json = serde_json::to_value(&r).unwrap();
    let n = &json["nodes"]["1.1"];
    assert_eq!(n["points"], "18.75");
    assert_eq!(n["max"], "20");
    assert_eq!(n["attainment"], "0.9375");
    assert_eq!(n["status"], "ok");
    assert_eq!(n["lost"], "1.25");
    assert_eq!(json["total"], "18.75");
    assert_eq!(json["max"], "20");
    assert_eq!(json["nodes"]["1"]["children"], serde_json::json!(["1.1"]));
}

/// The page's progress line (issue 15): each main indicator's leaves answered, missing and
/// invalid, and the first to see to (an invalid one before a missing one).
#[test]
fn progress_by_main_indicator() {
    let set = IndicatorSet::from_json(
        r#"{"format": "dti-score/indicator-set/v1", "id": "p", "version": "1",
            "title": {"vi": "P"}, "scale": "40",
            "indicators": [
              {"code": "1", "title": {"vi": "Một"}, "max": "30", "children": [
                {"code": "1.1", "title": {"vi": "A"}, "max": "10", "rule": {"kind": "yes_no"}},
                {"code": "1.2", "title": {"vi": "B"}, "max": "10",
                 "inputs": [{"id": "a", "label": {"vi": "a"}}, {"id": "b", "label": {"vi": "b"}}],
                 "rule": {"kind": "linear", "ratio": "a/b", "share": true}},
                {"code": "1.3", "title": {"vi": "C"}, "max": "10", "rule": {"kind": "yes_no"}}]},
              {"code": "2", "title": {"vi": "Hai"}, "max": "10", "rule": {"kind": "yes_no"}}]}"#,
    )
    .unwrap();
    let values = Values::from_json(
        r#"{"format": "dti-score/values/v1", "set": {"id": "p", "version": "1"},
            "unit": {"id": "x", "name": "X"}, "year": 2025,
            "values": {"1.1": {"done": true}, "1.2": {"a": "5", "b": "4"}, "2": {"done": false}}}"#,
    )
    .unwrap();
    let report = score(&set, &values, &ScoreOptions::default());
    let progress = serde_json::to_value(report.progress()).unwrap();
    assert_eq!(
        progress,
        serde_json::json!([
            {"id": "1", "answered": 1, "missing": 1, "invalid": 1, "next": "1.2"},
            {"id": "2", "answered": 1, "missing": 0, "invalid": 0}
        ])
    );
}
