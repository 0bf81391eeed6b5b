//! Engine benchmarks over the two realistic shipped sets, with complete values for every
//! leaf (`benches/<set>-values.json`):
//!
//! * `load_validate/<set>`: `IndicatorSet::from_json` (parse and validate the set);
//! * `load_values/<set>`: `Values::from_json`;
//! * `rescore/<set>/numbers-only`: `score` of loaded values with
//!   `ScoreOptions::numbers_only`, the full re-score the page runs on every keystroke
//!   (budget: ≤ 20 µs median natively);
//! * `rescore/<set>`: the same with the traces and "what it takes" texts, which the page
//!   asks for in a second pass;
//! * `rescore_json/<set>`: values JSON in, report JSON out, as across the wasm boundary.
//!
//! Each group runs twice: by wall-clock time (criterion's default), and, on Linux, by
//! the thread's CPU time (`cpu-time/…`), which a busy machine disturbs much less: the
//! figures to compare with the budget on a shared build machine.
//!
//! Run: `cargo bench --bench engine`.

use std::hint::black_box;
use std::path::PathBuf;

use criterion::measurement::Measurement;
use criterion::{criterion_group, criterion_main, Criterion};
use dti_score::{score, IndicatorSet, ScoreOptions, Values};

const SETS: [&str; 2] = ["vinh-long-2025", "dti-province-2025"];

