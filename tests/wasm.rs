//! The wasm exports (`src/wasm.rs`) in a real browser: headless Chromium and headless
//! Firefox through `wasm-bindgen-test-runner` (scripts/test.sh runs both).
//!
//! Each test calls an export as the page does and checks the exact data it returns.
#![cfg(target_arch = "wasm32")]

use dti_score::wasm::DraftSession;
use dti_score::wasm::{
    engine_version, format_number, format_percent, load_set, propose_unit_id, SetHandle,
};
use serde_json::{json, Value};
use wasm_bindgen::convert::TryFromJsValue;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A small set with the rule kinds the page draws differently: a ratio to a target, a
/// checklist, yes/no and a choice.
const SET: &str = r#"{
  "format": "dti-score/indicator-set/v1",
  "id": "wasm-test",
  "version": "1.0.0",
  "title": { "vi": "Bộ thử", "en": "Test set" },
  "scale": "100",
  "indicators": [
    {
      "code": "1", "title": { "vi": "Hạ tầng số" }, "max": "60",
      "children": [
        {
          "code": "1.1", "title": { "vi": "Tỷ lệ hộ gia đình có cáp quang" }, "max": "20",
          "inputs": [
            { "id": "a", "label": { "vi": "Số hộ có cáp quang" }, "kind": "count" },
            { "id": "b", "label": { "vi": "Tổng số hộ" }, "kind": "count" }
          ],
          "rule": { "kind": "linear_to_target", "ratio": "a/b", "target": "80%" }
        },
        {
          "code": "1.2", "title": { "vi": "Mức độ ứng dụng AI" }, "max": "40",
          "rule": { "kind": "checklist", "items": [
            { "id": "1", "label": { "vi": "Cho CCVC" }, "fraction": "1/2" },
            { "id": "2", "label": { "vi": "Cho người dân" }, "fraction": "1/4" },
            { "id": "3", "label": { "vi": "Nâng cao" }, "fraction": "1/4" }
          ] }
        }
      ]
    },
    {
      "code": "2", "title": { "vi": "Nhân lực số" }, "max": "40",
      "children": [
        { "code": "2.1", "title": { "vi": "Đã ban hành kế hoạch" }, "max": "10", "rule": { "kind": "yes_no" } },
        {
          "code": "2.2", "title": { "vi": "Trưởng ban chỉ đạo" }, "max": "30",
          "rule": { "kind": "choice", "options": [
            { "id": "chair", "label": { "vi": "Chủ tịch" }, "fraction": "1" },
            { "id": "vice", "label": { "vi": "Phó Chủ tịch" }, "fraction": "1/2" }
          ] }
        }
      ]
    }
  ]
}"#;

fn data(v: &JsValue) -> Value {
    serde_wasm_bindgen::from_value(v.clone()).expect("plain data")
}

fn loaded() -> SetHandle {
    let out = load_set(SET).expect("no failure");
    let handle = js_sys::Reflect::get(&out, &JsValue::from_str("set")).expect("has set");
    SetHandle::try_from_js_value(handle).expect("a SetHandle")
}

/// What the page's `score` gets: `SetHandle.scoreJson` with traces, parsed.
fn scored(handle: &SetHandle, values_json: &str) -> Value {
    serde_json::from_str(&handle.score_json(values_json, false).expect("no failure")).unwrap()
}

fn values(v: Value) -> String {
    json!({ "format": "dti-score/values/v1", "values": v }).to_string()
}

#[wasm_bindgen_test]
fn load_set_returns_the_validated_set_and_a_handle() {
    let out = load_set(SET).expect("no failure");
    let d = data(&out);
    assert_eq!(d["ok"], json!(true));
    assert_eq!(d["description"]["id"], json!("wasm-test"));
    assert_eq!(d["description"]["version"], json!("1.0.0"));
    assert_eq!(d["description"]["scale"], json!("100"));
    let codes: Vec<&str> = d["description"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["1", "1.1", "1.2", "2", "2.1", "2.2"]);
    assert_eq!(d["description"]["roots"], json!([0, 3]));
    assert_eq!(
        d["description"]["nodes"][1]["rule"]["kind"],
        json!("linear_to_target")
    );
    assert_eq!(
        d["description"]["nodes"][2]["rule"]["items"][0]["fraction"],
        json!("0.5")
    );
    assert_eq!(d["warnings"], json!([]));
    let handle = loaded();
    assert_eq!(handle.id(), "wasm-test");
    assert_eq!(handle.version(), "1.0.0");
}

