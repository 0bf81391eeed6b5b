//! `registry list`: what keys.json holds, and whether it is signed.

use dti_score::Lang;
use std::path::PathBuf;
use std::process::ExitCode;

use dti_score::registry::KeyRegistry;
use dti_score::Message;

use crate::cli::*;

/// `dti-score registry list`.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// The keys.json.
    registry: PathBuf,
    /// The province key's fingerprint, to check the signature against (exit 1 when it
    /// does not verify under it).
    #[arg(long, value_name = "FINGERPRINT")]
    province_key: Option<String>,
}

pub(crate) fn run(args: &Args) -> Result<ExitCode, Failure> {
    let text = read_file(&args.registry)?;
    let doc = super::load(&args.registry)?;
    let mut code = ExitCode::SUCCESS;
    // The signature: checked, and against the pinned key when one is given.
    match KeyRegistry::load(&text, args.province_key.as_deref(), args.province_key.is_none()) {
        Ok(r) if r.proven() => println!(
            "ĐÃ KÝ / SIGNED by the province key {} (checked), {}",
            r.signed_by().unwrap_or(""),
            doc.issued_at.as_deref().unwrap_or("")
        ),
        Ok(r) => match r.signed_by() {
            Some(by) => println!(
                "ĐÃ KÝ / SIGNED by {by}, {} (not checked against a pinned key: give --province-key)",
                doc.issued_at.as_deref().unwrap_or("")
            ),
            None => println!("CHƯA KÝ / NOT SIGNED ({})", doc.format),
        },
        Err(e) => {
            println!("LỖI / FAIL [{}]: {} ({e})", e.code(), e.message(Lang::Vi));
            code = ExitCode::from(1);
        }
    }
    for (unit, entry) in &doc.units {
        let name = entry
            .name
            .as_deref()
            .map(|n| format!(" ({n})"))
            .unwrap_or_default();
        println!("{unit}{name}");
        for key in &entry.keys {
            let mut dates = format!("from {}", key.valid_from.as_deref().unwrap_or("-"));
            if let Some(t) = &key.valid_until {
                dates.push_str(&format!(" until {t}"));
            }
            if let Some(t) = &key.revoked_at {
                dates.push_str(&format!(" REVOKED {t}"));
            }
            println!(
                "  {} {} {} {dates}",
                key.public_key.fingerprint(),
                key.role,
                key.name.as_deref().unwrap_or("")
            );
        }
    }
    Ok(code)
}
