//! `dti-score keygen`: a unit key file, its Ed25519 secret encrypted under a passphrase.
//!
//! The passphrase comes from `--passphrase-file FILE`, else the `DTI_SCORE_PASSPHRASE`
//! environment variable, else a prompt on the terminal (no echo).

use std::path::PathBuf;
use std::process::ExitCode;

use dti_score::sign::{KdfParams, KeyFile, NewKey, Role};
use dti_score::Lang;
use dti_score::Message;

use crate::cli::*;

/// `dti-score keygen`.
#[derive(clap::Args)]
pub(crate) struct Args {
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

pub(crate) fn exec(args: &Args) -> Result<ExitCode, Failure> {
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
    write_file(&args.out, file.to_json_pretty().as_bytes(), true)?;
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
        "format": dti_score::formats::ENROLMENT_FORMAT,
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
