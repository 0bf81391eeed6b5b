//! Bounded inputs (issue 12, "Why" 7): size limits checked before parsing, members
//! named twice in a hand-edited file, maxima adding past `Decimal::MAX`; the CLI's
//! answers to each.

use std::process::{Command, Output};

use dti_score::limits::{check_size, InputKind, TooLarge};
use dti_score::sign::{KeyError, KeyFile};
use dti_score::Lang;
use dti_score::Message;
use dti_score::{ErrorKind, Finding, Severity};
use dti_score::{IndicatorSet, Targets, Values};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dti-score"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the binary runs")
}

fn tmp(name: &str, contents: &[u8]) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("dti-limits-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

fn small_set() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/cli-fixtures/small-set.json"
    ))
    .unwrap()
}

/// A values file's findings as (pointer, kind).
fn values_findings(text: &str) -> Vec<(String, ErrorKind)> {
    Values::from_json(text)
        .unwrap_err()
        .0
        .into_iter()
        .map(|f| (f.pointer, f.kind))
        .collect()
}

fn error(pointer: &str, kind: ErrorKind) -> Finding {
    Finding {
        pointer: pointer.into(),
        severity: Severity::Error,
        kind,
    }
}

#[test]
fn every_kind_has_its_documented_limit() {
    let limits: Vec<(&str, u64)> = InputKind::ALL
        .iter()
        .map(|k| (k.name(), k.max_bytes()))
        .collect();
    assert_eq!(
        limits,
        [
            ("set", 5 * 1024 * 1024),
            ("values", 2 * 1024 * 1024),
            ("submission", 10 * 1024 * 1024),
            ("key", 64 * 1024),
            ("registry", 4 * 1024 * 1024),
            ("targets", 2 * 1024 * 1024),
            ("appraisal", 2 * 1024 * 1024),
        ]
    );
    for kind in InputKind::ALL {
        assert_eq!(InputKind::from_name(kind.name()), Some(kind));
        assert_eq!(check_size(kind, kind.max_bytes()), Ok(()));
        assert_eq!(
            check_size(kind, kind.max_bytes() + 1),
            Err(TooLarge {
                kind,
                size: kind.max_bytes() + 1
            })
        );
    }
    let e = TooLarge {
        kind: InputKind::Set,
        size: 52_428_800,
    };
    assert_eq!(e.code(), "input.too_large");
    assert_eq!(
        e.message(Lang::En),
        "the indicator set is 52428800 bytes; the largest read is 5242880 bytes (5 MiB)"
    );
    assert_eq!(
        e.message(Lang::Vi),
        "Tệp bộ chỉ số có 52428800 byte; giới hạn đọc là 5242880 byte (5 MiB)"
    );
}

/// A 50 MB set took 1.32 GB to validate: now it is refused before it is parsed.
#[test]
fn oversized_files_are_refused_before_parsing() {
    // Not even JSON: only the size is looked at.
    let big = "x".repeat(5 * 1024 * 1024 + 1);
    assert_eq!(
        IndicatorSet::from_json(&big).unwrap_err().0,
        [error(
            "",
            ErrorKind::TooLarge(TooLarge {
                kind: InputKind::Set,
                size: 5 * 1024 * 1024 + 1
            })
        )]
    );
    let big = "x".repeat(2 * 1024 * 1024 + 1);
    assert_eq!(
        Values::from_json(&big).unwrap_err().0,
        [error(
            "",
            ErrorKind::TooLarge(TooLarge {
                kind: InputKind::Values,
                size: 2 * 1024 * 1024 + 1
            })
        )]
    );
    let set = IndicatorSet::from_json(&small_set()).unwrap();
    assert_eq!(
        Targets::from_json(&big, &set).unwrap_err().0,
        [error(
            "",
            ErrorKind::TooLarge(TooLarge {
                kind: InputKind::Targets,
                size: 2 * 1024 * 1024 + 1
            })
        )]
    );
    let key = "x".repeat(64 * 1024 + 1);
    assert_eq!(
        KeyFile::from_json(&key).unwrap_err(),
        KeyError::TooLarge(TooLarge {
            kind: InputKind::KeyFile,
            size: 65537
        })
    );
}

