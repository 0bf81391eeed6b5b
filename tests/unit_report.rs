//! The unit's own results out (issue 16, item 2): `report::unit_table`, its CSV byte for
//! byte and its workbook read back cell by cell, and `dti-score score --csv/--xlsx`.
//!
//! The case is `tests/unit-report/` (a two-indicator set, values with one component
//! missing, a targets file); its README works out every figure the expected files hold.

use std::path::PathBuf;
use std::process::Command;

use calamine::{open_workbook, Data, Reader, Xlsx};
use dti_score::table::{to_xlsx, Cell};
use dti_score::unit_table;
use dti_score::Lang;
use dti_score::{score, IndicatorSet, Report, ScoreOptions, Targets, Values};

fn case(file: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/unit-report")
        .join(file)
}

fn read(file: &str) -> String {
    std::fs::read_to_string(case(file)).unwrap()
}

fn scored(with_targets: bool) -> (IndicatorSet, Report) {
    let set = IndicatorSet::from_json(&read("set.json")).unwrap();
    let values = Values::from_json(&read("values.json")).unwrap();
    let targets = with_targets.then(|| Targets::from_json(&read("targets.json"), &set).unwrap());
    let report = score(
        &set,
        &values,
        &ScoreOptions {
            targets,
            ..Default::default()
        },
    );
    (set, report)
}

#[test]
fn csv_in_vietnamese_is_the_expected_file_byte_for_byte() {
    let (set, report) = scored(true);
    let csv = unit_table(&set, &report, Lang::Vi).to_csv();
    assert_eq!(csv, read("expected-vi.csv"));
    assert!(csv.starts_with("\u{feff}Mã,Chỉ tiêu,"));
    // The main indicator whose title starts with "=" is neutralised and quoted.
    assert!(csv.contains(
        "\r\n2,\"'=Kinh phí, đầu tư\",chỉ số chính,40,0,thiếu số liệu,2.1 = 0,,30,30\r\n"
    ));
}

#[test]
fn csv_in_english_is_the_expected_file_byte_for_byte() {
    let (set, report) = scored(true);
    assert_eq!(
        unit_table(&set, &report, Lang::En).to_csv(),
        read("expected-en.csv")
    );
}

#[test]
fn without_targets_there_are_no_target_columns() {
    let (set, report) = scored(false);
    let table = unit_table(&set, &report, Lang::Vi);
    assert_eq!(
        table.header,
        [
            "Mã",
            "Chỉ tiêu",
            "Cấp",
            "Điểm tối đa",
            "Điểm",
            "Trạng thái",
            "Cách tính",
            "Để đạt điểm tối đa"
        ]
    );
    assert_eq!(table.name, "Kết quả");
    assert_eq!(table.rows.len(), 6);
    assert!(table.rows.iter().all(|r| r.len() == 8));
    assert_eq!(
        table.rows[5],
        vec![
            Cell::Empty,
            Cell::text("Tổng điểm"),
            Cell::text("tổng"),
            Cell::Number("100".parse().unwrap()),
            Cell::Number("48.75".parse().unwrap()),
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
        ]
    );
}

fn num(s: &str) -> Data {
    Data::Float(s.parse().unwrap())
}

fn text(s: &str) -> Data {
    Data::String(s.into())
}

fn check_workbook(path: &std::path::Path) {
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    assert_eq!(book.sheet_names(), ["Kết quả"]);
    let range = book.worksheet_range("Kết quả").unwrap();
    assert_eq!(range.get_size(), (7, 10));
    let row = |r: usize| -> Vec<Data> {
        (0..10)
            .map(|c| range.get((r, c)).cloned().unwrap())
            .collect()
    };
    assert_eq!(
        row(0),
        [
            "Mã",
            "Chỉ tiêu",
            "Cấp",
            "Điểm tối đa",
            "Điểm",
            "Trạng thái",
            "Cách tính",
            "Để đạt điểm tối đa",
            "Điểm chỉ tiêu giao",
            "Còn thiếu so với chỉ tiêu giao"
        ]
        .map(text)
    );
    assert_eq!(
        row(2),
        [
            text("1.1"),
            text("Hộ có cáp quang"),
            text("chỉ số thành phần"),
            num("20"),
            num("18.75"),
            text("đủ số liệu"),
            text("Tỷ lệ = a/b = 45/60 = 75%; 75% < 80% → 75%/80% × 20 = 18,75"),
            text("cần thêm 3 a (Số hộ có cáp quang) để tỷ lệ đạt 80%"),
            num("15"),
            num("0"),
        ]
    );
    // The workbook keeps the set's title as text: a cell, not a formula, so no "'".
    assert_eq!(
        row(4),
        [
            text("2"),
            text("=Kinh phí, đầu tư"),
            text("chỉ số chính"),
            num("40"),
            num("0"),
            text("thiếu số liệu"),
            text("2.1 = 0"),
            Data::Empty,
            num("30"),
            num("30"),
        ]
    );
    assert_eq!(
        row(6),
        [
            Data::Empty,
            text("Tổng điểm"),
            text("tổng"),
            num("100"),
            num("48.75"),
            Data::Empty,
            Data::Empty,
            Data::Empty,
            num("80"),
            num("31.25"),
        ]
    );
}

