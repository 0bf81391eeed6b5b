//! The trust chain as a province officer or an attacker meets it, through the command
//! line: each numbered case of issue 12's "Why" list (1–5), which passed before and is
//! refused now, and the registry's commands.

use dti_score::Lang;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use dti_score::registry::RegistryDocument;
use dti_score::registry::RegistryKey;
use dti_score::sign::{KdfParams, KeyFile, NewKey, Role, UnlockedKey};
use dti_score::submission::{build, SubmissionInput};
use dti_score::Message;
use dti_score::{IndicatorSet, Values};

mod common;

const SET: &str = common::TINY_SET;

const SIGNED_AT: &str = "2025-11-20T08:00:00Z";

fn genuine() -> UnlockedKey {
    UnlockedKey::from_secret(&[1; 32], "xa-tan-hoa", "Nguyễn Văn An", Role::Preparer)
}

/// A key someone else made for the same unit and name.
fn forged() -> UnlockedKey {
    UnlockedKey::from_secret(&[9; 32], "xa-tan-hoa", "Nguyễn Văn An", Role::Preparer)
}

fn other_unit() -> UnlockedKey {
    UnlockedKey::from_secret(&[2; 32], "xa-long-phu", "Lê Văn Cường", Role::Preparer)
}

fn province() -> UnlockedKey {
    UnlockedKey::from_secret(&[70; 32], "vinh-long", "Sở KH&CN", Role::Province)
}

fn province_fp() -> String {
    province().public_key().fingerprint()
}

fn workspace(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dti-score-trust-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("set.json"), SET).unwrap();
    dir
}

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dti-score"))
        .args(args)
        .current_dir(dir)
        .env_remove("DTI_SCORE_PASSPHRASE")
        .output()
        .unwrap()
}

fn out(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn err(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

/// A signed submission of `values` (a JSON values file) by `key`.
fn submission(values: &str, key: &UnlockedKey) -> String {
    let set = IndicatorSet::from_json(SET).unwrap();
    let values = Values::from_json(values).unwrap();
    let input = SubmissionInput {
        set: &set,
        values: &values,
        unit: None,
        year: None,
        created_at: SIGNED_AT.into(),
    };
    build(&input, key, None).unwrap().to_json_pretty()
}

fn registry_key(key: &UnlockedKey, from: &str) -> RegistryKey {
    RegistryKey {
        name: Some(key.name().into()),
        ..common::registry_key(key.public_key(), key.role(), from)
    }
}

/// keys.json with the genuine key of xa-tan-hoa and xa-long-phu's, signed by the
/// province.
fn signed_registry() -> String {
    let mut doc = RegistryDocument::new(Some("Sở KH&CN".into()));
    doc.add_key(
        "xa-tan-hoa",
        None,
        registry_key(&genuine(), "2025-01-01T00:00:00Z"),
    )
    .unwrap();
    doc.add_key(
        "xa-long-phu",
        None,
        registry_key(&other_unit(), "2025-01-01T00:00:00Z"),
    )
    .unwrap();
    doc.sign(&province(), "2025-01-02T00:00:00Z").unwrap();
    doc.to_json_pretty()
}

const FULL_2025: &str = r#"{"year": 2025, "unit": {"id": "xa-tan-hoa", "name": "Xã Tân Hòa"},
  "values": {"1": {"a": "45", "b": "60"}, "2": {"done": true}}}"#;

/// 45/60 = 75% of the 80% target: 56.25 of 60; indicator 2 left empty.
const PART_2025: &str = r#"{"year": 2025, "unit": {"id": "xa-tan-hoa", "name": "Xã Tân Hòa"},
  "values": {"1": {"a": "45", "b": "60"}}}"#;

fn with_keys<'a>(args: &[&'a str], fp: &'a str) -> Vec<&'a str> {
    let mut v = args.to_vec();
    v.extend(["--keys", "keys.json", "--province-key", fp]);
    v
}

// ---- 1. unsigned values files ------------------------------------------------------

