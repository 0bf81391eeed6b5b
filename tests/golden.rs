//! Golden cases as data: `tests/fixtures/<case>/{values.json, expected.json}` and either
//! `set.json` beside them or the shipped set `indicator-sets/<values.set.id>.json` (or the
//! template `indicator-sets/templates/<values.set.id>.json`).
//! Every field listed in `expected.json` must equal the report's, exactly; the harness
//! names every failing case and field.

use std::fs;
use std::path::{Path, PathBuf};

use dti_score::{score, IndicatorSet, ScoreOptions, Targets, Values};
use serde_json::Value;

mod common;
use common::shipped_set_path;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn load_set(dir: &Path, values: &Values) -> Result<IndicatorSet, String> {
    let local = dir.join("set.json");
    let path = if local.exists() {
        local
    } else {
        let id = values
            .set
            .as_ref()
            .map(|s| s.id.clone())
            .ok_or("values.json names no set and there is no set.json")?;
        shipped_set_path(&id)
    };
    let text = fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    IndicatorSet::from_json(&text)
        .map_err(|e| format!("{} does not validate:\n{e}", path.display()))
}

/// Compares `expected` (a subset) with `actual`, collecting every difference.
fn compare(expected: &Value, actual: &Value, at: &str, out: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (k, ev) in e {
                match a.get(k) {
                    Some(av) => compare(ev, av, &format!("{at}/{k}"), out),
                    None => out.push(format!(
                        "{at}/{k}: expected {ev}, the report has no such field"
                    )),
                }
            }
        }
        _ if expected == actual => {}
        _ => out.push(format!("{at}: expected {expected}, got {actual}")),
    }
}

fn run_case(dir: &Path) -> Result<usize, String> {
    let values_text =
        fs::read_to_string(dir.join("values.json")).map_err(|e| format!("values.json: {e}"))?;
    let values =
        Values::from_json(&values_text).map_err(|e| format!("values.json does not load:\n{e}"))?;
    let set = load_set(dir, &values)?;
    let expected: Value = serde_json::from_str(
        &fs::read_to_string(dir.join("expected.json"))
            .map_err(|e| format!("expected.json: {e}"))?,
    )
    .map_err(|e| format!("expected.json: {e}"))?;
    let mut options = ScoreOptions::default();
    if let Some(t) = dir
        .join("targets.json")
        .exists()
        .then(|| dir.join("targets.json"))
    {
        let text = fs::read_to_string(&t).map_err(|e| e.to_string())?;
        options.targets =
            Some(Targets::from_json(&text, &set).map_err(|e| format!("targets.json:\n{e}"))?);
    }
    let report = score(&set, &values, &options);
    // The numbers-only run (every keystroke in the page) gives the same numbers.
    let quick = score(
        &set,
        &values,
        &ScoreOptions {
            numbers_only: true,
            ..options.clone()
        },
    );
    if quick.total != report.total || quick.achieved != report.achieved {
        return Err(format!(
            "numbers-only total {:?} differs from {:?}",
            quick.total, report.total
        ));
    }
    for (id, n) in &report.nodes {
        let q = &quick.nodes[id];
        if (q.points, q.attainment, q.status, &q.messages)
            != (n.points, n.attainment, n.status, &n.messages)
        {
            return Err(format!("numbers-only result of {id} differs"));
        }
        if !q.trace.vi.is_empty() || q.to_full.is_some() {
            return Err(format!("numbers-only result of {id} has a trace"));
        }
    }
    let actual = serde_json::to_value(&report).map_err(|e| e.to_string())?;
    let checked = expected
        .get("nodes")
        .and_then(Value::as_object)
        .map_or(0, |m| m.len());
    if checked == 0 && expected.get("total").is_none() {
        return Err("expected.json checks nothing".into());
    }
    let mut diffs = Vec::new();
    compare(&expected, &actual, "", &mut diffs);
    if diffs.is_empty() {
        Ok(checked)
    } else {
        Err(diffs.join("\n    "))
    }
}

#[test]
fn golden_cases() {
    let fixtures = root().join("tests/fixtures");
    let mut dirs: Vec<PathBuf> = fs::read_dir(&fixtures)
        .expect("tests/fixtures exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("expected.json").exists())
        .collect();
    dirs.sort();
    assert!(!dirs.is_empty(), "no golden cases found");
    let mut failures = Vec::new();
    let mut nodes = 0;
    for dir in &dirs {
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        match run_case(dir) {
            Ok(n) => nodes += n,
            Err(e) => failures.push(format!("{name}:\n    {e}")),
        }
    }
    println!("{} golden cases, {nodes} indicators checked", dirs.len());
    assert!(
        failures.is_empty(),
        "{} of {} golden cases failed:\n{}",
        failures.len(),
        dirs.len(),
        failures.join("\n")
    );
}