#[test]
fn workbook_reads_back_cell_by_cell() {
    let (set, report) = scored(true);
    let bytes = to_xlsx(&[unit_table(&set, &report, Lang::Vi)]).unwrap();
    let dir = std::env::temp_dir().join(format!("dti-unit-report-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("lib.xlsx");
    std::fs::write(&path, bytes).unwrap();
    check_workbook(&path);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn score_command_writes_the_csv_and_the_workbook() {
    let dir = std::env::temp_dir().join(format!("dti-unit-report-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (csv, xlsx, csv_en) = (
        dir.join("ket-qua.csv"),
        dir.join("ket-qua.xlsx"),
        dir.join("results.csv"),
    );
    let run = |extra: &[&std::ffi::OsStr]| {
        let out = Command::new(env!("CARGO_BIN_EXE_dti-score"))
            .arg("score")
            .arg(case("set.json"))
            .arg(case("values.json"))
            .arg("--targets")
            .arg(case("targets.json"))
            .args(extra)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let stdout = run(&[
        "--csv".as_ref(),
        csv.as_os_str(),
        "--xlsx".as_ref(),
        xlsx.as_os_str(),
    ]);
    // The readable report is still printed.
    assert!(stdout.ends_with("Tổng điểm: 48,75 / 100\n"), "{stdout}");
    assert_eq!(
        std::fs::read_to_string(&csv).unwrap(),
        read("expected-vi.csv")
    );
    check_workbook(&xlsx);
    run(&["--en".as_ref(), "--csv".as_ref(), csv_en.as_os_str()]);
    assert_eq!(
        std::fs::read_to_string(&csv_en).unwrap(),
        read("expected-en.csv")
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn score_command_names_a_file_it_cannot_write() {
    let out = Command::new(env!("CARGO_BIN_EXE_dti-score"))
        .arg("score")
        .arg(case("set.json"))
        .arg(case("values.json"))
        .arg("--csv")
        .arg("/nonexistent-dir/ket-qua.csv")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.starts_with("dti-score: cannot write /nonexistent-dir/ket-qua.csv: "),
        "{stderr}"
    );
}

#[test]
fn every_status_has_its_words_in_both_languages() {
    use dti_score::Status;
    let all = [
        Status::Excluded,
        Status::Ok,
        Status::Provisional,
        Status::Missing,
        Status::Invalid,
    ];
    assert_eq!(
        all.map(|s| s.label(Lang::Vi)),
        [
            "không áp dụng",
            "đủ số liệu",
            "tạm tính",
            "thiếu số liệu",
            "số liệu sai"
        ]
    );
    assert_eq!(
        all.map(|s| s.label(Lang::En)),
        [
            "not applicable",
            "complete",
            "provisional",
            "missing data",
            "invalid data"
        ]
    );
}

/// A golden case with excluded indicators: the excluded row says so in words and the
/// total row's trace holds the rescaling to the applicable maximum.
#[test]
fn exclusions_are_named_and_the_total_row_carries_the_rescaling() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let set = IndicatorSet::from_json(
        &std::fs::read_to_string(root.join("indicator-sets/thanh-hoa-department-2021.json"))
            .unwrap(),
    )
    .unwrap();
    let values = Values::from_json(
        &std::fs::read_to_string(
            root.join("tests/fixtures/thanh-hoa-department-2021--exclusion/values.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let report = score(&set, &values, &ScoreOptions::default());
    let table = unit_table(&set, &report, Lang::Vi);
    assert_eq!(table.rows.len(), set.nodes().len() + 1);
    let excluded = table
        .rows
        .iter()
        .find(|r| r[0] == Cell::text("4.6.2"))
        .unwrap();
    assert_eq!(
        excluded[..6],
        [
            Cell::text("4.6.2"),
            Cell::text("Tỷ lệ DVCTT mức độ 4"),
            Cell::text("chỉ số thành phần"),
            Cell::Number("0".parse().unwrap()),
            Cell::Number("0".parse().unwrap()),
            Cell::text("không áp dụng"),
        ]
    );
    assert_eq!(
        table.rows.last().unwrap(),
        &vec![
            Cell::Empty,
            Cell::text("Tổng điểm"),
            Cell::text("tổng"),
            Cell::Number("160".parse().unwrap()),
            Cell::Number("7".parse().unwrap()),
            Cell::Empty,
            Cell::text("Tổng điểm thô 7 / 150 (điểm tối đa áp dụng: thang 160 trừ 10 điểm của chỉ số không áp dụng); quy về thang 160: 7 × 160 / 150 ≈ 7,47"),
            Cell::Empty,
        ]
    );
}
