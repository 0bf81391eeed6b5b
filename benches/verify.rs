//! Verification benchmark: 10,000 signed submissions of the provincial set
//! (`indicator-sets/dti-province-2025.json`), each from its own unit with its own key,
//! verified together against a key registry: parse, canonicalise, two Ed25519
//! signatures, set hash, full re-score and report comparison, duplicates.
//!
//! `cargo bench --bench verify`

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use dti_score::registry::KeyRegistry;
use dti_score::sign::{Role, UnlockedKey};
use dti_score::submission::{build, SubmissionInput, UnitInfo};
use dti_score::verify::{verify_file, verify_files, VerifyOptions};
use dti_score::{IndicatorSet, Values};
use serde_json::{json, Value};

const SET: &str = include_str!("../indicator-sets/dti-province-2025.json");
const VALUES: &str =
    include_str!("../tests/fixtures/dti-province-2025--full-worked-2026/values.json");

const UNITS: usize = 10_000;

/// A distinct secret per unit and role.
fn secret(unit: usize, role: u8) -> [u8; 32] {
    let mut secret = [role; 32];
    secret[..8].copy_from_slice(&(unit as u64).to_le_bytes());
    secret
}

/// 10,000 submissions (values varied per unit) and the registry of their keys.
fn corpus(set: &IndicatorSet) -> (Vec<(String, Vec<u8>)>, KeyRegistry) {
    let base: Value = serde_json::from_str(VALUES).unwrap();
    let mut files = Vec::with_capacity(UNITS);
    let mut units = serde_json::Map::new();
    for i in 0..UNITS {
        let unit = format!("xa-{i:05}");
        let mut value = base.clone();
        value["unit"] = json!({ "id": unit, "level": "commune" });
        value["values"]["1.1"]["a"] = json!((40_000 + i % 20_000).to_string());
        let values = Values::from_value(&value).unwrap();
        let preparer =
            UnlockedKey::from_secret(&secret(i, 1), &unit, "Chuyên viên", Role::Preparer);
        let approver = UnlockedKey::from_secret(&secret(i, 2), &unit, "Lãnh đạo", Role::Approver);
        let input = SubmissionInput {
            set,
            values: &values,
            unit: Some(UnitInfo {
                id: unit.clone(),
                name: None,
                level: None,
                province: None,
            }),
            year: None,
            created_at: "2026-11-22T10:00:00Z".into(),
        };
        let submission = build(&input, &preparer, Some(&approver)).unwrap();
        files.push((
            format!("{unit}.json"),
            submission.to_json_pretty().into_bytes(),
        ));
        units.insert(
            unit,
            json!({ "keys": [
                { "public_key": preparer.public_key(), "role": "preparer" },
                { "public_key": approver.public_key(), "role": "approver" }
            ]}),
        );
    }
    let registry =
        json!({ "format": "dti-score/keys/v1", "units": Value::Object(units) }).to_string();
    (files, KeyRegistry::from_json(&registry).unwrap())
}

fn bench(c: &mut Criterion) {
    let set = IndicatorSet::from_json(SET).unwrap();
    let (files, registry) = corpus(&set);
    let options = VerifyOptions {
        set: &set,
        registry: Some(&registry),
        year: None,
        period: None,
    };
    // Every file passes: the benchmark measures the full path, not an early failure.
    assert!(verify_files(&files, &options).iter().all(|v| v.passed));
    let bytes: usize = files.iter().map(|(_, b)| b.len()).sum();
    eprintln!(
        "{UNITS} submissions, {} KiB on average",
        bytes / UNITS / 1024
    );

    let mut group = c.benchmark_group("verify");
    group.sample_size(10);
    group.bench_function("one submission (dti-province-2025)", |b| {
        b.iter(|| verify_file(&files[0].0, black_box(&files[0].1), &options))
    });
    group.bench_function("10000 submissions (dti-province-2025)", |b| {
        b.iter(|| verify_files(black_box(&files), &options))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
