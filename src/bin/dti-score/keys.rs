//! `keygen`, `sign`, `verify`: unit keys and signed submissions.
//!
//! Passphrases come from `--passphrase-file FILE`, else the `DTI_SCORE_PASSPHRASE`
//! environment variable, else a prompt on the terminal (no echo). The approver's, for
//! `sign --approve-with`, from `--approver-passphrase-file`, `DTI_SCORE_APPROVER_PASSPHRASE`
//! or a second prompt.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Subcommand};
use dti_score::report::NotReady;
use dti_score::sign::{KdfParams, KeyFile, NewKey, Role, UnlockedKey};
use dti_score::submission::{build, rfc3339_utc, SubmissionInput};
use dti_score::text::Lang;
use dti_score::verify::{verify_files, KeyRegistry, Outcome, Verdict, VerifyOptions};
use dti_score::{score, IndicatorSet, ScoreOptions, Values};

use crate::{load_set, read_file, read_input, read_input_bytes, Failure};
use dti_score::limits::InputKind;
use dti_score::Message;

/// The commands of this module, flattened into the CLI's.
#[derive(Subcommand)]
pub(crate) enum KeysCommand {
    /// Make a unit key file: an Ed25519 key, its secret encrypted under a passphrase.
    Keygen(KeygenArgs),
    /// Score a values file and sign the result as a submission file.
    Sign(SignArgs),
    /// Verify submission files: signatures, set, recomputed scores, keys, period,
    /// duplicates. Exit 0: every file passes and its signers are proven (keys.json
    /// signed by the province key given); 3: every file's signatures are valid but some
    /// signers are not proven (no registry, or one not proven); 1: some file fails.
    Verify(VerifyArgs),
}

/// `dti-score keygen`.
#[derive(Args)]
pub(crate) struct KeygenArgs {
    /// The unit's id, as the province's keys.json lists it (e.g. xa-tan-hoa).
    #[arg(long)]
    unit: String,
    /// The signer's full name.
    #[arg(long)]
    name: String,
    /// The signer's role: preparer, approver, reviewer, or province (the key that
    /// signs keys.json; its unit is the province's id).
    #[arg(long)]
    role: Role,
    /// Where to write the key file.
    #[arg(long)]
    out: PathBuf,
    /// Read the passphrase from this file (first line) instead of asking.
    #[arg(long)]
    passphrase_file: Option<PathBuf>,
    /// Overwrite an existing key file.
    #[arg(long)]
    force: bool,
}

/// `dti-score sign`.
#[derive(Args)]
pub(crate) struct SignArgs {
    /// The values file (the one `score` reads, optionally with `unit` and `year`).
    values: PathBuf,
    /// The indicator-set file.
    #[arg(long)]
    set: PathBuf,
    /// The preparer's key file.
    #[arg(long)]
    key: PathBuf,
    /// The approver's key file: the leader signs too.
    #[arg(long)]
    approve_with: Option<PathBuf>,
    /// The assessment year, when the values file has none.
    #[arg(long)]
    year: Option<i32>,
    /// Where to write the submission.
    #[arg(long)]
    out: PathBuf,
    /// Read the preparer's passphrase from this file.
    #[arg(long)]
    passphrase_file: Option<PathBuf>,
    /// Read the approver's passphrase from this file.
    #[arg(long)]
    approver_passphrase_file: Option<PathBuf>,
    /// Sign even though some indicators have no figures (they score 0, as the rules
    /// say); without it, `sign` lists them and stops. Invalid figures always stop it.
    #[arg(long)]
    allow_missing: bool,
}

/// `dti-score verify`.
#[derive(Args)]
pub(crate) struct VerifyArgs {
    /// The submission files.
    #[arg(required = true)]
    submissions: Vec<PathBuf>,
    /// The indicator-set file the submissions were scored with.
    #[arg(long)]
    set: PathBuf,
    /// The province's key registry (keys.json), signed by the province key.
    #[arg(long)]
    keys: Option<PathBuf>,
    /// The province key's fingerprint: keys.json must be signed by it.
    #[arg(long, value_name = "FINGERPRINT")]
    province_key: Option<String>,
    /// Read a keys.json that is not signed, or without --province-key: the signers
    /// then stay unproven (exit 3 at best).
    #[arg(long)]
    allow_unsigned_keys: bool,
    /// Require this assessment year.
    #[arg(long)]
    year: Option<i32>,
    /// Require this assessment period.
    #[arg(long)]
    period: Option<String>,
    /// Print the verdicts as JSON.
    #[arg(long)]
    json: bool,
    /// Write messages in English instead of Vietnamese.
    #[arg(long)]
    en: bool,
}

