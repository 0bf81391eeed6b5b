//! Last year beside this year (`dti_score::previous`, `dti-score score --previous`): a
//! signed submission of last year's set version, a values file scored with this year's
//! set, a tampered submission, and the CLI's table.

mod common;

use std::path::PathBuf;
use std::process::Command;

use dti_score::previous::{compare, prefill, Basis, Change, Previous, PreviousError, Source};
use dti_score::{score, IndicatorSet, Message, ScoreOptions, Values};

use common::{review_unit_key, signed, REVIEW_SET};

/// Last year's version of [`REVIEW_SET`]: 1.2 (yes/no, 30) where this year has 1.1, and
/// 2.1 (10 points) beside 2.2 (10) where this year 2.1 has 20.
const LAST_YEARS_SET: &str = r#"{
  "format": "dti-score/indicator-set/v1",
  "id": "review-wasm", "version": "2024",
  "title": { "vi": "Bộ thử tổng hợp 2024" }, "scale": "50",
  "indicators": [
    { "code": "1", "title": { "vi": "Hạ tầng" }, "max": "30", "children": [
      { "code": "1.2", "title": { "vi": "Có mạng cáp quang" }, "max": "30", "rule": { "kind": "yes_no" } } ] },
    { "code": "2", "title": { "vi": "Kinh tế số" }, "max": "20", "children": [
      { "code": "2.1", "title": { "vi": "Có sàn thương mại điện tử" }, "max": "10", "rule": { "kind": "yes_no" } },
      { "code": "2.2", "title": { "vi": "Có cổng dịch vụ công" }, "max": "10", "rule": { "kind": "yes_no" } } ] }
  ]
}"#;

fn values(json: serde_json::Value) -> Values {
    Values::from_json(&json.to_string()).unwrap()
}

/// This year: 6 of 10 households on fibre (18 of 30), 2.1 done (20): 38.
fn this_year() -> (IndicatorSet, dti_score::Report) {
    let set = IndicatorSet::from_json(REVIEW_SET).unwrap();
    let v = values(serde_json::json!({
        "year": 2025, "values": { "1.1": { "a": "6", "b": "10" }, "2.1": { "done": true } }
    }));
    let report = score(&set, &v, &ScoreOptions::default());
    (set, report)
}

/// Last year's submission: 1.2 done (30), 2.1 done (10), 2.2 not (0): 40, signed.
fn last_years_submission() -> String {
    let set = IndicatorSet::from_json(LAST_YEARS_SET).unwrap();
    let v = values(serde_json::json!({
        "year": 2024, "unit": { "id": "xa-a", "name": "Xã A", "level": "commune" },
        "values": { "1.2": { "done": true }, "2.1": { "done": true }, "2.2": { "done": false } }
    }));
    signed(&set, &v, &review_unit_key("xa-a")).to_json_pretty()
}

/// This year, last year, the change, as text.
fn strs(c: &Change) -> (Option<String>, Option<String>, Option<String>) {
    let s = |d: Option<rust_decimal::Decimal>| d.map(|d| d.to_string());
    (s(c.this), s(c.last), s(c.change))
}

fn codes(notes: &[dti_score::previous::Noted]) -> Vec<&str> {
    notes.iter().map(|n| n.code).collect()
}