#[test]
fn case_1_unsigned_files_are_refused_by_default_and_never_beat_signed_data() {
    let dir = workspace("case-1");
    std::fs::write(dir.join("keys.json"), signed_registry()).unwrap();
    std::fs::write(dir.join("a-signed.json"), submission(PART_2025, &genuine())).unwrap();
    // Fills indicator 2, which the signed file left empty.
    std::fs::write(
        dir.join("b-fill.json"),
        r#"{"year": 2025, "unit": {"id": "xa-tan-hoa"}, "values": {"2": {"done": true}}}"#,
    )
    .unwrap();
    let fp = province_fp();

    // By default the unsigned file is refused, by name, and the unit keeps 56.25.
    let o = run(
        &dir,
        &with_keys(
            &[
                "aggregate",
                "a-signed.json",
                "b-fill.json",
                "--set",
                "set.json",
            ],
            &fp,
        ),
    );
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    assert_eq!(
        out(&o),
        "2 files: 1 signed and verified, 0 unsigned, 1 rejected; 1 units\n\
         year 2025 (every accepted file is for it)\n\
         REJECTED b-fill.json [unsigned]: unsigned values file (signed submissions are required; --allow-unsigned takes unsigned files too)\n\
         Mã đơn vị\tTên đơn vị\tNăm\tTổng điểm tự đánh giá\tHạng\t1. Cáp quang\t2. Ban chỉ đạo\n\
         xa-tan-hoa\tXã Tân Hòa\t2025\t56.25\t1\t56.25\t0\n"
    );
    // `--require-signed` is still accepted, and changes nothing.
    let again = run(
        &dir,
        &with_keys(
            &[
                "aggregate",
                "a-signed.json",
                "b-fill.json",
                "--set",
                "set.json",
                "--require-signed",
            ],
            &fp,
        ),
    );
    assert_eq!(
        (again.status.code(), out(&again)),
        (o.status.code(), out(&o))
    );

    // Allowed, the unsigned file fills the gap, and the row says it rests on it.
    std::fs::write(
        dir.join("c-contra.json"),
        r#"{"year": 2025, "unit": {"id": "xa-tan-hoa"}, "values": {"1": {"a": "10", "b": "60"}}}"#,
    )
    .unwrap();
    let o = run(
        &dir,
        &with_keys(
            &[
                "aggregate",
                "a-signed.json",
                "b-fill.json",
                "c-contra.json",
                "--set",
                "set.json",
                "--allow-unsigned",
                "--csv",
                "out.csv",
            ],
            &fp,
        ),
    );
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    // The contradicting unsigned value is listed, the signed one kept: 56.25 + 40.
    assert_eq!(
        out(&o),
        "3 files: 1 signed and verified, 2 unsigned, 0 rejected; 1 units\n\
         year 2025 (every accepted file is for it)\n\
         UNSIGNED b-fill.json\n\
         UNSIGNED c-contra.json\n\
         CONFLICT xa-tan-hoa /values/1/a: a-signed.json = “45”, c-contra.json = “10” (signed value “45” kept)\n\
         Mã đơn vị\tTên đơn vị\tNăm\tTổng điểm tự đánh giá\tHạng\t1. Cáp quang\t2. Ban chỉ đạo\tSố liệu\n\
         xa-tan-hoa\tXã Tân Hòa\t2025\t96.25\t1\t56.25\t40\tđã ký + CHƯA KÝ\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("out.csv")).unwrap(),
        "\u{feff}Mã đơn vị,Tên đơn vị,Năm,Tổng điểm tự đánh giá,Hạng,1. Cáp quang,2. Ban chỉ đạo,Số liệu\r\n\
         xa-tan-hoa,Xã Tân Hòa,2025,96.25,1,56.25,40,đã ký + CHƯA KÝ\r\n"
    );
    // --allow-unsigned and --require-signed contradict each other.
    let both = run(
        &dir,
        &with_keys(
            &[
                "aggregate",
                "a-signed.json",
                "--set",
                "set.json",
                "--allow-unsigned",
                "--require-signed",
            ],
            &fp,
        ),
    );
    assert_eq!(both.status.code(), Some(2));
}

// ---- 2. a look-alike unit ----------------------------------------------------------

