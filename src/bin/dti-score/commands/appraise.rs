//! `dti-score appraise`: the appraisal council's scores for one submission, signed with a
//! reviewer's key.

use std::path::PathBuf;
use std::process::ExitCode;

use dti_score::limits::InputKind;

use crate::cli::*;

/// The `appraise` command's arguments.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// The appraised submission.
    pub submission: PathBuf,
    /// The indicator-set file.
    #[arg(long)]
    pub set: PathBuf,
    /// The reviewer's key file.
    #[arg(long)]
    pub key: PathBuf,
    /// The scores: {"<indicator>": {"points": "12.5", "reason": "…"}}.
    #[arg(long)]
    pub scores: PathBuf,
    /// Where to write the signed appraisal.
    #[arg(long)]
    pub out: PathBuf,
    /// Read the passphrase from the first line of this file.
    #[arg(long)]
    pub passphrase_file: Option<PathBuf>,
}

/// Signs the appraisal council's scores (`{"1.1": {"points": "12.5", "reason": "…"}}`)
/// for one submission with a reviewer's key.
pub(crate) fn exec(args: &Args) -> Result<ExitCode, Failure> {
    use dti_score::appraisal::{appraise, read_entries, AppraisalInput, EntryForm};
    use dti_score::sign::KeyFile;

    let set = load_set(&args.set)?;
    let submission = read_input_bytes(&args.submission, InputKind::Submission)?;
    let scores_text = read_input(&args.scores, InputKind::Appraisal)?;
    let appraisals = read_entries(&scores_text, EntryForm::File)
        .map_err(|e| Failure(format!("{}: {e}", args.scores.display())))?;
    let key_file = KeyFile::from_json(&read_input(&args.key, InputKind::KeyFile)?)
        .map_err(|e| Failure(format!("{}: {e}", args.key.display())))?;
    let pass = passphrase(
        args.passphrase_file.as_deref(),
        "DTI_SCORE_PASSPHRASE",
        "Mật khẩu / Passphrase: ",
        false,
    )?;
    let key = key_file
        .unlock(&pass)
        .map_err(|e| Failure(format!("{}: {e}", args.key.display())))?;
    let record = appraise(
        &AppraisalInput {
            set: &set,
            submission: &submission,
            appraisals,
            created_at: now(),
        },
        &key,
    )
    .map_err(|e| Failure(format!("{}: {e}", args.submission.display())))?;
    std::fs::write(&args.out, record.to_json_pretty())
        .map_err(|e| Failure(format!("cannot write {}: {e}", args.out.display())))?;
    println!(
        "{}: {} indicators appraised for unit “{}”, submission SHA-256 {}",
        args.out.display(),
        record.appraisals.len(),
        record.unit,
        record.submission_sha256
    );
    Ok(ExitCode::SUCCESS)
}
