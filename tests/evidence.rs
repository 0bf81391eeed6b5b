//! Evidence: the citation format (old and new), the citation checks, the signature over
//! the evidence, and matching evidence files to a signed submission (library and CLI).

use std::path::PathBuf;
use std::process::Command;

use dti_score::evidence::{check, sha256_hex};
use dti_score::sign::{Role, UnlockedKey};
use dti_score::submission::{build, SubmissionInput};
use dti_score::verify::evidence::{
    match_evidence, match_submission, EvidenceFiles, EvidenceStatus,
};
use dti_score::verify::{verify_file, CheckKind, Outcome, VerifyOptions};
use dti_score::{Evidence, EvidenceFile, IndicatorSet, Severity, Values};

/// 1.1 asks for evidence in its source text ("minh chứng"), 1.2 in its `evidence` field,
/// 2 does not.
const SET: &str = r#"{
  "format": "dti-score/indicator-set/v1", "id": "minh-chung", "version": "1",
  "title": { "vi": "Bộ có minh chứng" }, "scale": "100",
  "indicators": [
    { "code": "1", "title": { "vi": "Thể chế số" }, "max": "60", "children": [
      { "code": "1.1", "title": { "vi": "Ban hành kế hoạch chuyển đổi số" }, "max": "30",
        "source_text": "Có kế hoạch: điểm tối đa. Minh chứng: Kế hoạch của UBND.",
        "rule": { "kind": "yes_no" } },
      { "code": "1.2", "title": { "vi": "Báo cáo kết quả" }, "max": "30",
        "evidence": { "vi": "Báo cáo kết quả năm", "en": "The yearly report" },
        "rule": { "kind": "yes_no" } } ] },
    { "code": "2", "title": { "vi": "Ban chỉ đạo" }, "max": "40", "rule": { "kind": "yes_no" } }
  ]
}"#;

const HASH_TEST: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

fn set() -> IndicatorSet {
    IndicatorSet::from_json(SET).unwrap()
}

fn preparer() -> UnlockedKey {
    UnlockedKey::from_secret(&[1; 32], "xa-tan-hoa", "Nguyễn Văn An", Role::Preparer)
}

/// Values citing two files: `ke-hoach.pdf` (bytes "kế hoạch") for 1.1 and
/// `bao-cao.pdf` (bytes "báo cáo") for 1.2.
fn values_with_files() -> String {
    format!(
        r#"{{"format": "dti-score/values/v1", "year": 2025, "unit": {{"id": "xa-tan-hoa"}},
  "values": {{
    "1.1": {{"done": true, "evidence": [{{"document": "Kế hoạch số 05/KH-UBND", "date": "2025-03-01",
       "issuer": "UBND xã Tân Hòa", "title": "Kế hoạch chuyển đổi số năm 2025",
       "file": {{"name": "ke-hoach.pdf", "sha256": "{}", "size": "{}"}}}}]}},
    "1.2": {{"done": true, "evidence": [{{"document": "12/BC-UBND", "date": "15/12/2025",
       "file": {{"name": "bao-cao.pdf", "sha256": "{}", "size": "{}"}}}}]}},
    "2": {{"done": false}}
  }}}}"#,
        sha256_hex("kế hoạch".as_bytes()),
        "kế hoạch".len(),
        sha256_hex("báo cáo".as_bytes()),
        "báo cáo".len()
    )
}

fn signed(values: &str) -> String {
    let set = set();
    let values = Values::from_json(values).unwrap();
    let input = SubmissionInput {
        set: &set,
        values: &values,
        unit: None,
        year: None,
        created_at: "2025-12-20T08:00:00Z".into(),
    };
    build(&input, &preparer(), None).unwrap().to_json_pretty()
}

#[test]
fn new_fields_round_trip() {
    let v = Values::from_json(&values_with_files()).unwrap();
    let e = &v.values["1.1"].evidence[0];
    assert_eq!(
        e,
        &Evidence {
            document: Some("Kế hoạch số 05/KH-UBND".into()),
            date: Some("2025-03-01".into()),
            issuer: Some("UBND xã Tân Hòa".into()),
            title: Some("Kế hoạch chuyển đổi số năm 2025".into()),
            url: None,
            sha256: None,
            file: Some(EvidenceFile {
                name: "ke-hoach.pdf".into(),
                sha256: sha256_hex("kế hoạch".as_bytes()),
                size: Some("12".into()),
            }),
        }
    );
    assert_eq!(
        e.cited_sha256(),
        Some(sha256_hex("kế hoạch".as_bytes()).as_str())
    );
    // Written and read again: the same values.
    let again = Values::from_value(&v.to_json_value()).unwrap();
    assert_eq!(again, v);
    assert_eq!(
        v.to_json_value()["values"]["1.1"]["evidence"][0]["file"],
        serde_json::json!({"name": "ke-hoach.pdf", "sha256": sha256_hex("kế hoạch".as_bytes()), "size": "12"})
    );
}

