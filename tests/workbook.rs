//! The values workbook (src/workbook/): values → workbook → values is exact for every
//! golden fixture; the reader's problems at their cells, with their messages; a workbook
//! saved by LibreOffice reads back the same.
#![cfg(feature = "workbook")]

use std::fs;
use std::path::{Path, PathBuf};

use dti_score::number::parse_number;
use dti_score::workbook::{read_values, write_template, TemplateOptions, WorkbookError};
use dti_score::{score, IndicatorSet, Lang, Message, NodeValues, ScoreOptions, SetRef, Values};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every golden case: its directory, values and set.
fn fixtures() -> Vec<(String, Values, IndicatorSet)> {
    let mut dirs: Vec<PathBuf> = fs::read_dir(root().join("tests/fixtures"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("values.json").exists())
        .collect();
    dirs.sort();
    dirs.into_iter()
        .map(|dir| {
            let values =
                Values::from_json(&fs::read_to_string(dir.join("values.json")).unwrap()).unwrap();
            let set = load_set(&dir, &values);
            let name = dir.file_name().unwrap().to_string_lossy().into_owned();
            (name, values, set)
        })
        .collect()
}

fn load_set(dir: &Path, values: &Values) -> IndicatorSet {
    let local = dir.join("set.json");
    let path = if local.exists() {
        local
    } else {
        let id = &values.set.as_ref().unwrap().id;
        root().join("indicator-sets").join(format!("{id}.json"))
    };
    IndicatorSet::from_json(&fs::read_to_string(path).unwrap()).unwrap()
}

/// A figure as the workbook gives it back: its decimal value, normalised ("1.100.000"
/// → "1100000", "80,5%" → "0.805", "12.50" → "12.5"). Text that is not a number stays.
fn figure(s: &mut String) {
    if let Ok(d) = parse_number(s) {
        *s = d.normalize().to_string();
    }
}

fn node_figures(nv: &mut NodeValues) {
    nv.inputs.values_mut().for_each(figure);
    nv.points.iter_mut().for_each(figure);
    nv.attainment.iter_mut().for_each(figure);
    nv.parts.values_mut().for_each(node_figures);
}

/// The values as the workbook of `set` carries them: the set named with its version,
/// every figure as its decimal value; answers to nothing (an empty entry) left out.
fn as_workbook_keeps(set: &IndicatorSet, values: &Values) -> Values {
    let mut v = values.clone();
    v.set = Some(SetRef {
        id: set.id().to_string(),
        version: Some(set.version().to_string()),
    });
    for (id, c) in v.context.iter_mut() {
        if set
            .context()
            .iter()
            .any(|i| &i.id == id && i.field().is_some())
        {
            figure(c);
        }
    }
    v.values.values_mut().for_each(node_figures);
    v.values.retain(|_, nv| *nv != NodeValues::default());
    v
}

fn opts(lang: Lang) -> TemplateOptions {
    TemplateOptions {
        lang,
        ..TemplateOptions::default()
    }
}

fn codes(problems: &[WorkbookError]) -> Vec<(&'static str, Option<&str>)> {
    problems.iter().map(|p| (p.code(), p.cell())).collect()
}

/// Values → workbook → values, in both languages, for every golden fixture: the values
/// read back are the values (figures as their decimal values), and score the same.
#[test]
fn every_golden_fixture_round_trips_exactly() {
    let cases = fixtures();
    assert!(cases.len() >= 60, "{} fixtures", cases.len());
    // The fixtures whose figures the workbook refuses, at their cells (the Vietnamese
    // sheet's; the English one's is "Data"): a count that is not whole in a number cell,
    // and text that is not a number. A values file scores those indicators `invalid`.
    let refused: &[(&str, &[(&str, &str)])] = &[
        (
            "dti-province-2022--invalid-inputs",
            &[("workbook.not_whole", "F30"), ("workbook.typed", "F170")],
        ),
        (
            "dti-province-2025--invalid-input",
            &[("workbook.typed", "F24"), ("workbook.not_whole", "F26")],
        ),
        (
            "thanh-hoa-department-2021--invalid-inputs",
            &[
                ("workbook.typed", "F56"),
                ("workbook.not_whole", "F62"),
                ("workbook.not_whole", "F73"),
            ],
        ),
        (
            "thanh-hoa-department-2021--yes-no-and-manual",
            &[("workbook.typed", "F93")],
        ),
        (
            "vinh-long-2025--invalid",
            &[("workbook.not_whole", "F58"), ("workbook.typed", "F100")],
        ),
    ];
    let mut failures = Vec::new();
    let mut exact = 0;
    for (name, values, set) in &cases {
        let expected = as_workbook_keeps(set, values);
        for lang in [Lang::Vi, Lang::En] {
            let bytes = write_template(set, Some(values), &opts(lang)).unwrap();
            let sheet = if lang == Lang::Vi {
                "Số liệu"
            } else {
                "Data"
            };
            let refusal: Option<Vec<(&str, String)>> =
                refused.iter().find(|r| r.0 == name).map(|r| {
                    r.1.iter()
                        .map(|(code, cell)| (*code, format!("{sheet}!{cell}")))
                        .collect()
                });
            match (read_values(set, &bytes), refusal) {
                (Err(p), Some(expected))
                    if p.iter()
                        .map(|p| (p.code(), p.cell().unwrap_or("").to_string()))
                        .collect::<Vec<_>>()
                        == expected => {}
                (Err(p), _) => failures.push(format!("{name} ({lang:?}): {:?}", codes(&p))),
                (Ok(_), Some(_)) => failures.push(format!("{name} ({lang:?}): read")),
                (Ok(back), None) => {
                    exact += 1;
                    if back.to_json_value() != expected.to_json_value() {
                        failures.push(format!(
                            "{name} ({lang:?}):\n expected {}\n      got {}",
                            expected.to_json_value(),
                            back.to_json_value()
                        ));
                        continue;
                    }
                    let a = score(set, values, &ScoreOptions::default());
                    let b = score(set, &back, &ScoreOptions::default());
                    if a.total != b.total {
                        failures.push(format!("{name}: total {:?} != {:?}", a.total, b.total));
                    }
                    for node in set.nodes() {
                        let (x, y) = (&a.nodes[node.id.as_str()], &b.nodes[node.id.as_str()]);
                        if x.points != y.points || x.status != y.status {
                            failures.push(format!("{name}: {} differs", node.id));
                        }
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(exact, 2 * (cases.len() - refused.len()));
}

/// A small set with every kind of row: a count and a percent input, a yes/no, a
/// checklist, a choice, an excludable manual indicator.
const SMALL: &str = r#"{
  "format": "dti-score/indicator-set/v1", "id": "nho", "version": "3",
  "title": {"vi": "Bộ nhỏ", "en": "Small set"}, "scale": "40",
  "indicators": [
    {"code": "1", "title": {"vi": "Hộ có cáp quang", "en": "Households on fibre"}, "max": "10",
     "inputs": [
       {"id": "a", "label": {"vi": "Số hộ có cáp quang", "en": "Households on fibre"}, "kind": "count", "unit": "hộ"},
       {"id": "b", "label": {"vi": "Tỷ lệ phủ sóng", "en": "Coverage"}, "kind": "percent"}
     ],
     "rule": {"kind": "linear", "ratio": "a/1000"}},
    {"code": "2", "title": {"vi": "Có cổng thông tin", "en": "Has a portal"}, "max": "10", "rule": {"kind": "yes_no"}},
    {"code": "3", "title": {"vi": "Ứng dụng AI", "en": "AI"}, "max": "10",
     "rule": {"kind": "checklist", "items": [
       {"id": "1", "label": {"vi": "Cho cán bộ", "en": "For staff"}, "fraction": "1/2"},
       {"id": "2", "label": {"vi": "Cho người dân", "en": "For citizens"}, "fraction": "1/2"}]}},
    {"code": "4", "title": {"vi": "Mức độ", "en": "Level"}, "max": "10",
     "rule": {"kind": "choice", "options": [
       {"id": "full", "label": {"vi": "Đầy đủ", "en": "Full"}, "fraction": "1"},
       {"id": "half", "label": {"vi": "Một phần", "en": "Partly"}, "fraction": "1/2"}]}}
  ]
}"#;

fn small() -> IndicatorSet {
    IndicatorSet::from_json(SMALL).unwrap()
}

/// A workbook written by hand: the metadata rows (key, value) and the data rows
/// (indicator id, field, value cell); every other cell empty.
fn hand_made(about: &[(&str, Cell)], data: &[(&str, &str, Cell)]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Thông tin").unwrap();
    for (r, (key, value)) in about.iter().enumerate() {
        sheet.write_string(r as u32, 0, *key).unwrap();
        value.write(sheet, r as u32, 2);
    }
    let sheet = book.add_worksheet();
    sheet.set_name("Số liệu").unwrap();
    sheet.write_string(0, 0, "Mã chỉ tiêu").unwrap();
    for (r, (id, field, value)) in data.iter().enumerate() {
        let r = r as u32 + 1;
        sheet.write_string(r, 0, *id).unwrap();
        sheet.write_string(r, 2, *field).unwrap();
        value.write(sheet, r, 5);
    }
    book.save_to_buffer().unwrap()
}

enum Cell {
    T(&'static str),
    N(f64),
    B(bool),
}

impl Cell {
    fn write(&self, sheet: &mut rust_xlsxwriter::Worksheet, r: u32, c: u16) {
        match self {
            Cell::T(s) => sheet.write_string(r, c, *s).map(|_| ()),
            Cell::N(x) => sheet.write_number(r, c, *x).map(|_| ()),
            Cell::B(b) => sheet.write_boolean(r, c, *b).map(|_| ()),
        }
        .unwrap();
    }
}

fn about_of(set: &IndicatorSet) -> Vec<(&'static str, Cell)> {
    let bytes = write_template(set, None, &opts(Lang::Vi)).unwrap();
    // The hash as the template writes it, read back with calamine.
    use calamine::{Reader, Xlsx};
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let range = book.worksheet_range("Thông tin").unwrap();
    let sha = range.get_value((3, 2)).unwrap().to_string();
    assert_eq!(range.get_value((3, 0)).unwrap().to_string(), "set.sha256");
    vec![
        ("format", Cell::T("dti-score/workbook/v1")),
        ("set.id", Cell::T("nho")),
        ("set.version", Cell::T("3")),
        ("set.sha256", Cell::T(Box::leak(sha.into_boxed_str()))),
        ("lang", Cell::T("vi")),
    ]
}

fn problems_text(problems: &[WorkbookError]) -> String {
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

/// A filled small workbook reads exactly: numbers as number cells and as Vietnamese text,
/// a share as a percent cell and as "45%", Có/Không, TRUE, a choice by its label, the
/// note and evidence of an indicator's first row.
#[test]
fn a_filled_workbook_reads_exactly() {
    let set = small();
    let mut about = about_of(&set);
    about.push(("year", Cell::N(2025.0)));
    about.push(("unit.id", Cell::T("xa-tan-hoa")));
    about.push(("unit.name", Cell::T("Xã Tân Hòa")));
    let bytes = hand_made(
        &about,
        &[
            ("1", "a", Cell::T("1.234")),
            ("1", "b", Cell::N(0.455)),
            ("2", "done", Cell::T("có")),
            ("3", "items/1", Cell::B(true)),
            ("3", "items/2", Cell::T("Không")),
            ("4", "choice", Cell::T("Một phần")),
        ],
    );
    let values = read_values(&set, &bytes).unwrap();
    assert_eq!(
        values.to_json_value(),
        serde_json::json!({
            "format": "dti-score/values/v1",
            "set": {"id": "nho", "version": "3"},
            "year": 2025,
            "unit": {"id": "xa-tan-hoa", "name": "Xã Tân Hòa"},
            "values": {
                "1": {"a": "1234", "b": "0.455"},
                "2": {"done": true},
                "3": {"items": {"1": true, "2": false}},
                "4": {"choice": "half"}
            }
        })
    );
    let bytes = hand_made(
        &about_of(&set),
        &[("1", "a", Cell::N(12.0)), ("1", "b", Cell::T("45%"))],
    );
    assert_eq!(
        read_values(&set, &bytes).unwrap().values["1"].inputs,
        [
            ("a".to_string(), "12".to_string()),
            ("b".to_string(), "0.45".to_string())
        ]
        .into_iter()
        .collect()
    );
}

/// The template's layout: its sheets in order, the headers, the rows of the small set
/// with their field names, and its note and evidence pre-filled.
#[test]
fn the_template_lists_one_row_per_field() {
    use calamine::{Reader, Xlsx};
    let set = small();
    let values = Values::from_json(
        r#"{"values": {"1": {"a": "1.100.000", "note": "Số liệu của Bưu điện",
            "evidence": [{"document": "Báo cáo số 12/BC-UBND", "date": "2025-03-01"}]},
            "4": {"choice": "full"}}}"#,
    )
    .unwrap();
    for (lang, sheets, header) in [
        (
            Lang::Vi,
            ["Số liệu", "Thông tin", "Hướng dẫn", "Danh sách"],
            "Mã chỉ tiêu|Tên chỉ tiêu|Ký hiệu|Nội dung cần nhập|Đơn vị tính|Giá trị|Ghi chú|Minh chứng",
        ),
        (
            Lang::En,
            ["Data", "About", "Instructions", "Lists"],
            "Indicator id|Indicator|Field|What to enter|Unit|Value|Note|Evidence",
        ),
    ] {
        let bytes = write_template(&set, Some(&values), &opts(lang)).unwrap();
        let mut book: Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(book.sheet_names(), sheets);
        let data = book.worksheet_range(sheets[0]).unwrap();
        let rows: Vec<String> = data
            .rows()
            .map(|r| r.iter().map(|c| c.to_string()).collect::<Vec<_>>().join("|"))
            .collect();
        assert_eq!(rows[0], header);
        let keys: Vec<String> = data
            .rows()
            .skip(1)
            .map(|r| format!("{}/{}={}", r[0], r[2], r[5]))
            .collect();
        let (yes, full) = match lang {
            Lang::Vi => ("", "Đầy đủ"),
            Lang::En => ("", "Full"),
        };
        assert_eq!(
            keys,
            [
                "1/a=1100000".to_string(),
                "1/b=".into(),
                format!("2/done={yes}"),
                "3/items/1=".into(),
                "3/items/2=".into(),
                format!("4/choice={full}"),
            ]
        );
        let first = data.rows().nth(1).unwrap();
        assert_eq!(first[6].to_string(), "Số liệu của Bưu điện");
        assert_eq!(first[7].to_string(), "Báo cáo số 12/BC-UBND | 2025-03-01");
        let lists = book.worksheet_range(sheets[3]).unwrap();
        assert_eq!(lists.get_value((1, 0)).unwrap().to_string(), match lang {
            Lang::Vi => "Một phần",
            Lang::En => "Partly",
        });
    }
}

/// The parts of an XLSX calamine does not read, from its XML: each sheet's data
/// validations (range, type, list), whether it is protected, and which of its cells
/// are unlocked (by their style's `protection locked="0"`).
struct SheetXml {
    validations: Vec<(String, String, String)>,
    protected: bool,
    unlocked: Vec<String>,
}

fn sheet_xml(bytes: &[u8], sheet: usize) -> SheetXml {
    use quick_xml::events::Event;
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut read = |name: &str| {
        let mut text = String::new();
        zip.by_name(name)
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        text
    };
    let styles = read("xl/styles.xml");
    let sheet_text = read(&format!("xl/worksheets/sheet{sheet}.xml"));
    let attr = |e: &quick_xml::events::BytesStart<'_>, name: &[u8]| {
        e.attributes()
            .flatten()
            .find(|a| a.key.as_ref() == name)
            .map(|a| String::from_utf8(a.value.to_vec()).unwrap())
    };
    // The unlocked styles: the cellXfs entries whose protection says locked="0".
    let mut unlocked_styles = Vec::new();
    let (mut in_xfs, mut xf) = (false, 0usize);
    let mut reader = quick_xml::Reader::from_str(&styles);
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) if e.name().as_ref() == b"cellXfs" => in_xfs = true,
            Event::End(e) if e.name().as_ref() == b"cellXfs" => in_xfs = false,
            Event::Start(e) | Event::Empty(e) if in_xfs && e.name().as_ref() == b"xf" => xf += 1,
            Event::Start(e) | Event::Empty(e)
                if in_xfs
                    && e.name().as_ref() == b"protection"
                    && attr(&e, b"locked").as_deref() == Some("0") =>
            {
                unlocked_styles.push(xf - 1);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let mut out = SheetXml {
        validations: Vec::new(),
        protected: false,
        unlocked: Vec::new(),
    };
    let mut reader = quick_xml::Reader::from_str(&sheet_text);
    let mut current: Option<(String, String)> = None;
    let mut in_formula = false;
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == b"c" => {
                let style: usize = attr(&e, b"s").map_or(0, |s| s.parse().unwrap());
                if unlocked_styles.contains(&style) {
                    out.unlocked.push(attr(&e, b"r").unwrap());
                }
            }
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == b"sheetProtection" => {
                out.protected = attr(&e, b"sheet").as_deref() == Some("1");
            }
            Event::Start(e) if e.name().as_ref() == b"dataValidation" => {
                current = Some((attr(&e, b"sqref").unwrap(), attr(&e, b"type").unwrap()));
            }
            Event::Start(e) if e.name().as_ref() == b"formula1" => in_formula = true,
            Event::Text(t) if in_formula => {
                let (range, kind) = current.clone().unwrap();
                out.validations
                    .push((range, kind, t.decode().unwrap().into_owned()));
            }
            Event::End(e) if e.name().as_ref() == b"formula1" => in_formula = false,
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// The template asks yes/no and choices from lists, and only the cells to fill are
/// open: the labels, the metadata's keys and the lists are locked, every sheet but the
/// instructions protected.
#[test]
fn the_template_validates_lists_and_locks_its_labels() {
    let set = small();
    for (lang, yes_no, lists) in [
        (Lang::Vi, "\"Có,Không\"", "'Danh sách'!$A$1:$A$2"),
        (Lang::En, "\"Yes,No\"", "'Lists'!$A$1:$A$2"),
    ] {
        let bytes = write_template(&set, None, &opts(lang)).unwrap();
        let data = sheet_xml(&bytes, 1);
        assert_eq!(
            data.validations,
            [
                ("F4".to_string(), "list".to_string(), yes_no.to_string()),
                ("F5".into(), "list".into(), yes_no.into()),
                ("F6".into(), "list".into(), yes_no.into()),
                ("F7".into(), "list".into(), lists.into()),
            ],
            "{lang:?}"
        );
        assert!(data.protected);
        // Open: every value; the note and evidence on each indicator's first row.
        assert_eq!(
            data.unlocked,
            ["F2", "G2", "H2", "F3", "F4", "G4", "H4", "F5", "G5", "H5", "F6", "F7", "G7", "H7"],
            "{lang:?}"
        );
        let about = sheet_xml(&bytes, 2);
        assert!(about.protected);
        assert!(
            about.unlocked.iter().all(|c| c.starts_with('C')),
            "{:?}",
            about.unlocked
        );
        assert!(!about.unlocked.is_empty());
        assert!(!sheet_xml(&bytes, 3).protected);
        let lists = sheet_xml(&bytes, 4);
        assert!(lists.protected);
        assert!(lists.unlocked.is_empty());
    }
}

/// Every problem the reader finds, at its cell, in both languages.
#[test]
fn read_problems_at_their_cells() {
    let set = small();
    let mut about = about_of(&set);
    about.push(("year", Cell::T("hai nghìn")));
    about.push(("unit.id", Cell::T(" ")));
    about.push(("unit.name", Cell::T("Xã Tân Hòa")));
    let bytes = hand_made(
        &about,
        &[
            ("1", "a", Cell::T("1.5")),
            ("1", "b", Cell::B(true)),
            ("2", "done", Cell::T("Có lẽ")),
            ("3", "items/1", Cell::N(2.5)),
            ("3", "items/3", Cell::T("Có")),
            ("4", "choice", Cell::T("Gần đủ")),
            ("9", "a", Cell::N(1.0)),
            ("1", "a", Cell::N(2.0)),
        ],
    );
    let problems = read_values(&set, &bytes).unwrap_err();
    let count_not_whole = hand_made(&about_of(&set), &[("1", "a", Cell::N(2.5))]);
    let mut all = problems.clone();
    all.extend(read_values(&set, &count_not_whole).unwrap_err());
    insta::assert_snapshot!(problems_text(&all));

    // Another set, another version, another content of the same set.
    let mut wrong = about_of(&set);
    wrong[1].1 = Cell::T("vinh-long-2025");
    let mut other = read_values(&set, &hand_made(&wrong, &[])).unwrap_err();
    let mut older = about_of(&set);
    older[2].1 = Cell::T("2");
    other.extend(read_values(&set, &hand_made(&older, &[])).unwrap_err());
    let mut edited = about_of(&set);
    edited[3].1 = Cell::T("00");
    let hash = read_values(&set, &hand_made(&edited, &[])).unwrap_err();
    let mut format = about_of(&set);
    format[0].1 = Cell::T("dti-score/values/v1");
    let not_ours = read_values(&set, &hand_made(&format, &[])).unwrap_err();
    let no_data = {
        let mut book = rust_xlsxwriter::Workbook::new();
        book.add_worksheet().set_name("Thông tin").unwrap();
        read_values(&set, &book.save_to_buffer().unwrap()).unwrap_err()
    };
    let garbage = read_values(&set, b"PK\x03\x04 not a zip").unwrap_err();
    assert_eq!(garbage.len(), 1);
    assert_eq!(garbage[0].code(), "workbook.unreadable");
    let mut refused = other;
    refused.extend(hash);
    refused.extend(not_ours);
    refused.extend(no_data);
    insta::assert_snapshot!(problems_text(&refused));
}

/// Workbooks opened and saved again by LibreOffice Calc (`soffice --headless
/// --convert-to xlsx`, package libreoffice-calc-nogui, scripts/setup.sh) read back as the
/// values the engine wrote: context, attainment, notes, exclusions, parts, checklists,
/// choices and gates, in Vietnamese and in English. One conversion for all of them.
#[test]
fn workbooks_saved_by_libreoffice_read_back_identically() {
    let chosen = [
        ("vinh-long-2025--full-a", Lang::Vi),
        ("dti-province-2022--6-chinh-quyen-so", Lang::Vi),
        ("dti-province-2022--3-ha-tang-so", Lang::En),
        ("dti-province-2022--1-nhan-thuc-so", Lang::Vi),
        ("thanh-hoa-department-2021--exclusion", Lang::En),
    ];
    let cases = fixtures();
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("workbook-libreoffice");
    let _ = fs::remove_dir_all(&dir);
    let out = dir.join("saved");
    fs::create_dir_all(&out).unwrap();
    let mut inputs = Vec::new();
    for (name, lang) in chosen {
        let (_, values, set) = cases.iter().find(|c| c.0 == name).unwrap();
        let path = dir.join(format!("{name}.xlsx"));
        fs::write(
            &path,
            write_template(set, Some(values), &opts(lang)).unwrap(),
        )
        .unwrap();
        inputs.push(path);
    }
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
    for (name, _) in chosen {
        let (_, _, set) = cases.iter().find(|c| c.0 == name).unwrap();
        let ours = fs::read(dir.join(format!("{name}.xlsx"))).unwrap();
        let saved = fs::read(out.join(format!("{name}.xlsx"))).unwrap();
        assert_ne!(ours, saved, "{name}: LibreOffice wrote its own file");
        let a = read_values(set, &ours).unwrap();
        let b = read_values(set, &saved).unwrap_or_else(|p| panic!("{name}: {:?}", codes(&p)));
        assert_eq!(a.to_json_value(), b.to_json_value(), "{name}");
        assert!(!a.values.is_empty(), "{name}");
    }
}

/// `dti-score template` writes the workbook; `dti-score score SET filled.xlsx` scores it
/// as it scores the values file; a refused workbook fails with the problems at their
/// cells, in Vietnamese and English.
#[test]
fn the_cli_writes_and_scores_a_workbook() {
    let bin = env!("CARGO_BIN_EXE_dti-score");
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("workbook-cli");
    fs::create_dir_all(&dir).unwrap();
    let fixture = root().join("tests/fixtures/vinh-long-2025--full-a");
    let set = root().join("indicator-sets/vinh-long-2025.json");
    let book = dir.join("mau-nhap-lieu.xlsx");
    let run =
        |args: &[&std::ffi::OsStr]| std::process::Command::new(bin).args(args).output().unwrap();
    let out = run(&[
        "template".as_ref(),
        set.as_os_str(),
        "--values".as_ref(),
        fixture.join("values.json").as_os_str(),
        "--year".as_ref(),
        "2026".as_ref(),
        "--unit-id".as_ref(),
        "xa-moi".as_ref(),
        "--unit-name".as_ref(),
        "Xã Mới".as_ref(),
        "-o".as_ref(),
        book.as_os_str(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let loaded = set_of(&set);
    let values = read_values(&loaded, &fs::read(&book).unwrap()).unwrap();
    assert_eq!(values.year, Some(2026));
    assert_eq!(
        values.unit,
        Some(dti_score::Unit {
            id: "xa-moi".into(),
            name: Some("Xã Mới".into()),
            level: None,
            province: None,
        })
    );
    let json = |values: &Path| {
        let out = run(&[
            "score".as_ref(),
            set.as_os_str(),
            "--json".as_ref(),
            values.as_os_str(),
        ]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let mut report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        report
            .as_object_mut()
            .unwrap()
            .retain(|k, _| k == "total" || k == "nodes");
        report
    };
    assert_eq!(json(&book), json(&fixture.join("values.json")));
    // The same bytes under another name: read by their zip magic bytes.
    let renamed = dir.join("filled.bin");
    fs::copy(&book, &renamed).unwrap();
    assert_eq!(json(&renamed), json(&fixture.join("values.json")));

    let invalid = root().join("tests/fixtures/vinh-long-2025--invalid/values.json");
    let bad = dir.join("invalid.xlsx");
    let out = run(&[
        "template".as_ref(),
        set.as_os_str(),
        "--values".as_ref(),
        invalid.as_os_str(),
        "--en".as_ref(),
        "-o".as_ref(),
        bad.as_os_str(),
    ]);
    assert!(out.status.success());
    let out = run(&["score".as_ref(), set.as_os_str(), bad.as_os_str()]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!(
            "dti-score: {} cannot be read as a values workbook:\n  \
             Data!F58: 12,5 không phải số nguyên; ô này cần một số đếm\n    \
             (Data!F58: 12.5 is not a whole number; this cell takes a count)\n  \
             Data!F100: “mười” không phải là số; hãy viết bằng chữ số, ví dụ 1.234,5\n    \
             (Data!F100: “mười” is not a number; write it in digits, e.g. 1,234.5)\n",
            bad.display()
        )
    );
}

fn set_of(path: &Path) -> IndicatorSet {
    IndicatorSet::from_json(&fs::read_to_string(path).unwrap()).unwrap()
}

/// A draft's figures typed as text are written as the values they read as, in the
/// language they were typed in (the workbook's may be another): "1.234" typed in
/// Vietnamese is 1234 in an English workbook; text that does not read is refused at its
/// cell.
#[test]
fn typed_figures_are_read_in_their_own_language() {
    let set = small();
    let values = Values::from_json(
        r#"{"values": {"1": {"typed": {"a": {"text": "1.234", "lang": "vi"},
                                        "b": {"text": "45,5", "lang": "vi"}}}}}"#,
    )
    .unwrap();
    let back = read_values(
        &set,
        &write_template(&set, Some(&values), &opts(Lang::En)).unwrap(),
    )
    .unwrap();
    assert_eq!(
        back.values["1"].inputs,
        [
            ("a".to_string(), "1234".to_string()),
            ("b".to_string(), "0.455".to_string())
        ]
        .into_iter()
        .collect()
    );
    assert!(back.values["1"].typed.is_empty());
    let values =
        Values::from_json(r#"{"values": {"1": {"typed": {"a": {"text": "mười", "lang": "vi"}}}}}"#)
            .unwrap();
    let problems = read_values(
        &set,
        &write_template(&set, Some(&values), &opts(Lang::Vi)).unwrap(),
    )
    .unwrap_err();
    assert_eq!(codes(&problems), [("workbook.typed", Some("Số liệu!F2"))]);
}

#[test]
fn every_field_of_a_citation_round_trips_in_its_cell() {
    let set = small();
    let values = Values::from_json(
        r#"{"set": {"id": "nho", "version": "3"}, "values": {"2": {"done": true, "evidence": [
          {"document": "12/QĐ-UBND", "date": "2025-03-01", "issuer": "UBND xã A",
           "title": "Kế hoạch | chuyển đổi số \\ 2025\ndòng hai", "url": "https://xa-a.gov.vn/kh",
           "file": {"name": "ke-hoach.pdf", "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "size": "1234"}},
          {"document": "05/KH-UBND", "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"}]}}}"#,
    )
    .unwrap();
    let bytes = write_template(&set, Some(&values), &opts(Lang::Vi)).unwrap();
    let back = read_values(&set, &bytes).unwrap();
    assert_eq!(back.values["2"].evidence, values.values["2"].evidence);
}
