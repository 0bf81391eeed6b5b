//! Issue 11: the readings of the shipped sets that the sources' own words decide —
//! Thanh Hóa's "Tỷ lệ …" items scored against the best unit of a batch (hand-derived
//! in `tests/fixtures/thanh-hoa-2021--relative-batch/README.md`), and every changed
//! reading listed by `dti-score validate --interpretations` with its quote.

use std::fs;
use std::path::PathBuf;
use std::process::Command;

use dti_score::aggregate::{aggregate, AggregateOptions, UnitEntry};
use dti_score::{IndicatorSet, Status, Values};
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn shipped(id: &str) -> IndicatorSet {
    let text = fs::read_to_string(root().join(format!("indicator-sets/{id}.json"))).unwrap();
    IndicatorSet::from_json(&text).unwrap()
}

fn batch(files: &[&str]) -> Vec<UnitEntry> {
    let dir = root().join("tests/fixtures/thanh-hoa-2021--relative-batch");
    files
        .iter()
        .map(|f| {
            let text = fs::read_to_string(dir.join(f)).unwrap();
            UnitEntry::from_values(Values::from_json(&text).unwrap(), *f).unwrap()
        })
        .collect()
}

/// (unit id, indicator id) → (points, status), and unit id → (total, rank).
fn points(out: &dti_score::aggregate::Aggregate, unit: &str, id: &str) -> (String, Status) {
    let u = out.units.iter().find(|u| u.unit.id == unit).unwrap();
    let n = &u.report.nodes[id];
    (n.points.unwrap().to_string(), n.status)
}

fn totals(out: &dti_score::aggregate::Aggregate) -> Vec<(String, String, u64)> {
    out.units
        .iter()
        .map(|u| {
            (
                u.unit.id.clone(),
                u.total.unwrap().to_string(),
                u.rank.unwrap(),
            )
        })
        .collect()
}

#[test]
fn thanh_hoa_department_shares_are_scored_against_the_best_department() {
    let set = shipped("thanh-hoa-department-2021");
    let out = aggregate(
        &set,
        batch(&[
            "department-a.json",
            "department-b.json",
            "department-c.json",
        ]),
        &AggregateOptions {
            traces: true,
            ..AggregateOptions::default()
        },
    );
    let ok = |p: &str| (p.to_string(), Status::Ok);
    assert_eq!(points(&out, "so-a", "2.4.1"), ok("1.2"));
    assert_eq!(points(&out, "so-b", "2.4.1"), ok("3"));
    assert_eq!(points(&out, "so-c", "2.4.1"), ok("2.1"));
    assert_eq!(points(&out, "so-a", "6.1.1"), ok("2"));
    assert_eq!(points(&out, "so-b", "6.1.1"), ok("1"));
    assert_eq!(points(&out, "so-c", "6.1.1"), ok("1"));
    assert_eq!(
        totals(&out),
        [
            ("so-b".to_string(), "4".to_string(), 1),
            ("so-a".to_string(), "3.2".to_string(), 2),
            ("so-c".to_string(), "3.1".to_string(), 3),
        ]
    );
    let best = &out.relative["2.4.1"];
    assert_eq!(
        (best.best.to_string(), best.best_unit.as_deref()),
        ("0.05".to_string(), Some("Sở B"))
    );
    assert_eq!(out.relative["6.1.1"].best_unit.as_deref(), Some("Sở A"));
    let c = out.units.iter().find(|u| u.unit.id == "so-c").unwrap();
    assert_eq!(
        c.report.nodes["2.4.1"].trace.vi,
        "Tỷ lệ = a/b = 7/200 = 3,5%; cao nhất (Sở B) = 5% → 3,5%/5% × 3 = 2,1"
    );
}