#[test]
fn the_first_form_still_reads_the_same() {
    let text = format!(
        r#"{{"values": {{"2": {{"done": true, "evidence": [{{"document": "Báo cáo số 12/BC-UBND",
          "date": "2025-10-01", "url": "https://example.vn/12", "sha256": "{HASH_TEST}"}}]}}}}}}"#
    );
    let v = Values::from_json(&text).unwrap();
    let e = &v.values["2"].evidence[0];
    assert_eq!(
        e,
        &Evidence {
            document: Some("Báo cáo số 12/BC-UBND".into()),
            date: Some("2025-10-01".into()),
            url: Some("https://example.vn/12".into()),
            sha256: Some(HASH_TEST.into()),
            ..Evidence::default()
        }
    );
    assert_eq!(e.cited_sha256(), Some(HASH_TEST));
    // Written back with exactly its four members.
    assert_eq!(
        v.to_json_value()["values"]["2"]["evidence"],
        serde_json::json!([{"document": "Báo cáo số 12/BC-UBND", "date": "2025-10-01",
            "url": "https://example.vn/12", "sha256": HASH_TEST}])
    );
    assert!(check(&set(), &v).is_empty());
}

#[test]
fn unknown_and_ill_typed_members_are_load_errors() {
    let errs = Values::from_json(
        r#"{"values": {"2": {"evidence": [{"number": "1"}, {"file": {"name": "a.pdf"}}, {"title": 3}]}}}"#,
    )
    .unwrap_err();
    let got: Vec<(String, &str)> = errs
        .0
        .iter()
        .map(|f| (f.pointer.clone(), f.code()))
        .collect();
    assert_eq!(
        got,
        vec![
            (
                "/values/2/evidence/0/number".to_string(),
                "json.unknown_field"
            ),
            (
                "/values/2/evidence/1/file".to_string(),
                "json.missing_field"
            ),
            ("/values/2/evidence/2/title".to_string(), "json.wrong_type"),
        ]
    );
}

/// Every citation finding: its code, severity, where, and its messages (snapshot).
#[test]
fn citation_findings() {
    let values = Values::from_json(
        r#"{"values": {
      "1.1": {"done": true, "evidence": [
        {"document": "Quyết định số …/QĐ-UBND", "date": "2025-02-30"},
        {"document": "1234/QĐ-UBND", "date": "9/5/2025", "sha256": "abc"},
        {"file": {"name": " ", "sha256": "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A0G", "size": "4 KB"}}]},
      "1.2": {"done": true},
      "2": {"done": true, "evidence": [{"document": "17/CT-UBND", "date": "hôm qua"}]}
    }}"#,
    )
    .unwrap();
    let found = check(&set(), &values);
    /// indicator, citation, field, pointer, severity, code
    type Row<'a> = (
        &'a str,
        Option<usize>,
        Option<&'a str>,
        &'a str,
        Severity,
        &'a str,
    );
    let got: Vec<Row> = found
        .iter()
        .map(|e| {
            (
                e.indicator.as_str(),
                e.index,
                e.field,
                e.finding.pointer.as_str(),
                e.finding.severity,
                e.finding.code(),
            )
        })
        .collect();
    use Severity::{Error, Warning};
    assert_eq!(
        got,
        vec![
            (
                "1.1",
                Some(0),
                Some("document"),
                "/values/1.1/evidence/0/document",
                Warning,
                "evidence.document_shape"
            ),
            (
                "1.1",
                Some(0),
                Some("date"),
                "/values/1.1/evidence/0/date",
                Error,
                "evidence.bad_date"
            ),
            (
                "1.1",
                Some(1),
                Some("sha256"),
                "/values/1.1/evidence/1/sha256",
                Error,
                "evidence.bad_sha256"
            ),
            (
                "1.1",
                Some(2),
                Some("file.name"),
                "/values/1.1/evidence/2/file/name",
                Error,
                "evidence.file_name_blank"
            ),
            (
                "1.1",
                Some(2),
                Some("file.sha256"),
                "/values/1.1/evidence/2/file/sha256",
                Error,
                "evidence.bad_sha256"
            ),
            (
                "1.1",
                Some(2),
                Some("file.size"),
                "/values/1.1/evidence/2/file/size",
                Error,
                "evidence.bad_size"
            ),
            (
                "1.2",
                None,
                None,
                "/values/1.2",
                Warning,
                "evidence.not_given"
            ),
            (
                "2",
                Some(0),
                Some("date"),
                "/values/2/evidence/0/date",
                Error,
                "evidence.bad_date"
            ),
        ]
    );
    let messages: Vec<String> = found
        .iter()
        .map(|e| {
            format!(
                "{} {}\n  vi: {}\n  en: {}",
                e.finding.code(),
                e.finding.pointer,
                e.finding.message(dti_score::Lang::Vi),
                e.finding.message(dti_score::Lang::En)
            )
        })
        .collect();
    insta::assert_snapshot!(messages.join("\n"));
    // As the page receives them: where, spelt out, beside the finding's own fields.
    assert_eq!(
        serde_json::to_value(&found[6]).unwrap(),
        serde_json::json!({
            "indicator": "1.2", "pointer": "/values/1.2", "severity": "warning",
            "code": "evidence.not_given",
            "vi": "chỉ số 1.2: bộ chỉ số yêu cầu minh chứng nhưng đơn vị chưa nêu minh chứng nào",
            "en": "indicator 1.2: the set asks for evidence and the unit has given none"
        })
    );
}

