//! The indicator-set workbook (src/setbook/): every shipped set and every golden fixture's
//! set goes JSON → XLSX → JSON unchanged; a workbook with mistakes gives each finding at
//! its cell; a copy saved by LibreOffice reads back the same; the CLI; the template.
#![cfg(feature = "workbook")]

use std::fs;
use std::path::{Path, PathBuf};

use dti_score::setbook::{from_xlsx, to_xlsx, SetBookError};
use dti_score::{Lang, Message};
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The shipped sets and templates, the sets the golden fixtures are scored against
/// (theirs, or the shipped set their values name), and the test sets of other suites.
fn sets() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = fs::read_dir(root().join("indicator-sets"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json") && !p.ends_with("schema.json"))
        .collect();
    for entry in fs::read_dir(root().join("tests/fixtures")).unwrap() {
        let dir = entry.unwrap().path();
        let local = dir.join("set.json");
        if local.exists() {
            out.push(local);
        } else if let Ok(text) = fs::read_to_string(dir.join("values.json")) {
            let values: Value = serde_json::from_str(&text).unwrap();
            if let Some(id) = values.pointer("/set/id").and_then(Value::as_str) {
                let file = format!("{id}.json");
                let shipped = [
                    root().join("indicator-sets").join(&file),
                    root().join("indicator-sets/templates").join(&file),
                ]
                .into_iter()
                .find(|p| p.exists());
                out.push(shipped.unwrap_or_else(|| panic!("{}: no set {id}", dir.display())));
            }
        }
    }
    out.push(root().join("tests/unit-report/set.json"));
    out.push(root().join("tests/typed/set.json"));
    out.push(root().join("tests/cli-fixtures/small-set.json"));
    // The templates (the commune starter set), the rule-kind examples.
    for folder in ["indicator-sets/templates", "indicator-sets/authoring"] {
        for entry in fs::read_dir(root().join(folder)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "json") {
                out.push(path);
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

fn codes(problems: &[SetBookError]) -> Vec<String> {
    problems
        .iter()
        .map(|p| format!("{} {}", p.cell().unwrap_or("-"), p.code()))
        .collect()
}

fn round_trip(path: &Path, lang: Lang) -> (Value, Value) {
    let text = fs::read_to_string(path).unwrap();
    let book =
        to_xlsx(&text, lang).unwrap_or_else(|p| panic!("{}: {:?}", path.display(), codes(&p)));
    let back = from_xlsx(&book).unwrap_or_else(|p| panic!("{}: {:?}", path.display(), codes(&p)));
    (serde_json::from_str(&text).unwrap(), back.set)
}

/// Every set, in both languages' headers: the JSON read back is the JSON written.
#[test]
fn every_set_round_trips_exactly() {
    let sets = sets();
    assert!(sets.len() >= 8, "{sets:?}");
    for path in &sets {
        for lang in [Lang::Vi, Lang::En] {
            let (before, after) = round_trip(path, lang);
            assert_eq!(before, after, "{} ({lang:?})", path.display());
        }
    }
}

/// A small valid set with a parent, a ratio over two inputs, a yes/no, tiers and
/// thresholds by period: the workbook the mistakes are made in.
const SMALL: &str = r#"{
  "format": "dti-score/indicator-set/v1", "id": "small", "version": "1",
  "title": { "vi": "Bộ nhỏ", "en": "Small set" }, "scale": "100",
  "indicators": [
    { "code": "1", "title": { "vi": "Hạ tầng" }, "max": "100", "children": [
      { "code": "1.1", "title": { "vi": "Cáp quang" }, "max": "60",
        "inputs": [ { "id": "a", "label": { "vi": "Số hộ có cáp quang" }, "kind": "count" },
                    { "id": "b", "label": { "vi": "Tổng số hộ" }, "kind": "count" } ],
        "rule": { "kind": "all_or_nothing", "ratio": "a/b",
                  "threshold": { "by_year": [ { "from": 2025, "to": 2027, "value": "95%" },
                                              { "from": 2028, "to": 2030, "value": "99%" } ] } } },
      { "code": "1.2", "title": { "vi": "Ban chỉ đạo" }, "max": "20", "rule": { "kind": "yes_no" } },
      { "code": "1.3", "title": { "vi": "Chi cho chuyển đổi số" }, "max": "20",
        "inputs": [ { "id": "a", "label": { "vi": "Số tiền (tỷ đồng)" }, "kind": "amount" } ],
        "rule": { "kind": "tiers", "value": "a", "share": false,
                  "tiers": [ { "at_least": "2", "fraction": "1" }, { "at_least": "1", "fraction": "0.7" } ] } }
    ] }
  ]
}"#;

/// A cell to put into a workbook.
enum Put {
    Text(&'static str),
    Number(f64),
    Bool(bool),
}

/// The workbook `book` with some cells changed, each named by its sheet, its row (1-based)
/// and its column's key (row 2): every sheet read with calamine and written again.
fn edited(book: &[u8], edits: &[(&str, u32, &str, Put)]) -> Vec<u8> {
    use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
    let mut xlsx: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(book.to_vec())).unwrap();
    let mut out = rust_xlsxwriter::Workbook::new();
    for name in xlsx.sheet_names() {
        let range = xlsx.worksheet_range(&name).unwrap();
        let ws = out.add_worksheet();
        ws.set_name(&name).unwrap();
        for (r, row) in range.rows().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match cell {
                    Data::String(s) => ws.write_string(r, c, s).map(|_| ()).unwrap(),
                    Data::Float(f) => ws.write_number(r, c, *f).map(|_| ()).unwrap(),
                    Data::Int(i) => ws.write_number(r, c, *i as f64).map(|_| ()).unwrap(),
                    Data::Empty => {}
                    other => panic!("{other:?}"),
                }
            }
        }
        for (sheet, row, key, put) in edits {
            if *sheet != name {
                continue;
            }
            let c = (0..range.width())
                .find(|&c| range.get_value((1, c as u32)) == Some(&Data::String(key.to_string())))
                .unwrap_or_else(|| panic!("{sheet}: no column {key}")) as u16;
            let r = row - 1;
            match put {
                Put::Text(t) => ws.write_string(r, c, *t).map(|_| ()).unwrap(),
                Put::Number(n) => ws.write_number(r, c, *n).map(|_| ()).unwrap(),
                Put::Bool(b) => ws.write_boolean(r, c, *b).map(|_| ()).unwrap(),
            }
        }
    }
    out.save_to_buffer().unwrap()
}

fn problems_text(problems: &[SetBookError]) -> String {
    problems
        .iter()
        .map(|p| {
            format!(
                "{} at {}\n  vi: {}\n  en: {}",
                p.code(),
                p.cell().unwrap_or("-"),
                p.message(Lang::Vi),
                p.message(Lang::En)
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A max that does not add up, an unknown variable in a ratio, a rule kind misspelt, a
/// tier's threshold not below the one above it, a period's threshold below an earlier
/// period's (a warning): each is the JSON loader's finding, at the cell it came from.
#[test]
fn a_workbook_with_mistakes_gives_each_finding_at_its_cell() {
    let book = to_xlsx(SMALL, Lang::Vi).unwrap();
    // Rows: 3 is indicator 1, 4 is 1.1, 5 is 1.2, 6 is 1.3; the tiers are rows 3 and 4
    // of the lists sheet.
    let bad = edited(
        &book,
        &[
            ("Chỉ số", 4, "max", Put::Number(65.0)),
            ("Chỉ số", 4, "rule.ratio", Put::Text("a/c")),
            (
                "Chỉ số",
                4,
                "rule.threshold.by_year",
                Put::Text("2025–2027: 99%\n2028–2030: 95%"),
            ),
            ("Chỉ số", 5, "rule.kind", Put::Text("yes_or_no")),
            ("Mục, mức, phần", 4, "at_least", Put::Number(3.0)),
        ],
    );
    let problems = from_xlsx(&bad).unwrap_err();
    assert_eq!(
        codes(&problems),
        [
            "Chỉ số!H4 set.unknown_variable",
            "Chỉ số!O4 set.period_threshold_decreasing",
            "Chỉ số!G5 set.unknown_rule_kind",
            "Mục, mức, phần!H4 set.tiers_not_decreasing",
            "Chỉ số!F3 set.max_sum_mismatch",
        ]
    );
    insta::assert_snapshot!(problems_text(&problems));
    assert_eq!(
        serde_json::to_value(&problems[0]).unwrap(),
        serde_json::json!({
            "cell": "Chỉ số!H4",
            "pointer": "/indicators/0/children/0/rule/ratio",
            "severity": "error",
            "code": "set.unknown_variable",
            "vi": "Chỉ số!H4: biểu thức “a/c” dùng biến “c” chưa khai báo trong “inputs” hoặc “context”",
            "en": "Chỉ số!H4: expression “a/c” uses “c”, which is neither an input nor a context variable",
        })
    );

    // The same mistakes in the JSON give the same findings, at their pointers.
    let json = SMALL
        .replace(r#""max": "60""#, r#""max": "65""#)
        .replace(r#""ratio": "a/b""#, r#""ratio": "a/c""#)
        .replace(r#""value": "95%""#, r#""value": "x""#)
        .replace(r#""value": "99%""#, r#""value": "95%""#)
        .replace(r#""value": "x""#, r#""value": "99%""#)
        .replace(r#""kind": "yes_no""#, r#""kind": "yes_or_no""#)
        .replace(
            r#"{ "at_least": "1", "fraction": "0.7" }"#,
            r#"{ "at_least": "3", "fraction": "0.7" }"#,
        );
    let from_json = dti_score::IndicatorSet::from_json(&json).unwrap_err();
    let pairs: Vec<(String, &str)> = from_json
        .0
        .iter()
        .map(|f| (f.pointer.clone(), f.code()))
        .collect();
    let from_book: Vec<(String, &str)> = problems
        .iter()
        .map(|p| match p {
            SetBookError::Set { finding, .. } => (finding.pointer.clone(), finding.code()),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(pairs, from_book);
}

/// The workbook's own problems: a missing sheet, an unknown column, a cell of the wrong
/// type, a level that skips one, a row naming an indicator the tree lacks, an unknown
/// list, periods that do not read, a fixed threshold beside thresholds by period.
#[test]
fn the_workbooks_own_problems_at_their_cells() {
    let book = to_xlsx(SMALL, Lang::Vi).unwrap();
    let bad = edited(
        &book,
        &[
            ("Chỉ số", 2, "source.location", Put::Text("source.place")),
            ("Chỉ số", 5, "code", Put::Bool(true)),
            ("Chỉ số", 6, "level", Put::Text("4")),
            ("Chỉ số", 4, "rule.threshold", Put::Text("90%")),
            ("Đầu vào", 5, "indicator", Put::Text("9.9")),
            ("Mục, mức, phần", 3, "list", Put::Text("tier")),
        ],
    );
    let problems = from_xlsx(&bad).unwrap_err();
    assert_eq!(
        codes(&problems),
        [
            "Chỉ số!AJ2 setbook.unknown_column",
            "Chỉ số!O4 setbook.conflict",
            "Chỉ số!B5 setbook.wrong_cell",
            "Chỉ số!A6 setbook.bad_level",
            "Đầu vào!A5 setbook.unknown_indicator",
            "Mục, mức, phần!C3 setbook.unknown_list",
            // The row of a bad level is not read: 1.3's tier names an indicator there is
            // not, and 1's children add up to 80.
            "Mục, mức, phần!A4 setbook.unknown_indicator",
            // 1.2 without its code.
            "Chỉ số!B5 json.missing_field",
            "Chỉ số!F3 set.max_sum_mismatch",
        ]
    );
    insta::assert_snapshot!(problems_text(&problems));

    let periods = edited(
        &book,
        &[(
            "Chỉ số",
            4,
            "rule.threshold.by_year",
            Put::Text("2025–2027: 95%\n2028 to 2030: 99%"),
        )],
    );
    assert_eq!(
        codes(&from_xlsx(&periods).unwrap_err()),
        [
            "Chỉ số!O4 setbook.bad_periods",
            "Chỉ số!N4 json.missing_field"
        ]
    );

    let mut lone = rust_xlsxwriter::Workbook::new();
    lone.add_worksheet().set_name("Bộ chỉ số").unwrap();
    let missing = from_xlsx(&lone.save_to_buffer().unwrap()).unwrap_err();
    assert_eq!(codes(&missing), ["- setbook.missing_sheet"]);
    let garbage = from_xlsx(b"PK\x03\x04 not a zip").unwrap_err();
    assert_eq!(codes(&garbage), ["- setbook.unreadable"]);
    let mut all = missing;
    all.extend(garbage);
    insta::assert_snapshot!("workbook_refused", problems_text(&all));
}

/// A set's workbook opened and saved again by LibreOffice Calc (`soffice --headless
/// --convert-to xlsx`, as tests/workbook.rs does for the values workbook) reads back as
/// the same set: two shipped sets, with their numbers, fractions, periods, agencies one a
/// line and multi-line source texts, and the set with every field of the format.
#[test]
fn a_set_workbook_saved_by_libreoffice_reads_back_identically() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("setbook-libreoffice");
    let _ = fs::remove_dir_all(&dir);
    let out = dir.join("saved");
    fs::create_dir_all(&out).unwrap();
    let chosen = [
        ("dti-province-2025", Lang::Vi),
        ("thanh-hoa-department-2021", Lang::En),
    ];
    let mut inputs = Vec::new();
    for (id, lang) in chosen {
        let text = fs::read_to_string(root().join(format!("indicator-sets/{id}.json"))).unwrap();
        let path = dir.join(format!("{id}.xlsx"));
        fs::write(&path, to_xlsx(&text, lang).unwrap()).unwrap();
        inputs.push(path);
    }
    // And every field of the format: true/false, whole numbers, periods, padded text.
    let every = dir.join("every-field.xlsx");
    fs::write(&every, to_xlsx(EVERY, Lang::Vi).unwrap()).unwrap();
    inputs.push(every);
    // A profile of its own: another soffice running on the machine does not take it.
    let profile = format!(
        "-env:UserInstallation=file://{}",
        dir.join("profile").display()
    );
    let status = std::process::Command::new("soffice")
        .arg(&profile)
        .args(["--headless", "--convert-to", "xlsx", "--outdir"])
        .arg(&out)
        .args(&inputs)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .expect("soffice (LibreOffice Calc) is not installed: bash scripts/setup.sh installs it");
    assert!(status.success(), "soffice: {status}");
    for (id, _) in chosen {
        let ours = fs::read(dir.join(format!("{id}.xlsx"))).unwrap();
        let saved = fs::read(out.join(format!("{id}.xlsx"))).unwrap();
        assert_ne!(ours, saved, "{id}: LibreOffice wrote its own file");
        let json: Value = serde_json::from_str(
            &fs::read_to_string(root().join(format!("indicator-sets/{id}.json"))).unwrap(),
        )
        .unwrap();
        let back = from_xlsx(&saved).unwrap_or_else(|p| panic!("{id}: {:?}", codes(&p)));
        assert_eq!(back.set, json, "{id}");
    }
    let saved = fs::read(out.join("every-field.xlsx")).unwrap();
    let back = from_xlsx(&saved).unwrap_or_else(|p| panic!("every-field: {:?}", codes(&p)));
    assert_eq!(back.set, serde_json::from_str::<Value>(EVERY).unwrap());
}

/// `dti-score set to-xlsx` and `set from-xlsx`: the set back unchanged; a workbook with a
/// mistake fails (exit 1, nothing written) with the finding at its cell, in Vietnamese and
/// English, or English only with `--en`; an invalid JSON set gives no workbook.
#[test]
fn the_cli_writes_and_reads_a_set_workbook() {
    let bin = env!("CARGO_BIN_EXE_dti-score");
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("setbook-cli");
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    let run =
        |args: &[&std::ffi::OsStr]| std::process::Command::new(bin).args(args).output().unwrap();
    let set = root().join("indicator-sets/vinh-long-2025.json");
    let book = dir.join("bo-chi-so.xlsx");
    let back = dir.join("bo-chi-so.json");
    let out = run(&[
        "set".as_ref(),
        "to-xlsx".as_ref(),
        set.as_os_str(),
        "-o".as_ref(),
        book.as_os_str(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run(&[
        "set".as_ref(),
        "from-xlsx".as_ref(),
        book.as_os_str(),
        "-o".as_ref(),
        back.as_os_str(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        format!(
            "{}: đã ghi bộ chỉ số “vinh-long-2025” phiên bản 2025.2 vào {}\n  (wrote the set “vinh-long-2025” version 2025.2 to {})\n",
            book.display(),
            back.display(),
            back.display()
        )
    );
    let a: Value = serde_json::from_str(&fs::read_to_string(&set).unwrap()).unwrap();
    let b: Value = serde_json::from_str(&fs::read_to_string(&back).unwrap()).unwrap();
    assert_eq!(a, b);

    let bad = dir.join("sai.xlsx");
    let small = to_xlsx(SMALL, Lang::Vi).unwrap();
    fs::write(
        &bad,
        edited(
            &small,
            &[("Chỉ số", 5, "rule.kind", Put::Text("yes_or_no"))],
        ),
    )
    .unwrap();
    let none = dir.join("none.json");
    let out = run(&[
        "set".as_ref(),
        "from-xlsx".as_ref(),
        bad.as_os_str(),
        "-o".as_ref(),
        none.as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!none.exists());
    let kinds = "linear, linear_to_target, all_or_nothing, yes_no, checklist, choice, tiers, per_unit, sum_of_parts, relative, manual";
    let b = bad.display();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        format!(
            "{b} error [set.unknown_rule_kind] Chỉ số!G5: loại quy tắc “yes_or_no” không tồn tại; các loại: {kinds}\n  (Chỉ số!G5: unknown rule kind “yes_or_no”; the kinds are: {kinds})\n{b}: 1 lỗi — không ghi bộ chỉ số\n  (1 error — no set written)\n"
        )
    );
    let out = run(&[
        "set".as_ref(),
        "from-xlsx".as_ref(),
        bad.as_os_str(),
        "-o".as_ref(),
        none.as_os_str(),
        "--en".as_ref(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        format!("{b} error [set.unknown_rule_kind] Chỉ số!G5: unknown rule kind “yes_or_no”; the kinds are: {kinds}\n{b}: 1 error — no set written\n")
    );

    let out = run(&[
        "set".as_ref(),
        "from-xlsx".as_ref(),
        bad.as_os_str(),
        "-o".as_ref(),
        none.as_os_str(),
        "--json".as_ref(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["valid"], false);
    assert_eq!(report["findings"][0]["cell"], "Chỉ số!G5");
    assert_eq!(
        report["findings"][0]["pointer"],
        "/indicators/0/children/1/rule/kind"
    );
    assert_eq!(report["findings"][0]["code"], "set.unknown_rule_kind");
    assert_eq!(report["findings"].as_array().unwrap().len(), 1);
    assert!(!none.exists());

    let broken = root().join("tests/cli-fixtures/broken-set.json");
    let nothing = dir.join("nothing.xlsx");
    let out = run(&[
        "set".as_ref(),
        "to-xlsx".as_ref(),
        broken.as_os_str(),
        "-o".as_ref(),
        nothing.as_os_str(),
        "--en".as_ref(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!nothing.exists());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("error [json.float_not_allowed] /indicators/0/children/0/max: numbers must be decimal strings (\"20\"), not the JSON number 20\n"),
        "{text}"
    );
}

/// Every sheet's cells, as calamine reads them (values only: a workbook's bytes carry the
/// time it was written).
fn cells(book: &[u8]) -> Vec<(String, Vec<Vec<String>>)> {
    use calamine::{open_workbook_from_rs, Reader, Xlsx};
    let mut xlsx: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(book.to_vec())).unwrap();
    xlsx.sheet_names()
        .into_iter()
        .map(|name| {
            let range = xlsx.worksheet_range(&name).unwrap();
            let rows = range
                .rows()
                .map(|row| row.iter().map(|c| format!("{c:?}")).collect())
                .collect();
            (name, rows)
        })
        .collect()
}

/// indicator-sets/authoring/set-template.xlsx is what `scripts/set-template.sh` (`dti-score
/// set to-xlsx` of its JSON twin) writes, cell for cell; the twin validates, and has one
/// leaf of each of the eleven rule kinds, each citing its source (document, appendix and
/// row) with the source's own words.
#[test]
fn the_set_template_is_what_its_command_writes() {
    let dir = root().join("indicator-sets");
    for name in ["authoring/set-template", "templates/commune-starter"] {
        let json = fs::read_to_string(dir.join(format!("{name}.json"))).unwrap();
        let committed = fs::read(dir.join(format!("{name}.xlsx"))).unwrap();
        assert_eq!(
            cells(&committed),
            cells(&to_xlsx(&json, Lang::Vi).unwrap()),
            "{name}: run scripts/set-template.sh"
        );
    }
    let json = fs::read_to_string(dir.join("authoring/set-template.json")).unwrap();
    let committed = fs::read(dir.join("authoring/set-template.xlsx")).unwrap();
    let set = dti_score::IndicatorSet::from_json(&json).unwrap();
    assert!(set.is_draft());
    // A template, for writing a set (authoring/: not in the page's set picker).
    assert_eq!(set.status(), dti_score::set::SetStatus::Template);
    let mut kinds: Vec<&str> = set
        .leaves()
        .map(|n| n.rule.as_ref().unwrap().kind_name())
        .collect();
    kinds.sort_unstable();
    let mut all = dti_score::set::Rule::KINDS.to_vec();
    all.sort_unstable();
    assert_eq!(kinds, all);
    for leaf in set.leaves() {
        let source = leaf.meta.source.as_ref().unwrap();
        assert!(
            source.document.starts_with("Quyết định số ")
                || source.document.starts_with("Dự thảo "),
            "{}",
            source.document
        );
        assert!(
            source
                .location
                .as_deref()
                .is_some_and(|l| l.starts_with("Phụ lục")),
            "{}",
            leaf.code
        );
        assert!(
            leaf.meta
                .source_text
                .as_deref()
                .is_some_and(|t| !t.is_empty()),
            "{}",
            leaf.code
        );
    }
    let back = from_xlsx(&committed).unwrap();
    assert_eq!(back.set, serde_json::from_str::<Value>(&json).unwrap());
}

/// A set with every field the format has (see [`every_field_of_the_format_round_trips`]).
const EVERY: &str = r#"{
  "$schema": "./schema.json", "$comment": "tất cả các trường",
  "format": "dti-score/indicator-set/v1", "id": "every-field", "version": "0.1",
  "status": "consultation_draft", "draft": false, "excludable": true,
  "title": { "vi": "Mọi trường", "en": "Every field" },
  "issuer": { "vi": "UBND tỉnh", "en": "Provincial People's Committee" },
  "legal_basis": { "document": "Quyết định số 1/QĐ-UBND", "date": "2025-01-02", "url": "https://example.gov.vn/qd1" },
  "scale": "100", "rounding": { "decimals": 3, "mode": "half_even" },
  "context": [
    { "id": "population", "label": { "vi": "Dân số", "en": "Population" }, "kind": "count", "rollup": "sum",
      "unit": "người", "lead": "Chi cục Thống kê", "coordinating": ["UBND cấp xã", "Công an tỉnh"], "deadline": "Hằng năm",
      "notes": [ { "kind": "note", "text": { "vi": "Số liệu cuối kỳ" } } ] },
    { "id": "province_name", "label": { "vi": "Tên tỉnh", "en": "Province" }, "kind": "text" }
  ],
  "notes": [
    { "kind": "source_discrepancy", "text": { "vi": "Tổng khác", "en": "Totals differ" }, "quote": "Tổng 100 điểm" },
    { "kind": "interpretation", "text": { "vi": "Hiểu theo ý", "en": "By intent" }, "quote": "nguyên văn\nhai dòng" }
  ],
  "indicators": [
    { "$comment": "chính", "code": "I", "id": "main-1", "title": { "vi": "Chính" }, "max": "100", "excludable": false,
      "target": "80", "lead": "Sở KH&CN", "coordinating": ["Sở Nội vụ"], "implementing": ["UBND cấp xã"],
      "deadline": "Quý IV/2026", "evidence": { "vi": "Báo cáo", "en": "Report" },
      "source": { "document": "Quyết định số 1/QĐ-UBND ngày 02/01/2025", "location": "Phụ lục, mục I" },
      "source_file": { "document": "009_x.txt", "location": "dòng 1–2" }, "source_text": "  Nguyên văn,\n  có thụt lề  ",
      "notes": [ { "kind": "note", "text": { "vi": "Ghi chú chỉ số" } } ],
      "children": [
        { "code": "a", "id": "I.a", "title": { "vi": "Tỷ lệ", "en": "Share" }, "max": "20",
          "inputs": [
            { "id": "a", "label": { "vi": "Số đạt" }, "kind": "count", "rollup": "sum",
              "notes": [ { "kind": "interpretation", "text": { "vi": "Đếm cuối kỳ" }, "quote": "a = số … tính đến cuối kỳ" } ] },
            { "id": "b", "label": { "vi": "Tổng" }, "kind": "count" }
          ],
          "rule": { "$comment": "quy tắc", "kind": "linear", "ratio": "a/(population/1000)", "share": true, "share_tolerance": "105%" } },
        { "code": "a", "id": "I.b", "title": { "vi": "So sánh" }, "max": "20",
          "inputs": [ { "id": "x", "label": { "vi": "Chỉ số x", "en": "Index x" }, "kind": "amount", "negative": true, "unit": "tỷ đồng", "lead": "Sở Tài chính" } ],
          "rule": { "kind": "relative", "ratio": "x", "share": false, "method": "min_max",
                    "reference": { "best": "0.35", "worst": "0.05", "note": { "vi": "Năm trước", "en": "Last year" } } } },
        { "code": "c", "title": { "vi": "Các phần" }, "max": "30",
          "inputs": [ { "id": "a", "label": { "vi": "Số tiền" }, "kind": "amount" },
                      { "id": "b", "label": { "vi": "Tỷ lệ" }, "kind": "percent" } ],
          "rule": { "kind": "sum_of_parts", "parts": [
            { "id": "1", "label": { "vi": "Mức chi", "en": "Spending" }, "fraction": "1/2",
              "rule": { "kind": "tiers", "value": "a", "share": false, "gate": { "vi": "Có chuyên mục?", "en": "A section?" },
                        "tiers": [ { "at_least": "2", "fraction": "1", "label": { "vi": "Mức 1", "en": "Level 1" } },
                                   { "at_least": "0.5", "fraction": "30%" } ] } },
            { "id": "2", "label": { "vi": "Đã làm" }, "fraction": "0.25",
              "rule": { "kind": "yes_no", "question": { "vi": "Đã làm chưa?", "en": "Done?" } } },
            { "id": "3", "label": { "vi": "Đạt ngưỡng" }, "fraction": "0.25",
              "rule": { "kind": "all_or_nothing", "ratio": "b", "threshold": "90%" } }
          ] } },
        { "code": "d", "title": { "vi": "Mỗi hoạt động" }, "max": "10",
          "inputs": [ { "id": "n", "label": { "vi": "Số hoạt động" } } ],
          "rule": { "kind": "per_unit", "value": "n", "points_each": "0.5" } },
        { "code": "e", "title": { "vi": "Chọn" }, "max": "10", "rule": { "kind": "choice", "options": [
            { "id": "full", "label": { "vi": "Đủ" }, "fraction": "1" }, { "id": "half", "label": { "vi": "Một nửa" }, "fraction": "1/2" } ] } },
        { "code": "f", "title": { "vi": "Thủ công" }, "max": "10", "rule": { "kind": "manual" } }
      ] }
  ]
}"#;

/// A set with every field the format has, once at least (those the shipped sets never
/// use too: `$comment`s, a URL, `excludable` at both levels, a negative amount, notes on
/// an input and on a context field, a relative reference, a share tolerance, tiers with a
/// gate inside a part, a question inside a part, evidence, implementing agencies, a
/// target): JSON → XLSX → JSON unchanged.
#[test]
fn every_field_of_the_format_round_trips() {
    let json = EVERY;
    let book = to_xlsx(json, Lang::En).unwrap_or_else(|p| panic!("{:?}", codes(&p)));
    let back = from_xlsx(&book).unwrap_or_else(|p| panic!("{:?}", codes(&p)));
    assert_eq!(back.set, serde_json::from_str::<Value>(json).unwrap());
    // Its one warning at its cell: I.a declares b and does not use it.
    assert_eq!(codes(&back.warnings), ["Inputs!B4 set.unused_input"]);
}

/// Columns in another order, and a sheet's columns that the set does not use deleted:
/// the reader goes by the keys of row 2.
#[test]
fn columns_are_found_by_their_keys() {
    use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
    let text = fs::read_to_string(root().join("indicator-sets/vinh-long-2025.json")).unwrap();
    let book = to_xlsx(&text, Lang::Vi).unwrap();
    let mut xlsx: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(book)).unwrap();
    let mut out = rust_xlsxwriter::Workbook::new();
    for name in xlsx.sheet_names() {
        let range = xlsx.worksheet_range(&name).unwrap();
        let ws = out.add_worksheet();
        ws.set_name(&name).unwrap();
        // Columns reversed; those empty below row 2 left out.
        let kept: Vec<usize> = (0..range.width())
            .rev()
            .filter(|&c| {
                range.rows().skip(2).any(|row| row[c] != Data::Empty) || name == "Bộ chỉ số"
            })
            .collect();
        for (r, row) in range.rows().enumerate() {
            for (to, &from) in kept.iter().enumerate() {
                let (r, c) = (r as u32, to as u16);
                match &row[from] {
                    Data::String(s) => ws.write_string(r, c, s).map(|_| ()).unwrap(),
                    Data::Float(f) => ws.write_number(r, c, *f).map(|_| ()).unwrap(),
                    Data::Empty => {}
                    other => panic!("{other:?}"),
                }
            }
        }
    }
    let back =
        from_xlsx(&out.save_to_buffer().unwrap()).unwrap_or_else(|p| panic!("{:?}", codes(&p)));
    assert_eq!(back.set, serde_json::from_str::<Value>(&text).unwrap());
}

/// A value no cell holds exactly is refused by name rather than lost: an empty list of
/// agencies, an empty English title, an agency with a line break.
#[test]
fn a_value_no_cell_holds_is_refused() {
    let json = SMALL
        .replace(r#""title": { "vi": "Ban chỉ đạo" }"#, r#""title": { "vi": "Ban chỉ đạo", "en": "" }, "coordinating": [], "implementing": ["Sở A\nSở B"]"#);
    let problems = to_xlsx(&json, Lang::Vi).unwrap_err();
    assert_eq!(
        codes(&problems),
        [
            "- setbook.unrepresentable",
            "- setbook.unrepresentable",
            "- setbook.unrepresentable",
        ]
    );
    let pointers: Vec<String> = problems.iter().map(|p| p.message(Lang::En)).collect();
    assert_eq!(
        pointers,
        [
            "/indicators/0/children/1/title/en: this value cannot be written exactly into a cell (an empty list, an empty text, or an agency with a line break)",
            "/indicators/0/children/1/coordinating: this value cannot be written exactly into a cell (an empty list, an empty text, or an agency with a line break)",
            "/indicators/0/children/1/implementing/0: this value cannot be written exactly into a cell (an empty list, an empty text, or an agency with a line break)",
        ]
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 48, ..Default::default() })]

    /// Whatever is typed into a set workbook's cells, reading it never panics, and every
    /// problem it gives is at a cell.
    #[test]
    fn any_edit_gives_findings_at_cells_never_a_panic(
        edits in proptest::collection::vec((0..EDITABLE.len(), 3u32..10, 0..TYPED.len()), 1..5)
    ) {
        let book = to_xlsx(EVERY, Lang::Vi).unwrap();
        let edits: Vec<(&str, u32, &str, Put)> = edits
            .into_iter()
            .map(|(k, row, t)| {
                let (sheet, key) = EDITABLE[k];
                let put = match TYPED[t] {
                    "#true" => Put::Bool(true),
                    "#7.5" => Put::Number(7.5),
                    "#-1" => Put::Number(-1.0),
                    text => Put::Text(text),
                };
                (sheet, row, key, put)
            })
            .collect();
        match from_xlsx(&edited(&book, &edits)) {
            Ok(read) => {
                let text = serde_json::to_string(&read.set).unwrap();
                proptest::prop_assert!(dti_score::IndicatorSet::from_json(&text).is_ok());
                for w in &read.warnings {
                    proptest::prop_assert!(w.cell().is_some(), "{w}");
                }
            }
            Err(problems) => {
                proptest::prop_assert!(!problems.is_empty());
                for p in &problems {
                    proptest::prop_assert!(p.cell().is_some(), "{p}");
                }
            }
        }
    }
}

/// The cells the property edits: (sheet, column key).
const EDITABLE: [(&str, &str); 26] = [
    ("Chỉ số", "level"),
    ("Chỉ số", "code"),
    ("Chỉ số", "id"),
    ("Chỉ số", "max"),
    ("Chỉ số", "rule.kind"),
    ("Chỉ số", "rule.ratio"),
    ("Chỉ số", "rule.value"),
    ("Chỉ số", "rule.share"),
    ("Chỉ số", "rule.threshold.by_year"),
    ("Chỉ số", "rule.target"),
    ("Chỉ số", "coordinating"),
    ("Đầu vào", "indicator"),
    ("Đầu vào", "id"),
    ("Đầu vào", "kind"),
    ("Mục, mức, phần", "indicator"),
    ("Mục, mức, phần", "part"),
    ("Mục, mức, phần", "list"),
    ("Mục, mức, phần", "at_least"),
    ("Mục, mức, phần", "fraction"),
    ("Mục, mức, phần", "rule.kind"),
    ("Ghi chú", "indicator"),
    ("Ghi chú", "field"),
    ("Ghi chú", "kind"),
    ("Thông tin chung", "id"),
    ("Bộ chỉ số", "value"),
    ("Bộ chỉ số", "key"),
];

/// What the property types (`#…`: a boolean or a number cell).
const TYPED: [&str; 18] = [
    " ",
    "1",
    "x",
    "yes_no",
    "items",
    "parts",
    "2025-2027: 5%",
    "2030: x",
    "a/b",
    "true",
    "I.a",
    "c",
    "1/0",
    "((",
    "tiers",
    "#true",
    "#7.5",
    "#-1",
];

/// The one normalisation of the round trip: a member whose value is `null` (absent to the
/// set's loader) is left out. The JSON written puts an indicator's inputs before its rule.
#[test]
fn a_null_member_is_left_out() {
    let json = SMALL.replace(
        r#""title": { "vi": "Bộ nhỏ", "en": "Small set" },"#,
        r#""title": { "vi": "Bộ nhỏ", "en": "Small set" }, "issuer": null,"#,
    );
    let back = from_xlsx(&to_xlsx(&json, Lang::Vi).unwrap()).unwrap();
    assert_eq!(back.set, serde_json::from_str::<Value>(SMALL).unwrap());
    let leaf = back.set.pointer("/indicators/0/children/0").unwrap();
    let keys: Vec<&str> = leaf
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, ["code", "title", "max", "inputs", "rule"]);
}

/// The rest of the workbook's own problems, each message pinned: a key of the set sheet the
/// set does not have, a key given twice, a note on an input or a context field that is not
/// there, a list of a part that is not there, periods that do not read, and a sheet whose
/// required column is gone (its rows are not read).
#[test]
fn more_of_the_workbooks_own_problems_at_their_cells() {
    let book = to_xlsx(EVERY, Lang::Vi).unwrap();
    // The set sheet's rows: 5 is `$comment`, 9 `draft`; the notes: 5 is population's, 7
    // I.a's input a's; the lists: 6 is part 1's first tier.
    let bad = edited(
        &book,
        &[
            ("Bộ chỉ số", 5, "key", Put::Text("titel")),
            ("Bộ chỉ số", 9, "key", Put::Text("version")),
            ("Ghi chú", 5, "field", Put::Text("pop")),
            ("Ghi chú", 7, "field", Put::Text("zz")),
            ("Mục, mức, phần", 6, "part", Put::Text("9")),
            ("Chỉ số", 4, "rule.share", Put::Text("maybe")),
        ],
    );
    let problems = from_xlsx(&bad).unwrap_err();
    assert_eq!(
        codes(&problems),
        [
            "Bộ chỉ số!B5 setbook.unknown_key",
            "Bộ chỉ số!B9 setbook.duplicate",
            "Chỉ số!J4 setbook.wrong_cell",
            "Mục, mức, phần!B6 setbook.unknown_owner",
            "Ghi chú!B5 setbook.unknown_owner",
            "Ghi chú!B7 setbook.unknown_owner",
            // The set's own warning (I.a does not use b), the part's tier lost without one.
            "Đầu vào!B4 set.unused_input",
        ]
    );
    let small = to_xlsx(SMALL, Lang::Vi).unwrap();
    let periods = edited(
        &small,
        &[
            ("Đầu vào", 2, "indicator", Put::Text("owner")),
            (
                "Chỉ số",
                4,
                "rule.threshold.by_year",
                Put::Text("2025 đến 2027: 95%"),
            ),
        ],
    );
    let more = from_xlsx(&periods).unwrap_err();
    assert_eq!(
        codes(&more),
        [
            "Chỉ số!O4 setbook.bad_periods",
            "Đầu vào!A2 setbook.unknown_column",
            "Đầu vào!2:2 setbook.missing_column",
            // The inputs sheet is not read: 1.1 (a and b) and 1.3 (a) name inputs there
            // are not.
            "Chỉ số!H4 set.unknown_variable",
            "Chỉ số!H4 set.unknown_variable",
            "Chỉ số!N4 json.missing_field",
            "Chỉ số!I6 set.unknown_variable",
        ]
    );
    let mut all = problems;
    all.extend(more);
    insta::assert_snapshot!(problems_text(&all));
}