#[test]
fn case_2_a_look_alike_unit_id_is_refused_with_the_character_named() {
    let dir = workspace("case-2");
    std::fs::write(dir.join("keys.json"), signed_registry()).unwrap();
    std::fs::write(dir.join("a-signed.json"), submission(FULL_2025, &genuine())).unwrap();
    // Cyrillic а (U+0430) for the last letter.
    std::fs::write(
        dir.join("b-lookalike.json"),
        "{\"year\": 2025, \"unit\": {\"id\": \"xa-tan-ho\u{430}\"}, \"values\": {\"1\": {\"a\": \"60\", \"b\": \"60\"}, \"2\": {\"done\": true}}}",
    )
    .unwrap();
    let fp = province_fp();
    let o = run(
        &dir,
        &with_keys(
            &[
                "aggregate",
                "a-signed.json",
                "b-lookalike.json",
                "--set",
                "set.json",
                "--allow-unsigned",
            ],
            &fp,
        ),
    );
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        out(&o),
        "2 files: 1 signed and verified, 0 unsigned, 1 rejected; 1 units\n\
         year 2025 (every accepted file is for it)\n\
         REJECTED b-lookalike.json [bad_unit_id]: invalid unit id “xa-tan-hoа”: character 10 is U+0430 CYRILLIC SMALL LETTER A (only ASCII letters, digits, \"-\", \"_\" and \".\")\n\
         Mã đơn vị\tTên đơn vị\tNăm\tTổng điểm tự đánh giá\tHạng\t1. Cáp quang\t2. Ban chỉ đạo\tSố liệu\n\
         xa-tan-hoa\tXã Tân Hòa\t2025\t96.25\t1\t56.25\t40\tđã ký\n"
    );
    // The same rule for keys and the registry.
    let o = run(
        &dir,
        &[
            "keygen",
            "--unit",
            "xa-tan-hoа",
            "--name",
            "X",
            "--role",
            "preparer",
            "--out",
            "x.key",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err(&o).contains("character 10 is U+0430 CYRILLIC SMALL LETTER A"),
        "{}",
        err(&o)
    );
    let mut doc = RegistryDocument::new(None);
    assert_eq!(
        doc.add_key("xã-tân-hòa", None, registry_key(&genuine(), SIGNED_AT))
            .unwrap_err()
            .to_string(),
        "key registry: unit id \"xã-tân-hòa\" may use only letters, digits, \"-\", \"_\" and \".\": character 2 is U+00E3 LATIN SMALL LETTER A WITH TILDE"
    );
}

// ---- 3. anyone's self-signed file --------------------------------------------------

