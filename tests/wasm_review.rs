//! The review page's wasm exports (`src/wasm_review.rs`, feature `wasm-review`) in a
//! real browser: headless Chromium and headless Firefox through
//! `wasm-bindgen-test-runner` (scripts/test.sh runs both).
//!
//! A batch of three signed communes and a file that is not JSON goes through
//! `openReview` → `addFile` → `run`, and the verdicts, the CSV, the charts, the XLSX and
//! a signed appraisal are checked exactly.
#![cfg(all(target_arch = "wasm32", feature = "wasm-review"))]

use dti_score::sign::{Role, UnlockedKey};
use dti_score::wasm::{open_review, unlock_reviewer_key, EvidenceCheck, ReviewBatch, ReviewerKey};
use serde_json::{json, Value};
use wasm_bindgen::convert::TryFromJsValue;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

mod common;

wasm_bindgen_test_configure!(run_in_browser);

use common::REVIEW_SET as SET;

const PASSPHRASE: &str = "mật khẩu hội đồng";

fn data(v: &JsValue) -> Value {
    serde_wasm_bindgen::from_value(v.clone()).expect("plain data")
}

fn field(v: &JsValue, name: &str) -> JsValue {
    js_sys::Reflect::get(v, &JsValue::from_str(name)).expect("has the field")
}

fn opened() -> ReviewBatch {
    let out = open_review(SET).expect("no failure");
    ReviewBatch::try_from_js_value(field(&out, "batch")).expect("a ReviewBatch")
}

/// Commune `id` with `a` of 10 households on fibre and 2.1 `done`, signed by its key.
fn submission(id: &str, name: &str, a: &str, done: bool) -> Vec<u8> {
    submission_of(id, name, a, done, 2025)
}

fn unit_key(id: &str) -> UnlockedKey {
    common::review_unit_key(id)
}

fn province() -> UnlockedKey {
    UnlockedKey::from_secret(&[70; 32], "tinh-thu", "Sở thử", Role::Province)
}

/// keys.json of xa-1, xa-2 and xa-3, signed by `by`.
fn registry(by: &UnlockedKey) -> String {
    let keys: Vec<(&str, _, Role)> = ["xa-1", "xa-2", "xa-3"]
        .into_iter()
        .map(|id| (id, unit_key(id).public_key(), Role::Preparer))
        .collect();
    common::signed_registry(&keys, by)
}

fn submission_of(id: &str, name: &str, a: &str, done: bool, year: i32) -> Vec<u8> {
    common::review_submission(id, name, a, done, year)
}

/// xa-1: 15 + 20 = 35; xa-2: 30 + 0 = 30; xa-3: 6 + 20 = 26; and a text file. No
/// registry: ranked with every row marked unproven (the page's switch).
fn batch() -> ReviewBatch {
    let mut b = opened();
    b.set_trust(false, true);
    b.add_file(
        "nop/xa-3.json".into(),
        submission("xa-3", "Xã Ba", "2", true),
    );
    b.add_file(
        "nop/xa-1.json".into(),
        submission("xa-1", "Xã Một", "5", true),
    );
    b.add_file("nop/ghi-chu.txt".into(), Vec::new());
    b.add_file(
        "nop/xa-2.json".into(),
        submission("xa-2", "Xã Hai", "10", false),
    );
    b
}

fn key_file(role: Role) -> String {
    common::council_key_file(role, PASSPHRASE)
}

#[wasm_bindgen_test]
fn an_invalid_set_comes_back_as_findings() {
    let out = data(&open_review(r#"{"format": "dti-score/indicator-set/v1"}"#).unwrap());
    assert_eq!(out["ok"], json!(false));
    assert!(!out["errors"].as_array().unwrap().is_empty());
    let out = data(&open_review(SET).unwrap());
    assert_eq!(out["set"]["id"], json!("review-wasm"));
    let nodes: Vec<(String, bool, bool)> = out["set"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["id"].as_str().unwrap().to_string(),
                n["scored"] == json!(true),
                n["main"] == json!(true),
            )
        })
        .collect();
    assert_eq!(
        nodes,
        [
            ("1".into(), false, true),
            ("1.1".into(), true, false),
            ("2".into(), false, true),
            ("2.1".into(), true, false)
        ]
    );
}