#[wasm_bindgen_test]
fn an_invalid_set_comes_back_as_findings_not_an_exception() {
    let bad = SET.replace(r#""max": "60""#, r#""max": "65""#);
    let d = data(&load_set(&bad).expect("no failure"));
    assert_eq!(d["ok"], json!(false));
    assert_eq!(d.get("set"), None);
    let errors = d["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert_eq!(errors[0]["pointer"], json!("/indicators/0"));
    assert_eq!(errors[0]["severity"], json!("error"));
    assert_eq!(
        errors[0]["en"],
        json!("children's max points add up to 60, not the parent's max 65")
    );
    assert_eq!(
        errors[0]["vi"],
        json!("tổng điểm tối đa của các chỉ số con là 60, khác điểm tối đa 65")
    );
    assert_eq!(errors[1]["pointer"], json!("/scale"));
    assert_eq!(
        errors[1]["en"],
        json!("main indicators' max points add up to 105, not the scale 100")
    );

    let not_json = data(&load_set("{").expect("no failure"));
    assert_eq!(not_json["ok"], json!(false));
    assert_eq!(not_json["errors"][0]["pointer"], json!(""));
}

#[wasm_bindgen_test]
fn score_returns_the_report_with_decimal_strings_and_the_ranking() {
    let handle = loaded();
    let v = values(json!({
        "1.1": { "a": "45", "b": "60" },
        "1.2": { "items": { "1": true, "2": false, "3": true } },
        "2.1": { "done": false },
        "2.2": { "choice": "vice" }
    }));
    let d = scored(&handle, &v);
    assert_eq!(d["ok"], json!(true));
    let r = &d["report"];
    // 45/60 = 75% < 80% → 75%/80% × 20 = 18.75; items 1 + 3 = 3/4 × 40 = 30;
    // not done → 0; vice → 1/2 × 30 = 15.
    assert_eq!(r["nodes"]["1.1"]["points"], json!("18.75"));
    assert_eq!(r["nodes"]["1.2"]["points"], json!("30"));
    assert_eq!(r["nodes"]["2.1"]["points"], json!("0"));
    assert_eq!(r["nodes"]["2.2"]["points"], json!("15"));
    assert_eq!(r["nodes"]["1"]["points"], json!("48.75"));
    assert_eq!(r["total"], json!("63.75"));
    assert_eq!(r["max"], json!("100"));
    assert_eq!(r["nodes"]["1.1"]["status"], json!("ok"));
    assert_eq!(
        r["nodes"]["1.1"]["trace"]["vi"],
        json!("Tỷ lệ = a/b = 45/60 = 75%; 75% < 80% → 75%/80% × 20 = 18,75")
    );
    // Lost: 2.2 15, 2.1 10, 1.2 10, 1.1 1.25 (ties keep the set's order).
    assert_eq!(d["ranking"], json!(["2.2", "1.2", "2.1", "1.1"]));
}

#[wasm_bindgen_test]
fn the_keystroke_path_gives_the_same_numbers_as_json_text_without_traces() {
    let handle = loaded();
    let v = values(json!({
        "1.1": { "a": "45", "b": "60" },
        "1.2": { "items": { "1": true, "2": false, "3": true } },
        "2.2": { "choice": "vice" }
    }));
    let full: Value = serde_json::from_str(&handle.score_json(&v, false).unwrap()).unwrap();
    let fast: Value = serde_json::from_str(&handle.score_json(&v, true).unwrap()).unwrap();
    assert_eq!(fast["report"]["total"], json!("63.75"));
    for id in ["1", "1.1", "1.2", "2", "2.1", "2.2"] {
        let (f, q) = (&full["report"]["nodes"][id], &fast["report"]["nodes"][id]);
        assert_eq!(q["points"], f["points"], "{id}");
        assert_eq!(q["status"], f["status"], "{id}");
        assert_eq!(q["lost"], f["lost"], "{id}");
    }
    assert_eq!(fast["ranking"], full["ranking"]);
    assert_eq!(
        full["report"]["nodes"]["1.1"]["trace"]["vi"],
        json!("Tỷ lệ = a/b = 45/60 = 75%; 75% < 80% → 75%/80% × 20 = 18,75")
    );
    assert_eq!(fast["report"]["nodes"]["1.1"].get("to_full"), None);
    let bad: Value = serde_json::from_str(&handle.score_json("{", true).unwrap()).unwrap();
    assert_eq!(bad["ok"], json!(false));
}

#[wasm_bindgen_test]
fn a_draft_session_sends_back_only_what_an_edit_changed() {
    let handle = loaded();
    let v = values(json!({
        "1.1": { "a": "45", "b": "60" },
        "1.2": { "items": { "1": true, "2": false, "3": true } },
        "2.2": { "choice": "vice" }
    }));
    let mut session = DraftSession::new();
    let opened: Value = serde_json::from_str(&session.open(&handle, &v).unwrap()).unwrap();
    let scored: Value = serde_json::from_str(&handle.score_json(&v, false).unwrap()).unwrap();
    assert_eq!(opened, scored);

    // A keystroke: 1.1's a becomes 48 (48/60 = 80%, the target: full points).
    let fast: Value = serde_json::from_str(
        &session
            .edit(r#"[[["values","1.1","a"],"48"]]"#, true)
            .unwrap(),
    )
    .unwrap();
    assert_eq!(fast["ok"], json!(true));
    assert_eq!(fast["all"], json!(false));
    let ids: Vec<&String> = fast["nodes"].as_object().unwrap().keys().collect();
    assert_eq!(ids, ["1.1", "1"]);
    assert_eq!(fast["nodes"]["1.1"]["points"], json!("20"));
    assert_eq!(fast["nodes"]["1.1"]["code"], json!("1.1"));
    assert_eq!(
        fast["nodes"]["1.1"].get("trace"),
        Some(&json!({"vi": "", "en": ""}))
    );
    assert_eq!(fast["nodes"]["1"]["children"], json!(["1.1", "1.2"]));
    assert_eq!(fast["total"], json!("65"));

    // The traces follow.
    let explained: Value = serde_json::from_str(&session.explain().unwrap()).unwrap();
    assert_eq!(
        explained["nodes"]["1.1"]["trace"]["vi"],
        json!("Tỷ lệ = a/b = 48/60 = 80%; 80% ≥ 80% → điểm tối đa = 20")
    );
    let after = values(json!({
        "1.1": { "a": "48", "b": "60" },
        "1.2": { "items": { "1": true, "2": false, "3": true } },
        "2.2": { "choice": "vice" }
    }));
    let full: Value = serde_json::from_str(&handle.score_json(&after, false).unwrap()).unwrap();
    for id in ["1.1", "1"] {
        assert_eq!(explained["nodes"][id], full["report"]["nodes"][id], "{id}");
    }
    // The ranking changed with the keystroke (1.1 no longer loses points) and came with
    // its answer; the readiness and the counts did not change, and were not sent again;
    // nothing changed between the keystroke and its traces.
    assert_eq!(fast["ranking"], full["ranking"]);
    assert_eq!(opened["readiness"], full["readiness"]);
    assert_eq!(opened["counts"], full["counts"]);
    for part in ["readiness", "counts"] {
        assert_eq!(fast.get(part), None, "{part}");
    }
    for part in ["ranking", "readiness", "counts"] {
        assert_eq!(explained.get(part), None, "{part}");
    }

    // A refused edit changes nothing.
    let refused: Value = serde_json::from_str(
        &session
            .edit(r#"[[["values","2.1","done"],"yes"]]"#, true)
            .unwrap(),
    )
    .unwrap();
    assert_eq!(refused["ok"], json!(false));
    assert_eq!(refused["errors"][0]["pointer"], json!("/values/2.1/done"));
}

/// Evidence in the page's two builds: the draft session's "none given" warnings (first
/// load), every finding and the file hash (signing build).
#[wasm_bindgen_test]
fn evidence_findings_and_the_file_hash() {
    let set = r#"{"format": "dti-score/indicator-set/v1", "id": "ev", "version": "1",
      "title": {"vi": "Minh chứng"}, "scale": "10",
      "indicators": [{"code": "1", "title": {"vi": "Có kế hoạch (Minh chứng: kế hoạch)"},
        "max": "10", "rule": {"kind": "yes_no"}}]}"#;
    let out = load_set(set).expect("no failure");
    let handle = js_sys::Reflect::get(&out, &JsValue::from_str("set")).unwrap();
    let handle = SetHandle::try_from_js_value(handle).unwrap();
    let answered = values(json!({ "1": { "done": true } }));
    let mut session = DraftSession::new();
    session.open(&handle, &answered).unwrap();
    let missing: Value = serde_json::from_str(&session.evidence_findings().unwrap()).unwrap();
    assert_eq!(
        missing,
        json!([{ "indicator": "1", "pointer": "/values/1", "severity": "warning", "code": "evidence.not_given",
          "vi": "chỉ số 1: bộ chỉ số yêu cầu minh chứng nhưng đơn vị chưa nêu minh chứng nào",
          "en": "indicator 1: the set asks for evidence and the unit has given none" }])
    );
    let cited = values(
        json!({ "1": { "done": true, "evidence": [{ "document": "05/KH-UBND", "date": "30/2/2025" }] } }),
    );
    let all: Value = serde_json::from_str(&handle.evidence_findings(&cited).unwrap()).unwrap();
    assert_eq!(all.as_array().unwrap().len(), 1);
    assert_eq!(all[0]["code"], "evidence.bad_date");
    assert_eq!(all[0]["indicator"], "1");
    assert_eq!(all[0]["index"], 0);
    assert_eq!(all[0]["field"], "date");
    assert_eq!(all[0]["pointer"], "/values/1/evidence/0/date");
    assert_eq!(
        dti_score::wasm::sha256_hex(b"test"),
        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
    );
}

/// A leaf's report with its traces in Vietnamese only, as `typeField` writes them for a
/// page in Vietnamese.
fn in_vi(mut node: Value) -> Value {
    for text in ["trace", "to_full"] {
        if let Some(t) = node.get_mut(text) {
            t["en"] = json!("");
        }
    }
    node
}

/// The page's keystroke in a number field: `DraftSession.typeField` reads the text as
/// `readField` does, keeps the value and the text as typed, and answers with the changed
/// indicators (the leaf's traces in the page's language) exactly as the whole document
/// scores.
#[wasm_bindgen_test]
fn a_keystroke_in_a_number_field_is_read_kept_and_scored_in_one_call() {
    let handle = loaded();
    let mut session = DraftSession::new();
    let v = values(json!({ "1.1": { "a": "45", "b": "60" } }));
    session.open(&handle, &v).unwrap();
    let path = r#"["values","1.1","a"]"#;
    let answer = |session: &mut DraftSession, text: &str| -> Value {
        serde_json::from_str(
            &session
                .type_field(&handle, path, text, "vi", false)
                .unwrap(),
        )
        .unwrap()
    };
    let read = |text: &str| {
        let path = vec!["values".to_string(), "1.1".into(), "a".into()];
        data(&handle.read_field(path, text, "vi").unwrap())
    };

    let typed = answer(&mut session, "48");
    assert_eq!(typed["ok"], json!(true));
    assert_eq!(
        typed["field"],
        json!({ "ok": true, "value": "48", "shown": "48" })
    );
    assert_eq!(typed["all"], json!(false));
    let ids: Vec<&String> = typed["nodes"].as_object().unwrap().keys().collect();
    assert_eq!(ids, ["1.1", "1"]);
    assert_eq!(
        typed["nodes"]["1.1"]["trace"],
        json!({ "vi": "Tỷ lệ = a/b = 48/60 = 80%; 80% ≥ 80% → điểm tối đa = 20", "en": "" })
    );
    let full = scored(
        &handle,
        &values(json!({ "1.1": { "a": "48", "b": "60",
            "typed": { "a": { "text": "48", "lang": "vi" } } } })),
    );
    assert_eq!(
        typed["nodes"]["1.1"],
        in_vi(full["report"]["nodes"]["1.1"].clone())
    );
    assert_eq!(typed["nodes"]["1"], full["report"]["nodes"]["1"]);
    assert_eq!(typed["total"], full["report"]["total"]);
    // 1.1 no longer loses points: the ranking came with the answer; the statuses did
    // not move, so neither the readiness, the counts nor the progress did.
    assert_eq!(typed["ranking"], full["ranking"]);
    for part in ["readiness", "counts", "progress"] {
        assert_eq!(typed.get(part), None, "{part}");
    }

    // A text that does not read: the reading refused as readField refuses it, the value
    // removed, the text kept as typed.
    let bad = answer(&mut session, "4x8");
    assert_eq!(bad["ok"], json!(true));
    assert_eq!(bad["field"], read("4x8"));
    assert_eq!(bad["field"]["ok"], json!(false));
    let full = scored(
        &handle,
        &values(json!({ "1.1": { "b": "60",
            "typed": { "a": { "text": "4x8", "lang": "vi" } } } })),
    );
    assert_eq!(
        bad["nodes"]["1.1"],
        in_vi(full["report"]["nodes"]["1.1"].clone())
    );
    assert_eq!(bad["nodes"]["1"], full["report"]["nodes"]["1"]);
    assert_eq!(bad["counts"], full["counts"]);
    assert_eq!(bad["readiness"], full["readiness"]);

    // A blank field: no reading, the value and the text removed.
    let blank = answer(&mut session, "  ");
    assert_eq!(blank["field"], Value::Null);
    let full = scored(&handle, &values(json!({ "1.1": { "b": "60" } })));
    assert_eq!(
        blank["nodes"]["1.1"],
        in_vi(full["report"]["nodes"]["1.1"].clone())
    );
    assert_eq!(blank["nodes"]["1"], full["report"]["nodes"]["1"]);
}

/// A context figure typed: its text is kept in `context_typed`, and every indicator is
/// scored again.
#[wasm_bindgen_test]
fn a_context_figure_typed_scores_every_indicator_again() {
    let set = include_str!("../indicator-sets/vinh-long-2025.json");
    let out = load_set(set).expect("no failure");
    let handle = js_sys::Reflect::get(&out, &JsValue::from_str("set")).expect("has set");
    let handle = SetHandle::try_from_js_value(handle).expect("a SetHandle");
    let mut session = DraftSession::new();
    session.open(&handle, &values(json!({}))).unwrap();
    let typed: Value = serde_json::from_str(
        &session
            .type_field(
                &handle,
                r#"["context","population"]"#,
                "125.000",
                "vi",
                false,
            )
            .unwrap(),
    )
    .unwrap();
    assert_eq!(typed["ok"], json!(true));
    assert_eq!(typed["field"]["value"], json!("125000"));
    assert_eq!(typed["all"], json!(true));
    let doc = json!({ "format": "dti-score/values/v1", "values": {},
        "context": { "population": "125000" },
        "context_typed": { "population": { "text": "125.000", "lang": "vi" } } });
    let full = scored(&handle, &doc.to_string());
    assert_eq!(typed["nodes"], full["report"]["nodes"]);
    assert_eq!(typed["total"], full["report"]["total"]);
}

#[wasm_bindgen_test]
fn missing_and_invalid_inputs_score_zero_with_their_status() {
    let handle = loaded();
    let v = values(json!({ "1.1": { "a": "70", "b": "60" } }));
    let d = scored(&handle, &v);
    assert_eq!(d["report"]["nodes"]["1.1"]["status"], json!("invalid"));
    assert_eq!(d["report"]["nodes"]["1.1"]["points"], json!("0"));
    assert_eq!(d["report"]["nodes"]["1.2"]["status"], json!("missing"));
    assert_eq!(d["report"]["total"], json!("0"));
}

#[wasm_bindgen_test]
fn a_values_file_with_a_float_is_refused_as_data() {
    let handle = loaded();
    let d = scored(&handle, r#"{"values": {"1.1": {"a": 45, "b": "60"}}}"#);
    assert_eq!(d["ok"], json!(false));
    assert_eq!(d["errors"][0]["pointer"], json!("/values/1.1/a"));
    assert_eq!(d["errors"][0]["severity"], json!("error"));
}

#[wasm_bindgen_test]
fn targets_are_loaded_into_the_handle() {
    let mut handle = loaded();
    let d = data(&handle.set_targets("{").expect("no failure"));
    assert_eq!(d["ok"], json!(false));
    let d = data(&handle.set_targets("").expect("no failure"));
    assert_eq!(d, json!({ "ok": true }));
}

#[wasm_bindgen_test]
fn decimals_are_formatted_for_people() {
    assert_eq!(format_number("1234.5", "vi").unwrap(), "1.234,5");
    assert_eq!(format_number("1234.5", "en").unwrap(), "1,234.5");
    assert_eq!(format_number("1000", "vi").unwrap(), "1.000");
    assert_eq!(format_percent("0.5", "vi").unwrap(), "50%");
    assert_eq!(format_percent("0.66666", "vi").unwrap(), "66,67%");
    assert!(format_number("1.234.567", "vi").is_err());
}

#[path = "typed/table.rs"]
mod table;

/// Every cell of `tests/typed/cases.tsv` through `SetHandle.readField`, the export the
/// page calls on every keystroke: the same values and refusals as natively.
#[wasm_bindgen_test]
fn typed_figures_are_read_by_kind_and_language() {
    let out = load_set(table::SET).expect("no failure");
    let handle = js_sys::Reflect::get(&out, &JsValue::from_str("set")).expect("has set");
    let set = SetHandle::try_from_js_value(handle).expect("a SetHandle");
    let cases = table::cases();
    assert!(cases.len() >= 300);
    for c in &cases {
        let path = vec!["values".to_string(), "1.1".into(), c.letter.into()];
        let r = data(&set.read_field(path, &c.text, c.lang).expect("no failure"));
        let got = if r["ok"] == json!(true) {
            r["value"].as_str().unwrap().to_string()
        } else {
            r["code"]
                .as_str()
                .unwrap()
                .trim_start_matches("typed.")
                .to_string()
        };
        assert_eq!(got, c.expected, "{:?} {}", c.text, c.column);
    }
    let path = vec!["values".to_string(), "1.1".into(), "a".into()];
    assert_eq!(
        data(&set.read_field(path.clone(), "1.234", "vi").unwrap()),
        json!({ "ok": true, "value": "1234", "shown": "1.234", "words": "một nghìn hai trăm ba mươi bốn" })
    );
    assert_eq!(
        data(&set.show_field(path, "1234.5", "en").unwrap()),
        json!({ "ok": true, "value": "1234.5", "shown": "1,234.5", "words": "một nghìn hai trăm ba mươi bốn phẩy năm" })
    );
    assert_eq!(propose_unit_id("Xã Tân Hòa"), "xa-tan-hoa");
}

#[wasm_bindgen_test]
fn the_engine_version_is_the_crate_version() {
    assert_eq!(engine_version(), env!("CARGO_PKG_VERSION"));
}

/// The signing exports (the page's second engine build, feature `wasm-signing`).
#[cfg(feature = "wasm-signing")]
mod signing {
    use super::*;
    use dti_score::wasm::{generate_key, read_key_file, unlock_key, KeyHandle};

    fn make_key(unit: &str, name: &str, role: &str, passphrase: &str) -> String {
        let d = data(&generate_key(unit, name, role, passphrase).expect("no failure"));
        assert_eq!(d["ok"], json!(true), "{d}");
        assert_eq!(d["info"]["unit_id"], json!(unit));
        assert_eq!(d["info"]["role"], json!(role));
        d["key_file"].as_str().unwrap().to_string()
    }

    fn unlocked(key_file: &str, passphrase: &str) -> KeyHandle {
        let out = unlock_key(key_file, passphrase).expect("no failure");
        let key = js_sys::Reflect::get(&out, &JsValue::from_str("key")).expect("has key");
        KeyHandle::try_from_js_value(key).expect("a KeyHandle")
    }

    #[wasm_bindgen_test]
    fn keys_are_made_read_and_unlocked_with_their_passphrase() {
        let file = make_key("xa-a", "Nguyễn Văn An", "preparer", "mật khẩu dài");
        let info = data(&read_key_file(&file).expect("no failure"));
        assert_eq!(info["info"]["name"], json!("Nguyễn Văn An"));
        let fingerprint = info["info"]["fingerprint"].as_str().unwrap().to_string();

        let wrong = data(&unlock_key(&file, "sai mật khẩu").expect("no failure"));
        assert_eq!(wrong["ok"], json!(false));
        assert_eq!(wrong.get("key"), None);

        let key = unlocked(&file, "mật khẩu dài");
        assert_eq!(key.fingerprint(), fingerprint);
        assert_eq!(key.role(), "preparer");
        assert_eq!(key.unit_id(), "xa-a");

        let short = data(&generate_key("xa-a", "An", "preparer", "ngắn").expect("no failure"));
        assert_eq!(short["ok"], json!(false));
        let damaged = data(&read_key_file(&file[..file.len() / 2]).expect("no failure"));
        assert_eq!(damaged["ok"], json!(false));
    }

    #[wasm_bindgen_test]
    fn a_submission_signed_in_the_browser_verifies_and_a_change_is_caught() {
        let set = loaded();
        let preparer = unlocked(
            &make_key("xa-a", "Nguyễn Văn An", "preparer", "mật khẩu người lập"),
            "mật khẩu người lập",
        );
        let approver = unlocked(
            &make_key("xa-a", "Trần Thị Bình", "approver", "mật khẩu lãnh đạo"),
            "mật khẩu lãnh đạo",
        );
        let v = json!({
            "format": "dti-score/values/v1", "year": 2025,
            "unit": { "id": "xa-a", "name": "Xã A" },
            "values": { "1.1": { "a": "45", "b": "60" }, "2.1": { "done": true } }
        })
        .to_string();
        // 1.2 and 2.2 have no figures: signing needs the signer's confirmation.
        let unconfirmed = data(
            &set.sign_with_approver(&v, &preparer, &approver, false)
                .expect("no failure"),
        );
        assert_eq!(unconfirmed["ok"], json!(false));
        assert_eq!(unconfirmed["code"], json!("sign.missing_not_confirmed"));
        assert_eq!(
            unconfirmed["vi"],
            json!("2 chỉ tiêu chưa có số liệu và sẽ được 0 điểm (theo quy định, chỉ tiêu không có số liệu được tính 0 điểm); hãy xác nhận để vẫn ký")
        );
        // Invalid figures are refused even when confirmed.
        let invalid = v.replace(r#""a":"45""#, r#""a":"70""#);
        assert_ne!(invalid, v);
        let refused = data(&set.sign(&invalid, &preparer, true).expect("no failure"));
        assert_eq!(refused["code"], json!("sign.invalid_figures"));
        let signed = data(
            &set.sign_with_approver(&v, &preparer, &approver, true)
                .expect("no failure"),
        );
        assert_eq!(signed["ok"], json!(true), "{signed}");
        assert_eq!(signed["unit"], json!("xa-a"));
        assert_eq!(signed["year"], json!("2025"));
        let text = signed["submission"].as_str().unwrap().to_string();
        let sub: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(sub["report"]["total"], json!("28.75"));
        assert_eq!(
            sub["signers"]["approved_by"]["name"],
            json!("Trần Thị Bình")
        );

        let verdict = data(&set.verify("s.json", &text, None).expect("no failure"));
        assert_eq!(verdict["verdict"]["passed"], json!(true), "{verdict}");
        assert_eq!(verdict["verdict"]["total"], json!("28.75"));

        let tampered = text.replace(r#""a": "45""#, r#""a": "48""#);
        assert_ne!(tampered, text);
        let verdict = data(&set.verify("s.json", &tampered, None).expect("no failure"));
        assert_eq!(verdict["verdict"]["passed"], json!(false));
        let failed: Vec<&str> = verdict["verdict"]["checks"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["outcome"] == json!("fail"))
            .map(|c| c["check"].as_str().unwrap())
            .collect();
        assert_eq!(failed, ["signature", "signature", "recomputation"]);

        // The approver's key cannot sign as preparer.
        let wrong = data(&set.sign(&v, &approver, true).expect("no failure"));
        assert_eq!(wrong["ok"], json!(false));
    }

    /// The slots and their roles, and the values file inside a submission, from the
    /// engine (the page maps and unpacks nothing itself).
    #[wasm_bindgen_test]
    fn the_slots_and_a_submissions_values_file_come_from_the_engine() {
        use dti_score::sign::{KdfParams, KeyFile, NewKey, Role};
        use dti_score::wasm::{signing_slots, submission_values};
        assert_eq!(
            data(&signing_slots().unwrap()),
            json!([
                { "slot": "prepared_by", "role": "preparer", "required": true },
                { "slot": "approved_by", "role": "approver", "required": false }
            ])
        );
        let new = NewKey {
            unit_id: "xa-a".into(),
            name: "Nguyễn Văn An".into(),
            role: Role::Preparer,
            created_at: "2025-11-01T00:00:00Z".into(),
        };
        let file = KeyFile::from_secret(
            &new,
            &[4; 32],
            "mật khẩu người lập",
            KdfParams::new(64, 1, 1).unwrap(),
        )
        .unwrap()
        .to_json_pretty();
        let preparer = unlocked(&file, "mật khẩu người lập");
        let v = json!({
            "format": "dti-score/values/v1", "year": 2025,
            "unit": { "id": "xa-a", "name": "Xã A" },
            "values": { "1.1": { "a": "45", "b": "60" }, "2.1": { "done": true } }
        });
        let signed = data(
            &loaded()
                .sign(&v.to_string(), &preparer, true)
                .expect("no failure"),
        );
        let text = signed["submission"].as_str().unwrap();
        let out = data(&submission_values(text).unwrap());
        assert_eq!(
            out,
            json!({ "ok": true, "values": {
                "format": "dti-score/values/v1",
                "set": { "id": "wasm-test", "version": "1.0.0" },
                "year": 2025,
                "unit": { "id": "xa-a", "name": "Xã A" },
                "context": {},
                "values": { "1.1": { "a": "45", "b": "60" }, "2.1": { "done": true } }
            } })
        );
        let not = data(&submission_values("{}").unwrap());
        assert_eq!(not["ok"], json!(false));
    }
}

/// Issue 12: maxima adding past `Decimal::MAX` trapped the engine in the page; now they
/// come back as findings.
#[wasm_bindgen_test]
fn maxima_past_the_largest_decimal_are_findings_not_a_trap() {
    let max = "79228162514264337593543950335";
    let big = SET
        .replace(r#""max": "60""#, &format!(r#""max": "{max}""#))
        .replace(r#""max": "20""#, &format!(r#""max": "{max}""#));
    let d = data(&load_set(&big).expect("no failure"));
    assert_eq!(d["ok"], json!(false));
    let errors = d["errors"].as_array().unwrap();
    assert_eq!(errors[0]["pointer"], json!("/indicators/0"));
    assert_eq!(
        errors[0]["en"],
        json!("the max points add up past the largest decimal (about 7.9 × 10²⁸)")
    );
    assert_eq!(errors[1]["pointer"], json!("/scale"));
    assert_eq!(errors.len(), 2, "{errors:?}");
}

/// Issue 12: the page asks the engine whether a chosen file may be read, by its size.
#[wasm_bindgen_test]
fn check_file_size_answers_by_kind() {
    use dti_score::wasm::check_file_size;
    assert_eq!(
        data(&check_file_size("set", 5_242_880.0).unwrap()),
        json!({ "ok": true })
    );
    assert_eq!(
        data(&check_file_size("key", 70_000.0).unwrap()),
        json!({
            "ok": false,
            "code": "input.too_large",
            "vi": "Tệp khóa có 70000 byte; giới hạn đọc là 65536 byte (64 KiB)",
            "en": "the key file is 70000 bytes; the largest read is 65536 bytes (64 KiB)"
        })
    );
    assert!(check_file_size("spreadsheet", 1.0).is_err());
}

/// What the page asks the engine instead of working it out (issue 13, item 3): each
/// leaf's answer fields, the status counts, the year bounds, what a file is.
#[wasm_bindgen_test]
fn the_page_asks_the_engine_for_the_form_the_counts_the_years_and_the_file_kind() {
    let d = data(&load_set(SET).expect("no failure"));
    assert_eq!(
        d["form"],
        json!({
            "1.1": [
                { "field": "number", "path": ["values", "1.1", "a"], "id": "a" },
                { "field": "number", "path": ["values", "1.1", "b"], "id": "b" }
            ],
            "1.2": [{ "field": "checklist", "path": ["values", "1.2", "items"], "items": [
                { "id": "1", "label": { "vi": "Cho CCVC" }, "fraction": "0.5" },
                { "id": "2", "label": { "vi": "Cho người dân" }, "fraction": "0.25" },
                { "id": "3", "label": { "vi": "Nâng cao" }, "fraction": "0.25" }
            ] }],
            "2.1": [{ "field": "yes_no", "path": ["values", "2.1", "done"], "question": null }],
            "2.2": [{ "field": "choice", "path": ["values", "2.2", "choice"], "options": [
                { "id": "chair", "label": { "vi": "Chủ tịch" }, "fraction": "1" },
                { "id": "vice", "label": { "vi": "Phó Chủ tịch" }, "fraction": "0.5" }
            ] }]
        })
    );
    let handle = loaded();
    let v = values(json!({ "1.1": { "a": "45", "b": "60" }, "2.1": { "done": true } }));
    let fast: Value = serde_json::from_str(&handle.score_json(&v, true).unwrap()).unwrap();
    assert_eq!(fast["counts"], json!({ "missing": 2, "ok": 2 }));
    assert_eq!(scored(&handle, &v)["counts"], fast["counts"]);
    // The progress line: each main indicator's leaves answered / missing / invalid.
    assert_eq!(
        fast["progress"],
        json!([
            { "id": "1", "answered": 1, "missing": 1, "invalid": 0, "next": "1.2" },
            { "id": "2", "answered": 1, "missing": 1, "invalid": 0, "next": "2.2" }
        ])
    );
    assert_eq!(scored(&handle, &v)["progress"], fast["progress"]);
    assert_eq!(
        (dti_score::wasm::first_year(), dti_score::wasm::last_year()),
        (1900, 2200)
    );
    use dti_score::wasm::classify_file;
    assert_eq!(classify_file(&values(json!({}))), "values");
    assert_eq!(
        classify_file(r#"{"format": "dti-score/submission/v1"}"#),
        "submission"
    );
    assert_eq!(classify_file(r#"{"values": {}}"#), "unknown");
    assert_eq!(classify_file("{"), "not_json");
}