#[test]
fn a_signed_submission_of_last_years_set_version_gives_its_signed_points() {
    let (set, report) = this_year();
    let last = Previous::from_json(&last_years_submission()).unwrap();
    let key = review_unit_key("xa-a").public_key().fingerprint();
    assert_eq!(
        last.source,
        Source::Submission {
            prepared_by: key,
            approved_by: None
        }
    );
    assert_eq!(last.year, Some(2024));
    let yoy = compare(&set, &report, &last);
    assert_eq!(yoy.basis, Basis::Signed);
    assert_eq!(
        codes(&yoy.notes),
        ["previous.other_set", "previous.removed", "previous.removed"]
    );
    assert_eq!(
        yoy.notes.iter().map(|n| n.vi.as_str()).collect::<Vec<_>>(),
        [
            "năm trước đánh giá theo bộ chỉ số “review-wasm” phiên bản “2024”: các chỉ số được đối chiếu theo mã",
            "chỉ số 1.2 (năm trước 30 điểm) không còn trong bộ chỉ số năm nay",
            "chỉ số 2.2 (năm trước 0 điểm) không còn trong bộ chỉ số năm nay",
        ]
    );
    let row = |id: &str| {
        let n = yoy.node(id).unwrap();
        let (this, last, change) = strs(&n.points);
        (this, last, change, codes(&n.notes))
    };
    let some = |s: &str| Some(s.to_string());
    assert_eq!(row("1"), (some("18"), some("30"), some("-12"), vec![]));
    assert_eq!(
        row("1.1"),
        (some("18"), None, None, vec!["previous.new_indicator"])
    );
    assert_eq!(row("2"), (some("20"), some("10"), some("10"), vec![]));
    assert_eq!(
        row("2.1"),
        (
            some("20"),
            some("10"),
            some("10"),
            vec!["previous.max_changed"]
        )
    );
    assert_eq!(
        yoy.node("2.1").unwrap().notes[0].en,
        "the maximum changed from 10 (last year) to 20"
    );
    assert_eq!(strs(&yoy.total), (some("38"), some("40"), some("-2")));
}

#[test]
fn a_values_file_is_scored_with_this_years_set() {
    let (set, report) = this_year();
    let last = Previous::from_json(
        r#"{"format": "dti-score/values/v1", "year": 2024,
            "values": {"1.1": {"a": "3", "b": "10"}, "2.1": {"done": false}}}"#,
    )
    .unwrap();
    assert_eq!(last.source, Source::Values);
    let yoy = compare(&set, &report, &last);
    assert_eq!(yoy.basis, Basis::ThisYearsSet);
    assert_eq!(codes(&yoy.notes), ["previous.scored_with_this_set"]);
    let n = yoy.node("1.1").unwrap();
    assert_eq!(
        strs(&n.points),
        (Some("18".into()), Some("9".into()), Some("9".into()))
    );
    assert!(n.notes.is_empty());
    assert_eq!(
        strs(&yoy.total),
        (Some("38".into()), Some("9".into()), Some("29".into()))
    );
}

