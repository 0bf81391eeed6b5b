//! Exclusion (issue 11): a unit marks an indicator not applicable with a reason where
//! the set allows it (Thanh Hóa 2021, "Trường hợp mặc định hoặc loại trừ"); the
//! appraisal accepts it (0 of 0) or rejects it (0 of the maximum); the province's
//! aggregation lists every exclusion with its reason. Figures worked by hand in
//! `tests/fixtures/thanh-hoa-department-2021--exclusion/README.md` and below.

use std::collections::BTreeMap;
use std::fs;
use std::path::PathBuf;
use std::process::Command;

use dti_score::aggregate::{aggregate, AggregateOptions, ExclusionRow, UnitEntry};
use dti_score::Lang;
use dti_score::{score, IndicatorSet, ScoreOptions, Status, Values};
use dti_score::{Appraisal, ExclusionVerdict};

const R1: &str = "Đơn vị không có thủ tục hành chính nào đủ điều kiện cung cấp trực tuyến mức độ 4";
const R2: &str = "Không có thủ tục mức độ 4 nên không phát sinh hồ sơ trực tuyến mức độ 4";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn department() -> IndicatorSet {
    let text =
        fs::read_to_string(root().join("indicator-sets/thanh-hoa-department-2021.json")).unwrap();
    IndicatorSet::from_json(&text).unwrap()
}

fn values_text() -> String {
    fs::read_to_string(
        root().join("tests/fixtures/thanh-hoa-department-2021--exclusion/values.json"),
    )
    .unwrap()
}

fn s(d: Option<rust_decimal::Decimal>) -> Option<String> {
    d.map(|d| d.to_string())
}

fn verdict(points: &str, reason: &str, exclusion: Option<ExclusionVerdict>) -> Appraisal {
    Appraisal {
        points: points.parse().unwrap(),
        reason: reason.into(),
        exclusion,
    }
}

/// The golden case's values scored with the appraisal council's entries.
fn appraised(appraisals: BTreeMap<String, Appraisal>) -> dti_score::Report {
    let values = Values::from_json(&values_text()).unwrap();
    let options = ScoreOptions {
        appraisals: Some(appraisals),
        ..ScoreOptions::default()
    };
    score(&department(), &values, &options)
}

#[test]
fn the_appraisal_accepts_one_exclusion_and_rejects_the_other() {
    let appraisals = BTreeMap::from([
        (
            "4.6.2".to_string(),
            verdict(
                "0",
                "Đúng: đơn vị không có TTHC mức độ 4",
                Some(ExclusionVerdict::Accepted),
            ),
        ),
        (
            "4.7.2".to_string(),
            verdict(
                "0",
                "Có 2 TTHC mức độ 4 đã công bố",
                Some(ExclusionVerdict::Rejected),
            ),
        ),
    ]);
    let report = appraised(appraisals);
    let n = |id: &str| &report.nodes[id];
    // Accepted: 0 of 0 stays.
    assert_eq!(n("4.6.2").status, Status::Excluded);
    assert_eq!(
        (s(n("4.6.2").achieved), s(n("4.6.2").achieved_max)),
        (Some("0".into()), None)
    );
    assert_eq!(
        n("4.6.2")
            .exclusion
            .as_ref()
            .map(|e| (e.reason.as_str(), e.verdict)),
        Some((R1, Some(ExclusionVerdict::Accepted)))
    );
    // Rejected: 0 of the maximum 5.
    assert_eq!(
        (
            s(n("4.7.2").points),
            s(n("4.7.2").max),
            s(n("4.7.2").achieved),
            s(n("4.7.2").achieved_max)
        ),
        (
            Some("0".into()),
            Some("0".into()),
            Some("0".into()),
            Some("5".into())
        )
    );
    assert_eq!(
        n("4.7.2").trace.vi,
        format!("Không áp dụng (lý do: {R2}) → 0 / 0, không tính vào điểm tối đa; thẩm định: không chấp nhận → 0 trên điểm tối đa")
    );
    // Parents: the self-assessed maximum without both, the achieved without 4.6.2 only.
    assert_eq!(
        (s(n("4.7").max), s(n("4.7").achieved_max)),
        (Some("5".into()), Some("10".into()))
    );
    assert_eq!(
        (s(n("4.6").max), s(n("4.6").achieved_max)),
        (Some("5".into()), None)
    );
    assert_eq!(
        (s(n("4").max), s(n("4").achieved_max)),
        (Some("45".into()), Some("50".into()))
    );
    // Totals: 7 of 150 → 7 × 160/150 = 7.4666… → 7.47 self-assessed; achieved 7 of 155
    // → 7 × 160/155 = 1120/155 = 7.2258… → 7.23.
    let a = report.applicable.as_ref().unwrap();
    assert_eq!(
        (
            a.max.to_string(),
            s(a.total),
            a.achieved_max.to_string(),
            s(a.achieved)
        ),
        (
            "150".into(),
            Some("7.47".into()),
            "155".into(),
            Some("7.23".into())
        )
    );
    assert_eq!(
        (s(report.total), s(report.achieved)),
        (Some("7".into()), Some("7".into()))
    );
}