/// Runs one of this module's commands.
pub(crate) fn run(command: KeysCommand) -> Result<ExitCode, Failure> {
    match command {
        KeysCommand::Keygen(args) => keygen(&args),
        KeysCommand::Sign(args) => sign(&args),
        KeysCommand::Verify(args) => verify(&args),
    }
}

/// Both languages of a library error, Vietnamese first.
fn bilingual(vi: String, en: impl std::fmt::Display) -> Failure {
    Failure(format!("{vi}\n  ({en})"))
}

fn key_failure(path: &Path, err: &dti_score::sign::KeyError) -> Failure {
    bilingual(
        format!("{}: {}", path.display(), err.message(Lang::Vi)),
        format!("{}: {err}", path.display()),
    )
}

/// A passphrase from a file, an environment variable, or the terminal.
pub(crate) fn passphrase(
    file: Option<&Path>,
    env: &str,
    prompt: &str,
    confirm: bool,
) -> Result<String, Failure> {
    if let Some(path) = file {
        let text = read_file(path)?;
        return Ok(text.lines().next().unwrap_or("").to_string());
    }
    if let Ok(value) = std::env::var(env) {
        return Ok(value);
    }
    if !std::io::stdin().is_terminal() {
        return Err(Failure(format!(
            "no passphrase: give --passphrase-file FILE or set {env} (there is no terminal to ask on)"
        )));
    }
    let first = rpassword::prompt_password(prompt)
        .map_err(|e| Failure(format!("cannot read the passphrase: {e}")))?;
    if confirm {
        let again = rpassword::prompt_password("Nhập lại / Repeat: ")
            .map_err(|e| Failure(format!("cannot read the passphrase: {e}")))?;
        if again != first {
            return Err(Failure(
                "hai lần nhập mật khẩu không khớp\n  (the two passphrases differ)".to_string(),
            ));
        }
    }
    Ok(first)
}

fn now() -> String {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    rfc3339_utc(seconds)
}

/// Write a file readable by its owner only (a key file) or by anyone (a submission).
fn write_file(path: &Path, text: &str, private: bool) -> Result<(), Failure> {
    let fail = |e: std::io::Error| Failure(format!("cannot write {}: {e}", path.display()));
    #[cfg(unix)]
    if private {
        use std::io::Write;
        use std::os::unix::fs::OpenOptionsExt;
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(path)
            .map_err(fail)?;
        return file.write_all(text.as_bytes()).map_err(fail);
    }
    let _ = private;
    std::fs::write(path, text).map_err(fail)
}

fn keygen(args: &KeygenArgs) -> Result<ExitCode, Failure> {
    if args.out.exists() && !args.force {
        return Err(Failure(format!(
            "{} already exists; give --force to replace it (the key in it would be lost)",
            args.out.display()
        )));
    }
    // The unit id first: a wrong one fails before any passphrase is asked for.
    if let Some(reason) = dti_score::unit_id::explain(&args.unit) {
        return Err(bilingual(
            format!("mã đơn vị \"{}\": {}", args.unit, reason.vi),
            format!("unit id \"{}\": {}", args.unit, reason.en),
        ));
    }
    let pass = passphrase(
        args.passphrase_file.as_deref(),
        "DTI_SCORE_PASSPHRASE",
        "Mật khẩu cho khóa mới / Passphrase for the new key: ",
        true,
    )?;
    let new = NewKey {
        unit_id: args.unit.clone(),
        name: args.name.clone(),
        role: args.role,
        created_at: now(),
    };
    let file = KeyFile::generate(&new, &pass, KdfParams::RECOMMENDED)
        .map_err(|e| bilingual(e.message(Lang::Vi), &e))?;
    write_file(&args.out, &file.to_json_pretty(), true)?;
    let public = file
        .public_key()
        .map_err(|e| bilingual(e.message(Lang::Vi), &e))?;
    println!("Đã tạo khóa / key written: {}", args.out.display());
    println!("  đơn vị / unit:        {}", file.unit_id());
    println!("  người ký / signer:    {} ({})", file.name(), file.role());
    println!("  dấu vân tay / fingerprint: {}", public.fingerprint());
    if file.role() == Role::Province {
        println!(
            "Đây là khóa của tỉnh: ghim dấu vân tay này (--province-key) ở mọi nơi kiểm tra keys.json\n  (this is the province key: pin this fingerprint (--province-key) wherever keys.json is checked)"
        );
        return Ok(ExitCode::SUCCESS);
    }
    println!("Gửi mục sau cho Sở để đăng ký khóa / send this entry to the province for keys.json (dti-score registry add):");
    let entry = serde_json::json!({
        "format": dti_score::registry::ENROLMENT_FORMAT,
        "unit": file.unit_id(),
        "public_key": public.to_hex(),
        "role": file.role(),
        "name": file.name(),
        "fingerprint": public.fingerprint(),
        "created_at": file.created_at(),
    });
    println!("{}", serde_json::to_string_pretty(&entry)?);
    Ok(ExitCode::SUCCESS)
}