#[test]
fn a_submission_altered_after_signing_is_refused() {
    let text = last_years_submission().replace(r#""done": false"#, r#""done": true"#);
    let err = Previous::from_json(&text).unwrap_err();
    let key = review_unit_key("xa-a").public_key().fingerprint();
    assert_eq!(err.code(), "previous.signature_invalid");
    assert_eq!(
        err.message(dti_score::Lang::Vi),
        format!("chữ ký prepared_by của bản nộp năm trước không khớp với khóa {key}: tệp đã bị sửa sau khi ký")
    );
}

#[test]
fn other_files_are_refused_by_name() {
    let err = Previous::from_json(REVIEW_SET).unwrap_err();
    assert_eq!(
        err,
        PreviousError::WrongKind {
            found: "dti-score/indicator-set/v1".into()
        }
    );
    assert_eq!(
        err.message(dti_score::Lang::En),
        "last year's file is “dti-score/indicator-set/v1”, not a submission or a values file"
    );
    let err = Previous::from_json("{").unwrap_err();
    assert_eq!(err.code(), "previous.unreadable");
}

/// A folder with the set, this year's values (18 + 20 points) and last year's signed
/// submission, for the CLI: (folder, set, this year, last year).
fn cli_files(tag: &str) -> (PathBuf, PathBuf, PathBuf, PathBuf) {
    let dir = std::env::temp_dir().join(format!("dti-previous-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let set = dir.join("set.json");
    std::fs::write(&set, REVIEW_SET).unwrap();
    let now = dir.join("now.json");
    std::fs::write(
        &now,
        r#"{"year": 2025, "values": {"1.1": {"a": "6", "b": "10"}, "2.1": {"done": true}}}"#,
    )
    .unwrap();
    let last = dir.join("last.json");
    std::fs::write(&last, last_years_submission()).unwrap();
    (dir, set, now, last)
}

#[test]
fn the_cli_prints_last_years_points_and_the_change() {
    let (dir, set, now, last) = cli_files("table");
    let out = Command::new(env!("CARGO_BIN_EXE_dti-score"))
        .arg("score")
        .arg(&set)
        .arg(&now)
        .arg("--previous")
        .arg(&last)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    insta::assert_snapshot!(text);
    let out = Command::new(env!("CARGO_BIN_EXE_dti-score"))
        .args(["score", "--json", "--previous"])
        .arg(&last)
        .arg(&set)
        .arg(&now)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let yoy = &json["year_over_year"];
    assert_eq!(yoy["basis"], "signed");
    assert_eq!(
        yoy["total"],
        serde_json::json!({"this": "38", "last": "40", "change": "-2"})
    );
    assert_eq!(yoy["previous"]["year"], 2024);
    assert_eq!(yoy["nodes"][3]["notes"][0]["code"], "previous.max_changed");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// This year's checklist and choice set for the pre-fill tests: 1.1 a/b (linear), 1.2
/// items x and y, 1.3 options p and q; a context figure `dan_so`.
const PREFILL_SET: &str = r#"{
  "format": "dti-score/indicator-set/v1", "id": "prefill", "version": "2025",
  "title": { "vi": "Thử chuyển số liệu" }, "scale": "30",
  "context": [ { "id": "dan_so", "label": { "vi": "Dân số" }, "kind": "count" } ],
  "indicators": [
    { "code": "1", "title": { "vi": "Hạ tầng" }, "max": "30", "children": [
      { "code": "1.1", "title": { "vi": "Cáp quang" }, "max": "10",
        "inputs": [ { "id": "a", "label": { "vi": "Số hộ có cáp quang" }, "kind": "count" },
                    { "id": "b", "label": { "vi": "Tổng số hộ" }, "kind": "count" } ],
        "rule": { "kind": "linear", "ratio": "a/b" } },
      { "code": "1.2", "title": { "vi": "Ứng dụng" }, "max": "10",
        "rule": { "kind": "checklist", "items": [
          { "id": "x", "label": { "vi": "X" }, "fraction": "1/2" },
          { "id": "y", "label": { "vi": "Y" }, "fraction": "1/2" } ] } },
      { "code": "1.3", "title": { "vi": "Mức độ" }, "max": "10",
        "rule": { "kind": "choice", "options": [
          { "id": "p", "label": { "vi": "P" }, "fraction": "1" },
          { "id": "q", "label": { "vi": "Q" }, "fraction": "1/2" } ] } } ] }
  ]
}"#;

#[test]
fn a_new_draft_is_prefilled_with_what_this_years_set_still_asks() {
    let set = IndicatorSet::from_json(PREFILL_SET).unwrap();
    let last = Previous::from_json(
        r#"{"year": 2024, "unit": {"id": "xa-a"}, "context": {"dan_so": "12000"},
            "values": {
              "1.1": {"a": "45", "b": "60", "c": "7", "note": "VNPT", "evidence": [{"document": "12/BC-UBND"}]},
              "1.2": {"items": {"x": true, "y": false, "z": true}},
              "1.3": {"choice": "r"},
              "1.4": {"done": true}}}"#,
    )
    .unwrap();
    let p = prefill(&set, &last, Some(2025));
    assert_eq!(
        p.values.to_json_value(),
        serde_json::json!({
            "format": "dti-score/values/v1",
            "set": {"id": "prefill", "version": "2025"}, "year": 2025, "unit": {"id": "xa-a"},
            "context": {"dan_so": "12000"},
            "values": {"1.1": {"a": "45", "b": "60"}, "1.2": {"items": {"x": true, "y": false}}},
            "carried": ["/context/dan_so", "/values/1.1/a", "/values/1.1/b", "/values/1.2/items/x", "/values/1.2/items/y"]
        })
    );
    assert_eq!(
        p.notes.iter().map(|n| n.en.as_str()).collect::<Vec<_>>(),
        [
            "indicator 1.1: last year's “c” is not carried over, as this year's set no longer asks it",
            "indicator 1.2: last year's “items/z” is not carried over, as this year's set no longer asks it",
            "indicator 1.3: last year's “choice r” is not carried over, as this year's set no longer asks it",
            "last year's answers to indicator 1.4 are not carried over: this year's set does not have it",
        ]
    );
    // The pre-filled values read back as a values file, `carried` and all.
    let text = p.values.to_json_value().to_string();
    assert_eq!(Values::from_json(&text).unwrap(), p.values);
}

#[test]
fn signing_refuses_figures_carried_over_and_not_confirmed() {
    let set = IndicatorSet::from_json(REVIEW_SET).unwrap();
    let last = Previous::from_json(&last_years_submission()).unwrap();
    let mut p = prefill(&set, &last, Some(2025));
    assert_eq!(
        p.values.carried.iter().collect::<Vec<_>>(),
        ["/values/2.1/done"]
    );
    let sign = |values: &Values| {
        let input = dti_score::submission::SubmissionInput {
            set: &set,
            values,
            unit: None,
            year: None,
            created_at: "2025-11-20T08:00:00Z".into(),
        };
        dti_score::submission::build(&input, &review_unit_key("xa-a"), None)
    };
    let err = sign(&p.values).unwrap_err();
    assert_eq!(err.code(), "submission.not_confirmed");
    assert_eq!(
        err.message(dti_score::Lang::Vi),
        "chưa ký được: 1 số liệu lấy từ năm trước chưa được xác nhận (/values/2.1/done); hãy xác nhận hoặc sửa từng số liệu cho năm nay rồi ký"
    );
    // Confirmed (the unit keeps the answer): it signs, and the submission carries no `carried`.
    p.values.carried.clear();
    let s = sign(&p.values).unwrap();
    assert_eq!(
        s.values["values"],
        serde_json::json!({"2.1": {"done": true}})
    );
    assert!(s.values.get("carried").is_none());
}

#[test]
fn the_units_results_carry_last_years_points_and_the_change() {
    let (dir, set, now, last) = cli_files("csv");
    let csv = dir.join("out.csv");
    let out = Command::new(env!("CARGO_BIN_EXE_dti-score"))
        .args(["score", "--en", "--previous"])
        .arg(&last)
        .arg(&set)
        .arg(&now)
        .arg("--csv")
        .arg(&csv)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&csv).unwrap();
    let rows: Vec<Vec<&str>> = text
        .trim_start_matches('\u{feff}')
        .lines()
        .map(|l| {
            let cells: Vec<&str> = l.split(',').collect();
            let n = cells.len();
            vec![cells[0], cells[4], cells[n - 3], cells[n - 2]]
        })
        .collect();
    assert_eq!(
        rows,
        [
            vec![
                "Code",
                "Points",
                "Last year's points",
                "Change from last year"
            ],
            vec!["1", "18", "30", "-12"],
            vec!["1.1", "18", "", ""],
            vec!["2", "20", "10", "10"],
            vec!["2.1", "20", "10", "10"],
            vec!["", "38", "40", "-2"],
        ]
    );
    assert!(text.contains("new this year: not in last year's assessment"));
    assert!(text.contains("the maximum changed from 10 (last year) to 20"));
    std::fs::remove_dir_all(&dir).unwrap();
}
