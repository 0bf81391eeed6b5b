//! Every finding a set or values file can produce, and every message scoring writes about
//! input, pinned with insta snapshots: each holds where (a JSON Pointer, or the indicator
//! and its status) and the message in Vietnamese and English.
//!
//! Each case starts from one small valid set and breaks exactly one thing, and asserts
//! that the finding of the intended kind is among those reported, so a snapshot cannot
//! silently drift to another error.

use dti_score::number::{parse_fraction, parse_number, NumberError};
use dti_score::Lang;
use dti_score::Message;
use dti_score::{score, IndicatorSet, ScoreOptions, Targets, Values};
use dti_score::{ErrorKind, Finding, Severity};
use serde_json::{json, Value};

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

/// A small valid set: context `population`; main indicator "1" (30) with 1.1, a share
/// against a target (20), and 1.2, yes/no (10).
fn base() -> Value {
    json!({
      "format": "dti-score/indicator-set/v1",
      "id": "test",
      "version": "1",
      "title": {"vi": "Bộ thử", "en": "Test set"},
      "scale": "30",
      "context": [
        {"id": "population", "label": {"vi": "Dân số", "en": "Population"}, "kind": "count"}
      ],
      "indicators": [
        {"code": "1", "title": {"vi": "Hạ tầng số", "en": "Digital infrastructure"}, "max": "30",
         "children": [
           {"code": "1.1", "title": {"vi": "Hộ có cáp quang", "en": "Households with fibre"}, "max": "20",
            "inputs": [
              {"id": "a", "label": {"vi": "Số hộ có cáp quang", "en": "Households with fibre"}, "kind": "count"},
              {"id": "b", "label": {"vi": "Tổng số hộ", "en": "Households"}, "kind": "count"}
            ],
            "rule": {"kind": "linear_to_target", "ratio": "a/b", "target": "80%"}},
           {"code": "1.2", "title": {"vi": "Ban hành kế hoạch", "en": "Plan issued"}, "max": "10",
            "rule": {"kind": "yes_no"}}
         ]}
      ]
    })
}

/// The leaf 1.1 of [`base`].
fn leaf(v: &mut Value) -> &mut Value {
    &mut v["indicators"][0]["children"][0]
}

/// The findings of loading `text` as a set: every finding when it fails, the warnings
/// when it loads.
fn set_findings_text(text: &str) -> Vec<Finding> {
    match IndicatorSet::from_json(text) {
        Ok(set) => set.warnings().to_vec(),
        Err(e) => e.0,
    }
}

/// The findings of [`base`] changed by `change`.
fn set_findings(change: impl FnOnce(&mut Value)) -> Vec<Finding> {
    let mut v = base();
    change(&mut v);
    set_findings_text(&v.to_string())
}

/// The findings of loading a values file.
fn values_findings(text: &str) -> Vec<Finding> {
    match Values::from_json(text) {
        Ok(_) => Vec::new(),
        Err(e) => e.0,
    }
}