#[test]
fn thanh_hoa_district_grdp_share_is_scored_against_the_best_district() {
    let set = shipped("thanh-hoa-district-2021");
    let out = aggregate(
        &set,
        batch(&["district-x.json", "district-y.json"]),
        &AggregateOptions::default(),
    );
    assert_eq!(
        points(&out, "huyen-x", "II.5.2.1"),
        ("3".to_string(), Status::Ok)
    );
    assert_eq!(
        points(&out, "huyen-y", "II.5.2.1"),
        ("2".to_string(), Status::Ok)
    );
    assert_eq!(
        totals(&out),
        [
            ("huyen-x".to_string(), "3".to_string(), 1),
            ("huyen-y".to_string(), "2".to_string(), 2),
        ]
    );
}

/// The interpretations `dti-score validate --interpretations --json` lists for a set,
/// as (node id or "(set)", kind, first line of the quote).
fn listed(set: &str) -> Vec<(String, String, String)> {
    let o = Command::new(env!("CARGO_BIN_EXE_dti-score"))
        .args([
            "validate",
            "--interpretations",
            "--json",
            &format!("indicator-sets/{set}.json"),
        ])
        .current_dir(root())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    v["interpretations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["node"].as_str().unwrap_or("(set)").to_string(),
                i["kind"].as_str().unwrap().to_string(),
                i["quote"]
                    .as_str()
                    .unwrap_or("")
                    .lines()
                    .next()
                    .unwrap_or("")
                    .to_string(),
            )
        })
        .collect()
}

fn has(list: &[(String, String, String)], node: &str, kind: &str, quote: &str) -> bool {
    list.iter()
        .any(|(n, k, q)| n == node && k == kind && q == quote)
}

#[test]
fn every_reading_of_issue_11_is_listed_with_its_quote() {
    let vl = listed("vinh-long-2025");
    assert!(has(
        &vl,
        "3.6",
        "interpretation",
        "- a= Số lượng nền tảng số đã triển khai;"
    ));
    assert!(has(
        &vl,
        "1.2",
        "interpretation",
        "b=Tổng số lượng văn bản chỉ đạo chuyên đề về chuyển đổi số theo yêu cầu Bộ TTTT;"
    ));
    let population =
        "a= Dân số từ 14 tuổi trở lên đã được cấp tài khoản định danh điện tử mức 2 trở lên tính đến cuối kỳ báo cáo";
    assert!(has(&vl, "8.1", "interpretation", population));
    let p25 = listed("dti-province-2025");
    assert!(has(&p25, "6.1", "interpretation", population));
    assert!(has(
        &p25,
        "6.2",
        "interpretation",
        "a= Số người dân từ 15 tuổi trở lên có tài khoản giao dịch đang còn hoạt động tại ngân hàng hoặc các tổ chức được phép khác"
    ));
    assert!(has(
        &p25,
        "6.4",
        "interpretation",
        "a= Số người có Sổ sức khỏe điện tử"
    ));
    assert!(has(
        &p25,
        "(set)",
        "interpretation",
        "Bộ Khoa học và Công nghệ đang lấy ý kiến các Bộ, ngành, địa phương tại Văn bản số 3530/CĐSQG-DVS ngày 17/12/2025."
    ));
    let p22 = listed("dti-province-2022");
    assert!(has(
        &p22,
        "1.3",
        "interpretation",
        "b = Tổng số lượng văn bản chỉ đạo chuyên đề về chuyên đổi số của Tỉnh, thành phố theo yêu cầu của Bộ TTTT;"
    ));
    let minmax = "Phương pháp Z-Score và phương pháp Min-Max sẽ được xem xét áp dụng";
    let dept = listed("thanh-hoa-department-2021");
    for (id, title) in [
        ("2.4.1", "Tỷ lệ chi ngân sách của đơn vị cho ứng dụng CNTT"),
        ("2.4.2", "Tỷ lệ chi ngân sách cho an toàn thông tin mạng"),
        ("6.1.1", "Tỷ lệ cán bộ chuyên trách CNTT"),
        ("6.1.3", "Tỷ lệ cán bộ chuyên trách an toàn thông tin"),
    ] {
        let quote = format!("{title} — {minmax}");
        assert!(has(&dept, id, "interpretation", &quote), "{id}");
    }
    assert!(has(
        &dept,
        "(set)",
        "interpretation",
        "c. Trường hợp mặc định hoặc loại trừ"
    ));
    assert!(has(
        &p22,
        "(set)",
        "interpretation",
        "Theo kết quả công bố Bộ Chỉ số đánh giá chuyển đổi số (DTI) của các tỉnh, thành phố năm 2024, tỉnh Gia Lai xếp hạng 31/34 tỉnh, thành phố trên cả nước với 03 trụ cột là chính quyền số, kinh tế số và xã hội số, gồm 08 chỉ số chính với 47 chỉ số thành phần."
    ));
    let district = listed("thanh-hoa-district-2021");
    assert!(has(
        &district,
        "(set)",
        "interpretation",
        "c. Trường hợp mặc định hoặc loại trừ"
    ));
    let set = shipped("thanh-hoa-district-2021");
    for id in [
        "I.2.4.1",
        "I.2.4.2",
        "I.6.1.1",
        "I.6.1.3",
        "II.2.3.1",
        "II.5.1.1",
        "II.5.1.2",
        "II.5.2.1",
        "III.2.3.1",
    ] {
        let quote = format!("{} — {minmax}", set.node(id).unwrap().title.vi);
        assert!(has(&district, id, "interpretation", &quote), "{id}");
    }
}

