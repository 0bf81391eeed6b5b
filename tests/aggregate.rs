//! The province's side: a generated batch of 500 signed commune submissions with known
//! values — totals, ranks, min–max scores and roll-up sums checked exactly; merging;
//! every rejected file with its reason; CSV and XLSX read back cell by cell.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::str::FromStr;

use calamine::{open_workbook, Data, Reader, Xlsx};
use dti_score::aggregate::{
    aggregate, intake, intake_verified, merge, rollup, AggregateOptions, FileKind, Intake,
    IntakeOptions, Part, PreviousResults, Rejection, Risk, UnitEntry,
};
use dti_score::registry::KeyRegistry;
use dti_score::sign::{PublicKey, Role, UnlockedKey};
use dti_score::submission::{build, SubmissionInput};
use dti_score::verify::verify_files;
use dti_score::Lang;
use dti_score::Message;
use dti_score::{IndicatorSet, Status, Values};
use rust_decimal::Decimal;
use serde_json::{json, Value};

mod common;

/// Two pillars: 1.1 linear (a/b), 1.2 relative min–max (a/b), 2.1 relative
/// proportional to the best (a), 2.2 yes/no. `households` and the inputs of 1.1 and
/// 1.2 may be summed; 2.1's `a` may not.
const SET: &str = r#"{
  "format": "dti-score/indicator-set/v1",
  "id": "batch-test",
  "version": "1.0.0",
  "title": { "vi": "Bộ chỉ số thử tổng hợp" },
  "scale": "100",
  "context": [
    { "id": "households", "label": { "vi": "Tổng số hộ gia đình" }, "kind": "count", "rollup": "sum" }
  ],
  "indicators": [
    { "code": "1", "title": { "vi": "Hạ tầng số" }, "max": "60", "children": [
      { "code": "1.1", "title": { "vi": "Tỷ lệ hộ có cáp quang" }, "max": "30",
        "inputs": [
          { "id": "a", "label": { "vi": "Số hộ có cáp quang" }, "kind": "count", "rollup": "sum" },
          { "id": "b", "label": { "vi": "Tổng số hộ" }, "kind": "count", "rollup": "sum" } ],
        "rule": { "kind": "linear", "ratio": "a/b" } },
      { "code": "1.2", "title": { "vi": "Tỷ lệ người có định danh điện tử" }, "max": "30",
        "inputs": [
          { "id": "a", "label": { "vi": "Số người có định danh" }, "kind": "count", "rollup": "sum" },
          { "id": "b", "label": { "vi": "Dân số" }, "kind": "count", "rollup": "sum" } ],
        "rule": { "kind": "relative", "ratio": "a/b", "method": "min_max" } } ] },
    { "code": "2", "title": { "vi": "Kinh tế số" }, "max": "40", "children": [
      { "code": "2.1", "title": { "vi": "Doanh nghiệp số trên 1.000 dân" }, "max": "20",
        "inputs": [ { "id": "a", "label": { "vi": "Doanh nghiệp số trên 1.000 dân" }, "kind": "amount" } ],
        "rule": { "kind": "relative", "ratio": "a", "share": false, "method": "proportional_to_best" } },
      { "code": "2.2", "title": { "vi": "Có sàn thương mại điện tử" }, "max": "20",
        "rule": { "kind": "yes_no" } } ] }
  ]
}"#;

const N: usize = 500;

fn set() -> IndicatorSet {
    IndicatorSet::from_json(SET).unwrap()
}

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn unit_id(i: usize) -> String {
    format!("xa-{i:03}")
}

/// What commune `i` enters, and what it must score.
struct Known {
    a11: u64,
    a12: u64,
    a21: u64,
    done: bool,
    /// Commune 499 leaves out 1.1's `b`.
    b11_missing: bool,
}

fn known(i: usize) -> Known {
    Known {
        a11: (i % 101) as u64,
        a12: 10 + (i % 21) as u64,
        a21: if i == 250 { 40 } else { 5 * (i % 5) as u64 },
        done: !i.is_multiple_of(3),
        b11_missing: i == N - 1,
    }
}

/// The points worked out by hand from the rules:
/// 1.1 = a/100 × 30 = 0.3a; 1.2 = (a/40 − 10/40)/(30/40 − 10/40) × 30 = 1.5 (a − 10);
/// 2.1 = a/40 × 20 = a/2 (commune 250 is the best with 40); 2.2 = 20 or 0.
fn expected_points(i: usize) -> (Decimal, Decimal, Decimal, Decimal) {
    let k = known(i);
    let p11 = if k.b11_missing {
        Decimal::ZERO
    } else {
        d("0.3") * Decimal::from(k.a11)
    };
    let p12 = d("1.5") * Decimal::from(k.a12 - 10);
    let p21 = Decimal::from(k.a21) / Decimal::from(2);
    let p22 = if k.done {
        Decimal::from(20)
    } else {
        Decimal::ZERO
    };
    (p11, p12, p21, p22)
}

fn expected_total(i: usize) -> Decimal {
    let (a, b, c, e) = expected_points(i);
    (a + b + c + e).normalize()
}

fn values_json(i: usize) -> Value {
    let k = known(i);
    let mut v11 = json!({ "a": k.a11.to_string(), "b": "100" });
    if k.b11_missing {
        v11.as_object_mut().unwrap().remove("b");
    }
    json!({
        "format": "dti-score/values/v1",
        "set": { "id": "batch-test", "version": "1.0.0" },
        "year": 2025,
        "unit": { "id": unit_id(i), "name": format!("Xã số {i}"), "level": "commune", "province": "tinh-thu" },
        "context": { "households": (1000 + i).to_string() },
        "values": {
            "1.1": v11,
            "1.2": { "a": k.a12.to_string(), "b": "40" },
            "2.1": { "a": k.a21.to_string() },
            "2.2": { "done": k.done }
        }
    })
}

fn key(i: usize) -> UnlockedKey {
    let mut secret = [7u8; 32];
    secret[..8].copy_from_slice(&(i as u64).to_le_bytes());
    UnlockedKey::from_secret(&secret, &unit_id(i), &format!("Cán bộ {i}"), Role::Preparer)
}

