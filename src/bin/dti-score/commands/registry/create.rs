//! `registry create`: an empty, unsigned keys.json.

use std::path::PathBuf;
use std::process::ExitCode;

use dti_score::registry::RegistryDocument;

use crate::Failure;

/// `dti-score registry create`.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// The keys.json to write.
    out: PathBuf,
    /// Who issues it (`Sở KH&CN tỉnh Vĩnh Long`).
    #[arg(long)]
    issuer: Option<String>,
    /// Replace an existing file.
    #[arg(long)]
    force: bool,
}

pub(crate) fn run(args: &Args) -> Result<ExitCode, Failure> {
    if args.out.exists() && !args.force {
        return Err(Failure(format!(
            "{} đã có; dùng --force để thay\n  ({} already exists; give --force to replace it)",
            args.out.display(),
            args.out.display()
        )));
    }
    super::save(&args.out, &RegistryDocument::new(args.issuer.clone()))?;
    println!("Đã tạo / created: {}", args.out.display());
    super::unsigned_note(&args.out);
    Ok(ExitCode::SUCCESS)
}
