//! The library functions behind the wasm exports (issue 13, item 3: thin edges), natively
//! and with exact values: the ranking of points lost, the status counts, the set as a
//! form, the values file inside a submission, the file formats, the signing slots, the
//! year bounds, the batch's histograms and file counts, the review session, the
//! appraisal-entry reader and the unlock flow. tests/wasm.rs and tests/wasm_review.rs
//! check the same through the exports in a browser.

use dti_score::aggregate::{AppraiseError, FileCounts, Session};
use dti_score::appraisal::{read_entries, EntryError, EntryForm};
use dti_score::formats::{classify, is_json_name, Classified, FileFormat};
use dti_score::set::{form, Answer};
use dti_score::sign::Slot;
use dti_score::sign::{unlock, unlock_as, Role, UnlockError, UnlockedKey};
use dti_score::Lang;
use dti_score::Message;
use dti_score::{score, IndicatorSet, ScoreOptions, Values};
use dti_score::{Appraisal, ExclusionVerdict};
use serde_json::{json, Value};

mod common;

/// The set of tests/wasm.rs: a ratio to a target, a checklist, yes/no and a choice.
const PAGE_SET: &str = r#"{
  "format": "dti-score/indicator-set/v1", "id": "wasm-test", "version": "1.0.0",
  "title": { "vi": "Bộ thử", "en": "Test set" }, "scale": "100",
  "indicators": [
    { "code": "1", "title": { "vi": "Hạ tầng số" }, "max": "60", "children": [
      { "code": "1.1", "title": { "vi": "Tỷ lệ hộ gia đình có cáp quang" }, "max": "20",
        "inputs": [ { "id": "a", "label": { "vi": "Số hộ có cáp quang" }, "kind": "count" },
                    { "id": "b", "label": { "vi": "Tổng số hộ" }, "kind": "count" } ],
        "rule": { "kind": "linear_to_target", "ratio": "a/b", "target": "80%" } },
      { "code": "1.2", "title": { "vi": "Mức độ ứng dụng AI" }, "max": "40",
        "rule": { "kind": "checklist", "items": [
          { "id": "1", "label": { "vi": "Cho CCVC" }, "fraction": "1/2" },
          { "id": "2", "label": { "vi": "Cho người dân" }, "fraction": "1/4" },
          { "id": "3", "label": { "vi": "Nâng cao" }, "fraction": "1/4" } ] } } ] },
    { "code": "2", "title": { "vi": "Nhân lực số" }, "max": "40", "children": [
      { "code": "2.1", "title": { "vi": "Đã ban hành kế hoạch" }, "max": "10", "rule": { "kind": "yes_no" } },
      { "code": "2.2", "title": { "vi": "Trưởng ban chỉ đạo" }, "max": "30",
        "rule": { "kind": "choice", "options": [
          { "id": "chair", "label": { "vi": "Chủ tịch" }, "fraction": "1" },
          { "id": "vice", "label": { "vi": "Phó Chủ tịch" }, "fraction": "1/2" } ] } } ] }
  ]
}"#;

fn page_set() -> IndicatorSet {
    IndicatorSet::from_json(PAGE_SET).unwrap()
}

fn page_report(values: Value) -> dti_score::Report {
    let values = Values::from_json(&json!({ "values": values }).to_string()).unwrap();
    score(&page_set(), &values, &ScoreOptions::default())
}

#[test]
fn losses_rank_the_leaves_that_lose_points_most_first_ties_in_set_order() {
    let report = page_report(json!({
        "1.1": { "a": "45", "b": "60" },
        "1.2": { "items": { "1": true, "2": false, "3": true } },
        "2.1": { "done": false },
        "2.2": { "choice": "vice" }
    }));
    // Lost: 2.2 15, 2.1 10, 1.2 10, 1.1 1.25 (1.2 before 2.1: the set's order).
    assert_eq!(report.losses(), ["2.2", "1.2", "2.1", "1.1"]);
    // Nothing lost: an empty ranking.
    let full = page_report(json!({
        "1.1": { "a": "60", "b": "60" },
        "1.2": { "items": { "1": true, "2": true, "3": true } },
        "2.1": { "done": true },
        "2.2": { "choice": "chair" }
    }));
    assert_eq!(full.losses(), Vec::<&str>::new());
}

#[test]
fn status_counts_count_the_leaves_the_page_shows() {
    let report = page_report(json!({
        "1.1": { "a": "45", "b": "60" },
        "2.1": { "done": true }
    }));
    assert_eq!(
        report.status_counts().into_iter().collect::<Vec<_>>(),
        [("missing", 2), ("ok", 2)]
    );
    let tally = report.status_tally();
    assert_eq!((tally.missing, tally.ok, tally.invalid), (2, 2, 0));
    assert_eq!(
        serde_json::to_value(tally).unwrap(),
        json!({ "missing": 2, "ok": 2 })
    );
}