#[test]
fn case_3_without_a_proven_registry_a_verdict_is_never_a_pass() {
    let dir = workspace("case-3");
    std::fs::write(dir.join("keys.json"), signed_registry()).unwrap();
    std::fs::write(dir.join("genuine.json"), submission(PART_2025, &genuine())).unwrap();
    let forged_values = r#"{"year": 2025, "unit": {"id": "xa-tan-hoa", "name": "Xã Tân Hòa"},
      "values": {"1": {"a": "60", "b": "60"}, "2": {"done": true}}}"#;
    std::fs::write(
        dir.join("forged.json"),
        submission(forged_values, &forged()),
    )
    .unwrap();

    // verify without keys.json: signatures valid, signers not proven, exit 3.
    let o = run(&dir, &["verify", "forged.json", "--set", "set.json"]);
    assert_eq!(o.status.code(), Some(3));
    assert_eq!(
        out(&o),
        "CHƯA XÁC NHẬN forged.json (xa-tan-hoa, 2025, tổng điểm 100)\n\
         \x20 chữ ký hợp lệ, người ký chưa được xác nhận (cần keys.json có chữ ký của tỉnh và --province-key)\n\
         \x20 signer_key prepared_by: bỏ qua (không có danh sách khóa (keys.json))\n\
         0/1 hồ sơ đạt; 1 có chữ ký hợp lệ nhưng người ký chưa được xác nhận\n"
    );
    let json = run(
        &dir,
        &["verify", "forged.json", "--set", "set.json", "--json"],
    );
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(
        (v[0]["passed"].as_bool(), v[0]["proven"].as_bool()),
        (Some(true), Some(false))
    );
    // With the signed registry: the forged key fails, the genuine one passes (exit 0).
    let fp = province_fp();
    let o = run(
        &dir,
        &with_keys(
            &[
                "verify",
                "genuine.json",
                "forged.json",
                "--set",
                "set.json",
                "--en",
            ],
            &fp,
        ),
    );
    assert_eq!(o.status.code(), Some(1));
    let forged_fp = forged().public_key().fingerprint();
    assert_eq!(
        out(&o),
        format!(
            "FAIL genuine.json (xa-tan-hoa, 2025, total 56.25)\n\
             \x20 duplicates: unit \"xa-tan-hoa\" has more than one submission for period \"2025\": also \"forged.json\"\n\
             FAIL forged.json (xa-tan-hoa, 2025, total 100)\n\
             \x20 signer_key prepared_by: the prepared_by key \"{forged_fp}\" is not registered for unit \"xa-tan-hoa\" or any other unit\n\
             \x20 duplicates: unit \"xa-tan-hoa\" has more than one submission for period \"2025\": also \"genuine.json\"\n\
             0/2 submissions pass\n"
        )
    );
    let o = run(
        &dir,
        &with_keys(
            &["verify", "genuine.json", "--set", "set.json", "--en"],
            &fp,
        ),
    );
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        out(&o),
        "PASS genuine.json (xa-tan-hoa, 2025, total 56.25)\n1/1 submissions pass\n"
    );

    // aggregate without --keys refuses to rank.
    let o = run(
        &dir,
        &[
            "aggregate",
            "genuine.json",
            "forged.json",
            "--set",
            "set.json",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(out(&o), "");
    assert!(err(&o).contains("(no key registry: nothing is ranked while the signers are not proven; give --keys keys.json --province-key FINGERPRINT, or --unregistered-keys to rank with every row marked unproven)"), "{}", err(&o));
    // --unregistered-keys ranks, every row marked unproven.
    let o = run(
        &dir,
        &[
            "aggregate",
            "forged.json",
            "--set",
            "set.json",
            "--unregistered-keys",
            "--csv",
            "u.csv",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert_eq!(
        std::fs::read_to_string(dir.join("u.csv")).unwrap(),
        "\u{feff}Mã đơn vị,Tên đơn vị,Năm,Tổng điểm tự đánh giá,Hạng,1. Cáp quang,2. Ban chỉ đạo,Người ký\r\n\
         xa-tan-hoa,Xã Tân Hòa,2025,100,1,60,40,CHƯA XÁC NHẬN\r\n"
    );
    // With the registry, the forged file is refused and the genuine unit keeps 56.25.
    let o = run(
        &dir,
        &with_keys(
            &[
                "aggregate",
                "genuine.json",
                "forged.json",
                "--set",
                "set.json",
            ],
            &fp,
        ),
    );
    assert_eq!(o.status.code(), Some(1));
    let text = out(&o);
    assert!(
        text.contains(
            "REJECTED forged.json [verification]: the preparer's key in the registry: the prepared_by key"
        ),
        "{text}"
    );
    assert!(text.ends_with("Mã đơn vị\tTên đơn vị\tNăm\tTổng điểm tự đánh giá\tHạng\t1. Cáp quang\t2. Ban chỉ đạo\nxa-tan-hoa\tXã Tân Hòa\t2025\t56.25\t1\t56.25\t0\n"), "{text}");
}

// ---- 4. last year's file -----------------------------------------------------------

#[test]
fn case_4_one_round_at_a_time() {
    let dir = workspace("case-4");
    std::fs::write(dir.join("keys.json"), signed_registry()).unwrap();
    std::fs::write(dir.join("a-2025.json"), submission(PART_2025, &genuine())).unwrap();
    let old = FULL_2025.replace("2025", "2024");
    std::fs::write(dir.join("b-2024.json"), submission(&old, &genuine())).unwrap();
    let fp = province_fp();
    // No --year and two years: nothing is ranked, each file named with its reason.
    let o = run(
        &dir,
        &with_keys(
            &[
                "aggregate",
                "a-2025.json",
                "b-2024.json",
                "--set",
                "set.json",
            ],
            &fp,
        ),
    );
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        out(&o),
        "2 files: 0 signed and verified, 0 unsigned, 2 rejected; 0 units\n\
         NO YEAR: the files are for several years (2024, 2025); choose the round with --year\n\
         REJECTED a-2025.json [several_years]: a file for 2025; the files are for several years, choose the round's (--year): 2024, 2025\n\
         REJECTED b-2024.json [several_years]: a file for 2024; the files are for several years, choose the round's (--year): 2024, 2025\n\
         Mã đơn vị\tTên đơn vị\tTổng điểm tự đánh giá\tHạng\t1. Cáp quang\t2. Ban chỉ đạo\n"
    );
    // --year 2025: last year's file is refused by name, the year is in the CSV.
    let o = run(
        &dir,
        &with_keys(
            &[
                "aggregate",
                "a-2025.json",
                "b-2024.json",
                "--set",
                "set.json",
                "--year",
                "2025",
                "--csv",
                "r.csv",
            ],
            &fp,
        ),
    );
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        out(&o),
        "2 files: 1 signed and verified, 0 unsigned, 1 rejected; 1 units\n\
         year 2025 (--year)\n\
         REJECTED b-2024.json [other_year]: a file for 2024, not this round's year 2025\n\
         Mã đơn vị\tTên đơn vị\tNăm\tTổng điểm tự đánh giá\tHạng\t1. Cáp quang\t2. Ban chỉ đạo\n\
         xa-tan-hoa\tXã Tân Hòa\t2025\t56.25\t1\t56.25\t0\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("r.csv")).unwrap(),
        "\u{feff}Mã đơn vị,Tên đơn vị,Năm,Tổng điểm tự đánh giá,Hạng,1. Cáp quang,2. Ban chỉ đạo\r\n\
         xa-tan-hoa,Xã Tân Hòa,2025,56.25,1,56.25,0\r\n"
    );
    // --year 2024 takes only the old file.
    let o = run(
        &dir,
        &with_keys(
            &[
                "aggregate",
                "a-2025.json",
                "b-2024.json",
                "--set",
                "set.json",
                "--year",
                "2024",
            ],
            &fp,
        ),
    );
    assert!(
        out(&o).contains(
            "REJECTED a-2025.json [other_year]: a file for 2025, not this round's year 2024\n"
        ),
        "{}",
        out(&o)
    );
}

// ---- 5. the registry: signed, dated --------------------------------------------------

#[test]
fn case_5_the_registry_is_signed_by_the_pinned_province_key_and_dated() {
    let dir = workspace("case-5");
    std::fs::write(dir.join("s.json"), submission(PART_2025, &genuine())).unwrap();
    let fp = province_fp();
    let verify = |keys: &str, extra: &[&str]| {
        std::fs::write(dir.join("keys.json"), keys).unwrap();
        let mut args = vec![
            "verify",
            "s.json",
            "--set",
            "set.json",
            "--keys",
            "keys.json",
            "--en",
        ];
        args.extend(extra);
        run(&dir, &args)
    };
    let good = signed_registry();
    let o = verify(&good, &["--province-key", &fp]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));

    // Tampered: a key added after signing.
    let mut value: serde_json::Value = serde_json::from_str(&good).unwrap();
    value["units"]["xa-tan-hoa"]["keys"][0]["valid_from"] = "2024-01-01T00:00:00Z".into();
    let o = verify(&value.to_string(), &["--province-key", &fp]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        err(&o),
        format!("dti-score: keys.json: danh sách khóa: chữ ký của tỉnh (khóa \"{fp}\") không hợp lệ: tệp đã bị sửa sau khi ký\n  (keys.json: key registry: the province signature (key \"{fp}\") does not verify: the file was changed after signing)\n")
    );
    // Signed by another key than the pinned one (an attacker's own "province").
    let mut doc = RegistryDocument::from_json(&good).unwrap();
    let fake = UnlockedKey::from_secret(&[71; 32], "vinh-long", "Sở KH&CN", Role::Province);
    doc.sign(&fake, "2025-01-02T00:00:00Z").unwrap();
    let o = verify(&doc.to_json_pretty(), &["--province-key", &fp]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err(&o).contains(&format!(
            "the file is signed by key \"{}\", not by the province key \"{fp}\"",
            fake.public_key().fingerprint()
        )),
        "{}",
        err(&o)
    );
    // The legacy unsigned keys.json: refused, or read on request with signers unproven.
    let legacy =
        serde_json::json!({"format": "dti-score/keys/v1", "units": {"xa-tan-hoa": {"keys": [
        {"public_key": genuine().public_key(), "role": "preparer"}]}}})
        .to_string();
    let o = verify(&legacy, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("the file is not signed by the province (a draft or a legacy keys/v1); give --allow-unsigned-keys to read it anyway, every signer then unproven"), "{}", err(&o));
    let o = verify(&legacy, &["--allow-unsigned-keys"]);
    assert_eq!(o.status.code(), Some(3));
    assert!(out(&o).starts_with("UNPROVEN s.json"), "{}", out(&o));
    // A signed registry without --province-key: refused, or unproven on request.
    let o = verify(&good, &[]);
    assert_eq!(o.status.code(), Some(2));
    let o = verify(&good, &["--allow-unsigned-keys"]);
    assert_eq!(o.status.code(), Some(3));

    // Dates: expired, revoked, not yet valid at the signing time (2025-11-20T08:00:00Z).
    let gfp = genuine().public_key().fingerprint();
    for (edit, want) in [
        (
            ("valid_until", "2025-06-01T00:00:00Z"),
            format!("the prepared_by key \"{gfp}\" expired at 2025-06-01T00:00:00Z; the submission was signed at {SIGNED_AT}"),
        ),
        (
            ("revoked_at", "2025-11-01T00:00:00Z"),
            format!("the prepared_by key \"{gfp}\" was revoked at 2025-11-01T00:00:00Z; the submission was signed at {SIGNED_AT}"),
        ),
        (
            ("valid_from", "2025-12-01T00:00:00Z"),
            format!("the prepared_by key \"{gfp}\" is valid only from 2025-12-01T00:00:00Z; the submission was signed at {SIGNED_AT}"),
        ),
    ] {
        let mut key = registry_key(&genuine(), "2025-01-01T00:00:00Z");
        match edit.0 {
            "valid_until" => key.valid_until = Some(edit.1.into()),
            "revoked_at" => key.revoked_at = Some(edit.1.into()),
            _ => key.valid_from = Some(edit.1.into()),
        }
        let mut doc = RegistryDocument::new(None);
        doc.add_key("xa-tan-hoa", None, key).unwrap();
        doc.sign(&province(), "2025-01-02T00:00:00Z").unwrap();
        let o = verify(&doc.to_json_pretty(), &["--province-key", &fp]);
        assert_eq!(o.status.code(), Some(1), "{}", edit.0);
        assert_eq!(
            out(&o),
            format!("FAIL s.json (xa-tan-hoa, 2025, total 56.25)\n  signer_key prepared_by: {want}\n0/1 submissions pass\n")
        );
    }
}

