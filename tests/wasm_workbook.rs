//! The values workbook's exports (`src/wasm/workbook.rs`, feature `wasm-workbook`) in a real
//! browser, through `wasm-bindgen-test-runner` (scripts/test.sh): what the page's Excel
//! buttons get, exactly. Run with `cargo test --target wasm32-unknown-unknown
//! --no-default-features --features wasm-workbook --test wasm_workbook`.
#![cfg(all(target_arch = "wasm32", feature = "wasm-workbook"))]

use dti_score::wasm::{load_set, SetHandle};
use serde_json::{json, Value};
use wasm_bindgen::convert::TryFromJsValue;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// One counted input (a ratio of it), one yes/no, and a target file's set.
const SET: &str = r#"{
  "format": "dti-score/indicator-set/v1", "id": "nho", "version": "1",
  "title": { "vi": "Bộ nhỏ", "en": "Small set" }, "scale": "20",
  "indicators": [
    { "code": "1", "title": { "vi": "Hộ có cáp quang", "en": "Households on fibre" }, "max": "10",
      "inputs": [ { "id": "a", "label": { "vi": "Số hộ", "en": "Households" }, "kind": "count" } ],
      "rule": { "kind": "linear", "ratio": "a/100" } },
    { "code": "2", "title": { "vi": "=Có cổng", "en": "=Has a portal" }, "max": "10", "rule": { "kind": "yes_no" } }
  ]
}"#;

fn handle() -> SetHandle {
    let out = load_set(SET).expect("no failure");
    let h = js_sys::Reflect::get(&out, &JsValue::from_str("set")).expect("has set");
    SetHandle::try_from_js_value(h).expect("a SetHandle")
}

fn values(v: Value) -> String {
    json!({ "format": "dti-score/values/v1", "set": { "id": "nho", "version": "1" }, "year": 2025,
            "unit": { "id": "xa-a", "name": "Xã A" }, "values": v })
    .to_string()
}

/// The `{ ok, bytes }` result's bytes.
fn bytes(out: &JsValue) -> Vec<u8> {
    assert_eq!(
        js_sys::Reflect::get(out, &JsValue::from_str("ok")).unwrap(),
        JsValue::TRUE
    );
    js_sys::Uint8Array::new(&js_sys::Reflect::get(out, &JsValue::from_str("bytes")).unwrap())
        .to_vec()
}

fn data(v: &JsValue) -> Value {
    serde_wasm_bindgen::from_value(v.clone()).expect("plain data")
}

#[wasm_bindgen_test]
fn the_template_reads_back_as_the_values() {
    let h = handle();
    let doc = values(json!({ "1": { "a": "45" }, "2": { "done": true } }));
    let book = bytes(&h.workbook_template(&doc, None, None, "vi").unwrap());
    assert_eq!(&book[..2], b"PK");
    let read = data(&h.read_workbook(&book, "vi").unwrap());
    assert_eq!(read["ok"], json!(true));
    assert_eq!(
        read["values"]["values"],
        json!({ "1": { "a": "45" }, "2": { "done": true } })
    );
    assert_eq!(read["values"]["year"], json!(2025));
    assert_eq!(
        read["values"]["unit"],
        json!({ "id": "xa-a", "name": "Xã A" })
    );
}

#[wasm_bindgen_test]
fn a_bad_cell_is_named_in_the_pages_language_and_both() {
    let h = handle();
    // A count written in words: kept as typed in the template, refused on reading.
    let book = bytes(
        &h.workbook_template(&values(json!({ "1": { "a": "bốn" } })), None, None, "vi")
            .unwrap(),
    );
    let read = data(&h.read_workbook(&book, "en").unwrap());
    assert_eq!(
        read,
        json!({ "ok": false, "problems": [{
            "code": "workbook.typed", "cell": "Số liệu!F2",
            "message": "Số liệu!F2: “bốn” is not a number; write it in digits, e.g. 1,234.5",
            "vi": "Số liệu!F2: “bốn” không phải là số; hãy viết bằng chữ số, ví dụ 1.234,5",
            "en": "Số liệu!F2: “bốn” is not a number; write it in digits, e.g. 1,234.5",
        }] })
    );
    // Not a workbook at all: no cell.
    let read = data(&h.read_workbook(b"not a zip", "vi").unwrap());
    assert_eq!(read["problems"][0]["code"], json!("workbook.unreadable"));
    assert_eq!(read["problems"][0].get("cell"), None);
}

#[wasm_bindgen_test]
fn the_results_are_the_clis_csv_with_the_targets() {
    let mut h = handle();
    let t = h
        .set_targets(r#"{"format": "dti-score/targets/v1", "set": {"id": "nho"}, "province": {"id": "p"}, "targets": {"1": {"points": "6"}}}"#)
        .unwrap();
    assert_eq!(data(&t), json!({ "ok": true }));
    let doc = values(json!({ "1": { "a": "45" }, "2": { "done": false } }));
    let csv = String::from_utf8(bytes(&h.unit_results(&doc, "vi", "csv", None).unwrap())).unwrap();
    // The bytes `dti-score score set.json values.json --targets targets.json --csv` writes
    // for the same files; the title beginning with "=" neutralised.
    assert_eq!(
        csv,
        "\u{feff}Mã,Chỉ tiêu,Cấp,Điểm tối đa,Điểm,Trạng thái,Cách tính,Để đạt điểm tối đa,Điểm chỉ tiêu giao,Còn thiếu so với chỉ tiêu giao\r\n\
         1,Hộ có cáp quang,chỉ số chính,10,4.5,đủ số liệu,\"Tỷ lệ = a/100 = 45/100 = 45% → 45% × 10 = 4,5\",cần thêm 55 a (Số hộ) để tỷ lệ đạt 100%,6,1.5\r\n\
         2,\"'=Có cổng\",chỉ số chính,10,0,đủ số liệu,Không → 0,cần đạt: =Có cổng,,\r\n\
         ,Tổng điểm,tổng,20,4.5,,,,,\r\n"
    );
    let xlsx = bytes(&h.unit_results(&doc, "en", "xlsx", None).unwrap());
    assert_eq!(&xlsx[..2], b"PK");
    assert!(h.unit_results(&doc, "vi", "ods", None).is_err());
}