#[test]
fn an_appraisal_that_scores_an_excluded_indicator_refuses_the_exclusion_with_its_points() {
    let appraisals = BTreeMap::from([(
        "4.6.2".to_string(),
        verdict("2", "Có 4 TTHC mức độ 4, 2 đã trực tuyến: 2 điểm", None),
    )]);
    let report = appraised(appraisals);
    let n = &report.nodes["4.6.2"];
    assert_eq!(
        (
            s(n.achieved),
            s(n.achieved_max),
            n.exclusion.as_ref().unwrap().verdict
        ),
        (Some("2".into()), Some("5".into()), None)
    );
    // Achieved 7 + 2 = 9 of 155 → 9 × 160/155 = 1440/155 = 9.2903… → 9.29.
    let a = report.applicable.as_ref().unwrap();
    assert_eq!(
        (a.achieved_max.to_string(), s(a.achieved)),
        ("155".into(), Some("9.29".into()))
    );
}

#[test]
fn without_exclusions_the_report_has_no_applicable_totals() {
    let set = department();
    let values = Values::from_json(r#"{"values": {"4.1.1": {"a": "1", "b": "2"}}}"#).unwrap();
    let report = score(&set, &values, &ScoreOptions::default());
    assert_eq!(report.applicable, None);
    let json = serde_json::to_value(&report).unwrap();
    assert!(json.get("applicable").is_none());
    assert!(json["nodes"]["4"].get("achieved_max").is_none());
}

fn unit_values(id: &str, name: &str, values: &str) -> String {
    format!(
        r#"{{"format": "dti-score/values/v1", "set": {{"id": "thanh-hoa-department-2021", "version": "2021.2"}},
            "year": 2021, "unit": {{"id": "{id}", "name": "{name}", "level": "department", "province": "thanh-hoa"}},
            "values": {values}}}"#
    )
}

fn batch_files() -> Vec<(&'static str, String)> {
    let a = values_text();
    let a_values: serde_json::Value = serde_json::from_str(&a).unwrap();
    vec![
        (
            "so-a.json",
            unit_values("so-a", "Sở A", &a_values["values"].to_string()),
        ),
        (
            "so-b.json",
            unit_values(
                "so-b",
                "Sở B",
                r#"{"4.1.1": {"a": "1", "b": "2"}, "6.2.1": {"excluded": "Đơn vị không có hệ thống thông tin riêng"}}"#,
            ),
        ),
    ]
}