#[test]
fn evidence_is_asked_only_where_the_set_names_it_and_the_unit_answered() {
    let set = set();
    // Nothing answered: no warning. 1.1 excluded or with a citation at its parent: none.
    let none = Values::from_json(r#"{"values": {}}"#).unwrap();
    assert!(check(&set, &none).is_empty());
    let answered = Values::from_json(
        r#"{"values": {"1.1": {"done": true}, "1.2": {"done": true, "evidence": [{"title": "Báo cáo"}]}, "2": {"done": true}}}"#,
    )
    .unwrap();
    let codes: Vec<(String, &str)> = check(&set, &answered)
        .iter()
        .map(|e| (e.indicator.clone(), e.finding.code()))
        .collect();
    assert_eq!(codes, vec![("1.1".to_string(), "evidence.not_given")]);
    // The first-load engine's part: the same warnings, without the citations' checks.
    let with_bad_date = Values::from_json(
        r#"{"values": {"1.1": {"done": true}, "1.2": {"done": true, "evidence": [{"date": "mai"}]}}}"#,
    )
    .unwrap();
    let missing: Vec<(String, &str)> = dti_score::evidence::missing(&set, &with_bad_date)
        .iter()
        .map(|e| (e.indicator.clone(), e.finding.code()))
        .collect();
    assert_eq!(missing, vec![("1.1".to_string(), "evidence.not_given")]);
    assert_eq!(check(&set, &with_bad_date).len(), 2);
    let mut nodes: Vec<&str> = set
        .nodes()
        .iter()
        .filter(|n| dti_score::evidence::expects_evidence(n))
        .map(|n| n.id.as_str())
        .collect();
    nodes.sort();
    assert_eq!(nodes, vec!["1.1", "1.2"]);
    // In the shipped sets: only the 2025 province set's 1.4 has an `evidence` field, and
    // no text names "minh chứng".
    for (file, expected) in [
        ("indicator-sets/dti-province-2025.json", vec!["1.4"]),
        ("indicator-sets/vinh-long-2025.json", vec![]),
        ("indicator-sets/dti-province-2022.json", vec![]),
    ] {
        let text = std::fs::read_to_string(file).unwrap();
        let s = IndicatorSet::from_json(&text).unwrap();
        let ids: Vec<&str> = s
            .nodes()
            .iter()
            .filter(|n| dti_score::evidence::expects_evidence(n))
            .map(|n| n.code.as_str())
            .collect();
        assert_eq!(ids, expected, "{file}");
    }
}

#[test]
fn signing_refuses_a_citation_error() {
    let set = set();
    let values = Values::from_json(
        r#"{"year": 2025, "values": {"2": {"done": true, "evidence": [{"date": "2025-13-01"}]}}}"#,
    )
    .unwrap();
    let input = SubmissionInput {
        set: &set,
        values: &values,
        unit: None,
        year: None,
        created_at: "2025-12-20T08:00:00Z".into(),
    };
    let err = build(&input, &preparer(), None).unwrap_err();
    use dti_score::Message;
    assert_eq!(err.code(), "submission.evidence");
    assert_eq!(
        err.message(dti_score::Lang::En),
        "cannot sign: the evidence at /values/2/evidence/0/date has an error: date “2025-13-01” is not a valid date: write it as YYYY-MM-DD (2025-05-09) or D/M/YYYY (9/5/2025)"
    );
    assert_eq!(
        err.message(dti_score::Lang::Vi),
        "không ký được: minh chứng tại /values/2/evidence/0/date có lỗi: ngày “2025-13-01” không phải ngày hợp lệ: viết theo dạng NNNN-TT-NN (2025-05-09) hoặc N/T/NNNN (9/5/2025)"
    );
    // A warning (a document number of another shape) does not stop signing.
    let values = Values::from_json(
        r#"{"year": 2025, "values": {"2": {"done": true, "evidence": [{"document": "Công văn không số"}]}}}"#,
    )
    .unwrap();
    let input = SubmissionInput {
        values: &values,
        ..input
    };
    assert!(build(&input, &preparer(), None).is_ok());
}

#[test]
fn the_signature_covers_the_evidence() {
    let set = set();
    let text = signed(&values_with_files());
    let options = VerifyOptions {
        set: &set,
        registry: None,
        year: None,
        period: None,
    };
    let verdict = verify_file("s.json", text.as_bytes(), &options);
    assert!(verdict.passed);
    // The signed submission carries the citation as entered.
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        doc["values"]["values"]["1.1"]["evidence"][0]["file"]["name"],
        "ke-hoach.pdf"
    );
    assert_eq!(
        doc["values"]["values"]["1.1"]["evidence"][0]["issuer"],
        "UBND xã Tân Hòa"
    );
    // Any change to the evidence, even one that leaves the scores alone, breaks the signature.
    for (pointer, new) in [
        (
            "/values/values/1.1/evidence/0/file/sha256",
            serde_json::json!(HASH_TEST),
        ),
        (
            "/values/values/1.1/evidence/0/file/name",
            serde_json::json!("khac.pdf"),
        ),
        (
            "/values/values/1.2/evidence/0/date",
            serde_json::json!("16/12/2025"),
        ),
        (
            "/values/values/1.1/evidence/0/title",
            serde_json::json!("Kế hoạch khác"),
        ),
    ] {
        let mut tampered = doc.clone();
        *tampered.pointer_mut(pointer).unwrap() = new;
        let bytes = serde_json::to_vec(&tampered).unwrap();
        let verdict = verify_file("t.json", &bytes, &options);
        assert!(!verdict.passed, "{pointer}");
        let signature = verdict
            .checks
            .iter()
            .find(|c| c.kind == CheckKind::Signature)
            .unwrap();
        assert_eq!(signature.outcome, Outcome::Fail, "{pointer}");
        let recomputation = verdict
            .checks
            .iter()
            .find(|c| c.kind == CheckKind::Recomputation)
            .unwrap();
        assert_eq!(recomputation.outcome, Outcome::Pass, "{pointer}");
    }
    // A citation removed: the same.
    let mut tampered = doc.clone();
    tampered["values"]["values"]["1.2"]
        .as_object_mut()
        .unwrap()
        .remove("evidence");
    let verdict = verify_file("t.json", &serde_json::to_vec(&tampered).unwrap(), &options);
    assert!(!verdict.passed);
}