#[wasm_bindgen_test]
fn a_batch_runs_to_verdicts_the_ranking_csv_and_charts() {
    let mut b = batch();
    assert_eq!(b.file_count(), 4);
    assert_eq!(b.csv("vi"), "");
    assert_eq!(b.view("en").unwrap(), "null");
    // The worker verifies group by group for its progress bar; the run does the rest.
    assert_eq!(b.verify_next(3), 1);
    let view: Value = serde_json::from_str(&b.run("vi").unwrap()).unwrap();
    let files: Vec<(String, bool, Value)> = view["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["file"].as_str().unwrap().to_string(),
                f["accepted"] == json!(true),
                f["code"].clone(),
            )
        })
        .collect();
    assert_eq!(
        files,
        [
            ("nop/ghi-chu.txt".into(), false, json!("not_json")),
            ("nop/xa-1.json".into(), true, Value::Null),
            ("nop/xa-2.json".into(), true, Value::Null),
            ("nop/xa-3.json".into(), true, Value::Null),
        ]
    );
    assert_eq!(
        view["files"][0]["vi"],
        json!("không phải tệp .json nên không đọc")
    );
    assert_eq!(view["counts"], json!({ "rejected": 1, "signed": 3 }));
    assert_eq!(view["files"][0]["en"], json!("not a .json file: not read"));
    assert_eq!(
        b.csv("vi"),
        "\u{feff}Mã đơn vị,Tên đơn vị,Năm,Tổng điểm tự đánh giá,Hạng,1. Hạ tầng số,2. Kinh tế số,Người ký\r\n\
         xa-1,Xã Một,2025,35,1,15,20,CHƯA XÁC NHẬN\r\nxa-2,Xã Hai,2025,30,2,30,0,CHƯA XÁC NHẬN\r\nxa-3,Xã Ba,2025,26,3,6,20,CHƯA XÁC NHẬN\r\n"
    );
    assert_eq!(
        b.csv("en"),
        "\u{feff}Unit ID,Unit name,Year,Self-assessed total,Rank,1. Hạ tầng số,2. Kinh tế số,Signers\r\n\
         xa-1,Xã Một,2025,35,1,15,20,UNPROVEN\r\nxa-2,Xã Hai,2025,30,2,30,0,UNPROVEN\r\nxa-3,Xã Ba,2025,26,3,6,20,UNPROVEN\r\n"
    );
    assert_eq!(
        view["ranking"]["rows"][0],
        json!(["xa-1", "Xã Một", 2025, "35", 1, "15", "20", "CHƯA XÁC NHẬN"])
    );
    let en: Value = serde_json::from_str(&b.view("en").unwrap()).unwrap();
    assert_eq!(
        en["ranking"]["rows"][0],
        json!(["xa-1", "Xã Một", 2025, "35", 1, "15", "20", "UNPROVEN"])
    );
    assert_eq!(en["ranking"]["keys"], view["ranking"]["keys"]);
    // Pillar 1 (max 30): 15 in the sixth tenth, 30 in the last, 6 in the third.
    let chart = &view["charts"][0];
    assert_eq!(chart["id"], json!("1"));
    let counts: Vec<u64> = chart["bins"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["count"].as_u64().unwrap())
        .collect();
    assert_eq!(counts, [0, 0, 1, 0, 0, 1, 0, 0, 0, 1]);
    assert_eq!(
        chart["bins"][2],
        json!({ "from": "6", "to": "9", "count": 1, "height": "100", "top": "0" })
    );
    assert_eq!(
        chart["bins"][0],
        json!({ "from": "0", "to": "3", "count": 0, "height": "0", "top": "100" })
    );
    assert_eq!(chart["without"], json!(0));
    let xlsx = b.xlsx("vi").unwrap();
    assert_eq!(&xlsx[..2], b"PK");
}

#[wasm_bindgen_test]
fn bad_optional_files_are_reported_in_both_languages() {
    let mut b = opened();
    let out = data(&b.set_previous("unit_id,total\r\n\"xa-1,35\r\n").unwrap());
    assert_eq!(out["ok"], json!(false));
    assert_eq!(
        out["en"],
        json!("a quoted field opened on line 2 is never closed")
    );
    let out = data(&b.set_keys("{}").unwrap());
    assert_eq!(out["ok"], json!(false));
    assert!(!out["vi"].as_str().unwrap().is_empty());
    let out = data(
        &b.set_previous("unit_id,unit_name,total,rank\r\nxa-1,Xã Một,30,1\r\n")
            .unwrap(),
    );
    assert_eq!(out, json!({ "ok": true }));
}

