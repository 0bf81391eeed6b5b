//! The province's batch: 10,000 signed submissions of the Vĩnh Long 2025 set (47
//! component indicators, one relative to the best unit), each from its own commune
//! with its own preparer and approver keys, taken in and ranked together: verify every
//! file (two signatures, registry, set hash, full re-score), set aside duplicates,
//! merge, compute the relative indicator across the batch, score every unit with it
//! (numbers only, as the CSV/XLSX views need), rank, distribution, at-risk list; then
//! the roll-up of the summable inputs.
//!
//! `cargo bench --no-default-features --features parallel --bench aggregate` (prints one
//! timed pass of the whole pipeline, the CLI's streamed intake on 1 thread and on all,
//! then criterion figures for the aggregation and the roll-up; set `DTI_BENCH_FULL=1` to
//! run criterion on the whole pipeline too). Without `--no-default-features` cargo also builds the CLI with `panic = "abort"` and the two
//! builds of the library collide in `target/release`.
//!
//! `DTI_BENCH_WRITE=DIR [DTI_BENCH_UNITS=N]` instead writes N (default 10,000) such
//! submissions (streamed, one at a time) to `DIR/nop/`, the registry of their keys to
//! `DIR/keys.json` (a `keys/v2` registry signed by a test province key) and prints
//! `province key: FINGERPRINT`, then stops: the corpus `scripts/measure.sh batch` gives
//! to `dti-score aggregate`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use dti_score::aggregate::{
    aggregate, intake, intake_streamed, rollup, AggregateOptions, IntakeOptions, UnitEntry,
};
use dti_score::registry::RegistryDocument;
use dti_score::registry::{KeyRegistry, RegistryKey};
use dti_score::sign::{Role, UnlockedKey};
use dti_score::submission::{build, SubmissionInput};
use dti_score::verify::{verify_files, VerifyOptions};
use dti_score::{IndicatorSet, Values};
use serde_json::{json, Value};

const SET: &str = include_str!("../indicator-sets/vinh-long-2025.json");
const VALUES: &str = include_str!("../tests/fixtures/vinh-long-2025--full-a/values.json");

const UNITS: usize = 10_000;

fn secret(unit: usize, role: u8) -> [u8; 32] {
    let mut secret = [role; 32];
    secret[..8].copy_from_slice(&(unit as u64).to_le_bytes());
    secret
}

/// Unit `i`'s submission (7.5's ratio varied per commune), signed by its preparer and
/// approver: (unit id, file name, file bytes, preparer, approver).
fn submission(
    set: &IndicatorSet,
    base: &Value,
    i: usize,
) -> (String, String, Vec<u8>, UnlockedKey, UnlockedKey) {
    let unit = format!("xa-{i:05}");
    let mut value = base.clone();
    value["unit"] = json!({ "id": unit, "name": format!("Xã {i}"), "level": "commune" });
    value["values"]["7.5"]["a"] = json!((1000 + i % 2000).to_string());
    let values = Values::from_value(&value).unwrap();
    let preparer = UnlockedKey::from_secret(&secret(i, 1), &unit, "Chuyên viên", Role::Preparer);
    let approver = UnlockedKey::from_secret(&secret(i, 2), &unit, "Lãnh đạo", Role::Approver);
    let input = SubmissionInput {
        set,
        values: &values,
        unit: None,
        year: None,
        created_at: "2025-11-20T08:00:00Z".into(),
    };
    let submission = build(&input, &preparer, Some(&approver)).unwrap();
    let bytes = submission.to_json_pretty().into_bytes();
    (
        unit.clone(),
        format!("{unit}.json"),
        bytes,
        preparer,
        approver,
    )
}

/// Writes `units` submissions to `dir/nop/` one at a time and their signed registry to
/// `dir/keys.json` (compact, no names; over the 4 MiB registry limit above about 10,000
/// units); prints the test province key's fingerprint.
fn write_corpus(set: &IndicatorSet, dir: &std::path::Path, units: usize) {
    let base: Value = serde_json::from_str(VALUES).unwrap();
    let out = dir.join("nop");
    std::fs::create_dir_all(&out).unwrap();
    // Each unit's entry is written by a one-unit registry (`add_key` looks for the key
    // among all units registered so far), then the whole file is read back and signed.
    let key = |k: &UnlockedKey, role| RegistryKey {
        public_key: k.public_key(),
        role,
        name: None,
        fingerprint: None,
        valid_from: Some("2025-01-01T00:00:00Z".into()),
        valid_until: None,
        revoked_at: None,
    };
    let mut units_json = serde_json::Map::new();
    for i in 0..units {
        let (unit, name, bytes, preparer, approver) = submission(set, &base, i);
        std::fs::write(out.join(name), bytes).unwrap();
        let mut one = RegistryDocument::new(None);
        one.add_key(&unit, None, key(&preparer, Role::Preparer))
            .unwrap();
        one.add_key(&unit, None, key(&approver, Role::Approver))
            .unwrap();
        let mut doc: Value = serde_json::from_str(&one.to_json_pretty()).unwrap();
        units_json.insert(unit.clone(), doc["units"][&unit].take());
    }
    let text = json!({ "format": "dti-score/keys/v2", "issuer": "Tỉnh thử (benchmark)", "units": units_json })
        .to_string();
    let mut registry = RegistryDocument::from_json(&text).unwrap();
    let province = UnlockedKey::from_secret(&[9; 32], "tinh-thu", "Sở thử", Role::Province);
    registry.sign(&province, "2025-01-02T00:00:00Z").unwrap();
    // Compact, without names: the registry's 4 MiB limit holds about 20,000 keys so.
    let compact = serde_json::to_string(&registry).unwrap();
    std::fs::write(dir.join("keys.json"), compact).unwrap();
    println!("province key: {}", province.public_key().fingerprint());
}