#[test]
fn files_matched_missing_and_altered() {
    let set = set();
    let values = Values::from_json(&values_with_files()).unwrap();
    // All there, one under another name and in a folder: matched by hash.
    let files = EvidenceFiles::from_files([
        ("ke-hoach.pdf", "kế hoạch".as_bytes()),
        ("minh-chung/bc-2025.pdf", "báo cáo".as_bytes()),
    ]);
    let got: Vec<(String, EvidenceStatus, Option<String>)> =
        match_evidence(Some(&set), &values, &files)
            .into_iter()
            .map(|m| (m.indicator, m.status, m.found))
            .collect();
    assert_eq!(
        got,
        vec![
            (
                "1.1".into(),
                EvidenceStatus::Matching,
                Some("ke-hoach.pdf".into())
            ),
            (
                "1.2".into(),
                EvidenceStatus::Matching,
                Some("bc-2025.pdf".into())
            ),
        ]
    );
    // The plan tampered with (one byte more), the report absent.
    let files = EvidenceFiles::from_files([("ke-hoach.pdf", "kế hoạch!".as_bytes())]);
    let found = match_evidence(Some(&set), &values, &files);
    assert_eq!(found[0].status, EvidenceStatus::Altered);
    assert_eq!(found[0].found.as_deref(), Some("ke-hoach.pdf"));
    assert_eq!(
        found[0].found_sha256.as_deref(),
        Some(sha256_hex("kế hoạch!".as_bytes()).as_str())
    );
    assert_eq!(found[0].outcome_code, "evidence.altered");
    assert_eq!(
        found[0].en,
        "indicator 1.1: evidence file “ke-hoach.pdf” altered (its SHA-256 differs from the one signed)"
    );
    assert_eq!(
        found[0].vi,
        "chỉ số 1.1: tệp minh chứng “ke-hoach.pdf” đã bị thay đổi (mã SHA-256 khác với mã đã ký)"
    );
    assert_eq!(found[1].status, EvidenceStatus::Missing);
    assert_eq!(found[1].outcome_code, "evidence.missing");
    assert_eq!(
        found[1].en,
        "indicator 1.2: evidence file “bao-cao.pdf” missing"
    );
    assert_eq!(
        found[1].vi,
        "chỉ số 1.2: thiếu tệp minh chứng “bao-cao.pdf”"
    );
    // From the signed file's bytes, the same.
    let text = signed(&values_with_files());
    let sub = match_submission("s.json", text.as_bytes(), Some(&set), &files);
    assert!(sub.read);
    assert!(!sub.all_matching());
    assert_eq!(
        sub.matches.iter().map(|m| m.status).collect::<Vec<_>>(),
        vec![EvidenceStatus::Altered, EvidenceStatus::Missing]
    );
    let not_json = match_submission("x.json", b"{", Some(&set), &files);
    assert!(!not_json.read);
    assert!(not_json.matches.is_empty());
}