/// Writes findings for a snapshot: severity and pointer, then both messages.
fn render(findings: &[Finding]) -> String {
    findings
        .iter()
        .map(|f| {
            let severity = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            let at = if f.pointer.is_empty() {
                "/"
            } else {
                &f.pointer
            };
            format!(
                "{severity} at {at}\n  vi: {}\n  en: {}",
                f.message(Lang::Vi),
                f.message(Lang::En)
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Asserts that a finding of the intended kind is among `findings` and snapshots them all.
macro_rules! findings_case {
    ($(#[$attr:meta])* $name:ident, $kind:pat, $findings:expr) => {
        #[test]
        $(#[$attr])*
        fn $name() {
            let findings: Vec<Finding> = $findings;
            assert!(
                findings.iter().any(|f| matches!(f.kind, $kind)),
                "expected a finding of kind {}, got:\n{}",
                stringify!($kind),
                render(&findings)
            );
            insta::assert_snapshot!(render(&findings));
        }
    };
}

// ---------------------------------------------------------------------------------------
// Set files: every ErrorKind reachable from a set
// ---------------------------------------------------------------------------------------

findings_case!(
    set_not_json,
    ErrorKind::Json { .. },
    set_findings_text(r#"{"format": "dti-score/indicator-set/v1", "#)
);

findings_case!(
    set_not_an_object,
    ErrorKind::WrongType { .. },
    set_findings_text(r#"["dti-score/indicator-set/v1"]"#)
);

findings_case!(
    set_missing_field,
    ErrorKind::MissingField { field: "id" },
    set_findings(|v| {
        v.as_object_mut().unwrap().remove("id");
    })
);

findings_case!(
    set_wrong_type_true,
    ErrorKind::WrongType { .. },
    set_findings(|v| v["title"] = json!(true))
);

findings_case!(
    set_wrong_type_text,
    ErrorKind::WrongType { .. },
    set_findings(|v| v["title"] = json!("Bộ thử"))
);

findings_case!(
    set_wrong_type_bool,
    ErrorKind::WrongType { .. },
    set_findings(|v| v["draft"] = json!("có"))
);

findings_case!(
    set_wrong_type_whole_number,
    ErrorKind::WrongType { .. },
    set_findings(|v| v["rounding"] = json!({"decimals": "2"}))
);

findings_case!(
    set_float_not_allowed,
    ErrorKind::FloatNotAllowed { .. },
    set_findings(|v| leaf(v)["max"] = json!(20))
);

findings_case!(
    set_unknown_field,
    ErrorKind::UnknownField { .. },
    set_findings(|v| leaf(v)["maxx"] = json!("20"))
);

findings_case!(
    set_inputs_on_a_parent,
    ErrorKind::InputsOnParent,
    set_findings(|v| {
        v["indicators"][0]["inputs"] =
            json!([{"id": "a", "label": {"vi": "Số hộ"}, "kind": "count"}]);
    })
);

findings_case!(
    set_bad_number,
    ErrorKind::BadNumber { .. },
    set_findings(|v| leaf(v)["max"] = json!("20,5"))
);

findings_case!(
    set_bad_fraction_zero_denominator,
    ErrorKind::BadNumber { .. },
    set_findings(|v| {
        v["indicators"][0]["children"][1]["rule"] = json!({"kind": "checklist", "items": [
            {"id": "1", "label": {"vi": "Một"}, "fraction": "1/0"}
        ]});
    })
);

findings_case!(
    set_out_of_range_decimals,
    ErrorKind::OutOfRange { .. },
    set_findings(|v| v["rounding"] = json!({"decimals": 11}))
);

findings_case!(
    set_out_of_range_max,
    ErrorKind::OutOfRange { .. },
    set_findings(|v| {
        // A negative max on a node whose siblings still add up: 1.2 at −10 and 1.1 at 40.
        leaf(v)["max"] = json!("40");
        v["indicators"][0]["children"][1]["max"] = json!("-10");
    })
);

findings_case!(
    set_out_of_range_fraction,
    ErrorKind::OutOfRange { .. },
    set_findings(|v| {
        v["indicators"][0]["children"][1]["rule"] = json!({"kind": "choice", "options": [
            {"id": "chair", "label": {"vi": "Chủ tịch"}, "fraction": "3/2"}
        ]});
    })
);

findings_case!(
    set_out_of_range_threshold,
    ErrorKind::OutOfRange { .. },
    set_findings(|v| leaf(v)["rule"]["target"] = json!("0%"))
);

findings_case!(
    set_unknown_status,
    ErrorKind::UnknownName { .. },
    set_findings(|v| v["status"] = json!("draft"))
);

findings_case!(
    values_exclusion_without_reason,
    ErrorKind::ExclusionWithoutReason,
    values_findings(r#"{"values": {"1.1": {"excluded": "  "}}}"#)
);

findings_case!(
    set_share_tolerance_below_100_percent,
    ErrorKind::OutOfRange { .. },
    set_findings(|v| leaf(v)["rule"]["share_tolerance"] = json!("95%"))
);

findings_case!(
    set_share_tolerance_on_a_ratio_that_is_not_a_share,
    ErrorKind::OutOfRange { .. },
    set_findings(|v| {
        leaf(v)["rule"]["share"] = json!(false);
        leaf(v)["rule"]["share_tolerance"] = json!("105%");
    })
);

findings_case!(
    set_out_of_range_year,
    ErrorKind::OutOfRange { .. },
    set_findings(|v| {
        leaf(v)["rule"]["target"] =
            json!({"by_year": [{"from": 1800, "to": 2027, "value": "95%"}]});
    })
);

findings_case!(
    set_out_of_range_points_each,
    ErrorKind::OutOfRange { .. },
    set_findings(|v| {
        leaf(v)["rule"] = json!({"kind": "per_unit", "value": "a+b", "points_each": "0"});
    })
);

findings_case!(
    set_wrong_format,
    ErrorKind::WrongFormat { .. },
    set_findings(|v| v["format"] = json!("dti-score/indicator-set/v2"))
);

findings_case!(
    set_bad_set_id,
    ErrorKind::BadId { .. },
    set_findings(|v| v["id"] = json!("bộ thử/2025"))
);

findings_case!(
    set_bad_node_id,
    ErrorKind::BadId { .. },
    set_findings(|v| leaf(v)["id"] = json!("1 1"))
);

findings_case!(
    set_bad_input_id,
    ErrorKind::BadInputId { .. },
    set_findings(|v| {
        leaf(v)["inputs"][0]["id"] = json!("A");
        leaf(v)["rule"]["ratio"] = json!("b/b");
    })
);

findings_case!(
    set_reserved_input_id,
    ErrorKind::ReservedInputId { .. },
    set_findings(|v| {
        leaf(v)["inputs"][0]["id"] = json!("done");
        leaf(v)["rule"]["ratio"] = json!("done/b");
    })
);

findings_case!(
    set_duplicate_node_id,
    ErrorKind::DuplicateId { .. },
    set_findings(|v| v["indicators"][0]["children"][1]["code"] = json!("1.1"))
);

findings_case!(
    set_duplicate_input_id,
    ErrorKind::DuplicateId { .. },
    set_findings(|v| leaf(v)["inputs"][1]["id"] = json!("a"))
);

findings_case!(
    set_duplicate_item_id,
    ErrorKind::DuplicateId { .. },
    set_findings(|v| {
        v["indicators"][0]["children"][1]["rule"] = json!({"kind": "checklist", "items": [
            {"id": "1", "label": {"vi": "Một"}, "fraction": "1/2"},
            {"id": "1", "label": {"vi": "Hai"}, "fraction": "1/2"}
        ]});
    })
);

findings_case!(
    set_max_missing,
    ErrorKind::MaxMissing,
    set_findings(|v| {
        v["indicators"][0]["children"][1]
            .as_object_mut()
            .unwrap()
            .remove("max");
    })
);

findings_case!(
    set_max_sum_mismatch,
    ErrorKind::MaxSumMismatch { .. },
    set_findings(|v| v["indicators"][0]["children"][1]["max"] = json!("15"))
);

findings_case!(
    set_max_sum_mismatch_noted_is_a_warning,
    ErrorKind::MaxSumMismatch { .. },
    set_findings(|v| {
        v["indicators"][0]["children"][1]["max"] = json!("15");
        v["indicators"][0]["notes"] = json!([{"kind": "source_discrepancy",
            "text": {"vi": "Phụ lục ghi 30 điểm nhưng các chỉ số thành phần cộng lại 35"}}]);
    })
);

findings_case!(
    set_scale_mismatch,
    ErrorKind::ScaleMismatch { .. },
    set_findings(|v| v["scale"] = json!("1000"))
);

findings_case!(
    set_scale_mismatch_noted_is_a_warning,
    ErrorKind::ScaleMismatch { .. },
    set_findings(|v| {
        v["scale"] = json!("1000");
        v["notes"] = json!([{"kind": "source_discrepancy",
            "text": {"vi": "Thang điểm 1000 nhưng các chỉ số chính cộng lại 30"}}]);
    })
);

findings_case!(
    set_rule_and_children,
    ErrorKind::RuleAndChildren,
    set_findings(|v| v["indicators"][0]["rule"] = json!({"kind": "yes_no"}))
);

findings_case!(
    set_no_rule,
    ErrorKind::NoRule,
    set_findings(|v| {
        v["indicators"][0]["children"][1]
            .as_object_mut()
            .unwrap()
            .remove("rule");
    })
);

findings_case!(
    set_unknown_rule_kind,
    ErrorKind::UnknownRuleKind { .. },
    set_findings(|v| leaf(v)["rule"]["kind"] = json!("linear_to_targett"))
);

findings_case!(
    set_bad_expression,
    ErrorKind::BadExpression { .. },
    set_findings(|v| leaf(v)["rule"]["ratio"] = json!("a/"))
);

findings_case!(
    set_unknown_variable,
    ErrorKind::UnknownVariable { .. },
    set_findings(|v| leaf(v)["rule"]["ratio"] = json!("a/c"))
);

findings_case!(
    set_unused_input_is_a_warning,
    ErrorKind::UnusedInput { .. },
    set_findings(|v| {
        leaf(v)["inputs"]
            .as_array_mut()
            .unwrap()
            .push(json!({"id": "c", "label": {"vi": "Số hộ nghèo"}, "kind": "count"}));
    })
);

findings_case!(
    set_input_shadows_context,
    ErrorKind::ShadowsContext { .. },
    set_findings(|v| {
        leaf(v)["inputs"][1]["id"] = json!("population");
    })
);

findings_case!(
    set_unknown_rounding_mode,
    ErrorKind::UnknownName { .. },
    set_findings(|v| v["rounding"] = json!({"decimals": 2, "mode": "half_up"}))
);

findings_case!(
    set_unknown_input_kind,
    ErrorKind::UnknownName { .. },
    set_findings(|v| leaf(v)["inputs"][0]["kind"] = json!("integer"))
);

findings_case!(
    set_unknown_relative_method,
    ErrorKind::UnknownName { .. },
    set_findings(|v| {
        leaf(v)["rule"] = json!({"kind": "relative", "ratio": "a/b", "method": "best"});
    })
);

findings_case!(
    set_checklist_fractions_exceed_one,
    ErrorKind::FractionsExceedOne { .. },
    set_findings(|v| {
        v["indicators"][0]["children"][1]["rule"] = json!({"kind": "checklist", "items": [
            {"id": "1", "label": {"vi": "Một"}, "fraction": "1/2"},
            {"id": "2", "label": {"vi": "Hai"}, "fraction": "1/2"},
            {"id": "3", "label": {"vi": "Ba"}, "fraction": "1/4"}
        ]});
    })
);

findings_case!(
    set_parts_fractions_exceed_one,
    ErrorKind::FractionsExceedOne { .. },
    set_findings(|v| {
        leaf(v)["rule"] = json!({"kind": "sum_of_parts", "parts": [
            {"id": "1", "label": {"vi": "Triển khai"}, "fraction": "3/4", "rule": {"kind": "yes_no"}},
            {"id": "2", "label": {"vi": "Kết nối"}, "fraction": "1/2",
             "rule": {"kind": "linear", "ratio": "a/b"}}
        ]});
    })
);

findings_case!(
    set_tiers_not_decreasing,
    ErrorKind::TiersNotDecreasing { .. },
    set_findings(|v| {
        leaf(v)["rule"] = json!({"kind": "tiers", "value": "a/b", "tiers": [
            {"at_least": "50%", "fraction": "1"},
            {"at_least": "90%", "fraction": "1/2"}
        ]});
    })
);

findings_case!(
    set_tier_fraction_increasing,
    ErrorKind::TierFractionIncreasing { .. },
    set_findings(|v| {
        leaf(v)["rule"] = json!({"kind": "tiers", "value": "a/b", "tiers": [
            {"at_least": "90%", "fraction": "1/2"},
            {"at_least": "50%", "fraction": "1"}
        ]});
    })
);

findings_case!(
    set_overlapping_periods,
    ErrorKind::BadPeriod { .. },
    set_findings(|v| {
        leaf(v)["rule"]["target"] = json!({"by_year": [
            {"from": 2025, "to": 2027, "value": "95%"},
            {"from": 2027, "to": 2030, "value": "99%"}
        ]});
    })
);

findings_case!(
    set_period_threshold_decreasing,
    ErrorKind::PeriodThresholdDecreasing { .. },
    set_findings(|v| {
        leaf(v)["rule"]["target"] = json!({"by_year": [
            {"from": 2025, "to": 2027, "value": "99%"},
            {"from": 2028, "to": 2030, "value": "95%"}
        ]});
    })
);

findings_case!(
    set_backwards_period,
    ErrorKind::BadPeriod { .. },
    set_findings(|v| {
        leaf(v)["rule"]["target"] =
            json!({"by_year": [{"from": 2030, "to": 2028, "value": "99%"}]});
    })
);

findings_case!(
    set_empty_indicators,
    ErrorKind::EmptyList,
    set_findings(|v| {
        v["indicators"] = json!([]);
        v["scale"] = json!("0");
    })
);

findings_case!(
    set_empty_options,
    ErrorKind::EmptyList,
    set_findings(|v| {
        v["indicators"][0]["children"][1]["rule"] = json!({"kind": "choice", "options": []});
    })
);

findings_case!(
    set_nested_rule,
    ErrorKind::NestedRule { .. },
    set_findings(|v| {
        leaf(v)["rule"] = json!({"kind": "sum_of_parts", "parts": [
            {"id": "1", "label": {"vi": "Triển khai"}, "fraction": "1/2", "rule": {"kind": "yes_no"}},
            {"id": "2", "label": {"vi": "So với tỉnh cao nhất"}, "fraction": "1/2",
             "rule": {"kind": "relative", "ratio": "a/b", "method": "proportional_to_best"}}
        ]});
    })
);

findings_case!(
    set_bad_reference,
    ErrorKind::BadReference,
    set_findings(|v| {
        leaf(v)["rule"] = json!({"kind": "relative", "ratio": "a/b", "method": "min_max",
            "reference": {"best": "0.3", "worst": "0.5"}});
    })
);

findings_case!(
    set_needs_max,
    ErrorKind::NeedsMax { .. },
    set_findings(|v| {
        // A draft set may leave maxima out, but per_unit needs one.
        v["draft"] = json!(true);
        v.as_object_mut().unwrap().remove("scale");
        v["indicators"][0].as_object_mut().unwrap().remove("max");
        leaf(v).as_object_mut().unwrap().remove("max");
        v["indicators"][0]["children"][1]
            .as_object_mut()
            .unwrap()
            .remove("max");
        leaf(v)["rule"] = json!({"kind": "per_unit", "value": "a+b", "points_each": "1"});
    })
);

// ---------------------------------------------------------------------------------------
// Values files
// ---------------------------------------------------------------------------------------

findings_case!(
    values_not_json,
    ErrorKind::Json { .. },
    values_findings(r#"{"values": {"1.1": {"a": "45",}}}"#)
);

findings_case!(
    values_missing_values,
    ErrorKind::MissingField { field: "values" },
    values_findings(r#"{"format": "dti-score/values/v1", "year": 2025}"#)
);

findings_case!(
    values_wrong_format,
    ErrorKind::WrongFormat { .. },
    values_findings(r#"{"format": "dti-score/indicator-set/v1", "values": {}}"#)
);

findings_case!(
    values_float_not_allowed,
    ErrorKind::FloatNotAllowed { .. },
    values_findings(
        r#"{"values": {"1.1": {"a": 45, "b": 60.5}}, "context": {"population": 12345}}"#
    )
);

findings_case!(
    values_wrong_types,
    ErrorKind::WrongType { .. },
    values_findings(
        r#"{"values": {"1.2": {"done": "có"}, "2.1": {"items": {"1": "x"}}, "2.2": {"choice": 1}, "3.1": []}}"#
    )
);

findings_case!(
    values_year_not_a_whole_number,
    ErrorKind::WrongType { .. },
    values_findings(r#"{"year": "2025", "values": {}}"#)
);

findings_case!(
    values_year_out_of_range,
    ErrorKind::OutOfRange { .. },
    values_findings(r#"{"year": 3025, "values": {}}"#)
);

findings_case!(
    values_unknown_fields,
    ErrorKind::UnknownField { .. },
    values_findings(r#"{"valuez": {}, "values": {"1.1": {"A": "45", "nots": "x"}}}"#)
);

findings_case!(
    values_unknown_unit_level,
    ErrorKind::UnknownName { .. },
    values_findings(r#"{"unit": {"id": "x", "level": "village"}, "values": {}}"#)
);

findings_case!(
    values_missing_set_id,
    ErrorKind::MissingField { field: "id" },
    values_findings(r#"{"set": {"version": "1"}, "values": {}}"#)
);

/// Values the set does not know: warnings, not scored.
fn values_against_set() -> Vec<Finding> {
    let set = IndicatorSet::from_json(&base().to_string()).unwrap();
    let v = Values::from_json(
        r#"{"context": {"population": "1000", "households": "300"},
            "values": {"1.1": {"a": "45", "b": "60", "c": "3"}, "9.9": {"done": true}}}"#,
    )
    .unwrap();
    let mut findings = v.check_against(&set);
    // The report carries the same warnings.
    let report = score(&set, &v, &ScoreOptions::default());
    assert_eq!(report.warnings, findings);
    findings.sort_by(|a, b| a.pointer.cmp(&b.pointer));
    findings
}

findings_case!(
    values_unknown_indicator,
    ErrorKind::UnknownIndicator { .. },
    values_against_set()
);

// ---------------------------------------------------------------------------------------
// Targets files (checked against the set they name)
// ---------------------------------------------------------------------------------------

fn targets_findings(text: &str) -> Vec<Finding> {
    let set = IndicatorSet::from_json(&base().to_string()).unwrap();
    match Targets::from_json(text, &set) {
        Ok(_) => Vec::new(),
        Err(e) => e.0,
    }
}

findings_case!(
    targets_unknown_indicator_and_points_above_max,
    ErrorKind::UnknownIndicator { .. },
    targets_findings(
        r#"{"format": "dti-score/targets/v1", "set": {"id": "test"}, "province": {"id": "an-giang"},
            "targets": {"1.1": {"points": "25"}, "9.9": {"points": "1"}}}"#
    )
);

findings_case!(
    targets_for_another_set,
    ErrorKind::SetMismatch { .. },
    targets_findings(
        r#"{"format": "dti-score/targets/v1", "set": {"id": "vinh-long-2025"}, "province": {"id": "an-giang"},
            "targets": {}}"#
    )
);

findings_case!(
    targets_rank_beyond_the_number_of_provinces,
    ErrorKind::OutOfRange { .. },
    targets_findings(
        r#"{"format": "dti-score/targets/v1", "set": {"id": "test"}, "province": {"id": "an-giang"},
            "rank_target": {"rank": 35, "of": 34}, "targets": {}}"#
    )
);

findings_case!(
    targets_interpretation_without_its_quote,
    ErrorKind::MissingField { field: "quote" },
    targets_findings(
        r#"{"format": "dti-score/targets/v1", "set": {"id": "test"}, "province": {"id": "an-giang"},
            "notes": [{"kind": "interpretation", "text": {"vi": "Hiểu là …"}}], "targets": {}}"#
    )
);

// ---------------------------------------------------------------------------------------
// All findings at once
// ---------------------------------------------------------------------------------------

#[test]
fn every_finding_is_reported_at_once() {
    let findings = set_findings(|v| {
        v["format"] = json!("dti-score/indicator-set/v0");
        v["scale"] = json!(30);
        v["rounding"] = json!({"decimals": 2, "mode": "up"});
        leaf(v)["rule"]["ratio"] = json!("a/households");
        leaf(v)["rule"]["target"] = json!("-80%");
        leaf(v)["colour"] = json!("red");
        let second = &mut v["indicators"][0]["children"][1];
        second["code"] = json!("1.1");
        second["rule"] = json!({"kind": "checklist", "items": [
            {"id": "1", "label": {"vi": "Một"}, "fraction": "3/4"},
            {"id": "2", "label": {"vi": "Hai"}, "fraction": "1/2"}
        ]});
        v["indicators"].as_array_mut().unwrap().push(
            json!({"code": "2", "title": {"vi": "Hai"}, "max": "0",
            "children": [{"code": "2.1", "title": {"vi": "Hai một"}, "max": "5",
                "rule": {"kind": "tiers", "value": "1", "tiers": [
                    {"at_least": "1", "fraction": "1/2"},
                    {"at_least": "2", "fraction": "1"}
                ]}}]}),
        );
    });
    let got: Vec<(&str, &str)> = findings
        .iter()
        .map(|f| {
            let kind = match &f.kind {
                ErrorKind::WrongFormat { .. } => "wrong format",
                ErrorKind::FloatNotAllowed { .. } => "float",
                ErrorKind::UnknownName { .. } => "unknown name",
                ErrorKind::UnknownVariable { .. } => "unknown variable",
                ErrorKind::OutOfRange { .. } => "out of range",
                ErrorKind::UnknownField { .. } => "unknown field",
                ErrorKind::DuplicateId { .. } => "duplicate id",
                ErrorKind::FractionsExceedOne { .. } => "fractions",
                ErrorKind::TiersNotDecreasing { .. } => "tiers",
                ErrorKind::TierFractionIncreasing { .. } => "tier fraction",
                ErrorKind::MaxSumMismatch { .. } => "max sum",
                other => panic!("unexpected finding {other:?}"),
            };
            (f.pointer.as_str(), kind)
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("/format", "wrong format"),
            ("/scale", "float"),
            ("/rounding/mode", "unknown name"),
            ("/indicators/0/children/0/rule/ratio", "unknown variable"),
            ("/indicators/0/children/0/rule/target", "out of range"),
            ("/indicators/0/children/0/colour", "unknown field"),
            ("/indicators/0/children/1", "duplicate id"),
            ("/indicators/0/children/1/rule/items", "fractions"),
            ("/indicators/1/children/0/rule/tiers/1/at_least", "tiers"),
            (
                "/indicators/1/children/0/rule/tiers/1/fraction",
                "tier fraction"
            ),
            ("/indicators/1", "max sum"),
        ]
    );
    assert!(findings.iter().all(|f| f.severity == Severity::Error));
    insta::assert_snapshot!(render(&findings));
}

#[test]
fn every_values_finding_is_reported_at_once() {
    let findings = values_findings(
        r#"{"format": "x", "year": 1899, "unit": {"level": "commune"},
            "context": {"population": 1200},
            "values": {"1.1": {"a": 45, "b": true, "Z": "1"}, "1.2": {"done": null, "choice": false}}}"#,
    );
    let pointers: Vec<&str> = findings.iter().map(|f| f.pointer.as_str()).collect();
    assert_eq!(
        pointers,
        vec![
            "/format",
            "/year",
            "/unit",
            "/context/population",
            "/values/1.1/a",
            "/values/1.1/b",
            "/values/1.1/Z",
            "/values/1.2/done",
            "/values/1.2/choice",
        ]
    );
    insta::assert_snapshot!(render(&findings));
}

// ---------------------------------------------------------------------------------------
// Messages scoring writes about input (missing / invalid)
// ---------------------------------------------------------------------------------------

/// A set of one main indicator holding leaves of every shape the messages need.
fn input_set() -> IndicatorSet {
    let count = |id: &str, vi: &str, en: &str| json!({"id": id, "label": {"vi": vi, "en": en}, "kind": "count"});
    let set = json!({
      "format": "dti-score/indicator-set/v1", "id": "inputs", "version": "1",
      "title": {"vi": "Thông báo về số liệu", "en": "Input messages"}, "scale": "120",
      "context": [
        {"id": "population", "label": {"vi": "Dân số", "en": "Population"}, "kind": "count"}
      ],
      "indicators": [{"code": "1", "title": {"vi": "Tất cả", "en": "All"}, "max": "120", "children": [
        {"code": "1.1", "title": {"vi": "Hộ có cáp quang", "en": "Households with fibre"}, "max": "10",
         "inputs": [count("a", "Số hộ có cáp quang", "Households with fibre"), count("b", "Tổng số hộ", "Households")],
         "rule": {"kind": "linear_to_target", "ratio": "a/b", "target": "80%"}},
        {"code": "1.2", "title": {"vi": "Thủ tục trực tuyến", "en": "Online procedures"}, "max": "10",
         "inputs": [count("a", "Hồ sơ trực tuyến", "Online applications"), count("b", "Hồ sơ bưu chính", "Postal applications"),
                    count("c", "Tổng hồ sơ tại tỉnh", "Applications at the province"), count("d", "Tổng hồ sơ tại xã", "Applications at communes")],
         "rule": {"kind": "linear", "ratio": "(a+b)/(c+d)"}},
        {"code": "1.3", "title": {"vi": "Doanh nghiệp số trên 1.000 dân", "en": "Digital enterprises per 1,000 people"}, "max": "10",
         "inputs": [count("a", "Số doanh nghiệp số", "Digital enterprises")],
         "rule": {"kind": "linear_to_target", "ratio": "a/(population/1000)", "target": "3", "share": false}},
        {"code": "1.4", "title": {"vi": "Phủ sóng 5G", "en": "5G coverage"}, "max": "10",
         "inputs": [{"id": "a", "label": {"vi": "Tỷ lệ phủ sóng 5G", "en": "5G coverage"}, "kind": "percent"}],
         "rule": {"kind": "linear_to_target", "ratio": "a", "target": "99%"}},
        {"code": "1.5", "title": {"vi": "Tỷ lệ theo năm", "en": "Share by year"}, "max": "10",
         "inputs": [count("a", "Số hệ thống đạt", "Systems that comply"), count("b", "Tổng số hệ thống", "Systems")],
         "rule": {"kind": "linear_to_target", "ratio": "a/b",
                  "target": {"by_year": [{"from": 2025, "to": 2027, "value": "95%"}, {"from": 2028, "to": 2030, "value": "99%"}]}}},
        {"code": "1.6", "title": {"vi": "Ban hành kế hoạch", "en": "Plan issued"}, "max": "10",
         "rule": {"kind": "yes_no"}},
        {"code": "1.7", "title": {"vi": "Ứng dụng AI", "en": "AI use"}, "max": "10",
         "rule": {"kind": "checklist", "items": [
           {"id": "1", "label": {"vi": "Phục vụ CCVC", "en": "For officials"}, "fraction": "1/2"},
           {"id": "2", "label": {"vi": "Phục vụ người dân", "en": "For citizens"}, "fraction": "1/2"}]}},
        {"code": "1.8", "title": {"vi": "Trưởng Ban chỉ đạo", "en": "Head of the steering committee"}, "max": "10",
         "rule": {"kind": "choice", "options": [
           {"id": "chair", "label": {"vi": "Chủ tịch", "en": "Chair"}, "fraction": "1"},
           {"id": "deputy", "label": {"vi": "Phó Chủ tịch", "en": "Deputy"}, "fraction": "1/2"}]}},
        {"code": "1.9", "title": {"vi": "Chuyên mục chuyển đổi số", "en": "Digital transformation section"}, "max": "10",
         "inputs": [count("a", "Số bài viết", "Articles")],
         "rule": {"kind": "tiers", "value": "a", "share": false,
                  "gate": {"vi": "Có chuyên mục", "en": "Has a section"},
                  "tiers": [{"at_least": "20", "fraction": "1"}, {"at_least": "10", "fraction": "1/2"}]}},
        {"code": "1.10", "title": {"vi": "Điểm do đơn vị tự chấm", "en": "Points entered"}, "max": "10",
         "rule": {"kind": "manual"}},
        {"code": "1.11", "title": {"vi": "Trung tâm dữ liệu", "en": "Data centre"}, "max": "10",
         "inputs": [count("a", "Hệ thống trên đám mây", "Systems on the cloud"), count("b", "Tổng số hệ thống", "Systems")],
         "rule": {"kind": "sum_of_parts", "parts": [
           {"id": "1", "label": {"vi": "Triển khai", "en": "Deployed"}, "fraction": "1/2", "rule": {"kind": "yes_no"}},
           {"id": "2", "label": {"vi": "Kết nối", "en": "Connected"}, "fraction": "1/2", "rule": {"kind": "linear", "ratio": "a/b"}}]}},
        {"code": "1.12", "title": {"vi": "Kinh phí", "en": "Budget"}, "max": "10",
         "inputs": [{"id": "a", "label": {"vi": "Kinh phí chi", "en": "Spent"}, "kind": "amount"},
                    {"id": "b", "label": {"vi": "Kinh phí giao", "en": "Allocated"}, "kind": "amount"}],
         "rule": {"kind": "linear_to_target", "ratio": "a/b", "target": "1", "share": false}}
      ]}]
    });
    IndicatorSet::from_json(&set.to_string()).unwrap()
}

/// Scores one indicator's answers (and optional context and year) and writes its status
/// and messages.
fn input_messages(id: &str, answers: Value, context: Value, year: Option<i32>) -> String {
    let set = input_set();
    let mut file = json!({"values": {id: answers}, "context": context});
    if let Some(y) = year {
        file["year"] = json!(y);
    }
    let values = Values::from_json(&file.to_string()).unwrap();
    let report = score(&set, &values, &ScoreOptions::default());
    let n = &report.nodes[id];
    assert!(
        !n.messages.is_empty(),
        "{id} has no message (status {:?}, trace {})",
        n.status,
        n.trace.en
    );
    let mut out = format!("{id} [{}] points {}", n.status.name(), n.points.unwrap());
    for m in &n.messages {
        out.push_str(&format!("\n  vi: {}\n  en: {}", m.vi, m.en));
    }
    out
}

macro_rules! input_case {
    ($(#[$attr:meta])* $name:ident, $id:expr, $answers:tt) => {
        input_case!($(#[$attr])* $name, $id, $answers, {}, None);
    };
    ($(#[$attr:meta])* $name:ident, $id:expr, $answers:tt, $context:tt, $year:expr) => {
        #[test]
        $(#[$attr])*
        fn $name() {
            insta::assert_snapshot!(input_messages($id, json!($answers), json!($context), $year));
        }
    };
}

// Missing.
input_case!(input_missing_values, "1.1", {});
input_case!(input_missing_one_value, "1.2", {"a": "10", "b": "", "c": "30"});
input_case!(input_missing_context, "1.3", {"a": "12"});
input_case!(input_missing_yes_no, "1.6", {});
input_case!(input_missing_checklist, "1.7", {});
input_case!(input_missing_choice, "1.8", {});
input_case!(input_missing_gate, "1.9", {"a": "12"});
input_case!(input_missing_manual_points, "1.10", {"justification": "Biên bản số 12"});
input_case!(

    input_missing_part, "1.11", {"a": "3", "b": "4"});

// Invalid.
input_case!(input_not_a_number, "1.1", {"a": "45 hộ", "b": "60"});
input_case!(input_bad_grouping, "1.1", {"a": "1.23.456", "b": "2.000.000"});
input_case!(input_too_large, "1.1", {"a": "1", "b": "99999999999999999999999999999999"});
input_case!(input_negative, "1.1", {"a": "-5", "b": "60"});
input_case!(

    input_count_not_whole_dot, "1.1", {"a": "1.500", "b": "2000"});
input_case!(

    input_count_not_whole_comma, "1.9", {"gate": true, "a": "12,5"});
input_case!(input_percent_above_100, "1.4", {"a": "99,5"});
input_case!(input_division_by_zero, "1.1", {"a": "0", "b": "0"});
input_case!(input_division_by_zero_sum, "1.2", {"a": "0", "b": "0", "c": "0", "d": "0"});
input_case!(input_division_by_zero_context, "1.3", {"a": "12"}, {"population": "0"}, None);
input_case!(input_share_above_100, "1.1", {"a": "61", "b": "60"});
input_case!(input_no_year, "1.5", {"a": "96", "b": "100"});
input_case!(input_year_outside_periods, "1.5", {"a": "96", "b": "100"}, {}, Some(2031));
input_case!(input_no_such_item, "1.7", {"items": {"1": true, "3": true}});
input_case!(input_no_such_option, "1.8", {"choice": "secretary"});
input_case!(input_manual_negative, "1.10", {"points": "-2", "justification": "x"});
input_case!(input_manual_not_a_number, "1.10", {"points": "8 điểm", "justification": "x"});
input_case!(input_invalid_part, "1.11", {"a": "5", "b": "4", "parts": {"1": {"done": true}}});
input_case!(input_overflow, "1.12", {"a": "79228162514264337593543950335", "b": "0,5"});

// Scored, with a message.
input_case!(input_manual_without_justification, "1.10", {"points": "8"});

// ---------------------------------------------------------------------------------------
// NumberError messages (parse_number, parse_fraction)
// ---------------------------------------------------------------------------------------

#[test]
fn number_error_messages() {
    let cases: Vec<(&str, Result<_, NumberError>)> = vec![
        ("parse_number(\"\")", parse_number("")),
        ("parse_number(\"   \")", parse_number("   ")),
        ("parse_number(\"abc\")", parse_number("abc")),
        ("parse_number(\"1,2,3\")", parse_number("1,2,3")),
        ("parse_number(\"1e5\")", parse_number("1e5")),
        ("parse_number(\"1.23.456\")", parse_number("1.23.456")),
        ("parse_number(\"1.234 567\")", parse_number("1.234 567")),
        (
            "parse_number(\"99999999999999999999999999999999\")",
            parse_number("99999999999999999999999999999999"),
        ),
        ("parse_fraction(\"1/0\")", parse_fraction("1/0")),
    ];
    let text: Vec<String> = cases
        .into_iter()
        .map(|(call, r)| {
            let e = r.expect_err(call);
            format!(
                "{call}: {e:?}\n  vi: {}\n  en: {}",
                e.message(Lang::Vi),
                e.message(Lang::En)
            )
        })
        .collect();
    insta::assert_snapshot!(text.join("\n"));
}

// ---------------------------------------------------------------------------------------
// Labels (issue 15, item 2): a context field or a worded input is known by its label only
// ---------------------------------------------------------------------------------------

findings_case!(
    set_context_label_without_english,
    ErrorKind::LabelMissing { lang: Lang::En, .. },
    set_findings(|v| v["context"][0]["label"] = json!({"vi": "Dân số"}))
);

#[test]
fn label_warnings_name_the_field_and_the_language() {
    let findings = set_findings(|v| {
        v["context"][0]["label"] = json!({"vi": "", "en": "Population"});
        leaf(v)["inputs"][0]["id"] = json!("fibre");
        leaf(v)["inputs"][0]["label"] = json!({"vi": "Số hộ có cáp quang"});
        leaf(v)["inputs"][1]["label"] = json!({"vi": "Tổng số hộ"});
        leaf(v)["rule"]["ratio"] = json!("fibre/b");
    });
    let found: Vec<(&str, Severity, &ErrorKind)> = findings
        .iter()
        .map(|f| (f.pointer.as_str(), f.severity, &f.kind))
        .collect();
    // The source's letter `b` needs no English: the page shows the letter beside it.
    assert_eq!(
        found,
        [
            (
                "/context/0/label/vi",
                Severity::Warning,
                &ErrorKind::LabelMissing {
                    id: "population".into(),
                    lang: Lang::Vi
                }
            ),
            (
                "/indicators/0/children/0/inputs/0/label",
                Severity::Warning,
                &ErrorKind::LabelMissing {
                    id: "fibre".into(),
                    lang: Lang::En
                }
            ),
        ]
    );
}

/// Every shipped set names each context field and each worded input in both languages.
#[test]
fn shipped_sets_label_every_field_in_both_languages() {
    for file in std::fs::read_dir("indicator-sets").unwrap() {
        let path = file.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if !name.ends_with(".json") || name == "schema.json" {
            continue;
        }
        let set = IndicatorSet::from_json(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let missing: Vec<&str> = set
            .warnings()
            .iter()
            .filter(|f| f.code() == "set.label_missing")
            .map(|f| f.pointer.as_str())
            .collect();
        assert_eq!(missing, Vec::<&str>::new(), "{name}");
    }
}
