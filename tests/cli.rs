//! The `dti-score` command line: exit codes and what a person reads.

use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dti-score"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn validate_accepts_a_good_set() {
    let o = run(&["validate", "tests/cli-fixtures/small-set.json"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        stdout(&o),
        "tests/cli-fixtures/small-set.json: valid — set “tiny” version 1, 1 main indicators, 4 indicators in all, 3 scored leaves, scale 100\n"
    );
}

#[test]
fn validate_lists_every_error_with_its_place() {
    let o = run(&["validate", "tests/cli-fixtures/broken-set.json"]);
    assert_eq!(o.status.code(), Some(1));
    insta::assert_snapshot!(stdout(&o));
}

#[test]
fn validate_json_gives_both_languages() {
    let o = run(&["validate", "--json", "tests/cli-fixtures/broken-set.json"]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["valid"], false);
    let first = &v["findings"][0];
    assert_eq!(first["pointer"], "/indicators/0/children/0/max");
    assert_eq!(first["severity"], "error");
    assert_eq!(
        first["vi"],
        "số phải viết dưới dạng chuỗi thập phân (\"20\"), không phải số JSON 20"
    );
    assert_eq!(
        first["en"],
        "numbers must be decimal strings (\"20\"), not the JSON number 20"
    );
}

#[test]
fn score_prints_points_traces_and_total() {
    let o = run(&[
        "score",
        "tests/cli-fixtures/small-set.json",
        "tests/cli-fixtures/small-values.json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    insta::assert_snapshot!(stdout(&o));
}

#[test]
fn score_json_is_the_library_report() {
    let o = run(&[
        "score",
        "--json",
        "tests/cli-fixtures/small-set.json",
        "tests/cli-fixtures/small-values.json",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["total"], "76.75");
    assert_eq!(v["max"], "100");
    assert_eq!(v["nodes"]["1.1"]["points"], "18.75");
    assert_eq!(v["nodes"]["1.1"]["status"], "ok");
    assert_eq!(
        v["nodes"]["1.1"]["trace"]["en"],
        "Ratio = a/b = 45/60 = 75%; 75% < 80% → 75%/80% × 20 = 18.75"
    );
    assert_eq!(v["nodes"]["1.3"]["points"], "28");
    assert_eq!(v["nodes"]["1"]["points"], "76.75");
}

#[test]
fn bad_files_get_a_clear_message_and_exit_2() {
    let o = run(&[
        "score",
        "tests/cli-fixtures/small-set.json",
        "tests/cli-fixtures/no-such-file.json",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with("dti-score: cannot read tests/cli-fixtures/no-such-file.json: "),
        "{}",
        stderr(&o)
    );
    let o = run(&[
        "score",
        "tests/cli-fixtures/broken-set.json",
        "tests/cli-fixtures/small-values.json",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).starts_with("dti-score: tests/cli-fixtures/broken-set.json is not a valid indicator set:\nerror at /indicators/0/children/0/max: numbers must be decimal strings"), "{}", stderr(&o));
    // A values file with a JSON number: refused with the place.
    let o = run(&[
        "score",
        "tests/cli-fixtures/small-set.json",
        "tests/cli-fixtures/float-values.json",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "dti-score: tests/cli-fixtures/float-values.json is not a valid values file:\nerror at /values/1.1/a: numbers must be decimal strings (\"0.5\"), not the JSON number 0.5\n"
    );
}

#[test]
fn interpretations_are_listed_with_quotes() {
    let o = run(&[
        "validate",
        "--interpretations",
        "indicator-sets/vinh-long-2025.json",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    let header = out
        .lines()
        .find(|l| l.ends_with("interpretation(s) and source discrepancies:"))
        .expect("a header");
    let count: usize = header.split_whitespace().next().unwrap().parse().unwrap();
    assert!(count > 0);
    assert_eq!(
        out.matches("\n[interpretation] ").count() + out.matches("\n[source discrepancy] ").count(),
        count
    );
    // Every interpretation in the shipped sets quotes the source.
    for set in [
        "dti-province-2025",
        "vinh-long-2025",
        "thanh-hoa-department-2021",
        "thanh-hoa-district-2021",
        "dti-province-2022",
    ] {
        let text = std::fs::read_to_string(format!(
            "{}/indicator-sets/{set}.json",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap();
        let parsed = dti_score::IndicatorSet::from_json(&text).unwrap();
        for (node, note) in parsed.interpretations() {
            if note.kind != dti_score::set::NoteKind::Interpretation {
                continue;
            }
            assert!(
                note.quote.as_deref().is_some_and(|q| !q.trim().is_empty()),
                "{set}: an interpretation on {:?} has no quote",
                node.map(|n| &n.id)
            );
        }
    }
}