#[test]
fn the_an_giang_targets_record_the_rank_and_the_directive_s_discrepancies() {
    let set = shipped("dti-province-2025");
    let text =
        fs::read_to_string(root().join("indicator-sets/targets/an-giang-2026.json")).unwrap();
    let t = dti_score::Targets::from_json(&text, &set).unwrap();
    assert_eq!(
        t.rank_target,
        Some(dti_score::RankTarget { rank: 10, of: 34 })
    );
    let o = Command::new(env!("CARGO_BIN_EXE_dti-score"))
        .args([
            "validate",
            "--interpretations",
            "--json",
            "--targets",
            "indicator-sets/targets/an-giang-2026.json",
            "indicator-sets/dti-province-2025.json",
        ])
        .current_dir(root())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let from_targets: Vec<(Value, String, Value)> = v["interpretations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["targets"] == "an-giang")
        .map(|i| {
            (
                i["node"].clone(),
                i["kind"].as_str().unwrap().to_string(),
                i["quote"].clone(),
            )
        })
        .collect();
    assert_eq!(
        from_targets[0],
        (
            Value::Null,
            "source_discrepancy".to_string(),
            Value::from("1. Đối với Sở Khoa học và Công nghệ (gồm 17 chỉ số, phấn đấu đạt 460/550 điểm) … 2.2 Chỉ số cụ thể đối với các sở, ban, ngành tỉnh (gồm 11 chỉ số, phấn đấu đạt 400/450 điểm)")
        )
    );
    let assigned: Vec<&str> = from_targets[1..]
        .iter()
        .map(|(n, _, _)| n.as_str().unwrap())
        .collect();
    assert!(assigned.contains(&"4.1"), "{assigned:?}");
    let note = t.targets["4.1"].note.as_deref().unwrap();
    assert!(note.contains("Cổng thông tin điện tử đáp ứng yêu cầu chức năng, tính năng kỹ thuật theo quy định. Thời gian hoàn thành: Quý I/2026. Chỉ tiêu phấn đấu: 20/20 điểm"));
}

#[test]
fn each_set_states_its_legal_status_and_the_page_receives_it() {
    use dti_score::set::SetStatus;
    let want = [
        ("dti-province-2022", SetStatus::Superseded, "superseded"),
        (
            "dti-province-2025",
            SetStatus::ConsultationDraft,
            "consultation_draft",
        ),
        ("thanh-hoa-department-2021", SetStatus::Official, "official"),
        ("thanh-hoa-district-2021", SetStatus::Official, "official"),
        ("vinh-long-2025", SetStatus::Official, "official"),
    ];
    for (id, status, name) in want {
        let set = shipped(id);
        assert_eq!(set.status(), status, "{id}");
        let description = serde_json::to_value(&set).unwrap();
        assert_eq!(description["status"], name, "{id}");
    }
    // Without the field a set is official.
    let tiny = IndicatorSet::from_json(
        r#"{"format": "dti-score/indicator-set/v1", "id": "tiny", "version": "1",
            "title": {"vi": "Nhỏ"}, "scale": "10",
            "indicators": [{"code": "1", "title": {"vi": "Có"}, "max": "10", "rule": {"kind": "yes_no"}}]}"#,
    )
    .unwrap();
    assert_eq!(tiny.status(), SetStatus::Official);
}