fn sign(set: &IndicatorSet, values: &Value, key: &UnlockedKey, at: &str) -> Vec<u8> {
    let values = Values::from_value(values).unwrap();
    let input = SubmissionInput {
        set,
        values: &values,
        unit: None,
        year: None,
        created_at: at.into(),
    };
    build(&input, key, None)
        .unwrap()
        .to_json_pretty()
        .into_bytes()
}

fn registry_json(keys: &[(String, &UnlockedKey)]) -> String {
    let mut units = serde_json::Map::new();
    for (unit, k) in keys {
        let entry = units
            .entry(unit.clone())
            .or_insert_with(|| json!({ "keys": [] }));
        entry["keys"]
            .as_array_mut()
            .unwrap()
            .push(json!({ "public_key": k.public_key().to_hex(), "role": "preparer" }));
    }
    json!({ "format": "dti-score/keys/v1", "units": units }).to_string()
}

/// The province key of these tests, from a fixed secret.
fn province_key() -> UnlockedKey {
    UnlockedKey::from_secret(&[77; 32], "tinh-thu", "Sở thử", Role::Province)
}

/// [`registry_json`] as a signed `keys/v2` file: every key valid from 2025-01-01.
fn signed_registry_json(keys: &[(String, &UnlockedKey)]) -> String {
    let keys: Vec<(&str, PublicKey, Role)> = keys
        .iter()
        .map(|(unit, k)| (unit.as_str(), k.public_key(), k.role()))
        .collect();
    common::signed_registry(&keys, &province_key())
}

/// The 500 signed submissions, by file name.
fn batch(set: &IndicatorSet) -> Vec<(String, Vec<u8>)> {
    (0..N)
        .map(|i| {
            (
                format!("{}.json", unit_id(i)),
                sign(set, &values_json(i), &key(i), "2025-11-20T08:00:00Z"),
            )
        })
        .collect()
}

fn all_keys() -> Vec<UnlockedKey> {
    (0..N).map(key).collect()
}

fn registry(keys: &[UnlockedKey]) -> KeyRegistry {
    let pairs: Vec<(String, &UnlockedKey)> = keys
        .iter()
        .enumerate()
        .map(|(i, k)| (unit_id(i), k))
        .collect();
    KeyRegistry::from_json(&registry_json(&pairs)).unwrap()
}

/// Competition ranks (1, 2, 2, 4) over the expected totals.
fn expected_ranks() -> BTreeMap<String, u64> {
    let totals: Vec<(String, Decimal)> = (0..N).map(|i| (unit_id(i), expected_total(i))).collect();
    totals
        .iter()
        .map(|(id, t)| {
            let higher = totals.iter().filter(|(_, o)| o > t).count() as u64;
            (id.clone(), higher + 1)
        })
        .collect()
}

fn take(set: &IndicatorSet, files: &[(String, Vec<u8>)], reg: Option<&KeyRegistry>) -> Intake {
    intake(
        files,
        &IntakeOptions {
            set,
            registry: reg,
            allow_unsigned: true,
            year: None,
        },
    )
}