#[test]
fn the_cli_checks_the_size_on_disk_first() {
    let mut big = small_set().into_bytes();
    big.resize(6_000_000, b' ');
    let path = tmp("big-set.json", &big);
    let o = run(&["validate", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let p = path.display();
    assert_eq!(
        String::from_utf8_lossy(&o.stderr),
        format!(
            "dti-score: {p}: Tệp bộ chỉ số có 6000000 byte; giới hạn đọc là 5242880 byte (5 MiB)\n  ({p}: the indicator set is 6000000 bytes; the largest read is 5242880 bytes (5 MiB))\n"
        )
    );
    let values = tmp("big-values.json", &vec![b' '; 3_000_000]);
    let o = run(&[
        "score",
        "tests/cli-fixtures/small-set.json",
        values.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let p = values.display();
    assert_eq!(
        String::from_utf8_lossy(&o.stderr),
        format!(
            "dti-score: {p}: Tệp số liệu có 3000000 byte; giới hạn đọc là 2097152 byte (2 MiB)\n  ({p}: the values file is 3000000 bytes; the largest read is 2097152 bytes (2 MiB))\n"
        )
    );
    let submission = tmp("big-submission.json", &vec![b' '; 11_000_000]);
    let o = run(&[
        "verify",
        "--set",
        "tests/cli-fixtures/small-set.json",
        submission.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains(
            "the submission is 11000000 bytes; the largest read is 10485760 bytes (10 MiB)"
        ),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// `{"a":"45",…,"a":"60"}` signed a=60: a member named twice is now an error naming
/// the member's pointer and both places.
#[test]
fn members_named_twice_are_errors_with_both_places() {
    let text = "{\"values\": {\"1.1\": {\"a\": \"45\", \"b\": \"60\",\n  \"a\": \"60\"}}}";
    assert_eq!(
        Values::from_json(text).unwrap_err().0,
        [error(
            "/values/1.1/a",
            ErrorKind::DuplicateKey {
                key: "a".into(),
                first: (1, 21),
                second: (2, 3)
            }
        )]
    );
    let finding = &Values::from_json(text).unwrap_err().0[0];
    assert_eq!(
        finding.to_string(),
        "error at /values/1.1/a: member “a” appears twice in one object (line 1, column 21 and line 2, column 3): remove one"
    );
    assert_eq!(
        finding.message(Lang::Vi),
        "trường “a” xuất hiện hai lần trong cùng một đối tượng (dòng 1, cột 21 và dòng 2, cột 3): hãy xóa một lần"
    );
    // Escapes are decoded before names are compared; every repetition is reported;
    // pointers escape "/" and "~"; the same name in two objects is fine.
    let text = r#"{"values": {"1.1": {"a": "1", "\u0061": "2"}, "1.2": {"a": "1"}, "x/y": {"~": [{"k": 1, "k": 2}]}, "1.1": {}}}"#;
    assert_eq!(
        values_findings(text),
        [
            (
                "/values/1.1/a".to_string(),
                ErrorKind::DuplicateKey {
                    key: "a".into(),
                    first: (1, 21),
                    second: (1, 31)
                }
            ),
            (
                "/values/x~1y/~0/0/k".to_string(),
                ErrorKind::DuplicateKey {
                    key: "k".into(),
                    first: (1, 81),
                    second: (1, 89)
                }
            ),
            (
                "/values/1.1".to_string(),
                ErrorKind::DuplicateKey {
                    key: "1.1".into(),
                    first: (1, 13),
                    second: (1, 100)
                }
            ),
        ]
    );
    // A surrogate pair and the character it stands for; the short escapes.
    let text =
        r#"{"values": {"\ud83d\ude00": {}, "😀": {}, "a\tb\n\"\/": {}, "a\u0009b\n\"/": {}}}"#;
    assert_eq!(
        values_findings(text),
        [
            (
                "/values/😀".to_string(),
                ErrorKind::DuplicateKey {
                    key: "😀".into(),
                    first: (1, 13),
                    second: (1, 33)
                }
            ),
            (
                "/values/a\tb\n\"~1".to_string(),
                ErrorKind::DuplicateKey {
                    key: "a\tb\n\"/".into(),
                    first: (1, 42),
                    second: (1, 60)
                }
            ),
        ]
    );
    // In a set: the later maximum no longer wins silently.
    let set = small_set().replacen("\"max\": \"20\"", "\"max\": \"20\", \"max\": \"60\"", 1);
    let errors = IndicatorSet::from_json(&set).unwrap_err().0;
    assert_eq!(
        errors,
        [error(
            "/indicators/0/children/0/max",
            ErrorKind::DuplicateKey {
                key: "max".into(),
                first: (3, 56),
                second: (3, 69)
            }
        )]
    );
    // In a targets file.
    let s = IndicatorSet::from_json(&small_set()).unwrap();
    let targets =
        r#"{"format": "dti-score/targets/v1", "set": "tiny", "set": "other", "targets": {}}"#;
    let errors = Targets::from_json(targets, &s).unwrap_err().0;
    assert_eq!(
        errors,
        [error(
            "/set",
            ErrorKind::DuplicateKey {
                key: "set".into(),
                first: (1, 36),
                second: (1, 51)
            }
        )]
    );
}

#[test]
fn the_cli_refuses_a_values_file_with_a_member_twice() {
    let values = tmp(
        "twice.json",
        b"{\"values\": {\"1.1\": {\"a\": \"45\", \"b\": \"60\", \"a\": \"60\"}}}",
    );
    let o = run(&[
        "score",
        "tests/cli-fixtures/small-set.json",
        values.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains(
            "error at /values/1.1/a: member “a” appears twice in one object (line 1, column 21 and line 1, column 43): remove one"
        ),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// `dti-score validate` panicked (exit 101, "Addition overflowed") when a set's maxima
/// added up past `Decimal::MAX`: now a finding.
#[test]
fn maxima_adding_past_the_largest_decimal_are_a_finding() {
    let max = "79228162514264337593543950335";
    let set = format!(
        r#"{{"format": "dti-score/indicator-set/v1", "id": "big", "version": "1", "title": {{"vi": "Lớn"}}, "scale": "{max}",
 "indicators": [
   {{"code": "1", "title": {{"vi": "Một"}}, "max": "{max}", "children": [
     {{"code": "1.1", "title": {{"vi": "A"}}, "max": "{max}", "rule": {{"kind": "yes_no"}}}},
     {{"code": "1.2", "title": {{"vi": "B"}}, "max": "1", "rule": {{"kind": "yes_no"}}}}]}},
   {{"code": "2", "title": {{"vi": "Hai"}}, "max": "1", "rule": {{"kind": "yes_no"}}}}]}}"#
    );
    let errors = IndicatorSet::from_json(&set).unwrap_err().0;
    assert_eq!(
        errors,
        [
            error("/indicators/0", ErrorKind::MaxSumOverflow),
            error("/scale", ErrorKind::MaxSumOverflow),
        ]
    );
    assert_eq!(
        errors[0].message(Lang::Vi),
        "tổng điểm tối đa vượt quá số thập phân lớn nhất (khoảng 7,9 × 10²⁸)"
    );
    let path = tmp("overflow-set.json", set.as_bytes());
    let o = run(&["validate", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        format!(
            "error at /indicators/0: the max points add up past the largest decimal (about 7.9 × 10²⁸)\nerror at /scale: the max points add up past the largest decimal (about 7.9 × 10²⁸)\n{}: 2 errors — the set cannot be scored\n",
            path.display()
        )
    );
}
