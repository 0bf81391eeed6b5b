//! `registry add`: register a unit's key from `keygen`'s printed entry or from the
//! enrolment file the signing page downloads.

use std::path::PathBuf;
use std::process::ExitCode;

use dti_score::registry::{Enrolment, RegistryKey};

use crate::cli::*;

/// `dti-score registry add`.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// The keys.json to change.
    registry: PathBuf,
    /// The entry `keygen` printed, or the page's enrolment file (`dti-score/key-enrolment/v1`).
    #[arg(long)]
    entry: PathBuf,
    /// The unit's id, when the entry does not name it (it must agree when it does).
    #[arg(long)]
    unit: Option<String>,
    /// The unit's name, for people.
    #[arg(long)]
    unit_name: Option<String>,
    /// From when the key may sign (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ; default now).
    #[arg(long)]
    valid_from: Option<String>,
    /// Until when it may sign (exclusive), if limited.
    #[arg(long)]
    valid_until: Option<String>,
}

pub(crate) fn run(args: &Args) -> Result<ExitCode, Failure> {
    let mut doc = super::load(&args.registry)?;
    let entry = Enrolment::from_json(&read_file(&args.entry)?)
        .map_err(|e| super::failure(&args.entry, &e))?;
    let unit = match (&args.unit, &entry.unit) {
        (Some(given), Some(written)) if given != written => {
            return Err(Failure(format!(
                "--unit “{given}” khác đơn vị “{written}” ghi trong {}\n  (--unit “{given}” differs from the unit “{written}” in {})",
                args.entry.display(),
                args.entry.display()
            )))
        }
        (Some(u), _) | (None, Some(u)) => u.clone(),
        (None, None) => {
            return Err(Failure(format!(
                "{} không ghi đơn vị: dùng --unit\n  ({} names no unit: give --unit)",
                args.entry.display(),
                args.entry.display()
            )))
        }
    };
    let valid_from = super::time_or_now(args.valid_from.as_deref(), "--valid-from")?;
    let valid_until = args
        .valid_until
        .as_deref()
        .map(|t| super::time_or_now(Some(t), "--valid-until"))
        .transpose()?;
    let key = RegistryKey {
        public_key: entry.public_key,
        role: entry.role,
        name: Some(entry.name.clone()),
        fingerprint: Some(entry.fingerprint.clone()),
        valid_from: Some(valid_from.clone()),
        valid_until,
        revoked_at: None,
    };
    doc.add_key(
        &unit,
        args.unit_name.clone().or(entry.unit_name.clone()),
        key,
    )
    .map_err(|e| super::failure(&args.registry, &e))?;
    super::save(&args.registry, &doc)?;
    println!(
        "Đã thêm / added: {unit} {} ({}) {} từ / from {valid_from}",
        entry.name, entry.role, entry.fingerprint
    );
    super::unsigned_note(&args.registry);
    Ok(ExitCode::SUCCESS)
}