fn path(parts: &[&str]) -> Vec<String> {
    parts.iter().map(|p| p.to_string()).collect()
}

#[test]
fn the_form_lists_each_leafs_answer_fields() {
    let set = page_set();
    let f = form(&set);
    assert_eq!(
        f.keys().copied().collect::<Vec<_>>(),
        ["1.1", "1.2", "2.1", "2.2"]
    );
    // Number inputs are fields of the form too, in the order they are answered.
    assert_eq!(
        f["1.1"],
        [
            Answer::Number {
                path: path(&["values", "1.1", "a"]),
                id: "a"
            },
            Answer::Number {
                path: path(&["values", "1.1", "b"]),
                id: "b"
            }
        ]
    );
    let Answer::Checklist { path: p, items } = &f["1.2"][0] else {
        panic!("{:?}", f["1.2"]);
    };
    assert_eq!(p, &path(&["values", "1.2", "items"]));
    assert_eq!(
        items.iter().map(|i| i.id.as_str()).collect::<Vec<_>>(),
        ["1", "2", "3"]
    );
    assert_eq!(
        f["2.1"],
        [Answer::YesNo {
            path: path(&["values", "2.1", "done"]),
            question: None
        }]
    );
    assert_eq!(
        serde_json::to_value(&f["2.2"]).unwrap(),
        json!([{ "field": "choice", "path": ["values", "2.2", "choice"], "options": [
            { "id": "chair", "label": { "vi": "Chủ tịch" }, "fraction": "1" },
            { "id": "vice", "label": { "vi": "Phó Chủ tịch" }, "fraction": "0.5" }
        ] }])
    );
}

#[test]
fn the_form_of_gates_manual_points_parts_and_exclusions() {
    let set = IndicatorSet::from_json(
        r#"{
      "format": "dti-score/indicator-set/v1", "id": "form", "version": "1",
      "title": { "vi": "Mẫu" }, "scale": "60", "excludable": true,
      "indicators": [
        { "code": "1", "title": { "vi": "Chuyên mục" }, "max": "10",
          "inputs": [ { "id": "a", "label": { "vi": "Số bài" }, "kind": "count" } ],
          "rule": { "kind": "tiers", "value": "a", "share": false,
            "gate": { "vi": "Có chuyên mục", "en": "Has a section" },
            "tiers": [ { "at_least": "20", "fraction": "1" }, { "at_least": "0", "fraction": "1/2" } ] } },
        { "code": "2", "title": { "vi": "Tự chấm" }, "max": "20", "rule": { "kind": "manual" } },
        { "code": "3", "title": { "vi": "Trung tâm dữ liệu" }, "max": "30",
          "inputs": [ { "id": "a", "label": { "vi": "Số hệ thống dùng đám mây" }, "kind": "count" },
                      { "id": "b", "label": { "vi": "Tổng số hệ thống" }, "kind": "count" } ],
          "rule": { "kind": "sum_of_parts", "parts": [
            { "id": "1", "label": { "vi": "Triển khai" }, "fraction": "1/2",
              "rule": { "kind": "yes_no", "question": { "vi": "Đã triển khai?" } } },
            { "id": "2", "label": { "vi": "Tự đánh giá" }, "fraction": "1/4", "rule": { "kind": "manual" } },
            { "id": "3", "label": { "vi": "Tỷ lệ" }, "fraction": "1/4", "rule": { "kind": "linear", "ratio": "a/b" } }
          ] } }
      ]
    }"#,
    )
    .unwrap();
    let f = form(&set);
    assert_eq!(
        serde_json::to_value(&f).unwrap(),
        json!({
            // The gate before the figure it governs.
            "1": [
                { "field": "yes_no", "path": ["values", "1", "gate"], "question": { "vi": "Có chuyên mục", "en": "Has a section" } },
                { "field": "number", "path": ["values", "1", "a"], "id": "a" },
                { "field": "excluded", "path": ["values", "1", "excluded"] }
            ],
            "2": [
                { "field": "points", "path": ["values", "2", "points"] },
                { "field": "justification", "path": ["values", "2", "justification"] },
                { "field": "excluded", "path": ["values", "2", "excluded"] }
            ],
            "3": [
                { "field": "part", "id": "1", "label": { "vi": "Triển khai" }, "fraction": "0.5", "fields": [
                    { "field": "yes_no", "path": ["values", "3", "parts", "1", "done"], "question": { "vi": "Đã triển khai?" } }
                ] },
                { "field": "part", "id": "2", "label": { "vi": "Tự đánh giá" }, "fraction": "0.25", "fields": [
                    { "field": "points", "path": ["values", "3", "parts", "2", "points"] },
                    { "field": "justification", "path": ["values", "3", "parts", "2", "justification"] }
                ] },
                // A part holds the inputs its rule uses.
                { "field": "part", "id": "3", "label": { "vi": "Tỷ lệ" }, "fraction": "0.25", "fields": [
                    { "field": "number", "path": ["values", "3", "a"], "id": "a" },
                    { "field": "number", "path": ["values", "3", "b"], "id": "b" }
                ] },
                { "field": "excluded", "path": ["values", "3", "excluded"] }
            ]
        })
    );
    // A set without maxima takes the attainment (0–100%) instead of points.
    let draft = IndicatorSet::from_json(
        r#"{"format": "dti-score/indicator-set/v1", "id": "t", "version": "1", "title": {"vi": "T"},
            "draft": true,
            "indicators": [{"code": "1", "title": {"vi": "Có"}, "rule": {"kind": "manual"}}]}"#,
    )
    .unwrap();
    assert_eq!(
        form(&draft)["1"],
        [
            Answer::Attainment {
                path: path(&["values", "1", "attainment"])
            },
            Answer::Justification {
                path: path(&["values", "1", "justification"])
            }
        ]
    );
}

