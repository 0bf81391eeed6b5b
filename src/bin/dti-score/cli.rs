//! What every command shares: the failure type, reading inputs within their size limits,
//! loading a set or targets file with a message naming it, passphrases, the time now, and
//! writing files.

use std::io::IsTerminal;
use std::path::Path;

use dti_score::limits::InputKind;
use dti_score::submission::rfc3339_utc;
use dti_score::Lang;
use dti_score::Message;
use dti_score::{IndicatorSet, Targets};

/// A failure the user must read: printed without a backtrace, exit code 2 (1 is kept
/// for "the input has errors").
pub(crate) struct Failure(pub String);

impl<E: std::fmt::Display> From<E> for Failure {
    fn from(e: E) -> Self {
        Failure(e.to_string())
    }
}

/// Reads a file with a message naming it.
pub(crate) fn read_file(path: &Path) -> Result<String, Failure> {
    std::fs::read_to_string(path)
        .map_err(|e| Failure(format!("cannot read {}: {e}", path.display())))
}

/// Reads an input file of a kind: its size on disk is checked against the kind's limit
/// (src/limits.rs, docs/limits.md) before a byte is read.
pub(crate) fn read_input_bytes(path: &Path, kind: InputKind) -> Result<Vec<u8>, Failure> {
    let size = std::fs::metadata(path)
        .map_err(|e| Failure(format!("cannot read {}: {e}", path.display())))?
        .len();
    dti_score::limits::check_size(kind, size).map_err(|e| {
        Failure(format!(
            "{}: {}\n  ({}: {e})",
            path.display(),
            e.message(Lang::Vi),
            path.display()
        ))
    })?;
    std::fs::read(path).map_err(|e| Failure(format!("cannot read {}: {e}", path.display())))
}

/// [`read_input_bytes`] as text.
pub(crate) fn read_input(path: &Path, kind: InputKind) -> Result<String, Failure> {
    String::from_utf8(read_input_bytes(path, kind)?).map_err(|e| {
        Failure(format!(
            "cannot read {}: stream did not contain valid UTF-8 ({e})",
            path.display()
        ))
    })
}

/// Loads and validates a set, printing every finding on failure.
pub(crate) fn load_set(path: &Path) -> Result<dti_score::IndicatorSet, Failure> {
    let text = read_input(path, InputKind::Set)?;
    dti_score::IndicatorSet::from_json(&text).map_err(|e| {
        Failure(format!(
            "{} is not a valid indicator set:\n{e}",
            path.display()
        ))
    })
}

/// Reads a targets file for a set, with a message naming it.
pub(crate) fn load_targets(path: &Path, set: &IndicatorSet) -> Result<Targets, Failure> {
    Targets::from_json(&read_input(path, InputKind::Targets)?, set).map_err(|e| {
        Failure(format!(
            "{} is not a valid targets file:\n{e}",
            path.display()
        ))
    })
}

/// Both languages of a library error, Vietnamese first.
pub(crate) fn bilingual(vi: String, en: impl std::fmt::Display) -> Failure {
    Failure(format!("{vi}\n  ({en})"))
}

pub(crate) fn key_failure(path: &Path, err: &dti_score::sign::KeyError) -> Failure {
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

pub(crate) fn now() -> String {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    rfc3339_utc(seconds)
}

/// Write a file readable by its owner only (a key file) or by anyone (a submission).
pub(crate) fn write_file(path: &Path, bytes: &[u8], private: bool) -> Result<(), Failure> {
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
        return file.write_all(bytes).map_err(fail);
    }
    let _ = private;
    std::fs::write(path, bytes).map_err(fail)
}