#[wasm_bindgen_test]
fn an_appraisal_is_signed_added_to_the_batch_and_ranks_by_achieved_points() {
    // Only a reviewer's key, with its passphrase.
    let out = data(&unlock_reviewer_key(&key_file(Role::Preparer), PASSPHRASE).unwrap());
    assert_eq!(
        out["vi"],
        json!("khóa không phải của thành viên hội đồng thẩm định: vai trò “preparer”")
    );
    let reviewer = key_file(Role::Reviewer);
    let out = data(&unlock_reviewer_key(&reviewer, "sai mật khẩu").unwrap());
    assert_eq!(out["ok"], json!(false));
    let out = unlock_reviewer_key(&reviewer, PASSPHRASE).unwrap();
    assert_eq!(data(&out)["info"]["name"], json!("Lê Thị Cúc"));
    let key = ReviewerKey::try_from_js_value(field(&out, "key")).expect("a ReviewerKey");

    let mut b = batch();
    b.run("vi").unwrap();
    let unit: Value = serde_json::from_str(&b.unit("xa-1").unwrap()).unwrap();
    assert_eq!(unit["submission"], json!("nop/xa-1.json"));
    assert_eq!(unit["indicators"][0]["points"], json!("15"));
    // Points above the maximum, points that do not read: refused, as data.
    let out = data(
        &b.appraise(
            "xa-1",
            r#"{"1.1": {"points": "40", "reason": "Thiếu minh chứng"}}"#,
            &key,
            "vi",
        )
        .unwrap(),
    );
    assert_eq!(
        out["en"],
        json!("1.1: appraised points “40” outside 0 to 30")
    );
    let out = data(
        &b.appraise(
            "xa-1",
            r#"{"1.1": {"points": "mười", "reason": "x"}}"#,
            &key,
            "vi",
        )
        .unwrap(),
    );
    assert_eq!(out["ok"], json!(false));
    // Points are read as the reviewer types them, in the page's language: "12.5" is not a
    // Vietnamese way of writing 12,5.
    let out = data(
        &b.appraise(
            "xa-1",
            r#"{"1.1": {"points": "12.5", "reason": "x"}}"#,
            &key,
            "vi",
        )
        .unwrap(),
    );
    assert_eq!(
        out["en"],
        json!("1.1: “12.5”: in Vietnamese figures, the point only separates thousands (1.234); use a comma for decimals: 12,5 — or 125?")
    );
    assert_eq!(b.file_count(), 4);

    let out = data(
        &b.appraise(
            "xa-1",
            r#"{"1.1": {"points": "12,5", "reason": "Thiếu minh chứng"}, "2.1": {"points": "", "reason": ""}}"#,
            &key, "vi",
        )
        .unwrap(),
    );
    assert_eq!(out["ok"], json!(true), "{out}");
    assert_eq!(out["count"], json!(1));
    let record: Value = serde_json::from_str(out["text"].as_str().unwrap()).unwrap();
    assert_eq!(record["format"], json!("dti-score/appraisal/v1"));
    assert_eq!(
        record["appraisals"],
        json!({ "1.1": { "points": "12.5", "reason": "Thiếu minh chứng" } })
    );
    assert_eq!(b.file_count(), 5);

    let view: Value = serde_json::from_str(&b.run("vi").unwrap()).unwrap();
    assert_eq!(
        view["counts"],
        json!({ "appraisals": 1, "rejected": 1, "signed": 3 })
    );
    // This run verified only the appraisal (the submissions' verdicts were kept): a
    // fresh batch of the same files gives the same view.
    let mut fresh = batch();
    fresh.add_file(
        out["file_name"].as_str().unwrap().to_string(),
        out["text"].as_str().unwrap().as_bytes().to_vec(),
    );
    let fresh_view: Value = serde_json::from_str(&fresh.run("vi").unwrap()).unwrap();
    assert_eq!(view["files"], fresh_view["files"]);
    assert_eq!(view["ranking"], fresh_view["ranking"]);
    assert_eq!(
        b.csv("en"),
        "\u{feff}Unit ID,Unit name,Year,Self-assessed total,Rank,1. Hạ tầng số,2. Kinh tế số,Achieved,Signers\r\n\
         xa-1,Xã Một,2025,35,1,12.5,20,32.5,UNPROVEN\r\nxa-2,Xã Hai,2025,30,2,30,0,30,UNPROVEN\r\nxa-3,Xã Ba,2025,26,3,6,20,26,UNPROVEN\r\n"
    );
    let unit: Value = serde_json::from_str(&b.unit("xa-1").unwrap()).unwrap();
    assert_eq!(unit["achieved"], json!("32.5"));
    assert_eq!(
        unit["indicators"][0]["appraisal"],
        json!({ "points": "12.5", "reason": "Thiếu minh chứng" })
    );
    // A unit without a signed submission cannot be appraised.
    let out = data(&b.appraise("xa-9", "{}", &key, "vi").unwrap());
    assert_eq!(
        out["en"],
        json!("Unit “xa-9” has no accepted signed submission: it cannot be appraised.")
    );
}