fn example(name: &str) -> String {
    std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("docs/examples/submission")
            .join(name),
    )
    .unwrap()
}

#[test]
fn the_values_file_inside_a_submission_is_the_one_signed() {
    let submission: dti_score::submission::Submission =
        serde_json::from_str(&example("submission.json")).unwrap();
    let file = submission.values_file();
    assert_eq!(
        file,
        json!({
            "format": "dti-score/values/v1",
            "set": { "id": submission.set.id, "version": submission.set.version },
            "year": 2025,
            "unit": { "id": "xa-tan-hoa", "name": "Xã Tân Hòa", "level": "commune", "province": "vinh-long" },
            "context": {},
            "values": submission.values["values"]
        })
    );
    // The same values as the file that was signed (which names no set).
    let mut signed = Values::from_json(&example("values.json")).unwrap();
    let read = Values::from_value(&file).unwrap();
    assert_eq!(
        read.set.as_ref().map(|s| s.id.as_str()),
        Some(submission.set.id.as_str())
    );
    signed.set = read.set.clone();
    assert_eq!(read, signed);
}

#[test]
fn a_period_other_than_the_year_goes_back_into_the_values_file() {
    let set = IndicatorSet::from_json(common::TINY_SET).unwrap();
    let values = Values::from_json(
        r#"{"year": 2025, "period": "2025-Q4", "unit": {"id": "xa-a", "name": "Xã A"},
            "context_typed": {}, "values": {"2": {"done": true}}}"#,
    )
    .unwrap();
    let key = UnlockedKey::from_secret(&[5; 32], "xa-a", "Cán bộ", Role::Preparer);
    let sub = common::signed(&set, &values, &key);
    let file = sub.values_file();
    assert_eq!(file["period"], json!("2025-Q4"));
    assert_eq!(file["year"], json!(2025));
    assert_eq!(file["values"], json!({ "2": { "done": true } }));
    let read = Values::from_value(&file).unwrap();
    assert_eq!(read.period.as_deref(), Some("2025-Q4"));
    assert_eq!(read.values, values.values);
}

