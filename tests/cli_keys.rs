//! `dti-score keygen | sign | verify`, run as a user runs them.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use dti_score::sign::{KdfParams, KeyFile, NewKey, Role, UnlockedKey};

mod common;

const SET: &str = common::TINY_SET;

const VALUES: &str = r#"{
  "year": 2025,
  "unit": { "id": "xa-tan-hoa", "name": "Xã Tân Hòa", "level": "commune" },
  "values": { "1": { "a": "45", "b": "60" }, "2": { "done": true } }
}"#;

/// A fresh folder with the set, the values and three key files made from fixed
/// secrets (so that fingerprints are stable): the unit's preparer and approver, and a
/// preparer of another unit.
fn workspace(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("dti-score-cli-keys-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("set.json"), SET).unwrap();
    std::fs::write(dir.join("values.json"), VALUES).unwrap();
    let params = KdfParams::new(64, 1, 1).unwrap();
    for (file, secret, unit, person, role, pass) in [
        (
            "an.key",
            [1u8; 32],
            "xa-tan-hoa",
            "Nguyễn Văn An",
            Role::Preparer,
            "mật khẩu của An",
        ),
        (
            "binh.key",
            [2u8; 32],
            "xa-tan-hoa",
            "Trần Thị Bình",
            Role::Approver,
            "mật khẩu của Bình",
        ),
        (
            "cuong.key",
            [3u8; 32],
            "xa-long-phu",
            "Lê Văn Cường",
            Role::Preparer,
            "mật khẩu của Cường",
        ),
    ] {
        let new = NewKey {
            unit_id: unit.into(),
            name: person.into(),
            role,
            created_at: "2025-11-22T10:00:00Z".into(),
        };
        let key = KeyFile::from_secret(&new, &secret, pass, params).unwrap();
        std::fs::write(dir.join(file), key.to_json_pretty()).unwrap();
        std::fs::write(dir.join(file.replace(".key", ".pass")), format!("{pass}\n")).unwrap();
    }
    dir
}

/// The province key of these tests, from a fixed secret.
fn province() -> UnlockedKey {
    UnlockedKey::from_secret(&[70; 32], "tinh-thu", "Sở thử", Role::Province)
}

fn run(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_dti-score"));
    command
        .args(args)
        .current_dir(dir)
        .env_remove("DTI_SCORE_PASSPHRASE")
        .env_remove("DTI_SCORE_APPROVER_PASSPHRASE");
    for (k, v) in env {
        command.env(k, v);
    }
    command.output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

fn sign_both(dir: &Path, out: &str) -> Output {
    run(
        dir,
        &[
            "sign",
            "values.json",
            "--set",
            "set.json",
            "--key",
            "an.key",
            "--approve-with",
            "binh.key",
            "--passphrase-file",
            "an.pass",
            "--approver-passphrase-file",
            "binh.pass",
            "--out",
            out,
        ],
        &[],
    )
}

#[test]
fn keygen_sign_verify() {
    let dir = workspace("round-trip");
    let made = run(
        &dir,
        &[
            "keygen",
            "--unit",
            "xa-tan-hoa",
            "--name",
            "Phạm Thị Dung",
            "--role",
            "preparer",
            "--out",
            "dung.key",
        ],
        &[("DTI_SCORE_PASSPHRASE", "mật khẩu của Dung")],
    );
    assert_eq!(made.status.code(), Some(0), "{}", text(&made.stderr));
    let key = KeyFile::from_json(&std::fs::read_to_string(dir.join("dung.key")).unwrap()).unwrap();
    assert_eq!(
        (key.unit_id(), key.name(), key.role()),
        ("xa-tan-hoa", "Phạm Thị Dung", Role::Preparer)
    );
    assert_eq!(key.kdf_params().unwrap(), KdfParams::RECOMMENDED);
    assert!(text(&made.stdout).contains(key.fingerprint()));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.join("dung.key"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // An existing key file is not overwritten.
    let again = run(
        &dir,
        &[
            "keygen",
            "--unit",
            "xa-tan-hoa",
            "--name",
            "X",
            "--role",
            "preparer",
            "--out",
            "dung.key",
        ],
        &[("DTI_SCORE_PASSPHRASE", "mật khẩu của Dung")],
    );
    assert_eq!(again.status.code(), Some(2));
    assert_eq!(
        text(&again.stderr),
        "dti-score: dung.key already exists; give --force to replace it (the key in it would be lost)\n"
    );

    let signed = run(
        &dir,
        &[
            "sign",
            "values.json",
            "--set",
            "set.json",
            "--key",
            "dung.key",
            "--out",
            "s.json",
        ],
        &[("DTI_SCORE_PASSPHRASE", "mật khẩu của Dung")],
    );
    assert_eq!(signed.status.code(), Some(0), "{}", text(&signed.stderr));
    let verified = run(
        &dir,
        &["verify", "s.json", "--set", "set.json", "--en"],
        &[],
    );
    // Without a registry the signatures are valid but the signer is not proven: not
    // a pass, exit 3.
    assert_eq!(verified.status.code(), Some(3));
    assert_eq!(
        text(&verified.stdout),
        "UNPROVEN s.json (xa-tan-hoa, 2025, total 96.25)\n\
         \x20 signatures valid, signers not proven (needs keys.json signed by the province and --province-key)\n\
         \x20 signer_key prepared_by: skipped (no key registry (keys.json) was given)\n\
         0/1 submissions pass; 1 with valid signatures but signers not proven\n"
    );
}

#[test]
fn verify_names_the_failed_check_in_each_file() {
    let dir = workspace("verify");
    assert_eq!(sign_both(&dir, "good.json").status.code(), Some(0));
    let good = std::fs::read_to_string(dir.join("good.json")).unwrap();
    std::fs::write(dir.join("changed.json"), good.replace("\"45\"", "\"48\"")).unwrap();
    std::fs::write(dir.join("cut.json"), &good[..good.len() / 2]).unwrap();
    let registry = common::signed_registry(
        &[(
            "xa-tan-hoa",
            KeyFile::from_json(&std::fs::read_to_string(dir.join("an.key")).unwrap())
                .unwrap()
                .public_key()
                .unwrap(),
            Role::Preparer,
        )],
        &province(),
    );
    std::fs::write(dir.join("keys.json"), registry).unwrap();
    let out = run(
        &dir,
        &[
            "verify",
            "good.json",
            "changed.json",
            "cut.json",
            "--set",
            "set.json",
            "--keys",
            "keys.json",
            "--province-key",
            &province().public_key().fingerprint(),
            "--en",
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!(text(&out.stdout));
    let json = run(
        &dir,
        &["verify", "cut.json", "--set", "set.json", "--json"],
        &[],
    );
    assert_eq!(json.status.code(), Some(1));
    let verdicts: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(verdicts[0]["checks"][0]["check"], "file");
    assert_eq!(verdicts[0]["checks"][0]["problems"][0]["code"], "json");
}

/// Arguments and environment of one run.
type Case<'a> = (&'a [&'a str], &'a [(&'a str, &'a str)]);

#[test]
fn sign_errors() {
    let dir = workspace("errors");
    std::fs::write(
        dir.join("cut.key"),
        &std::fs::read_to_string(dir.join("an.key")).unwrap()[..300],
    )
    .unwrap();
    let cases: [Case; 5] = [
        (
            &[
                "sign",
                "values.json",
                "--set",
                "set.json",
                "--key",
                "an.key",
                "--out",
                "s.json",
            ],
            &[("DTI_SCORE_PASSPHRASE", "mật khẩu sai")],
        ),
        (
            &[
                "sign",
                "values.json",
                "--set",
                "set.json",
                "--key",
                "cut.key",
                "--out",
                "s.json",
            ],
            &[("DTI_SCORE_PASSPHRASE", "mật khẩu của An")],
        ),
        (
            &[
                "sign",
                "values.json",
                "--set",
                "set.json",
                "--key",
                "cuong.key",
                "--passphrase-file",
                "cuong.pass",
                "--out",
                "s.json",
            ],
            &[],
        ),
        (
            &[
                "sign",
                "values.json",
                "--set",
                "set.json",
                "--key",
                "binh.key",
                "--passphrase-file",
                "binh.pass",
                "--out",
                "s.json",
            ],
            &[],
        ),
        (
            &[
                "sign",
                "values.json",
                "--set",
                "set.json",
                "--key",
                "an.key",
                "--year",
                "2026",
                "--passphrase-file",
                "an.pass",
                "--out",
                "s.json",
            ],
            &[],
        ),
    ];
    let mut transcript = String::new();
    for (args, env) in cases {
        let out = run(&dir, args, env);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        transcript.push_str(&format!(
            "$ dti-score {}\n{}\n",
            args.join(" "),
            text(&out.stderr)
        ));
    }
    assert!(!dir.join("s.json").exists());
    // No passphrase and no terminal.
    let out = Command::new(env!("CARGO_BIN_EXE_dti-score"))
        .args([
            "sign",
            "values.json",
            "--set",
            "set.json",
            "--key",
            "an.key",
            "--out",
            "s.json",
        ])
        .current_dir(&dir)
        .env_remove("DTI_SCORE_PASSPHRASE")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    transcript.push_str(&format!(
        "$ dti-score sign … < /dev/null\n{}",
        text(&out.stderr)
    ));
    insta::assert_snapshot!(transcript);
}

/// Nothing wrong gets signed without the signer seeing it: invalid figures stop `sign`
/// (each listed, exit 1, before any passphrase); missing ones are listed and need
/// `--allow-missing`.
#[test]
fn sign_refuses_invalid_figures_and_asks_about_missing_ones() {
    let dir = workspace("readiness");
    let sign = |values: &str, extra: &[&str]| {
        std::fs::write(dir.join("v.json"), values).unwrap();
        let mut args = vec![
            "sign",
            "v.json",
            "--set",
            "set.json",
            "--key",
            "an.key",
            "--passphrase-file",
            "an.pass",
            "--out",
            "s.json",
        ];
        args.extend_from_slice(extra);
        run(&dir, &args, &[])
    };
    let unit = r#""year": 2025, "unit": {"id": "xa-tan-hoa"}"#;
    // a > b: a share above 100% is invalid.
    let out = sign(
        &format!(
            r#"{{{unit}, "values": {{"1": {{"a": "70", "b": "60"}}, "2": {{"done": true}}}}}}"#
        ),
        &["--allow-missing"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        "Số liệu sai / invalid figures:\n  1  Cáp quang: Số liệu không hợp lệ: Tỷ lệ = a/b = 70/60 = 116,67% vượt 100%: tử số lớn hơn mẫu số trong a/b\n\
         Chưa ký được: 1 chỉ tiêu có số liệu sai; hãy sửa hoặc xóa số liệu sai rồi ký\n  \
         (Cannot sign yet: 1 indicator has invalid figures; correct or clear them, then sign)\n"
    );
    assert!(!dir.join("s.json").exists());
    // Missing: listed, and refused without --allow-missing.
    let missing = format!(r#"{{{unit}, "values": {{"1": {{"a": "45", "b": "60"}}}}}}"#);
    let out = sign(&missing, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        "Chưa có số liệu / no figures:\n  2  Ban chỉ đạo: Thiếu số liệu: chưa trả lời Có/Không (Ban chỉ đạo)\n\
         1 chỉ tiêu chưa có số liệu và sẽ được 0 điểm (theo quy định, chỉ tiêu không có số liệu được tính 0 điểm); hãy xác nhận để vẫn ký\n  \
         (1 indicator has no figures and will score 0 (by the rules, an indicator without figures scores 0); confirm to sign anyway)\n  \
         (--allow-missing: ký và chấp nhận 0 điểm / sign and accept 0 points)\n"
    );
    let out = sign(&missing, &["--allow-missing"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(dir.join("s.json").exists());
}