#[test]
fn the_format_carries_implementing_agencies_and_context_assignments() {
    // Gia Lai's appendix: "Cơ quan thực hiện" is implementing, not coordinating.
    let set = shipped("dti-province-2025");
    let text = fs::read_to_string(root().join("indicator-sets/targets/gia-lai-2026.json")).unwrap();
    let t = dti_score::Targets::from_json(&text, &set).unwrap();
    assert!(t.targets.values().all(|x| x.coordinating.is_empty()));
    assert_eq!(
        t.targets
            .values()
            .filter(|x| !x.implementing.is_empty())
            .count(),
        26
    );
    // Vĩnh Long's general information: agencies, timing and proposed action per field.
    let vl = shipped("vinh-long-2025");
    let population = vl.context().iter().find(|c| c.id == "population").unwrap();
    assert_eq!(
        (
            population.lead.as_deref(),
            population.coordinating.as_slice(),
            population.deadline.as_deref(),
            population.notes[0].text.vi.as_str()
        ),
        (
            Some("Chi Cục Thống kê"),
            ["UBND các địa phương".to_string()].as_slice(),
            Some("Hàng năm"),
            "Cơ quan chủ trì, phối hợp với các cơ quan theo phân công cung cấp số liệu"
        )
    );
    let postal = vl
        .context()
        .iter()
        .find(|c| c.id == "postal_points")
        .unwrap();
    assert_eq!(postal.coordinating, ["Bưu điện tỉnh", "Viettel Vĩnh Long"]);
    // A node's implementing agencies are read and given to the page.
    let tiny = IndicatorSet::from_json(
        r#"{"format": "dti-score/indicator-set/v1", "id": "tiny", "version": "1",
            "title": {"vi": "Nhỏ"}, "scale": "10",
            "indicators": [{"code": "1", "title": {"vi": "Có"}, "max": "10", "rule": {"kind": "yes_no"},
              "lead": "Sở Khoa học và Công nghệ", "implementing": ["Sở Tài chính"], "coordinating": ["UBND các xã"]}]}"#,
    )
    .unwrap();
    let d = serde_json::to_value(&tiny).unwrap();
    assert_eq!(
        d["nodes"][0]["implementing"],
        serde_json::json!(["Sở Tài chính"])
    );
    assert_eq!(
        d["nodes"][0]["coordinating"],
        serde_json::json!(["UBND các xã"])
    );
}

#[test]
fn manual_indicators_of_the_2022_set_take_the_attainment() {
    use dti_score::set::Rule;
    let set = shipped("dti-province-2022");
    for id in ["6.4", "6.14", "6.21", "8.8.3"] {
        let n = set.node(id).unwrap();
        assert_eq!((&n.rule, n.inputs.len()), (&Some(Rule::Manual), 0), "{id}");
    }
    // A manual indicator without a maximum is an error only outside a draft set.
    let err = IndicatorSet::from_json(
        r#"{"format": "dti-score/indicator-set/v1", "id": "tiny", "version": "1",
            "title": {"vi": "Nhỏ"}, "scale": "10",
            "indicators": [{"code": "1", "title": {"vi": "Có"}, "rule": {"kind": "manual"}}]}"#,
    )
    .unwrap_err();
    assert!(err
        .0
        .iter()
        .any(|f| matches!(f.kind, dti_score::ErrorKind::NeedsMax { kind: "manual" })));
}