#[test]
fn files_are_told_apart_by_their_format_member() {
    let format = |format| Classified::Format { format };
    let cases = [
        ("dti-score/values/v1", format(FileFormat::Values)),
        ("dti-score/submission/v1", format(FileFormat::Submission)),
        // Another version of a submission is still one: its verdict says why it is refused.
        ("dti-score/submission/v2", format(FileFormat::Submission)),
        ("dti-score/values/v2", Classified::Unknown),
        ("dti-score/indicator-set/v1", format(FileFormat::Set)),
        ("dti-score/key/v1", format(FileFormat::KeyFile)),
        ("dti-score/keys/v1", format(FileFormat::Registry)),
        ("dti-score/targets/v1", format(FileFormat::Targets)),
        ("dti-score/appraisal/v1", format(FileFormat::Appraisal)),
        ("dti-score/key-enrolment/v1", format(FileFormat::Enrolment)),
    ];
    for (member, expected) in cases {
        let text = json!({ "format": member }).to_string();
        assert_eq!(classify(&text), expected, "{text}");
    }
    let other = [
        (r#"{"format": 1}"#, Classified::Unknown),
        (r#"{"values": {}}"#, Classified::Unknown),
        ("null", Classified::Unknown),
        ("[]", Classified::Unknown),
        ("{", Classified::NotJson),
        ("", Classified::NotJson),
    ];
    for (text, expected) in other {
        assert_eq!(classify(text), expected, "{text}");
    }
    // The names the page's classifyFile returns.
    let names: Vec<&str> = [
        r#"{"format": "dti-score/values/v1"}"#,
        r#"{"format": "dti-score/submission/v1"}"#,
        r#"{"format": "dti-score/key/v1"}"#,
        "{}",
        "{",
    ]
    .into_iter()
    .map(|t| classify(t).name())
    .collect();
    assert_eq!(
        names,
        ["values", "submission", "key_file", "unknown", "not_json"]
    );
    assert_eq!(
        serde_json::to_value(classify(r#"{"format": "dti-score/values/v1"}"#)).unwrap(),
        json!({ "kind": "format", "format": "values" })
    );
    assert_eq!(
        serde_json::to_value(Classified::NotJson).unwrap(),
        json!({ "kind": "not_json" })
    );
    for (name, read) in [
        ("a.json", true),
        ("nop/B.JSON", true),
        ("x.json.txt", false),
        ("json", false),
        (".json", true),
    ] {
        assert_eq!(is_json_name(name), read, "{name}");
    }
}

#[test]
fn the_signing_slots_and_their_roles() {
    let slots: Vec<(&str, Role, bool)> = Slot::ALL
        .into_iter()
        .map(|s| (s.as_str(), s.role(), s.required()))
        .collect();
    assert_eq!(
        slots,
        [
            ("prepared_by", Role::Preparer, true),
            ("approved_by", Role::Approver, false)
        ]
    );
}

#[test]
fn the_years_a_values_file_may_be_for() {
    assert_eq!(dti_score::formats::YEARS, 1900..=2200);
    for (year, ok) in [(1899, false), (1900, true), (2200, true), (2201, false)] {
        let read = Values::from_json(&format!(r#"{{"year": {year}, "values": {{}}}}"#));
        assert_eq!(read.is_ok(), ok, "{year}");
    }
}

// ---- the review session ------------------------------------------------------------

use common::REVIEW_SET;

const PASSPHRASE: &str = "mật khẩu hội đồng";

fn unit_key(id: &str) -> UnlockedKey {
    common::review_unit_key(id)
}

fn submission(id: &str, name: &str, a: &str, done: bool) -> Vec<u8> {
    common::review_submission(id, name, a, done, 2025)
}

/// xa-1: 15 + 20 = 35; xa-2: 30 + 0 = 30; xa-3: 6 + 20 = 26; and a text file; ranked
/// without a registry, every row marked unproven.
fn session() -> Session {
    let mut s = Session::new(IndicatorSet::from_json(REVIEW_SET).unwrap());
    s.set_trust(false, true);
    s.add_file(
        "nop/xa-3.json".into(),
        submission("xa-3", "Xã Ba", "2", true),
    );
    s.add_file(
        "nop/xa-1.json".into(),
        submission("xa-1", "Xã Một", "5", true),
    );
    s.add_file("nop/ghi-chu.txt".into(), Vec::new());
    s.add_file(
        "nop/xa-2.json".into(),
        submission("xa-2", "Xã Hai", "10", false),
    );
    s
}

fn reviewer() -> UnlockedKey {
    UnlockedKey::from_secret(&[9; 32], "hoi-dong", "Lê Thị Cúc", Role::Reviewer)
}

/// Appraises `unit` in the session with the reviewer's key, entries typed in Vietnamese.
fn appraise(
    s: &mut Session,
    unit: &str,
    entries: &str,
) -> Result<dti_score::aggregate::Appraised, AppraiseError> {
    s.appraise(
        unit,
        entries,
        Lang::Vi,
        &reviewer(),
        "2025-12-01T09:00:00Z".into(),
    )
}

#[test]
fn a_session_runs_to_the_counts_and_the_histograms() {
    let mut s = session();
    assert_eq!(s.file_count(), 4);
    assert_eq!(s.csv(Lang::Vi), "");
    assert!(s.tables(Lang::Vi).is_empty());
    assert!(s.view(Lang::Vi).is_none());
    let view = serde_json::to_value(s.run(Lang::Vi)).unwrap();
    let files: Vec<(&str, &Value)> = view["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["file"].as_str().unwrap(), &f["code"]))
        .collect();
    assert_eq!(
        files,
        [
            ("nop/ghi-chu.txt", &json!("not_json")),
            ("nop/xa-1.json", &Value::Null),
            ("nop/xa-2.json", &Value::Null),
            ("nop/xa-3.json", &Value::Null)
        ]
    );
    assert_eq!(view["counts"], json!({ "rejected": 1, "signed": 3 }));
    assert_eq!(view["refused"], Value::Null);
    assert_eq!(
        view["units"],
        json!([
            { "id": "xa-1", "name": "Xã Một", "appraisable": true, "appraised": false },
            { "id": "xa-2", "name": "Xã Hai", "appraisable": true, "appraised": false },
            { "id": "xa-3", "name": "Xã Ba", "appraisable": true, "appraised": false }
        ])
    );
    // Pillar 1 (max 30): 15 in the sixth tenth, 30 in the last, 6 in the third; pillar 2
    // (max 20): 20, 0, 20.
    assert_eq!(
        view["charts"][0]["bins"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b["count"].as_u64().unwrap())
            .collect::<Vec<_>>(),
        [0, 0, 1, 0, 0, 1, 0, 0, 0, 1]
    );
    assert_eq!(
        view["charts"][0]["bins"][2],
        json!({ "from": "6", "to": "9", "count": 1, "height": "100", "top": "0" })
    );
    assert_eq!(
        view["charts"][1],
        json!({ "id": "2", "code": "2", "title": { "vi": "Kinh tế số" }, "max": "20", "without": 0, "bins": [
            { "from": "0", "to": "2", "count": 1, "height": "50", "top": "50" },
            { "from": "2", "to": "4", "count": 0, "height": "0", "top": "100" },
            { "from": "4", "to": "6", "count": 0, "height": "0", "top": "100" },
            { "from": "6", "to": "8", "count": 0, "height": "0", "top": "100" },
            { "from": "8", "to": "10", "count": 0, "height": "0", "top": "100" },
            { "from": "10", "to": "12", "count": 0, "height": "0", "top": "100" },
            { "from": "12", "to": "14", "count": 0, "height": "0", "top": "100" },
            { "from": "14", "to": "16", "count": 0, "height": "0", "top": "100" },
            { "from": "16", "to": "18", "count": 0, "height": "0", "top": "100" },
            { "from": "18", "to": "20", "count": 2, "height": "100", "top": "0" }
        ] })
    );
    assert_eq!(
        s.csv(Lang::Vi),
        "\u{feff}Mã đơn vị,Tên đơn vị,Năm,Tổng điểm tự đánh giá,Hạng,1. Hạ tầng số,2. Kinh tế số,Người ký\r\n\
         xa-1,Xã Một,2025,35,1,15,20,CHƯA XÁC NHẬN\r\nxa-2,Xã Hai,2025,30,2,30,0,CHƯA XÁC NHẬN\r\nxa-3,Xã Ba,2025,26,3,6,20,CHƯA XÁC NHẬN\r\n"
    );
    // English (`--en`, the page's English mode): the headers and words only; the set
    // has no English titles, so the main indicators keep their Vietnamese ones.
    assert_eq!(
        s.csv(Lang::En),
        "\u{feff}Unit ID,Unit name,Year,Self-assessed total,Rank,1. Hạ tầng số,2. Kinh tế số,Signers\r\n\
         xa-1,Xã Một,2025,35,1,15,20,UNPROVEN\r\nxa-2,Xã Hai,2025,30,2,30,0,UNPROVEN\r\nxa-3,Xã Ba,2025,26,3,6,20,UNPROVEN\r\n"
    );
    let names = |lang| {
        s.tables(lang)
            .iter()
            .map(|t| t.name.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        names(Lang::Vi),
        [
            "Xếp hạng",
            "Phân bố điểm",
            "Nguy cơ mất điểm",
            "Tệp",
            "Số liệu mâu thuẫn"
        ]
    );
    assert_eq!(
        names(Lang::En),
        ["Ranking", "Distribution", "At risk", "Files", "Conflicts"]
    );
    // A file of the folder not named .json is listed, not read; an empty or cut-short
    // .json file is explained in Vietnamese, not in the parser's English.
    assert_eq!(
        (&view["files"][0]["vi"], &view["files"][0]["en"]),
        (
            &json!("không phải tệp .json nên không đọc"),
            &json!("not a .json file: not read")
        )
    );
    let mut broken = Session::new(IndicatorSet::from_json(REVIEW_SET).unwrap());
    broken.set_trust(false, true);
    broken.add_file("a/rong.json".into(), Vec::new());
    broken.add_file("a/cat.json".into(), b"{\"format\": \"dti".to_vec());
    broken.add_file("a/sai.json".into(), b"{x}".to_vec());
    let words: Vec<(String, String)> = broken
        .run(Lang::Vi)
        .files
        .iter()
        .map(|f| (f.vi.clone().unwrap(), f.en.clone().unwrap()))
        .collect();
    assert_eq!(
        words,
        [
            (
                "không phải JSON: tệp kết thúc giữa chừng (bị cắt cụt?) tại dòng 1, cột 15".into(),
                "not JSON: EOF while parsing a string at line 1 column 15".into()
            ),
            (
                "tệp rỗng, không phải JSON".into(),
                "not JSON: the file is empty".into()
            ),
            (
                "không phải JSON: sai cú pháp (tệp hỏng hoặc không phải JSON) tại dòng 1, cột 2"
                    .into(),
                "not JSON: key must be a string at line 1 column 2".into()
            ),
        ]
    );
    // The views again in English, without a run: the same cells, worded in English.
    let en = serde_json::to_value(s.view(Lang::En).unwrap()).unwrap();
    assert_eq!(en["ranking"]["keys"], view["ranking"]["keys"]);
    let keys: Vec<&str> = en["ranking"]["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k.as_str().unwrap())
        .collect();
    assert_eq!(
        keys.join(" "),
        "unit_id unit_name year total rank 1 2 signers"
    );
    assert_eq!(
        en["ranking"]["rows"][0],
        json!(["xa-1", "Xã Một", 2025, "35", 1, "15", "20", "UNPROVEN"])
    );
    assert_eq!(
        en["files"][0],
        json!({ "file": "nop/ghi-chu.txt", "kind": "other", "unit": null, "period": null,
            "accepted": false, "code": "not_json",
            "vi": view["files"][0]["vi"], "en": view["files"][0]["en"] })
    );
}

#[test]
fn intake_counts_every_kind() {
    let mut s = session();
    s.set_trust(true, true);
    s.add_file(
        "b/xa-4.json".into(),
        br#"{"year": 2025, "unit": {"id": "xa-4"}, "values": {"2.1": {"done": true}}}"#.to_vec(),
    );
    s.run(Lang::Vi);
    let counts = serde_json::to_value(s.run(Lang::Vi).counts).unwrap();
    assert_eq!(counts, json!({ "rejected": 1, "signed": 3, "unsigned": 1 }));
    assert_eq!(
        FileCounts::default(),
        FileCounts {
            appraisals: 0,
            other: 0,
            rejected: 0,
            signed: 0,
            unsigned: 0
        }
    );
    assert_eq!(
        serde_json::to_value(FileCounts::default()).unwrap(),
        json!({})
    );
}

#[test]
fn without_a_proven_registry_a_session_ranks_nothing() {
    let mut s = session();
    s.set_trust(false, false);
    let view = serde_json::to_value(s.run(Lang::Vi)).unwrap();
    assert_eq!(
        view["refused"]["en"],
        json!("Not ranked: the signers are not proven. Choose the key registry (keys.json) signed by the province, or turn on “Rank with unproven signers”.")
    );
    assert_eq!(view["ranking"]["rows"], json!([]));
    assert_eq!(view["proven"], json!(false));
}

#[test]
fn a_session_verified_in_steps_runs_to_the_views_of_one_run() {
    // The review page verifies a few files at a time to show its progress; the run
    // that follows verifies nothing more and gives the same views.
    let mut stepped = session();
    assert_eq!(stepped.verify_next(3), 1);
    assert_eq!(stepped.verify_next(3), 0);
    assert_eq!(stepped.verify_next(3), 0);
    let mut whole = session();
    assert_eq!(
        serde_json::to_value(stepped.run(Lang::Vi)).unwrap(),
        serde_json::to_value(whole.run(Lang::Vi)).unwrap()
    );
    // A file added later is the only one left to verify.
    stepped.add_file("nop/xa-9.json".into(), b"{".to_vec());
    assert_eq!(stepped.verify_next(0), 1);
    assert_eq!(stepped.verify_next(10), 0);
}

#[test]
fn files_of_one_name_are_verified_each_by_its_own_bytes() {
    // Two files named alike, one of them altered after signing: each keeps its own
    // verdict, on every run.
    let mut s = Session::new(IndicatorSet::from_json(REVIEW_SET).unwrap());
    s.set_trust(false, true);
    let good = submission("xa-1", "Xã Một", "5", true);
    let altered = String::from_utf8(good.clone())
        .unwrap()
        .replace("Xã Một", "Xã Mốt");
    s.add_file("xa-1.json".into(), good);
    s.add_file("xa-1.json".into(), altered.into_bytes());
    let first = serde_json::to_value(s.run(Lang::Vi)).unwrap();
    let second = serde_json::to_value(s.run(Lang::Vi)).unwrap();
    assert_eq!(first, second);
    let verdicts: Vec<(bool, &Value)> = first["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["accepted"] == json!(true), &f["code"]))
        .collect();
    assert_eq!(
        verdicts,
        [(true, &Value::Null), (false, &json!("verification"))]
    );
}

#[test]
fn a_session_signs_an_appraisal_adds_it_and_ranks_by_achieved_points() {
    let mut s = session();
    // Before a run, no unit has a signed submission.
    assert_eq!(
        appraise(&mut s, "xa-1", "{}"),
        Err(AppraiseError::NoSignedSubmission {
            unit: "xa-1".into()
        })
    );
    s.run(Lang::Vi);
    let unit = serde_json::to_value(s.unit("xa-1").unwrap()).unwrap();
    assert_eq!(unit["submission"], json!("nop/xa-1.json"));
    assert_eq!(unit["unit"], json!({ "id": "xa-1", "name": "Xã Một" }));
    assert_eq!(unit["total"], json!("35"));
    assert_eq!(
        unit["indicators"][0],
        json!({ "id": "1.1", "code": "1.1", "title": { "vi": "Tỷ lệ hộ có cáp quang" },
            "points": "15", "max": "30", "status": "ok", "achieved": "15", "appraisal": null })
    );
    assert!(s.unit("xa-9").is_none());

    let err = appraise(
        &mut s,
        "xa-1",
        r#"{"1.1": {"points": "12.5", "reason": "x"}}"#,
    )
    .unwrap_err();
    assert_eq!(
        err.bilingual().en,
        "1.1: “12.5”: in Vietnamese figures, the point only separates thousands (1.234); use a comma for decimals: 12,5 — or 125?"
    );
    assert_eq!(
        appraise(&mut s, "xa-1", r#"{"2.1": {"points": " ", "reason": ""}}"#),
        Err(AppraiseError::NoEntries)
    );
    let err = appraise(
        &mut s,
        "xa-1",
        r#"{"1.1": {"points": "40", "reason": "x"}}"#,
    )
    .unwrap_err();
    assert_eq!(
        err.bilingual().en,
        "1.1: appraised points “40” outside 0 to 30"
    );
    assert_eq!(s.file_count(), 4);

    let done = appraise(&mut s, "xa-1", r#"{"1.1": {"points": "12,5", "reason": "Thiếu minh chứng"}, "2.1": {"points": "", "reason": ""}}"#)
        .unwrap();
    assert_eq!(done.file_name, "appraisal-xa-1-20251201090000.json");
    assert_eq!(done.count, 1);
    let record: Value = serde_json::from_str(&done.text).unwrap();
    assert_eq!(
        record["appraisals"],
        json!({ "1.1": { "points": "12.5", "reason": "Thiếu minh chứng" } })
    );
    assert_eq!(s.file_count(), 5);
    let view = serde_json::to_value(s.run(Lang::Vi)).unwrap();
    assert_eq!(
        view["counts"],
        json!({ "appraisals": 1, "rejected": 1, "signed": 3 })
    );
    assert_eq!(view["units"][0]["appraised"], json!(true));
    assert_eq!(
        s.csv(Lang::En),
        "\u{feff}Unit ID,Unit name,Year,Self-assessed total,Rank,1. Hạ tầng số,2. Kinh tế số,Achieved,Signers\r\n\
         xa-1,Xã Một,2025,35,1,12.5,20,32.5,UNPROVEN\r\nxa-2,Xã Hai,2025,30,2,30,0,30,UNPROVEN\r\nxa-3,Xã Ba,2025,26,3,6,20,26,UNPROVEN\r\n"
    );
    // The run kept the submissions' verdicts: a fresh session of the same files agrees.
    let mut fresh = session();
    fresh.add_file(done.file_name.clone(), done.text.into_bytes());
    let fresh_view = serde_json::to_value(fresh.run(Lang::Vi)).unwrap();
    assert_eq!(view, fresh_view);
    // Clearing the files drops the run.
    s.clear_files();
    assert_eq!(s.file_count(), 0);
    assert_eq!(s.csv(Lang::Vi), "");
    assert!(s.unit("xa-1").is_none());
}

#[test]
fn a_session_reports_bad_optional_files() {
    let mut s = Session::new(IndicatorSet::from_json(REVIEW_SET).unwrap());
    assert_eq!(
        s.set_previous("unit_id,total\r\n\"xa-1,35\r\n")
            .unwrap_err()
            .to_string(),
        "a quoted field opened on line 2 is never closed"
    );
    assert_eq!(s.set_previous(""), Ok(()));
    assert!(s.set_keys("{}").is_err());
    assert_eq!(s.set_keys(" "), Ok(None));
    let province = UnlockedKey::from_secret(&[70; 32], "tinh-thu", "Sở thử", Role::Province);
    let registry = common::signed_registry(
        &[("xa-1", unit_key("xa-1").public_key(), Role::Preparer)],
        &province,
    );
    // Signed but no province key pinned: refused unless unregistered keys are allowed.
    assert!(s.set_keys(&registry).is_err());
    s.set_province_key(&province.public_key().fingerprint().to_lowercase());
    assert_eq!(s.set_keys(&registry), Ok(Some(true)));
    assert_eq!(s.set_targets(""), Ok(()));
    let err = s.set_targets("{").unwrap_err();
    assert_eq!(err.0[0].pointer, "");
}

// ---- the appraisal-entry reader -----------------------------------------------------

fn entry(points: &str, reason: &str, exclusion: Option<ExclusionVerdict>) -> Appraisal {
    Appraisal {
        points: points.parse().unwrap(),
        reason: reason.into(),
        exclusion,
    }
}

#[test]
fn the_page_form_reads_points_as_typed_and_leaves_empty_entries_out() {
    let read = read_entries(
        r#"{"1.1": {"points": "12,50", "reason": "  Thiếu minh chứng "},
            "1.2": {"points": "", "reason": "không"},
            "1.3": {"points": "", "reason": "Không áp dụng được", "exclusion": "accepted"},
            "1.4": {"points": "1.234", "reason": "x", "exclusion": "rejected"}}"#,
        EntryForm::Typed(Lang::Vi),
    )
    .unwrap();
    assert_eq!(
        read.into_iter().collect::<Vec<_>>(),
        [
            ("1.1".to_string(), entry("12.5", "Thiếu minh chứng", None)),
            (
                "1.3".to_string(),
                entry("0", "Không áp dụng được", Some(ExclusionVerdict::Accepted))
            ),
            (
                "1.4".to_string(),
                entry("1234", "x", Some(ExclusionVerdict::Rejected))
            ),
        ]
    );
    let en = read_entries(
        r#"{"1.1": {"points": "12.5", "reason": "x"}}"#,
        EntryForm::Typed(Lang::En),
    )
    .unwrap();
    assert_eq!(en["1.1"], entry("12.5", "x", None));
    let err = read_entries(
        r#"{"1.1": {"points": "mười", "reason": "x"}}"#,
        EntryForm::Typed(Lang::Vi),
    )
    .unwrap_err();
    assert!(
        matches!(&err, EntryError::Points { id, .. } if id == "1.1"),
        "{err:?}"
    );
    let err = read_entries("[]", EntryForm::Typed(Lang::Vi)).unwrap_err();
    assert_eq!(err.code(), "appraisal_entries.form");
    assert_eq!(
        err.bilingual().vi,
        "Dữ liệu thẩm định không đọc được: invalid type: sequence, expected a map at line 1 column 0"
    );
}

#[test]
fn the_scores_file_is_strict_json_with_decimal_strings() {
    let read = read_entries(
        r#"{"1.2": {"points": "30", "reason": "Đủ minh chứng"}, "1.1": {"points": "0.50", "reason": " x "}}"#,
        EntryForm::File,
    )
    .unwrap();
    // Kept as written: nothing trimmed, nothing left out.
    assert_eq!(read["1.1"].points.to_string(), "0.50");
    assert_eq!(read["1.1"].reason, " x ");
    assert_eq!(read["1.2"], entry("30", "Đủ minh chứng", None));
    let number =
        read_entries(r#"{"1.2": {"points": 30, "reason": "x"}}"#, EntryForm::File).unwrap_err();
    assert_eq!(number.code(), "appraisal_entries.json");
    let repeated = read_entries(
        r#"{"1.2": {"points": "1", "reason": "x"}, "1.2": {"points": "2", "reason": "x"}}"#,
        EntryForm::File,
    )
    .unwrap_err();
    assert_eq!(repeated.code(), "appraisal_entries.json");
    let shape =
        read_entries(r#"{"1.2": {"points": "", "reason": "x"}}"#, EntryForm::File).unwrap_err();
    assert_eq!(shape.code(), "appraisal_entries.shape");
    assert!(
        shape
            .to_string()
            .starts_with("expected {\"<indicator>\": {\"points\": \"12.5\", \"reason\": \"…\"}}: "),
        "{shape}"
    );
}

// ---- the unlock flow ------------------------------------------------------------------

fn key_file(role: Role) -> String {
    common::council_key_file(role, PASSPHRASE)
}

#[test]
fn a_key_unlocks_with_its_passphrase_and_of_the_role_required() {
    let text = key_file(Role::Reviewer);
    let unlocked = unlock(&text, PASSPHRASE).unwrap();
    assert_eq!(unlocked.file.name(), "Lê Thị Cúc");
    assert_eq!(unlocked.key.public_key(), reviewer().public_key());
    assert!(unlock(&text, "sai mật khẩu").is_err());
    assert!(unlock("{", PASSPHRASE).is_err());
    let as_reviewer = unlock_as(&text, PASSPHRASE, Role::Reviewer).unwrap();
    assert_eq!(as_reviewer.key.role(), Role::Reviewer);
    assert!(matches!(
        unlock_as(&text, "sai mật khẩu", Role::Reviewer),
        Err(UnlockError::Key(_))
    ));
    // The role is checked before the passphrase.
    assert_eq!(
        unlock_as(&key_file(Role::Preparer), "sai mật khẩu", Role::Reviewer).err(),
        Some(UnlockError::Role {
            found: Role::Preparer,
            required: Role::Reviewer
        })
    );
}
