//! `registry create | add | revoke | list | sign`: the province's key registry
//! (`keys.json`, `dti-score/keys/v2`). Every change drops the signature; `sign` signs
//! the file with the province key (`keygen --role province`).

mod add;
mod create;
mod list;
mod revoke;
mod sign;

use dti_score::Lang;
use std::path::Path;
use std::process::ExitCode;

use clap::Subcommand;
use dti_score::registry::{timestamp_from, RegistryDocument, RegistryError};
use dti_score::Message;

use crate::cli::*;

/// The registry's commands.
#[derive(Subcommand)]
pub(crate) enum RegistryCommand {
    /// Start an empty, unsigned keys.json.
    Create(create::Args),
    /// Register a unit's key from keygen's entry or an enrolment file.
    Add(add::Args),
    /// Revoke a key from a date: nothing it signs from then on counts.
    Revoke(revoke::Args),
    /// List the units, keys and validity, and whether the file is signed.
    List(list::Args),
    /// Sign keys.json with the province key.
    Sign(sign::Args),
}

/// Runs one of the registry's commands.
pub(crate) fn run(command: RegistryCommand) -> Result<ExitCode, Failure> {
    match command {
        RegistryCommand::Create(args) => create::run(&args),
        RegistryCommand::Add(args) => add::run(&args),
        RegistryCommand::Revoke(args) => revoke::run(&args),
        RegistryCommand::List(args) => list::run(&args),
        RegistryCommand::Sign(args) => sign::run(&args),
    }
}

/// A registry error in both languages, naming the file.
fn failure(path: &Path, e: &RegistryError) -> Failure {
    Failure(format!(
        "{}: {}\n  ({}: {e})",
        path.display(),
        e.message(Lang::Vi),
        path.display()
    ))
}

fn load(path: &Path) -> Result<RegistryDocument, Failure> {
    RegistryDocument::from_json(&read_file(path)?).map_err(|e| failure(path, &e))
}

fn save(path: &Path, doc: &RegistryDocument) -> Result<(), Failure> {
    std::fs::write(path, doc.to_json_pretty())
        .map_err(|e| Failure(format!("cannot write {}: {e}", path.display())))
}

/// A date or time from the command line, or now.
fn time_or_now(text: Option<&str>, option: &str) -> Result<String, Failure> {
    match text {
        None => Ok(now()),
        Some(t) => timestamp_from(t).ok_or_else(|| {
            Failure(format!(
                "{option} “{t}”: cần dạng YYYY-MM-DD hoặc YYYY-MM-DDTHH:MM:SSZ\n  ({option} “{t}”: expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ)"
            ))
        }),
    }
}

/// Tells the user the file must be signed again.
fn unsigned_note(path: &Path) {
    println!(
        "{} chưa có chữ ký: ký lại bằng `dti-score registry sign` / not signed: sign it again with `dti-score registry sign`",
        path.display()
    );
}
