//! The province's batch in little memory (`intake_compact`, `aggregate_compact`, what
//! `dti-score aggregate` runs without `--json` and `--roll-up`) gives exactly the intake
//! and the views of `intake_streamed` and `aggregate`: relative indicators across the
//! batch, exclusions, partial files merged (with a conflict), duplicates and refusals.
#![cfg(feature = "parallel")]

use dti_score::aggregate::{
    aggregate, aggregate_compact, intake_compact, intake_streamed, AggregateOptions, CompactUnits,
    Intake, IntakeOptions, UnitScores,
};
use dti_score::{IndicatorSet, Lang, Message};
use serde_json::{json, Value};

fn set() -> IndicatorSet {
    IndicatorSet::from_json(include_str!(
        "../indicator-sets/thanh-hoa-department-2021.json"
    ))
    .unwrap()
}

/// Each thanh-hoa-department-2021 fixture's values as one department's file (several
/// times over, with the figures varied), a department sent in two partial files that
/// disagree on one field, a copy, and a file that is not JSON.
fn files() -> Vec<(String, Vec<u8>)> {
    let mut fixtures: Vec<Value> = std::fs::read_dir("tests/fixtures")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("thanh-hoa-department-2021--")
        })
        .map(|p| serde_json::from_slice(&std::fs::read(p.join("values.json")).unwrap()).unwrap())
        .collect();
    fixtures.sort_by_key(|v| v.to_string());
    let mut out = Vec::new();
    for round in 0..3 {
        for (k, fixture) in fixtures.iter().enumerate() {
            let mut v = fixture.clone();
            let id = format!("so-{round}-{k}");
            v["unit"] =
                json!({ "id": id, "name": format!("Sở {round}.{k}"), "level": "department" });
            v["year"] = json!(2021);
            // 4.1.1's ratio varied, so that the relative indicators spread.
            if v["values"]["4.1.1"]["a"].is_string() {
                v["values"]["4.1.1"]["a"] = json!((30 + 7 * round + k).to_string());
            }
            out.push((format!("{id}.json"), v.to_string().into_bytes()));
        }
    }
    // so-0-0 again in two partial files: one with 4.1.1, one with 4.3.1 and a 4.1.1 that
    // differs (a conflict, left out).
    let base: Value = serde_json::from_slice(&out[0].1).unwrap();
    let mut a = base.clone();
    a["unit"]["id"] = json!("so-parts");
    a["values"]["4.1.1"] = json!({ "a": "45", "b": "60" });
    let mut b = json!({ "year": 2021, "unit": { "id": "so-parts" }, "values": {
        "4.3.1": { "a": "3", "b": "4" }, "4.1.1": { "a": "1", "b": "60" } } });
    b["set"] = base["set"].clone();
    out.push(("so-parts-a.json".into(), a.to_string().into_bytes()));
    out.push(("so-parts-b.json".into(), b.to_string().into_bytes()));
    out.push(("copy.json".into(), out[3].1.clone()));
    out.push(("broken.json".into(), b"{ not json".to_vec()));
    out
}

#[test]
fn the_compact_batch_gives_the_same_intake_and_views_as_the_whole_one() {
    let set = set();
    let files = files();
    let options = IntakeOptions {
        set: &set,
        registry: None,
        allow_unsigned: true,
        year: None,
    };
    let read = |i: usize| Ok::<_, std::convert::Infallible>(files[i].clone());
    let whole = intake_streamed(files.len(), read, &options).unwrap();
    let (compact, units) = intake_compact(files.len(), read, &options).unwrap();
    // The intake is the same, the merged values aside (they are in `units`).
    let mut blanked = whole.clone();
    for m in &mut blanked.merged.units {
        m.values = Default::default();
    }
    assert_eq!(compact, blanked);
    assert_eq!(units.len(), whole.merged.units.len());
    let rejected: Vec<(&str, &str)> = compact
        .files
        .iter()
        .filter_map(|f| Some((f.file.as_str(), f.rejection.as_ref()?.code())))
        .collect();
    assert_eq!(
        rejected,
        [("copy.json", "duplicate"), ("broken.json", "not_json")]
    );
    assert_eq!(compact.merged.conflicts.len(), 1);
    assert_eq!(compact.merged.conflicts[0].pointer, "/values/4.1.1/a");

    // The round's year (the first pass made when each file was taken is used), and
    // another year (the first pass made again).
    for year in [whole.round.year(), Some(2022)] {
        same_views(&set, &whole, units.clone(), year);
    }
}

fn same_views(set: &IndicatorSet, whole: &Intake, units: CompactUnits, year: Option<i32>) {
    let agg = AggregateOptions {
        year,
        mark_unsigned: true,
        mark_unproven: true,
        ..AggregateOptions::default()
    };
    let full = aggregate(set, whole.entries(), &agg);
    let lean = aggregate_compact(set, units, &agg);
    // Not a batch of empty views: the relative indicators, exclusions and the at-risk
    // list are there.
    assert_eq!(full.units.len(), 3 * 6 + 1);
    assert_eq!(full.relative.len(), 4);
    assert!(!full.exclusions.is_empty());
    assert!(!full.at_risk.is_empty());
    for lang in [Lang::Vi, Lang::En] {
        assert_eq!(lean.tables(lang), full.tables(lang));
    }
    assert_eq!(lean.relative, full.relative);
    assert_eq!(lean.indicators, full.indicators);
    assert_eq!(lean.at_risk, full.at_risk);
    assert_eq!(lean.exclusions, full.exclusions);
    assert_eq!(lean.histograms(set), full.histograms(set));
    for (l, f) in lean.units.iter().zip(&full.units) {
        assert_eq!(
            (
                &l.unit,
                &l.sources,
                l.total,
                l.achieved,
                l.rank,
                &l.pillars,
                l.provenance
            ),
            (
                &f.unit,
                &f.sources,
                f.total,
                f.achieved,
                f.rank,
                &f.pillars,
                f.provenance
            )
        );
        assert_eq!(l.report, UnitScores::of(&f.report));
    }
}
