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
            let values = Values::from_json(&fs::read_to_string(dir.join("values.json")).unwrap())
                .unwrap();
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

fn shipped(id: &str) -> IndicatorSet {
    IndicatorSet::from_json(
        &fs::read_to_string(root().join("indicator-sets").join(format!("{id}.json"))).unwrap(),
    )
    .unwrap()
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
            let sheet = if lang == Lang::Vi { "Số liệu" } else { "Data" };
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