#[test]
fn five_hundred_signed_communes_totals_ranks_and_relative_scores() {
    let set = set();
    let keys = all_keys();
    let reg = registry(&keys);
    let files = batch(&set);
    let taken = take(&set, &files, Some(&reg));
    assert!(taken
        .files
        .iter()
        .all(|f| f.accepted() && f.kind == FileKind::Signed));
    assert!(taken.merged.conflicts.is_empty());
    assert_eq!(taken.merged.units.len(), N);
    let entries: Vec<UnitEntry> = taken
        .merged
        .units
        .into_iter()
        .map(UnitEntry::from)
        .collect();
    // Without traces (the default): the same numbers, no written-out computation.
    let quick = aggregate(&set, entries.clone(), &AggregateOptions::default());
    let out = aggregate(
        &set,
        entries,
        &AggregateOptions {
            traces: true,
            ..Default::default()
        },
    );
    assert_eq!(quick.units.len(), out.units.len());
    for (q, u) in quick.units.iter().zip(&out.units) {
        assert_eq!(
            (&q.unit.id, q.total, q.achieved, q.rank, &q.pillars),
            (&u.unit.id, u.total, u.achieved, u.rank, &u.pillars)
        );
        for (id, n) in &u.report.nodes {
            let m = &q.report.nodes[id];
            assert_eq!((m.points, m.status), (n.points, n.status), "{id}");
            assert_eq!(m.trace.vi, "");
        }
    }
    assert_eq!(quick.relative, out.relative);
    assert_eq!(quick.indicators, out.indicators);
    assert_eq!(quick.at_risk, out.at_risk);

    // Relative indicators across the batch: 1.2 from 10/40 to 30/40, 2.1 best 40 (xa-250).
    assert_eq!(out.relative["1.2"].best, d("0.75"));
    assert_eq!(out.relative["1.2"].worst, d("0.25"));
    assert_eq!(out.relative["2.1"].best, d("40"));
    assert_eq!(out.relative["2.1"].best_unit.as_deref(), Some("Xã số 250"));
    let ranks = expected_ranks();
    assert_eq!(out.units.len(), N);
    for u in &out.units {
        let i: usize = u.unit.id[3..].parse().unwrap();
        let (p11, p12, p21, p22) = expected_points(i);
        let r = &u.report.nodes;
        assert_eq!(r["1.1"].points, Some(p11.normalize()), "{} 1.1", u.unit.id);
        assert_eq!(r["1.2"].points, Some(p12.normalize()), "{} 1.2", u.unit.id);
        assert_eq!(r["2.1"].points, Some(p21.normalize()), "{} 2.1", u.unit.id);
        assert_eq!(r["2.2"].points, Some(p22.normalize()), "{} 2.2", u.unit.id);
        assert_eq!(r["1.2"].status, Status::Ok);
        assert_eq!(r["2.1"].status, Status::Ok);
        assert_eq!(u.total, Some(expected_total(i)), "{}", u.unit.id);
        assert_eq!(u.pillars["1"], Some((p11 + p12).normalize()));
        assert_eq!(u.pillars["2"], Some((p21 + p22).normalize()));
        assert_eq!(u.rank, Some(ranks[&u.unit.id]), "{}", u.unit.id);
    }
    // The best unit is named in the trace.
    assert_eq!(
        out.units
            .iter()
            .find(|u| u.unit.id == "xa-000")
            .unwrap()
            .report
            .nodes["2.1"]
            .trace
            .vi,
        "a = 0; cao nhất (Xã số 250) = 40 → 0"
    );
    // Ranking order: by total, then id; ties share a rank and the next rank skips.
    let mut want: Vec<(Decimal, String)> =
        (0..N).map(|i| (expected_total(i), unit_id(i))).collect();
    want.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    let got: Vec<&str> = out.units.iter().map(|u| u.unit.id.as_str()).collect();
    let want_ids: Vec<&str> = want.iter().map(|(_, id)| id.as_str()).collect();
    assert_eq!(got, want_ids);
    let at = |k: usize| {
        let u = &out.units[k];
        (
            u.unit.id.as_str(),
            u.total.unwrap().to_string(),
            u.rank.unwrap(),
        )
    };
    assert_eq!(at(0), ("xa-398", "86".into(), 1));
    assert_eq!(at(1), ("xa-293", "84.8".into(), 2));
    assert_eq!(at(3), ("xa-250", "82.9".into(), 4));
    // The first tie: 74.4 twice, rank 22 shared, then 24.
    assert_eq!(at(20), ("xa-167", "74.8".into(), 21));
    assert_eq!(at(21), ("xa-164", "74.4".into(), 22));
    assert_eq!(at(22), ("xa-199", "74.4".into(), 22));
    assert_eq!(at(23), ("xa-481", "74.1".into(), 24));
    // Per-indicator distribution.
    let s21 = out.indicators.iter().find(|s| s.id == "2.1").unwrap();
    assert_eq!((s21.min, s21.highest), (Some(d("0")), Some(d("20"))));
    let sum21: Decimal = (0..N).map(|i| expected_points(i).2).sum();
    assert_eq!(s21.sum, Some(sum21.normalize()));
    assert_eq!(
        s21.mean,
        Some((sum21 / Decimal::from(N)).round_dp(4).normalize())
    );
    let s11 = out.indicators.iter().find(|s| s.id == "1.1").unwrap();
    assert_eq!(s11.by_status.get("missing"), Some(&1));
    assert_eq!(s11.by_status.get("ok"), Some(&499));
    // At risk: every zero on a leaf.
    let zeros_22 = out
        .at_risk
        .iter()
        .filter(|a| a.id == "2.2" && a.risk == Risk::ZeroPoints)
        .count();
    assert_eq!(zeros_22, (0..N).filter(|i| i % 3 == 0).count());
    assert!(out
        .at_risk
        .iter()
        .any(|a| a.unit_id == "xa-499" && a.id == "1.1" && a.status == Status::Missing));
    // By unit (the review page's list): every row once, one group per unit in id
    // order, each unit's indicators in the set's order, without the unit's columns.
    let groups = out.at_risk_by_unit(Lang::Vi);
    assert_eq!(
        groups.iter().map(|g| g.table.rows.len()).sum::<usize>(),
        out.at_risk.len()
    );
    let ids: Vec<&str> = groups.iter().map(|g| g.unit_id.as_str()).collect();
    let mut sorted = ids.clone();
    sorted.dedup();
    sorted.sort();
    assert_eq!(ids, sorted);
    let last = groups.iter().find(|g| g.unit_id == "xa-499").unwrap();
    assert_eq!(last.unit_name.as_deref(), Some("Xã số 499"));
    assert_eq!(
        last.table.header,
        [
            "Mã",
            "Chỉ tiêu",
            "Điểm",
            "Điểm tối đa",
            "Chỉ tiêu phấn đấu",
            "Nguy cơ",
            "Trạng thái"
        ]
    );
    assert_eq!(
        last.table.keys,
        ["code", "title", "points", "max", "target", "risk", "status"]
    );
    let want: Vec<Vec<String>> = out
        .at_risk
        .iter()
        .filter(|a| a.unit_id == "xa-499")
        .map(|a| {
            let title = out
                .indicators
                .iter()
                .find(|s| s.id == a.id)
                .unwrap()
                .title
                .clone();
            vec![
                a.code.clone(),
                title,
                a.points
                    .map_or(String::new(), |p| p.normalize().to_string()),
                a.max.map_or(String::new(), |p| p.normalize().to_string()),
                String::new(),
                a.risk.label(Lang::Vi).to_string(),
                a.status.label(Lang::Vi).to_string(),
            ]
        })
        .collect();
    let got: Vec<Vec<String>> = last
        .table
        .rows
        .iter()
        .map(|r| r.iter().map(|c| c.to_csv_text()).collect())
        .collect();
    assert_eq!(got, want);
    assert!(got.iter().any(|r| r[0] == "1.1" && r[6] == "thiếu số liệu"));
    assert_eq!(out.at_risk_by_unit(Lang::En)[0].table.header[5], "Risk");
}

#[test]
fn roll_up_sums_the_communes_and_lists_what_is_missing() {
    let set = set();
    let values: Vec<Values> = (0..N)
        .map(|i| Values::from_value(&values_json(i)).unwrap())
        .collect();
    let refs: Vec<&Values> = values.iter().collect();
    let mut expected: Vec<String> = (0..=N).map(unit_id).collect();
    expected.push("xa-999".into());
    let out = rollup(&set, &refs, Some(&expected), None);
    let households: u64 = (0..N as u64).map(|i| 1000 + i).sum();
    assert_eq!(out.values.context["households"], households.to_string());
    let a11: u64 = (0..N).map(|i| known(i).a11).sum();
    let a12: u64 = (0..N).map(|i| known(i).a12).sum();
    assert_eq!(out.values.values["1.1"].inputs["a"], a11.to_string());
    assert_eq!(out.values.values["1.2"].inputs["a"], a12.to_string());
    assert_eq!(out.values.values["1.2"].inputs["b"], (40 * N).to_string());
    // 1.1's b is missing in one commune: not written, its partial sum reported.
    assert!(!out.values.values["1.1"].inputs.contains_key("b"));
    assert_eq!(
        out.incomplete["/values/1.1/b"],
        Decimal::from(100 * (N - 1))
    );
    assert_eq!(out.gaps.len(), 1);
    assert_eq!(out.gaps[0].unit_id, "xa-499");
    assert_eq!(out.gaps[0].pointer, "/values/1.1/b");
    // 2.1's a is not summable.
    assert!(!out.values.values.contains_key("2.1"));
    assert_eq!(out.missing_communes, ["xa-500", "xa-999"]);
    assert_eq!(out.values.unit.as_ref().unwrap().id, "tinh-thu");
    // The file reads back as a values file `dti-score score` accepts.
    let text = out.values.to_json_value().to_string();
    let back = Values::from_json(&text).unwrap();
    assert_eq!(back, out.values);
    let report = dti_score::score(&set, &back, &Default::default());
    assert_eq!(report.nodes["1.1"].status, Status::Missing);
    assert_eq!(
        report.nodes["1.2"].value,
        Some((Decimal::from(a12) / Decimal::from(40 * N)).normalize())
    );
}