fn load_key(path: &Path) -> Result<KeyFile, Failure> {
    KeyFile::from_json(&read_input(path, InputKind::KeyFile)?).map_err(|e| key_failure(path, &e))
}

fn sign(args: &SignArgs) -> Result<ExitCode, Failure> {
    let set = load_set(&args.set)?;
    let values = Values::from_json(&read_input(&args.values, InputKind::Values)?).map_err(|e| {
        Failure(format!(
            "{} is not a valid values file:\n{e}",
            args.values.display()
        ))
    })?;
    if let Err(list) = check_ready(&set, &values, args) {
        eprint!("{list}");
        return Ok(ExitCode::from(1));
    }
    // Read both key files before asking for any passphrase: a damaged file fails at once.
    let preparer_file = load_key(&args.key)?;
    let approver_file = args.approve_with.as_deref().map(load_key).transpose()?;
    let pass = passphrase(
        args.passphrase_file.as_deref(),
        "DTI_SCORE_PASSPHRASE",
        &format!(
            "Mật khẩu của / passphrase of {} ({}): ",
            preparer_file.name(),
            preparer_file.role()
        ),
        false,
    )?;
    let preparer = preparer_file
        .unlock(&pass)
        .map_err(|e| key_failure(&args.key, &e))?;
    let approver = match (&approver_file, &args.approve_with) {
        (Some(file), Some(path)) => {
            let pass = passphrase(
                args.approver_passphrase_file.as_deref(),
                "DTI_SCORE_APPROVER_PASSPHRASE",
                &format!(
                    "Mật khẩu của / passphrase of {} ({}): ",
                    file.name(),
                    file.role()
                ),
                false,
            )?;
            Some(unlock_file(file, path, &pass)?)
        }
        _ => None,
    };
    let input = SubmissionInput {
        set: &set,
        values: &values,
        unit: None,
        year: args.year,
        created_at: now(),
    };
    let submission = build(&input, &preparer, approver.as_ref())
        .map_err(|e| bilingual(e.message(Lang::Vi), &e))?;
    write_file(&args.out, &submission.to_json_pretty(), false)?;
    let total = submission.report["total"].as_str().unwrap_or("-");
    println!("Đã ký / signed: {}", args.out.display());
    println!(
        "  đơn vị / unit: {}   năm / year: {}   kỳ / period: {}",
        submission.unit.id, submission.year, submission.period
    );
    println!(
        "  bộ chỉ số / set: {} {}   tổng điểm / total: {total}",
        submission.set.id, submission.set.version
    );
    for signer in [
        Some(&submission.signers.prepared_by),
        submission.signers.approved_by.as_ref(),
    ]
    .into_iter()
    .flatten()
    {
        println!(
            "  {} ({}): {}",
            signer.name, signer.role, signer.fingerprint
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Refuses to sign invalid figures, and missing ones without `--allow-missing`: the
/// error is the list of those indicators with their messages, and why (written before any
/// passphrase is asked for).
fn check_ready(set: &IndicatorSet, values: &Values, args: &SignArgs) -> Result<(), String> {
    let options = ScoreOptions {
        year: args.year.or(values.year),
        ..ScoreOptions::default()
    };
    let report = score(set, &values.settled(set), &options);
    let readiness = report.readiness();
    let Err(not_ready) = readiness.check(args.allow_missing) else {
        return Ok(());
    };
    let (title_vi, title_en, ids) = match not_ready {
        NotReady::Invalid { .. } => ("Số liệu sai", "invalid figures", &readiness.invalid),
        _ => ("Chưa có số liệu", "no figures", &readiness.missing),
    };
    let mut out = format!("{title_vi} / {title_en}:\n");
    for id in ids {
        let Some(node) = report.nodes.get(id) else {
            continue;
        };
        let code = report.nodes.code(id).unwrap_or(id);
        let title = set
            .node(id)
            .map(|n| n.title.vi.as_str())
            .unwrap_or_default();
        let why: Vec<&str> = node.messages.iter().map(|m| m.vi.as_str()).collect();
        out.push_str(&format!("  {code}  {title}: {}\n", why.join("; ")));
    }
    let hint = match not_ready {
        NotReady::Missing { .. } => {
            "\n  (--allow-missing: ký và chấp nhận 0 điểm / sign and accept 0 points)"
        }
        _ => "",
    };
    Err(format!(
        "{out}{}\n  ({not_ready}){hint}\n",
        not_ready.message(Lang::Vi)
    ))
}

fn unlock_file(file: &KeyFile, path: &Path, pass: &str) -> Result<UnlockedKey, Failure> {
    file.unlock(pass).map_err(|e| key_failure(path, &e))
}

fn verify(args: &VerifyArgs) -> Result<ExitCode, Failure> {
    let set = load_set(&args.set)?;
    let registry = match &args.keys {
        Some(path) => Some(
            KeyRegistry::load(
                &read_input(path, InputKind::Registry)?,
                args.province_key.as_deref(),
                args.allow_unsigned_keys,
            )
            .map_err(|e| {
                bilingual(
                    format!("{}: {}", path.display(), e.message(Lang::Vi)),
                    format!("{}: {e}", path.display()),
                )
            })?,
        ),
        None => None,
    };
    let mut files = Vec::new();
    for path in &args.submissions {
        let bytes = read_input_bytes(path, InputKind::Submission)?;
        files.push((path.display().to_string(), bytes));
    }
    let options = VerifyOptions {
        set: &set,
        registry: registry.as_ref(),
        year: args.year,
        period: args.period.as_deref(),
    };
    let verdicts = verify_files(&files, &options);
    if args.json {
        println!("{}", serde_json::to_string_pretty(&verdicts)?);
    } else {
        let lang = if args.en { Lang::En } else { Lang::Vi };
        print!("{}", render(&verdicts, lang));
    }
    Ok(if verdicts.iter().any(|v| !v.passed) {
        ExitCode::from(1)
    } else if verdicts.iter().any(|v| !v.proven) {
        ExitCode::from(UNPROVEN)
    } else {
        ExitCode::SUCCESS
    })
}

/// `verify`'s exit code when every signature is valid but some signers are not proven.
const UNPROVEN: u8 = 3;

/// The verdicts for a person: one line per file, then each failed check with its reason.
fn render(verdicts: &[Verdict], lang: Lang) -> String {
    let mut out = String::new();
    for verdict in verdicts {
        let head = if verdict.proven {
            lang.pick("ĐẠT ", "PASS")
        } else if verdict.passed {
            lang.pick("CHƯA XÁC NHẬN", "UNPROVEN")
        } else {
            lang.pick("LỖI ", "FAIL")
        };
        let mut facts = Vec::new();
        if let Some(unit) = &verdict.unit {
            facts.push(unit.clone());
        }
        if let Some(period) = &verdict.period {
            facts.push(period.clone());
        }
        if let Some(total) = &verdict.total {
            facts.push(format!("{} {total}", lang.pick("tổng điểm", "total")));
        }
        out.push_str(&format!("{head} {}", verdict.file));
        if !facts.is_empty() {
            out.push_str(&format!(" ({})", facts.join(", ")));
        }
        out.push('\n');
        if verdict.passed && !verdict.proven {
            out.push_str(lang.pick(
                "  chữ ký hợp lệ, người ký chưa được xác nhận (cần keys.json có chữ ký của tỉnh và --province-key)\n",
                "  signatures valid, signers not proven (needs keys.json signed by the province and --province-key)\n",
            ));
        }
        for check in &verdict.checks {
            match check.outcome {
                Outcome::Pass => {}
                Outcome::Fail => {
                    for problem in &check.problems {
                        let text = problem.message(lang);
                        out.push_str(&format!("  {}: {text}\n", check.label()));
                    }
                }
                Outcome::Skipped => {
                    // Skips after an unreadable file say nothing new.
                    if verdict.passed
                        || check.skipped != Some(dti_score::verify::SkipReason::FileUnreadable)
                    {
                        if let Some(reason) = check.skipped {
                            let word = lang.pick("bỏ qua", "skipped");
                            let text = reason.message(lang);
                            out.push_str(&format!("  {}: {word} ({text})\n", check.label()));
                        }
                    }
                }
            }
        }
    }
    let passed = verdicts.iter().filter(|v| v.proven).count();
    let unproven = verdicts.iter().filter(|v| v.passed && !v.proven).count();
    let total = verdicts.len();
    out.push_str(&match unproven {
        0 => lang.pick(
            format!("{passed}/{total} hồ sơ đạt\n"),
            format!("{passed}/{total} submissions pass\n"),
        ),
        n => lang.pick(
            format!(
                "{passed}/{total} hồ sơ đạt; {n} có chữ ký hợp lệ nhưng người ký chưa được xác nhận\n"
            ),
            format!(
                "{passed}/{total} submissions pass; {n} with valid signatures but signers not proven\n"
            ),
        ),
    });
    out
}