/// The review page's evidence check: a cited file present, one altered, one missing.
#[wasm_bindgen_test]
fn evidence_files_are_matched_to_the_signed_hashes() {
    let set = dti_score::IndicatorSet::from_json(SET).unwrap();
    let hash = dti_score::evidence::sha256_hex;
    let values = dti_score::Values::from_json(
        &json!({
            "year": 2025, "unit": { "id": "xa-1" },
            "values": {
                "1.1": { "a": "5", "b": "10", "evidence": [
                    { "file": { "name": "a.pdf", "sha256": hash(b"a") } },
                    { "file": { "name": "b.pdf", "sha256": hash(b"b") } }] },
                "2.1": { "done": true, "evidence": [{ "sha256": hash(b"c") }] }
            }
        })
        .to_string(),
    )
    .unwrap();
    let submission = common::signed(&set, &values, &unit_key("xa-1")).to_json_pretty();
    let mut check = EvidenceCheck::new(SET);
    check.add_submission("xa-1.json".into(), submission.as_bytes());
    check.add_file("minh-chung/a.pdf", b"a");
    check.add_file("b.pdf", "b, sửa".as_bytes());
    let report: Value = serde_json::from_str(&check.report().unwrap()).unwrap();
    let got: Vec<(Value, Value, Value)> = report[0]["matches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["code"].clone(),
                m["status"].clone(),
                m["outcome_code"].clone(),
            )
        })
        .collect();
    assert_eq!(report[0]["file"], "xa-1.json");
    assert_eq!(
        got,
        vec![
            (json!("1.1"), json!("matching"), json!("evidence.matching")),
            (json!("1.1"), json!("altered"), json!("evidence.altered")),
            (json!("2.1"), json!("missing"), json!("evidence.missing")),
        ]
    );
}