#[test]
fn the_registry_commands_create_add_revoke_list_sign() {
    let dir = workspace("commands");
    let params = KdfParams::new(64, 1, 1).unwrap();
    let key_file = |name: &str, secret: [u8; 32], unit: &str, person: &str, role: Role| {
        let new = NewKey {
            unit_id: unit.into(),
            name: person.into(),
            role,
            created_at: "2025-01-01T00:00:00Z".into(),
        };
        let file = KeyFile::from_secret(&new, &secret, "mật khẩu dài", params).unwrap();
        std::fs::write(dir.join(name), file.to_json_pretty()).unwrap();
    };
    key_file(
        "province.key",
        [70; 32],
        "vinh-long",
        "Sở KH&CN",
        Role::Province,
    );
    std::fs::write(dir.join("pass"), "mật khẩu dài\n").unwrap();
    // keygen's printed entry (without `format`), and the page's enrolment file.
    let g = genuine().public_key();
    std::fs::write(
        dir.join("entry.json"),
        serde_json::json!({"unit": "xa-tan-hoa", "public_key": g, "role": "preparer",
            "name": "Nguyễn Văn An", "fingerprint": g.fingerprint()})
        .to_string(),
    )
    .unwrap();
    let o = other_unit().public_key();
    std::fs::write(
        dir.join("enrol.json"),
        serde_json::json!({"format": "dti-score/key-enrolment/v1", "unit": "xa-long-phu",
            "unit_name": "Xã Long Phú", "public_key": o, "role": "preparer",
            "name": "Lê Văn Cường", "fingerprint": o.fingerprint(),
            "created_at": "2025-01-01T00:00:00Z"})
        .to_string(),
    )
    .unwrap();
    let ok = |args: &[&str]| {
        let out = run(&dir, args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", err(&out));
        String::from_utf8(out.stdout).unwrap()
    };
    ok(&["registry", "create", "keys.json", "--issuer", "Sở KH&CN"]);
    ok(&[
        "registry",
        "add",
        "keys.json",
        "--entry",
        "entry.json",
        "--valid-from",
        "2025-01-01",
    ]);
    ok(&[
        "registry",
        "add",
        "keys.json",
        "--entry",
        "enrol.json",
        "--valid-from",
        "2025-01-01",
        "--valid-until",
        "2026-01-01",
    ]);
    ok(&[
        "registry",
        "revoke",
        "keys.json",
        "--fingerprint",
        &o.fingerprint(),
        "--at",
        "2025-06-01",
    ]);
    // Unsigned, it is refused.
    std::fs::write(dir.join("s.json"), submission(PART_2025, &genuine())).unwrap();
    let fp = province_fp();
    let o2 = run(
        &dir,
        &with_keys(&["verify", "s.json", "--set", "set.json"], &fp),
    );
    assert_eq!(o2.status.code(), Some(2));
    // A key added twice is refused.
    let twice = run(
        &dir,
        &["registry", "add", "keys.json", "--entry", "entry.json"],
    );
    assert_eq!(twice.status.code(), Some(2));
    ok(&[
        "registry",
        "sign",
        "keys.json",
        "--key",
        "province.key",
        "--passphrase-file",
        "pass",
    ]);
    let listed = ok(&["registry", "list", "keys.json", "--province-key", &fp]);
    let lines: Vec<&str> = listed.lines().collect();
    assert!(
        lines[0].starts_with(&format!(
            "ĐÃ KÝ / SIGNED by the province key {fp} (checked), "
        )),
        "{listed}"
    );
    assert_eq!(
        &lines[1..],
        [
            "xa-long-phu (Xã Long Phú)".to_string(),
            format!("  {} preparer Lê Văn Cường from 2025-01-01T00:00:00Z until 2026-01-01T00:00:00Z REVOKED 2025-06-01T00:00:00Z", o.fingerprint()),
            "xa-tan-hoa".to_string(),
            format!("  {} preparer Nguyễn Văn An from 2025-01-01T00:00:00Z", g.fingerprint()),
        ]
    );
    let o2 = run(
        &dir,
        &with_keys(&["verify", "s.json", "--set", "set.json"], &fp),
    );
    assert_eq!(o2.status.code(), Some(0), "{}", out(&o2));
    // A unit's key cannot sign the registry.
    key_file(
        "an.key",
        [1; 32],
        "xa-tan-hoa",
        "Nguyễn Văn An",
        Role::Preparer,
    );
    let bad = run(
        &dir,
        &[
            "registry",
            "sign",
            "keys.json",
            "--key",
            "an.key",
            "--passphrase-file",
            "pass",
        ],
    );
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        err(&bad).contains(
            "only a province key signs the key registry; this key's role is \"preparer\""
        ),
        "{}",
        err(&bad)
    );
}