/// 10,000 submissions (7.5's ratio varied per commune) and the registry of their keys.
fn corpus(set: &IndicatorSet) -> (Vec<(String, Vec<u8>)>, KeyRegistry) {
    let base: Value = serde_json::from_str(VALUES).unwrap();
    let mut files = Vec::with_capacity(UNITS);
    let mut units = serde_json::Map::new();
    for i in 0..UNITS {
        let (unit, name, bytes, preparer, approver) = submission(set, &base, i);
        files.push((name, bytes));
        units.insert(
            unit,
            json!({ "keys": [
                { "public_key": preparer.public_key().to_hex(), "role": "preparer" },
                { "public_key": approver.public_key().to_hex(), "role": "approver" }
            ] }),
        );
    }
    let registry = KeyRegistry::from_json(
        &json!({ "format": "dti-score/keys/v1", "units": units }).to_string(),
    )
    .unwrap();
    (files, registry)
}

/// The time this thread has spent on a CPU (Linux `schedstat`), so that the figure
/// does not depend on what else the machine runs; zero elsewhere.
fn cpu() -> Duration {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .map(Duration::from_nanos)
        .unwrap_or_default()
}

fn bench(c: &mut Criterion) {
    let set = IndicatorSet::from_json(SET).unwrap();
    if let Some(dir) = std::env::var_os("DTI_BENCH_WRITE") {
        let units = std::env::var("DTI_BENCH_UNITS").map_or(UNITS, |n| n.parse().unwrap());
        write_corpus(&set, std::path::Path::new(&dir), units);
        return;
    }
    let (files, registry) = corpus(&set);
    let options = IntakeOptions {
        set: &set,
        registry: Some(&registry),
        allow_unsigned: false,
        year: None,
    };
    // One timed pass through the whole pipeline (the figure for the README), with the
    // verifier's share shown apart; then criterion on the parts.
    let (t, c0) = (Instant::now(), cpu());
    let verdicts = verify_files(
        &files,
        &VerifyOptions {
            set: &set,
            registry: Some(&registry),
            year: None,
            period: None,
        },
    );
    let verify_only = (t.elapsed(), cpu() - c0);
    assert!(verdicts.iter().all(|v| v.passed));
    let (t, c0) = (Instant::now(), cpu());
    let taken = intake(&files, &options);
    let intake_time = (t.elapsed(), cpu() - c0);
    assert!(taken.files.iter().all(|f| f.accepted()));
    assert_eq!(taken.merged.units.len(), UNITS);
    // The CLI's path: streamed intake, signatures in batches, on 1 thread then on all.
    for threads in [1, 0] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        let t = Instant::now();
        let streamed = pool
            .install(|| {
                intake_streamed(
                    files.len(),
                    |i| Ok::<_, std::convert::Infallible>(files[i].clone()),
                    &options,
                )
            })
            .unwrap();
        eprintln!(
            "streamed intake (batched signatures) on {} thread(s): {:.2?} wall",
            pool.current_num_threads(),
            t.elapsed()
        );
        assert_eq!(streamed, taken);
    }
    let (t, c0) = (Instant::now(), cpu());
    let out = aggregate(&set, taken.entries(), &AggregateOptions::default());
    let aggregate_time = (t.elapsed(), cpu() - c0);
    assert_eq!(out.units.len(), UNITS);
    assert_eq!(
        out.relative["7.5"].best_unit.as_deref(),
        Some("Xã 1999, Xã 3999, Xã 5999, Xã 7999, Xã 9999")
    );
    eprintln!(
        "one pass over {UNITS} submissions (wall / on-CPU): intake (verify + merge) \
         {:.2?} / {:.2?}, of which verify_files alone {:.2?} / {:.2?}; aggregate {:.2?} / \
         {:.2?}; total {:.2?} / {:.2?}",
        intake_time.0,
        intake_time.1,
        verify_only.0,
        verify_only.1,
        aggregate_time.0,
        aggregate_time.1,
        intake_time.0 + aggregate_time.0,
        intake_time.1 + aggregate_time.1,
    );
    let mut group = c.benchmark_group("aggregate");
    group.sample_size(10);
    if std::env::var_os("DTI_BENCH_FULL").is_some() {
        group.bench_function("verify + merge + aggregate 10,000 submissions", |b| {
            b.iter(|| {
                let taken = intake(black_box(&files), &options);
                aggregate(&set, taken.entries(), &AggregateOptions::default())
            })
        });
    }
    let entries: Vec<UnitEntry> = taken.entries();
    group.bench_function(
        "aggregate 10,000 units (relative first, scored, ranked)",
        |b| {
            b.iter(|| {
                aggregate(
                    &set,
                    black_box(entries.clone()),
                    &AggregateOptions::default(),
                )
            })
        },
    );
    let values: Vec<&Values> = entries.iter().map(|e| &*e.values).collect();
    group.bench_function("roll-up of 10,000 communes", |b| {
        b.iter(|| rollup(&set, black_box(&values), None, None))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