fn codes(view: &Value) -> Vec<(String, Value)> {
    view["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["file"].as_str().unwrap().to_string(), f["code"].clone()))
        .collect()
}

/// Issue 12's cases 1–4 in the page's engine: without a proven registry nothing is
/// ranked; unsigned files are refused unless switched on, and marked; a look-alike
/// unit id is refused; one round at a time.
#[wasm_bindgen_test]
fn the_page_counts_only_what_is_proven() {
    // No registry, no switch: the verdicts, but no ranking.
    let mut b = opened();
    b.add_file("xa-1.json".into(), submission("xa-1", "Xã Một", "5", true));
    let view: Value = serde_json::from_str(&b.run("vi").unwrap()).unwrap();
    assert_eq!(
        view["refused"]["en"],
        json!("Not ranked: the signers are not proven. Choose the key registry (keys.json) signed by the province, or turn on “Rank with unproven signers”.")
    );
    assert_eq!(view["ranking"]["rows"], json!([]));
    assert_eq!(view["files"][0]["accepted"], json!(true));

    // A registry signed by the pinned province key: proven, ranked, no signers column.
    let mut b = opened();
    b.set_province_key(&province().public_key().fingerprint());
    let out = data(&b.set_keys(&registry(&province())).unwrap());
    assert_eq!(out, json!({ "ok": true, "proven": true }));
    b.add_file(
        "a/xa-1.json".into(),
        submission("xa-1", "Xã Một", "5", true),
    );
    b.add_file(
        "a/xa-2.json".into(),
        submission("xa-2", "Xã Hai", "10", false),
    );
    b.add_file(
        "a/xa-3-2024.json".into(),
        submission_of("xa-3", "Xã Ba", "2", true, 2024),
    );
    // Unsigned: fills xa-2's 2.1 and contradicts its 1.1; a look-alike of xa-1.
    b.add_file(
        "b/xa-2-chua-ky.json".into(),
        br#"{"year": 2025, "unit": {"id": "xa-2"}, "values": {"1.1": {"a": "1", "b": "10"}, "2.1": {"done": true}}}"#.to_vec(),
    );
    b.add_file(
        "b/xa-1-gia.json".into(),
        "{\"year\": 2025, \"unit\": {\"id\": \"x\u{430}-1\"}, \"values\": {\"1.1\": {\"a\": \"10\", \"b\": \"10\"}}}".as_bytes().to_vec(),
    );
    b.set_year(Some(2025));
    let view: Value = serde_json::from_str(&b.run("vi").unwrap()).unwrap();
    assert_eq!(view["round"], json!({ "kind": "given", "year": 2025 }));
    assert_eq!(view["proven"], json!(true));
    assert_eq!(
        codes(&view),
        [
            ("a/xa-1.json".to_string(), Value::Null),
            ("a/xa-2.json".to_string(), Value::Null),
            ("a/xa-3-2024.json".to_string(), json!("other_year")),
            ("b/xa-1-gia.json".to_string(), json!("bad_unit_id")),
            ("b/xa-2-chua-ky.json".to_string(), json!("unsigned")),
        ]
    );
    assert_eq!(
        view["files"][2]["en"],
        json!("a file for 2024, not this round's year 2025")
    );
    assert_eq!(
        b.csv("vi"),
        "\u{feff}Mã đơn vị,Tên đơn vị,Năm,Tổng điểm tự đánh giá,Hạng,1. Hạ tầng số,2. Kinh tế số\r\n\
         xa-1,Xã Một,2025,35,1,15,20\r\nxa-2,Xã Hai,2025,30,2,30,0\r\n"
    );
    // Unsigned files switched on: signed values win (xa-2's 1.1 and its 2.1, "no" in
    // the signed file), the row says it rests on mixed data.
    b.set_trust(true, false);
    let view: Value = serde_json::from_str(&b.run("vi").unwrap()).unwrap();
    assert_eq!(view["files"][4]["code"], Value::Null);
    assert!(view["files"][3]["en"]
        .as_str()
        .unwrap()
        .contains("U+0430 CYRILLIC SMALL LETTER A"));
    assert_eq!(
        b.csv("vi"),
        "\u{feff}Mã đơn vị,Tên đơn vị,Năm,Tổng điểm tự đánh giá,Hạng,1. Hạ tầng số,2. Kinh tế số,Số liệu\r\n\
         xa-1,Xã Một,2025,35,1,15,20,đã ký\r\nxa-2,Xã Hai,2025,30,2,30,0,đã ký + CHƯA KÝ\r\n"
    );
    assert_eq!(
        view["conflicts"][0],
        json!({ "unit_id": "xa-2", "year": 2025, "period": "2025", "pointer": "/values/1.1/a",
            "values": [{ "source": "a/xa-2.json", "value": "10" }, { "source": "b/xa-2-chua-ky.json", "value": "1" }],
            "kept": "10",
            "field": { "vi": "Chỉ tiêu 1.1 Tỷ lệ hộ có cáp quang: Số hộ có cáp quang",
                       "en": "Indicator 1.1 Tỷ lệ hộ có cáp quang: Số hộ có cáp quang" } })
    );
    assert_eq!(view["conflicts"][1]["pointer"], json!("/values/2.1/done"));
    assert_eq!(
        view["conflicts"][1]["field"]["vi"],
        json!("Chỉ tiêu 2.1 Có sàn thương mại điện tử: đã thực hiện")
    );
    assert_eq!(view["conflicts"][1]["kept"], json!("false"));
}

/// Issue 12's case 5 in the page: a registry not signed by the pinned key is refused.
#[wasm_bindgen_test]
fn the_page_reads_only_a_registry_signed_by_the_pinned_province_key() {
    let fake = UnlockedKey::from_secret(&[71; 32], "tinh-thu", "Sở thử", Role::Province);
    let mut b = opened();
    b.set_province_key(&province().public_key().fingerprint());
    let out = data(&b.set_keys(&registry(&fake)).unwrap());
    assert_eq!(out["ok"], json!(false));
    assert_eq!(
        out["en"],
        json!(format!(
            "key registry: the file is signed by key \"{}\", not by the province key \"{}\"",
            fake.public_key().fingerprint(),
            province().public_key().fingerprint()
        ))
    );
    let tampered = registry(&province()).replace("2025-01-01T00:00:00Z", "2024-01-01T00:00:00Z");
    let out = data(&b.set_keys(&tampered).unwrap());
    assert_eq!(
        out["en"],
        json!(format!(
            "key registry: the province signature (key \"{}\") does not verify: the file was changed after signing",
            province().public_key().fingerprint()
        ))
    );
    // Without a pinned key, only with the switch, and then unproven.
    let mut b = opened();
    let out = data(&b.set_keys(&registry(&province())).unwrap());
    assert_eq!(out["ok"], json!(false));
    b.set_trust(false, true);
    let out = data(&b.set_keys(&registry(&province())).unwrap());
    assert_eq!(out, json!({ "ok": true, "proven": false }));
}
