//! `registry sign`: the province key signs keys.json.

use dti_score::Lang;
use std::path::PathBuf;
use std::process::ExitCode;

use dti_score::sign::KeyFile;
use dti_score::Message;

use crate::cli::*;

/// `dti-score registry sign`.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// The keys.json to sign (in place).
    registry: PathBuf,
    /// The province key file (`keygen --role province`).
    #[arg(long)]
    key: PathBuf,
    /// Read the passphrase from this file (first line).
    #[arg(long)]
    passphrase_file: Option<PathBuf>,
}

pub(crate) fn run(args: &Args) -> Result<ExitCode, Failure> {
    let mut doc = super::load(&args.registry)?;
    let key_failure = |e: dti_score::sign::KeyError| {
        Failure(format!(
            "{}: {}\n  ({}: {e})",
            args.key.display(),
            e.message(Lang::Vi),
            args.key.display()
        ))
    };
    let file = KeyFile::from_json(&read_file(&args.key)?).map_err(key_failure)?;
    let pass = crate::cli::passphrase(
        args.passphrase_file.as_deref(),
        "DTI_SCORE_PASSPHRASE",
        "Mật khẩu khóa của tỉnh / province key passphrase: ",
        false,
    )?;
    let key = file.unlock(&pass).map_err(key_failure)?;
    let at = super::now();
    doc.sign(&key, &at)
        .map_err(|e| super::failure(&args.registry, &e))?;
    super::save(&args.registry, &doc)?;
    println!(
        "Đã ký / signed: {} ({} units) by the province key {} at {at}",
        args.registry.display(),
        doc.units.len(),
        key.public_key().fingerprint()
    );
    Ok(ExitCode::SUCCESS)
}