fn folder(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("dti-score-evidence-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("files")).unwrap();
    std::fs::write(dir.join("set.json"), SET).unwrap();
    std::fs::write(dir.join("s.json"), signed(&values_with_files())).unwrap();
    dir
}

fn verify_cli(dir: &std::path::Path, en: bool) -> (Option<i32>, String) {
    let mut args = vec![
        "verify",
        "--set",
        "set.json",
        "--evidence",
        "files",
        "s.json",
    ];
    if en {
        args.push("--en");
    }
    let o = Command::new(env!("CARGO_BIN_EXE_dti-score"))
        .args(&args)
        .current_dir(dir)
        .output()
        .unwrap();
    (o.status.code(), String::from_utf8(o.stdout).unwrap())
}

#[test]
fn cli_verify_evidence() {
    let dir = folder("cli");
    std::fs::write(dir.join("files/ke-hoach.pdf"), "kế hoạch").unwrap();
    std::fs::write(dir.join("files/bao-cao.pdf"), "báo cáo").unwrap();
    let (code, out) = verify_cli(&dir, true);
    assert_eq!(
        out,
        "UNPROVEN s.json (xa-tan-hoa, 2025, total 60)\n  signatures valid, signers not proven (needs keys.json signed by the province and --province-key)\n  signer_key prepared_by: skipped (no key registry (keys.json) was given)\n0/1 submissions pass; 1 with valid signatures but signers not proven\nEvidence of s.json\n  MATCHING indicator 1.1: evidence “ke-hoach.pdf” present and matching (ke-hoach.pdf)\n  MATCHING indicator 1.2: evidence “bao-cao.pdf” present and matching (bao-cao.pdf)\n2/2 evidence files match\n"
    );
    // Every file matches: the verdict's own exit code (3: signers not proven).
    assert_eq!(code, Some(3));
    // The report tampered with, the plan gone: exit 1.
    std::fs::write(dir.join("files/bao-cao.pdf"), "báo cáo (sửa)").unwrap();
    std::fs::remove_file(dir.join("files/ke-hoach.pdf")).unwrap();
    let (code, out) = verify_cli(&dir, false);
    assert_eq!(code, Some(1));
    let tail: Vec<&str> = out
        .lines()
        .skip_while(|l| !l.starts_with("Minh chứng"))
        .collect();
    assert_eq!(
        tail,
        vec![
            "Minh chứng của s.json",
            "  THIẾU    chỉ số 1.1: thiếu tệp minh chứng “ke-hoach.pdf”",
            "  BỊ SỬA   chỉ số 1.2: tệp minh chứng “bao-cao.pdf” đã bị thay đổi (mã SHA-256 khác với mã đã ký)",
            "0/2 tệp minh chứng khớp",
        ]
    );
    let _ = std::fs::remove_dir_all(&dir);
}