#[test]
fn two_agencies_partial_files_merge_and_a_conflict_is_reported() {
    let set = set();
    let so_tt = UnlockedKey::from_secret(&[21; 32], "tinh-thu", "Sở KH&CN", Role::Preparer);
    let so_ct = UnlockedKey::from_secret(&[22; 32], "tinh-thu", "Sở Công Thương", Role::Preparer);
    let reg = KeyRegistry::from_json(&registry_json(&[
        ("tinh-thu".into(), &so_tt),
        ("tinh-thu".into(), &so_ct),
    ]))
    .unwrap();
    let unit = json!({ "id": "tinh-thu", "name": "Tỉnh Thử", "level": "province" });
    let part_a = json!({ "year": 2025, "unit": unit, "context": { "households": "1.234.567" },
        "values": { "1.1": { "a": "450", "b": "600" }, "1.2": { "a": "30" } } });
    let part_b = json!({ "year": 2025, "unit": unit, "context": { "households": "1234567" },
        "values": { "1.2": { "a": "31", "b": "40" }, "2.2": { "done": true } } });
    let files = vec![
        (
            "so-khcn.json".to_string(),
            sign(&set, &part_a, &so_tt, "2025-11-20T08:00:00Z"),
        ),
        (
            "so-congthuong.json".to_string(),
            sign(&set, &part_b, &so_ct, "2025-11-20T09:00:00Z"),
        ),
    ];
    let taken = take(&set, &files, Some(&reg));
    assert!(
        taken.files.iter().all(|f| f.accepted()),
        "{:?}",
        taken.files
    );
    assert_eq!(taken.merged.units.len(), 1);
    let m = &taken.merged.units[0];
    assert_eq!(m.sources, ["so-khcn.json", "so-congthuong.json"]);
    let v = &m.values.values;
    assert_eq!(
        v["1.1"].inputs,
        BTreeMap::from([("a".into(), "450".into()), ("b".into(), "600".into())])
    );
    assert_eq!(v["1.2"].inputs, BTreeMap::from([("b".into(), "40".into())]));
    assert_eq!(v["2.2"].done, Some(true));
    // The same number written two ways is not a conflict.
    assert_eq!(m.values.context["households"], "1.234.567");
    assert_eq!(m.origin["/context/households"], "so-khcn.json");
    assert_eq!(m.origin["/values/1.1/a"], "so-khcn.json");
    assert_eq!(m.origin["/values/1.2/b"], "so-congthuong.json");
    assert_eq!(m.origin["/values/2.2/done"], "so-congthuong.json");
    assert!(!m.origin.contains_key("/values/1.2/a"));
    assert_eq!(taken.merged.conflicts.len(), 1);
    let c = &taken.merged.conflicts[0];
    assert_eq!(
        (c.unit_id.as_str(), c.pointer.as_str()),
        ("tinh-thu", "/values/1.2/a")
    );
    let vals: Vec<(&str, &str)> = c
        .values
        .iter()
        .map(|s| (s.source.as_str(), s.value.as_str()))
        .collect();
    assert_eq!(vals, [("so-khcn.json", "30"), ("so-congthuong.json", "31")]);

    // The library merge on its own, with unsigned parts.
    let out = merge(vec![
        Part {
            source: "a".into(),
            values: Values::from_value(&part_a).unwrap(),
        },
        Part {
            source: "b".into(),
            values: Values::from_value(&part_b).unwrap(),
        },
    ]);
    assert_eq!(out.conflicts.len(), 1);
    assert_eq!(out.units[0].values.values["1.1"].inputs["a"], "450");
}

