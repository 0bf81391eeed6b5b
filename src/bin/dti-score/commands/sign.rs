//! `dti-score sign`: score a values file and sign the result as a submission.
//!
//! The preparer's passphrase comes from `--passphrase-file`, `DTI_SCORE_PASSPHRASE` or a
//! prompt; the approver's, for `--approve-with`, from `--approver-passphrase-file`,
//! `DTI_SCORE_APPROVER_PASSPHRASE` or a second prompt.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use dti_score::limits::InputKind;
use dti_score::sign::{KeyFile, UnlockedKey};
use dti_score::submission::{build, SubmissionInput};
use dti_score::Lang;
use dti_score::Message;
use dti_score::NotReady;
use dti_score::{score, IndicatorSet, ScoreOptions, Values};

use crate::cli::*;

/// `dti-score sign`.
#[derive(clap::Args)]
pub(crate) struct Args {
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

fn load_key(path: &Path) -> Result<KeyFile, Failure> {
    KeyFile::from_json(&read_input(path, InputKind::KeyFile)?).map_err(|e| key_failure(path, &e))
}

pub(crate) fn exec(args: &Args) -> Result<ExitCode, Failure> {
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
    write_file(&args.out, submission.to_json_pretty().as_bytes(), false)?;
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
fn check_ready(set: &IndicatorSet, values: &Values, args: &Args) -> Result<(), String> {
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