fn read(path: &str) -> String {
    let full = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

fn inputs(id: &str) -> (String, String) {
    (
        read(&format!("indicator-sets/{id}.json")),
        read(&format!("benches/{id}-values.json")),
    )
}

fn load_validate<M: Measurement>(c: &mut Criterion<M>, prefix: &str) {
    let mut g = c.benchmark_group(format!("{prefix}load_validate"));
    for id in SETS {
        let (set_text, _) = inputs(id);
        g.bench_function(id, |b| {
            b.iter(|| IndicatorSet::from_json(black_box(&set_text)).unwrap())
        });
    }
    g.finish();
}

fn load_values<M: Measurement>(c: &mut Criterion<M>, prefix: &str) {
    let mut g = c.benchmark_group(format!("{prefix}load_values"));
    for id in SETS {
        let (_, values_text) = inputs(id);
        g.bench_function(id, |b| {
            b.iter(|| Values::from_json(black_box(&values_text)).unwrap())
        });
    }
    g.finish();
}

fn rescore<M: Measurement>(c: &mut Criterion<M>, prefix: &str) {
    let mut g = c.benchmark_group(format!("{prefix}rescore"));
    for id in SETS {
        let (set_text, values_text) = inputs(id);
        let set = IndicatorSet::from_json(&set_text).unwrap();
        let values = Values::from_json(&values_text).unwrap();
        let options = ScoreOptions::default();
        // The values are complete and valid: every leaf scores (ok, or provisional for
        // the relative 7.5 of vinh-long-2025).
        let report = score(&set, &values, &options);
        let counts = report.status_counts();
        let bad = counts.get("missing").copied().unwrap_or(0)
            + counts.get("invalid").copied().unwrap_or(0);
        assert_eq!(bad, 0, "{id}: {counts:?}");
        assert_eq!(report.nodes.len(), set.nodes().len());
        g.bench_function(id, |b| {
            b.iter(|| score(black_box(&set), black_box(&values), black_box(&options)))
        });
        // The same scores without traces (ScoreOptions::numbers_only).
        let quick = ScoreOptions {
            numbers_only: true,
            ..ScoreOptions::default()
        };
        g.bench_function(format!("{id}/numbers-only"), |b| {
            b.iter(|| score(black_box(&set), black_box(&values), black_box(&quick)))
        });
    }
    g.finish();
}

fn rescore_json<M: Measurement>(c: &mut Criterion<M>, prefix: &str) {
    let mut g = c.benchmark_group(format!("{prefix}rescore_json"));
    for id in SETS {
        let (set_text, values_text) = inputs(id);
        let set = IndicatorSet::from_json(&set_text).unwrap();
        let options = ScoreOptions::default();
        g.bench_function(id, |b| {
            b.iter(|| {
                let values = Values::from_json(black_box(&values_text)).unwrap();
                serde_json::to_string(&score(&set, &values, &options)).unwrap()
            })
        });
    }
    g.finish();
}

/// A keystroke in a session (`eval::Session::edit`): one input of one indicator set,
/// alternately to two values, its leaf, ancestors and totals scored again; numbers only,
/// and with the traces of what changed.
fn session_edit<M: Measurement>(c: &mut Criterion<M>, prefix: &str) {
    let mut g = c.benchmark_group(format!("{prefix}session_edit"));
    for id in SETS {
        let (set_text, values_text) = inputs(id);
        let set = std::sync::Arc::new(IndicatorSet::from_json(&set_text).unwrap());
        let document: serde_json::Value = serde_json::from_str(&values_text).unwrap();
        // The first leaf with a number input, and that input's current value.
        let (node, letter, value) = set
            .leaves()
            .find_map(|n| {
                let v = document["values"][&n.id].as_object()?;
                n.inputs.iter().find_map(|i| {
                    let x = v.get(&i.id)?.as_str()?;
                    Some((n.id.clone(), i.id.clone(), x.to_string()))
                })
            })
            .expect("a filled number input");
        let path = vec!["values".to_string(), node, letter];
        for (name, numbers_only) in [("numbers-only", true), ("traces", false)] {
            let mut session =
                dti_score::Session::open(set.clone(), document.clone(), ScoreOptions::default())
                    .unwrap();
            let values = [serde_json::Value::String(value.clone()), "1".into()];
            let mut k = 0;
            g.bench_function(format!("{id}/{name}"), |b| {
                b.iter(|| {
                    k ^= 1;
                    session
                        .edit(black_box(&path), values[k].clone(), numbers_only)
                        .unwrap()
                })
            });
        }
    }
    g.finish();
}

fn wall_time(c: &mut Criterion) {
    load_validate(c, "");
    load_values(c, "");
    rescore(c, "");
    rescore_json(c, "");
    session_edit(c, "");
}

#[cfg(target_os = "linux")]
mod cpu {
    //! The calling thread's CPU time (`CLOCK_THREAD_CPUTIME_ID`), in nanoseconds.

    use std::time::Duration;

    use criterion::measurement::{Measurement, ValueFormatter, WallTime};

    #[repr(C)]
    struct Timespec {
        tv_sec: i64,
        tv_nsec: i64,
    }

    extern "C" {
        fn clock_gettime(clock: i32, tp: *mut Timespec) -> i32;
    }

    const CLOCK_THREAD_CPUTIME_ID: i32 = 3;

    fn now() -> Duration {
        let mut ts = Timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: `ts` is a valid, writable timespec (64-bit Linux layout: two i64) for
        // the duration of the call; the clock id is a constant Linux defines.
        let rc = unsafe { clock_gettime(CLOCK_THREAD_CPUTIME_ID, &mut ts) };
        assert_eq!(rc, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
        Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
    }

    /// Criterion measurement by thread CPU time; reported like wall time.
    pub struct ThreadCpuTime;

    static WALL: WallTime = WallTime;

    impl Measurement for ThreadCpuTime {
        type Intermediate = Duration;
        type Value = Duration;

        fn start(&self) -> Duration {
            now()
        }

        fn end(&self, start: Duration) -> Duration {
            now().saturating_sub(start)
        }

        fn add(&self, a: &Duration, b: &Duration) -> Duration {
            *a + *b
        }

        fn zero(&self) -> Duration {
            Duration::ZERO
        }

        fn to_f64(&self, value: &Duration) -> f64 {
            value.as_nanos() as f64
        }

        fn formatter(&self) -> &dyn ValueFormatter {
            WALL.formatter()
        }
    }
}

#[cfg(target_os = "linux")]
fn cpu_time(c: &mut Criterion<cpu::ThreadCpuTime>) {
    load_validate(c, "cpu-time/");
    rescore(c, "cpu-time/");
    rescore_json(c, "cpu-time/");
    session_edit(c, "cpu-time/");
}

criterion_group!(benches, wall_time);

#[cfg(target_os = "linux")]
criterion_group! {
    name = cpu_benches;
    config = Criterion::default().with_measurement(cpu::ThreadCpuTime);
    targets = cpu_time
}

#[cfg(target_os = "linux")]
criterion_main!(benches, cpu_benches);
#[cfg(not(target_os = "linux"))]
criterion_main!(benches);