#[test]
fn tampered_duplicated_superseded_unsigned_and_wrong_set_files_each_get_their_reason() {
    let set = set();
    let keys: Vec<UnlockedKey> = (0..5).map(key).collect();
    let reg = registry(&keys);
    let mut files: Vec<(String, Vec<u8>)> = (0..3)
        .map(|i| {
            (
                format!("{}.json", unit_id(i)),
                sign(&set, &values_json(i), &keys[i], "2025-11-20T08:00:00Z"),
            )
        })
        .collect();
    // Tampered: a value changed after signing.
    let tampered =
        String::from_utf8(files[1].1.clone())
            .unwrap()
            .replacen("\"a\": \"1\"", "\"a\": \"99\"", 1);
    assert_ne!(tampered.as_bytes(), files[1].1.as_slice());
    files.push(("tampered.json".into(), tampered.into_bytes()));
    // Duplicated: the same file under another name.
    files.push(("copy-of-xa-000.json".into(), files[0].1.clone()));
    // Superseded: xa-002 signs again later with a change.
    let mut newer = values_json(2);
    newer["values"]["2.2"]["done"] = json!(true);
    files.push((
        "xa-002-v2.json".into(),
        sign(&set, &newer, &keys[2], "2025-11-21T08:00:00Z"),
    ));
    // Unsigned: a plain values file.
    files.push((
        "xa-003-plain.json".into(),
        values_json(3).to_string().into_bytes(),
    ));
    // Wrong set: signed against another version of the set; and a plain file naming another set.
    let other = IndicatorSet::from_json(&SET.replace("\"1.0.0\"", "\"1.0.1\"")).unwrap();
    let mut v4 = values_json(4);
    v4["set"]["version"] = json!("1.0.1");
    files.push((
        "xa-004-other-set.json".into(),
        sign(&other, &v4, &keys[4], "2025-11-20T08:00:00Z"),
    ));
    files.push(("plain-other-set.json".into(), v4.to_string().into_bytes()));
    // Signed by a key not in the registry.
    let stranger = UnlockedKey::from_secret(&[99; 32], "xa-001", "Người lạ", Role::Preparer);
    files.push((
        "stranger.json".into(),
        sign(&set, &values_json(1), &stranger, "2025-11-20T08:00:00Z"),
    ));
    files.push(("notes.txt".into(), b"not json at all".to_vec()));

    let taken = take(&set, &files, Some(&reg));
    let verdicts: Vec<(&str, Option<&str>)> = taken
        .files
        .iter()
        .map(|f| (f.file.as_str(), f.rejection.as_ref().map(Rejection::code)))
        .collect();
    assert_eq!(
        verdicts,
        [
            ("xa-000.json", None),
            ("xa-001.json", None),
            ("xa-002.json", Some("superseded")),
            ("tampered.json", Some("verification")),
            ("copy-of-xa-000.json", Some("duplicate")),
            ("xa-002-v2.json", None),
            ("xa-003-plain.json", None),
            ("xa-004-other-set.json", Some("verification")),
            ("plain-other-set.json", Some("wrong_set")),
            ("stranger.json", Some("verification")),
            ("notes.txt", Some("not_json")),
        ]
    );
    let failed = |name: &str| -> Vec<(String, Vec<String>)> {
        match &taken
            .files
            .iter()
            .find(|f| f.file == name)
            .unwrap()
            .rejection
        {
            Some(Rejection::Verification { failed }) => failed
                .iter()
                .map(|f| (f.check.clone(), f.codes.clone()))
                .collect(),
            other => panic!("{name}: {other:?}"),
        }
    };
    assert_eq!(
        failed("tampered.json")[0],
        (
            "signature prepared_by".to_string(),
            vec!["signature_invalid".to_string()]
        )
    );
    // The changed value no longer gives the embedded scores either.
    assert_eq!(failed("tampered.json")[1].0, "recomputation");
    assert_eq!(
        failed("xa-004-other-set.json"),
        [(
            "set".to_string(),
            vec![
                "set_version_mismatch".to_string(),
                "set_hash_mismatch".to_string()
            ]
        )]
    );
    assert_eq!(
        failed("stranger.json"),
        [(
            "signer_key prepared_by".to_string(),
            vec!["unregistered_key".to_string()]
        )]
    );
    let reason = |name: &str| {
        taken
            .files
            .iter()
            .find(|f| f.file == name)
            .unwrap()
            .rejection
            .clone()
            .unwrap()
    };
    assert_eq!(
        reason("copy-of-xa-000.json"),
        Rejection::Duplicate {
            of: "xa-000.json".into()
        }
    );
    assert_eq!(
        reason("xa-002.json"),
        Rejection::Superseded {
            by: "xa-002-v2.json".into()
        }
    );
    assert_eq!(
        reason("plain-other-set.json"),
        Rejection::WrongSet {
            found: "batch-test 1.0.1".into()
        }
    );
    assert_eq!(
        reason("xa-002.json").bilingual().vi,
        "đã có bản mới hơn của cùng người lập: “xa-002-v2.json”"
    );
    let unsigned = taken
        .files
        .iter()
        .find(|f| f.file == "xa-003-plain.json")
        .unwrap();
    assert_eq!(unsigned.kind, FileKind::Unsigned);
    let units: Vec<&str> = taken
        .merged
        .units
        .iter()
        .map(|u| u.unit.id.as_str())
        .collect();
    assert_eq!(units, ["xa-000", "xa-001", "xa-002", "xa-003"]);
    assert_eq!(taken.merged.units[2].values.values["2.2"].done, Some(true));

    // Signatures required: the plain file is refused.
    let strict = intake(
        &files,
        &IntakeOptions {
            set: &set,
            registry: Some(&reg),
            allow_unsigned: false,
            year: None,
        },
    );
    let plain = strict
        .files
        .iter()
        .find(|f| f.file == "xa-003-plain.json")
        .unwrap();
    assert_eq!(plain.rejection, Some(Rejection::Unsigned));

    // The same intake from verdicts made beforehand, each file alone (as the review page
    // keeps them between runs): the same outcome, duplicates and superseded included.
    let options = IntakeOptions {
        set: &set,
        registry: Some(&reg),
        allow_unsigned: true,
        year: None,
    };
    let alone: Vec<_> = files
        .iter()
        .flat_map(|f| verify_files(std::slice::from_ref(f), &options.verify_options()))
        .collect();
    assert_eq!(intake_verified(&files, &options, alone), taken);
}