#[test]
fn the_documented_example_registry_is_proven_under_its_province_key() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let ex = root.join("docs/examples/submission");
    let o = run(
        &ex,
        &[
            "verify",
            "submission.json",
            "--set",
            "set.json",
            "--keys",
            "keys.json",
            "--province-key",
            "6F97-2DA0-A138-B511",
            "--en",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert_eq!(
        out(&o),
        "PASS submission.json (xa-tan-hoa, 2025, total 76.25)\n1/1 submissions pass\n"
    );
    // The province key file is the one that signed it.
    let key =
        KeyFile::from_json(&std::fs::read_to_string(ex.join("province.key")).unwrap()).unwrap();
    assert_eq!(
        (key.fingerprint(), key.role()),
        ("6F97-2DA0-A138-B511", Role::Province)
    );
}

/// Every registry error, the validity problems and the new rejections, in both
/// languages, with their codes.
#[test]
fn trust_chain_messages() {
    use dti_score::aggregate::Rejection;
    use dti_score::registry::RegistryError;
    use dti_score::verify::VerifyError;
    let fp = "21FE-31DF-A154-A261".to_string();
    let registry = [
        RegistryError::UnsupportedFormat {
            found: "dti-score/keys/v9".into(),
        },
        RegistryError::BadUnitId {
            found: "xa-tan-ho\u{430}".into(),
        },
        RegistryError::MissingValidFrom {
            unit: "xa-a".into(),
            fingerprint: fp.clone(),
        },
        RegistryError::BadTimestamp {
            unit: "xa-a".into(),
            field: "valid_from",
            found: "1/1/2025".into(),
        },
        RegistryError::ProvinceRoleKey {
            unit: "xa-a".into(),
        },
        RegistryError::SignatureWithoutProvince,
        RegistryError::ProvinceWithoutSignature,
        RegistryError::BadSignatureEncoding,
        RegistryError::SignatureInvalid {
            fingerprint: fp.clone(),
        },
        RegistryError::NotSigned,
        RegistryError::NoProvinceKeyGiven,
        RegistryError::WrongProvinceKey {
            expected: fp.clone(),
            found: "0000-0000-0000-0000".into(),
        },
        RegistryError::UnknownFingerprint {
            fingerprint: fp.clone(),
        },
        RegistryError::NotProvinceKey {
            role: Role::Preparer,
        },
    ];
    let mut out = String::new();
    for e in &registry {
        out.push_str(&format!(
            "[{}]\nen: {e}\nvi: {}\n\n",
            e.code(),
            e.message(Lang::Vi)
        ));
    }
    for problem in [
        dti_score::registry::Validity::NotYetValid {
            valid_from: "2025-12-01T00:00:00Z".into(),
        },
        dti_score::registry::Validity::Expired {
            valid_until: "2025-06-01T00:00:00Z".into(),
        },
        dti_score::registry::Validity::Revoked {
            revoked_at: "2025-11-01T00:00:00Z".into(),
        },
        dti_score::registry::Validity::UnreadableTime,
    ] {
        let e = VerifyError::KeyNotValid {
            slot: dti_score::sign::Slot::PreparedBy,
            fingerprint: fp.clone(),
            signed_at: SIGNED_AT.into(),
            problem,
        };
        out.push_str(&format!(
            "[{}]\nen: {e}\nvi: {}\n\n",
            e.code(),
            e.message(Lang::Vi)
        ));
    }
    for r in [
        Rejection::Unsigned,
        Rejection::BadUnitId {
            id: "xa-tan-ho\u{430}".into(),
            reason: dti_score::unit_id::explain("xa-tan-ho\u{430}").unwrap(),
        },
        Rejection::OtherYear {
            found: Some(2024),
            round: 2025,
        },
        Rejection::OtherYear {
            found: None,
            round: 2025,
        },
        Rejection::SeveralYears {
            found: 2024,
            years: vec![2024, 2025],
        },
    ] {
        let m = r.bilingual();
        out.push_str(&format!("[{}]\nen: {}\nvi: {}\n\n", r.code(), m.en, m.vi));
    }
    insta::assert_snapshot!(out);
}

/// The unit-id rule for a targets file's province id too.
#[test]
fn a_targets_file_s_province_id_follows_the_unit_id_rule() {
    let set = IndicatorSet::from_json(SET).unwrap();
    let targets = |id: &str| {
        dti_score::Targets::from_json(
            &serde_json::json!({
                "format": "dti-score/targets/v1",
                "set": { "id": "tiny" },
                "province": { "id": id },
                "targets": { "1": { "points": "50" } }
            })
            .to_string(),
            &set,
        )
    };
    assert!(targets("vinh-long").is_ok());
    let errors = targets("vĩnh-long").unwrap_err();
    let messages: Vec<(String, String)> = errors
        .0
        .iter()
        .map(|f| (f.pointer.clone(), f.to_string()))
        .collect();
    assert_eq!(
        messages,
        [(
            "/province/id".to_string(),
            "error at /province/id: invalid id “vĩnh-long”: character 2 is U+0129 LATIN SMALL LETTER I WITH TILDE (only ASCII letters, digits, \"-\", \"_\" and \".\")".to_string()
        )]
    );
}