#[test]
fn the_aggregation_lists_every_exclusion_with_its_reason() {
    let set = department();
    let units = batch_files()
        .into_iter()
        .map(|(f, text)| UnitEntry::from_values(Values::from_json(&text).unwrap(), f).unwrap())
        .collect();
    let out = aggregate(&set, units, &AggregateOptions::default());
    let row = |unit: &str, name: &str, id: &str, max: &str, reason: &str| ExclusionRow {
        unit_id: unit.into(),
        unit_name: Some(name.into()),
        id: id.into(),
        code: id.into(),
        max: Some(max.parse().unwrap()),
        reason: reason.into(),
        verdict: None,
    };
    let max_621 = set.node("6.2.1").unwrap().max.unwrap().to_string();
    assert_eq!(
        out.exclusions,
        [
            row("so-a", "Sở A", "4.6.2", "5", R1),
            row("so-a", "Sở A", "4.7.2", "5", R2),
            row(
                "so-b",
                "Sở B",
                "6.2.1",
                &max_621,
                "Đơn vị không có hệ thống thông tin riêng"
            ),
        ]
    );
    let table = out.exclusions_table(Lang::Vi);
    assert_eq!(
        table.header,
        [
            "Mã đơn vị",
            "Tên đơn vị",
            "Mã",
            "Điểm tối đa",
            "Lý do",
            "Kết luận thẩm định"
        ]
    );
    assert_eq!(
        table.keys,
        ["unit_id", "unit_name", "code", "max", "reason", "verdict"]
    );
    assert_eq!(
        out.exclusions_table(Lang::En).header,
        [
            "Unit ID",
            "Unit name",
            "Code",
            "Max",
            "Reason",
            "Appraisal verdict"
        ]
    );
    assert_eq!(table.rows.len(), 3);
}

#[test]
fn dti_score_aggregate_prints_every_exclusion() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("exclusion-batch");
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    for (f, text) in batch_files() {
        fs::write(dir.join(f), text).unwrap();
    }
    let xlsx = dir.join("tong-hop.xlsx");
    let o = Command::new(env!("CARGO_BIN_EXE_dti-score"))
        .args([
            "aggregate",
            "--set",
            "indicator-sets/thanh-hoa-department-2021.json",
            // Unsigned values files, no registry: taken only when asked (the trust chain).
            "--allow-unsigned",
            "--unregistered-keys",
        ])
        .arg(&dir)
        .arg("--xlsx")
        .arg(&xlsx)
        .current_dir(root())
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    let excluded: Vec<&str> = out.lines().filter(|l| l.starts_with("EXCLUDED")).collect();
    let set = department();
    let max_621 = set.node("6.2.1").unwrap().max.unwrap();
    assert_eq!(
        excluded,
        [
            format!("EXCLUDED so-a 4.6.2 (max 5): {R1}"),
            format!("EXCLUDED so-a 4.7.2 (max 5): {R2}"),
            format!(
                "EXCLUDED so-b 6.2.1 (max {max_621}): Đơn vị không có hệ thống thông tin riêng"
            ),
        ],
        "{out}"
    );
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    assert_eq!(
        book.sheet_names(),
        [
            "Xếp hạng",
            "Phân bố điểm",
            "Nguy cơ mất điểm",
            "Không áp dụng",
            "Tệp",
            "Số liệu mâu thuẫn"
        ]
    );
    let sheet = book.worksheet_range("Không áp dụng").unwrap();
    let second: Vec<String> = sheet
        .rows()
        .nth(1)
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(second, ["so-a", "Sở A", "4.6.2", "5", R1, ""]);
}

#[test]
fn each_indicator_excluded_alone_takes_exactly_its_maximum_out_of_its_ancestors() {
    let set = department();
    let scale = set.scale().unwrap();
    for leaf in set.leaves() {
        let text = format!(
            r#"{{"values": {{"{}": {{"excluded": "Lý do đặc thù"}}}}}}"#,
            leaf.id
        );
        let report = score(
            &set,
            &Values::from_json(&text).unwrap(),
            &ScoreOptions::default(),
        );
        let own = leaf.max.unwrap();
        let mut at = Some(set.index_of(&leaf.id).unwrap());
        while let Some(i) = at {
            let node = &set.nodes()[i];
            let r = &report.nodes[node.id.as_str()];
            let want = if node.id == leaf.id {
                rust_decimal::Decimal::ZERO
            } else {
                node.max.unwrap() - own
            };
            assert_eq!(
                r.max,
                Some(want),
                "{} excluded: max of {}",
                leaf.id,
                node.id
            );
            at = node.parent;
        }
        let a = report.applicable.as_ref().unwrap();
        assert_eq!(
            (a.max, a.total),
            (scale - own, Some(rust_decimal::Decimal::ZERO)),
            "{}",
            leaf.id
        );
        assert_eq!(report.nodes[leaf.id.as_str()].status, Status::Excluded);
    }
}