#[test]
fn previous_results_give_the_change_and_appraisals_the_achieved_ranking() {
    let set = set();
    let entries: Vec<UnitEntry> = (0..3)
        .map(|i| {
            UnitEntry::from_values(Values::from_value(&values_json(i)).unwrap(), unit_id(i))
                .unwrap()
        })
        .collect();
    let prev = PreviousResults::from_csv("\u{feff}unit_id,unit_name,total,rank\r\nxa-000,\"Xã số 0, cũ\",10.5,3\r\nxa-001,Xã số 1,80,1\r\n").unwrap();
    let mut entries = entries;
    entries[0].appraisals = Some(BTreeMap::from([(
        "1.2".to_string(),
        dti_score::Appraisal {
            points: d("30"),
            reason: "Hội đồng thẩm định: đủ minh chứng".into(),
            exclusion: None,
        },
    )]));
    let out = aggregate(
        &set,
        entries,
        &AggregateOptions {
            previous: Some(prev),
            ..Default::default()
        },
    );
    let rows: Vec<Vec<String>> = out
        .ranking_table(Lang::Vi)
        .rows
        .iter()
        .map(|r| r.iter().map(|c| c.to_csv_text()).collect())
        .collect();
    // Across these three: 1.2 from 10/40 to 12/40, 2.1 best 10.
    // xa-000: 0 + 0 (appraised 30) + 0 + 0 → total 0, achieved 30, change 30 − 10.5.
    // xa-001: 0.3 + 15 + 10 + 20 = 45.3, change 45.3 − 80; xa-002: 0.6 + 30 + 20 + 20 = 70.6.
    assert_eq!(
        out.ranking_table(Lang::Vi).keys,
        [
            "unit_id",
            "unit_name",
            "total",
            "rank",
            "1",
            "2",
            "achieved",
            "change",
            "previous_rank",
            "rank_change"
        ]
    );
    // This round's CSV, worded in either language, reads back as next year's previous
    // results: the achieved total (the column is there) and the rank of every unit.
    let back_vi = PreviousResults::from_csv(&out.ranking_table(Lang::Vi).to_csv()).unwrap();
    let back_en = PreviousResults::from_csv(&out.ranking_table(Lang::En).to_csv()).unwrap();
    assert_eq!(back_vi, back_en);
    let scores: Vec<(String, Option<String>, Option<u64>)> = back_vi
        .units
        .iter()
        .map(|(id, r)| (id.clone(), r.score.map(|d| d.to_string()), r.rank))
        .collect();
    assert_eq!(
        scores,
        [
            ("xa-000".to_string(), Some("30".to_string()), Some(3)),
            ("xa-001".to_string(), Some("45.3".to_string()), Some(2)),
            ("xa-002".to_string(), Some("70.6".to_string()), Some(1)),
        ]
    );
    let missing = PreviousResults::from_csv("\u{feff}Mã,Tên\r\nx,y\r\n").unwrap_err();
    assert_eq!(missing.code(), "csv.missing_column");
    assert_eq!(
        missing.message(Lang::Vi),
        "không có cột “Mã đơn vị” (hoặc “Unit ID”, “unit_id”)"
    );
    assert_eq!(
        missing.message(Lang::En),
        "no column “Unit ID” (or “Mã đơn vị”, “unit_id”)"
    );
    // Ranks: xa-001 was 1st and is 2nd (−1 place); xa-000 stays 3rd; xa-002 is new.
    assert_eq!(
        rows,
        [
            [
                "xa-002",
                "Xã số 2",
                "70.6",
                "1",
                "30.6",
                "40",
                "70.6",
                "",
                "",
                ""
            ],
            [
                "xa-001",
                "Xã số 1",
                "45.3",
                "2",
                "15.3",
                "30",
                "45.3",
                "-34.7",
                "1",
                "-1"
            ],
            [
                "xa-000",
                "Xã số 0",
                "0",
                "3",
                "30",
                "0",
                "30",
                "19.5",
                "3",
                "0"
            ],
        ]
    );
    let moves: Vec<(&str, Option<i64>)> = out
        .units
        .iter()
        .map(|u| (u.unit.id.as_str(), u.rank_change))
        .collect();
    assert_eq!(
        moves,
        [("xa-002", None), ("xa-001", Some(-1)), ("xa-000", Some(0))]
    );
}

