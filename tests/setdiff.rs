//! Two versions of a set compared (`dti_score::set::diff`, `dti-score set diff`).

use std::process::{Command, Output};

use dti_score::set::diff::{diff, MatchedBy, SetDiff};
use dti_score::IndicatorSet;

fn load(path: &str) -> IndicatorSet {
    let text = std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    IndicatorSet::from_json(&text).unwrap()
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dti-score"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// (indicator code, change code, before, after) in Vietnamese, every row.
fn rows(d: &SetDiff) -> Vec<(String, String, String, String)> {
    d.records()
        .map(|(code, r)| {
            let side = |b: &Option<dti_score::Bilingual>| {
                b.as_ref().map_or("—".into(), |b| b.vi.clone())
            };
            (
                code.to_string(),
                r.code().to_string(),
                side(&r.before),
                side(&r.after),
            )
        })
        .collect()
}

fn row(code: &str, change: &str, before: &str, after: &str) -> (String, String, String, String) {
    (code.into(), change.into(), before.into(), after.into())
}

#[test]
fn the_hand_made_pair_gives_every_kind_of_change() {
    let d = diff(
        &load("tests/setdiff/old.json"),
        &load("tests/setdiff/new.json"),
    );
    assert_eq!(
        rows(&d),
        vec![
            row("", "setdiff.set_id", "pair-2024", "pair-2025"),
            row("", "setdiff.set_version", "1", "2"),
            row(
                "",
                "setdiff.set_title",
                "Bộ thử năm 2024",
                "Bộ thử năm 2025"
            ),
            row("", "setdiff.scale", "110", "115"),
            row(
                "",
                "setdiff.rounding",
                "2 chữ số thập phân, làm tròn nửa ra xa số 0",
                "1 chữ số thập phân, bỏ phần thừa"
            ),
            row(
                "",
                "setdiff.legal_basis",
                "Quyết định số 1/QĐ-UBND, 2024-01-15",
                "Quyết định số 2/QĐ-UBND, 2025-01-20"
            ),
            row(
                "",
                "setdiff.status",
                "văn bản chính thức",
                "dự thảo lấy ý kiến"
            ),
            row("", "setdiff.input_removed", "Dân số", "—"),
            row("", "setdiff.input_added", "—", "Số hộ"),
            row("1", "setdiff.renamed", "Một", "Một mới"),
            row("1", "setdiff.max_changed", "60", "65"),
            row("1.1", "setdiff.rule", "a/b", "a/c"),
            row("1.1", "setdiff.rule", "(không có)", "1,05"),
            row("1.1", "setdiff.input_removed", "Tổng số", "—"),
            row("1.1", "setdiff.input_relabelled", "Số đạt", "Số đạt được"),
            row("1.1", "setdiff.input_added", "—", "Tổng số mới"),
            row("1.1", "setdiff.evidence", "Báo cáo", "Báo cáo và danh sách"),
            row(
                "1.1",
                "setdiff.source",
                "Quyết định số 1/QĐ-UBND, STT 1.1",
                "Quyết định số 2/QĐ-UBND, STT 1.1"
            ),
            row("1.2", "setdiff.rule", "(tên chỉ số)", "Đã ban hành"),
            row("1.3", "setdiff.item_fraction", "0,5", "0,25"),
            row("1.3", "setdiff.item_label", "Mục hai", "Mục hai sửa"),
            row("1.3", "setdiff.item_added", "—", "Mục ba (0,25)"),
            row("1.4", "setdiff.item_removed", "Chưa đạt (0)", "—"),
            row("1.4", "setdiff.item_added", "—", "Không đạt (0)"),
            row("1.5", "setdiff.rule", "có", "không"),
            row(
                "1.5",
                "setdiff.rule",
                "≥ 10 → 1; ≥ 0 → 0,5",
                "≥ 12 → 1; ≥ 0 → 0,5"
            ),
            row("1.5", "setdiff.rule", "(không có)", "Có chuyên mục"),
            row("1.6", "setdiff.rule", "0,8", "2025–2026: 0,8; 2027: 0,9"),
            row("1.7", "setdiff.code_changed", "2.5", "1.7"),
            row("1.7", "setdiff.moved", "2", "1"),
            row("2.1", "setdiff.max_changed", "10", "15"),
            row("2.1", "setdiff.rule", "0,5", "0,6"),
            row("2.2", "setdiff.rule", "a", "a/2"),
            row("2.2", "setdiff.rule", "1", "2"),
            row("2.3", "setdiff.item_fraction", "0,5", "0,25"),
            row("2.3", "setdiff.item_label", "Phần một", "Phần một sửa"),
            row("2.3", "setdiff.item_fraction", "0,5", "0,75"),
            row("2.3", "setdiff.rule_kind", "yes_no", "manual"),
            row("2.3", "setdiff.rule", "a/b", "a/(a+b)"),
            row(
                "2.4",
                "setdiff.rule",
                "tỷ lệ với đơn vị tốt nhất",
                "min–max"
            ),
            row(
                "2.4",
                "setdiff.rule",
                "(không có)",
                "tốt nhất 0,9, kém nhất 0,1"
            ),
            row("2.6", "setdiff.matched_by_code", "—", "—"),
            row("2.6", "setdiff.rule_kind", "manual", "yes_no"),
            row("2.7", "setdiff.added", "—", "5"),
            row("2.9", "setdiff.removed", "5", "—"),
        ]
    );
    let by: Vec<_> = d
        .indicators
        .iter()
        .map(|i| (i.id.as_str(), i.matched_by))
        .collect();
    assert_eq!(
        by[by.len() - 3..],
        [
            ("k-new", MatchedBy::Code),
            ("2.7", MatchedBy::Added),
            ("2.9", MatchedBy::Removed)
        ]
    );
    let totals: Vec<_> = d
        .totals
        .iter()
        .map(|t| {
            (
                t.code.as_str(),
                t.before.unwrap().to_string(),
                t.after.unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        totals,
        [
            ("1", "60".into(), "65".into()),
            ("2", "50".into(), "50".into())
        ]
    );
    assert_eq!(
        (
            d.total_before.unwrap().to_string(),
            d.total_after.unwrap().to_string()
        ),
        ("110".into(), "115".into())
    );
    // Every message in both languages is pinned by the CLI's snapshots (cli_vi, cli_en).
}

/// Every shipped set, template and authoring set (the golden fixtures score these), and
/// any fixture with its own `set.json`.
fn every_set() -> Vec<String> {
    let root = env!("CARGO_MANIFEST_DIR");
    let mut paths: Vec<String> = [
        "indicator-sets",
        "indicator-sets/templates",
        "indicator-sets/authoring",
    ]
    .iter()
    .flat_map(|dir| {
        std::fs::read_dir(format!("{root}/{dir}"))
            .unwrap()
            .map(move |e| (dir, e.unwrap()))
    })
    .map(|(dir, e)| format!("{dir}/{}", e.file_name().to_string_lossy()))
    .filter(|p| p.ends_with(".json") && !p.ends_with("schema.json"))
    .collect();
    for e in std::fs::read_dir(format!("{root}/tests/fixtures")).unwrap() {
        let p = format!(
            "tests/fixtures/{}/set.json",
            e.unwrap().file_name().to_string_lossy()
        );
        if std::path::Path::new(&format!("{root}/{p}")).exists() {
            paths.push(p);
        }
    }
    paths.sort();
    paths
}

#[test]
fn identical_sets_give_no_change() {
    let paths = every_set();
    assert!(paths.len() >= 7, "{paths:?}");
    for path in &paths {
        let d = diff(&load(path), &load(path));
        assert!(d.is_empty(), "{path}");
        assert_eq!(d.records().count(), 0, "{path}");
        assert!(d.totals.iter().all(|t| t.before == t.after), "{path}");
    }
    let o = run(&[
        "set",
        "diff",
        "indicator-sets/vinh-long-2025.json",
        "indicator-sets/vinh-long-2025.json",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let text = stdout(&o);
    assert!(text.contains("\n\nKhông có thay đổi.\n\n"), "{text}");
}

#[test]
fn province_2022_to_2025() {
    let old = load("indicator-sets/dti-province-2022.json");
    let new = load("indicator-sets/dti-province-2025.json");
    let d = diff(&old, &new);
    let all = rows(&d);
    // Checked by hand against the two files: 2022 is a draft without maxima, 2025 gives
    // 1.1 a maximum of 20 with a linear rule over a/b where 2022 had a choice.
    assert!(all.contains(&row(
        "1.1",
        "setdiff.max_changed",
        "không có điểm tối đa",
        "20"
    )));
    assert!(all.contains(&row("1.1", "setdiff.rule_kind", "choice", "linear")));
    assert!(all.contains(&row("", "setdiff.scale", "—", "1.000")));
    assert!(all.contains(&row(
        "",
        "setdiff.status",
        "đã được thay thế",
        "dự thảo lấy ý kiến"
    )));
    let added = d
        .indicators
        .iter()
        .filter(|i| i.matched_by == MatchedBy::Added)
        .count();
    let removed = d
        .indicators
        .iter()
        .filter(|i| i.matched_by == MatchedBy::Removed)
        .count();
    let only_new = new
        .nodes()
        .iter()
        .filter(|n| old.node(&n.id).is_none())
        .count();
    let only_old = old
        .nodes()
        .iter()
        .filter(|n| new.node(&n.id).is_none())
        .count();
    assert_eq!((added, removed), (only_new, only_old));
    // Backwards, what was removed is added.
    let back = diff(&new, &old);
    let back_added = back
        .indicators
        .iter()
        .filter(|i| i.matched_by == MatchedBy::Added)
        .count();
    assert_eq!(back_added, removed);
    assert_eq!(back.records().count(), d.records().count());
    // The 2025 draft renumbers the ministry's framework into fewer indicators: every id
    // of 2025 is also in 2022, 87 of 2022's are gone (1.7 among them, checked by hand).
    assert_eq!((added, removed), (0, 87));
    assert!(all.contains(&row("1.7", "setdiff.removed", "không có điểm tối đa", "—")));
    let removed_1_7 = &d
        .indicators
        .iter()
        .find(|i| i.code == "1.7")
        .unwrap()
        .changes[0];
    assert_eq!(
        removed_1_7.note.vi,
        "Bỏ chỉ số “Đài Phát thanh và Truyền hình của tỉnh, thành phố có chuyên mục riêng về chuyển đổi số”"
    );
    insta::assert_snapshot!("province_2022_2025", d.to_text(dti_score::Lang::Vi));
}

#[test]
fn cli_prints_the_change_list_in_vi_en_json_and_csv() {
    let args = [
        "set",
        "diff",
        "tests/setdiff/old.json",
        "tests/setdiff/new.json",
    ];
    let vi = run(&args);
    assert_eq!(vi.status.code(), Some(0));
    insta::assert_snapshot!("cli_vi", stdout(&vi));
    let en = run(&[&args[..], &["--en"]].concat());
    assert_eq!(en.status.code(), Some(0));
    insta::assert_snapshot!("cli_en", stdout(&en));
    let json = run(&[&args[..], &["--json"]].concat());
    assert_eq!(json.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(
        v["indicators"][0]["changes"][1]["code"],
        "setdiff.max_changed"
    );
    assert_eq!(v["indicators"][0]["changes"][1]["before"]["vi"], "60");
    assert_eq!(v["total_after"], "115");
    insta::assert_snapshot!("cli_json", stdout(&json));
    let dir = std::env::temp_dir().join(format!("setdiff-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let csv = dir.join("changes.csv");
    let o = run(&[&args[..], &["--csv", "-o", csv.to_str().unwrap()]].concat());
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout(&o), "");
    insta::assert_snapshot!("cli_csv", std::fs::read_to_string(&csv).unwrap());
    let xlsx = dir.join("changes.xlsx");
    let o = run(&[&args[..], &["--xlsx", "-o", xlsx.to_str().unwrap()]].concat());
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(&std::fs::read(&xlsx).unwrap()[..2], b"PK");
    std::fs::remove_dir_all(&dir).unwrap();
}
