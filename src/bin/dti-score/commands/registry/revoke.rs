//! `registry revoke`: a key stops counting from a date.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::Failure;

/// `dti-score registry revoke`.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// The keys.json to change.
    registry: PathBuf,
    /// The key's fingerprint (`21FE-31DF-A154-A261`).
    #[arg(long)]
    fingerprint: String,
    /// From when (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ; default now): nothing signed
    /// at or after it counts.
    #[arg(long)]
    at: Option<String>,
}

pub(crate) fn run(args: &Args) -> Result<ExitCode, Failure> {
    let mut doc = super::load(&args.registry)?;
    let at = super::time_or_now(args.at.as_deref(), "--at")?;
    let fingerprint = args.fingerprint.trim().to_ascii_uppercase();
    let unit = doc
        .revoke(&fingerprint, &at)
        .map_err(|e| super::failure(&args.registry, &e))?;
    super::save(&args.registry, &doc)?;
    println!("Đã thu hồi / revoked: {unit} {fingerprint} từ / from {at}");
    super::unsigned_note(&args.registry);
    Ok(ExitCode::SUCCESS)
}