// ---- the command line: CSV and XLSX read back -------------------------------------

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dti-aggregate-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn run(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_dti-score"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn write_batch(dir: &Path, n: usize) -> (PathBuf, PathBuf, PathBuf) {
    let set = set();
    let subs = dir.join("submissions");
    std::fs::create_dir_all(&subs).unwrap();
    let keys: Vec<UnlockedKey> = (0..n).map(key).collect();
    for (i, k) in keys.iter().enumerate() {
        std::fs::write(
            subs.join(format!("{}.json", unit_id(i))),
            sign(&set, &values_json(i), k, "2025-11-20T08:00:00Z"),
        )
        .unwrap();
    }
    let set_path = dir.join("set.json");
    std::fs::write(&set_path, SET).unwrap();
    let pairs: Vec<(String, &UnlockedKey)> = keys
        .iter()
        .enumerate()
        .map(|(i, k)| (unit_id(i), k))
        .collect();
    let keys_path = dir.join("keys.json");
    std::fs::write(&keys_path, signed_registry_json(&pairs)).unwrap();
    (subs, set_path, keys_path)
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn the_cli_writes_csv_xlsx_and_the_rollup_that_read_back_cell_by_cell() {
    let dir = scratch("cli");
    let n = 40;
    let (subs, set_path, keys_path) = write_batch(&dir, n);
    std::fs::write(
        subs.join("broken.json"),
        "{\"format\": \"dti-score/submission/v1\"",
    )
    .unwrap();
    let prev = dir.join("previous.csv");
    std::fs::write(
        &prev,
        "\u{feff}unit_id,unit_name,total,rank\r\nxa-001,Xã số 1,20,7\r\n",
    )
    .unwrap();
    let (csv, xlsx, roll) = (
        dir.join("out.csv"),
        dir.join("out.xlsx"),
        dir.join("province.json"),
    );
    let o = run(&[
        "aggregate",
        s(&subs),
        "--set",
        s(&set_path),
        "--keys",
        s(&keys_path),
        "--province-key",
        &province_key().public_key().fingerprint(),
        "--previous",
        s(&prev),
        "--csv",
        s(&csv),
        "--xlsx",
        s(&xlsx),
        "--rollup",
        s(&roll),
    ]);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.starts_with("41 files: 40 signed and verified, 0 unsigned, 1 rejected; 40 units\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!(
            "REJECTED {} [not_json]: not JSON: EOF while parsing an object at line 1 column 36\n",
            subs.join("broken.json").display()
        )),
        "{stdout}"
    );

    // The library's own result for the same batch, to compare with.
    let set = set();
    let entries: Vec<UnitEntry> = (0..n)
        .map(|i| {
            UnitEntry::from_values(Values::from_value(&values_json(i)).unwrap(), unit_id(i))
                .unwrap()
        })
        .collect();
    let lib = aggregate(
        &set,
        entries,
        &AggregateOptions {
            previous: Some(
                PreviousResults::from_csv(&std::fs::read_to_string(&prev).unwrap()).unwrap(),
            ),
            year: Some(2025),
            ..Default::default()
        },
    );
    let ranking = lib.ranking_table(Lang::Vi);
    assert_eq!(
        ranking.header,
        [
            "Mã đơn vị",
            "Tên đơn vị",
            "Năm",
            "Tổng điểm tự đánh giá",
            "Hạng",
            "1. Hạ tầng số",
            "2. Kinh tế số",
            "Thay đổi so với năm trước",
            "Hạng năm trước",
            "Thay đổi hạng (+ là tăng)"
        ]
    );
    assert_eq!(
        ranking.keys,
        [
            "unit_id",
            "unit_name",
            "year",
            "total",
            "rank",
            "1",
            "2",
            "change",
            "previous_rank",
            "rank_change"
        ]
    );

    // CSV: BOM, CRLF, dot decimals; every cell.
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.starts_with(
        "\u{feff}Mã đơn vị,Tên đơn vị,Năm,Tổng điểm tự đánh giá,Hạng,1. Hạ tầng số,2. Kinh tế số,Thay đổi so với năm trước,Hạng năm trước,Thay đổi hạng (+ là tăng)\r\n"
    ));
    let rows = dti_score::table::parse_csv(&text).unwrap();
    assert_eq!(rows.len(), n + 1);
    for (i, row) in rows[1..].iter().enumerate() {
        let want: Vec<String> = ranking.rows[i].iter().map(|c| c.to_csv_text()).collect();
        assert_eq!(row, &want);
    }
    // Among these 40, 2.1's best is 20, so 2.1 scores a: xa-019 has
    // 0.3×19 + 1.5×19 + 20 + 20 = 74.2, the best; xa-001 has 0.3 + 1.5 + 5 + 20 = 26.8,
    // 6.8 more than the previous 20, and 35th against 7th before (28 places down).
    assert_eq!(
        rows[1],
        [
            "xa-019",
            "Xã số 19",
            "2025",
            "74.2",
            "1",
            "34.2",
            "40",
            "",
            "",
            ""
        ]
    );
    let xa1 = rows.iter().find(|r| r[0] == "xa-001").unwrap();
    assert_eq!(
        xa1,
        &[
            "xa-001",
            "Xã số 1",
            "2025",
            "26.8",
            "35",
            "1.8",
            "25",
            "6.8",
            "7",
            "-28"
        ]
    );

    // XLSX: one sheet per view; numbers are number cells equal to the decimals.
    let mut book: Xlsx<_> = open_workbook(&xlsx).unwrap();
    assert_eq!(
        book.sheet_names(),
        [
            "Xếp hạng",
            "Phân bố điểm",
            "Nguy cơ mất điểm",
            "Tệp",
            "Số liệu mâu thuẫn"
        ]
    );
    for table in lib.tables(Lang::Vi) {
        let range = book.worksheet_range(&table.name).unwrap();
        let got: Vec<Vec<Data>> = range.rows().map(|r| r.to_vec()).collect();
        assert_eq!(got.len(), table.rows.len() + 1, "{}", table.name);
        let header: Vec<Data> = table
            .header
            .iter()
            .map(|h| Data::String(h.clone()))
            .collect();
        assert_eq!(got[0], header);
        for (r, row) in table.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let g = got[r + 1].get(c).cloned().unwrap_or(Data::Empty);
                let ok = match (cell, &g) {
                    (dti_score::table::Cell::Text(t), Data::String(s)) => t == s,
                    (dti_score::table::Cell::Text(t), Data::Empty) => t.is_empty(),
                    (dti_score::table::Cell::Number(x), Data::Float(f)) => {
                        Decimal::from_str(&f.to_string()).unwrap() == *x
                    }
                    (dti_score::table::Cell::Integer(x), Data::Float(f)) => *f == *x as f64,
                    (dti_score::table::Cell::Empty, Data::Empty) => true,
                    _ => false,
                };
                assert!(
                    ok,
                    "{} row {} col {}: {cell:?} vs {g:?}",
                    table.name,
                    r + 1,
                    c
                );
            }
        }
    }
    let files = book.worksheet_range("Tệp").unwrap();
    let broken: Vec<String> = files
        .rows()
        .find(|r| r[0].to_string().ends_with("broken.json"))
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(
        broken[1..6],
        ["khác", "", "", "từ chối", "not_json"].map(String::from)
    );

    // The roll-up scores with `dti-score score`.
    let roll_values = Values::from_json(&std::fs::read_to_string(&roll).unwrap()).unwrap();
    let a11: u64 = (0..n).map(|i| known(i).a11).sum();
    assert_eq!(roll_values.values["1.1"].inputs["a"], a11.to_string());
    assert_eq!(roll_values.values["1.1"].inputs["b"], (100 * n).to_string());
    let o = run(&["score", s(&set_path), s(&roll)]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

// ---- appraisals ---------------------------------------------------------------------

#[test]
fn signed_appraisals_apply_to_their_submission_and_bad_ones_are_refused() {
    use dti_score::appraisal::{appraise, entry, AppraisalInput};

    let set = set();
    let keys: Vec<UnlockedKey> = (0..3).map(key).collect();
    let reviewer = UnlockedKey::from_secret(&[50; 32], "hoi-dong", "Lê Thị Cúc", Role::Reviewer);
    let outsider = UnlockedKey::from_secret(&[51; 32], "hoi-dong", "Người ngoài", Role::Reviewer);
    let mut reg_json: Value = serde_json::from_str(&registry_json(
        &keys
            .iter()
            .enumerate()
            .map(|(i, k)| (unit_id(i), k))
            .collect::<Vec<_>>(),
    ))
    .unwrap();
    reg_json["units"]["hoi-dong"] = json!({ "keys": [
        { "public_key": reviewer.public_key().to_hex(), "role": "reviewer" } ] });
    let reg = KeyRegistry::from_json(&reg_json.to_string()).unwrap();
    let mut files: Vec<(String, Vec<u8>)> = (0..3)
        .map(|i| {
            (
                format!("{}.json", unit_id(i)),
                sign(&set, &values_json(i), &keys[i], "2025-11-20T08:00:00Z"),
            )
        })
        .collect();
    let appraisal = |submission: &[u8], who: &UnlockedKey, points: &str, at: &str| {
        appraise(
            &AppraisalInput {
                set: &set,
                submission,
                appraisals: BTreeMap::from([(
                    "1.2".to_string(),
                    entry(d(points), "Hội đồng: đủ minh chứng"),
                )]),
                created_at: at.into(),
            },
            who,
        )
        .unwrap()
        .to_json_pretty()
    };
    // xa-000 appraised twice (the later one counts); xa-001 by an unregistered
    // reviewer; a tampered copy; an appraisal of a submission not in the batch.
    let first = appraisal(&files[0].1, &reviewer, "12", "2025-12-01T08:00:00Z");
    let second = appraisal(&files[0].1, &reviewer, "30", "2025-12-02T08:00:00Z");
    let outsider_file = appraisal(&files[1].1, &outsider, "0", "2025-12-01T08:00:00Z");
    let tampered = second.replace("\"30\"", "\"29\"");
    let absent = sign(&set, &values_json(9), &key(9), "2025-11-20T08:00:00Z");
    let unmatched = appraisal(&absent, &reviewer, "3", "2025-12-01T08:00:00Z");
    for (name, text) in [
        ("td-xa-000-a.json", first),
        ("td-xa-000-b.json", second),
        ("td-xa-001.json", outsider_file),
        ("td-tampered.json", tampered),
        ("td-absent.json", unmatched),
    ] {
        files.push((name.to_string(), text.into_bytes()));
    }
    let taken = take(&set, &files, Some(&reg));
    let verdicts: Vec<(&str, Option<&str>)> = taken
        .files
        .iter()
        .map(|f| (f.file.as_str(), f.rejection.as_ref().map(Rejection::code)))
        .collect();
    assert_eq!(
        verdicts,
        [
            ("xa-000.json", None),
            ("xa-001.json", None),
            ("xa-002.json", None),
            ("td-xa-000-a.json", Some("superseded")),
            ("td-xa-000-b.json", None),
            ("td-xa-001.json", Some("appraisal_invalid")),
            ("td-tampered.json", Some("appraisal_invalid")),
            ("td-absent.json", Some("appraisal_unmatched")),
        ]
    );
    let problem = |name: &str| match &taken
        .files
        .iter()
        .find(|f| f.file == name)
        .unwrap()
        .rejection
    {
        Some(Rejection::AppraisalInvalid { problem, message }) => {
            (problem.clone(), message.en.clone())
        }
        other => panic!("{other:?}"),
    };
    assert_eq!(problem("td-tampered.json").0, "signature_invalid");
    assert_eq!(
        problem("td-xa-001.json"),
        (
            "unregistered_reviewer".to_string(),
            format!(
                "the key is not registered as a reviewer's: {}",
                outsider.public_key().fingerprint()
            )
        )
    );
    let entries = taken.entries();
    assert_eq!(
        entries[0].appraisals.as_ref().unwrap()["1.2"].points,
        d("30")
    );
    assert!(entries[1].appraisals.is_none());
    // Ranking by achieved: xa-000 self-assessed 0 but achieves 30 after appraisal.
    let out = aggregate(&set, entries, &AggregateOptions::default());
    let xa0 = out.units.iter().find(|u| u.unit.id == "xa-000").unwrap();
    assert_eq!((xa0.total, xa0.achieved), (Some(d("0")), Some(d("30"))));
    assert_eq!(
        xa0.report.nodes["1.2"].appraisal.as_ref().unwrap().reason,
        "Hội đồng: đủ minh chứng"
    );
    assert!(out.has_appraisals);
}

#[test]
fn the_cli_signs_an_appraisal_and_aggregate_ranks_by_achieved_points() {
    let dir = scratch("appraise");
    let (subs, set_path, _) = write_batch(&dir, 3);
    let pass = dir.join("pass.txt");
    std::fs::write(&pass, "mật khẩu hội đồng thẩm định\n").unwrap();
    let key_path = dir.join("reviewer.key");
    let o = run(&[
        "keygen",
        "--unit",
        "hoi-dong",
        "--name",
        "Lê Thị Cúc",
        "--role",
        "reviewer",
        "--out",
        s(&key_path),
        "--passphrase-file",
        s(&pass),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let scores = dir.join("scores.json");
    std::fs::write(
        &scores,
        r#"{"1.2": {"points": "30", "reason": "Đủ minh chứng"}}"#,
    )
    .unwrap();
    let out = subs.join("td-xa-000.json");
    let o = run(&[
        "appraise",
        s(&subs.join("xa-000.json")),
        "--set",
        s(&set_path),
        "--key",
        s(&key_path),
        "--scores",
        s(&scores),
        "--out",
        s(&out),
        "--passphrase-file",
        s(&pass),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let sha =
        dti_score::appraisal::submission_sha256(&std::fs::read(subs.join("xa-000.json")).unwrap())
            .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        format!(
            "{}: 1 indicators appraised for unit “xa-000”, submission SHA-256 {sha}\n",
            out.display()
        )
    );
    // A JSON number for points is refused.
    std::fs::write(
        &scores,
        r#"{"1.2": {"points": 30, "reason": "Đủ minh chứng"}}"#,
    )
    .unwrap();
    let o = run(&[
        "appraise",
        s(&subs.join("xa-000.json")),
        "--set",
        s(&set_path),
        "--key",
        s(&key_path),
        "--scores",
        s(&scores),
        "--out",
        s(&dir.join("bad.json")),
        "--passphrase-file",
        s(&pass),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let csv = dir.join("out.csv");
    let o = run(&[
        "aggregate",
        s(&subs),
        "--set",
        s(&set_path),
        "--unregistered-keys",
        "--csv",
        s(&csv),
    ]);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.starts_with(
            "4 files: 3 signed and verified, 0 unsigned, 1 appraisals, 0 rejected; 3 units\n"
        ),
        "{stdout}"
    );
    // Among the three: xa-002 70.6, xa-001 45.3, xa-000 0 self-assessed but 30 achieved.
    let text = std::fs::read_to_string(&csv).unwrap();
    assert_eq!(
        text,
        "\u{feff}Mã đơn vị,Tên đơn vị,Năm,Tổng điểm tự đánh giá,Hạng,1. Hạ tầng số,2. Kinh tế số,Điểm đạt được,Người ký\r\n\
         xa-002,Xã số 2,2025,70.6,1,30.6,40,70.6,CHƯA XÁC NHẬN\r\n\
         xa-001,Xã số 1,2025,45.3,2,15.3,30,45.3,CHƯA XÁC NHẬN\r\n\
         xa-000,Xã số 0,2025,0,3,30,0,30,CHƯA XÁC NHẬN\r\n"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// A folder's `.json` files are read whatever the case of the extension (`.JSON` from an
/// old Windows machine too), as the review page reads a folder.
#[test]
fn the_cli_reads_json_files_in_any_case() {
    let dir = scratch("case");
    let (subs, set_path, keys_path) = write_batch(&dir, 2);
    let first = subs.join(format!("{}.json", unit_id(0)));
    std::fs::rename(&first, subs.join(format!("{}.JSON", unit_id(0)))).unwrap();
    let o = run(&[
        "aggregate",
        s(&subs),
        "--set",
        s(&set_path),
        "--keys",
        s(&keys_path),
        "--province-key",
        &province_key().public_key().fingerprint(),
    ]);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.starts_with("2 files: 2 signed and verified, 0 unsigned, 0 rejected; 2 units\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("\nxa-000\tXã số 0\t2025\t0\t2\t0\t0\n"),
        "{stdout}"
    );
}
